"""Practice: choose a customer and a case, talk, end the call, file the log, see the grade."""

from __future__ import annotations

import html
import random
from typing import Any

import pandas as pd
import streamlit as st

from simulator.app.common import content, heat_line, score_bars, store, user
from simulator.grading.reviewed import ReviewedCall
from simulator.grading.steps import MIN_LOG_WORDS, thin_log_fields
from simulator.llm.choice import LLMError, ModelSpec, parse_choice
from simulator.llm.providers import ENV_MODEL, usable_model
from simulator.models.transcript import CallLog
from simulator.models.untrusted import markdown_text
from simulator.practice import CallSetup, PracticeError
from simulator.practice.desk import desk_for, desk_markdown
from simulator.reports.exports import evidence_by_turn, marked
from simulator.session import NOTHING_TO_GRADE_NOTICE, LineKept, Practice
from simulator.storage import SessionRecord, StorageError
from simulator.storage.coaching import calls, drills_for

LOG_FIELDS = {
    "trigger": "Trigger: the first event, not the loudest complaint",
    "customer_state": "Customer state: mood and what they said",
    "desired_outcome": "Desired outcome: what they wanted",
    "promise_made": "Promise made: what you promised, with the time",
    "root_cause": "Root cause: why it happened",
    "needed_fix": "Needed fix: what should change",
}
LEVELS = {1: "1 warm-up", 2: "2 standard", 3: "3 hard"}
TYPING = "_typing…_"
"""Shown in the customer's bubble until the first checked sentence of the reply arrives."""


def _reset() -> None:
    for key in ("call", "messages", "report", "drill_id", "hints_allowed", "compare_with"):
        st.session_state.pop(key, None)


def llm_choices() -> list[ModelSpec]:
    """The configured model, when its provider says it can be used now."""
    try:
        return [usable_model()]
    except LLMError:
        return []


def _why_no_llm() -> str:
    try:
        usable_model()
    except LLMError as exc:
        return f" None is offered now: {exc}."
    return ""


def start_call(
    persona: str,
    scenario: str,
    difficulty: int,
    drill_id: int | None = None,
    hints_allowed: bool = True,
) -> None:
    """Start a call for the current user; an error is shown on the page when it cannot."""
    me = user()
    setup = CallSetup(persona, scenario, difficulty, random.SystemRandom().randrange(1_000_000))
    try:
        call = Practice.start(
            content(),
            store(),
            setup,
            me.name,
            me.team,
            parse_choice(st.session_state.get("pick_actor", "offline")),
            drill_id=drill_id,
        )
    except (PracticeError, LLMError) as exc:
        st.error(str(exc))
        return
    st.session_state["call"] = call
    st.session_state["messages"] = [("customer", call.opening, call.state.heat)]
    st.session_state["drill_id"] = drill_id
    st.session_state["hints_allowed"] = hints_allowed
    # The setup page's checkbox is gone once the call starts (and Streamlit drops its value):
    # the call page's own toggle starts from it and keeps the hint until it is turned off.
    st.session_state["live_hint"] = bool(st.session_state.get("hint_on"))


def _messages(record: SessionRecord) -> list[tuple[str, str, float | None]]:
    """The page's chat from a stored call's turns."""
    return [
        ("customer" if t.speaker == "customer" else "agent", t.text, t.heat) for t in record.turns
    ]


def _resume(session_id: str, drill_id: int | None, take_over: bool = False) -> None:
    """Pick up one of the trainee's own unfinished calls (after a reload or a restart)."""
    me = user()
    try:
        record = store().load(session_id)
        if record.trainee != me.name:
            st.error("That call is not yours to resume.")
            return
        call = Practice.resume(content(), store(), session_id, take_over=take_over)
    except PracticeError as exc:
        if "another window" in str(exc):
            st.session_state["take_over"] = session_id
        st.error(str(exc))
        return
    except StorageError as exc:
        st.error(str(exc))
        return
    st.session_state.pop("take_over", None)
    st.session_state["call"] = call
    st.session_state["messages"] = _messages(store().load(session_id))
    st.session_state["drill_id"] = drill_id
    st.session_state["hints_allowed"] = True
    st.session_state["live_hint"] = False
    if call.notice:
        st.session_state["notice"] = call.notice
        call.notice = None
    st.rerun()


def _unfinished(me_name: str) -> None:
    """The trainee's calls that were left open (a reload, a closed tab, a server restart)."""
    data = content()
    rows = [
        r
        for r in calls(store(), trainee=me_name, limit=200)
        if (r.outcome is None or r.total is None) and r.turns > 0
    ][:5]
    if not rows:
        return
    st.subheader("Pick up where you left off")
    for r in rows:
        persona = data.personas[r.persona].title if r.persona in data.personas else r.persona
        state = "call log to file" if r.outcome else f"{r.turns} replies so far"
        label = f"{persona} · {r.started_at:%d %b %H:%M} · {state}"
        if st.button(f"Resume: {label}", key=f"resume-{r.id}"):
            _resume(r.id, r.drill_id)
        if st.session_state.get("take_over") == r.id and st.button(
            "It is open in another window or tab: take it over here",
            key=f"take-over-{r.id}",
            help="The other window stops sending turns; everything said so far is kept.",
        ):
            _resume(r.id, r.drill_id, take_over=True)
    st.divider()


def _setup() -> None:
    data = content()
    me = user()
    st.title("Practice a call")
    _unfinished(me.name)
    due = [d for d in drills_for(store(), me.name) if not d.complete]
    if due:
        st.subheader("Your drills")
        for drill in due:
            for persona, scenario in drill.pairs:
                if (persona, scenario) in drill.done:
                    continue
                label = f"{drill.title}: {persona} / {scenario} (due {drill.due:%d %b})"
                if st.button(label, key=f"drill-{drill.id}-{persona}-{scenario}"):
                    start_call(persona, scenario, drill.difficulty, drill.id, drill.hints_allowed)
                    st.rerun()
        st.divider()
    personas = list(data.personas)
    persona = st.selectbox(
        "Customer", personas, format_func=lambda p: data.personas[p].title, key="pick_persona"
    )
    st.caption(data.personas[persona].summary)
    suited = [s.id for s in data.scenarios.values() if persona in s.personas] or list(
        data.scenarios
    )
    scenario = st.selectbox(
        "Case", suited, format_func=lambda s: data.scenarios[s].title, key="pick_scenario"
    )
    st.caption(data.scenarios[scenario].summary)
    with st.expander("Agent desk: what your screen shows for this case"):
        st.markdown(desk_markdown(desk_for(data.scenarios[scenario])))
    difficulty = st.radio(
        "Difficulty",
        [1, 2, 3],
        index=1,
        format_func=LEVELS.__getitem__,
        horizontal=True,
        key="pick_difficulty",
    )
    st.selectbox(
        "Customer played by",
        ["offline", *(spec.id for spec in llm_choices())],
        key="pick_actor",
        help="The offline customer needs no API key. An LLM customer is offered when the "
        f"model in {ENV_MODEL} (default: openai:gpt-4o-mini when OPENAI_API_KEY or "
        f"OPENAI_BASE_URL is set) has its provider's key and package.{_why_no_llm()}",
    )
    st.toggle(
        "Live hint", value=False, key="hint_on", help="Shows the move a coach would suggest next."
    )
    if st.button("Start call", type="primary", key="start_call"):
        start_call(persona, scenario, difficulty)
        st.rerun()


def heat_meter(heat: float, trust: float, delta: float | None = None) -> None:
    """Heat as a bar and a number with its change; trust beside it."""
    left, right = st.columns([3, 1])
    with left:
        st.progress(min(1.0, heat / 10), text=f"Heat {heat:.1f} / 10")
    with right:
        st.metric(
            "Heat",
            f"{heat:.1f}",
            None if delta is None else f"{delta:+.1f}",
            delta_color="inverse",
            label_visibility="collapsed",
        )
    st.caption(f"Trust {trust:.1f} / 10")


SPEAKERS = {
    "customer": ("Customer", ":material/support_agent:"),
    "agent": ("You", ":material/headset_mic:"),
}
"""Each bubble's name (read out by screen readers as "Chat message from Customer") and icon."""


def bubble(role: str) -> Any:
    """A chat bubble for the customer or the trainee, named and with its icon."""
    name, icon = SPEAKERS["customer" if role == "customer" else "agent"]
    return st.chat_message(name, avatar=icon)


def _announce(messages: list[tuple[str, str, float | None]]) -> None:
    """The customer's newest line in a polite live region, so a screen reader reads it out."""
    if messages and messages[-1][0] == "customer":
        st.html(
            '<div role="status" aria-live="polite" style="position:absolute;left:-10000px;'
            f'width:1px;height:1px;overflow:hidden">Customer: {html.escape(messages[-1][1])}</div>'
        )


def _reply(call: Practice, text: str) -> None:
    """Send a turn; the customer's reply streams into the page as the actor makes it."""
    st.session_state["messages"].append(("agent", text, None))
    with bubble("agent"):
        st.markdown(markdown_text(text))
    with bubble("customer"):
        slot = st.empty()
        slot.markdown(TYPING)
        shown: list[str] = []

        def stream(piece: str | None) -> None:
            if piece is None:
                shown.clear()
            else:
                shown.append(piece)
            slot.markdown(markdown_text("".join(shown)) or TYPING)

        try:
            result = call.say(text, stream)
        except LineKept as exc:  # kept in the journal: it stays in the chat, and is sent later
            st.session_state["say_error"] = str(exc)
            return
        except PracticeError as exc:
            # Not sent: shown after the rerun with the line itself, so nothing typed is lost.
            st.session_state["messages"].pop()
            st.session_state["say_error"] = (
                f"{markdown_text(str(exc))}. Your line was not sent: \u201c{markdown_text(text)}\u201d"
            )
            return
    if call.notice:
        st.session_state["notice"] = call.notice  # shown after the rerun
        call.notice = None
    st.session_state["messages"].append(("customer", result.reply, result.trace.heat))


def _live(call: Practice) -> None:
    if call.unanswered is not None:
        # A line was sent while the customer was still "typing" and the page reran, cutting
        # that reply off: answer the saved turn now, so no turn goes unanswered.
        late = call.answer_unanswered()
        if late is not None:
            st.session_state["messages"].append(("customer", late.reply, late.trace.heat))
    engine = call.engine
    st.title(f"{engine.persona.title}")
    st.caption(
        f"{engine.scenario.title} \u00b7 difficulty {engine.setup.difficulty} \u00b7 session {call.session_id}"
    )
    delta = (
        call.heat[-1] - (call.heat[-2] if len(call.heat) > 1 else call.state.opening_heat)
        if call.heat
        else None
    )
    heat_meter(call.state.heat, call.state.trust, delta)
    with st.expander("Agent desk: the caller's file and what you may offer"):
        st.markdown(desk_markdown(desk_for(engine.scenario)))
    notice = st.session_state.pop("notice", None)
    if notice:
        st.warning(notice)
    problem = st.session_state.pop("say_error", None)
    if problem:
        st.error(problem)
    for role, text, _ in st.session_state["messages"]:
        with bubble(role):
            st.markdown(markdown_text(text))
    _announce(st.session_state["messages"])
    allowed = st.session_state.get("hints_allowed", True)
    if allowed and st.toggle("Live hint", key="live_hint", help="The move a coach suggests next."):
        hint = call.hint()  # follows the call: a hint that was used gives way to the next
        st.info(f"Hint: {hint.move.value.replace('_', ' ')} \u2014 e.g. \u201c{hint.example}\u201d")
    _checklist(call)
    text = st.chat_input("Your reply to the customer", key="reply")
    if text:
        st.session_state.pop("confirm_end", None)
        _reply(call, text)
        st.rerun()
    _end_controls(call)


def _end_controls(call: Practice) -> None:
    """End call, confirmed: a slip of the mouse must not end a call."""
    if not st.session_state.get("confirm_end"):
        if st.button("End call", key="end_call"):
            st.session_state["confirm_end"] = True
            st.rerun()
        return
    st.warning("End the call now? The customer hears you hang up, and you file the call log.")
    yes, no = st.columns(2)
    if yes.button("Yes, end the call", key="end_call_yes", type="primary"):
        st.session_state.pop("confirm_end", None)
        parting = call.end()
        if parting:
            st.session_state["messages"].append(("customer", parting, call.state.heat))
        st.session_state["scroll_top"] = True
        st.rerun()
    if no.button("Keep talking", key="end_call_no"):
        st.session_state.pop("confirm_end", None)
        st.rerun()


CHECK_MARKS = {"met": "\u2713 done", "partly": "\u25d1 partly", "not yet": "\u25cb not yet"}
"""How the live checklist shows a step: a word as well as a mark, never colour alone."""


def step_state(score: float) -> str:
    """A step's score so far as the checklist's word: met, partly or not yet."""
    return "met" if score >= 60 else "partly" if score > 0 else "not yet"


def _checklist(call: Practice) -> None:
    """The six steps so far, by the same grader as the report (in the sidebar)."""
    if not call.state.turn:
        return
    report = call.progress()
    with st.sidebar:
        st.subheader("Six steps so far")
        for step in report.steps.values():
            if step.id.value == "log_data":
                mark = "after the call"
            elif not step.assessed:
                mark = "not needed on this call"
            else:
                mark = CHECK_MARKS[step_state(step.score)]
            st.markdown(f"{step.number}. {step.title}: {mark}")
        if report.anti_patterns:
            last = report.anti_patterns[-1]
            st.caption(f"Watch: turn {last.turn}, {last.move.value.replace('_', ' ')}.")


def _scroll_to_top() -> None:
    """Bring the page to its top once (a call that ended, a report that opened)."""
    if st.session_state.pop("scroll_top", False):
        st.html(
            "<script>for (const el of [document.querySelector('[data-testid=\"stMain\"]'),"
            " document.scrollingElement]) { if (el) el.scrollTo(0, 0); }</script>",
            unsafe_allow_javascript=True,
        )


_WORDS = {3: "three", 4: "four", 5: "five", 6: "six"}
"""Small numbers as a trainee reads them in a sentence."""


def _log(call: Practice) -> None:
    _scroll_to_top()
    st.title("File the call log")
    ended = call.outcome.value.replace("_", " ") if call.outcome else "ended"
    if not call.gradable:
        st.info(f"The call ended: **{ended}**. {NOTHING_TO_GRADE_NOTICE}")
        if st.button("Start a new call", key="new_call", type="primary"):
            call.close()
            _reset()
            st.rerun()
        return
    st.success(
        f"The call ended: **{ended}**. Write the call log below; your grade comes straight after."
    )
    with st.form("call_log"):
        values = {
            name: st.text_area(label, key=f"log_{name}", height=68)
            for name, label in LOG_FIELDS.items()
        }
        submitted = st.form_submit_button("Submit and grade", type="primary")
    log = CallLog(**{k: v.strip() for k, v in values.items()})
    if submitted:
        thin = thin_log_fields(log)
        if thin and st.session_state.get("thin_log") != log.model_dump():
            st.session_state["thin_log"] = log.model_dump()
        else:
            _grade(call, log)
    if st.session_state.get("thin_log") == log.model_dump():
        thin = [LOG_FIELDS[f].split(":")[0] for f in thin_log_fields(log)]
        st.warning(
            f"These fields have fewer than {_WORDS.get(MIN_LOG_WORDS, MIN_LOG_WORDS)} words, so "
            f"*Log the data* will not count them: "
            f"{', '.join(thin)}. Add to them above, or grade the log as it is."
        )
        if st.button("Grade with this log", key="grade_thin_log"):
            _grade(call, log)
    with st.expander("The call", expanded=False):
        for role, text, _ in st.session_state.get("messages", []):
            with bubble(role):
                st.markdown(markdown_text(text))


def _grade(call: Practice, log: CallLog) -> None:
    st.session_state.pop("thin_log", None)
    call.file_log(log)
    st.session_state["report"] = call.grade()
    st.session_state["scroll_top"] = True
    st.rerun()


def steps_frame(call: ReviewedCall) -> pd.DataFrame:
    """The six steps' scores for a bar chart (coach overrides applied, if any)."""
    scores = call.step_scores()
    return pd.DataFrame(
        {"score": [scores.get(s.result.id, 0.0) for s in call.steps]},
        index=[f"{s.result.number} {s.result.title}" for s in call.steps],
    )


def show_report(call: ReviewedCall, heat: list[float], opening_heat: float) -> None:
    """The graded report: totals, bars, marked transcript, anti-patterns, heat over turns."""
    report = call.report
    if report is None or call.machine_total is None:
        return
    if call.coach_total is None:
        st.metric("Machine total", f"{call.machine_total:g} / 100")
    else:
        st.metric("Coach total", f"{call.coach_total:g} / 100", f"machine {call.machine_total:g}")
    st.caption(f"Graded with {report.version}")
    st.altair_chart(score_bars(steps_frame(call).rename_axis("step").reset_index(), "step"))
    for step in call.steps:
        result = step.result
        if step.override is not None:
            o = step.override
            st.markdown(
                f"**{result.number} {result.title}**: coach {markdown_text(o.coach)} gave "
                f"{o.coach_score:g} (machine {o.machine_score:g}). Why: {markdown_text(o.reason)}"
            )
        elif result.assessed and result.tip:
            st.markdown(
                f"**{result.number} {result.title}** (machine {result.score:g}): {markdown_text(result.tip)}"
            )
    if report.anti_patterns:
        st.subheader("Anti-patterns")
        for hit in report.anti_patterns:
            st.markdown(
                f"- Turn {hit.turn}, **{hit.move.value.replace('_', ' ')}**: \u201c{markdown_text(hit.quote)}\u201d  \n"
                f"  Instead: {markdown_text(hit.instead)}"
            )
    st.subheader("Heat over the call")
    st.altair_chart(heat_line([opening_heat, *heat]))
    st.subheader("Transcript")
    quotes = evidence_by_turn(report)
    notes: dict[int, list[str]] = {}
    for c in call.comments:
        notes.setdefault(c.turn, []).append(
            f"> Coach {markdown_text(c.author)}: {markdown_text(c.text)}"
        )
    for number, turn in enumerate(call.transcript.turns, start=1):
        body = marked(turn.text, quotes.get(number, []), ("<mark>", "</mark>"), markdown_text)
        who = "Customer" if turn.speaker == "customer" else "You"
        st.markdown(f"**{number}. {who}:** {body}", unsafe_allow_html=True)
        for note in notes.get(number, []):
            st.markdown(note)


def _report(call: Practice) -> None:
    graded: ReviewedCall = st.session_state["report"]
    _scroll_to_top()
    st.title("Your graded call")
    original = st.session_state.get("compare_with")
    if original:
        _compare(original, graded)
    show_report(graded, call.heat, call.state.opening_heat)
    st.divider()
    said = [t for t in graded.transcript.turns if t.speaker == "agent"]
    if said:
        turn = st.selectbox(
            "Retry from your turn",
            list(range(1, len(said) + 1)),
            format_func=lambda n: f"{n}: {said[n - 1].text[:70]}",
            key="retry_turn",
        )
        if st.button("Retry from this turn", key="retry"):
            try:
                branch = Practice.branch(content(), store(), call.session_id, int(turn))
            except (PracticeError, LLMError) as exc:
                st.error(str(exc))
                return
            _reset()
            st.session_state["compare_with"] = call.session_id
            st.session_state["call"] = branch
            st.session_state["messages"] = _messages(store().load(branch.session_id))
            st.rerun()
    if st.button("New call", type="primary", key="new_call"):
        _reset()
        st.rerun()


def _compare(original_id: str, retry: ReviewedCall) -> None:
    from simulator.app.common import stored_call  # noqa: PLC0415

    before = stored_call(original_id).reviewed
    if before.report is None or retry.report is None:
        return
    st.subheader("Compared with the first try")
    first = "first try (coach)" if before.coach_total is not None else "first try (machine)"
    scores = before.step_scores()
    rows = {
        f"{s.result.number} {s.result.title}": [scores.get(s.result.id), s.machine]
        for s in retry.steps
    }
    rows["Total"] = [before.total, retry.total]
    st.dataframe(pd.DataFrame(rows, index=[first, "retry (machine)"]).T, width="stretch")


def render() -> None:
    """The Practice page."""
    call: Practice | None = st.session_state.get("call")
    if call is None:
        _setup()
    elif not call.ended:
        _live(call)
    elif "report" not in st.session_state:
        _log(call)
    else:
        _report(call)
