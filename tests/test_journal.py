"""No typed line is lost when the database cannot take it: kept on disk, sent on resume.

A real SQLite file is locked by another connection (BEGIN EXCLUSIVE) past the busy timeout
while a trainee types; the line, and piped lines after it, are kept in the journal, the
command says where in one line and exits non-zero, and resuming sends them in order.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulator.cli import app
from simulator.content import default_content
from simulator.practice import CallSetup
from simulator.session import LineKept, Practice
from simulator.storage import Store, journal
from simulator.storage import store as store_module

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DEFUSE_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 200)  # fail fast when locked
    path = tmp_path / "calls.db"
    monkeypatch.setenv("DEFUSE_DATABASE_URL", f"sqlite:///{path}")
    return path


@contextmanager
def locked(path: Path) -> Iterator[None]:
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def agent_lines(store: Store, session_id: str) -> list[str]:
    return [t.text for t in store.load(session_id).turns if t.speaker == "agent"]


def test_a_line_typed_while_the_database_is_locked_is_kept_and_sent_on_resume(db: Path) -> None:
    content = default_content()
    store = Store(f"sqlite:///{db}")
    call = Practice.start(content, store, CallSetup("impatient", "hvac_missed_window", 2, 1), "ana")
    call.say("I'm sorry about the wait. What happened?")
    with locked(db):
        with pytest.raises(LineKept, match=r"locked by another program.*--resume"):
            call.say("What would a good outcome look like for you today?")
        with pytest.raises(LineKept):  # later lines wait behind it, in order
            call.say("I'll book the 3 p.m. slot and text you by 1:30.")
    assert journal.kept(call.session_id) == [
        "What would a good outcome look like for you today?",
        "I'll book the 3 p.m. slot and text you by 1:30.",
    ]
    assert oct(journal.journal_path(call.session_id).stat().st_mode & 0o777) == "0o600"
    call.close()
    resumed = Practice.resume(content, store, call.session_id)
    assert agent_lines(store, call.session_id) == [
        "I'm sorry about the wait. What happened?",
        "What would a good outcome look like for you today?",
        "I'll book the 3 p.m. slot and text you by 1:30.",
    ]
    assert resumed.notice and "2 line(s) kept" in resumed.notice
    assert journal.kept(call.session_id) == []


def test_piped_lines_after_a_locked_write_are_kept_too(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another program takes the database just before the second turn is written.
    original = Store.add_trainee_turn
    calls = []

    def add_turn(self: Store, session_id: str, text: str, owner: str | None = None) -> int:
        calls.append(text)
        if len(calls) == 2:
            with locked(db):
                return original(self, session_id, text, owner)
        return original(self, session_id, text, owner)

    monkeypatch.setattr(Store, "add_trainee_turn", add_turn)
    lines = [
        "Sorry about this. What happened?",
        "What do you need today?",
        "I'll call you back by 4 p.m.",
        "log.trigger: the technician was moved",
    ]
    args = ["practice", "--persona", "impatient", "--scenario", "hvac_missed_window"]
    result = runner.invoke(app, [*args, "--seed", "1"], input="\n".join(lines) + "\n")
    assert result.exit_code != 0
    message = result.output.strip().splitlines()[-1]
    assert "locked by another program" in message and "kept in" in message
    assert "1 more line(s) kept behind it" in message and "Traceback" not in result.output
    session_id = message.split("--resume ", 1)[1].split(";", 1)[0].strip()
    assert journal.kept(session_id) == lines[1:3]  # turns only: the call-log line is not a turn
    monkeypatch.setattr(Store, "add_trainee_turn", original)
    resumed = runner.invoke(app, ["practice", "--resume", session_id, "--report", "json"], input="")
    assert resumed.exit_code == 0, resumed.output
    shown = json.loads(runner.invoke(app, ["show", session_id, "--format", "json"]).stdout)
    assert [t["text"] for t in shown["turns"] if t["speaker"] == "agent"] == lines[:3]
