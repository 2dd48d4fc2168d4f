"""Write or check the detector's golden output: every move and span it finds on a fixed corpus.

Run: .venv/bin/python bench/detector_golden.py [--write]
The corpus is the labelled set, every agent turn of the calibration transcripts (with the
customer line before it as context) and the scripted trainees' turns. A speed change to the
detector must leave this output byte-identical; tests/test_detector_golden.py checks it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from simulator.content import default_content
from simulator.grading import Grader
from simulator.grading.transcripts import read_transcript
from simulator.moves import detector_for
from simulator.moves.evaluate import load_examples

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "detector_golden.jsonl"
GRADES = ROOT / "tests" / "data" / "grade_golden.jsonl"


def corpus() -> list[tuple[str, str | None]]:
    """(text, context) pairs the golden output covers, in a fixed order."""
    items = [(e.text, e.context) for e in load_examples(ROOT / "tests" / "data" / "labelled")]
    for path in sorted((ROOT / "tests" / "data" / "calibration").glob("*.json")):
        context = None
        for turn in read_transcript(path).turns:
            if turn.speaker == "agent":
                items.append((turn.text, context))
            else:
                context = turn.text
    return items


def lines() -> list[str]:
    """One JSON line per corpus item: its moves and spans."""
    detector = detector_for(default_content())
    return [
        json.dumps(detector.detect(text, context).to_json(index), sort_keys=True)
        for index, (text, context) in enumerate(corpus())
    ]


def grade_lines() -> list[str]:
    """One JSON line per calibration transcript: its whole grade report."""
    grader = Grader(default_content())
    return [
        json.dumps(
            {
                "file": path.name,
                "report": grader.grade(read_transcript(path)).model_dump(mode="json"),
            },
            sort_keys=True,
        )
        for path in sorted((ROOT / "tests" / "data" / "calibration").glob("*.json"))
    ]


def main() -> None:
    changed_any = False
    for path, current in ((GOLDEN, lines()), (GRADES, grade_lines())):
        if "--write" in sys.argv:
            path.write_text("\n".join(current) + "\n", encoding="utf-8")
            print(f"wrote {len(current)} lines to {path}")
            continue
        expected = path.read_text(encoding="utf-8").splitlines()
        changed = [i for i, (a, b) in enumerate(zip(current, expected, strict=True)) if a != b]
        print(f"{path.name}: {len(current)} lines, {len(changed)} changed")
        for index in changed[:20]:
            print(" was", expected[index][:400])
            print(" now", current[index][:400])
        changed_any = changed_any or bool(changed)
    sys.exit(1 if changed_any else 0)


if __name__ == "__main__":
    main()
