"""Lines the database could not take: kept on local disk and sent first when the call resumes.

A trainee's line is committed before the customer answers it. When that commit fails (the
database locked past its timeout, the disk full, the server gone), the line is appended
here, flushed to disk, and the trainee is told where it is; ``Practice.resume`` sends the
kept lines, in order, before anything else. One JSON-lines file per call, private to the
user, in the data folder (``data_dir()/journal``) even when the database is elsewhere.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from simulator.storage.config import data_dir


def journal_dir() -> Path:
    """The folder of kept lines (created private on first use)."""
    return data_dir() / "journal"


def journal_path(session_id: str) -> Path:
    """The file of lines kept for one call."""
    return journal_dir() / f"{session_id}.jsonl"


def keep(session_id: str, lines: list[str]) -> Path:
    """Append ``lines`` to the call's journal and flush them to disk; the file's path.

    Raises OSError when even the journal cannot be written (the caller then shows the
    lines back to the trainee, so nothing typed is lost).
    """
    folder = journal_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = journal_path(session_id)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps({"text": line}, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())
    return path


def kept(session_id: str) -> list[str]:
    """The lines kept for a call, oldest first (none when there is no journal)."""
    path = journal_path(session_id)
    if not path.exists():
        return []
    found = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        try:
            item = json.loads(raw)
        except ValueError:
            continue  # a line cut off by a crash mid-write: the rest still count
        if isinstance(item, dict) and isinstance(item.get("text"), str):
            found.append(item["text"])
    return found


def forget(session_id: str, count: int) -> None:
    """Drop the first ``count`` kept lines (they are in the database now)."""
    rest = kept(session_id)[count:]
    path = journal_path(session_id)
    if not rest:
        path.unlink(missing_ok=True)
        return
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in rest))
    os.chmod(tmp, 0o600)
    tmp.replace(path)
