"""Drills: trainees see what is due; coaches create drills and assign them."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from simulator.app.common import content, store, user
from simulator.app.common import pass_mark as common_pass_mark
from simulator.storage import StorageError
from simulator.storage.coaching import REPEATS, assign, create_drill, drills_for, teams, trainees


def _mine() -> None:
    me = user()
    st.subheader("Due for you")
    statuses = drills_for(store(), me.name)
    if not statuses:
        st.info("No drills assigned to you.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "drill": s.title,
                    "due": s.due,
                    "repeats": s.repeat,
                    "done": f"{len(s.done)}/{len(s.pairs)}",
                    "status": "passed"
                    if s.passed
                    else "complete"
                    if s.complete
                    else "overdue"
                    if s.overdue
                    else "to do",
                    "pass mark": s.pass_mark,
                    "hints": "allowed" if s.hints_allowed else "off",
                }
                for s in statuses
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption("Start a drill's calls from the Practice page.")


def _create() -> None:
    data = content()
    st.subheader("Create a drill")
    pairs = [f"{p} / {s.id}" for s in data.scenarios.values() for p in s.personas]
    with st.form("new_drill"):
        title = st.text_input("Title", key="drill_title")
        chosen = st.multiselect("Persona / case pairs", pairs, key="drill_pairs")
        difficulty = st.radio(
            "Difficulty", [1, 2, 3], index=1, horizontal=True, key="drill_difficulty"
        )
        pass_mark = st.number_input("Pass mark", 0, 100, int(common_pass_mark()), key="drill_pass")
        due = st.date_input("Due", date.today() + timedelta(days=7), key="drill_due")
        repeat = st.selectbox("Repeats", REPEATS, key="drill_repeat")
        hints = st.toggle("Hints allowed", value=False, key="drill_hints")
        who = st.radio("Assign to", ["trainee", "team"], horizontal=True, key="drill_who")
        target = st.text_input(
            "Trainee or team name",
            key="drill_target",
            help=f"Trainees: {', '.join(trainees(store())) or 'none yet'}; "
            f"teams: {', '.join(teams(store())) or 'none yet'}",
        )
        if st.form_submit_button("Create and assign", type="primary"):
            try:
                drill_id = create_drill(
                    store(),
                    title=title,
                    pairs=[(a, b) for a, _, b in (p.partition(" / ") for p in chosen)],
                    difficulty=int(difficulty),
                    pass_mark=float(pass_mark),
                    due=due,
                    repeat=str(repeat),
                    hints_allowed=hints,
                    created_by=user().name,
                )
                if not target.strip():
                    raise StorageError("name a trainee or a team to assign the drill to")
                assign(store(), drill_id, **{who: target.strip()})
            except StorageError as exc:
                st.error(str(exc))
            else:
                st.success(f"Drill \u201c{title}\u201d assigned to {who} {target.strip()}.")


def render() -> None:
    """The Drills page."""
    st.title("Drills")
    _mine()
    if user().is_coach:
        st.divider()
        _create()
