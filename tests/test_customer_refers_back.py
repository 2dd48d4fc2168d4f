"""A check worded as a request, a question that names its answer, one that points back.

Found on play-test set 14 (read as development for the customer in session 15): "Kindly
confirm whether this is acceptable." got "I couldn't tell you. Nobody tells me anything.";
"Where would you prefer me to send it: to greta.lindqvist@mailbox.example?" got "I honestly
couldn't tell you where."; "Before anything else: is there anything in the house that's
unsafe?" was heard as "anything else?"; "Let's start with the wiring. Where is it?" got
"Not sure where." from the customer who had just described it; "I want to make sure I get it
right for you" was heard as a plan put to them.
"""

from __future__ import annotations

from simulator.content import default_content
from simulator.models.lines import LineKind
from simulator.models.moves import Move
from simulator.moves import detector_for
from simulator.moves.cues import CLOSING_CHECK, PROPOSAL, asked_in, direct
from simulator.practice import CallSetup, SessionEngine

CONTENT = default_content()
DETECTOR = detector_for(CONTENT)


def _engine(persona: str, case: str, difficulty: int = 2, seed: int = 0, **state: object):
    engine = SessionEngine(CONTENT, CallSetup(persona, case, difficulty, seed))
    _, start = engine.start()
    return engine, start.model_copy(update={"turn": 3, **state})


def test_a_check_worded_as_a_request_is_a_yes_no_question() -> None:
    assert direct("kindly confirm whether this is acceptable?") == "is this acceptable?"
    assert direct("could you let me know if that works for you?") == "does that work for you?"
    assert direct("what time works?") == "what time works?"
    assert PROPOSAL.search(asked_in("kindly confirm whether this is acceptable?")[0])


def test_before_anything_else_opens_a_question_and_does_not_close_the_call() -> None:
    assert not CLOSING_CHECK.search("before anything else: is there anything unsafe right now?")
    assert CLOSING_CHECK.search("is there anything else i can help with?")


def test_a_question_word_with_the_answer_named_is_confirmed() -> None:
    engine, state = _engine("complainer", "ecommerce_damaged_delivery", trust=8.0, heat=2.0)
    email = CONTENT.scenarios["ecommerce_damaged_delivery"].customer.details["email"].value
    result = engine.step(state, f"Where would you prefer me to send the form: to {email}?")
    assert LineKind.CONFIRM in list(result.beats)
    assert LineKind.NOT_SURE not in list(result.beats)


def test_a_question_that_points_back_at_the_fact_just_told_gets_it_again() -> None:
    engine, state = _engine("chronic_caller", "kitchen_remodel_delay", heat=5.0, trust=3.0)
    first = engine.step(
        state, "Before anything else: is there anything in the house that's unsafe?"
    )
    assert LineKind.REVEAL in list(first.beats)
    again = engine.step(first.state, "Let's start with the wiring. Where is it and how bad is it?")
    assert LineKind.NOT_SURE not in list(again.beats)
    assert "box in the wall" in again.reply


def test_wanting_to_get_it_right_is_no_plan() -> None:
    moves = DETECTOR.detect("i want to make sure i get it right for u", None, []).moves
    assert Move.ACTION_PLAN not in moves
    assert Move.ACKNOWLEDGE_EMOTION not in moves
