"""Console helpers: one-line errors on stderr and a shared rich console."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``defuse: error: message`` on stderr, always on one line, and exit non-zero."""
    line = " ".join(part.strip() for part in message.splitlines() if part.strip())
    err_console.print(f"defuse: error: {line}", markup=False)
    raise typer.Exit(code)
