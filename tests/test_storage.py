"""Storage: nothing typed is lost, calls resume, two trainees at once, SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text

from simulator.content import default_content
from simulator.models.transcript import CallLog
from simulator.practice import CallSetup, Outcome, PracticeError
from simulator.session import Practice
from simulator.storage import StorageError, Store

DEFUSE = [sys.executable, "-m", "simulator"]
POSTGRES = os.environ.get("DEFUSE_TEST_POSTGRES_URL")
NO_POSTGRES = os.environ.get(
    "DEFUSE_TEST_POSTGRES_SKIP",
    "no PostgreSQL server: run the suite through `make test` (scripts/with-postgres.sh)",
)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        if not POSTGRES:
            pytest.skip(f"PostgreSQL storage tests not run: {NO_POSTGRES}")
        url = POSTGRES
        reset = Store(url)
        with reset.engine.begin() as conn:
            conn.execute(
                text("TRUNCATE sessions, turns, call_logs, grades, trainees, teams CASCADE")
            )
        reset.close()
    opened = Store(url)
    yield opened
    opened.close()


def test_a_whole_call_round_trips(store: Store) -> None:
    content = default_content()
    call = Practice.start(
        content, store, CallSetup("impatient", "hvac_missed_window", 2, 3), "ana", team="north"
    )
    call.say("I'm sorry about the wasted morning. What happened with the visit?")
    call.say("The technician will be there by 2 p.m. today; I'll text you the name by noon.")
    call.end()
    call.file_log(CallLog(trigger="missed window", promise_made="tech by 2 p.m."))
    graded = call.grade()
    record = store.load(call.session_id)
    assert record.trainee == "ana" and record.team == "north"
    assert [t.speaker for t in record.turns][:3] == ["customer", "agent", "customer"]
    agent = [t for t in record.turns if t.speaker == "agent"]
    assert agent[1].moves and "set_timeline" in agent[1].moves
    assert agent[1].heat is not None and agent[1].reasons
    assert record.call_log is not None and record.call_log.promise_made == "tech by 2 p.m."
    assert record.grade is not None and record.grade == graded.report
    assert record.outcome == call.outcome.value  # type: ignore[union-attr]
    assert store.history("ana")[0].id == call.session_id
    assert store.history("nobody") == []


def test_a_turn_is_committed_before_the_reply(store: Store) -> None:
    content = default_content()
    call = Practice.start(content, store, CallSetup("complainer", "hotel_double_booking"), "bo")
    number = store.add_trainee_turn(call.session_id, "Typed, then the power went out.")
    call.close()  # the process that typed it is gone
    record = store.load(call.session_id)
    assert record.pending_turn is not None and record.pending_turn.number == number
    resumed = Practice.resume(content, store, call.session_id)
    assert resumed.state.turn == 1
    record = store.load(call.session_id)
    assert record.pending_turn is None
    assert record.turns[-1].speaker == "customer"
    assert "resumed after turn 1" in record.notes


def test_unknown_and_ended_sessions_are_clear_errors(store: Store) -> None:
    with pytest.raises(StorageError, match="no session 'zzz'"):
        store.load("zzz")
    content = default_content()
    call = Practice.start(content, store, CallSetup("impatient", "hvac_missed_window"), "cy")
    call.say("I'm sorry about the wait. What happened?")
    call.end()
    call.grade()
    with pytest.raises(Exception, match=r"has ended .* is graded"):
        Practice.resume(content, store, call.session_id)


def test_a_session_id_prefix_is_literal_and_never_empty(store: Store) -> None:
    content = default_content()
    call = Practice.start(content, store, CallSetup("impatient", "hvac_missed_window"), "cy")
    call.say("I'm sorry about the wait. What happened?")
    for given in ("", "   "):
        with pytest.raises(StorageError, match="no session id given"):
            store.load(given)
    for wildcard in ("%", "_", call.session_id[:3] + "%"):  # LIKE wildcards match nothing
        with pytest.raises(StorageError, match="no session"):
            store.load(wildcard)
    assert store.resolve_id(f" {call.session_id[:6]} ") == call.session_id


def test_a_database_from_a_newer_version_is_named_not_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    Store(url).close()
    with sqlite3.connect(tmp_path / "newer.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(StorageError, match=r"written by a newer version of Defuse \(schema 9999"):
        Store(url)


def test_a_file_that_is_not_a_database_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not a database, it is a shopping list\n" * 50)
    with pytest.raises(StorageError, match=r"cannot open the database .*notes\.db"):
        Store(f"sqlite:///{path}")


def test_one_live_writer_per_call(store: Store) -> None:
    content = default_content()
    first = Practice.start(content, store, CallSetup("impatient", "hvac_missed_window"), "cy")
    first.say("I'm sorry about the wait. What happened?")
    with pytest.raises(PracticeError, match="open in another window or terminal"):
        Practice.resume(content, store, first.session_id)
    first.close()  # paused: the call can be picked up elsewhere at once
    second = Practice.resume(content, store, first.session_id)
    with pytest.raises(PracticeError, match="picked up in another window"):
        first.say("Are you still there?")
    second.say("I'll call the depot now and ring you back by 3 p.m. today.")
    turns = [t.text for t in store.load(first.session_id).turns if t.speaker == "agent"]
    assert turns == [
        "I'm sorry about the wait. What happened?",
        "I'll call the depot now and ring you back by 3 p.m. today.",
    ]
    # Racing for a free call: exactly one owner wins.
    second.close()
    with ThreadPoolExecutor(max_workers=4) as pool:
        won = list(pool.map(lambda o: store.take_lease(first.session_id, o), ["a", "b", "c", "d"]))
    assert won.count(True) == 1


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    Store(f"sqlite:///{path}").close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_bad_database_url_is_one_line() -> None:
    with pytest.raises(StorageError, match="cannot read the database URL"):
        Store("not a url")
    with pytest.raises(StorageError, match="cannot open the database"):
        Store("sqlite:////proc/definitely/not/here.db")
    with pytest.raises(StorageError, match="names 'mongodb', which Defuse does not support"):
        Store("mongodb://localhost/defuse")


# --- whole processes ---------------------------------------------------------------------


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DEFUSE_DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}


LINES = [
    "I'm sorry, that sounds stressful. What happened?",
    "So it's about the appointment. What would a good outcome be for you?",
    "I'll book the technician for 2 p.m. today and text you by noon; if that slips, I'll call you by 3.",
    "I'll call you tomorrow at 10 a.m. to check it's all fixed.",
    "Is there anything else we haven't sorted out?",
]


def test_two_trainees_at_once_do_not_block_or_corrupt(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    Store(url).close()
    args = ["--persona", "impatient", "--scenario", "hvac_missed_window", "--seed", "4"]
    procs = [
        subprocess.Popen(
            [*DEFUSE, "practice", "--trainee", name, "--report", "json", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(url),
        )
        for name in ("ana", "bo")
    ]
    outputs = [p.communicate("\n".join(LINES * 4) + "\n", timeout=180) for p in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    store = Store(url)
    rows = store.history()
    assert {r.trainee for r in rows} == {"ana", "bo"}
    for row in rows:
        record = store.load(row.id)
        numbers = [t.number for t in record.turns]
        assert numbers == list(range(1, len(numbers) + 1))
        assert record.grade is not None
    assert (
        sqlite3.connect(tmp_path / "shared.db").execute("PRAGMA integrity_check").fetchone()[0]
        == "ok"
    )


def test_kill_mid_call_then_resume_loses_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kill.db'}"
    proc = subprocess.Popen(
        [
            *DEFUSE,
            "practice",
            "--persona",
            "complainer",
            "--scenario",
            "hotel_double_booking",
            "--trainee",
            "kim",
            "--seed",
            "9",
            "--report",
            "json",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(url),
    )
    assert proc.stdin is not None
    typed = [
        "I'm so sorry, that's a rotten start to a trip. What happened at check-in?",
        "Which room type did you book originally?",
    ]
    for line in typed:
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
    store = Store(url)
    deadline = time.monotonic() + 60
    session_id = None
    while time.monotonic() < deadline:
        rows = store.history("kim")
        if rows:
            session_id = rows[0].id
            agent = [t for t in store.load(session_id).turns if t.speaker == "agent"]
            if len(agent) == len(typed):
                break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert session_id is not None
    before = store.load(session_id)
    assert [t.text for t in before.turns if t.speaker == "agent"] == typed
    assert before.outcome is None
    done = subprocess.run(
        [*DEFUSE, "practice", "--resume", session_id[:8], "--report", "json"],
        input="What would you like us to do to make it right?\n/end\n",
        text=True,
        capture_output=True,
        env=_env(url),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    after = store.load(session_id)
    said = [t.text for t in after.turns if t.speaker == "agent"]
    assert said == [*typed, "What would you like us to do to make it right?"]
    assert after.outcome in {o.value for o in Outcome}
    assert all(t.moves is not None for t in after.turns if t.speaker == "agent")


def test_a_coach_finds_trainees_by_part_of_a_name(store: Store) -> None:
    from simulator.storage.coaching import calls  # noqa: PLC0415

    content = default_content()
    for name in ("Ana Ruiz", "Bob 100%_x"):
        call = Practice.start(content, store, CallSetup("impatient", "hvac_missed_window"), name)
        call.say("I'm sorry about the wait. What happened?")
        call.end()
        call.grade()
    assert [r.trainee for r in calls(store, trainee_matching="ana")] == ["Ana Ruiz"]
    assert [r.trainee for r in calls(store, trainee_matching="0%_")] == ["Bob 100%_x"]
    assert [r.trainee for r in calls(store, trainee_matching="%")] == ["Bob 100%_x"]  # literal
    assert calls(store, trainee="ana") == []  # one's own progress stays exact
