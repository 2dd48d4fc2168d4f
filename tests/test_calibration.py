"""Calibration: the same situations written at clearly different quality grade in order."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from simulator.content import default_content
from simulator.grading import Grader, read_transcript

FOLDER = Path(__file__).parent / "data" / "calibration"
MARGIN = 10.0
STUFFING_BOUND = 10.0


def situations() -> dict[str, dict[str, Path]]:
    found: dict[str, dict[str, Path]] = defaultdict(dict)
    for path in sorted(FOLDER.glob("*.json")):
        quality = json.loads(path.read_text(encoding="utf-8"))["quality"]
        found[path.stem.rsplit("_", 1)[0]][quality] = path
    return dict(found)


@pytest.fixture(scope="module")
def totals() -> dict[str, dict[str, float]]:
    grader = Grader(default_content())
    return {
        name: {
            quality: grader.grade(read_transcript(path)).total for quality, path in files.items()
        }
        for name, files in situations().items()
    }


def test_set_covers_enough_transcripts_and_personas() -> None:
    found = situations()
    assert sum(len(files) for files in found.values()) >= 18
    personas = {
        json.loads(path.read_text(encoding="utf-8"))["persona"]
        for files in found.values()
        for path in files.values()
    }
    assert len(personas) >= 5
    for files in found.values():
        assert set(files) == {"excellent", "mediocre", "poor", "stuffed"}


def test_excellent_beats_mediocre_beats_poor_by_clear_margins(
    totals: dict[str, dict[str, float]],
) -> None:
    for name, scores in totals.items():
        assert scores["excellent"] >= scores["mediocre"] + MARGIN, (name, scores)
        assert scores["mediocre"] >= scores["poor"] + MARGIN, (name, scores)


def test_stuffed_empathy_does_not_pay(totals: dict[str, dict[str, float]]) -> None:
    for name, scores in totals.items():
        assert scores["stuffed"] <= scores["poor"] + STUFFING_BOUND, (name, scores)
