"""Unexpected failures, usage errors and warnings as one line a user can act on.

The commands report the errors they expect where they happen; this names the rest by kind
(database, file, nesting, number size) and never prints SQL, trainee text or exception names.
Click's usage errors (an unknown option, a value out of range) and Python warnings get the
same one-line form.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

try:  # newer Typer carries its own copy of Click, and raises its exceptions
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - Typer on Click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]

__all__ = ["click_errors", "describe", "usage_line", "warning_line"]

_DATABASE_HINTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("locked",), "another program is writing to the database; wait a moment and try again"),
    (
        ("readonly", "read-only"),
        "the database file is read-only; check its permissions or DEFUSE_DATABASE_URL",
    ),
    (("not a database",), "DEFUSE_DATABASE_URL points at a file that is not a database"),
    (
        ("disk is full", "no space"),
        "the disk is full; free some space, then resume the call with --resume",
    ),
    (("too long",), "a value is longer than the database allows; shorten it"),
    (("out of range",), "a number is out of the range the database allows"),
    (
        ("connection",),
        "cannot reach the database server; check DEFUSE_DATABASE_URL and the server",
    ),
)


def _database(exc: BaseException) -> str:
    detail = str(getattr(exc, "orig", None) or "").lower()
    hint = next((h for keys, h in _DATABASE_HINTS if any(k in detail for k in keys)), None)
    return f"database error: {hint or 'the database refused the change'}"


def _file(exc: BaseException) -> str:
    assert isinstance(exc, OSError)
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or 'cannot read or write it'}"


def _number(exc: BaseException) -> str | None:
    return (
        "a number in the input is too long; use at most 4,300 digits"
        if "digits" in str(exc)
        else None
    )


_KINDS: tuple[tuple[type[BaseException], Callable[[BaseException], str | None]], ...] = (
    (SQLAlchemyError, _database),
    (OverflowError, lambda _: "a number in the input is too big; use a smaller one"),
    (RecursionError, lambda _: "the input is nested too deeply to read; flatten it"),
    (MemoryError, lambda _: "the input is too big to hold in memory; use a smaller one"),
    (OSError, _file),
    (UnicodeError, lambda _: "the input is not valid UTF-8 text; save it as UTF-8"),
    (ValueError, _number),
)


def describe(exc: BaseException) -> str:
    """One line for an unexpected failure, without SQL, input text or exception names."""
    for kind, say in _KINDS:
        if isinstance(exc, kind) and (line := say(exc)):
            return line
    return "something unexpected failed; run again with DEFUSE_DEBUG=1 and report the traceback"


_CONVERSION = re.compile(r"\bValue error, ")
"""Typer's prefix on a value it could not convert (the message after it says why)."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def usage_line(exc: click_errors.UsageError) -> str:
    """``defuse: error: <what Click found>; see `<command> --help```, on one line."""
    message = _one_line(_CONVERSION.sub("", exc.format_message())).rstrip(".")
    if message[:1].isupper() and message[1:2].islower():
        message = message[0].lower() + message[1:]
    where = exc.ctx.command_path if exc.ctx is not None else "defuse"
    return f"defuse: error: {message}; see `{where} --help`"


def warning_line(message: Warning | str) -> str:
    """A warning as ``defuse: warning: ...`` on one line (no source line, no class name)."""
    return f"defuse: warning: {_one_line(str(message))}"
