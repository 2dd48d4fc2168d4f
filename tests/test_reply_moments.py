"""One reply, one moment: an answer noticed, no self-answered question, goodbyes answered,
no plan taken and a manager demanded in one breath."""

from __future__ import annotations

import pytest

from simulator.content import ContentSet, default_content
from simulator.models.lines import LineKind
from simulator.practice import CallSetup, SessionEngine
from simulator.practice.coherence import problems
from simulator.practice.director import Beat, Direction, _plan
from simulator.practice.items import Item, ItemKind, Status

ESCALATING = {
    LineKind.DEMAND_MANAGER,
    LineKind.THREAT_LEGAL,
    LineKind.THREAT_REVIEW,
    LineKind.CANCEL_NOTICE,
}


@pytest.fixture(scope="module")
def content() -> ContentSet:
    return default_content()


def test_a_short_direct_answer_answers_the_question_just_asked(content: ContentSet) -> None:
    for persona in content.personas:
        eng = SessionEngine(content, CallSetup(persona, "bank_duplicate_charge", 2, 0))
        _, state = eng.start()
        asked = Item(kind=ItemKind.QUESTION, need="competence", text="Were you trained?", turn=2)
        state = state.model_copy(update={"turn": 2, "items": (*state.items, asked)})
        result = eng.step(state, "Ha, about three weeks of it. Your card stays open meanwhile.")
        assert LineKind.UNANSWERED not in result.beats, (persona, result.reply)
        item = next(i for i in result.state.items if i.text == asked.text)
        assert item.status is Status.ANSWERED


def test_an_answer_comes_before_the_customers_own_question() -> None:
    out = Direction([Beat(LineKind.CHALLENGE_COMPETENCE), Beat(LineKind.NO_SUCH_FACT)])
    _plan(out)
    assert [b.kind for b in out.beats] == [LineKind.NO_SUCH_FACT, LineKind.CHALLENGE_COMPETENCE]
    reply = "Are you even trained for this? I couldn't say. That's your side."
    parts = ["Are you even trained for this?", "I couldn't say. That's your side."]
    beats = [LineKind.CHALLENGE_COMPETENCE, LineKind.NO_SUCH_FACT]
    assert problems(reply, beats, parts=parts)


def test_a_goodbye_is_answered_with_a_goodbye_or_what_is_open(content: ContentSet) -> None:
    bye = "No worries, the billing team will be in touch. Thanks for calling, bye!"
    found: list[str] = []
    for persona in content.personas:
        for scenario in [s.id for s in content.scenarios.values() if persona in s.personas]:
            for seed in range(2):
                eng = SessionEngine(content, CallSetup(persona, scenario, 1, seed))
                _, state = eng.start()
                state = eng.step(state, "I'm sorry about this, that sounds stressful.").state
                if state.ended:
                    continue
                result = eng.step(state, bye)
                found += [
                    f"{persona}/{scenario}: {result.reply}"
                    for p in problems(result.reply, result.beats, turn=bye)
                    if "goodbye" in p
                ]
    assert not found


def test_a_plan_taken_is_not_followed_by_a_demand_in_the_same_breath(
    content: ContentSet,
) -> None:
    plan = "I'll have the refund back on your card by noon tomorrow, and I'll text you then."
    seen = 0
    for persona in content.personas:
        for seed in range(3):
            eng = SessionEngine(content, CallSetup(persona, "bank_duplicate_charge", 3, seed))
            _, state = eng.start()
            hot = state.model_copy(update={"heat": 7.5, "trust": 6.0, "turn": 3})
            result = eng.step(hot, plan)
            if any(k in {LineKind.TIME_ACCEPT, LineKind.PLAN_ACCEPT} for k in result.beats):
                seen += 1
                assert not set(result.beats) & ESCALATING, (persona, result.reply)
    assert seen
    assert problems(
        "By noon, then. Put me through to your manager.",
        [LineKind.TIME_ACCEPT, LineKind.DEMAND_MANAGER],
    )
