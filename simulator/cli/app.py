"""The Typer application and the options every command shares."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from simulator.cli import (
    accounts_cmd,
    app_cmd,
    calls_cmd,
    content_cmds,
    detect_cmd,
    doctor_cmd,
    grade_cmd,
    practice_cmd,
)


@dataclass(frozen=True)
class Options:
    """Options given before the command name."""

    content_dirs: tuple[Path, ...]


app = typer.Typer(
    name="defuse",
    help="Practise customer-service de-escalation against simulated difficult customers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _root(
    ctx: typer.Context,
    content_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--content-dir",
            metavar="DIR",
            help="A content folder that adds to or overrides the shipped content "
            "(repeatable; also DEFUSE_CONTENT_DIR).",
        ),
    ] = None,
) -> None:
    ctx.obj = Options(content_dirs=tuple(content_dir or ()))


content_cmds.register(app)
detect_cmd.register(app)
grade_cmd.register(app)
practice_cmd.register(app)
calls_cmd.register(app)
app_cmd.register(app)
doctor_cmd.register(app)
accounts_cmd.register(app)
