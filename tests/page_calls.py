"""Starting a practice call on the web page with a chosen model, for the LLM page tests."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

MAIN = Path(__file__).resolve().parents[1] / "simulator" / "app" / "main.py"


def page_with_model(model: str, timeout: float) -> AppTest:
    """The app, run once (DEFUSE_MODEL set by the caller): the model should be on offer."""
    return AppTest.from_file(str(MAIN), default_timeout=timeout).run()


def start_call(at: AppTest, model: str) -> AppTest:
    """Start the impatient customer's furnace call on ``at`` with ``model`` as the customer."""
    at.selectbox(key="pick_persona").set_value("impatient")
    at.selectbox(key="pick_scenario").set_value("hvac_missed_window")
    at.selectbox(key="pick_actor").set_value(model).run()
    return at.button(key="start_call").click().run()
