"""One coherent customer reply per turn, checked in code on every reply the tests make.

Every persona and scenario it suits, all three difficulties and two seeds are played by the
scripted trainees (skilled, fixed script, careless), and the trainee lines of the blind
play-test calls are replayed against today's customer. Every reply must pass
``simulator.practice.coherence.problems``: no reply that yields and pushes back at once, says
a sentence twice, ends twice, starts mid-sentence or leaves a placeholder, thanks or says
goodbye twice, leaves "the main thing" unnamed, or asks again a question already answered.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.content import ContentSet, default_content
from simulator.models.content import Scenario
from simulator.models.lines import LineKind
from simulator.practice import CallSetup, SessionEngine
from simulator.practice.coherence import problems
from simulator.practice.items import Status
from simulator.practice.state import CallState
from simulator.scripted import Fixed, Skilled, Trainee, careless

PLAYTEST = Path(__file__).resolve().parent / "data" / "playtest"


@pytest.fixture(scope="module")
def content() -> ContentSet:
    return default_content()


def _play(content: ContentSet, setup: CallSetup, trainee: Trainee) -> list[str]:
    engine = SessionEngine(content, setup)
    line, state = engine.start()
    found = [f"opening: {p}" for p in problems(line, [LineKind.OPENING])]
    labels = list(engine.scenario.customer.details)
    facts = [fact.text for fact in engine.scenario.facts]
    earlier = [line]
    while not state.ended:
        said = trainee(state, line, engine.scenario)
        result = engine.step(state, said)
        state, line = result.state, result.reply
        answered = [i.text for i in state.items if i.status is Status.ANSWERED]
        found += [
            f"{said!r} -> {line!r}: {p}"
            for p in problems(
                line,
                result.beats,
                answered,
                heat_delta=result.trace.heat_delta,
                parts=result.parts,
                labels=labels,
                earlier=earlier,
                facts=facts,
                turn=said,
            )
        ]
        earlier.append(line)
    return found


def test_scripted_calls_read_as_one_voice(content: ContentSet) -> None:
    found: list[str] = []
    calls = 0
    for persona in content.personas:
        for scenario in (s.id for s in content.scenarios.values() if persona in s.personas):
            for difficulty in (1, 2, 3):
                for seed in (0, 1):
                    setup = CallSetup(persona, scenario, difficulty, seed)
                    for trainee in (Skilled(), Fixed(), careless):
                        found += _play(content, setup, trainee)
                        calls += 1
    assert calls > 200
    assert found == []


def _replayed(lines: list[str]) -> Trainee:
    queue = list(lines)

    def trainee(state: CallState, line: str, scenario: Scenario) -> str:
        return queue.pop(0) if queue else "Thanks for calling. Goodbye, I'm ending the call now."

    return trainee


def test_play_test_lines_replayed_read_as_one_voice(content: ContentSet) -> None:
    found: list[str] = []
    calls = 0
    for scores in sorted(PLAYTEST.glob("set*/scores.json")):
        for name, meta in json.loads(scores.read_text(encoding="utf-8")).items():
            if not meta.get("persona") or meta["persona"] not in content.personas:
                continue  # the calm routine calls are transcripts, not played calls
            turns = json.loads((scores.parent / meta["file"]).read_text(encoding="utf-8"))["turns"]
            said = [t["text"] for t in turns if t["speaker"] == "agent"]
            setup = CallSetup(meta["persona"], meta["case"], meta["difficulty"], meta["seed"])
            found += [
                f"{scores.parent.name}/{name}: {p}" for p in _play(content, setup, _replayed(said))
            ]
            calls += 1
    assert calls >= 60
    assert found == []
