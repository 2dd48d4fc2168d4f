"""Persona coaching rules: the checks behind each expectation a persona file lists.

A persona's ``coaching`` block (content) says which expectations apply to that customer and
what missing or meeting one does to the step's level; this module owns how each is checked
and which step it belongs to. The grader never branches on a persona id.
"""

from __future__ import annotations

from collections.abc import Callable

from simulator.grading.analysis import Analysis
from simulator.grading.report import Evidence
from simulator.grading.steps import Outcome, asked_questions, at
from simulator.models.content import CoachingRule, Expectation, StepId
from simulator.models.moves import FEELING, Move
from simulator.moves import cues
from simulator.moves.scout import Gated

Check = Callable[[Analysis, Outcome], bool | None]
"""Looks at the call; True when met, False when missed, None when it does not apply.
It may add evidence, a missing note and a tip to the outcome."""


def _cite_first(a: Analysis, cue: Gated, note: str, out: Outcome) -> bool:
    """Quote the first agent turn where ``cue`` is heard as evidence; False when none is."""
    for turn in a.agent:
        span = turn.find(cue)
        if span:
            out.evidence.append(Evidence(turn=turn.turn, quote=turn.quote(span), note=note))
            return True
    return False


def _heat_before_facts(a: Analysis, out: Outcome) -> bool | None:
    if not a.agent:
        return None
    first = a.agent[0]
    if first.has(Move.ASK_QUESTION) and not any(first.has(m) for m in FEELING):
        out.missing.append("heat lowered before asking for facts")
        out.tip, out.tip_vars = "heat_before_facts", at(first)
        return False
    return True


def _acknowledge_history(a: Analysis, out: Outcome) -> bool | None:
    if not a.agent:
        return None
    if _cite_first(a, cues.HISTORY, "history acknowledged", out):
        return True
    out.missing.append("the customer's earlier calls acknowledged")
    out.tip, out.tip_vars = "history", at(a.agent[0])
    return False


def _open_questions(a: Analysis, out: Outcome) -> bool | None:
    questions = asked_questions(a)
    # An open question counts wherever it was asked, stacked behind another or not.
    every = (q for t in a.turns_with(Move.ASK_QUESTION) for q in t.quotes(Move.ASK_QUESTION))
    if any(cues.OPEN_QUESTION.search(q) for q in every):
        return True
    out.missing.append("an open question (what, how, tell me) that invites more than yes/no")
    out.tip = "closed_questions"
    out.tip_vars = {
        "turn": str(questions[0][0].turn) if questions else "1",
        "quote": questions[0][1] if questions else "",
    }
    return False


def _narrow_to_one_issue(a: Analysis, out: Outcome) -> bool | None:
    if _cite_first(a, cues.NARROWING, "narrowed to one issue", out):
        return True
    out.missing.append("the conversation narrowed to one solvable issue first")
    out.tip, out.tip_vars = "narrow", at(a.agent[0] if a.agent else None)
    return False


def _realistic_timeline(a: Analysis, out: Outcome) -> bool | None:
    if "time marker" in out.missing:
        out.tip = "timeline"
        return False
    return True


def _fair_alternative(a: Analysis, out: Outcome) -> bool | None:
    if a.first(Move.OFFER_CHOICES) is not None:
        return True
    # What the agent can do now beside who decides the rest ("I refund the fee and April
    # myself today; February and March go to the manager") is the fair alternative.
    handed = {turn.turn for turn in a.turns_with(Move.ESCALATE_HANDOFF)}
    if any(turn.turn in handed for turn in a.turns_with(Move.ACTION_PLAN)):
        return True
    out.missing.append("clear options with a fair alternative to the exception")
    if out.tip == "strong":
        out.tip = "choices"
        out.tip_vars = at(a.agent[-1] if a.agent else None)
    return False


def _resolution_check(a: Analysis, out: Outcome) -> bool | None:
    return a.first(Move.CONFIRM_RESOLUTION) is not None


CHECKS: dict[Expectation, tuple[StepId, Check]] = {
    Expectation.HEAT_BEFORE_FACTS: (StepId.STAY_CALM, _heat_before_facts),
    Expectation.ACKNOWLEDGE_HISTORY: (StepId.STAY_CALM, _acknowledge_history),
    Expectation.OPEN_QUESTIONS: (StepId.GATHER_INFORMATION, _open_questions),
    Expectation.NARROW_TO_ONE_ISSUE: (StepId.CLARIFY_OUTCOME, _narrow_to_one_issue),
    Expectation.REALISTIC_TIMELINE: (StepId.PRESENT_SOLUTION, _realistic_timeline),
    Expectation.FAIR_ALTERNATIVE: (StepId.PRESENT_SOLUTION, _fair_alternative),
    Expectation.RESOLUTION_CHECK: (StepId.FOLLOW_UP, _resolution_check),
}
"""Each expectation's step and check; every Expectation has one (a test holds it)."""


def apply(rules: list[CoachingRule], a: Analysis, outcomes: dict[StepId, Outcome]) -> None:
    """Apply a persona's coaching rules, in file order, to the step outcomes they belong to."""
    for rule in rules:
        step, check = CHECKS[rule.expect]
        out = outcomes[step]
        met = check(a, out)
        if met is None:
            continue
        if met:
            out.level = min(3, out.level + rule.levels_gained)
            continue
        out.level = max(0, out.level - rule.levels_lost)
        if rule.max_level is not None:
            out.level = min(out.level, rule.max_level)
