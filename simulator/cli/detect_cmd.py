"""`defuse detect`: JSON lines in, one JSON line of moves out per utterance."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TextIO

import typer

from simulator.cli.content_cmds import load_or_fail
from simulator.cli.output import fail
from simulator.moves import Detector, detector_for
from simulator.moves.text import MAX_TURN_CHARS


class InputLineError(ValueError):
    """A stdin line that is not a usable utterance object (the message says which and why)."""


def label_lines(detector: Detector, lines: Iterable[str], out: TextIO) -> int:
    """Write one output line per utterance line, in order; returns how many were labelled.

    Blank lines are skipped. Raises :class:`InputLineError` at the first bad line, after
    writing the lines before it.
    """
    done = 0
    loads, write, detect = json.loads, out.write, detector.detect
    for number, line in enumerate(lines, start=1):
        try:
            item = loads(line)
        except json.JSONDecodeError as exc:
            if not line.strip():
                continue
            message = (
                f"stdin line {number}: not JSON ({exc.msg}); expected one JSON object per line"
            )
            raise InputLineError(message) from None
        except RecursionError:
            raise InputLineError(
                f"stdin line {number}: nested too deeply to read; expected one flat JSON "
                'object per line, e.g. {"id": 1, "text": "..."}'
            ) from None
        except ValueError:  # a number over Python's 4,300-digit limit for int()
            raise InputLineError(
                f"stdin line {number}: a number with more than 4,300 digits; expected an id "
                "and a text of ordinary size"
            ) from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InputLineError(f'stdin line {number}: expected an object with a "text" string')
        context = item.get("context")
        if context is not None and not isinstance(context, str):
            raise InputLineError(f'stdin line {number}: "context" must be a string or null')
        if len(item["text"]) + len(context or "") > MAX_TURN_CHARS:
            raise InputLineError(
                f"stdin line {number}: text and context together are over "
                f"{MAX_TURN_CHARS:,} characters; expected one utterance per line"
            )
        write(detect(item["text"], context).to_json_line(item.get("id")) + "\n")
        done += 1
    return done


def detect(ctx: typer.Context) -> None:
    """Label utterances read as JSON lines on stdin: {"id", "text", "context"?}.

    Writes one line per input, in order: {"id", "moves": [...], "spans": {move: [[start, end]]}}.
    """
    detector = detector_for(load_or_fail(ctx))
    try:
        label_lines(detector, sys.stdin, sys.stdout)
    except InputLineError as exc:
        sys.stdout.flush()
        fail(str(exc))
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    """Add `detect` to the application."""
    app.command()(detect)
