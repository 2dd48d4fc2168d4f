"""`defuse grade`: one transcript to a report, or a folder to a CSV."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from simulator.cli.content_cmds import load_or_fail
from simulator.cli.output import console, err_console, fail
from simulator.grading import Grader, GradingError, TranscriptError, read_call_log, read_transcript
from simulator.grading.batch import grade_folder, transcript_files, write_csv
from simulator.grading.render import to_markdown, to_rich


class ReportFormat(StrEnum):
    """How a report is printed."""

    text = "text"
    json = "json"
    markdown = "markdown"


def grade(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A transcript (.json, .txt, .csv) or a folder.")],
    persona: Annotated[
        str | None, typer.Option("--persona", help="Persona id, for persona-aware checks.")
    ] = None,
    call_log: Annotated[
        Path | None, typer.Option("--call-log", help="The call log (JSON or 'field: value').")
    ] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="text, json or markdown")] = (
        ReportFormat.text
    ),
    out: Annotated[
        Path | None, typer.Option("--out", help="For a folder: the CSV file to write.")
    ] = None,
    rubric: Annotated[str, typer.Option("--rubric", help="Rubric id.")] = "six_step",
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Processes for a folder (default: cores)."),
    ] = None,
) -> None:
    """Grade a transcript against the six-step rubric, every point backed by a quote."""
    content = load_or_fail(ctx)
    if persona is not None and persona not in content.personas:
        fail(f"unknown persona {persona!r}; expected one of: {', '.join(content.personas)}")
    try:
        grader = Grader(content, rubric)
    except GradingError as exc:
        fail(str(exc))
    if path.is_dir():
        _grade_dir(ctx, path, content, grader, persona, out, workers)
        return
    try:
        transcript = read_transcript(path)
        log = read_call_log(call_log) if call_log else None
        report = grader.grade(transcript, persona=persona, call_log=log)
    except (TranscriptError, GradingError) as exc:
        fail(str(exc))
    if fmt is ReportFormat.json:
        console.print_json(json.dumps(report.to_json()))
    elif fmt is ReportFormat.markdown:
        console.print(to_markdown(report, transcript), markup=False, highlight=False)
    else:
        console.print(to_rich(report, transcript))


def _grade_dir(
    ctx: typer.Context,
    folder: Path,
    content: object,
    grader: Grader,
    persona: str | None,
    out: Path | None,
    workers: int | None,
) -> None:
    if out is None:
        fail(f"{folder} is a folder; add --out grades.csv to write one row per transcript")
    files = transcript_files(folder)
    if not files:
        fail(f"{folder}: no .json, .txt or .csv transcripts found")
    extra = tuple(getattr(ctx.obj, "content_dirs", ()))
    with Progress(
        TextColumn("grading"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("grading", total=len(files))
        rows = grade_folder(
            files,
            grader.content,
            extra,
            persona,
            workers,
            on_done=lambda _row: progress.advance(task),
        )
    write_csv(rows, out)
    failed = [r for r in rows if r.error]
    console.print(
        f"graded {len(rows) - len(failed)} of {len(rows)} transcripts into {out}", markup=False
    )
    for row in failed:
        err_console.print(f"skipped: {row.error}", markup=False)


def register(app: typer.Typer) -> None:
    """Add `grade` to the application."""
    app.command()(grade)
