"""Detector and grader output on fixed corpora does not change by accident (a speed-up)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from detector_golden import GOLDEN, GRADES, grade_lines, lines


def test_detections_match_the_golden_file() -> None:
    expected = GOLDEN.read_text(encoding="utf-8").splitlines()
    current = lines()
    changed = [e for e, c in zip(expected, current, strict=True) if e != c]
    assert len(current) == len(expected)
    assert changed == [], (
        f"{len(changed)} detections changed; if intended, run "
        "`.venv/bin/python bench/detector_golden.py --write` and review the diff"
    )


def test_grade_reports_match_the_golden_file() -> None:
    expected = GRADES.read_text(encoding="utf-8").splitlines()
    current = grade_lines()
    changed = [e[:80] for e, c in zip(expected, current, strict=True) if e != c]
    assert len(current) == len(expected)
    assert changed == [], (
        f"{len(changed)} grade reports changed; if intended, run "
        "`.venv/bin/python bench/detector_golden.py --write` and review the diff"
    )
