"""`defuse doctor`: a thin command over simulator.llm.doctor."""

from __future__ import annotations

from typing import Annotated

import typer

from simulator.cli.output import console
from simulator.llm.doctor import Status, diagnose


def doctor(
    model: Annotated[
        str | None, typer.Option("--model", help="Check this provider:model instead.")
    ] = None,
    probe: Annotated[
        bool, typer.Option("--probe/--no-probe", help="Send a tiny request to time a reply.")
    ] = True,
) -> None:
    """Check LLM mode: the model, its settings, whether it answers, what it can do."""
    findings = diagnose(model, probe=probe)
    for finding in findings:
        console.print(finding.line(), markup=False)
    if any(f.status is Status.FAIL for f in findings):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the doctor command to the app."""
    app.command()(doctor)
