"""My progress: a trainee's own calls over time, score by step, and what to practise next."""

from __future__ import annotations

import streamlit as st

from simulator.app.common import content, score_bars, score_line, store, user
from simulator.reports import dashboard
from simulator.storage.coaching import calls


def render() -> None:
    """The My progress page (a trainee sees only their own calls)."""
    me = user()
    st.title(f"Progress: {me.name}")
    rows = calls(store(), trainee=me.name)
    data = dashboard.frame(rows)
    if data.empty:
        st.info("No graded calls yet. Practise one on the Practice page.")
        return
    left, right = st.columns(2)
    left.metric("Graded calls", len(data))
    right.metric("Average score", f"{data['total'].mean():.1f}")
    st.subheader("Score over time")
    st.altair_chart(score_line(data.sort_values("started_at"), "started_at", "total"))
    st.subheader("Score by step")
    st.altair_chart(score_bars(dashboard.step_means(data), "step"))
    step, persona = dashboard.practise_next(data, list(content().personas))
    if step:
        title = dashboard.STEP_TITLES[step]
        who = content().personas[persona].title if persona else "any customer"
        st.success(f"Weakest step: **{title}**. Practise it next with **{who}**.")
    st.subheader("Your calls")
    st.dataframe(
        data[["started_at", "persona", "scenario", "machine_total", "coach_total"]].rename(
            columns={"started_at": "when", "machine_total": "machine", "coach_total": "coach"}
        ),
        hide_index=True,
        width="stretch",
    )
