"""The scripted-trainee table in docs/ACCURACY.md: skilled, fixed script and careless trainees.

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
from simulator.scripted import GOOD_ENDINGS, Fixed, Run, Skilled, careless, play, skilled_log


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
    trainees = {
        "skilled": lambda scenario: (Skilled(), skilled_log(content.scenarios[scenario])),
        "fixed script": lambda scenario: (Fixed(), None),
        "careless": lambda scenario: (careless, None),
    }
    played: dict[tuple[str, int], list[Run]] = {}
    for label, make in trainees.items():
        for level in (1, 2, 3):
            runs = []
            for p, s, seed in cases:
                trainee, log = make(s)
                runs.append(play(content, CallSetup(p, s, level, seed), trainee, log))
            played[label, level] = runs
    print(
        f"{len(cases)} calls per trainee and difficulty (6 personas x 3 scenarios x {len(SEEDS)} seeds)\n"
    )
    print("Good endings by difficulty:\n")
    print("| trainee | difficulty 1 | difficulty 2 | difficulty 3 |")
    print("|---|---|---|---|")
    for label in trainees:
        cells = " | ".join(f"{good(played[label, level]):.0f}%" for level in (1, 2, 3))
        print(f"| {label} | {cells} |")
    print("\nDifficulty 2, by customer type:\n")
    print("| trainee / persona | calls | good ending | heat change | turns | mean grade |")
    print("|---|---|---|---|---|---|")
    for label in trainees:
        runs = played[label, 2]
        print(row(f"**{label}**", runs))
        for persona in content.personas:
            print(row(f"&nbsp;&nbsp;{persona}", [r for r in runs if r.persona == persona]))
    skilled, sloppy = played["skilled", 2], played["careless", 2]
    gap = statistics.mean(r.total for r in skilled) - statistics.mean(r.total for r in sloppy)
    print(f"\nskilled mean grade minus careless mean grade (difficulty 2): {gap:.1f} points")


if __name__ == "__main__":
    main()
