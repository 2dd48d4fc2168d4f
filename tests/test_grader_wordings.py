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
from simulator.grading import Grader
from simulator.models import StepId, Transcript, Turn
from simulator.models.moves import Move
from simulator.moves import detector_for
from simulator.moves.cues import HANDOFF_NOTES, HANDOFF_WHY
from simulator.moves.spelling import filler_register

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


def test_a_clipped_question_word_is_no_name_and_no_second_question() -> None:
    moves = _moves("When does it drop? Times?")
    assert Move.USE_NAME not in moves
    assert Move.MULTI_QUESTION not in moves
    assert Move.MULTI_QUESTION not in _moves("Need the pattern first. Mornings? Afternoons? Rain?")
    assert Move.MULTI_QUESTION in _moves("What happened? And who did you speak to?")
    assert Move.USE_NAME in _moves("Hi Dana. How are you?")


def test_a_plan_counted_out_in_fragments_is_a_plan() -> None:
    plan = "Three things. One: repeat fault, network maintenance crew. Two: 5G hotspot, overnight."
    assert Move.ACTION_PLAN in _moves(plan)
    assert Move.ACTION_PLAN not in _moves("Two questions. One: what happened?")
    assert Move.ESCALATE_HANDOFF in _moves(
        "Manager too. Flagging to network maintenance supervisor."
    )


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("So if I can get you there early tomorrow, is that what you need?", Move.CLARIFY_OUTCOME),
        ("That's a rotten way to end a travel day.", Move.ACKNOWLEDGE_EMOTION),
        ("I can help best if we keep it to the problem rather than me.", Move.SET_BOUNDARY),
    ],
)
def test_strong_agents_plain_words_are_read(text: str, move: Move) -> None:
    assert move in _moves(text)


def test_a_plan_supposed_in_a_question_is_not_a_plan_step() -> None:
    assert Move.ACTION_PLAN not in _moves("So if I can get you there early, is that what you need?")
    assert Move.ACTION_PLAN in _moves("If you want, I can send it now.")


def test_a_reply_spoken_through_fillers_is_a_register_habit() -> None:
    assert filler_register("Okay, um, so, like, the main thing, uh, is the rent, right?")
    assert not filler_register("Um, let me check that for you.")


def test_a_promise_to_get_back_is_a_follow_up_and_a_guessed_time_is_none() -> None:
    assert Move.FOLLOW_UP in _moves("ill double check w my manager and let u know")
    assert Move.FOLLOW_UP in _moves("I'll send you an email with the details.")
    assert Move.SET_TIMELINE not in _moves("soon, probably this week. ill send an email")
    assert Move.SET_TIMELINE in _moves("I'll call you by 5pm, hopefully sooner.")


def _graded_follow_up(promise: str) -> list[str]:
    lines = [
        "You denied my claim and nobody has explained why. I'm furious.",
        "That's a rotten way to be treated after nine years. What happened on the day?",
        "There was an inch of water across the kitchen floor in the morning.",
        f"I'm opening a reconsideration today with the plumber's invoice attached. {promise}",
        "Fine.",
    ]
    turns = [
        Turn(speaker="customer" if i % 2 == 0 else "agent", text=line)
        for i, line in enumerate(lines)
    ]
    report = Grader(default_content()).grade(Transcript(turns=turns))
    return report.steps[StepId.FOLLOW_UP].missing


def test_with_a_customer_in_trouble_a_follow_up_that_only_sends_is_partial() -> None:
    sent = _graded_follow_up("I'll email you the policy wording today.")
    assert "a check-back on the result, not only something sent" in sent
    checked = _graded_follow_up("I'll call you on Friday at 10 to check the review has started.")
    assert "a check-back on the result, not only something sent" not in checked
