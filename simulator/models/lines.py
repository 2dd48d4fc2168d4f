"""The offline customer's lines: one bank of templates per persona, kept as content.

The session engine decides what the customer does in a turn (reveal a fact, push for a
time, demand a manager...); the bank says how this persona words it. Templates are filled
with the scenario's details; an unknown ``{placeholder}`` is an error when the file loads.
"""

from __future__ import annotations

import re
import string
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag, model_validator

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
    OFFER_DOUBTED = "offer_doubted"
    """An offer that covers what they asked for, met by a customer too upset or wary to
    believe it yet: they doubt it will happen, never that it is enough."""
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
    WANT_MORE = "want_more"
    """Asks about a part of what they want that the agent's offer left out."""
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
        LineKind.OFFER_DOUBTED,
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


ANSWERING: frozenset[LineKind] = frozenset(
    {
        LineKind.REVEAL,
        LineKind.NO_SUCH_FACT,
        LineKind.NOT_SURE,
        LineKind.GIVE_DETAIL,
        LineKind.CONFIRM,
        LineKind.SELF_YES,
        LineKind.SELF_NO,
        LineKind.GUARDED,
        LineKind.PICK,
        LineKind.CHOOSE,
        LineKind.ALL_TOLD,
        LineKind.OUTCOME,
        LineKind.CHECKED,
        LineKind.ISSUE_DETAIL,
    }
)
"""Beats that answer the agent's question: said before any question of the customer's."""
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
    "want": "the parts of what the customer wants that are still missing, as a phrase that "
    "fits 'What about ...?' ('a hotel tonight and something for the disruption')",
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
    LineKind.WANT_MORE: "want",
}
"""Kinds whose every template must carry one placeholder, or the line would say nothing."""

TIME_OF_DAY = re.compile(r"\bgood (?:morning|afternoon|evening)\b", re.IGNORECASE)
"""A greeting that names the time of day: wrong in a call the case sets at 10:40 p.m."""

MIN_LINES = 3
"""Fewest templates a kind may have; the engine never repeats a line within a call."""


def placeholders(template: str) -> list[str]:
    """The ``{names}`` a template uses, in order; raises ValueError on broken braces."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


class Premise(StrEnum):
    """What a line takes for granted about the call; the line is said only while it holds.

    How each is heard lives in ``simulator/practice/premises.py``.
    """

    TOLD_TO_CALM = "told_to_calm"
    """The agent's turn told them to calm down, relax, not get upset or stop shouting."""
    BLAMED_CUSTOMER = "blamed_customer"
    """The agent's turn put the fault on the customer ("you should have read the terms")."""
    BLAMED_OTHERS = "blamed_others"
    """The agent's turn named another department, team, company or system as the cause."""
    FAULT_RAISED = "fault_raised"
    """Whose fault it is came up: the customer or someone else blamed, or fault named."""
    NOTHING_DOABLE = "nothing_doable"
    """The agent's turn said nothing can be done at all (not only about one part of it)."""
    FEE_NAMED = "fee_named"
    """The agent's turn named a fee, charge, cost, rule or policy (something to waive)."""
    PROMISED = "promised"
    """The agent's turn committed to something ("I'll", "it will be", "you'll get")."""
    GUARANTEED = "guaranteed"
    """The agent's turn guaranteed or promised ("I promise", "guaranteed", "definitely")."""
    ASKED_MORE = "asked_more"
    """The agent's turn asked whether anything else is open ("anything else?"): a "no"
    answers it ("No, that's it."); to "does that cover it?" a "no" would refuse."""


class Line(ContentModel):
    """A template with the conditions it is kept for: a mood band, what it takes for granted."""

    text: Text
    """The line, with {placeholders} from the list in the bank's description."""
    mood: MoodBand | None = None
    """The band this line is used in; none for any band."""
    when: Premise | None = None
    """What the line takes for granted about the agent's turn ("Don't tell me to calm down"
    needs ``told_to_calm``); the line is passed over when it does not hold."""
    detail: Text | None = None
    """For a new issue (a ``new_issue`` line): what more the customer says about it when the
    agent asks (what it is, when, how much), said instead of the issue again."""
    said: Annotated[tuple[Text, ...], Field(max_length=12)] = ()
    """Words or phrases, one of which the agent's turn must contain for the line to be said
    ("Policy, policy." needs ``[policy]``); chat spelling is standardised and word endings
    are ignored ("policies" matches "policy")."""

    @property
    def premised(self) -> bool:
        """True when the line takes something for granted about the agent's turn."""
        return self.when is not None or bool(self.said)


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


def _entry_form(value: object) -> str:
    return "plain" if isinstance(value, str) else "Line"


LineEntry = Annotated[
    Annotated[Text, Tag("plain")] | Annotated[Line, Tag("Line")], Discriminator(_entry_form)
]
"""A line as plain text or as a ``Line``; a mapping is read as a Line only, so a mistake in
one is reported once, at its field."""


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
    """Templates for each kind of line; plain text fits any mood and any turn, or give text
    with a mood, a premise (``when``) or words the agent must have said (``said``)."""

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
                if not isinstance(entry, str) and entry.detail and kind is not LineKind.NEW_ISSUE:
                    raise LocatedValueError(
                        ("lines", kind.value, index, "detail"),
                        f"expected a detail only on new_issue lines, not on {kind.value}",
                    )
                needed = REQUIRED.get(kind)
                if needed and needed not in names:
                    raise LocatedValueError(
                        loc, f"expected the {{{needed}}} placeholder in every {kind.value} line"
                    )
                if TIME_OF_DAY.search(text):
                    raise LocatedValueError(
                        loc,
                        "expected no time of day in a line (the case, not the bank, says when "
                        "the call happens); say 'Hello' instead",
                    )
                if text in seen:
                    raise LocatedValueError(loc, "expected each line once; this one repeats")
                seen.add(text)
            free = [e for e in entries if isinstance(e, str) or not e.premised]
            if len(free) < MIN_LINES:
                raise LocatedValueError(
                    ("lines", kind.value),
                    f"expected at least {MIN_LINES} lines with no `when` or `said` (said "
                    f"whatever the agent's words), got {len(free)}; add plain lines",
                )
        return self

    def entries(self, kind: LineKind, band: MoodBand | None = None) -> list[Line]:
        """Lines of ``kind`` usable in ``band`` (every band's when None), plain text as a Line."""
        return [
            line
            for line in self.as_lines[kind]
            if band is None or line.mood is None or line.mood is band
        ]

    @cached_property
    def as_lines(self) -> dict[LineKind, tuple[Line, ...]]:
        """Every kind's lines as ``Line`` models (plain text fits any mood and turn)."""
        return {
            kind: tuple(Line(text=e) if isinstance(e, str) else e for e in entries)
            for kind, entries in self.lines.items()
        }


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
    "want",
    "answer",
    "wh",
)


class PremisedDirection(ContentModel):
    """A stage direction that takes something for granted about the agent's turn."""

    text: Text
    """What the customer should do; {placeholders} are filled per turn."""
    when: Premise
    """What must be true of the agent's turn for this direction to be given."""


class Directions(ContentModel):
    """Stage directions for a model playing the customer: one instruction per kind of line."""

    id: Identifier
    mood: dict[MoodBand, Text]
    """How the customer feels in each heat band, in words (never numbers)."""
    trust: dict[Literal["low", "fair", "high"], Text]
    """How much the customer trusts the agent, in words."""
    kinds: dict[LineKind, Text]
    """What the customer should do for each kind of line, whatever the agent said;
    {placeholders} are filled per turn."""
    premised: dict[LineKind, list[PremisedDirection]] = Field(default_factory=dict)
    """Directions given instead of the kind's plain one when their premise holds this turn
    (the first that holds): "react to being told to calm down" only when the agent did."""
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
        texts = [(("kinds", kind.value), text) for kind, text in self.kinds.items()] + [
            (("premised", kind.value, index, "text"), direction.text)
            for kind, directions in self.premised.items()
            for index, direction in enumerate(directions)
        ]
        for loc, text in texts:
            unknown = [n for n in placeholders(text) if n not in DIRECTION_PLACEHOLDERS]
            if unknown:
                raise LocatedValueError(
                    loc,
                    f"unknown placeholder {{{unknown[0]}}}; expected one of "
                    + ", ".join(f"{{{n}}}" for n in DIRECTION_PLACEHOLDERS),
                )
        return self


ESCALATING = frozenset(
    {LineKind.DEMAND_MANAGER, LineKind.THREAT_LEGAL, LineKind.THREAT_REVIEW, LineKind.CANCEL_NOTICE}
)
"""Beats that escalate: never in a reply that goes along with the agent."""


OPEN_AFTER_BYE = frozenset(
    {
        LineKind.WANT_MORE,
        LineKind.NEW_ISSUE,
        LineKind.DEMAND_MANAGER,
        LineKind.ASK_FOLLOW_UP,
        LineKind.ASK_DISCOUNT,
        LineKind.GRIEVANCE_RETURN,
        LineKind.UNANSWERED,
        LineKind.PUSH_TIMELINE,
        LineKind.ASK_EXCEPTION,
        LineKind.THREAT_REVIEW,
        LineKind.THREAT_LEGAL,
        LineKind.CANCEL_NOTICE,
    }
)
"""Beats that keep a call open after the agent's goodbye: the customer is not done."""
