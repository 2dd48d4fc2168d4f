"""Strong agents' own words are read, and a question about resolution is not calming down.

Found on play-test set 10 (read as development for the grader in session 13): "What would you
like to see happen?", "what do you need most right now?" and "For you, what is most important
now?" were not outcome questions; "Four calls about the same thing is four too many" and
"you shouldn't have to come in for anything" earned no acknowledgement; "sending it to our
network maintenance crew" was no handoff; "Does that settle it?" was marked dismissive;
"Is there something more I can help you for?" was no resolution check.
"""

from __future__ import annotations

import pytest

from simulator.content import default_content
from simulator.models.moves import Move
from simulator.moves import detector_for
from simulator.moves.cues import HANDOFF_NOTES, HANDOFF_WHY

DETECTOR = detector_for(default_content())


def _moves(text: str) -> frozenset[Move]:
    return frozenset(DETECTOR.detect(text, None, []).moves)


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("What would you like to see happen - the charges back?", Move.CLARIFY_OUTCOME),
        (
            "What do you need most right now - a line that works, or a way out?",
            Move.CLARIFY_OUTCOME,
        ),
        ("For you, what is most important now?", Move.CLARIFY_OUTCOME),
        ("Four calls about the same thing is four too many.", Move.ACKNOWLEDGE_EMOTION),
        ("You shouldn't have to come in for anything.", Move.ACKNOWLEDGE_EMOTION),
        ("I'm sending it to our network maintenance crew today.", Move.ESCALATE_HANDOFF),
        ("Is there something more I can help you for today?", Move.CONFIRM_RESOLUTION),
        ("Tell me honest - something still make you worried?", Move.CONFIRM_RESOLUTION),
        ("Any other questions for me?", Move.CONFIRM_RESOLUTION),
        ("Settle down, sir.", Move.DISMISSIVE),
    ],
)
def test_a_wording_is_read_as_its_move(text: str, move: Move) -> None:
    assert move in _moves(text)


def test_asking_whether_it_is_settled_is_not_telling_them_to_settle_down() -> None:
    moves = _moves("Does that settle it?")
    assert Move.DISMISSIVE not in moves
    assert Move.CONFIRM_RESOLUTION in moves


def test_something_still_happening_is_no_resolution_check() -> None:
    assert Move.CONFIRM_RESOLUTION not in _moves("Something is still making noise in the engine.")


def test_a_handoff_says_why_and_passes_the_evidence_in_plain_words() -> None:
    turn = (
        "February and March I can't sign off alone - that's our member services manager - so "
        "I'm sending them to her with your January 9th app request attached."
    )
    assert HANDOFF_WHY.search(turn)
    assert HANDOFF_NOTES.search(turn)
    assert not HANDOFF_NOTES.search("I'm sending them to her today.")
