"""The customer answers in the form the agent asked (issue 13).

A request to check something now gets a doing-it answer, never "that's right"; a question about
what the customer did or has gets a yes or no about themselves, never "I don't know and I
shouldn't have to"; an either/or gets one of its options; a question asked with who, when or
which gets content or "not sure who", never a bare yes or no; a question about what they want
gets what they want. Chat spelling ("did u get the email?", "whos ur contact there") reads the
same as standard spelling.
"""

from __future__ import annotations

import re

import pytest
from customer_calls import cases, first

from simulator.content import ContentSet, default_content
from simulator.models.lines import LineKind
from simulator.moves.text import split_sentences
from simulator.practice import CallSetup, SessionEngine
from simulator.practice.coherence import problems
from simulator.practice.reading import Reading, read_turn, self_answer

FACT_CONFIRMED = re.compile(r"\b(?:that's|that is|quite) (?:right|correct)\b", re.IGNORECASE)
BARE = re.compile(r"^(?:yes|yeah|yep|no|nope|not really|maybe|i guess)\W*$", re.IGNORECASE)


@pytest.fixture(scope="module")
def content() -> ContentSet:
    return default_content()


def _read(content: ContentSet, said: str, scenario: str = "kitchen_remodel_delay") -> Reading:
    engine = SessionEngine(content, CallSetup("complainer", scenario, 2, 0))
    return read_turn(engine.detector, said, None, engine.scenario)


@pytest.mark.parametrize(
    "said",
    [
        "Can you see the email come in?",
        "can u check ur email for the ticket",
        "Could you look at the back of the card for me",
        "ok can you open the app and see if it shows there?",
    ],
)
def test_a_request_to_check_something_now_is_read_as_one(content: ContentSet, said: str) -> None:
    reading = _read(content, said)
    assert reading.do_now and not reading.about_self and not reading.proposal


@pytest.mark.parametrize(
    "said",
    [
        "did u get the email?",
        "Have you sent us your declaration and invoices?",
        "Do you have photos of your kitchen?",
        "and were you home when they came?",
    ],
)
def test_a_question_about_what_the_customer_did_is_read_as_one(
    content: ContentSet, said: str
) -> None:
    reading = _read(content, said)
    assert reading.about_self and not reading.do_now and not reading.proposal


@pytest.mark.parametrize(
    ("said", "word"),
    [
        ("Who told you it would be about four hundred?", "who"),
        ("whos ur contact there", "who"),
        ("When did the electrician last come?", "when"),
        ("how much did they quote you?", "how much"),
        ("Which visit was that?", "which one"),
        ("How does that sound?", ""),
        ("How about Friday morning?", ""),
        ("Tomorrow or Thursday, which is better?", ""),
    ],
)
def test_the_question_word_is_read(content: ContentSet, said: str, word: str) -> None:
    assert _read(content, said).wh == word


@pytest.mark.parametrize(
    "said",
    [
        "What would put your mind at rest today?",
        "what do you want most?",
        "So what are you hoping for from this call?",
        "what would u like to happen now?",
    ],
)
def test_a_question_about_what_they_want_is_read_as_one(content: ContentSet, said: str) -> None:
    assert _read(content, said).outcome_question


def test_a_request_to_check_gets_a_doing_it_answer(content: ContentSet) -> None:
    for persona, scenario in cases(content):
        for said in ("Can you see the email come in?", "can u check ur email for the ticket"):
            result = first(content, persona, scenario.id, said)
            assert LineKind.CHECKED in result.beats, (scenario.id, persona, result.reply)
            assert LineKind.CONFIRM not in result.beats
            assert not FACT_CONFIRMED.search(result.reply), (scenario.id, persona, result.reply)


@pytest.mark.parametrize(
    "said",
    [
        "did u get the email?",
        "Have you sent us your declaration and invoices?",
        "Do you have photos of it?",
    ],
)
def test_a_question_about_themselves_gets_a_yes_or_no_about_themselves(
    content: ContentSet, said: str
) -> None:
    for persona, scenario in cases(content):
        result = first(content, persona, scenario.id, said)
        answered = {LineKind.SELF_YES, LineKind.SELF_NO, LineKind.REVEAL} & set(result.beats)
        assert answered, (scenario.id, persona, result.reply)
        assert LineKind.OPTION_ACCEPT not in result.beats  # not "let's do it that way"
        assert LineKind.NO_SUCH_FACT not in result.beats  # not "I don't know"
        assert not FACT_CONFIRMED.search(result.reply), (scenario.id, persona, result.reply)
        if LineKind.REVEAL not in result.beats:
            assert re.search(r"\bI (?:did|didn't|have|haven't|do|don't)\b", result.reply)


def test_the_yes_or_no_follows_the_case_and_the_verb(content: ContentSet) -> None:
    internet = "internet_outage_remote_worker"
    no = self_answer(
        _read(content, "Did you get a ticket number?", internet), content.scenarios[internet]
    )
    assert (no.yes, no.short) == (False, "I didn't")  # "nobody gave me one"
    have = self_answer(
        _read(content, "have you got photos?"), content.scenarios["kitchen_remodel_delay"]
    )
    assert (have.yes, have.short) == (True, "I have")
    do = self_answer(
        _read(content, "do u have the receipt?"), content.scenarios["kitchen_remodel_delay"]
    )
    assert (do.yes, do.short) == (True, "I do")


def test_an_either_or_is_answered_with_one_of_its_options(content: ContentSet) -> None:
    for persona, scenario in cases(content):
        for seed in (0, 1):
            result = first(
                content, persona, scenario.id, "Would a call or a text suit you better?", seed
            )
            assert LineKind.PICK in result.beats, (scenario.id, persona, result.reply)
            assert re.search(r"\b(?:a call|a text)\b", result.reply, re.I), result.reply
            assert not FACT_CONFIRMED.search(result.reply)


@pytest.mark.parametrize(
    "said",
    [
        "Who told you it would be about four hundred?",
        "whos ur contact there",
        "When did they last come out?",
        "Where did you send it?",
    ],
)
def test_a_question_word_never_gets_a_bare_yes_or_no(content: ContentSet, said: str) -> None:
    for persona, scenario in cases(content):
        result = first(content, persona, scenario.id, said)
        sentences = [s.strip() for s in split_sentences(result.reply)]
        assert not any(BARE.match(s) for s in sentences), (scenario.id, persona, result.reply)
        assert not FACT_CONFIRMED.search(result.reply), (scenario.id, persona, result.reply)
        assert LineKind.CONFIRM not in result.beats


def test_who_is_answered_with_a_person_from_the_case(content: ContentSet) -> None:
    result = first(content, "complainer", "kitchen_remodel_delay", "whos ur contact there")
    assert "Dwayne Kowalczyk" in result.reply  # the project manager, not a phone number
    assert "555-" not in result.reply


@pytest.mark.parametrize(
    "said", ["What would put your mind at rest today?", "what do you want most?"]
)
def test_what_they_want_is_answered_with_what_they_want(content: ContentSet, said: str) -> None:
    for persona, scenario in cases(content):
        result = first(content, persona, scenario.id, said)
        assert LineKind.OUTCOME in result.beats, (scenario.id, persona, result.reply)
        assert LineKind.GIVE_DETAIL not in result.beats
        assert LineKind.OPTION_ACCEPT not in result.beats  # nothing was offered yet


def test_the_name_is_given_beside_a_detail_only_the_company_has(content: ContentSet) -> None:
    scenario = content.scenarios["hvac_missed_window"]
    for persona in scenario.personas:
        result = first(content, persona, scenario.id, "can i get ur name and the work order number")
        assert scenario.customer.name in result.reply, result.reply
        assert "I don't have the work order number" in result.reply, result.reply


def test_a_detail_is_said_as_a_person_says_it(content: ContentSet) -> None:
    for scenario in content.scenarios.values():
        for key, detail in scenario.customer.details.items():
            words = detail.said.replace("{value}", detail.value)
            assert "(" not in words, (scenario.id, key, words)  # "knee ligament repair (TPLO)"
            assert not re.search(r"\bpatient (?:portion|balance)\b", words), (scenario.id, key)
            assert ".." not in f"{words}.".replace("...", ""), (scenario.id, key, words)


def test_the_coherence_checks_catch_a_reply_in_the_wrong_form() -> None:
    assert problems("Yes, that's right.", [LineKind.CONFIRM], turn="can you see the email come in?")
    assert problems(
        "Yes, that's right. Thank you for checking.",
        [LineKind.CONFIRM],
        turn="could you check your email for the ticket?",
    )
    assert problems(
        "Not really.", [LineKind.GUARDED], turn="who told you it would be about four hundred?"
    )
    assert problems("Yeah.", [LineKind.GUARDED], turn="whos ur contact there")
    assert not problems(
        "Hang on. Yes, it's there.", [LineKind.CHECKED], turn="can you see the email come in?"
    )
    assert not problems(
        "Not sure who, to be honest.", [LineKind.NOT_SURE], turn="who told you that?"
    )
    assert not problems("Yes, that's right.", [LineKind.CONFIRM], turn="is 555-0107 still best?")
    assert not problems(  # a yes to "how does that sound?" is the answer
        "Okay, that works.", [LineKind.OPTION_ACCEPT], turn="How does that sound?"
    )
