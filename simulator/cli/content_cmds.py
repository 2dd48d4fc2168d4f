"""`defuse validate`, `defuse personas`, `defuse scenarios`, `defuse schemas`."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from simulator.cli.output import console, err_console, fail
from simulator.content import ContentError, ContentSet, content_dirs, load_content
from simulator.content.loader import KINDS, shipped_content_dir
from simulator.content.schemas import stale_schemas, write_schemas
from simulator.practice.desk import desk_for


class ListFormat(StrEnum):
    """Output format of a listing."""

    table = "table"
    json = "json"


def _extra_dirs(ctx: typer.Context) -> tuple[Path, ...]:
    dirs: tuple[Path, ...] = getattr(ctx.obj, "content_dirs", ())
    return dirs


def _report(exc: ContentError) -> None:
    for problem in exc.problems:
        err_console.print(str(problem), markup=False)
    count = len(exc.problems)
    fail(f"{count} content problem{'s' if count != 1 else ''} found; fix the lines above")


def load_or_fail(ctx: typer.Context, *more: Path) -> ContentSet:
    """Load the configured content, or print every problem and exit 1."""
    try:
        return load_content(content_dirs((*_extra_dirs(ctx), *more)))
    except ContentError as exc:
        _report(exc)
        raise  # unreachable: _report exits


def validate(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(help="A content folder to check on top of the shipped content."),
    ] = None,
) -> None:
    """Check every content file and every reference between them; exit 1 on any problem."""
    if directory is not None:
        if not directory.is_dir():
            fail(f"{directory}: no such folder; expected a content folder")
        if not any((directory / kind.folder).is_dir() for kind in KINDS):
            folders = ", ".join(kind.folder + "/" for kind in KINDS)
            fail(f"{directory}: holds none of {folders}; expected a content folder")
    content = load_or_fail(ctx, *(() if directory is None else (directory,)))
    console.print(
        f"ok: {len(content.personas)} personas, {len(content.scenarios)} scenarios, "
        f"{len(content.rubrics)} rubrics, {len(content.phrase_banks)} phrase banks "
        f"({len(content.phrases())} phrases), {len(content.line_banks)} customer line banks "
        f"({sum(len(v) for b in content.line_banks.values() for v in b.lines.values())} lines)",
        markup=False,
    )


def personas(
    ctx: typer.Context,
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or json")] = ListFormat.table,
) -> None:
    """List the personas (difficult-customer types) loaded."""
    content = load_or_fail(ctx)
    rows = [
        {
            "id": p.id,
            "title": p.title,
            "summary": p.summary,
            "opening_heat": p.opening_mood.heat,
            "opening_trust": p.opening_mood.trust,
            "better_first_move": [m.value for m in p.better_first_move.moves],
        }
        for p in content.personas.values()
    ]
    if fmt is ListFormat.json:
        console.print_json(json.dumps(rows))
        return
    table = Table("id", "title", "heat", "trust", "better first move")
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["title"]),
            f"{row['opening_heat']:g}",
            f"{row['opening_trust']:g}",
            ", ".join(row["better_first_move"]),  # type: ignore[arg-type]
        )
    console.print(table)


def scenarios(
    ctx: typer.Context,
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or json")] = ListFormat.table,
    persona: Annotated[
        str | None, typer.Option("--persona", help="Only scenarios that suit this persona.")
    ] = None,
) -> None:
    """List the scenarios (cases) loaded."""
    content = load_or_fail(ctx)
    if persona is not None and persona not in content.personas:
        fail(f"unknown persona {persona!r}; expected one of: {', '.join(content.personas)}")
    chosen = [s for s in content.scenarios.values() if persona is None or persona in s.personas]
    rows = [
        {
            "id": s.id,
            "title": s.title,
            "industry": s.industry,
            "personas": list(s.personas),
            "summary": s.summary,
            "desk": asdict(desk_for(s)),
        }
        for s in chosen
    ]
    if fmt is ListFormat.json:
        console.print_json(json.dumps(rows))
        return
    table = Table("id", "title", "industry", "personas")
    for s in chosen:
        table.add_row(s.id, s.title, s.industry, ", ".join(s.personas))
    console.print(table)


def schemas(
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder to write to (default: schemas/).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if the written schemas are out of date.")
    ] = False,
) -> None:
    """Write the JSON Schemas editors use to check content YAML as it is typed."""
    folder = out or shipped_content_dir() / "schemas"
    if check:
        stale = stale_schemas(folder)
        if stale:
            fail(f"out-of-date schemas in {folder}: {', '.join(stale)}; run `defuse schemas`")
        console.print(f"ok: schemas in {folder} match the models", markup=False)
        return
    for path in write_schemas(folder):
        console.print(f"wrote {path}", markup=False)


def register(app: typer.Typer) -> None:
    """Add the content commands to the application."""
    app.command()(validate)
    app.command()(personas)
    app.command()(scenarios)
    app.command()(schemas)
