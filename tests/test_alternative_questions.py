"""An either/or question gets one of its options, never a bare yes or no."""

from __future__ import annotations

import pytest

from simulator.content import ContentSet, default_content
from simulator.models.lines import LineKind
from simulator.practice import CallSetup, SessionEngine
from simulator.practice.coherence import problems
from simulator.practice.director import YES_OR_NO
from simulator.practice.engine import TurnResult

OPENER = "I'm sorry about that, I can see why you're upset."


@pytest.fixture(scope="module")
def content() -> ContentSet:
    return default_content()


def _asked(content: ContentSet, persona: str, scenario: str, question: str) -> TurnResult:
    eng = SessionEngine(content, CallSetup(persona, scenario, 2, 1, 30))
    _, state = eng.start()
    state = eng.step(state, OPENER).state
    return eng.step(state, question)


@pytest.mark.parametrize(
    ("scenario", "question"),
    [
        ("vet_clinic_records", "Is it the two change orders you're disputing, or something else?"),
        ("vet_clinic_records", "Do you want a refund of the fee or a credit on your account?"),
        ("kitchen_remodel_delay", "Do you want a refund of the fee or a credit on your account?"),
        ("hvac_missed_window", "Is it the upstairs unit or the downstairs one?"),
    ],
)
def test_an_either_or_is_answered_with_an_option(
    content: ContentSet, scenario: str, question: str
) -> None:
    for persona in content.personas:
        result = _asked(content, persona, scenario, question)
        assert not set(result.beats) & YES_OR_NO, (persona, result.reply)
        assert not problems(result.reply, result.beats, turn=question), (persona, result.reply)


def test_the_option_taken_is_the_one_they_want(content: ContentSet) -> None:
    question = "Would you rather have a pass for the lounge or a free hotel room tonight?"
    picks: list[str] = []
    for persona in content.personas:
        for seed in range(4):
            eng = SessionEngine(content, CallSetup(persona, "airline_missed_connection", 2, seed))
            _, state = eng.start()
            state = eng.step(state, OPENER).state
            result = eng.step(state, question)
            if LineKind.PICK in result.beats:
                picks.append(result.reply)
    assert len(picks) > len(content.personas)
    assert all("hotel" in reply.lower() for reply in picks), picks


def test_the_check_catches_a_yes_to_an_either_or() -> None:
    asked = "Was it the scans that went missing, or the lab results?"
    assert problems("Yep. That's correct.", [LineKind.CONFIRM], turn=asked)
    assert problems("No. Not really.", [LineKind.GUARDED], turn=asked)
    assert not problems("The lab results, I think.", [LineKind.PICK], turn=asked)
    # whether there is any at all is a yes/no question, "or" or not
    anything = "Is there any water left pooled or dripping under the unit?"
    assert not problems("Yes. There's a puddle by the wall.", [LineKind.REVEAL], turn=anything)
    # a closing check is answered with a no
    assert not problems(
        "No, that's all.", [LineKind.RESOLVED_YES], turn="Anything else or is that it?"
    )
