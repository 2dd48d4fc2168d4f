"""Review (coaches): filter calls, read the annotated transcript, comment, override, export."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from simulator.app.common import (
    content,
    hold_selected,
    require_coach,
    review_scope,
    store,
    stored_call,
    user,
)
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
            "machine": "" if s.machine is None else f"{s.machine:g}",
            "coach": "" if s.coach is None else f"{s.coach:g}",
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


def _call_log(call: StoredCall) -> None:
    st.subheader("Call log")
    log = call.record.call_log
    if log is None:
        st.caption("The trainee has not filed a call log for this call.")
        return
    for name, value in log.model_dump().items():
        label = name.replace("_", " ").capitalize()
        st.markdown(f"**{label}:** {markdown_text(value) if value.strip() else '_(empty)_'}")


def _comment_form(call: StoredCall) -> None:
    record = call.record
    turns = {t.number: t for t in record.turns}
    with st.form(f"comment-{record.id}", clear_on_submit=True):
        turn_no = st.selectbox(
            "Turn",
            list(turns),
            format_func=lambda n: (
                f"{n}. {'Customer' if turns[n].speaker == 'customer' else 'Agent'}: "
                f"{turns[n].text[:60]}"
            ),
            key=f"c_turn-{record.id}",
        )
        text = st.text_area("Comment", key=f"c_text-{record.id}")
        if st.form_submit_button("Add comment"):
            try:
                add_comment(store(), record.id, int(turn_no), user().name, text)
            except StorageError as exc:
                st.error(str(exc))
            else:
                st.session_state["review_done"] = f"Comment added to turn {turn_no}."
                st.rerun()


def _override_form(call: StoredCall) -> None:
    """A coach's correction of one step: chosen, then confirmed, then saved."""
    record, report = call.record, call.reviewed.report
    assert report is not None
    machine = {sid.value: result for sid, result in report.steps.items()}
    pending_key = f"pending_override-{record.id}"
    with st.form(f"override-{record.id}"):
        chosen = str(
            st.selectbox(
                "Step",
                list(machine),
                format_func=lambda sid: f"{machine[sid].number} {machine[sid].title}",
                key=f"o_step-{record.id}",
            )
        )
        score = st.number_input(
            "Coach score", 0.0, 100.0, machine[chosen].score, key=f"o_score-{record.id}"
        )
        reason = st.text_input("Reason", key=f"o_reason-{record.id}")
        if st.form_submit_button("Override score"):
            if not reason.strip():
                st.error("Give a reason: the trainee reads it with the new score.")
            else:
                st.session_state[pending_key] = (chosen, float(score), reason.strip())
    pending = st.session_state.get(pending_key)
    if pending is None:
        return
    step, new_score, why = pending
    result = machine[step]
    st.warning(
        f"Set **{result.number} {result.title}** to **{new_score:g}** (machine "
        f"{result.score:g}) on {markdown_text(record.trainee)}'s call {record.id}? "
        "The trainee sees the new score and your reason."
    )
    yes, no = st.columns(2)
    if yes.button("Yes, override", key=f"o_yes-{record.id}", type="primary"):
        st.session_state.pop(pending_key, None)
        try:
            override_step(store(), record.id, step, new_score, why, user().name)
        except (ReviewError, StorageError) as exc:
            st.error(str(exc))
            return
        st.session_state["review_done"] = f"{result.title} set to {new_score:g}."
        st.rerun()
    if no.button("Cancel", key=f"o_no-{record.id}"):
        st.session_state.pop(pending_key, None)
        st.rerun()


def _call(session_id: str) -> None:
    call = stored_call(session_id)
    record, report = call.record, call.reviewed.report
    st.subheader(call.title)
    st.caption(f"{record.outcome or 'in progress'} \u00b7 {record.started_at:%Y-%m-%d %H:%M}")
    _scores(call)
    _transcript(call)
    _call_log(call)
    left, right = st.columns(2)
    with left:
        _comment_form(call)
    if report is not None:
        with right:
            _override_form(call)
    if report is not None and llm_choices():
        _judge(record, report)
    cols = st.columns(4)
    cols[0].download_button(
        "Markdown", to_markdown_export(call), f"call-{record.id}.md", key=f"x_md-{record.id}"
    )
    cols[1].download_button(
        "HTML", to_html(call), f"call-{record.id}.html", mime="text/html", key=f"x_html-{record.id}"
    )
    cols[2].download_button(
        "PDF",
        to_pdf(call),
        f"call-{record.id}.pdf",
        mime="application/pdf",
        key=f"x_pdf-{record.id}",
    )
    cols[3].download_button(
        "JSON",
        to_json_export(call),
        f"call-{record.id}.json",
        mime="application/json",
        key=f"x_json-{record.id}",
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
    st.session_state["review_ids"] = [r.id for r in rows]
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        on_select=hold_selected("review_table", "review_ids", "review_open"),
        selection_mode="single-row",
        key="review_table",
    )
    st.download_button(
        "Download this list as CSV", calls_csv(rows), "calls.csv", mime="text/csv", key="x_csv"
    )
    done = st.session_state.pop("review_done", None)
    if done:
        st.success(done)
    open_id = st.session_state.get("review_open")
    if open_id not in {r.id for r in rows}:
        st.caption("Click a row to open the call.")
        return
    if st.button("Close this call", key="review_close"):
        st.session_state.pop("review_open", None)
        st.rerun()
    _call(str(open_id))
