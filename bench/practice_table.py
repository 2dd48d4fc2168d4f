"""The scripted-trainee table in docs/ACCURACY.md: skilled vs careless against every persona.

Run: .venv/bin/python bench/practice_table.py   (or `make bench`)
Same matrix as tests/test_scripted_trainees.py: each persona, its first three scenarios,
seeds 0-2, difficulty 2. "Good ending" is resolved or escalated with heat below the start.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_scripted_trainees import SEEDS, matrix

from simulator.content import default_content
from simulator.practice import CallSetup
from simulator.scripted import GOOD_ENDINGS, Run, Skilled, careless, play, skilled_log


def good(runs: list[Run]) -> float:
    return (
        100 * sum(r.outcome in GOOD_ENDINGS and r.heat_end < r.heat_start for r in runs) / len(runs)
    )


def row(label: str, runs: list[Run]) -> str:
    heat = statistics.mean(r.heat_end - r.heat_start for r in runs)
    turns = statistics.mean(r.turns for r in runs)
    grade = statistics.mean(r.total for r in runs)
    return (
        f"| {label} | {len(runs)} | {good(runs):.0f}% | {heat:+.1f} | {turns:.1f} | {grade:.1f} |"
    )


def main() -> None:
    content = default_content()
    cases = matrix(content)
    skilled = [
        play(content, CallSetup(p, s, 2, seed), Skilled(), skilled_log(content.scenarios[s]))
        for p, s, seed in cases
    ]
    sloppy = [play(content, CallSetup(p, s, 2, seed), careless) for p, s, seed in cases]
    print(f"{len(cases)} calls per trainee (6 personas x 3 scenarios x {len(SEEDS)} seeds)\n")
    print("| trainee / persona | calls | good ending | heat change | turns | mean grade |")
    print("|---|---|---|---|---|---|")
    for label, runs in (("**skilled**", skilled), ("**careless**", sloppy)):
        print(row(label, runs))
        for persona in content.personas:
            print(row(f"&nbsp;&nbsp;{persona}", [r for r in runs if r.persona == persona]))
    gap = statistics.mean(r.total for r in skilled) - statistics.mean(r.total for r in sloppy)
    print(f"\nskilled mean grade minus careless mean grade: {gap:.1f} points")


if __name__ == "__main__":
    main()
