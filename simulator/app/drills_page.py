"""Drills: trainees see what is due and start it; coaches list, create, edit and archive drills."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from simulator.app import practice_page
from simulator.app.common import content, go_to, review_scope, store, user
from simulator.app.common import pass_mark as common_pass_mark
from simulator.storage import StorageError
from simulator.storage.coaching import (
    REPEATS,
    DrillRow,
    DrillStatus,
    archive_drill,
    drill_rows,
    drills_for,
    save_drill,
    teams,
    trainees,
)


def _status(s: DrillStatus) -> str:
    if s.passed:
        return "passed"
    if s.complete:
        return "complete"
    return "overdue" if s.overdue else "to do"


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
                    "status": _status(s),
                    "pass mark": s.pass_mark,
                    "hints": "allowed" if s.hints_allowed else "off",
                }
                for s in statuses
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    names = content().personas
    for s in statuses:
        for persona, scenario in s.pairs:
            if (persona, scenario) in s.done:
                continue
            who = names[persona].title if persona in names else persona
            if st.button(
                f"Start: {s.title} \u00b7 {who} / {scenario}",
                key=f"start-drill-{s.id}-{persona}-{scenario}",
                type="primary",
            ):
                practice_page.start_call(persona, scenario, s.difficulty, s.id, s.hints_allowed)
                go_to("practice")


def assigned_to(row: DrillRow) -> str:
    """Who a drill is assigned to, in words: teams (as "team X" unless named so), trainees."""
    named = [t if t.lower().startswith("team") else f"team {t}" for t in row.teams]
    return ", ".join([*named, *row.trainees])


def _reachable(me_teams: list[str] | None) -> tuple[list[str], list[str]]:
    """The teams and trainees this coach may assign to (their teams, or all)."""
    all_teams = teams(store())
    chosen = all_teams if me_teams is None else [t for t in all_teams if t in me_teams]
    people = (
        trainees(store())
        if me_teams is None
        else sorted({name for team in chosen for name in trainees(store(), team)})
    )
    return chosen, people


def _form(existing: DrillRow | None) -> None:
    """The create form, or the edit form of one drill (prefilled)."""
    data = content()
    key = f"drill-{existing.id}" if existing else "new_drill"
    pairs = [f"{p} / {s.id}" for s in data.scenarios.values() for p in s.personas]
    team_list, people = _reachable(review_scope(user()))
    with st.form(key):
        title = st.text_input(
            "Title", value=existing.title if existing else "", key=f"{key}_title", max_chars=200
        )
        chosen = st.multiselect(
            "Persona / case pairs",
            pairs,
            default=[f"{p} / {s}" for p, s in existing.pairs if f"{p} / {s}" in pairs]
            if existing
            else [],
            key=f"{key}_pairs",
        )
        cols = st.columns(3)
        difficulty = cols[0].radio(
            "Difficulty",
            [1, 2, 3],
            index=(existing.difficulty - 1) if existing else 1,
            horizontal=True,
            key=f"{key}_difficulty",
        )
        pass_mark = cols[1].number_input(
            "Pass mark",
            0,
            100,
            int(existing.pass_mark if existing else common_pass_mark()),
            key=f"{key}_pass",
        )
        repeat = cols[2].selectbox(
            "Repeats",
            REPEATS,
            index=REPEATS.index(existing.repeat) if existing else 0,
            key=f"{key}_repeat",
        )
        due = st.date_input(
            "Due", existing.due if existing else date.today() + timedelta(days=7), key=f"{key}_due"
        )
        hints = st.toggle(
            "Hints allowed", value=existing.hints_allowed if existing else False, key=f"{key}_hints"
        )
        assigned_teams = st.multiselect(
            "Assign to teams",
            team_list,
            default=[t for t in (existing.teams if existing else []) if t in team_list],
            key=f"{key}_teams",
        )
        assigned_people = st.multiselect(
            "Assign to trainees",
            people,
            default=[t for t in (existing.trainees if existing else []) if t in people],
            key=f"{key}_trainees",
        )
        label = "Save changes" if existing else "Create and assign"
        if not st.form_submit_button(label, type="primary"):
            return
    try:
        drill_id = save_drill(
            store(),
            title=title,
            pairs=[(a, b) for a, _, b in (p.partition(" / ") for p in chosen)],
            difficulty=int(difficulty),
            pass_mark=float(pass_mark),
            due=due if isinstance(due, date) else date.today(),
            repeat=str(repeat),
            hints_allowed=hints,
            created_by=user().name,
            trainees=assigned_people,
            teams=assigned_teams,
            drill_id=existing.id if existing else None,
        )
    except StorageError as exc:
        st.error(f"{exc}; nothing was saved.")
        return
    row = next(r for r in drill_rows(store()) if r.id == drill_id)
    where = assigned_to(row)
    st.session_state["drill_done"] = (
        f"Drill \u201c{row.title}\u201d {'saved' if existing else 'assigned'}: {where} "
        f"({row.reach} trainee{'s' if row.reach != 1 else ''})."
    )
    st.rerun()  # the list above shows the drill at once


def _manage() -> None:
    st.subheader("Drills")
    done = st.session_state.pop("drill_done", None)
    if done:
        st.success(done)
    show_archived = st.toggle("Show archived drills", key="drills_archived")
    rows = drill_rows(store(), include_archived=show_archived)
    if not rows:
        st.caption("No drills yet.")
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "drill": r.title,
                        "due": r.due,
                        "repeats": r.repeat,
                        "calls": len(r.pairs),
                        "assigned to": assigned_to(r),
                        "reach": f"{r.reach} trainee{'s' if r.reach != 1 else ''}",
                        "archived": "yes" if r.archived else "",
                    }
                    for r in rows
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        by_id = {r.id: r for r in rows}
        picked = st.selectbox(
            "Edit or archive a drill",
            [None, *by_id],
            format_func=lambda i: "(choose a drill)" if i is None else f"{by_id[i].title} (#{i})",
            key="drill_edit",
        )
        if picked is not None:
            row = by_id[picked]
            _form(row)
            verb = "Restore" if row.archived else "Archive"
            if st.button(f"{verb} \u201c{row.title}\u201d", key=f"archive-{row.id}"):
                st.session_state["confirm_archive"] = row.id
            if st.session_state.get("confirm_archive") == row.id:
                st.warning(
                    f"{verb} this drill? "
                    + (
                        "Trainees stop seeing it as due; its calls are kept."
                        if not row.archived
                        else "Trainees see it as due again."
                    )
                )
                if st.button(f"Yes, {verb.lower()} it", key=f"archive-yes-{row.id}"):
                    archive_drill(store(), row.id, archived=not row.archived)
                    st.session_state.pop("confirm_archive", None)
                    st.session_state.pop("drill_edit", None)
                    st.rerun()
    st.subheader("Create a drill")
    _form(None)


def render() -> None:
    """The Drills page."""
    st.title("Drills")
    _mine()
    if user().is_coach:
        st.divider()
        _manage()
