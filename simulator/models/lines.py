"""The offline customer's lines: one bank of templates per persona, kept as content.

The session engine decides what the customer does in a turn (reveal a fact, push for a
time, demand a manager...); the bank says how this persona words it. Templates are filled
with the scenario's details; an unknown ``{placeholder}`` is an error when the file loads.
"""

from __future__ import annotations

import string
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from simulator.models.content import ContentModel, Identifier, LocatedValueError, Text


class LineKind(StrEnum):
    """What the customer is doing with a line. The engine picks the kind; the bank the words."""

    OPENING = "opening"
    REVEAL = "reveal"
    GIVE_DETAIL = "give_detail"
    GUARDED = "guarded"
    NO_SUCH_FACT = "no_such_fact"
    CONFIRM = "confirm"
    CHECKED = "checked"
    SELF_YES = "self_yes"
    SELF_NO = "self_no"
    NOT_SURE = "not_sure"
    CHOOSE = "choose"
    PICK = "pick"
    NOTED = "noted"
    ISSUE_DETAIL = "issue_detail"
    ALL_TOLD = "all_told"
    ASK_FOLLOW_UP = "ask_follow_up"
    OUTCOME = "outcome"
    PARAPHRASE_YES = "paraphrase_yes"
    PARAPHRASE_NO = "paraphrase_no"
    TIME_ACCEPT = "time_accept"
    TIME_DOUBT = "time_doubt"
    VAGUE_HOLD = "vague_hold"
    PUSH_TIMELINE = "push_timeline"
    INTERRUPT = "interrupt"
    OPTION_ACCEPT = "option_accept"
    OPTION_REJECT = "option_reject"
    REFUSED_REQUEST = "refused_request"
    ASK_EXCEPTION = "ask_exception"
    ASK_DISCOUNT = "ask_discount"
    EARLIER_CALLS = "earlier_calls"
    CHALLENGE_COMPETENCE = "challenge_competence"
    NEW_ISSUE = "new_issue"
    GRIEVANCE_STACK = "grievance_stack"
    GRIEVANCE_RETURN = "grievance_return"
    DEMAND_MANAGER = "demand_manager"
    THREAT_REVIEW = "threat_review"
    THREAT_LEGAL = "threat_legal"
    ABUSIVE = "abusive"
    CANCEL_NOTICE = "cancel_notice"
    CALM_DOWN = "calm_down"
    POLICY = "policy"
    HELPLESS = "helpless"
    BLAME = "blame"
    HOSTILE = "hostile"
    OVERPROMISE = "overpromise"
    EMPATHY_OK = "empathy_ok"
    EMPATHY_TIRED = "empathy_tired"
    REPEATED = "repeated"
    UNANSWERED = "unanswered"
    MULTI_QUESTION = "multi_question"
    BOUNDARY_RESPECTED = "boundary_respected"
    BOUNDARY_UNWARRANTED = "boundary_unwarranted"
    HANDOFF_ACCEPT = "handoff_accept"
    HANDOFF_REJECT = "handoff_reject"
    PLAN_ACCEPT = "plan_accept"
    FOLLOW_UP_OK = "follow_up_ok"
    RESOLVED_YES = "resolved_yes"
    RESOLVED_NO = "resolved_no"
    NEUTRAL = "neutral"
    CONFUSED = "confused"
    HANG_UP = "hang_up"
    ENDED_FOR_ABUSE = "ended_for_abuse"
    GOODBYE = "goodbye"


YIELDING: frozenset[LineKind] = frozenset(
    {
        LineKind.CONFIRM,
        LineKind.CHOOSE,
        LineKind.PICK,
        LineKind.PARAPHRASE_YES,
        LineKind.TIME_ACCEPT,
        LineKind.OPTION_ACCEPT,
        LineKind.PLAN_ACCEPT,
        LineKind.EMPATHY_OK,
        LineKind.BOUNDARY_RESPECTED,
        LineKind.HANDOFF_ACCEPT,
        LineKind.FOLLOW_UP_OK,
        LineKind.RESOLVED_YES,
        LineKind.GOODBYE,
    }
)
"""Kinds that go along with what the agent just said."""
RESISTING: frozenset[LineKind] = frozenset(
    {
        LineKind.PARAPHRASE_NO,
        LineKind.TIME_DOUBT,
        LineKind.VAGUE_HOLD,
        LineKind.INTERRUPT,
        LineKind.OPTION_REJECT,
        LineKind.REFUSED_REQUEST,
        LineKind.CHALLENGE_COMPETENCE,
        LineKind.ABUSIVE,
        LineKind.CALM_DOWN,
        LineKind.POLICY,
        LineKind.HELPLESS,
        LineKind.BLAME,
        LineKind.HOSTILE,
        LineKind.OVERPROMISE,
        LineKind.EMPATHY_TIRED,
        LineKind.REPEATED,
        LineKind.UNANSWERED,
        LineKind.MULTI_QUESTION,
        LineKind.BOUNDARY_UNWARRANTED,
        LineKind.HANDOFF_REJECT,
        LineKind.RESOLVED_NO,
    }
)
"""Kinds that push back on what the agent just said. One reply never mixes the two: the
customer does not thank and rebuff the same line in one breath."""


FILLERS: frozenset[LineKind] = frozenset({LineKind.NEUTRAL, LineKind.NOTED})
"""Beats that only acknowledge: one at most, and none in a reply that pushes back."""
COMPLYING: frozenset[LineKind] = frozenset(
    {
        LineKind.GIVE_DETAIL,
        LineKind.CONFIRM,
        LineKind.CHECKED,
        LineKind.SELF_YES,
        LineKind.SELF_NO,
        LineKind.NOT_SURE,
        LineKind.REVEAL,
        LineKind.NOTED,
        LineKind.OUTCOME,
    }
)
"""Beats that go along with what the agent asked without taking a side on it."""


def stance(kind: LineKind) -> int:
    """+1 for a yielding kind, -1 for a resisting one, 0 for the rest (news, demands, asks)."""
    return 1 if kind in YIELDING else -1 if kind in RESISTING else 0


class MoodBand(StrEnum):
    """Heat bands a line can be kept for: calm below 4, tense 4 to 7, hot 7 and above."""

    CALM = "calm"
    TENSE = "tense"
    HOT = "hot"


PLACEHOLDERS: dict[str, str] = {
    "name": "the customer's first name",
    "full_name": "the customer's full name",
    "reason": "the scenario's reason_for_call, in the customer's words",
    "desired": "the scenario's desired_outcome",
    "expected": "what the customer expected to happen (the scenario's expected)",
    "trigger": "the scenario's trigger, the event that started it",
    "fact": "the text of the hidden fact being revealed",
    "correction": "a fact or the trigger, said to correct a wrong paraphrase",
    "grievance": "an earlier complaint of this call, repeated or added",
    "question": "the customer's own question the agent left unanswered",
    "item": "what the customer still waits on, one sentence in their words (a question, a "
    "complaint, a new issue, or what they want)",
    "choice": "the option the customer picks from an either/or the agent offered, in their words "
    "('the 6:50', 'a text')",
    "time": "the time marker the agent just promised",
    "detail": "one of the customer's own details (a number, a date, an amount); in a give_detail "
    "line, the detail asked for, in the customer's words from the scenario's `said` ('the "
    "booking reference is HX-77')",
    "industry": "the scenario's industry, e.g. 'airline'",
    "answer": "in a self_yes or self_no line, the short answer fitted to the agent's question "
    "('I did', 'I haven't', 'I do')",
    "wh": "in a not_sure line, the question word the agent asked with ('who', 'when', 'which "
    "one', 'how much')",
}
"""Every ``{placeholder}`` a template may use, and what fills it."""

REQUIRED: dict[LineKind, str] = {
    LineKind.OPENING: "reason",
    LineKind.REVEAL: "fact",
    LineKind.GIVE_DETAIL: "detail",
    LineKind.OUTCOME: "desired",
    LineKind.PARAPHRASE_NO: "correction",
    LineKind.UNANSWERED: "question",
    LineKind.GRIEVANCE_RETURN: "grievance",
    LineKind.GRIEVANCE_STACK: "grievance",
    LineKind.TIME_ACCEPT: "time",
    LineKind.PICK: "choice",
    LineKind.SELF_YES: "answer",
    LineKind.SELF_NO: "answer",
    LineKind.NOT_SURE: "wh",
    LineKind.ISSUE_DETAIL: "item",
    LineKind.RESOLVED_NO: "item",
}
"""Kinds whose every template must carry one placeholder, or the line would say nothing."""

MIN_LINES = 3
"""Fewest templates a kind may have; the engine never repeats a line within a call."""


def placeholders(template: str) -> list[str]:
    """The ``{names}`` a template uses, in order; raises ValueError on broken braces."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


class Line(ContentModel):
    """A template kept for one mood band."""

    text: Text
    """The line, with {placeholders} from the list in the bank's description."""
    mood: MoodBand
    """The band this line is used in."""


class Habits(ContentModel):
    """What this customer does on their own, beyond reacting: read by the session engine."""

    pushes_for_time: bool = False
    """Keeps asking 'when?' until the agent names a concrete time."""
    interrupts_after_words: Annotated[int, Field(ge=10, le=500)] | None = None
    """Cuts in when the agent's reply runs longer than this many words."""
    stacks_grievances: bool = False
    """Adds complaints and goes back to any the agent skipped."""
    guarded_unless_open: bool = False
    """Gives one- or two-word answers to closed questions; opens up to open ones."""
    opens_up_at_trust: Annotated[float, Field(ge=0, le=10)] = 2.5
    """Trust below which questions get a guarded answer instead of the fact."""
    rejects_first_offer: bool = False
    """Turns down the first offer to see what else there is."""
    demands_exceptions: bool = False
    """Asks for perks, exceptions and special treatment."""
    cites_earlier_calls: bool = False
    """Brings up earlier calls about the same thing."""
    new_issues_after_fix: Annotated[int, Field(ge=0, le=3)] = 0
    """How many new issues they raise after a plan is accepted."""
    asks_discount: bool = False
    """Asks for a discount or credit for the trouble."""
    challenges_competence: bool = False
    """Questions whether the agent knows what they are doing."""
    accept_heat: Annotated[float, Field(ge=0, le=10)] = 6.0
    """Heat at or below which a concrete plan is accepted."""
    settled_heat: Annotated[float, Field(ge=0, le=10)] = 4.5
    """Heat at or below which the call can end as resolved."""


LineEntry = Annotated[Text | Line, Field(union_mode="left_to_right")]


class LineBank(ContentModel):
    """How one persona words each kind of line. Every kind must have at least three lines.

    Placeholders: {name}, {full_name}, {reason}, {desired}, {expected}, {trigger}, {fact},
    {correction}, {grievance}, {question}, {time}, {detail}, {industry}, {choice}, {item},
    {answer}, {wh}.
    """

    id: Identifier
    """The persona these lines belong to (the persona's id)."""
    habits: Habits = Habits()
    """What this customer does on their own, beyond reacting to the agent."""
    lines: dict[LineKind, Annotated[list[LineEntry], Field(min_length=MIN_LINES)]]
    """Templates for each kind of line; plain text fits any mood, or give text and mood."""

    @model_validator(mode="after")
    def _check_templates(self) -> LineBank:
        missing = [kind.value for kind in LineKind if kind not in self.lines]
        if missing:
            raise LocatedValueError(("lines",), f"expected lines for every kind; missing {missing}")
        for kind, entries in self.lines.items():
            seen: set[str] = set()
            for index, entry in enumerate(entries):
                text = entry if isinstance(entry, str) else entry.text
                loc = (
                    ("lines", kind.value, index)
                    if isinstance(entry, str)
                    else ("lines", kind.value, index, "text")
                )
                try:
                    names = placeholders(text)
                except ValueError as exc:
                    raise LocatedValueError(loc, f"broken braces in template: {exc}") from None
                unknown = [n for n in names if n not in PLACEHOLDERS]
                if unknown:
                    raise LocatedValueError(
                        loc,
                        f"unknown placeholder {{{unknown[0]}}}; expected one of "
                        + ", ".join(f"{{{n}}}" for n in PLACEHOLDERS),
                    )
                needed = REQUIRED.get(kind)
                if needed and needed not in names:
                    raise LocatedValueError(
                        loc, f"expected the {{{needed}}} placeholder in every {kind.value} line"
                    )
                if text in seen:
                    raise LocatedValueError(loc, "expected each line once; this one repeats")
                seen.add(text)
        return self

    def entries(self, kind: LineKind, band: MoodBand) -> list[str]:
        """Templates of ``kind`` usable in ``band``: those kept for it plus the plain ones."""
        return [
            entry if isinstance(entry, str) else entry.text
            for entry in self.lines[kind]
            if isinstance(entry, str) or entry.mood is band
        ]


DIRECTION_PLACEHOLDERS = (
    "reason",
    "detail",
    "desired",
    "fact",
    "correction",
    "grievance",
    "question",
    "time",
    "item",
    "choice",
    "answer",
    "wh",
)


class Directions(ContentModel):
    """Stage directions for a model playing the customer: one instruction per kind of line."""

    id: Identifier
    mood: dict[MoodBand, Text]
    """How the customer feels in each heat band, in words (never numbers)."""
    trust: dict[Literal["low", "fair", "high"], Text]
    """How much the customer trusts the agent, in words."""
    kinds: dict[LineKind, Text]
    """What the customer should do for each kind of line; {placeholders} are filled per turn."""
    stop: Annotated[tuple[str, ...], Field(max_length=4)] = ("\n",)
    """Stop sequences sent with each request (at most 4, OpenAI's limit): where a model that
    goes on as the agent, or starts a new paragraph, is cut off."""

    @model_validator(mode="after")
    def _check_directions(self) -> Directions:
        for field, names in (("mood", list(MoodBand)), ("trust", ["low", "fair", "high"])):
            missing = [str(n) for n in names if n not in getattr(self, field)]
            if missing:
                raise LocatedValueError((field,), f"expected every band; missing {missing}")
        missing = [kind.value for kind in LineKind if kind not in self.kinds]
        if missing:
            raise LocatedValueError(("kinds",), f"expected every kind of line; missing {missing}")
        for kind, text in self.kinds.items():
            unknown = [n for n in placeholders(text) if n not in DIRECTION_PLACEHOLDERS]
            if unknown:
                raise LocatedValueError(
                    ("kinds", kind.value),
                    f"unknown placeholder {{{unknown[0]}}}; expected one of "
                    + ", ".join(f"{{{n}}}" for n in DIRECTION_PLACEHOLDERS),
                )
        return self
