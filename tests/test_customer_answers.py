"""The customer answers the question it was asked, in every shipped scenario and persona.

Each test plays short exchanges through ``SessionEngine``: a case-file detail asked for in any
wording (chat spelling too) is given in the customer's words, never "My {label} is {value}";
a detail only the company has gets "I don't know"; a proposal put as a question gets a yes or
a no, not "that's right"; a check of a detail is confirmed; "what's left?" names what is open;
a complaint named again is referred to, not recited.
"""

from __future__ import annotations

import re

import pytest
from customer_calls import cases, first

from simulator.content import ContentSet, default_content
from simulator.models.lines import LineKind
from simulator.moves.wants import wants
from simulator.practice import CallSetup, SessionEngine
from simulator.practice.coherence import problems
from simulator.practice.desk import desk_for
from simulator.practice.items import issue_sentence, told_again


@pytest.fixture(scope="module")
def content() -> ContentSet:
    return default_content()


def _label(key: str) -> str:
    return key.replace("_", " ")


ASKED = (
    "What's your {label}?",
    "whats ur {label}",
    "can i get ur {label} pls",
    "Sorry about all this. Could you give me the {label}?",
)


def test_every_known_detail_is_given_when_asked_in_any_wording(content: ContentSet) -> None:
    missed: list[str] = []
    for persona, scenario in cases(content):
        for key, detail in scenario.customer.details.items():
            if not detail.known:
                continue
            for form in ASKED:
                said = form.format(label=_label(key))
                result = first(content, persona, scenario.id, said)
                words = detail.said.replace("{value}", detail.value)
                if (
                    LineKind.GIVE_DETAIL not in result.beats
                    or words.lower() not in result.reply.lower()
                ):
                    missed.append(f"{scenario.id}/{persona}: {said!r} -> {result.reply!r}")
    assert missed == []


def test_a_detail_is_said_in_the_customers_words_not_as_its_label(content: ContentSet) -> None:
    for persona, scenario in cases(content):
        for key in scenario.customer.details:
            result = first(content, persona, scenario.id, f"What's your {_label(key)}?")
            assert not re.search(rf"\bmy {_label(key)} (?:is|are)\b", result.reply, re.I), (
                scenario.id,
                result.reply,
            )


def test_a_detail_only_the_company_has_gets_i_dont_know(content: ContentSet) -> None:
    unknown = [
        (persona, scenario, key, detail)
        for persona, scenario in cases(content)
        for key, detail in scenario.customer.details.items()
        if not detail.known
    ]
    assert unknown, "the shipped content marks at least one detail as unknown to the customer"
    for persona, scenario, key, detail in unknown:
        result = first(content, persona, scenario.id, f"can i get the {_label(key)}?")
        assert LineKind.NO_SUCH_FACT in result.beats, (scenario.id, result.reply)
        assert detail.value not in result.reply


@pytest.mark.parametrize(
    "asked",
    [
        "whats ur phone number",
        "What's the best number to reach you on?",
        "Can you confirm your phone number for me?",
        "can i get a contact number pls",
    ],
)
def test_the_phone_number_is_given_however_it_is_asked(content: ContentSet, asked: str) -> None:
    for persona, scenario in cases(content):
        phone = scenario.customer.details["phone_number"]
        result = first(content, persona, scenario.id, asked)
        assert phone.value in result.reply, (scenario.id, persona, result.reply)


def test_a_reference_asked_with_a_hash_sign_or_a_synonym(content: ContentSet) -> None:
    hotel = content.scenarios["hotel_double_booking"]
    reference = hotel.customer.details["confirmation_number"].value
    for persona in hotel.personas:
        for asked in ("can i get ur confirmation #", "What's the reservation number?"):
            result = first(content, persona, hotel.id, asked)
            assert reference in result.reply, (persona, asked, result.reply)


def test_the_name_and_a_reference_asked_together_are_both_given(content: ContentSet) -> None:
    for persona, scenario in cases(content):
        key = next(iter(scenario.customer.details))
        result = first(
            content, persona, scenario.id, f"Could I take your name and the {_label(key)}?"
        )
        assert scenario.customer.name in result.reply, (scenario.id, result.reply)
        assert scenario.customer.details[key].value in result.reply, (scenario.id, result.reply)


def test_what_the_agent_wants_the_answer_for_is_not_asked(content: ContentSet) -> None:
    airline = content.scenarios["airline_missed_connection"]
    reference = airline.customer.details["booking_reference"].value
    for persona in airline.personas:
        result = first(
            content,
            persona,
            airline.id,
            "Could you give me your surname so I can find the booking?",
        )
        assert airline.customer.name in result.reply
        assert reference not in result.reply, result.reply


def test_a_detail_the_agent_reads_back_is_confirmed_not_recited(content: ContentSet) -> None:
    for persona, scenario in cases(content):
        engine = SessionEngine(content, CallSetup(persona, scenario.id, 2, 0))
        _, state = engine.start()
        phone = scenario.customer.details["phone_number"].value
        result = engine.step(state, "Can I take a number to call you back on?")
        assert phone in result.reply
        result = engine.step(result.state, f"And {phone} is still the best number, is that right?")
        assert LineKind.CONFIRM in result.beats, (scenario.id, persona, result.reply)
        assert LineKind.GIVE_DETAIL not in result.beats


PROPOSALS = (
    "can u stay on the line a sec?",
    "Does that work for you?",
    "Would that help?",
    "Can I go ahead and send you the summary by email?",
    "ok?",
)
FACT_CONFIRMED = re.compile(r"\b(?:that's|that is|quite) (?:right|correct)\b", re.IGNORECASE)


@pytest.mark.parametrize("asked", PROPOSALS)
def test_a_proposal_gets_a_yes_or_a_no_not_thats_right(content: ContentSet, asked: str) -> None:
    for persona, scenario in cases(content):
        for seed in (0, 1):
            engine = SessionEngine(content, CallSetup(persona, scenario.id, 2, seed))
            _, state = engine.start()
            result = engine.step(state, f"I'm sorry, that's not good enough from us. {asked}")
            assert LineKind.CONFIRM not in result.beats, (scenario.id, persona, result.reply)
            assert not FACT_CONFIRMED.search(result.reply), (scenario.id, persona, result.reply)


@pytest.mark.parametrize("asked", ["Okay, what's left?", "Is there anything else I can do?"])
def test_a_closing_check_names_what_is_still_open(content: ContentSet, asked: str) -> None:
    for persona, scenario in cases(content):
        engine = SessionEngine(content, CallSetup(persona, scenario.id, 2, 0))
        _, state = engine.start()
        result = engine.step(state, asked)
        assert LineKind.RESOLVED_NO in result.beats, (scenario.id, persona, result.reply)
        open_now = [*(w.text for w in wants(scenario)), *(i.text for i in state.items)]
        assert any(text.rstrip(".?!").lower() in result.reply.lower() for text in open_now), (
            result.reply
        )


def test_a_complaint_named_again_is_referred_to_not_recited() -> None:
    fact = (
        "The first guy swapped the modem. The second one put in a new splitter and said the "
        "signal looked fine."
    )
    assert told_again(fact) == "Like I said, the first guy swapped the modem."
    long = (
        "I've already paid a drying company $2,800 out of my own pocket, and the floor is still "
        "buckled."
    )
    assert (
        told_again(long)
        == "Like I said, I've already paid a drying company $2,800 out of my own pocket."
    )


def test_no_line_bank_volunteers_with_since_you_ask(content: ContentSet) -> None:
    for persona, bank in content.line_banks.items():
        for kind in bank.lines:
            for entry in bank.lines[kind]:
                text = entry if isinstance(entry, str) else entry.text
                assert not re.search(r"since you ask", text, re.I), (persona, kind, text)


def test_the_desk_shows_the_agents_view_of_each_detail(content: ContentSet) -> None:
    for scenario in content.scenarios.values():
        desk = dict(desk_for(scenario).on_file)
        for key, detail in scenario.customer.details.items():
            assert desk[_label(key).capitalize()] == detail.value


def test_a_fact_asked_about_again_is_referred_to_not_recited(content: ContentSet) -> None:
    exercised = referred = 0
    for persona, scenario in cases(content):
        fact = scenario.facts[0]
        asked = f"Can you tell me about the {' and the '.join(fact.keywords[:3])}?"
        engine = SessionEngine(content, CallSetup(persona, scenario.id, 1, 0))
        _, state = engine.start()
        first = engine.step(state, asked)
        if LineKind.REVEAL not in first.beats or fact.text not in first.reply:
            continue  # a guarded caller kept it back: nothing told to refer to
        again = engine.step(first.state, f"Sorry, {asked[0].lower()}{asked[1:]}")
        assert fact.text not in again.reply, (scenario.id, persona, again.reply)
        if LineKind.REVEAL in again.beats and again.state.revealed == first.state.revealed:
            assert "Like I said" in again.reply, (scenario.id, persona, again.reply)
            referred += 1
        exercised += 1
    assert exercised >= 8
    assert referred >= 3


def test_a_new_issue_is_named_by_what_is_wrong_not_its_opener() -> None:
    said = "Right. Next thing: nobody ever sent the letter I was promised."
    assert issue_sentence(said) == "Nobody ever sent the letter I was promised."


def test_the_coherence_checks_catch_this_class_of_reply() -> None:
    give = [LineKind.GIVE_DETAIL]
    assert problems(
        "My calls this month is 6 including this one.", give, labels=["calls_this_month"]
    )
    fact = "On the fourth call someone promised a supervisor would phone me back within 24 hours."
    assert problems(f"Again? {fact}", [LineKind.REVEAL], earlier=[f"Fine. {fact}"], facts=[fact])
    assert problems("Well, since you ask. The bill was $410.", [LineKind.REVEAL])
    assert problems("Yes, that's quite correct.", [LineKind.CONFIRM], turn="does that work?")
    assert not problems("Okay, that works.", [LineKind.OPTION_ACCEPT], turn="does that work?")
