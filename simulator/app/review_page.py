"""Review (coaches): filter calls, read the annotated transcript, comment, override, export."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from simulator.app.common import content, require_coach, review_scope, store, stored_call, user
from simulator.app.practice_page import llm_choices
from simulator.grading import GradeReport
from simulator.grading.reviewed import ReviewError
from simulator.llm.choice import LLMError
from simulator.models.untrusted import markdown_text
from simulator.reports.exports import (
    calls_csv,
    evidence_by_turn,
    marked,
    to_html,
    to_json_export,
    to_markdown_export,
    to_pdf,
)
from simulator.reports.stored import StoredCall, override_step
from simulator.storage import SessionRecord, StorageError
from simulator.storage.coaching import add_comment, calls, coach_teams, teams


def _filters() -> dict[str, object]:
    data = content()
    me = user()
    scope = review_scope(me)
    mine = scope if scope is not None else coach_teams(store(), me.name)
    cols = st.columns(3)
    team = cols[0].selectbox(
        "Team",
        ["(my teams)" if mine or scope is not None else "(all)", *(mine or teams(store()))],
        key="f_team",
    )
    trainee = cols[1].text_input("Trainee", key="f_trainee")
    persona = cols[2].selectbox("Persona", ["(any)", *data.personas], key="f_persona")
    cols = st.columns(3)
    scenario = cols[0].selectbox("Scenario", ["(any)", *data.scenarios], key="f_scenario")
    dates = cols[1].date_input(
        "Dates", (date.today() - timedelta(days=90), date.today()), key="f_dates"
    )
    since, until = dates if isinstance(dates, tuple) and len(dates) == 2 else (None, None)
    low, high = cols[2].slider("Score", 0, 100, (0, 100), key="f_score")
    return {
        "teams_in": (mine if mine or scope is not None else None)
        if team.startswith("(")
        else [team],
        "trainee_matching": trainee.strip() or None,
        "persona": None if persona == "(any)" else persona,
        "scenario": None if scenario == "(any)" else scenario,
        "since": since,
        "until": until,
        "min_score": None if low == 0 else float(low),
        "max_score": None if high == 100 else float(high),
    }


def _scores(call: StoredCall) -> None:
    """The totals, labelled, and each step's machine and coach score."""
    reviewed = call.reviewed
    if reviewed.report is None or reviewed.machine_total is None:
        st.caption("Not graded yet.")
        return
    rows = [
        {
            "step": f"{s.result.number} {s.result.title}",
            "machine": s.machine,
            "coach": s.coach,
            "reason": s.override.reason if s.override else "",
            "by": s.override.coach if s.override else "",
            "level": s.result.level_name,
        }
        for s in reviewed.steps
    ]
    if reviewed.coach_total is None:
        st.metric("Machine total", f"{reviewed.machine_total:g}")
    else:
        st.metric(
            "Coach total",
            f"{reviewed.coach_total:g}",
            f"{reviewed.coach_total - reviewed.machine_total:+g} on the machine total "
            f"({reviewed.machine_total:g})",
        )
    if reviewed.report is not None:
        st.caption(f"Graded with {reviewed.report.version}")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _transcript(call: StoredCall) -> None:
    reviewed = call.reviewed
    quotes = evidence_by_turn(reviewed.report)
    for turn in call.record.turns:
        who = "Customer" if turn.speaker == "customer" else "Agent"
        moves = ", ".join(m.value for m in reviewed.moves(turn.number))
        mood = f"heat {turn.heat:.1f}" if turn.heat is not None else ""
        extra = "; ".join(part for part in (moves, mood) if part)
        body = marked(turn.text, quotes.get(turn.number, []), ("<mark>", "</mark>"), markdown_text)
        st.markdown(
            f"**{turn.number}. {who}:** {body}"
            + (f" <small>({html.escape(extra)})</small>" if extra else ""),
            unsafe_allow_html=True,
        )
        for note in reviewed.comments_on(turn.number):
            st.caption(f"\U0001f4ac {markdown_text(note.author)}: {markdown_text(note.text)}")


def _call(session_id: str) -> None:
    s = store()
    call = stored_call(session_id)
    record, report = call.record, call.reviewed.report
    st.subheader(call.title)
    st.caption(f"{record.outcome or 'in progress'} \u00b7 {record.started_at:%Y-%m-%d %H:%M}")
    _scores(call)
    _transcript(call)
    left, right = st.columns(2)
    with left, st.form(f"comment-{record.id}", clear_on_submit=True):
        turn_no = st.selectbox("Turn", [t.number for t in record.turns], key=f"c_turn-{record.id}")
        text = st.text_area("Comment", key=f"c_text-{record.id}")
        if st.form_submit_button("Add comment"):
            try:
                add_comment(s, record.id, int(turn_no), user().name, text)
                st.rerun()
            except StorageError as exc:
                st.error(str(exc))
    if report is not None:
        with right, st.form(f"override-{record.id}"):
            machine = {sid.value: result.score for sid, result in report.steps.items()}
            chosen = str(st.selectbox("Step", list(machine), key=f"o_step-{record.id}"))
            score = st.number_input(
                "Coach score", 0.0, 100.0, machine[chosen], key=f"o_score-{record.id}"
            )
            reason = st.text_input("Reason", key=f"o_reason-{record.id}")
            if st.form_submit_button("Override score"):
                try:
                    override_step(s, record.id, chosen, float(score), reason, user().name)
                    st.rerun()
                except (ReviewError, StorageError) as exc:
                    st.error(str(exc))
    if report is not None and llm_choices():
        _judge(record, report)
    cols = st.columns(4)
    cols[0].download_button(
        "Markdown", to_markdown_export(call), f"call-{record.id}.md", key="x_md"
    )
    cols[1].download_button(
        "HTML", to_html(call), f"call-{record.id}.html", mime="text/html", key="x_html"
    )
    cols[2].download_button(
        "PDF", to_pdf(call), f"call-{record.id}.pdf", mime="application/pdf", key="x_pdf"
    )
    cols[3].download_button(
        "JSON",
        to_json_export(call),
        f"call-{record.id}.json",
        mime="application/json",
        key="x_json",
    )


def _judge(record: SessionRecord, report: GradeReport) -> None:
    """The LLM judge's commentary on this call, on request (kept for the browser session)."""
    key = f"judge-{record.id}"
    if st.button("Ask the LLM judge", key="ask_judge"):
        from simulator.llm.judge import build_judge  # noqa: PLC0415

        try:
            judge = build_judge(content(), llm_choices()[0])
            st.session_state[key] = judge.judge(record.transcript(), report).to_markdown()
        except LLMError as exc:
            st.error(str(exc))
    if key in st.session_state:
        st.markdown(st.session_state[key])


def render() -> None:
    """The Review page (coaches only)."""
    st.title("Review calls")
    if not require_coach():
        return
    rows = calls(store(), **_filters(), limit=2000)  # type: ignore[arg-type]
    if not rows:
        st.info("No calls match.")
        return
    table = pd.DataFrame(
        [
            {
                "id": r.id,
                "started_at": r.started_at,
                "trainee": r.trainee,
                "team": r.team,
                "persona": r.persona,
                "scenario": r.scenario,
                "outcome": r.outcome,
                "machine": r.machine_total,
                "coach": r.coach_total,
            }
            for r in rows
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(
        "Download this list as CSV", calls_csv(rows), "calls.csv", mime="text/csv", key="x_csv"
    )
    # Labels that never change with a score: a label Streamlit has not seen before makes a
    # new widget, and the open call jumped to the first one after an override changed a total.
    labels = {
        r.id: f"{r.id} \u00b7 {r.trainee} \u00b7 {r.persona} \u00b7 {r.scenario} \u00b7 "
        f"{r.started_at:%Y-%m-%d %H:%M}"
        for r in rows
    }
    chosen = st.selectbox(
        "Open a call", list(labels), format_func=labels.__getitem__, key="open_call"
    )
    if chosen:
        _call(str(chosen))
