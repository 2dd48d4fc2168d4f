"""`defuse history` and `defuse show`: stored calls, read as reviewed calls."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from simulator.cli.grade_cmd import ReportFormat
from simulator.cli.output import console, fail
from simulator.cli.practice_cmd import open_store
from simulator.grading.render import to_rich
from simulator.reports.exports import call_json, to_markdown_export
from simulator.reports.stored import StoredCall, load_call
from simulator.storage import CallRow, StorageError

MAX_LISTED = 100_000
"""Most calls one listing prints (a number any database's LIMIT takes)."""


class ListFormat(StrEnum):
    """How `defuse history` prints."""

    table = "table"
    json = "json"


def _row_json(row: CallRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "trainee": row.trainee,
        "persona": row.persona,
        "scenario": row.scenario,
        "difficulty": row.difficulty,
        "started_at": row.started_at.isoformat(timespec="seconds"),
        "outcome": row.outcome,
        "turns": row.turns,
        "heat_start": row.heat_start,
        "heat_end": row.heat_end,
        "total": {"machine": row.machine_total, "coach": row.coach_total},
    }


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def history(
    trainee: Annotated[
        str | None, typer.Option("--trainee", help="Only this trainee's calls.")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=MAX_LISTED, help="How many calls.")
    ] = 50,
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or json")] = ListFormat.table,
) -> None:
    """List past practice calls, newest first, with the machine's and the coach's total."""
    store = open_store()
    rows = store.history(trainee, limit)
    if fmt is ListFormat.json:
        console.print_json(json.dumps([_row_json(r) for r in rows]))
        return
    if not rows:
        console.print(f"no calls yet in {store.where}" + (f" for {trainee}" if trainee else ""))
        return
    table = Table(
        "session",
        "when",
        "trainee",
        "persona",
        "scenario",
        "turns",
        "outcome",
        "heat",
        "machine",
        "coach",
    )
    for row in rows:
        table.add_row(
            row.id,
            f"{row.started_at:%Y-%m-%d %H:%M:%S}",
            row.trainee,
            row.persona,
            row.scenario,
            str(row.turns),
            row.outcome or "in progress",
            f"{row.heat_start:.1f} \u2192 {row.heat_end:.1f}",
            _score(row.machine_total),
            _score(row.coach_total),
        )
    console.print(table)


def _print_text(call: StoredCall) -> None:
    record, reviewed = call.record, call.reviewed
    console.print(
        Text(
            f"Call {record.id} \u00b7 {record.trainee} \u00b7 {record.persona} / {record.scenario}"
            f" \u00b7 {record.outcome or 'in progress'}",
            style="bold",
        )
    )
    for turn in record.turns:
        who = "Customer" if turn.speaker == "customer" else "Agent"
        console.print(Text.assemble((f"{turn.number:>3} {who}: ", "bold"), turn.text))
        if turn.heat is not None:
            moves = ", ".join(m.value for m in reviewed.moves(turn.number))
            console.print(Text(f"      heat {turn.heat:.1f}  {moves}".rstrip(), style="dim"))
        for comment in reviewed.comments_on(turn.number):
            console.print(Text(f"      comment ({comment.author}): {comment.text}", style="cyan"))
    if reviewed.report is not None:
        console.print(to_rich(reviewed))
    else:
        console.print(f"Not graded yet: resume with defuse practice --resume {record.id}")


def show(
    session_id: Annotated[str, typer.Argument(help="A session id (or a unique prefix).")],
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="text, json or markdown")
    ] = ReportFormat.text,
) -> None:
    """Print a stored call: transcript, mood trace, grade and coach overrides and comments."""
    store = open_store()
    try:
        call = load_call(store, session_id)
    except StorageError as exc:
        fail(str(exc))
    if fmt is ReportFormat.json:
        console.print_json(json.dumps(call_json(call)))
    elif fmt is ReportFormat.markdown:
        console.print(to_markdown_export(call), markup=False, highlight=False)
    else:
        _print_text(call)


def register(app: typer.Typer) -> None:
    """Add `history` and `show` to the app."""
    app.command()(history)
    app.command()(show)
