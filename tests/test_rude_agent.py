"""A rude, sarcastic, mocking or condescending agent never calms the customer."""

from __future__ import annotations

import pytest

from simulator.content import ContentSet, default_content
from simulator.models.lines import stance
from simulator.practice import CallSetup, SessionEngine

SNEERS = (
    "I totally understand how frustrating that is, boo hoo. I'll book the visit for 9am "
    "tomorrow and text you by noon.",
    "I hear you, it's not rocket science though. I'll send an engineer tomorrow at 9am.",
    "I'm really sorry about this. The technician will be there at 9am tomorrow, knock "
    "yourself out.",
)


@pytest.fixture(scope="module")
def content() -> ContentSet:
    return default_content()


@pytest.mark.parametrize("sneer", SNEERS)
def test_kind_words_and_a_plan_beside_a_sneer_raise_heat(content: ContentSet, sneer: str) -> None:
    for persona in content.personas:
        eng = SessionEngine(content, CallSetup(persona, "hvac_missed_window", 2, 1, 30))
        _, state = eng.start()
        state = eng.step(state, "I'm sorry about the wait. What happened?").state
        result = eng.step(state, sneer)
        assert result.trace.heat_delta > 0, (persona, result.trace.reasons)
        # ... and the customer does not go along with it in the same breath
        assert all(stance(kind) <= 0 for kind in result.beats), (persona, result.reply)
        assert not result.state.plan_accepted, (persona, result.reply)
