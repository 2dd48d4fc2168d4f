"""Playing the offline customer a turn or a few, for the tests of what it says back."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.content import ContentSet
from simulator.models.content import Scenario
from simulator.practice import CallSetup, SessionEngine
from simulator.practice.engine import TurnResult


def cases(content: ContentSet) -> Iterator[tuple[str, Scenario]]:
    """Every shipped scenario with each persona it suits."""
    for scenario in content.scenarios.values():
        for persona in scenario.personas:
            yield persona, scenario


def say(
    content: ContentSet, persona: str, scenario: str, *lines: str, seed: int = 0
) -> list[TurnResult]:
    """The customer's answer to each trainee line in turn, at difficulty 2."""
    engine = SessionEngine(content, CallSetup(persona, scenario, 2, seed))
    _, state = engine.start()
    out = []
    for line in lines:
        result = engine.step(state, line)
        out.append(result)
        state = result.state
    return out


def first(content: ContentSet, persona: str, scenario: str, said: str, seed: int = 0) -> TurnResult:
    """The customer's answer to the trainee's first line."""
    return say(content, persona, scenario, said, seed=seed)[0]
