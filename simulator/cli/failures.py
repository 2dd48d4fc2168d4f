"""Unexpected failures as one line a user can act on: what went wrong and what to do.

The commands report the errors they expect where they happen; this names the rest by kind
(database, file, nesting, number size) and never prints SQL, trainee text or exception names.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

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
