"""The Streamlit web app: thin pages over the session, storage, grading and content APIs."""
