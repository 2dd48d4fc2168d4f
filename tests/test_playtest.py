"""The grader against blind, trainer-scored play-test calls (docs/ACCURACY.md).

Each bound is the level reached when the set was last measured: a change that makes the
grader agree less with the trainers fails here.
"""

from __future__ import annotations

import json

import pytest

from simulator.content import default_content
from simulator.grading import Grader
from simulator.grading.playtest import PLAYTEST_SETS, grade_set, spearman, summary

LEVELS = {
    "dev": (6.0, 0.95),
    "calmdev": (4.6, 0.95),
    "playdev": (7.1, 0.81),
    "playdev2": (8.1, 0.84),
    "set1": (8.9, 0.82),
    "set2": (11.5, 0.82),
    "set3": (11.0, 0.87),
    "set4": (12.6, 0.64),
    "set5": (9.1, 0.85),
    "set6": (8.2, 0.81),
    "set7": (12.1, 0.79),
    "set8": (7.8, 0.78),
    "set9": (8.7, 0.72),
    "set10": (8.0, 0.87),
    "set11": (9.0, 0.82),
}
"""Set: (highest mean absolute difference to the trainer, lowest Spearman's rho)."""


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(default_content())


@pytest.mark.parametrize("name", sorted(LEVELS))
def test_the_grade_stays_as_close_to_the_trainer_as_it_got(name: str, grader: Grader) -> None:
    calls = grade_set(name, grader)
    if calls is None:
        pytest.skip(f"play-test set {name} is not on this machine ({PLAYTEST_SETS[name]})")
    s = summary(calls)
    mae, rho = LEVELS[name]
    assert s.mae <= mae, f"{name}: MAE {s.mae:.1f} > {mae}"
    assert s.rho >= rho, f"{name}: rho {s.rho:.2f} < {rho}"


def test_the_measure_sets_are_blind_and_whole() -> None:
    rows = json.loads((PLAYTEST_SETS["set1"] / "scores.json").read_text(encoding="utf-8"))
    assert len(rows) >= 30
    assert sum(str(r["trainee"]).startswith("calm") for r in rows.values()) >= 8
    assert all(0 <= r["trainer_score"] <= 100 and r["weakest"] for r in rows.values())
    for r in rows.values():
        assert (PLAYTEST_SETS["set1"] / r["file"]).exists()


def test_spearman_with_ties() -> None:
    assert spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)
    assert spearman([1, 2, 3], [30, 20, 10]) == pytest.approx(-1.0)
    assert spearman([1, 1, 2], [5, 5, 9]) == pytest.approx(1.0)
