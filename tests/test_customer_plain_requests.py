"""A request said as a need or in a letter's words is answered; one reply asks one thing.

Found on play-test round 13 (its customer notes read in session 14): "First I need your full
name and matter number" got "Go on." and the name never came; "Thank you for your prompt
reply" was read as text aimed at the machine ("your prompt") and got "I don't know what that
means"; "I shall call you on Friday" was no follow-up, so the customer asked who would
confirm; after an offer that met one part, "does that work? and what else?" got "Not yet.";
a question asked again came with a second demand beside it ("Don't ignore it. What can you
offer me? ... I'd expect an exception to be made."); "how far is the ceremony from the
airport?" was answered with the gate number; "is there anything you're still not sure
about?" got "Yep, that's right."
"""

from __future__ import annotations

import pytest
from customer_calls import cases, first, say

from simulator.content import ContentSet, default_content
from simulator.models.lines import LineKind
from simulator.models.moves import Move
from simulator.moves import detector_for
from simulator.moves.cues import PROPOSAL
from simulator.practice.items import told_again


@pytest.fixture(scope="module")
def content() -> ContentSet:
    return default_content()


FORMS = (
    "First I need your {label} before I can go any further.",
    "I would be grateful if you could confirm the {label}.",
    "Please confirm your {label}.",
)


def test_a_detail_asked_for_as_a_need_or_a_letter_is_given(content: ContentSet) -> None:
    missed = []
    for persona, scenario in cases(content):
        for key, detail in scenario.customer.details.items():
            if not detail.known:
                continue
            for form in FORMS:
                said = form.format(label=key.replace("_", " "))
                result = first(content, persona, scenario.id, said)
                words = detail.said.replace("{value}", detail.value)
                if words.lower() not in result.reply.lower():
                    missed.append(f"{scenario.id}/{persona}: {said!r} -> {result.reply!r}")
    assert missed == []


def test_a_prompt_reply_is_courtesy_not_text_aimed_at_the_machine(content: ContentSet) -> None:
    result = first(
        content,
        "chronic_caller",
        "insurance_claim_denied",
        "Thank you for your prompt reply. When did you first notice the leak?",
    )
    assert LineKind.CONFUSED not in result.beats


def test_formal_shall_is_will() -> None:
    detector = detector_for(default_content())
    moves = detector.detect("I shall call you at 555-0103 on Friday afternoon.", None, []).moves
    assert Move.FOLLOW_UP in moves


def test_after_an_offer_that_met_a_part_the_rest_is_more_still_needed(
    content: ContentSet,
) -> None:
    results = say(
        content,
        "chronic_caller",
        "kitchen_remodel_delay",
        "I'm sorry you've had to chase this. Is there any wiring left open in the kitchen?",
        "That's not safe. I'm sending our on-call electrician today to cap it, there by 5pm. "
        "Does that work for you? And what else would you want sorted today?",
    )
    last = results[-1]
    assert LineKind.RESOLVED_NO not in last.beats
    assert not last.reply.lower().startswith(("not yet", "no,"))


def test_a_question_asked_again_comes_without_a_second_demand(content: ContentSet) -> None:
    for seed in range(6):
        results = say(
            content,
            "entitled",
            "airline_missed_connection",
            "I'm sorry about the delay. What do you need, and by what time?",
            "Let's get you there first. I'm putting you on the partner's 6:50 a.m. direct, "
            "landing 9:40; the ticket is in your email within 10 minutes.",
            seed=seed,
        )
        for result in results:
            if LineKind.UNANSWERED in result.beats:
                assert LineKind.ASK_EXCEPTION not in result.beats, result.reply


def test_how_far_is_answered_with_no_code(content: ContentSet) -> None:
    result = first(
        content,
        "entitled",
        "airline_missed_connection",
        "How far is the ceremony from the Raleigh airport, so I know how much margin you need?",
    )
    assert "B14" not in result.reply


def test_anything_still_unsure_about_is_a_closing_check(content: ContentSet) -> None:
    result = first(
        content,
        "complainer",
        "saas_onboarding_confusion",
        "Honestly, is there anything about this you're still not sure about?",
    )
    assert LineKind.CONFIRM not in result.beats
    assert not result.reply.startswith("Yep, that's right")


def test_the_customer_doubts_a_grant_beyond_the_agents_authority(content: ContentSet) -> None:
    result = first(
        content,
        "aggressive",
        "airline_missed_connection",
        "Don't worry about compensation, I'll make sure you get the four hundred dollars.",
    )
    assert Move.OVERPROMISE in result.detection.moves
    assert LineKind.OVERPROMISE in result.beats


def test_a_time_put_to_them_is_taken_or_turned_down_not_confirmed(content: ContentSet) -> None:
    assert PROPOSAL.search("does 8:30 work for you?")
    assert PROPOSAL.search("would tuesday at 9 suit?")


def test_a_number_checked_after_a_plan_gets_its_yes(content: ContentSet) -> None:
    results = say(
        content,
        "impatient",
        "bank_duplicate_charge",
        "I'm filing the duplicate-charge dispute now and a $500 provisional credit posts by "
        "6 p.m. today. Is 555-0101 the right number for the text?",
    )
    assert LineKind.CONFIRM in results[-1].beats


def test_a_point_said_again_starts_in_lower_case() -> None:
    assert told_again("Nobody has told us the date.") == "Like I said, nobody has told us the date."


def test_what_happened_is_the_story_not_a_name_on_file(content: ContentSet) -> None:
    results = say(
        content,
        "chronic_caller",
        "kitchen_remodel_delay",
        "What happened with the electrician visits?",
    )
    assert LineKind.GIVE_DETAIL not in results[-1].beats
    assert "Brightwire Electric." not in results[-1].reply


def test_a_proposal_closed_with_yes_is_put_to_them(content: ContentSet) -> None:
    assert PROPOSAL.search("yes?")
    results = say(
        content,
        "chronic_caller",
        "electricity_bill_spike",
        "Meter check first: I book a technician to test the meter within 5 business days, and "
        "I hold this bill until the result. Yes?",
    )
    assert LineKind.NO_SUCH_FACT not in results[-1].beats


def test_anyway_after_the_agents_own_small_talk_dismisses_nothing() -> None:
    detector = detector_for(default_content())
    own = "Lovely area, my cousin lives out there. Anyway. Has anyone read your meter recently?"
    assert Move.DISMISSIVE not in detector.detect(own, None, []).moves
    assert Move.DISMISSIVE in detector.detect("Anyway.", None, []).moves


def test_a_story_about_the_agents_own_life_is_off_topic_to_the_customer(
    content: ContentSet,
) -> None:
    plain = first(
        content, "impatient", "vet_clinic_records", "What did the surgical center say is missing?"
    )
    chatty = first(
        content,
        "impatient",
        "vet_clinic_records",
        "My sister has a Lab mix too, hers eats socks. What did the surgical center say is missing?",
    )
    assert chatty.state.heat > plain.state.heat
