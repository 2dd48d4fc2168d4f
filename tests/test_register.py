"""Chat shorthand through a call, and "sorry" in every other reply, are coached on step 1.

Trainers in the blind play-tests, again and again: "the casual chat style ('u', 'recieve',
'done!!') is too informal for a customer line"; "generic sorrys"; "the over-apologising".
The grader reads chat spelling in full for what it says; it still holds step 1 at 2.
"""

from __future__ import annotations

import pytest

from simulator.content import default_content
from simulator.grading import Grader
from simulator.models.content import StepId
from simulator.moves.spelling import chat_register
from tests.test_grader_routine import call


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(default_content())


@pytest.mark.parametrize(
    ("text", "chat"),
    [
        ("hi! no problem at all, can i get ur order number pls?", True),
        ("ok done!!", True),
        ("Sure, I can do that for you today.", False),
        ("I'm gonna check the info, give me two mins.", False),
        ("The reference is R-1180. R is for return.", False),
    ],
)
def test_chat_shorthand_is_told_from_speech_and_writing(text: str, chat: bool) -> None:
    assert chat_register(text) is chat


ROUTINE = (
    "Hello, I ordered a sofa from you and I need to change the delivery date.",
    "{0} no problem at all, can I get {your} order number{please}?",
    "Sure, it's FN-302786.",
    "Thanks. I see it, delivery booked for Thursday the 19th. What date would work better?",
    "Anything the week after. Ideally Tuesday.",
    "{1} I've moved it to Tuesday the 24th, 7am to 1pm, no charge for changing it.",
    "Brilliant. Do I get a confirmation?",
    "Yes, {you} will receive an email with the new date in the next hour. Anything else?",
    "No, that's it, thanks.",
)


def _routine(chat: bool) -> list[str]:
    words = (
        {"your": "ur", "please": " pls", "you": "u"}
        if chat
        else {"your": "your", "please": "", "you": "you"}
    )
    marks = ("Hi!!", "Done!!") if chat else ("Hi,", "Done.")
    return [line.format(*marks, **words) for line in ROUTINE]


def test_a_call_typed_in_chat_shorthand_throughout_holds_step_1_at_partial(
    grader: Grader,
) -> None:
    plain = grader.grade(call(*_routine(chat=False))).steps[StepId.STAY_CALM]
    chat = grader.grade(call(*_routine(chat=True))).steps[StepId.STAY_CALM]
    assert plain.level == 3
    assert chat.level == 1
    assert any("register" in m for m in chat.missing)


def test_shorthand_in_half_the_replies_holds_step_1_at_2(grader: Grader) -> None:
    chat, plain = _routine(chat=True), _routine(chat=False)
    lines = [*chat[:6], *plain[6:]]  # two of the four replies typed as chat
    step = grader.grade(call(*lines)).steps[StepId.STAY_CALM]
    assert step.level == 2
    assert any("register" in m for m in step.missing)


def test_one_slip_into_shorthand_is_not_a_habit(grader: Grader) -> None:
    lines = _routine(chat=False)
    lines[-2] = "Yes, u will receive an email with the new date in the next hour. Anything else?"
    assert grader.grade(call(*lines)).steps[StepId.STAY_CALM].level == 3


def test_sorry_in_most_replies_of_a_difficult_call_is_a_habit(grader: Grader) -> None:
    lines = (
        "This is the third time I've called and my claim is still denied. I'm furious.",
        "I'm so sorry you've had to call three times about the denied claim, that's awful.",
        "It is. Nobody listens.",
        "Sorry about that. What did the last person tell you?",
        "That it was a slow leak. It wasn't.",
        "Sorry, I understand. Did a plumber come out?",
        "Yes, he wrote that the fitting split.",
        "Sorry again. I'll open a reconsideration today with the invoice attached; the review "
        "team decides within 15 business days and I'll call you on Friday with an update.",
        "Fine.",
    )
    result = grader.grade(call(*lines)).steps[StepId.STAY_CALM]
    assert result.level is not None and result.level <= 2
    assert "apologies kept for something that went wrong" in result.missing


def test_a_grant_the_agent_may_make_is_no_overpromise_for_sharing_words_with_one_it_may_not(
    grader: Grader,
) -> None:
    # set 8: "I can refund the $49 annual fee and April's charge" (grantable) was marked as
    # "Refund all three monthly charges and the annual fee" (not grantable)
    opening = (
        "I cancelled this membership in January and you're still taking sixty dollars a "
        "month off my card. I want my money back."
    )
    allowed = "i can refund the 49 annual fee and aprils 59.99 today, back on ur card in 5-7 days"
    beyond = "I can refund all three monthly charges and the annual fee today, on this call."
    for line, over in ((allowed, False), (beyond, True)):
        transcript = call(opening, line, "Okay.").model_copy(
            update={"scenario": "gym_membership_cancellation"}
        )
        hits = [h.move.value for h in grader.grade(transcript).anti_patterns]
        assert ("overpromise" in hits) is over, (line, hits)
