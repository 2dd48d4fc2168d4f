"""The six step scorers. Each reads the analysis and says what level the evidence earns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from simulator.grading.analysis import AgentTurn, Analysis
from simulator.grading.report import Evidence, Flag
from simulator.models.content import CHECKABLE_ELEMENTS, StepId
from simulator.models.moves import PROMISES, TIMED, Move, in_order
from simulator.models.transcript import CallLog
from simulator.moves import cues
from simulator.moves.text import content_stems, normalise


@dataclass
class Outcome:
    """What a step scorer found: a level 0-3, its evidence, what is missing, and a tip key."""

    level: int
    evidence: list[Evidence] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    rationale: list[str] = field(default_factory=list)
    tip: str = "strong"
    tip_vars: dict[str, str] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    deductions: list[str] = field(default_factory=list)
    """Context rules missed, by their name in the rubric's costs (e.g. missed_boundary)."""


def _cite(turn: AgentTurn, move: Move, note: str = "") -> list[Evidence]:
    return [Evidence(turn=turn.turn, quote=q, move=move, note=note) for q in turn.quotes(move)]


def at(turn: AgentTurn | None) -> dict[str, str]:
    """Tip values pointing at a whole turn (turn 1 and no quote when there is none)."""
    return {"turn": str(turn.turn if turn else 1), "quote": turn.text if turn else ""}


def _first_quote(turn: AgentTurn, move: Move) -> str:
    quotes = turn.quotes(move)
    return quotes[0] if quotes else turn.text


def stay_calm(a: Analysis) -> Outcome:
    """Step 1: acknowledge before anything else, keep the temperature down, hold a boundary."""
    out = Outcome(level=0)
    specific = False
    for turn, quote, move in a.credited_empathy:
        out.evidence.append(Evidence(turn=turn.turn, quote=quote, move=move))
        heard = content_stems(normalise(turn.context))
        specific = specific or (
            move is Move.ACKNOWLEDGE_EMOTION and bool(content_stems(normalise(quote)) & heard)
        )
    for turn in a.turns_with(Move.USE_NAME)[:1]:
        out.evidence.extend(_cite(turn, Move.USE_NAME))
    cared = [e for e in out.evidence if e.move is not Move.USE_NAME]
    early = bool(a.agent) and any(e.turn <= a.agent[min(1, len(a.agent) - 1)].turn for e in cared)
    if cared and early:
        out.level = 3 if specific else 2
    elif cared:
        out.level = 2 if specific else 1
    elif out.evidence:
        out.level = 1
    if not out.evidence:
        out.missing.append("an acknowledgement of how the customer feels")
        first = a.agent[0] if a.agent else None
        out.tip = "no_acknowledgement"
        out.tip_vars = at(first)
    elif not early:
        out.missing.append("an early acknowledgement")
        out.tip = "late_acknowledgement"
        out.tip_vars = at(a.agent[0])
    if a.stuffed_empathy:
        turn, quote, _ = a.stuffed_empathy[0]
        out.rationale.append(
            f"{len(a.stuffed_empathy)} empathy line(s) earned nothing: repeated, paired with an "
            "anti-pattern, or not answering the customer"
        )
        if out.tip == "strong":
            out.tip, out.tip_vars = "stock_empathy", {"turn": str(turn.turn), "quote": quote}
    _boundary_rules(a, out)
    return out


def _boundary_rules(a: Analysis, out: Outcome) -> None:
    abusive = a.cue_turns("abusive")
    boundaries = a.turns_with(Move.SET_BOUNDARY)
    if abusive:
        first_abuse = abusive[0].turn
        answer = next((t for t in a.agent if t.turn > first_abuse), None)
        timely = [
            t for t in boundaries if t.turn > first_abuse and answer and t.turn <= answer.turn + 2
        ]
        if timely:
            out.evidence.extend(_cite(timely[0], Move.SET_BOUNDARY, "boundary after abuse"))
            out.level = min(3, out.level + 1)
        else:
            out.deductions.append("missed_boundary")
            out.missing.append("a calm boundary once the customer became abusive")
            out.flags.append(
                Flag(
                    rule="boundary_expected",
                    turn=first_abuse,
                    message=f"customer abusive at turn {first_abuse} "
                    f"(\u201c{abusive[0].quote}\u201d) and no boundary was set",
                )
            )
            out.tip, out.tip_vars = (
                "missed_boundary",
                {"turn": str(first_abuse), "quote": abusive[0].quote},
            )
    for turn in boundaries:
        if not abusive or turn.turn < abusive[0].turn:
            out.flags.append(
                Flag(
                    rule="boundary_unprompted",
                    turn=turn.turn,
                    message=f"boundary at turn {turn.turn} before any abuse: "
                    "not rewarded, and it can read as scolding",
                )
            )
            break


def asked_questions(a: Analysis) -> list[tuple[AgentTurn, str]]:
    """The questions the agent asked, as (turn, quote); one per turn that stacked several."""
    return [
        (t, q)
        for t in a.turns_with(Move.ASK_QUESTION)
        for q in t.quotes(Move.ASK_QUESTION)[: 1 if t.has(Move.MULTI_QUESTION) else None]
    ]


def gather_information(a: Analysis) -> Outcome:
    """Step 2: focused questions one at a time, and the issue played back to confirm it."""
    out = Outcome(level=0)
    questions = asked_questions(a)
    reflects = a.turns_with(Move.REFLECT)
    for turn, quote in questions[:4]:
        out.evidence.append(Evidence(turn=turn.turn, quote=quote, move=Move.ASK_QUESTION))
    for turn in reflects[:2]:
        out.evidence.extend(_cite(turn, Move.REFLECT))
    count, reflected = len(questions), bool(reflects)
    multi = a.turns_with(Move.MULTI_QUESTION)
    if count >= 2 and reflected:
        out.level = 3
    elif (count >= 1 and reflected) or count >= 2:
        out.level = 2
    elif count or reflected:
        out.level = 1
    if not count:
        out.missing.append("a focused question about what happened")
        out.tip = "no_question"
        first = a.agent[0] if a.agent else None
        out.tip_vars = at(first)
    elif not reflected:
        out.missing.append("the issue paraphrased back and confirmed")
        out.tip = "no_reflect"
        out.tip_vars = {"turn": str(questions[-1][0].turn), "quote": questions[-1][1]}
    if multi:
        out.tip = "multi_question"
        out.tip_vars = {
            "turn": str(multi[0].turn),
            "quote": _first_quote(multi[0], Move.MULTI_QUESTION),
        }
    return out


def clarify_outcome(a: Analysis) -> Outcome:
    """Step 3: find out what the customer wants before proposing a fix."""
    out = Outcome(level=0)
    asked = a.first(Move.CLARIFY_OUTCOME)
    plan = a.first(Move.ACTION_PLAN)
    choices = a.first(Move.OFFER_CHOICES)
    if asked is not None:
        out.evidence.extend(_cite(asked, Move.CLARIFY_OUTCOME))
        out.level = 3 if plan is None or asked.turn <= plan.turn else 2
        if out.level == 2:
            out.missing.append("the outcome asked before the solution")
            out.tip, out.tip_vars = (
                "late",
                {"turn": str(asked.turn), "quote": _first_quote(asked, Move.CLARIFY_OUTCOME)},
            )
    elif choices is not None:
        out.evidence.extend(_cite(choices, Move.OFFER_CHOICES, "customer asked to choose"))
        out.level = 1
        out.missing.append("a direct question about the outcome they want")
        out.tip, out.tip_vars = "missing", at(choices)
    else:
        out.missing.append("a question about the outcome the customer wants")
        first = a.agent[0] if a.agent else None
        out.tip, out.tip_vars = (
            "missing",
            at(first),
        )
    return out


_ESCALATION_CUES = ("manager", "legal", "safety", "repeated_failure")


def _expected_escalation(a: Analysis, legal_case: bool) -> tuple[int, str] | None:
    """The first turn at which a coach expects a handoff, and why."""
    reasons = [
        (c.turn, f"{c.kind.replace('_', ' ')} (\u201c{c.quote}\u201d)")
        for c in a.cues
        if c.kind in _ESCALATION_CUES
    ]
    boundary = a.first(Move.SET_BOUNDARY)
    if boundary is not None:
        later = [c for c in a.cue_turns("abusive") if c.turn > boundary.turn]
        if later:
            reasons.append((later[0].turn, "abuse continued after a boundary"))
    if legal_case and a.customer_turns:
        reasons.append((a.customer_turns[0], "a case with legal complexity"))
    return min(reasons) if reasons else None


def _handoff_quality(turn: AgentTurn, before: AgentTurn | None) -> tuple[list[str], list[str]]:
    text = turn.text + (" " + before.text if before else "")
    parts = {
        "recap for the new owner": bool(cues.HANDOFF_RECAP.search(text)) or turn.has(Move.REFLECT),
        "why this owner": bool(cues.HANDOFF_WHY.search(text)),
        "notes passed so the customer need not repeat": bool(cues.HANDOFF_NOTES.search(text)),
    }
    return [k for k, v in parts.items() if v], [k for k, v in parts.items() if not v]


SOLUTION_ELEMENTS = CHECKABLE_ELEMENTS[StepId.PRESENT_SOLUTION]
_ELEMENT_MOVE = {
    "next_action": Move.ACTION_PLAN,
    "owner": Move.ACTION_PLAN,
    "time_marker": Move.SET_TIMELINE,
}


def _level_of(have: int, wanted: int) -> int:
    """All parts present is 3, all but one 2, any 1 (so four parts map 4/3/2-1/0 to 3/2/1/0)."""
    if wanted and have >= wanted:
        return 3
    if have and have == wanted - 1:
        return 2
    return 1 if have else 0


def present_solution(
    a: Analysis, legal_case: bool = False, checked: Sequence[str] = SOLUTION_ELEMENTS
) -> Outcome:
    """Step 4: next action, owner, time marker and fallback; a proper handoff when due."""
    out = Outcome(level=0)
    plans = a.turns_with(Move.ACTION_PLAN)
    handoffs = a.turns_with(Move.ESCALATE_HANDOFF)
    timed = [t for t in a.agent if t.has(Move.SET_TIMELINE) and any(t.has(m) for m in TIMED)]
    found: dict[str, AgentTurn | None] = {
        "next_action": plans[0] if plans else None,
        "owner": next((t for t in plans if cues.OWNER.search(t.text)), None),
        "time_marker": timed[0] if timed else None,
        "fallback": next((t for t in a.agent if cues.FALLBACK.search(t.text)), None),
    }
    wanted = [e for e in SOLUTION_ELEMENTS if e in checked]
    for element in wanted:
        turn, name = found[element], element.replace("_", " ")
        if turn is None:
            out.missing.append(name)
            continue
        move = _ELEMENT_MOVE.get(element)
        if move is not None:
            quote = _first_quote(turn, move)
        else:
            match = cues.FALLBACK.search(turn.text)
            quote = turn.quote(match.span()) if match else turn.text
        if not any(e.quote == quote and e.turn == turn.turn for e in out.evidence):
            out.evidence.append(Evidence(turn=turn.turn, quote=quote, move=move, note=name))
    out.level = _level_of(len(wanted) - len(out.missing), len(wanted))
    choices = a.first(Move.OFFER_CHOICES)
    if choices is not None:
        out.evidence.extend(_cite(choices, Move.OFFER_CHOICES, "options offered"))
    if out.missing:
        out.tip = "elements"
        where = plans[0] if plans else (a.agent[-1] if a.agent else None)
        out.tip_vars = at(where) | {"missing": ", ".join(out.missing)}
        if not plans:
            out.tip = "missing"
    _escalation_rules(a, legal_case, handoffs, out)
    return out


def _escalation_rules(
    a: Analysis, legal_case: bool, handoffs: list[AgentTurn], out: Outcome
) -> None:
    expected = _expected_escalation(a, legal_case)
    if expected is None:
        return
    turn_due, reason = expected
    made = [t for t in handoffs if t.turn > turn_due] or handoffs
    if not made:
        out.deductions.append("missed_escalation")
        out.missing.append("a handoff to someone who can act")
        out.flags.append(
            Flag(
                rule="escalation_expected",
                turn=turn_due,
                message=f"escalation expected from turn {turn_due}: {reason}",
            )
        )
        out.tip, out.tip_vars = "missed_escalation", {"turn": str(turn_due), "quote": reason}
        return
    handoff = made[0]
    earlier = [t for t in a.agent if t.turn < handoff.turn]
    has, lacks = _handoff_quality(handoff, earlier[-1] if earlier else None)
    out.evidence.extend(
        _cite(handoff, Move.ESCALATE_HANDOFF, "handoff: " + (", ".join(has) or "bare"))
    )
    if len(has) == 3:
        out.level = max(out.level, 3 if out.level >= 1 else 2)
    elif len(has) >= 1:
        out.level = max(out.level, 2)
    else:
        out.level = max(out.level, 1)
    if lacks:
        out.missing.append("handoff: " + ", ".join(lacks))
        if out.tip == "strong":
            out.tip, out.tip_vars = (
                "handoff",
                {
                    "turn": str(handoff.turn),
                    "quote": _first_quote(handoff, Move.ESCALATE_HANDOFF),
                    "missing": ", ".join(lacks),
                },
            )


FOLLOW_UP_ELEMENTS = CHECKABLE_ELEMENTS[StepId.FOLLOW_UP]


def follow_up(a: Analysis, checked: Sequence[str] = FOLLOW_UP_ELEMENTS) -> Outcome:
    """Step 5: a concrete when and how for the next contact, and a check nothing is left."""
    out = Outcome(level=0)
    promised = a.turns_with(Move.FOLLOW_UP)
    confirm = a.first(Move.CONFIRM_RESOLUTION)
    when = next((t for t in promised if t.has(Move.SET_TIMELINE)), None)
    how = next((t for t in promised if cues.CHANNEL.search(t.text)), None)
    parts = [promised[:1] or None, confirm]
    parts += [when] if "when" in checked else []
    parts += [how] if "how" in checked else []
    points = sum(x is not None for x in parts)
    if promised:
        out.evidence.extend(_cite(promised[0], Move.FOLLOW_UP))
    if when is not None and when is not (promised[0] if promised else None):
        out.evidence.extend(_cite(when, Move.FOLLOW_UP, "with a time"))
    if confirm is not None:
        out.evidence.extend(_cite(confirm, Move.CONFIRM_RESOLUTION))
    out.level = _level_of(points, len(parts))
    if not promised:
        out.missing.append("a commitment to contact the customer again")
    else:
        if when is None and "when" in checked:
            out.missing.append("when the follow-up happens")
        if how is None and "how" in checked:
            out.missing.append("how the customer will hear (call, email, text)")
    if confirm is None:
        out.missing.append("a check that the issue is fully resolved")
    last = a.agent[-1] if a.agent else None
    if not promised:
        out.tip = "missing"
        out.tip_vars = at(last)
    elif (when is None and "when" in checked) or (how is None and "how" in checked):
        out.tip = "vague"
        out.tip_vars = {
            "turn": str(promised[0].turn),
            "quote": _first_quote(promised[0], Move.FOLLOW_UP),
            "missing": ", ".join(out.missing),
        }
    elif confirm is None:
        out.tip = "confirm"
        out.tip_vars = at(last)
    return out


LOG_FIELDS = CHECKABLE_ELEMENTS[StepId.LOG_DATA]
_MIN_WORDS = 3


def log_data(a: Analysis, log: CallLog | None, checked: Sequence[str] = LOG_FIELDS) -> Outcome:
    """Step 6: the call log is complete and agrees with what was said on the call."""
    out = Outcome(level=0)
    if log is None:
        out.tip = "absent"
        return out
    wanted = [f for f in LOG_FIELDS if f in checked]
    filled = [f for f in wanted if len(getattr(log, f).split()) >= _MIN_WORDS]
    out.missing = [f.replace("_", " ") for f in wanted if f not in filled]
    for name in filled:
        out.evidence.append(Evidence(turn=0, quote=getattr(log, name), note=f"call log: {name}"))
    # All fields 3, two thirds 2, one third 1 (six fields: 6, 4-5, 2-3, 0-1).
    out.level = len(filled) * 3 // len(wanted) if wanted else 0
    if out.missing:
        out.tip, out.tip_vars = "missing_fields", {"missing": ", ".join(out.missing)}
    if "promise_made" in filled:
        promises = [q for t in a.agent for m in in_order(PROMISES) for q in t.quotes(m)]
        logged = content_stems(normalise(log.promise_made))
        said = content_stems(normalise(" ".join(promises)))
        if not promises or len(logged & said) < max(2, len(logged) // 3):
            out.level = min(out.level, 1)
            out.missing.append("a logged promise that matches what was promised on the call")
            out.flags.append(
                Flag(
                    rule="promise_mismatch",
                    turn=0,
                    message="the promise in the call log does not match the call: "
                    f"\u201c{log.promise_made}\u201d",
                )
            )
            out.tip, out.tip_vars = "promise_mismatch", {"quote": log.promise_made}
    return out
