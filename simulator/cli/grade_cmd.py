"""`defuse grade`: one transcript to a report, or a folder to a CSV."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from simulator.cli.content_cmds import load_or_fail
from simulator.cli.output import console, err_console, fail
from simulator.grading import Grader, GradingError, TranscriptError, read_call_log, read_transcript
from simulator.grading.batch import grade_folder, transcript_files, write_csv
from simulator.grading.render import to_markdown, to_rich
from simulator.grading.report import GradeReport
from simulator.grading.reviewed import ReviewedCall
from simulator.llm.choice import LLMError
from simulator.llm.providers import ENV_MODEL, provider_for, resolve_model
from simulator.models.transcript import Transcript

MAX_WORKERS = 64
"""Most grading processes for a folder: each loads the content; more than cores only waits."""


class Judging(StrEnum):
    """Who grades."""

    rules = "rules"
    llm = "llm"


def _print(report: GradeReport, transcript: Transcript, verdict: Any, fmt: ReportFormat) -> None:
    call = ReviewedCall(transcript=transcript, report=report)
    if fmt is ReportFormat.json:
        data = report.to_json()
        if verdict is not None:
            data["judge"] = verdict.to_json()
        console.print_json(json.dumps(data))
    elif fmt is ReportFormat.markdown:
        text = to_markdown(call)
        if verdict is not None:
            text += "\n" + verdict.to_markdown()
        console.print(text, markup=False, highlight=False)
    else:
        console.print(to_rich(call))
        if verdict is not None:
            console.print(verdict.to_markdown(), markup=False, highlight=False)


def _judge_dir(
    folder: Path,
    grader: Grader,
    judge: Any,
    persona: str | None,
    yes: bool,
    batch: bool,
) -> None:
    """Judge every transcript in a folder, after showing the estimated cost."""
    from simulator.llm.judge import folder_estimate  # noqa: PLC0415

    files = transcript_files(folder)
    try:
        transcripts = [read_transcript(f) for f in files]
    except TranscriptError as exc:
        fail(str(exc))
    prompt, now, cheap = folder_estimate(judge, transcripts)
    price = "unknown (model not in the price table)" if now is None else f"about ${now:.4f}"
    err_console.print(
        f"{len(transcripts)} transcripts, about {prompt:,} prompt tokens: {price}"
        + (
            ""
            if cheap is None
            else f"; ${cheap:.4f} through the {provider_for(judge.spec).title} Batch API"
        ),
        markup=False,
    )
    if not yes and not (sys.stdin.isatty() and typer.confirm("Go ahead?")):
        fail("not started: pass --yes to judge the folder")
    if batch:
        from simulator.llm.batch import submit  # noqa: PLC0415

        try:
            started = submit(judge, files)
        except LLMError as exc:
            fail(str(exc))
        console.print(
            f"batch {started.id} started ({started.status}, {started.requests} transcripts); "
            f"collect the results with: defuse judge-batch {started.id} --out judge.json",
            markup=False,
        )
        return
    rows = []
    for path, transcript in zip(files, transcripts, strict=True):
        report = grader.grade(transcript, persona=persona)
        try:
            verdict = judge.judge(transcript, report)
        except LLMError as exc:
            err_console.print(f"{path.name}: {exc}", markup=False)
            continue
        rows.append({"file": path.name, "total": report.total, "judge": verdict.to_json()})
    console.print_json(json.dumps(rows))


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
        typer.Option(
            "--workers", min=1, max=MAX_WORKERS, help="Processes for a folder (default: cores)."
        ),
    ] = None,
    judge: Annotated[
        Judging | None,
        typer.Option(
            "--judge",
            help="rules (default), or llm to add an LLM judge's commentary (implied by --model).",
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", help=f"The LLM judge's provider:model (default: {ENV_MODEL})."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Judge a folder without asking.")] = False,
    batch: Annotated[
        bool,
        typer.Option("--batch", help="With --judge llm on a folder: use the OpenAI Batch API."),
    ] = False,
) -> None:
    """Grade a transcript against the six-step rubric, every point backed by a quote."""
    content = load_or_fail(ctx)
    if persona is not None and persona not in content.personas:
        fail(f"unknown persona {persona!r}; expected one of: {', '.join(content.personas)}")
    try:
        grader = Grader(content, rubric)
    except GradingError as exc:
        fail(str(exc))
    if judge is None:
        judge = Judging.llm if model else Judging.rules
    elif judge is Judging.rules and model:
        fail("--model names the LLM judge; drop --judge rules or --model")
    llm_judge = None
    if judge is Judging.llm:
        try:
            from simulator.llm.judge import build_judge  # noqa: PLC0415 - optional extra

            llm_judge = build_judge(content, resolve_model(model))
        except LLMError as exc:
            fail(str(exc))
    if path.is_dir():
        if llm_judge is not None:
            _judge_dir(path, grader, llm_judge, persona, yes, batch)
            return
        _grade_dir(ctx, path, content, grader, persona, out, workers)
        return
    try:
        transcript = read_transcript(path)
        log = read_call_log(call_log) if call_log else None
        report = grader.grade(transcript, persona=persona, call_log=log)
        verdict = llm_judge.judge(transcript, report) if llm_judge is not None else None
    except (TranscriptError, GradingError, LLMError) as exc:
        fail(str(exc))
    _print(report, transcript, verdict, fmt)


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
    if out.is_dir():
        fail(f"--out {out} is a folder; expected a file name, e.g. {out / 'grades.csv'}")
    if out.exists() and not out.is_file():
        # The CSV replaces --out when it is written: never a device, a pipe or a socket.
        fail(f"--out {out} is not a regular file; expected a CSV file name, e.g. grades.csv")
    if not out.parent.is_dir():
        fail(f"--out {out}: the folder {out.parent} does not exist; create it first")
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
            rubric_id=grader.rubric.id,
        )
    try:
        write_csv(rows, out)
    except OSError as exc:
        fail(f"cannot write {out} ({exc.strerror or exc}); choose another --out")
    failed = [r for r in rows if r.error]
    console.print(
        f"graded {len(rows) - len(failed)} of {len(rows)} transcripts into {out}", markup=False
    )
    for row in failed:
        err_console.print(f"skipped: {row.error}", markup=False)


def judge_batch(
    ctx: typer.Context,
    batch_id: Annotated[str, typer.Argument(help="The batch id `defuse grade --batch` printed.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the results here (JSON).")
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="provider:model (as submitted).")
    ] = None,
) -> None:
    """Collect an LLM-judge batch: its status, or the judged transcripts once it is done."""
    from simulator.llm.batch import collect, manifest_path  # noqa: PLC0415
    from simulator.llm.judge import build_judge  # noqa: PLC0415

    content = load_or_fail(ctx)
    try:
        if model is None and manifest_path(batch_id).is_file():
            model = json.loads(manifest_path(batch_id).read_text(encoding="utf-8"))["model"]
        status, rows = collect(
            build_judge(content, resolve_model(model)), Grader(content), batch_id
        )
    except LLMError as exc:
        fail(str(exc))
    if status != "completed":
        console.print(f"batch {batch_id}: {status}; try again later", markup=False)
        return
    text = json.dumps(rows, indent=2)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")
        console.print(
            f"batch {batch_id}: {len(rows)} transcripts judged, written to {out}", markup=False
        )
    else:
        console.print_json(text)


def register(app: typer.Typer) -> None:
    """Add `grade` to the application."""
    app.command()(grade)
    app.command("judge-batch")(judge_batch)
