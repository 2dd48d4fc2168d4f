"""The rule grader against blind, trainer-scored play-test calls (docs/ACCURACY.md).

Run: .venv/bin/python bench/eval_playtest.py [SET ...] [--calls] [--fused]
SET is ``dev`` (../shared/playtest-dev, the development set), ``calmdev`` (the development set
of calm routine calls), ``playdev``, ``playdev2``, ``set8``, ``set10``, ``set11`` (development
sets written blind), or the other ``setN`` (tests/data/playtest/, the measures). Prints
mean absolute difference to the trainer, the mean signed difference (positive: the grader is
generous) and Spearman's rho, per set; ``--calls`` adds one line per call, for the development
sets only (a measure's errors stay unread);
``--fused`` grades with the learned layer beside the rules.
"""

from __future__ import annotations

import sys

from simulator.content import default_content
from simulator.grading import Grader
from simulator.grading.playtest import PLAYTEST_SETS, grade_set, summary
from simulator.moves.learned import Fused

DEVELOPMENT = ("dev", "calmdev", "playdev", "playdev2", "set8", "set10", "set11")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    names = args or list(PLAYTEST_SETS)
    learned = Fused() if "--fused" in sys.argv else None
    grader = Grader(default_content(), learned=learned)
    for name in names:
        calls = grade_set(name, grader)
        if calls is None:
            print(f"{name}: not found ({PLAYTEST_SETS[name]})")
            continue
        s = summary(calls)
        print(
            f"{name}: {s.n} calls  MAE {s.mae:.1f}  bias {s.bias:+.1f}  rho {s.rho:.2f}"
            f"  (calm {s.calm_mae:.1f}, played {s.played_mae:.1f})"
        )
        if "--calls" in sys.argv and name in DEVELOPMENT:
            for c in calls:
                print(
                    f"  {c.name:55} trainer {c.trainer:5.1f}  grader {c.grader:5.1f}"
                    f"  {c.grader - c.trainer:+6.1f}  weakest {c.weakest}"
                )


if __name__ == "__main__":
    main()
