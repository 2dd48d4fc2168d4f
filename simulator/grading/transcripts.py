"""Reading transcripts: the project's JSON, plain text with speaker prefixes, and CSV.

Real contact-centre exports label speakers many ways; they are mapped to customer and
agent here, and anything that cannot be read is one clear error naming the file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from simulator.models.transcript import CallLog, Transcript, Turn
from simulator.moves.text import MAX_TURN_CHARS

MAX_BYTES = 500_000
"""A long call is about 20 KB; a file this big is not one call."""
MAX_TURNS = 1_000

CUSTOMER_LABELS = frozenset({"customer", "caller", "client", "patient", "guest", "user"})
AGENT_LABELS = frozenset(
    {"agent", "rep", "csr", "representative", "support", "trainee", "advisor", "staff"}
)
_TIMESTAMP = r"(?:\[?\(?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\)?\]?\s*)"
_PREFIX = re.compile(
    rf"^\s*{_TIMESTAMP}?(?P<label>[A-Za-z][A-Za-z ]{{0,30}}?)\s*(?:\([^)]*\))?\s*"
    rf"{_TIMESTAMP}?[:>\-]\s*(?P<text>.*)$"
)


_LABELLED = re.compile(rf"^{_TIMESTAMP}?([A-Z][\w'.]*(?: [A-Z][\w'.]*){{0,2}})\s*:\s*\S")
"""An unindented line that names a speaker ('Manager: ...', 'Supervisor Kim: ...')."""


_LONG_NUMBER = "a number with more than 4,300 digits; expected numbers of ordinary size"


class TranscriptError(Exception):
    """A transcript could not be read; the message is one line that says how to fix it."""


def _speaker(label: str) -> str | None:
    word = label.strip().lower()
    if word in CUSTOMER_LABELS:
        return "customer"
    if word in AGENT_LABELS:
        return "agent"
    return None


def _finish(path: Path, turns: list[Turn], call_log: CallLog | None = None) -> Transcript:
    if not turns:
        raise TranscriptError(f"{path}: no turns found; expected lines like 'Customer: ...'")
    if not any(t.speaker == "agent" for t in turns):
        raise TranscriptError(f"{path}: no agent turns; expected lines like 'Agent: ...'")
    merged = _merge(turns)
    if len(merged) > MAX_TURNS:
        raise TranscriptError(
            f"{path}: {len(merged):,} turns; expected at most {MAX_TURNS:,} (one call per file)"
        )
    for number, turn in enumerate(merged, start=1):
        if len(turn.text) > MAX_TURN_CHARS:
            raise TranscriptError(
                f"{path}: turn {number} is {len(turn.text):,} characters; expected at most "
                f"{MAX_TURN_CHARS:,} (is a speaker label missing?)"
            )
    return Transcript(id=path.stem, turns=merged, call_log=call_log)


def _merge(turns: list[Turn]) -> list[Turn]:
    """Join consecutive lines from the same speaker into one turn."""
    merged: list[Turn] = []
    for turn in turns:
        if merged and merged[-1].speaker == turn.speaker:
            merged[-1] = Turn(speaker=turn.speaker, text=f"{merged[-1].text} {turn.text}")
        else:
            merged.append(turn)
    return merged


def parse_text(path: Path, text: str) -> Transcript:
    """Plain text: 'Customer: ...' / 'Agent: ...' lines, timestamps allowed, continuations joined."""
    turns: list[Turn] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _PREFIX.match(line)
        speaker = _speaker(match.group("label")) if match else None
        if match and speaker is not None:
            body = match.group("text").strip()
            if body:
                turns.append(Turn(speaker=speaker, text=body))
            continue
        if match and not turns:
            raise TranscriptError(
                f"{path}:{number}: unknown speaker {match.group('label').strip()!r}; expected "
                "Customer, Caller, Client, Patient, Guest or User, or Agent, Rep, CSR, "
                "Representative or Support"
            )
        if not turns:
            raise TranscriptError(
                f"{path}:{number}: expected the first line to start with a speaker, "
                "e.g. 'Customer: ...'"
            )
        label = _LABELLED.match(raw)
        if label:
            raise TranscriptError(
                f"{path}:{number}: unknown speaker {label.group(1)!r}; expected a customer "
                "label (Customer, Caller, Client, Patient, Guest, User) or an agent label "
                "(Agent, Rep, CSR, Representative, Support, Trainee, Advisor, Staff); indent the "
                "line if it continues the turn above"
            )
        last = turns[-1]
        turns[-1] = Turn(speaker=last.speaker, text=f"{last.text} {line}")
    return _finish(path, turns)


def parse_csv(path: Path, text: str) -> Transcript:
    """CSV with a header holding 'speaker' and 'text' columns."""
    reader = csv.DictReader(io.StringIO(text))
    try:  # the header is read on first use: a stray carriage return there is unreadable too
        fields = {f.strip().lower(): f for f in reader.fieldnames or []}
        if "speaker" not in fields or "text" not in fields:
            raise TranscriptError(
                f"{path}: expected a CSV header with 'speaker' and 'text' columns"
            )
        rows = list(reader)
    except csv.Error as exc:
        raise TranscriptError(
            f"{path}:{max(1, reader.line_num)}: unreadable CSV ({exc}); expected one turn per row"
        ) from None
    turns: list[Turn] = []
    for number, row in enumerate(rows, start=2):
        label = (row.get(fields["speaker"]) or "").strip()
        body = (row.get(fields["text"]) or "").strip()
        if not label and not body:
            continue
        speaker = _speaker(label)
        if speaker is None:
            raise TranscriptError(f"{path}:{number}: unknown speaker {label!r}")
        if body:
            turns.append(Turn(speaker=speaker, text=body))
    return _finish(path, turns)


def parse_json(path: Path, text: str) -> Transcript:
    """The project's JSON format: {"turns": [{"speaker", "text"}], "call_log"?: {...}}."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise TranscriptError(
            f'{path}: JSON nested too deeply; expected {{"turns": [{{"speaker", "text"}}]}}'
        ) from None
    except ValueError:  # a number over Python's 4,300-digit limit for int()
        raise TranscriptError(f"{path}: {_LONG_NUMBER}") from None
    if not isinstance(data, dict):
        raise TranscriptError(f"{path}: expected a JSON object with a 'turns' list")
    known = set(Transcript.model_fields)
    try:
        transcript = Transcript.model_validate({k: v for k, v in data.items() if k in known})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise TranscriptError(f"{path}: {where}: {first['msg']}") from None
    if transcript.id is None:
        transcript = transcript.model_copy(update={"id": path.stem})
    return _finish(path, list(transcript.turns), transcript.call_log).model_copy(
        update={"id": transcript.id, "persona": transcript.persona, "scenario": transcript.scenario}
    )


Reader = Callable[[Path, str], Transcript]
READERS: dict[str, Reader] = {".json": parse_json, ".csv": parse_csv, ".txt": parse_text}
"""Transcript formats by file extension (one line registers a format); a file with another
extension is read as JSON when it looks like JSON, else as plain text."""


def read_transcript(path: Path) -> Transcript:
    """Read a transcript file in any supported format, chosen by extension then content."""
    try:
        return _read(path)
    except OSError as exc:
        raise TranscriptError(f"{path}: cannot read it ({exc.strerror or exc})") from None


def _read(path: Path) -> Transcript:
    if not path.is_file():
        raise TranscriptError(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise TranscriptError(f"{path}: the file is empty")
    if size > MAX_BYTES:
        raise TranscriptError(f"{path}: {size} bytes is over the {MAX_BYTES}-byte limit")
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise TranscriptError(f"{path}: binary file; expected a text, CSV or JSON transcript")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TranscriptError(f"{path}: not UTF-8 text; save the transcript as UTF-8") from None
    if not text.strip():
        raise TranscriptError(f"{path}: the file is empty")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        reader = parse_json if text.lstrip().startswith("{") else parse_text
    return reader(path, text)


def read_call_log(path: Path) -> CallLog:
    """A call log as JSON or YAML-like 'field: value' lines."""
    try:
        if path.is_file() and path.stat().st_size > MAX_BYTES:
            raise TranscriptError(f"{path}: the call log is over the {MAX_BYTES}-byte limit")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TranscriptError(
            f"{path}: cannot read the call log ({exc.strerror or 'unreadable'})"
        ) from None
    except UnicodeDecodeError:
        raise TranscriptError(f"{path}: the call log is not UTF-8 text; save it as UTF-8") from None
    data: object
    try:
        data = json.loads(text)
    except RecursionError:
        raise TranscriptError(
            f"{path}: the call log is nested too deeply; expected fields such as 'trigger: ...'"
        ) from None
    except json.JSONDecodeError:
        pairs: dict[str, str] = {}
        for line in text.splitlines():
            key, sep, value = line.partition(":")
            key = key.strip().removeprefix("log.")
            if sep and key:
                pairs[key] = value.strip()
        data = pairs
    except ValueError:  # a number over Python's 4,300-digit limit for int()
        raise TranscriptError(f"{path}: the call log has {_LONG_NUMBER}") from None
    if not isinstance(data, dict):
        raise TranscriptError(f"{path}: expected call-log fields such as 'trigger: ...'")
    unknown = sorted(set(data) - set(CallLog.model_fields))
    if unknown:
        fields = ", ".join(CallLog.model_fields)
        raise TranscriptError(f"{path}: unknown call-log field {unknown[0]!r}; expected {fields}")
    return CallLog.model_validate({k: str(v) for k, v in data.items()})
