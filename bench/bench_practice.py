"""Speed of an offline practice turn (issue 4 figures): detect, mood, reply, commit.

Run: .venv/bin/python bench/bench_practice.py   (or `make bench`)
Each turn is timed as `Practice.say` does it for real: the trainee turn committed to a
SQLite file (WAL), the engine step, the reply and state committed. Prints the median and
p95 per turn, and per-turn medians of 5-turn calls against 40-turn calls, from one run.
A customer who hangs up early is calmed down by the bench so each call runs its full length.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from simulator.content import default_content
from simulator.practice import CallSetup
from simulator.session import Practice
from simulator.storage import Store

PERSONAS = (
    "impatient",
    "aggressive",
    "complainer",
    "silent_dissenter",
    "entitled",
    "chronic_caller",
)
QUESTIONS = (
    "Can you tell me a bit more about what happened with the {w}? I'll update you by {h} p.m.",
    "When did you first notice the problem with the {w}? You'll hear from me by {h} p.m.",
    "So it's the {w} that's the issue, is that right? I'll have news by {h} p.m.",
    "Who did you speak to about the {w} before today? I'll call you back by {h} p.m.",
    "What did they tell you about the {w} last time? Expect my email by {h} p.m.",
    "How has the {w} affected your week? I'll confirm the next step by {h} p.m.",
)


def lines_for(scenario_words: list[str], count: int) -> list[str]:
    """Varied, on-topic trainee turns that keep a call going without settling it."""
    out = []
    for index in range(count):
        word = scenario_words[index % len(scenario_words)]
        hour = 1 + index % 11
        out.append(QUESTIONS[index % len(QUESTIONS)].format(w=word, h=hour) + f" Ref {index}.")
    return out


def run_call(store: Store, persona: str, turns: int, seed: int) -> list[float]:
    """Time each turn of one call; the list is shorter if the call ended early."""
    content = default_content()
    scenario = next(s for s in content.scenarios.values() if persona in s.personas)
    words = [k for fact in scenario.facts for k in fact.keywords][:12]
    call = Practice.start(content, store, CallSetup(persona, scenario.id, 1, seed, turns), "bench")
    times = []
    for line in lines_for(words, turns):
        if call.ended:
            # Keep the call going so every call runs its full length: the bench measures
            # the cost of a turn at each point of a call, not how the story ends.
            calm = {"outcome": None, "heat": 5.0, "maxed": 0, "stalled": 0}
            call.state = call.state.model_copy(update=calm)
        start = time.perf_counter()
        call.say(line)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'bench.db'}")
        run_call(store, "impatient", 5, 0)  # warm caches: content, detector, grader
        short: list[float] = []
        long: list[float] = []
        full = 0
        for seed in range(3):
            for persona in PERSONAS:
                short += run_call(store, persona, 5, seed)
                times = run_call(store, persona, 40, seed)
                long += times
                full += len(times) == 40
        every = short + long
        p95 = statistics.quantiles(every, n=20)[18]
        print(f"offline turn (detect, mood, reply, commit), {len(every)} turns:")
        print(
            f"  median {statistics.median(every):.2f} ms   p95 {p95:.2f} ms   (target p95 < 20 ms)"
        )
        print(
            f"  per turn, 5-turn calls:  median {statistics.median(short):.2f} ms ({len(short)} turns)"
        )
        print(
            f"  per turn, 40-turn calls: median {statistics.median(long):.2f} ms ({len(long)} turns)"
        )
        print(f"  ratio 40-turn / 5-turn: {statistics.median(long) / statistics.median(short):.2f}")
        print(f"  40-turn calls that ran all 40 turns: {full} of {3 * len(PERSONAS)}")
        store.close()


if __name__ == "__main__":
    main()
