"""`defuse detect`: JSON lines in, one JSON line of moves out per utterance."""

from __future__ import annotations

import json
import sys

import typer

from simulator.cli.content_cmds import load_or_fail
from simulator.cli.output import fail
from simulator.moves import detector_for


def detect(ctx: typer.Context) -> None:
    """Label utterances read as JSON lines on stdin: {"id", "text", "context"?}.

    Writes one line per input, in order: {"id", "moves": [...], "spans": {move: [[start, end]]}}.
    """
    detector = detector_for(load_or_fail(ctx))
    out = sys.stdout
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            fail(f"stdin line {number}: not JSON ({exc.msg}); expected one JSON object per line")
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            fail(f'stdin line {number}: expected an object with a "text" string')
        context = item.get("context")
        if context is not None and not isinstance(context, str):
            fail(f'stdin line {number}: "context" must be a string or null')
        detection = detector.detect(item["text"], context)
        out.write(json.dumps(detection.to_json(item.get("id"))) + "\n")
    out.flush()


def register(app: typer.Typer) -> None:
    """Add `detect` to the application."""
    app.command()(detect)
