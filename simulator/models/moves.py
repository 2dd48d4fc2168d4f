"""The fixed list of trainee moves shared by the detector, the grader and the mood model."""

from __future__ import annotations

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


ANTI_PATTERNS: frozenset[Move] = frozenset(
    {
        Move.DISMISSIVE,
        Move.HELPLESS,
        Move.CITE_POLICY,
        Move.BLAME_SHIFT,
        Move.VAGUE_HOLD,
        Move.MULTI_QUESTION,
        Move.ARGUE,
        Move.OVERPROMISE,
        Move.HOSTILE,
    }
)
GOOD_MOVES: frozenset[Move] = frozenset(set(Move) - ANTI_PATTERNS)


def is_anti_pattern(move: Move) -> bool:
    """Return True when the move is one a coach wants the trainee to drop."""
    return move in ANTI_PATTERNS
