"""Blind coherence of the simulated customer: the testers' 1-5 ratings, per customer type.

Run: .venv/bin/python bench/coherence_table.py set1 set2 set3      (round 0, commit 61a9395)
     .venv/bin/python bench/coherence_table.py set4                  (round 1)
Reads each set's scores.json (tests/data/playtest/): every played call's coherence rating,
given by a tester who never saw the code or the content, before seeing any grade. Prints a
Markdown table: calls, mean and lowest rating per customer type and per difficulty.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict

from simulator.grading.playtest import PLAYTEST_SETS


def ratings(names: list[str]) -> list[tuple[str, int, float]]:
    """(persona, difficulty, rating) for every rated played call of the sets."""
    found = []
    for name in names:
        scores = json.loads((PLAYTEST_SETS[name] / "scores.json").read_text(encoding="utf-8"))
        for row in scores.values():
            rating = str(row.get("coherence") or "").strip()
            if row.get("persona") and rating:
                found.append((row["persona"], int(row["difficulty"]), float(rating)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="+", choices=sorted(PLAYTEST_SETS))
    args = parser.parse_args()
    rows = ratings(args.sets)
    groups: dict[str, list[float]] = defaultdict(list)
    for persona, difficulty, rating in rows:
        groups[persona].append(rating)
        groups[f"difficulty {difficulty}"].append(rating)
    print(
        f"sets {', '.join(args.sets)}: {len(rows)} rated calls, mean "
        f"{statistics.mean(r for *_, r in rows):.2f}\n"
    )
    print("| customer | calls | mean | lowest |")
    print("|---|---|---|---|")
    for key in sorted(groups, key=lambda k: (k.startswith("difficulty"), k)):
        values = groups[key]
        print(f"| {key} | {len(values)} | {statistics.mean(values):.2f} | {min(values):g} |")


if __name__ == "__main__":
    main()
