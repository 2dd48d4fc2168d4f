"""The fixed list of trainee moves and the one table of what each move is.

Every part of the tool that treats moves as a group (the mood model, the story director,
the practice engine, the detector's question check, the grader, the rewrites) asks the
``TRAITS`` table below, so adding a move means adding its enum value and one table row.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Move(StrEnum):
    """A move a trainee can make in one reply: good moves first, then anti-patterns."""

    # Good moves.
    GREET = "greet"
    USE_NAME = "use_name"
    ACKNOWLEDGE_EMOTION = "acknowledge_emotion"
    APOLOGIZE = "apologize"
    REFLECT = "reflect"
    ASK_QUESTION = "ask_question"
    CLARIFY_OUTCOME = "clarify_outcome"
    OFFER_CHOICES = "offer_choices"
    ACTION_PLAN = "action_plan"
    SET_TIMELINE = "set_timeline"
    REASSURE = "reassure"
    THANK = "thank"
    SET_BOUNDARY = "set_boundary"
    ESCALATE_HANDOFF = "escalate_handoff"
    FOLLOW_UP = "follow_up"
    CONFIRM_RESOLUTION = "confirm_resolution"
    # Anti-patterns.
    DISMISSIVE = "dismissive"
    HELPLESS = "helpless"
    CITE_POLICY = "cite_policy"
    BLAME_SHIFT = "blame_shift"
    VAGUE_HOLD = "vague_hold"
    MULTI_QUESTION = "multi_question"
    ARGUE = "argue"
    OVERPROMISE = "overpromise"
    HOSTILE = "hostile"


QuestionKind = str
"""What a customer's pending question waits for: when, manager, request, competence, history
or other (the director's question kinds)."""


@dataclass(frozen=True)
class Traits:
    """What a move is, for every part of the tool that groups moves."""

    anti_pattern: bool = False
    """A move a coach wants the trainee to drop (it costs points, never earns them)."""
    soothing: bool = False
    """Sympathy: lowers heat for a while, then wears thin when nothing follows it."""
    progress: bool = False
    """Takes the call a step forward; the substance that makes sympathy believable."""
    feeling: bool = False
    """Acknowledges the customer's feeling or the company's fault (acknowledge, apologise)."""
    heard: bool = False
    """Leaves the customer feeling heard (a feeling acknowledged, or their words played back)."""
    offer: bool = False
    """Puts something on the table the customer can accept or turn down."""
    promise: bool = False
    """Commits the agent to something; what a call log's promise must match."""
    timed: bool = False
    """A commitment a time marker attaches to (a time on its own is not a plan)."""
    owns_question: bool = False
    """A question inside this move is this move's, not information gathering."""
    cancels_empathy: bool = False
    """Undoes an empathy line in the same turn ("I hear you. Calm down.")."""
    critical: bool = False
    """A critical error on a QA scorecard (insulting or mocking the customer): it caps the
    whole call's total (the rubric's critical_ceiling)."""
    unprofessional: bool = False
    """Rude, mocking or beyond the agent's authority: the sentence carrying it is never
    quoted as good evidence, whatever good move it also holds."""
    answers: frozenset[QuestionKind] = frozenset()
    """Kinds of pending customer question this move answers."""
    customer_reply: str | None = None
    """The line kind (``LineKind`` value) the customer answers this anti-pattern with."""
    severity: int = 0
    """How hard the customer reacts; the strongest anti-pattern in a turn gets the reply."""
    under_stress: bool = False
    """An anti-pattern only for a customer with something to defuse: on a calm routine call
    two details asked together ("Can I take your name, and what date and time?") are how a
    booking gets taken; only a barrage of three or more still counts there."""


_OTHER = "other"
TRAITS: dict[Move, Traits] = {
    Move.GREET: Traits(),
    Move.USE_NAME: Traits(),
    Move.ACKNOWLEDGE_EMOTION: Traits(
        soothing=True,
        feeling=True,
        heard=True,
        answers=frozenset({"competence", "history", _OTHER}),
    ),
    Move.APOLOGIZE: Traits(soothing=True, feeling=True, heard=True, answers=frozenset({"history"})),
    Move.REFLECT: Traits(
        progress=True, heard=True, answers=frozenset({"competence", "history", _OTHER})
    ),
    Move.ASK_QUESTION: Traits(progress=True, answers=frozenset({_OTHER})),
    Move.CLARIFY_OUTCOME: Traits(progress=True, owns_question=True, answers=frozenset({_OTHER})),
    Move.OFFER_CHOICES: Traits(
        progress=True,
        offer=True,
        timed=True,
        owns_question=True,
        answers=frozenset({"manager", "request", _OTHER}),
    ),
    Move.ACTION_PLAN: Traits(
        progress=True,
        offer=True,
        promise=True,
        timed=True,
        answers=frozenset({"manager", "request", "competence", "history", _OTHER}),
    ),
    Move.SET_TIMELINE: Traits(progress=True, promise=True, answers=frozenset({"when", _OTHER})),
    Move.REASSURE: Traits(soothing=True, answers=frozenset({"competence"})),
    Move.THANK: Traits(),
    Move.SET_BOUNDARY: Traits(progress=True),
    Move.ESCALATE_HANDOFF: Traits(
        progress=True,
        promise=True,
        timed=True,
        owns_question=True,
        answers=frozenset({"manager", "request", _OTHER}),
    ),
    Move.FOLLOW_UP: Traits(progress=True, promise=True, timed=True),
    Move.CONFIRM_RESOLUTION: Traits(progress=True, owns_question=True),
    Move.DISMISSIVE: Traits(
        anti_pattern=True,
        cancels_empathy=True,
        unprofessional=True,
        customer_reply="calm_down",
        severity=6,
    ),
    Move.HELPLESS: Traits(
        anti_pattern=True, cancels_empathy=True, customer_reply="helpless", severity=3
    ),
    Move.CITE_POLICY: Traits(
        anti_pattern=True, cancels_empathy=True, customer_reply="policy", severity=2
    ),
    Move.BLAME_SHIFT: Traits(
        anti_pattern=True, cancels_empathy=True, customer_reply="blame", severity=5
    ),
    Move.VAGUE_HOLD: Traits(anti_pattern=True, owns_question=True),
    Move.MULTI_QUESTION: Traits(anti_pattern=True, under_stress=True),
    Move.ARGUE: Traits(
        anti_pattern=True,
        cancels_empathy=True,
        unprofessional=True,
        customer_reply="blame",
        severity=4,
    ),
    Move.OVERPROMISE: Traits(
        anti_pattern=True,
        promise=True,
        cancels_empathy=True,
        unprofessional=True,
        customer_reply="overpromise",
        severity=1,
    ),
    Move.HOSTILE: Traits(
        anti_pattern=True,
        cancels_empathy=True,
        unprofessional=True,
        critical=True,
        owns_question=True,
        customer_reply="hostile",
        severity=7,
    ),
}
"""Every move's traits. A move missing here fails at import (see ``_check``)."""


def traits(move: Move) -> Traits:
    """The traits of one move."""
    return TRAITS[move]


def having(**wanted: bool) -> frozenset[Move]:
    """The moves whose traits have all the given values, e.g. ``having(soothing=True)``."""
    return frozenset(
        m for m, t in TRAITS.items() if all(getattr(t, k) == v for k, v in wanted.items())
    )


def in_order(moves: frozenset[Move]) -> tuple[Move, ...]:
    """The moves of a set in enum order (for loops whose order shows in output)."""
    return tuple(m for m in Move if m in moves)


def _check() -> None:
    missing = [m.value for m in Move if m not in TRAITS]
    if missing:
        raise RuntimeError(f"moves without a TRAITS row in simulator/models/moves.py: {missing}")


_check()

ANTI_PATTERNS: frozenset[Move] = having(anti_pattern=True)
GOOD_MOVES: frozenset[Move] = frozenset(set(Move) - ANTI_PATTERNS)
SOOTHING: frozenset[Move] = having(soothing=True)
PROGRESS: frozenset[Move] = having(progress=True)
FEELING: frozenset[Move] = having(feeling=True)
HEARD: frozenset[Move] = having(heard=True)
OFFERS: frozenset[Move] = having(offer=True)
PROMISES: frozenset[Move] = having(promise=True)
TIMED: frozenset[Move] = having(timed=True)
OWNS_QUESTION: frozenset[Move] = having(owns_question=True)
CANCELS_EMPATHY: frozenset[Move] = having(cancels_empathy=True)
UNPROFESSIONAL: frozenset[Move] = having(unprofessional=True)
CRITICAL: frozenset[Move] = having(critical=True)
UNDER_STRESS: frozenset[Move] = having(under_stress=True)
REPLIES: tuple[tuple[Move, str], ...] = tuple(
    (m, t.customer_reply)
    for m, t in sorted(TRAITS.items(), key=lambda item: -item[1].severity)
    if t.customer_reply
)
"""Anti-patterns and the line kind the customer answers them with, strongest first."""


def answering(kind: QuestionKind) -> frozenset[Move]:
    """The moves that answer a pending customer question of this kind."""
    return frozenset(m for m, t in TRAITS.items() if kind in t.answers)


def is_anti_pattern(move: Move) -> bool:
    """Return True when the move is one a coach wants the trainee to drop."""
    return TRAITS[move].anti_pattern
