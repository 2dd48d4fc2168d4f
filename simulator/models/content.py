"""Content a coach edits: personas, scenarios, rubrics and phrase banks.

Every model forbids unknown fields so a typo in a YAML file is an error, not a silently
ignored key. Field docstrings become the descriptions in the generated JSON Schemas.
"""

from __future__ import annotations

import re
import string
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from simulator.models.moves import ANTI_PATTERNS, GOOD_MOVES, Move
from simulator.models.transcript import CallLog

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", min_length=2, max_length=64)
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Score10 = Annotated[float, Field(ge=0, le=10)]
Shift = Annotated[float, Field(ge=-5, le=5)]


class LocatedValueError(ValueError):
    """A validation failure that knows which field inside the model it concerns.

    Pydantic reports a model validator's error at the model itself; the loader appends
    ``loc`` so the message can name the exact field and line.
    """

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


class ContentModel(BaseModel):
    """Base for coach-edited content: strict keys, docstrings as schema descriptions."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


# --- personas ---------------------------------------------------------------------------


class Mood(ContentModel):
    """How hot and how trusting the customer is, each on a 0-10 scale."""

    heat: Score10
    """0 is relaxed, 10 is about to hang up or explode."""
    trust: Score10
    """0 is sure the company is against them, 10 is confident the agent will fix it."""


class ReplyLength(ContentModel):
    """How long one reply of an LLM customer may be; a longer one is not shown.

    The defaults fit the acting guidelines' "one to three short spoken sentences". The token
    limit is sent with every request, so a model that rambles is cut off (and the cut reply
    is treated as a bad one) instead of generating for minutes.
    """

    max_sentences: Annotated[int, Field(ge=1, le=8)] = 3
    """Sentences a reply may have (counted as the text layer splits them)."""
    max_tokens: Annotated[int, Field(ge=16, le=400)] = 90
    """Tokens the model may generate for one reply."""


class Reaction(ContentModel):
    """How one trainee move shifts this persona's mood in a turn."""

    heat: Shift = 0.0
    """Change in heat; negative settles the customer."""
    trust: Shift = 0.0
    """Change in trust; positive builds it."""
    note: str | None = None
    """Why this persona reacts this way, for coaches reading the file."""


class Triggers(ContentModel):
    """Heat levels at which the persona escalates on its own. Leave a trigger out to disable it."""

    manager_demand_heat: Score10 | None = None
    """Heat at or above which the customer demands a manager."""
    review_threat_heat: Score10 | None = None
    """Heat at or above which the customer threatens a public review."""
    legal_threat_heat: Score10 | None = None
    """Heat at or above which the customer mentions a lawyer or a regulator."""
    abusive_heat: Score10 | None = None
    """Heat at or above which the customer's language turns abusive (never slurs or violence)."""
    cancel_heat: Score10 | None = None
    """Heat at or above which the customer quietly announces they will cancel."""
    hang_up_heat: Score10 = 10.0
    """Heat at which the customer hangs up."""
    patience_turns: Annotated[int, Field(ge=1, le=20)] = 4
    """Turns without progress the customer sits through before hanging up."""


class DifficultyLevel(ContentModel):
    """One of the three difficulty levels; each shifts the persona's numbers."""

    level: Literal[1, 2, 3]
    """1 is a gentle warm-up, 3 is the hardest version of this customer."""
    label: Text
    """Short name shown to the trainee, e.g. 'warm-up'."""
    heat_offset: Shift = 0.0
    """Added to the opening heat."""
    trust_offset: Shift = 0.0
    """Added to the opening trust."""
    reaction_scale: Annotated[float, Field(ge=0.25, le=3)] = 1.0
    """Multiplies every reaction that raises heat."""
    soothe_scale: Annotated[float, Field(ge=0.25, le=3)] = 1.0
    """Multiplies every reaction that lowers heat."""
    trigger_offset: Shift = 0.0
    """Added to every trigger heat; negative makes triggers fire sooner."""


class BetterFirstMove(ContentModel):
    """The first move a coach teaches for this customer type."""

    moves: Annotated[list[Move], Field(min_length=1)]
    """The moves that make up the better first move."""
    explanation: Text
    """Why it works, in a coach's words."""
    example: Text
    """A sample first reply that shows it."""


class Expectation(StrEnum):
    """Something a coach expects with one kind of customer, beyond the six steps' basics.

    Each is checked in one step: ``heat_before_facts`` and ``acknowledge_history`` in stay
    calm, ``open_questions`` in gather information, ``narrow_to_one_issue`` in clarify
    outcome, ``realistic_timeline`` and ``fair_alternative`` in present solution, and
    ``resolution_check`` in follow up.
    """

    HEAT_BEFORE_FACTS = "heat_before_facts"
    """The feeling is acknowledged before the first request for facts."""
    ACKNOWLEDGE_HISTORY = "acknowledge_history"
    """The customer's earlier calls or visits are acknowledged."""
    OPEN_QUESTIONS = "open_questions"
    """At least one open question (what, how, tell me) that invites more than yes or no."""
    NARROW_TO_ONE_ISSUE = "narrow_to_one_issue"
    """The agent narrows a list of grievances to one solvable issue first."""
    REALISTIC_TIMELINE = "realistic_timeline"
    """The plan carries a concrete time marker."""
    FAIR_ALTERNATIVE = "fair_alternative"
    """Clear options, including a fair alternative to the exception asked for."""
    RESOLUTION_CHECK = "resolution_check"
    """An explicit check that the issue is fully resolved."""


class CoachingRule(ContentModel):
    """One expectation for this customer type and what it does to the step's level."""

    expect: Expectation
    """Which expectation (see the list in the schema)."""
    max_level: Annotated[int, Field(ge=0, le=3)] | None = None
    """Highest level the step can reach when the expectation is missed."""
    levels_lost: Annotated[int, Field(ge=0, le=3)] = 0
    """Levels taken off the step when the expectation is missed."""
    levels_gained: Annotated[int, Field(ge=0, le=3)] = 0
    """Levels added to the step when the expectation is met."""
    why: Text
    """Why this customer needs it, in a coach's words."""

    @model_validator(mode="after")
    def _has_effect(self) -> CoachingRule:
        if self.max_level is None and not self.levels_lost and not self.levels_gained:
            raise LocatedValueError(
                ("max_level",),
                "expected max_level, levels_lost or levels_gained (a rule does something)",
            )
        return self


class Persona(ContentModel):
    """A difficult-customer type: who they are underneath and how they react."""

    id: Identifier
    """Stable id used on the command line and in scenarios, e.g. 'impatient'."""
    title: Text
    """Display name."""
    summary: Text
    """One sentence a trainee reads before the call."""
    underneath: Annotated[list[Text], Field(min_length=1)]
    """What is really going on for this customer."""
    speech_style: Text
    """How they talk: pace, length, wording."""
    behaviours: Annotated[list[Text], Field(min_length=2)]
    """Observable behaviours a trainee can spot."""
    opening_mood: Mood
    """Mood at the first line, before difficulty offsets."""
    reactions: dict[Move, Reaction]
    """How each trainee move shifts the mood, keyed by move name."""
    triggers: Triggers
    """When this customer escalates on their own."""
    settles_with: Annotated[list[Text], Field(min_length=1)]
    """What calms this customer down."""
    better_first_move: BetterFirstMove
    """The first move a coach teaches."""
    coaching: list[CoachingRule] = []
    """What a coach expects with this customer beyond the basics; the grader applies it."""
    difficulty: Annotated[list[DifficultyLevel], Field(min_length=3, max_length=3)]
    """Levels 1, 2 and 3, each exactly once."""
    reply_length: ReplyLength = ReplyLength()
    """How long an LLM customer's reply may be (default: 3 sentences, 90 tokens)."""

    @model_validator(mode="after")
    def _levels_complete(self) -> Persona:
        levels = sorted(level.level for level in self.difficulty)
        if levels != [1, 2, 3]:
            raise LocatedValueError(
                ("difficulty",), f"expected levels 1, 2 and 3 once each, got {levels}"
            )
        return self

    def level(self, difficulty: int) -> DifficultyLevel:
        """Return the settings for a difficulty level (1-3)."""
        for level in self.difficulty:
            if level.level == difficulty:
                return level
        raise KeyError(difficulty)


# --- scenarios --------------------------------------------------------------------------


class ConstraintKind(StrEnum):
    """What kind of business constraint limits the agent."""

    POLICY = "policy"
    SCHEDULE = "schedule"
    COMPLIANCE = "compliance"
    AUTHORITY = "authority"
    CAPACITY = "capacity"


class RootCauseCategory(StrEnum):
    """The system-level failure behind the call."""

    UNCLEAR_POLICY = "unclear_policy"
    HANDOFF_FAILURE = "handoff_failure"
    BAD_AUTOMATION = "bad_automation"
    STAFFING_GAP = "staffing_gap"
    COMMUNICATION_GAP = "communication_gap"
    SYSTEM_ERROR = "system_error"
    TRAINING_GAP = "training_gap"
    VENDOR_FAILURE = "vendor_failure"


class Detail(ContentModel):
    """One thing on the customer's file.

    The value the agent's screen shows, and how the customer says it when asked.
    """

    value: Text
    """What the agent's desk shows, e.g. 'TL-6092184' or '6 including this one'."""
    said: Text
    """The customer's words for it, a clause that can start a sentence or follow "Sure,":
    'the booking reference is {value}', 'this is my sixth call this month'. ``{value}`` is
    the only placeholder, and optional: where the desk's value reads like a field ('$410
    patient portion'), say it as a person would ('the estimate said about four hundred and
    ten dollars for my part'). For a detail the customer does not know (``known: false``), the
    clause saying so: 'I don't know the ticket number, nobody gave me one'."""
    known: bool = True
    """False for a detail only the company's side has (an internal ticket or work order):
    asked for it, the customer says they do not know."""
    asked_as: list[Text] = []
    """Words a question about it may use besides its key's words ('reach', 'mobile' for a
    phone number; 'how much' for an amount)."""

    @model_validator(mode="after")
    def _check_said(self) -> Detail:
        names = [n for _, n, _, _ in string.Formatter().parse(self.said) if n is not None]
        if any(name != "value" for name in names):
            raise LocatedValueError(
                ("said",), "expected no placeholder but {value}, e.g. 'it's {value}'"
            )
        return self


class Customer(ContentModel):
    """The caller and the details an agent would look up."""

    name: Text
    """Full name, e.g. 'Dana Whitfield'."""
    details: dict[Identifier, Detail]
    """Account numbers, amounts, dates and the like, keyed by a short id."""

    @model_validator(mode="after")
    def _check_phrasing(self) -> Customer:
        for key, detail in self.details.items():
            label = key.replace("_", " ")
            if re.match(rf"\s*my {re.escape(label)}'?s? (?:is|are|was)\b", detail.said, re.I):
                raise LocatedValueError(
                    ("details", key, "said"),
                    f"expected the customer's own words, not 'my {label} is ...' (the "
                    "field's label read out); e.g. 'the reference is {value}'",
                )
        return self


class Constraint(ContentModel):
    """What stops the agent from simply giving the customer what they want."""

    kind: ConstraintKind
    text: Text


class Option(ContentModel):
    """Something the agent could offer right now."""

    id: Identifier
    text: Text
    """The option as the agent would describe it."""
    grantable: bool
    """False for a request the agent may not grant at their level."""
    owner: Text
    """Who carries it out (a person or a team)."""
    time_marker: Text | None = None
    """When it would happen, if the option has a time."""


class Want(ContentModel):
    """One part of what the customer wants from the call, tracked on its own.

    The customer names only the parts still missing ("And the hotel tonight?"), never the
    whole of the desired outcome again once some of it is dealt with.
    """

    text: Text
    """The part in the customer's words, as a phrase that fits "What about ...?" (lower case,
    no full stop): 'a hotel tonight paid for by the airline'."""
    words: Annotated[list[Text], Field(min_length=1)]
    """Words an agent's offer or answer about this part would contain ('hotel', 'room',
    'voucher'); matched by stem, chat spelling included."""

    @model_validator(mode="after")
    def _check_phrase(self) -> Want:
        text = self.text.strip()
        if text[-1:] in ".!?" or re.match(r"(?:I|I'm|I'd|We)\b", text):
            raise LocatedValueError(
                ("text",),
                "expected a phrase that fits 'What about ...?' (no full stop, not a "
                f"sentence of its own); got {text!r}",
            )
        return self


class Fact(ContentModel):
    """A hidden case fact the trainee uncovers by asking a relevant question."""

    id: Identifier
    keywords: Annotated[list[Text], Field(min_length=1)]
    """Words a relevant question would contain."""
    text: Text
    """The fact in the customer's own words, given when asked."""


MIN_SIDE_ISSUES = 3


class SideIssue(ContentModel):
    """Something else wrong in the case, raised once the main issue is dealt with."""

    text: Text
    """How they raise it, in one sentence: 'And the invoice still shows the old cabinets.'"""
    detail: Text
    """What more they say when the agent asks about it (what it is, when, how much)."""


class RootCause(ContentModel):
    """The system-level reason this call happened."""

    category: RootCauseCategory
    text: Text


class Scenario(ContentModel):
    """One case: what happened to the customer, and what the business can do."""

    id: Identifier
    """Stable id used on the command line, e.g. 'dental_billing_surprise'."""
    title: Text
    industry: Text
    """Industry, e.g. 'healthcare' or 'home services'."""
    summary: Text
    """The brief a trainee sees before the call (no hidden facts)."""
    personas: Annotated[list[Identifier], Field(min_length=1)]
    """Ids of the personas this case suits."""
    customer: Customer
    reason_for_call: Text
    """What the customer says they are calling about, in their first breath."""
    trigger: Text
    """What happened first: the triggering event, not the loudest complaint."""
    expected: Text
    """What the customer thinks should have happened."""
    desired_outcome: Text
    """What the customer wants from this call."""
    wants: list[Want] = []
    """The parts of ``desired_outcome``, each dealt with on its own; when empty, the whole
    desired outcome is one part (its content words are what an offer must touch)."""
    constraint: Constraint
    options: Annotated[list[Option], Field(min_length=2)]
    """What can be done right now, including at least one the agent may not grant."""
    facts: Annotated[list[Fact], Field(min_length=3)]
    """Hidden facts revealed only when asked."""
    side_issues: list[SideIssue] = []
    """Other things wrong in this case a customer may raise after the fix; when given, they
    are raised instead of the persona's general ones (which may not fit the case)."""
    root_cause: RootCause
    escalation_owner: Text
    """Who a proper handoff goes to, e.g. 'billing supervisor'."""
    legal_complexity: bool = False
    """True when the case needs someone with legal authority."""
    safety_risk: bool = False
    """True when the case involves a safety concern."""

    @model_validator(mode="after")
    def _check_options_and_facts(self) -> Scenario:
        if not any(o.grantable for o in self.options):
            raise LocatedValueError(
                ("options",), "expected at least one option the agent can grant"
            )
        if all(o.grantable for o in self.options):
            raise LocatedValueError(
                ("options",), "expected at least one option the agent may not grant"
            )
        for field, ids in (
            ("options", [o.id for o in self.options]),
            ("facts", [f.id for f in self.facts]),
        ):
            for index, item_id in enumerate(ids):
                if item_id in ids[:index]:
                    raise LocatedValueError(
                        (field, index, "id"), f"expected a unique id, {item_id!r} is repeated"
                    )
        seen: dict[str, int] = {}
        for index, want in enumerate(self.wants):
            for word in {w.lower() for w in want.words}:
                if word in seen:
                    raise LocatedValueError(
                        ("wants", index, "words"),
                        f"expected words only this part uses; {word!r} is also a word of "
                        f"wants[{seen[word]}], so an offer naming it would count for both",
                    )
                seen[word] = index
        if 0 < len(self.side_issues) < MIN_SIDE_ISSUES:
            raise LocatedValueError(
                ("side_issues",),
                f"expected none or at least {MIN_SIDE_ISSUES} (a customer may raise up to three)",
            )
        return self


# --- rubrics ----------------------------------------------------------------------------


class StepId(StrEnum):
    """The six steps of the de-escalation framework, in order."""

    STAY_CALM = "stay_calm"
    GATHER_INFORMATION = "gather_information"
    CLARIFY_OUTCOME = "clarify_outcome"
    PRESENT_SOLUTION = "present_solution"
    FOLLOW_UP = "follow_up"
    LOG_DATA = "log_data"


class RubricLevel(ContentModel):
    """One achievement level of a step and the evidence that earns it."""

    level: Annotated[int, Field(ge=0, le=4)]
    name: Text
    """e.g. 'missing', 'partial', 'solid', 'excellent'."""
    fraction: Annotated[float, Field(ge=0, le=1)]
    """Share of the step's points this level earns."""
    evidence: Text
    """What the transcript must show to reach this level."""


CHECKABLE_ELEMENTS: dict[StepId, tuple[str, ...]] = {
    StepId.PRESENT_SOLUTION: ("next_action", "owner", "time_marker", "fallback"),
    StepId.FOLLOW_UP: ("when", "how"),
    StepId.LOG_DATA: tuple(CallLog.model_fields),
}
"""The parts the grader can check in each step; a rubric step lists the ones it wants."""


class Element(ContentModel):
    """A part a step is checked for, e.g. the owner of a solution or a call-log field."""

    id: Identifier
    description: Text


class RubricStep(ContentModel):
    """One step of the framework, its weight and how it is scored."""

    id: StepId
    number: Annotated[int, Field(ge=1, le=6)]
    title: Text
    weight: Annotated[float, Field(ge=0, le=100)]
    """Relative weight; weights are normalised over the steps assessed."""
    goal: Text
    """What the trainee is trying to achieve in this step."""
    penalty_moves: list[Move] = []
    """Anti-patterns that cost points in this step."""
    elements: list[Element] = []
    """Parts the step is checked for; the grader checks the ones listed (see ELEMENTS)."""
    levels: Annotated[list[RubricLevel], Field(min_length=2)]
    tips: dict[Identifier, Text] = {}
    """Coaching tips keyed by situation; {turn}, {quote}, {instead}, {missing} are filled in."""

    @model_validator(mode="after")
    def _check_levels(self) -> RubricStep:
        numbers = [level.level for level in self.levels]
        if numbers != list(range(len(numbers))):
            raise LocatedValueError(
                ("levels",), f"expected levels 0, 1, 2... in order, got {numbers}"
            )
        fractions = [level.fraction for level in self.levels]
        for index in range(1, len(fractions)):
            if fractions[index] < fractions[index - 1]:
                raise LocatedValueError(
                    ("levels", index, "fraction"),
                    f"expected a fraction of at least {fractions[index - 1]} "
                    "(fractions must not fall as levels rise)",
                )
        checkable = CHECKABLE_ELEMENTS.get(self.id, ())
        for index, element in enumerate(self.elements):
            if element.id not in checkable:
                expected = ", ".join(checkable) or "none (this step has no parts to check)"
                raise LocatedValueError(
                    ("elements", index, "id"),
                    f"expected one of {expected}; the grader cannot check {element.id!r}",
                )
        for index, move in enumerate(self.penalty_moves):
            if move not in ANTI_PATTERNS:
                raise LocatedValueError(
                    ("penalty_moves", index), f"expected an anti-pattern, {move.value!r} is not one"
                )
        return self


Share = Annotated[float, Field(ge=0, le=1)]


class Costs(ContentModel):
    """Shares of a step's points lost to anti-patterns and to context rules."""

    anti_pattern: Share = 0.15
    """Lost for each anti-pattern quote, in the step that lists the move in penalty_moves."""
    policy_before_acknowledgement: Share = 0.3
    """Lost instead for policy quoted before any acknowledgement or apology."""
    anti_patterns_max: Share = 0.6
    """The most one step can lose to anti-patterns."""
    missed_boundary: Share = 0.25
    """Lost in stay calm when the customer turned abusive and no boundary followed."""
    missed_escalation: Share = 0.3
    """Lost in present solution when a handoff was due and none came."""
    critical_ceiling: Annotated[float, Field(ge=0, le=100)] = 100
    """The most a call can total once the agent insults, mocks or laughs at the customer (a
    critical error on a QA scorecard); 100 turns the rule off."""
    critical_step: Annotated[float, Field(ge=0, le=100)] = 0
    """How much lower the ceiling goes for each further critical error."""
    critical_floor: Annotated[float, Field(ge=0, le=100)] = 0
    """The ceiling never goes below this."""
    walkout_share: Share = 1.0
    """The share of its total a call keeps when the customer's last line walks out unresolved
    ("Forget it.", "I'm done. You'll hear from me."): the call was lost; 1 turns it off."""
    unprofessional_turns: Annotated[int, Field(ge=1)] = 3
    """How many agent turns with an unprofessional anti-pattern set the whole call's tone."""
    unprofessional_ceiling: Annotated[float, Field(ge=0, le=100)] = 100
    """The most a call can total once that many turns were unprofessional; 100 turns it off."""


class Rubric(ContentModel):
    """The six-step framework as data, or a company's reweighting of another rubric."""

    id: Identifier
    title: Text
    version: Text
    """Bumped whenever scoring changes, so an old grade can be explained later."""
    description: str = ""
    extends: Identifier | None = None
    """Id of a rubric to copy steps from; then only `weights` may change them."""
    weights: dict[StepId, Annotated[float, Field(ge=0, le=100)]] = {}
    """Step weights that replace those of the rubric this one extends."""
    pass_mark: Annotated[float, Field(ge=0, le=100)] = 70
    """The total that counts as a pass: drawn on every score chart, the default for drills."""
    steps: list[RubricStep] = []
    costs: Costs | None = None
    """What anti-patterns and context rules cost; a rubric that extends another inherits them."""
    rewrite: dict[Identifier, Text] = {}
    """Sentence templates used to rewrite a weak trainee line, keyed by the fix they make."""

    @model_validator(mode="after")
    def _check_steps(self) -> Rubric:
        if self.extends is not None:
            if self.steps:
                raise LocatedValueError(
                    ("steps",), "expected no steps in a rubric that extends another (use weights)"
                )
            return self
        if self.weights:
            raise LocatedValueError(
                ("weights",), "expected weights only in a rubric that extends another"
            )
        ids = [step.id for step in self.steps]
        for index, step_id in enumerate(ids):
            if step_id in ids[:index]:
                raise LocatedValueError(
                    ("steps", index, "id"), f"expected each step once, {step_id.value!r} repeats"
                )
        missing = [s.value for s in StepId if s not in ids]
        if missing:
            raise LocatedValueError(
                ("steps",), f"expected all six steps, missing: {', '.join(missing)}"
            )
        return self


# --- phrase banks -----------------------------------------------------------------------


class BankCategory(StrEnum):
    """What a phrase bank is for. Banks of the same category merge across content folders."""

    EMPATHY = "empathy"
    BOUNDARY = "boundary"
    ESCALATION = "escalation"
    REASSURANCE = "reassurance"
    DIAGNOSIS = "diagnosis"
    SOLUTION = "solution"
    CLOSING = "closing"
    AVOID = "avoid"


class Phrase(ContentModel):
    """One phrase a trainee might say, labelled with the move it makes."""

    text: Text
    move: Move
    specificity: Literal["specific", "generic"] | None = None
    """Empathy only: 'specific' names the customer's situation, 'generic' could fit any call."""
    why: str | None = None
    """Avoid list: why it backfires."""
    instead: str | None = None
    """Avoid list: the better alternative to say."""
    presumes: list[Text] = []
    """Avoid list: words the ``instead`` line takes for granted ('charge', 'bill'); it is
    offered only in a call that mentions one of them (matched by stem), so a tip never talks
    of a deadline or a charge the call does not have. Empty: the line fits any call."""


class PhraseBank(ContentModel):
    """A list of phrases of one category."""

    id: Identifier
    category: BankCategory
    title: Text
    description: str = ""
    phrases: Annotated[list[Phrase], Field(min_length=1)]

    @model_validator(mode="after")
    def _check_phrases(self) -> PhraseBank:
        for index, phrase in enumerate(self.phrases):
            if phrase.presumes and phrase.instead is None:
                raise LocatedValueError(
                    ("phrases", index, "presumes"),
                    "expected an `instead` line beside `presumes` (it says what that line takes "
                    "for granted)",
                )
            if self.category is BankCategory.AVOID:
                if phrase.move not in ANTI_PATTERNS:
                    raise LocatedValueError(
                        ("phrases", index, "move"),
                        f"expected an anti-pattern in an avoid bank, {phrase.move.value!r} is good",
                    )
                if not phrase.instead:
                    raise LocatedValueError(
                        ("phrases", index, "instead"),
                        "expected 'instead': every avoid entry names a better alternative",
                    )
            elif phrase.move not in GOOD_MOVES:
                raise LocatedValueError(
                    ("phrases", index, "move"),
                    f"expected a good move; {phrase.move.value!r} belongs in an 'avoid' bank",
                )
            if self.category is BankCategory.EMPATHY and phrase.specificity is None:
                raise LocatedValueError(
                    ("phrases", index, "specificity"),
                    "expected 'specific' or 'generic' for every empathy phrase",
                )
        return self
