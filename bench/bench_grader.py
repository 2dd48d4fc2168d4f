"""Speed of the move detector and the rule grader (issue 3 figures).

Run: .venv/bin/python bench/bench_grader.py   (or `make bench`)
Prints medians of several rounds; compare figures from one run, as the machine is shared.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from simulator.cli.detect_cmd import label_lines
from simulator.content import default_content
from simulator.grading import Grader
from simulator.grading.batch import grade_folder, transcript_files
from simulator.grading.transcripts import read_transcript
from simulator.models.transcript import Transcript, Turn
from simulator.moves import detector_for
from simulator.moves.evaluate import load_examples

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "data" / "labelled"
CALIBRATION = ROOT / "tests" / "data" / "calibration"
ROUNDS = 5


def labelled() -> list[tuple[str, str | None]]:
    """The labelled set's single utterances."""
    return [(e.text, e.context) for e in load_examples(LABELLED)]


def utterances() -> list[tuple[str, str | None]]:
    """The labelled set's utterances and every agent turn of the calibration transcripts."""
    found: list[tuple[str, str | None]] = []
    if LABELLED.exists():
        found += labelled()
    for path in sorted(CALIBRATION.glob("*.json")):
        context = None
        for turn in read_transcript(path).turns:
            if turn.speaker == "agent":
                found.append((turn.text, context))
            else:
                context = turn.text
    return found


def thirty_turns(quality: str) -> Transcript:
    """30 turns from the calibration transcripts of one quality, in file order."""
    turns: list[Turn] = []
    for path in sorted(CALIBRATION.glob(f"*_{quality}.json")):
        turns.extend(read_transcript(path).turns)
        if len(turns) >= 30:
            break
    return Transcript(turns=turns[:30])


def detection_rate(items: list[tuple[str, str | None]]) -> float:
    detector = detector_for(default_content())
    rates = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for text, context in items:
            detector.detect(text, context)
        rates.append(len(items) / (time.perf_counter() - start))
    return statistics.median(rates)


def command_rate(items: list[tuple[str, str | None]]) -> float:
    """`defuse detect` past start-up: JSON lines parsed, labelled and written."""
    detector = detector_for(default_content())
    lines = [
        json.dumps({"id": index, "text": text, "context": context}) + "\n"
        for index, (text, context) in enumerate(items)
    ]
    rates = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        label_lines(detector, lines, io.StringIO())
        rates.append(len(items) / (time.perf_counter() - start))
    return statistics.median(rates)


def grade_ms(transcript: Transcript) -> float:
    grader = Grader(default_content())
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        runs = 50
        for _ in range(runs):
            grader.grade(transcript)
        times.append((time.perf_counter() - start) / runs * 1000)
    return statistics.median(times)


def folder_seconds(workers: int, files: list[Path]) -> float:
    content = default_content()
    times = []
    for _ in range(3):
        start = time.perf_counter()
        grade_folder(files, content, workers=workers)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    rows = []
    for name, items in (
        ("labelled set", labelled()),
        ("labelled set + calibration agent turns", utterances()),
    ):
        rate = detection_rate(items)
        chars = sum(len(text) for text, _ in items) / len(items)
        rows.append(
            f"| detection, one core, {name} ({len(items)} utterances, mean {chars:.0f} chars) "
            f"| {rate:,.0f} utterances/s |"
        )
        rows.append(
            f"| `defuse detect` after start-up (JSON lines in and out), {name} "
            f"| {command_rate(items):,.0f} utterances/s |"
        )
    for quality in ("mediocre", "excellent"):
        transcript = thirty_turns(quality)
        agent = [t.text for t in transcript.turns if t.speaker == "agent"]
        mean = sum(len(t) for t in agent) / len(agent)
        rows.append(
            f"| grading one 30-turn transcript ({quality} calibration calls, agent turns "
            f"{mean:.0f} chars on average) | {grade_ms(transcript):.2f} ms |"
        )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = thirty_turns("mediocre").model_dump_json()
        for index in range(400):
            (folder / f"call{index:04d}.json").write_text(data, encoding="utf-8")
        files = transcript_files(folder)
        one = folder_seconds(1, files)
        cores = os.cpu_count() or 1
        many = folder_seconds(cores, files)
    rows.append(f"| grading a folder of 400 transcripts, 1 process | {one:.2f} s |")
    rows.append(
        f"| grading a folder of 400 transcripts, {cores} processes | {many:.2f} s "
        f"({one / many:.2f}x faster) |"
    )
    print("| measure | median |")
    print("|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
