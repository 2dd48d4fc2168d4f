"""The customer's memory of a call: what they asked stays asked until answered, and no longer.

Each test plays a short exchange through ``SessionEngine``, as a trainee would, and checks
what a tester noticed in the blind play tests: a question re-asked after it was answered, a
skipped question that comes back unnamed, an either/or answered with "yes", "there's still
the main thing" with no thing, a new issue dropped when the agent asks about it.
"""

from __future__ import annotations

import pytest

from simulator.content import ContentSet, default_content
from simulator.models.lines import LineKind
from simulator.moves.wants import wants
from simulator.practice import CallSetup, CallState, SessionEngine
from simulator.practice.engine import TurnResult
from simulator.practice.items import Item, ItemKind, Status
from tests.test_practice_engine import play as play_turns


@pytest.fixture(scope="module")
def content() -> ContentSet:
    return default_content()


def play(
    content: ContentSet, persona: str, scenario: str, turns: list[str], seed: int = 0
) -> tuple[SessionEngine, str, list[TurnResult]]:
    eng = SessionEngine(content, CallSetup(persona, scenario, 2, seed))
    opening, _ = eng.start()
    _, results = play_turns(eng, turns)
    return eng, opening, results


def with_item(state: CallState, item: Item) -> CallState:
    return state.model_copy(update={"items": (*state.items, item)})


def test_the_opening_question_answered_is_never_asked_again(content: ContentSet) -> None:
    turns = [
        "Hi Harriet, I'm Taylor. I'm so sorry. Your project manager is Dwayne Kowalczyk. "
        "Can you tell me what happened with the electrician?",
        "That's two days wasted, I'm sorry. Is anything unsafe, like wires out?",
        "Okay.",
        "I see.",
        "Anything else before I let you go?",
    ]
    for seed in range(4):
        _, opening, results = play(content, "complainer", "kitchen_remodel_delay", turns, seed)
        assert "Who is actually running this job?" in opening
        asked = results[0].state.items[0]
        assert asked.text == "Who is actually running this job?"
        assert asked.status is Status.ANSWERED
        assert not any("running this job" in r.reply for r in results)


def test_a_skipped_question_is_named_once_then_let_go(content: ContentSet) -> None:
    eng = SessionEngine(content, CallSetup("impatient", "hvac_missed_window", 2, 1))
    _, state = eng.start()
    asked = Item(kind=ItemKind.QUESTION, need="when", text="So when is someone coming?", turn=1)
    state = with_item(state.model_copy(update={"turn": 1}), asked)
    first = eng.step(state, "I understand this has been a long morning for you.")
    assert LineKind.UNANSWERED in first.beats
    assert "So when is someone coming?" in first.reply
    second = eng.step(first.state, "I hear you, it's been a really frustrating day.")
    assert "So when is someone coming?" not in second.reply  # said twice: let go, no loop
    assert next(i for i in second.state.items if i.text == asked.text).status is Status.DROPPED


def test_an_answer_to_an_earlier_question_still_counts(content: ContentSet) -> None:
    eng = SessionEngine(content, CallSetup("impatient", "hvac_missed_window", 2, 1))
    _, state = eng.start()
    when = Item(kind=ItemKind.QUESTION, need="when", text="So when is someone coming?", turn=0)
    manager = Item(kind=ItemKind.DEMAND, need="manager", text="Can I get a manager?", turn=1)
    state = state.model_copy(update={"turn": 1, "items": (when, manager)})
    result = eng.step(state, "A technician is booked for 2 p.m. today.")
    by_text = {i.text: i.status for i in result.state.items}
    assert by_text["So when is someone coming?"] is Status.ANSWERED
    assert "So when is someone coming?" not in result.reply
    later = eng.step(result.state, "Okay.")
    assert "So when is someone coming?" not in later.reply


def test_an_answered_question_is_acknowledged_once(content: ContentSet) -> None:
    eng = SessionEngine(content, CallSetup("entitled", "hotel_double_booking", 2, 0))
    _, state = eng.start()
    asked = Item(kind=ItemKind.QUESTION, text="Who is handling my complaint?", turn=1)
    state = with_item(state.model_copy(update={"turn": 1}), asked)
    result = eng.step(state, "Our duty manager, Priya, is handling it and will call you at 9 a.m.")
    item = next(i for i in result.state.items if i.text == asked.text)
    assert item.status is Status.ANSWERED and item.noted
    again = eng.step(result.state, "Is there anything else on your mind?")
    assert LineKind.NOTED not in again.beats


def test_an_either_or_offer_is_answered_with_one_of_its_options(content: ContentSet) -> None:
    turns = [
        "I'm really sorry you missed your connection, that's a long night.",
        "What time do you need to be in Raleigh, and what's it for?",
        "Here's the plan: I can put you on the 6:50 flight or the 9:40 flight tomorrow, "
        "and I'll email the confirmation within ten minutes. Would you prefer the 6:50 or the 9:40?",
    ]
    picked = []
    for seed in range(6):
        _, _, results = play(content, "impatient", "airline_missed_connection", turns, seed)
        last = results[-1]
        if LineKind.PICK in last.beats:
            assert "6:50" in last.reply or "9:40" in last.reply
            picked.append(seed)
        assert LineKind.OPTION_ACCEPT not in last.beats  # never "yes, that will do"
    assert picked


def test_a_choice_question_is_answered_with_a_choice(content: ContentSet) -> None:
    turns = ["Would a call or a text suit you better for the update?"]
    for seed in range(4):
        _, _, results = play(content, "complainer", "ecommerce_damaged_delivery", turns, seed)
        if LineKind.PICK in results[0].beats:
            said = results[0].reply.lower()
            assert "a call" in said or "a text" in said


def test_still_open_says_what_is_open(content: ContentSet) -> None:
    for persona, scenario in (
        ("impatient", "hvac_missed_window"),
        ("entitled", "airline_missed_connection"),
        ("aggressive", "insurance_claim_denied"),
    ):
        eng, _, results = play(content, persona, scenario, ["Is there anything else?"])
        reply = results[0].reply
        if LineKind.RESOLVED_NO in results[0].beats:
            waiting = [i.text for i in results[0].state.open_items]
            named = [*waiting, *(w.text for w in wants(eng.scenario))]
            assert any(text.lower() in reply.lower() for text in named), reply


def test_a_new_issue_is_answered_about_when_asked(content: ContentSet) -> None:
    eng = SessionEngine(content, CallSetup("chronic_caller", "internet_outage_remote_worker", 2, 0))
    _, state = eng.start()
    issue = Item(kind=ItemKind.ISSUE, text="The app still shows the old plan.", turn=3)
    state = with_item(state.model_copy(update={"turn": 3, "trust": 6.0}), issue)
    result = eng.step(state, "Oh no, what's the app showing you?")
    assert LineKind.ISSUE_DETAIL in result.beats
    assert "The app still shows the old plan." in result.reply
    item = next(i for i in result.state.items if i.text == issue.text)
    assert item.open and item.explained  # told about, not yet dealt with
    fixed = eng.step(result.state, "I'll update the plan in the app now; you'll see it by 5 p.m.")
    assert next(i for i in fixed.state.items if i.text == issue.text).status is Status.ANSWERED


def test_a_complaint_returns_only_while_unaddressed(content: ContentSet) -> None:
    eng = SessionEngine(content, CallSetup("complainer", "dental_billing_surprise", 2, 0))
    _, state = eng.start()
    said = "Nobody told me the crown would cost extra."
    complaint = Item(kind=ItemKind.COMPLAINT, text=said, turn=1)
    state = with_item(state.model_copy(update={"turn": 1}), complaint)
    heard = eng.step(state, "I'm sorry nobody told you about the cost; that should have happened.")
    assert next(i for i in heard.state.items if i.text == said).status is Status.ANSWERED
    rest = heard.state
    for text in ["Okay.", "I see.", "Right, is there anything else?"]:
        if rest.ended:
            break
        step = eng.step(rest, text)
        assert said not in step.reply
        rest = step.state


def test_a_state_stored_before_open_items_still_loads() -> None:
    stored = {
        "persona": "impatient",
        "scenario": "hvac_missed_window",
        "difficulty": 2,
        "seed": 0,
        "max_turns": 30,
        "turn": 3,
        "heat": 6.0,
        "trust": 4.0,
        "opening_heat": 7.0,
        "grievances": ["Nobody called me back."],
        "pending": "when",
        "pending_text": "So when is someone coming?",
        "last_beats": ["push_timeline"],
    }
    state = CallState.model_validate(stored)
    assert state.pending == "when" and state.pending_text == "So when is someone coming?"
    assert state.grievances == ("Nobody called me back.",)
    assert CallState.model_validate_json(state.model_dump_json()) == state
    eng = SessionEngine(default_content(), CallSetup("impatient", "hvac_missed_window", 2, 0))
    result = eng.step(state, "I hear you.")
    assert "So when is someone coming?" in result.reply  # still remembered, and skipped


def test_a_new_issue_is_not_settled_by_a_plan_about_something_else(content: ContentSet) -> None:
    eng = SessionEngine(content, CallSetup("chronic_caller", "internet_outage_remote_worker", 2, 0))
    _, state = eng.start()
    issue = Item(kind=ItemKind.ISSUE, text="The last invoice had my name spelled wrong.", turn=3)
    state = with_item(state.model_copy(update={"turn": 3, "trust": 6.0}), issue)
    other = eng.step(state, "Here's what I'll do: I'll send a hotspot out by 10 a.m. tomorrow.")
    assert next(i for i in other.state.items if i.text == issue.text).open
    fixed = eng.step(state, "I'll correct the name on your invoice today, by 5 p.m.")
    assert next(i for i in fixed.state.items if i.text == issue.text).status is Status.ANSWERED
