"""Defuse's web app, by Streamlit's convention: `streamlit run streamlit_app.py`.

`defuse app` (and `make run`) runs this same app with the project's settings; both call
simulator.app.main.main, which builds the navigation and runs the chosen page.
"""

from simulator.app.main import main

main()
