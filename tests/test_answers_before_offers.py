"""What the turn asks is answered; a promise beside a question is not a plan to accept.

Found in a blind play-test: "I'll get this sorted today. Is anything unsafe right now?" was
met with "Good. That's a plan I can live with." and the call ended after one turn. A
question after a lead-in ("One thing that'll help: have you been in touch with them?") is
read for its form where the asking starts. And a customer too upset to take an offer that
covers everything doubts it will happen; it does not call it not enough.
"""

from __future__ import annotations

import pytest

from simulator.content import default_content
from simulator.models.lines import LineKind
from simulator.moves.cues import question_form
from simulator.practice import CallSetup, SessionEngine
from simulator.practice.items import told_again
from tests.customer_calls import first

TAKEN = {LineKind.OPTION_ACCEPT, LineKind.PLAN_ACCEPT, LineKind.PICK}

PROMISE_AND_QUESTION = (
    "Harriet, I hear you. Dwayne Kowalczyk is your project manager, and I'm going to make "
    "sure this gets sorted today. First thing: is anything in the kitchen unsafe right now, "
    "like exposed wiring?"
)


@pytest.mark.parametrize("seed", range(4))
def test_a_question_beside_a_promise_is_answered_not_taken_as_a_plan(seed: int) -> None:
    result = first(
        default_content(), "impatient", "kitchen_remodel_delay", PROMISE_AND_QUESTION, seed
    )
    assert not set(result.beats) & TAKEN, result.reply
    assert not result.state.plan_accepted and not result.state.ended, result.reply
    assert "wire" in result.reply.lower() or "wiring" in result.reply.lower(), result.reply


@pytest.mark.parametrize(
    ("question", "form"),
    [
        (
            "one thing that'll help the case: have you been in touch with them?",
            "have you been in touch with them?",
        ),
        ("and brightline, have you spoken to them at all?", "have you spoken to them at all?"),
        (
            "if it doesn't come by friday, what would you like us to do?",
            "what would you like us to do?",
        ),
        ("have you got the email?", "have you got the email?"),
        ("the 6:50 or the 9:40?", "the 6:50 or the 9:40?"),
    ],
)
def test_a_question_is_read_from_where_the_asking_starts(question: str, form: str) -> None:
    assert question_form(question) == form


def test_a_plan_taken_beside_a_question_about_themselves_answers_it_too() -> None:
    content = default_content()
    engine = SessionEngine(content, CallSetup("aggressive", "bank_duplicate_charge", 2, 0))
    _, state = engine.start()
    state = state.model_copy(update={"heat": 3.0, "trust": 6.0})
    result = engine.step(
        state,
        "I'm filing the duplicate-charge dispute right now and you'll get the case number by "
        "text before we hang up. One thing that'll help: have you been in touch with the "
        "shop about it?",
    )
    assert set(result.beats) & TAKEN, result.reply
    assert {LineKind.SELF_YES, LineKind.SELF_NO} & set(result.beats), result.reply


def test_an_offer_of_everything_to_a_customer_too_upset_to_take_it_is_doubted() -> None:
    content = default_content()
    offer = (
        "I'll close the membership now and refund every charge since January, and the "
        "annual fee, today, without you visiting the club."
    )
    for persona in content.scenarios["gym_membership_cancellation"].personas:
        engine = SessionEngine(content, CallSetup(persona, "gym_membership_cancellation", 2, 0))
        _, state = engine.start()
        state = state.model_copy(update={"heat": 9.0, "trust": 2.0})
        result = engine.step(state, offer)
        assert LineKind.OPTION_REJECT not in result.beats, (persona, result.reply)


def test_a_lead_in_is_not_what_is_come_back_to() -> None:
    said = told_again('Now that you mention it, there was a little "E" next to the reading.')
    assert said.startswith("Like I said, there was"), said
