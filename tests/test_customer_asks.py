"""The customer hears requests and questions as the blind testers of playdev put them.

Classes: a request for details in chat style or as "can I start with ...", an either/or of
details of which they know one, the same detail asked twice, an outcome question worded
any way the detector reads as one, "that answers that" only after an answer, a goodbye
that ends the call, and a part of what they want counted as named only once said.
"""

from __future__ import annotations

import pytest
from customer_calls import say

from simulator.content import ContentSet, default_content
from simulator.models.lines import LineKind
from simulator.models.moves import Move


@pytest.fixture(scope="module")
def content() -> ContentSet:
    return default_content()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_chat_style_request_for_the_name_and_a_number_gets_both(
    content: ContentSet, seed: int
) -> None:
    (result,) = say(
        content,
        "aggressive",
        "bank_duplicate_charge",
        "ok can i grab ur full name and the last 4 digits of the card pls",
        seed=seed,
    )
    scenario = content.scenarios["bank_duplicate_charge"]
    assert scenario.customer.name in result.reply
    assert "4471" in result.reply


@pytest.mark.parametrize("seed", [0, 1])
def test_can_i_start_with_your_name_is_a_request(content: ContentSet, seed: int) -> None:
    (result,) = say(
        content,
        "silent_dissenter",
        "law_filing_deadline",
        "Could we start with your name, please?",
        seed=seed,
    )
    assert content.scenarios["law_filing_deadline"].customer.name in result.reply
    assert LineKind.GIVE_DETAIL in result.beats


def test_of_two_details_asked_they_give_the_one_they_have(content: ContentSet) -> None:
    (result,) = say(
        content,
        "aggressive",
        "hvac_missed_window",
        "Do you have an account number or the work order number handy?",
    )
    assert "HV-20417" in result.reply


def test_the_same_detail_asked_twice_is_referred_to(content: ContentSet) -> None:
    first, again = say(
        content,
        "chronic_caller",
        "electricity_bill_spike",
        "What's the account number, please?",
        "Sorry, what was the account number again?",
    )
    assert "EL-00827715" in first.reply
    assert "like i said" in again.reply.lower()


@pytest.mark.parametrize(
    "line",
    [
        "By the end of this call, what would you need to hear to feel okay?",
        "What would sort this out for you?",
    ],
)
def test_an_outcome_question_is_answered_with_what_they_want(
    content: ContentSet, line: str
) -> None:
    (result,) = say(content, "impatient", "law_filing_deadline", line)
    assert LineKind.OUTCOME in result.beats
    assert "do that" not in result.reply.lower()


def test_a_question_back_is_no_answer_to_acknowledge(content: ContentSet) -> None:
    for seed in range(4):
        (result,) = say(
            content,
            "impatient",
            "hvac_missed_window",
            "sorry about that!! can i get ur name or the work order pls",
            seed=seed,
        )
        assert LineKind.NOTED not in result.beats


def test_ending_the_call_with_a_goodbye_is_not_an_unearned_boundary(content: ContentSet) -> None:
    (result,) = say(
        content, "complainer", "dental_billing_surprise", "I'm going to end the call here. Goodbye."
    )
    assert not any("boundary" in r for r in result.trace.reasons)


def test_a_safety_question_is_no_closing_check(content: ContentSet) -> None:
    (result,) = say(
        content,
        "impatient",
        "kitchen_remodel_delay",
        "I hear you. Is anything at the house unsafe, or anything left open by the fitters?",
    )
    assert Move.CONFIRM_RESOLUTION not in result.detection.moves
    assert result.state.outcome is None
    assert LineKind.GOODBYE not in result.beats


def test_a_question_beside_a_policy_time_is_still_answered(content: ContentSet) -> None:
    (result,) = say(
        content,
        "impatient",
        "vet_clinic_records",
        "Records normally go out within ten business days. What's the name on the account?",
    )
    assert content.scenarios["vet_clinic_records"].customer.name in result.reply


@pytest.mark.parametrize("seed", [0, 1])
def test_did_anyone_is_answered_not_confirmed(content: ContentSet, seed: int) -> None:
    (result,) = say(
        content,
        "complainer",
        "dental_billing_surprise",
        "Did anybody bring up that the crown type might change?",
        seed=seed,
    )
    assert LineKind.CONFIRM not in result.beats
    assert "that's right" not in result.reply.lower()


def test_the_outcome_asked_again_is_said_short(content: ContentSet) -> None:
    first, again = say(
        content,
        "impatient",
        "internet_outage_remote_worker",
        "What would fix this for you?",
        "And what outcome do you want from this call?",
    )
    desired = content.scenarios["internet_outage_remote_worker"].desired_outcome.rstrip(".")
    assert desired in first.reply
    assert desired not in again.reply
    assert LineKind.OUTCOME in again.beats  # said short, not "not sure what"
