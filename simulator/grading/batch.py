"""Grading a folder of transcripts on every core, one CSV row per file."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from simulator.content import ContentSet, default_content
from simulator.grading.grader import Grader
from simulator.grading.transcripts import TranscriptError, read_transcript
from simulator.models.content import StepId
from simulator.models.untrusted import spreadsheet_cell

SUFFIXES = (".json", ".txt", ".csv")


@dataclass(frozen=True)
class Row:
    """One graded file, or the reason it could not be graded."""

    path: str
    total: float | None
    steps: dict[str, float | None]
    anti_patterns: int
    error: str = ""


_grader: Grader | None = None


def _init(extra: tuple[Path, ...], rubric_id: str) -> None:
    global _grader  # noqa: PLW0603 - one grader per worker process, built once
    _grader = Grader(default_content(extra), rubric_id)


def _grade_one(path: Path, persona: str | None, grader: Grader | None = None) -> Row:
    active = grader or _grader
    assert active is not None
    try:
        report = active.grade(read_transcript(path), persona=persona)
    except TranscriptError as exc:
        return Row(str(path), None, {}, 0, error=str(exc))
    steps = {s.value: (r.score if r.assessed else None) for s, r in report.steps.items()}
    return Row(str(path), report.total, steps, len(report.anti_patterns))


def transcript_files(folder: Path) -> list[Path]:
    """Transcript files in a folder (not recursive), in name order."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def grade_folder(
    files: Sequence[Path],
    content: ContentSet,
    extra: tuple[Path, ...] = (),
    persona: str | None = None,
    workers: int | None = None,
    on_done: Callable[[Row], None] | None = None,
    rubric_id: str = "six_step",
) -> list[Row]:
    """Grade files in parallel (one process per core) against one rubric, in file order."""
    workers = workers or os.cpu_count() or 1
    rows: list[Row] = []
    if workers == 1 or len(files) < 2 * workers:
        grader = Grader(content, rubric_id)
        for path in files:
            rows.append(_grade_one(path, persona, grader))
            if on_done:
                on_done(rows[-1])
        return rows
    chunk = max(1, len(files) // (workers * 8))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init, initargs=(extra, rubric_id)
    ) as pool:
        for row in pool.map(_grade_one, files, [persona] * len(files), chunksize=chunk):
            rows.append(row)
            if on_done:
                on_done(row)
    return rows


def write_csv(rows: Sequence[Row], out: Path) -> None:
    """Write rows as CSV: file, total, the six step scores, anti-pattern count, error."""
    header = ["file", "total", *(s.value for s in StepId), "anti_patterns", "error"]
    # Written beside the target and moved into place, so a failure leaves no half file.
    partial = out.with_name(f".{out.name}.partial")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(
                [spreadsheet_cell(row.path), "" if row.total is None else row.total]
                + ["" if row.steps.get(s.value) is None else row.steps[s.value] for s in StepId]
                + [row.anti_patterns, spreadsheet_cell(row.error)]
            )
    partial.replace(out)
