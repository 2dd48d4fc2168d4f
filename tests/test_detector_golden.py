"""The detector's output on a fixed corpus does not change by accident (e.g. a speed-up)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from detector_golden import GOLDEN, lines


def test_detections_match_the_golden_file() -> None:
    expected = GOLDEN.read_text(encoding="utf-8").splitlines()
    current = lines()
    changed = [e for e, c in zip(expected, current, strict=True) if e != c]
    assert len(current) == len(expected)
    assert changed == [], (
        f"{len(changed)} detections changed; if intended, run "
        "`.venv/bin/python bench/detector_golden.py --write` and review the diff"
    )
