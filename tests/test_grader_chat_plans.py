"""A plan typed in chat spelling is read whole, and a guess is not an answer.

Found on play-test set 11 (read as development for the grader in session 14): "so ill file a
dispute for the duplicate one" was no plan (after "so", "ill" was read as unwell), so an
outcome question after it was credited as asked first; "if i dont hear back by thursday noon
ill call the surgery myself" was no fallback and "ill send the request" named no owner,
because the grader's step checks read the line as typed while the detector read it in
standard spelling; "i think that takes like 5 business days??" was a time given; "um yes i
think so" and "it keeps ur rate i think" were answers nobody checked, with no cost.
"""

from __future__ import annotations

import pytest

from simulator.content import default_content
from simulator.grading import Grader
from simulator.models import StepId, Transcript, Turn
from simulator.models.moves import Move
from simulator.moves import detector_for
from simulator.moves.spelling import standardise

DETECTOR = detector_for(default_content())


def _moves(text: str) -> frozenset[Move]:
    return frozenset(DETECTOR.detect(text, None, []).moves)


@pytest.mark.parametrize(
    ("typed", "standard"),
    [
        ("so ill file a dispute for u", "so I'll file a dispute for you"),
        ("ok so ill call u back", "ok so I'll call you back"),
    ],
)
def test_ill_after_so_before_a_verb_is_i_will(typed: str, standard: str) -> None:
    assert standardise(typed).text == standard


@pytest.mark.parametrize("typed", ["im so ill today", "she was so ill that she stayed home"])
def test_ill_meaning_unwell_stays(typed: str) -> None:
    assert " ill " in f" {standardise(typed).text} "


def test_a_plan_after_so_is_a_plan() -> None:
    assert Move.ACTION_PLAN in _moves("ok i see it. so ill file a dispute for the duplicate one")


def _graded(agent: list[str]) -> dict[StepId, list[str]]:
    customer = [
        "My bill went up and I want to know why, and I need it sorted before Friday.",
        "It was 410 on the estimate and now it's 1135.",
        "Okay.",
        "Fine.",
    ]
    turns = []
    for c, a in zip(customer, agent, strict=True):
        turns += [Turn(speaker="customer", text=c), Turn(speaker="agent", text=a)]
    report = Grader(default_content()).grade(Transcript(turns=turns))
    return {step: result.missing for step, result in report.steps.items()}


def test_owner_fallback_and_channel_are_read_in_chat_spelling() -> None:
    missing = _graded(
        [
            "im sorry about that, thats a big jump. what did the estimate say?",
            "ok so the estimate was 410 and the bill is 1135, right?",
            "ill send the claim to the review team today and ill call u by 4pm tomorow with "
            "the answer",
            "if i dont hear back by noon ill call the review team myself. anything else?",
        ]
    )
    solution = missing[StepId.PRESENT_SOLUTION]
    assert "owner" not in solution
    assert "fallback" not in solution
    assert "how the customer will hear (call, email, text)" not in missing[StepId.FOLLOW_UP]


@pytest.mark.parametrize(
    "text",
    [
        "i think that takes like 5 business days",
        "maybe it'll be there tomorrow",
        "It should arrive like next week.",
    ],
)
def test_a_guessed_time_is_no_time(text: str) -> None:
    assert Move.SET_TIMELINE not in _moves(text)


def test_a_time_said_outright_is_still_a_time() -> None:
    assert Move.SET_TIMELINE in _moves("The technician will be there by 3pm.")


@pytest.mark.parametrize(
    "text",
    ["um yes i think so, it should just restart", "yes it keeps ur rate i think. ok, all set"],
)
def test_a_guess_given_as_the_answer_is_an_anti_pattern(text: str) -> None:
    assert Move.HELPLESS in _moves(text)


@pytest.mark.parametrize("text", ["I think so too.", "I think the quickest fix is a new card."])
def test_an_opinion_is_no_guess(text: str) -> None:
    assert Move.HELPLESS not in _moves(text)
