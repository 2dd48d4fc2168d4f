"""Addresses and names are not legal threats, and a strong agent's plain words are read.

Found on play-test set 13 (read as development for the grader in session 14, after its
figures at the start of the session were recorded): "14 Marlowe Court" made a routine address
change a legal case with a handoff due; "you're right, that delay was on us" earned no
acknowledgement; "... and by what time?" was no outcome question; "cash compensation sits with
customer relations" was no handoff; a customer who says "That's everything" before being asked
still cost the agent the check; a want the customer stated and the agent played back scored as
never asked; "that's between you and the store" cost nothing.
"""

from __future__ import annotations

import pytest

from simulator.content import default_content
from simulator.grading import Grader
from simulator.models import StepId, Transcript, Turn
from simulator.models.moves import Move
from simulator.moves import detector_for
from simulator.moves.authority import beyond_authority, grants
from simulator.moves.cues import LEGAL
from simulator.moves.questions import distinct_questions

DETECTOR = detector_for(default_content())
GRADER = Grader(default_content())


def _moves(text: str) -> frozenset[Move]:
    return frozenset(DETECTOR.detect(text, None, []).moves)


def _call(*lines: str) -> Transcript:
    return Transcript(
        turns=[
            Turn(speaker="customer" if i % 2 == 0 else "agent", text=line)
            for i, line in enumerate(lines)
        ]
    )


@pytest.mark.parametrize(
    ("text", "legal"),
    [
        ("It's going to 14 Marlowe Court, Flat 3.", False),
        ("Sue from billing said it was sorted.", False),
        ("I will take you to court over this.", True),
        ("I'M GOING TO SUE.", True),
        ("My lawyer will hear about it.", True),
    ],
)
def test_court_and_sue_are_legal_only_as_words(text: str, legal: bool) -> None:
    assert bool(LEGAL.search(text)) is legal


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("You're right, that delay was on us.", Move.ACKNOWLEDGE_EMOTION),
        ("You're right, that delay was on us.", Move.APOLOGIZE),
        ("What do you need to be in Raleigh for, and by what time?", Move.CLARIFY_OUTCOME),
        (
            "Cash compensation isn't something I can approve, that sits with customer relations.",
            Move.ESCALATE_HANDOFF,
        ),
        ("If your rent bounces, that's between you and your landlord.", Move.BLAME_SHIFT),
    ],
)
def test_a_plain_wording_is_read_as_its_move(text: str, move: Move) -> None:
    assert move in _moves(text)


@pytest.mark.parametrize("text", ["You're right here in the app.", "All right, you're all set."])
def test_right_as_a_place_or_an_okay_is_no_acknowledgement(text: str) -> None:
    assert Move.ACKNOWLEDGE_EMOTION not in _moves(text)


def test_a_customer_who_says_that_is_everything_first_needs_no_check() -> None:
    transcript = _call(
        "Hi, can I change the delivery address on my order?",
        "Of course. What's the order number?",
        "It's 40-771928.",
        "Thanks. I've updated the address now; you'll get a confirmation email in a few minutes.",
        "Lovely. That's everything.",
        "Enjoy the new flat. Bye for now.",
    )
    step = GRADER.grade(transcript).steps[StepId.FOLLOW_UP]
    assert step.level == 2
    assert any(e.quote == "Lovely. That's everything." for e in step.evidence)


def test_a_want_stated_and_played_back_is_solid_not_missing() -> None:
    transcript = _call(
        "You took the same payment twice and my rent bounces on Monday. I want it put back now.",
        "That's awful timing. So you need the duplicate back before the rent goes out, "
        "is that right?",
        "Yes, exactly.",
        "I'm filing the dispute now and putting a provisional credit on today by 6 p.m.",
        "Okay.",
    )
    step = GRADER.grade(transcript).steps[StepId.CLARIFY_OUTCOME]
    assert step.level == 2
    assert "a direct question about the outcome they want" in step.missing


def test_an_anti_patterns_better_line_is_chosen_by_what_made_it_one() -> None:
    report = GRADER.grade(
        _call(
            "When will the refund show up?",
            "Refunds usually take 5 to 7 business days, it depends on your bank, so it should "
            "be there by the 15th at the latest I think.",
            "Okay.",
        )
    )
    hit = next(h for h in report.anti_patterns if h.move is Move.HELPLESS)
    assert "firm answer" in hit.instead


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("Okay, anything else? There's a queue.", Move.DISMISSIVE),
        ("I've got other customers waiting.", Move.DISMISSIVE),
        ("Yeah, I've got it. Delays happen, it was maintenance.", Move.DISMISSIVE),
        (
            "The system rebooks automatically, there's nothing wrong with the new flight.",
            Move.ARGUE,
        ),
    ],
)
def test_rushing_shrugging_and_arguing_are_anti_patterns(text: str, move: Move) -> None:
    assert move in _moves(text)


@pytest.mark.parametrize(
    "text", ["No worries, that happens a lot.", "There's a line on the form for your signature."]
)
def test_reassuring_a_customers_own_slip_is_no_shrug(text: str) -> None:
    assert not _moves(text) & {Move.DISMISSIVE, Move.ARGUE}


def _promises(text: str, scenario: str) -> bool:
    case = default_content().scenarios[scenario]
    detection = beyond_authority(text, DETECTOR.detect(text, None, []), *grants(case))
    return Move.OVERPROMISE in detection.moves


@pytest.mark.parametrize(
    ("text", "scenario", "over"),
    [
        (
            "And don't worry about compensation, I'll make sure you get the four hundred "
            "dollars, no problem.",
            "airline_missed_connection",
            True,
        ),
        (
            "Cash compensation isn't something I can approve, that sits with customer relations.",
            "airline_missed_connection",
            False,
        ),
        (
            "Being charged sixty a month for something you cancelled is not okay, and I'll get "
            "it put right on this call.",
            "gym_membership_cancellation",
            False,
        ),
        (
            "I'll refund all three monthly charges and the annual fee right now.",
            "gym_membership_cancellation",
            True,
        ),
    ],
)
def test_a_grant_beyond_authority_is_read_from_what_follows_the_commitment(
    text: str, scenario: str, over: bool
) -> None:
    assert _promises(text, scenario) is over


def test_a_list_of_questions_in_one_sentence_is_a_barrage() -> None:
    barrage = (
        "Kindly be advised that I have reviewed your file and would be grateful if you could "
        "clarify the following points: when did you first notice the leak, what did the plumber "
        "find, do you have photographs, and what outcome are you seeking today?"
    )
    assert Move.MULTI_QUESTION in _moves(barrage)
    assert distinct_questions([barrage.lower()]) >= 3
    assert Move.MULTI_QUESTION not in _moves("What happened, and when?")


def test_two_checks_of_details_on_file_are_one_check() -> None:
    text = "Is that still the best address, and is 555-0100 right if the flight changes?"
    assert Move.MULTI_QUESTION not in _moves(text)


@pytest.mark.parametrize(
    ("text", "move"),
    [
        (
            "A business-class seat isn't something I can grant myself; that's our customer "
            "relations department.",
            Move.ESCALATE_HANDOFF,
        ),
        ("I'm sorry, that's a rotten evening to be stuck at O'Hare.", Move.ACKNOWLEDGE_EMOTION),
    ],
)
def test_who_decides_and_a_rotten_evening_are_read(text: str, move: Move) -> None:
    assert move in _moves(text)


def test_stories_about_the_agents_own_life_hold_step_1() -> None:
    report = GRADER.grade(
        _call(
            "This is the sixth time I'm calling about the internet dropping. Nothing is fixed.",
            "Six times, I'm sorry. My own internet went out last winter and I worked from a "
            "coffee shop for three days, ha. Anyway! When does it tend to drop?",
            "Mornings, mostly.",
            "My neighbour swears his cable goes funny when the wind picks up. What do you do "
            "for work?",
            "I work from home. That's the point.",
        )
    )
    step = report.steps[StepId.STAY_CALM]
    assert step.level is not None and step.level <= 1
    assert "the call kept on the customer's problem (no stories about yourself)" in step.missing
