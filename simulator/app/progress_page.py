"""My progress: a trainee's own calls, call by call, and what to practise next.

Every past report reopens here with the coach's comments and corrections.
"""

from __future__ import annotations

import random

import pandas as pd
import streamlit as st

from simulator.app import practice_page
from simulator.app.common import (
    content,
    go_to,
    hold_selected,
    score_bars,
    score_line,
    store,
    stored_call,
    user,
)
from simulator.reports import dashboard
from simulator.storage import StorageError
from simulator.storage.coaching import calls, feedback_marks, mark_feedback_seen


def _practise_next(data: pd.DataFrame) -> None:
    step, persona = dashboard.practise_next(data, list(content().personas))
    if not step:
        return
    title = dashboard.STEP_TITLES[step]
    who = content().personas[persona].title if persona else "any customer"
    st.success(f"Weakest step: **{title}**. Practise it next with **{who}**.")
    if persona and st.button(f"Practise it now with {who}", key="practise_next", type="primary"):
        cases = [s.id for s in content().scenarios.values() if persona in s.personas]
        practice_page.start_call(persona, random.choice(cases) if cases else "", 2)
        go_to("practice")


def _reopen(session_id: str) -> None:
    """One past report, as the trainee saw it, with what the coach said since."""
    try:
        call = stored_call(session_id)
    except StorageError as exc:
        st.error(str(exc))
        return
    if call.record.trainee != user().name:  # a trainee reads only their own reports
        st.error("That report is not yours.")
        return
    record = call.record
    persona = content().personas.get(record.persona)
    st.subheader(
        f"Report: {persona.title if persona else record.persona}, {record.started_at:%d %b %Y %H:%M}"
    )
    heat = [t.heat for t in record.turns if t.speaker == "agent" and t.heat is not None]
    practice_page.show_report(call.reviewed, heat, record.heat_start)
    mark_feedback_seen(store(), session_id)


def render() -> None:
    """The My progress page (a trainee sees only their own calls)."""
    me = user()
    st.title(f"Progress: {me.name}")
    rows = calls(store(), trainee=me.name)
    data = dashboard.frame(rows)
    if data.empty:
        st.info("No graded calls yet. Practise one on the Practice page.")
        return
    data = data.sort_values("started_at").reset_index(drop=True)
    data["call"] = range(1, len(data) + 1)
    marks = feedback_marks(store(), list(data["id"]))
    fresh = sum(1 for mark in marks.values() if mark == "new")
    if fresh:
        st.info(
            f"Your coach left new feedback on {fresh} call{'s' if fresh > 1 else ''}: "
            "marked **new** in the list below. Click a row to read it."
        )
    left, right = st.columns(2)
    left.metric("Graded calls", len(data))
    right.metric("Average score", f"{data['total'].mean():.1f}")
    st.subheader("Score call by call")
    st.altair_chart(score_line(data, "call", "total"))
    st.subheader("Score by step")
    st.altair_chart(score_bars(dashboard.step_means(data), "step"))
    _practise_next(data)
    st.subheader("Your calls")
    st.caption("Click a row to open its report, with your coach's comments and corrections.")
    newest = data.iloc[::-1].reset_index(drop=True)
    table = pd.DataFrame(
        {
            "call": newest["call"],
            "when": newest["started_at"],
            "customer": [
                content().personas[p].title if p in content().personas else p
                for p in newest["persona"]
            ],
            "case": newest["scenario"],
            "total": newest["total"],
            "machine": newest["machine_total"],
            "coach": newest["coach_total"],
            "feedback": [marks.get(i, "") for i in newest["id"]],
        }
    )
    st.session_state["my_call_ids"] = list(newest["id"])
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        on_select=hold_selected("my_calls", "my_call_ids", "open_report"),
        selection_mode="single-row",
        key="my_calls",
    )
    open_id = st.session_state.get("open_report")
    if open_id in set(newest["id"]):
        _reopen(str(open_id))
