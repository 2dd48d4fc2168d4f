"""Hostile and careless input: one clear line, a non-zero exit, bounded time, safe output."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from simulator.app.content_page import validate_upload
from simulator.app.throttle import Throttle
from simulator.cli import app
from simulator.cli.failures import describe
from simulator.content import default_content
from simulator.content.yamlpos import MAX_TOKENS
from simulator.grading.batch import Row, write_csv
from simulator.llm.actor import ENV_DEADLINE, TurnLimits
from simulator.llm.choice import LLMError
from simulator.models.untrusted import markdown_text, spreadsheet_cell
from simulator.moves import detector_for
from simulator.moves.text import MAX_TURN_CHARS
from simulator.practice import CallSetup
from simulator.session import Practice
from simulator.storage import Store
from simulator.storage.accounts import FREE_ATTEMPTS, MAX_WAIT_S, add_team
from simulator.storage.config import data_dir, passcode_problem

runner = CliRunner()

LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]"
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)


def _one_line_error(result: object) -> str:
    assert result.exit_code == 1, result.output
    stderr = result.stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    return str(stderr)


@pytest.mark.parametrize(
    "text",
    [LAUGHS, "[" * 5000 + "]" * 5000, "a:\n" + "".join("  " * i + "- \n" for i in range(80))],
)
def test_runaway_yaml_is_refused_before_it_is_built(tmp_path: Path, text: str) -> None:
    (tmp_path / "personas").mkdir()
    (tmp_path / "personas" / "bomb.yaml").write_text(text)
    started = time.perf_counter()
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert time.perf_counter() - started < 10
    stderr = _one_line_error(result)
    assert "bomb.yaml:" in stderr
    assert "aliases" in stderr or "levels deep" in stderr
    problems = validate_upload("personas", "bomb.yaml", text.encode())
    assert problems and problems[0].startswith("bomb.yaml:")


@pytest.mark.parametrize("name", ["bad.YAML", "x.Yml"])
def test_uploads_are_checked_whatever_the_case_of_their_extension(name: str) -> None:
    problems = validate_upload("personas", name, b"id: bad\ntitle: 3\n")
    assert problems, name


@pytest.mark.parametrize("name", [".yaml", "notes.txt", "persona"])
def test_an_upload_that_is_not_a_yaml_name_is_refused(name: str) -> None:
    (problem,) = validate_upload("personas", name, b"id: x\n")
    assert "expected a file name ending in .yaml or .yml" in problem


def test_a_rubric_that_extends_itself_is_a_validation_error(tmp_path: Path) -> None:
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "rubrics" / "a.yaml").write_text(
        'id: alpha\ntitle: A\nversion: "1"\nextends: beta\nweights: {stay_calm: 5}\n'
    )
    (tmp_path / "rubrics" / "b.yaml").write_text(
        'id: beta\ntitle: B\nversion: "1"\nextends: alpha\nweights: {stay_calm: 5}\n'
    )
    stderr = _one_line_error(runner.invoke(app, ["validate", str(tmp_path)]))
    assert (
        "a.yaml:4: extends: rubrics extend each other in a loop (alpha -> beta -> alpha)" in stderr
    )


def test_an_unknown_speaker_mid_transcript_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text(
        "Customer: My order is late.\nAgent: Sorry, let me check.\nManager: This agent is "
        "useless.\n"
    )
    stderr = _one_line_error(runner.invoke(app, ["grade", str(path)]))
    assert "call.txt:3: unknown speaker 'Manager'" in stderr
    path.write_text("Customer: Late.\nAgent: Two things:\n  First: a refund today.\n")
    assert runner.invoke(app, ["grade", str(path)]).exit_code == 0


def test_detection_is_linear_in_length() -> None:
    detector = detector_for(default_content())
    line = (
        "I'm sorry about the wait, I'll call the depot by 3 p.m. and ring you back. What "
        "happened? Would you like a refund or a replacement? Calm down, that's our policy. "
    )

    def seconds(repeats: int) -> float:
        text = line * repeats
        started = time.perf_counter()
        detector.detect(text, "Where is my parcel?", ["Sam"])
        return time.perf_counter() - started

    small, big = min(seconds(200) for _ in range(3)), min(seconds(1600) for _ in range(2))
    # Eight times the text; a quadratic step would take about 64 times as long.
    assert big < 24 * small, (small, big)


def test_a_huge_detect_line_or_reply_is_refused_not_read() -> None:
    huge = json.dumps({"id": "x", "text": "sorry " * (MAX_TURN_CHARS // 5)})
    result = runner.invoke(app, ["detect"], input=json.dumps({"text": "Hello."}) + "\n" + huge)
    stderr = _one_line_error(result)
    assert "stdin line 2:" in stderr and len(result.stdout.splitlines()) == 1
    reply = "sorry " * (MAX_TURN_CHARS // 5)
    played = runner.invoke(
        app, ["practice", "--persona", "impatient", "--seed", "3"], input=f"{reply}\n/end\n"
    )
    assert played.exit_code == 1
    assert f"at most {MAX_TURN_CHARS:,} characters" in played.stderr
    assert "--resume" in played.stderr


def test_markdown_from_untrusted_text_runs_and_loads_nothing() -> None:
    shown = markdown_text(
        "<script>alert(1)</script> ![x](http://evil.example/a.png) [go](https://evil.example) "
        "www.evil.example **bold**\n# heading"
    )
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "![" not in shown and "](" not in shown and "**" not in shown
    assert "http://" not in shown and "https://" not in shown and "www." not in shown
    assert "\n" not in shown


def test_spreadsheet_cells_never_start_a_formula(tmp_path: Path) -> None:
    for bad in ("=HYPERLINK(1)", "+SUM(A1)", "-2+3", "@x", "\tx"):
        assert str(spreadsheet_cell(bad)).startswith("'")
    assert spreadsheet_cell("Ana") == "Ana" and spreadsheet_cell(3.5) == 3.5
    out = tmp_path / "grades.csv"
    write_csv(
        [Row(path="=cmd|' /C calc'!A0", total=None, steps={}, anti_patterns=0, error="")], out
    )
    assert "\n'=cmd" in out.read_text()


def test_the_database_and_its_folder_are_private(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEFUSE_DATABASE_URL")
    Store().close()
    assert stat.S_IMODE(data_dir().stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir() / "defuse.db").stat().st_mode) == 0o600


def test_an_in_memory_database_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEFUSE_DATABASE_URL", "sqlite://")
    result = runner.invoke(app, ["history"])
    assert "the database is in memory" in result.stderr
    assert runner.invoke(app, ["app", "--headless"]).exit_code == 1


def test_a_folder_with_bad_files_still_writes_the_good_rows(tmp_path: Path) -> None:
    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / "good.txt").write_text("Customer: My order is late.\nAgent: I'm sorry, I'll check.\n")
    (folder / "deep.json").write_text('{"turns": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (folder / "huge.csv").write_text('speaker,text\ncustomer,"' + "x" * 200_000 + '"\n')
    out = tmp_path / "grades.csv"
    result = runner.invoke(app, ["grade", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "good.txt" in text and "nested too deeply" in text and "unreadable CSV" in text
    assert "graded 1 of 3" in result.stdout
    for bad_out in (tmp_path, tmp_path / "missing" / "x.csv"):
        refused = runner.invoke(app, ["grade", str(folder), "--out", str(bad_out)])
        assert "--out" in _one_line_error(refused)


def test_a_line_with_bad_bytes_or_nul_is_stored_not_lost() -> None:
    played = subprocess.run(
        [
            *(sys.executable, "-m", "simulator", "practice"),
            *("--persona", "impatient", "--seed", "4"),
            *("--report", "json"),
        ],
        input=b"I'm sorry\x00 about caf\xe9 the wait.\n/end\n",
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert played.returncode == 0, played.stderr
    session = json.loads(played.stdout)["session_id"]
    shown = json.loads(runner.invoke(app, ["show", session, "--format", "json"]).stdout)
    said = [t["text"] for t in shown["turns"] if t["speaker"] == "agent"]
    assert said == ["I'm sorry about caf\ufffd the wait."]


def test_unexpected_failures_are_one_line_without_sql_or_exception_names() -> None:
    sql = OperationalError(
        "INSERT INTO turns VALUES ('my secret')", {}, Exception("database is locked")
    )
    line = describe(sql)
    assert "INSERT" not in line and "secret" not in line and "another program" in line
    assert "nested too deeply" in describe(RecursionError())
    assert "OperationalError" not in line


def test_weak_coach_passcodes_are_refused() -> None:
    for weak in ("123456", "12345678901", "password123", "aaaaaaaaaaaa", "short"):
        result = runner.invoke(app, ["coach-passcode"], input=weak + "\n")
        assert result.exit_code == 1 and "nothing was saved" in result.stderr, weak
    assert runner.invoke(app, ["coach-passcode"], input="river stone lantern\n").exit_code == 0


def test_sign_in_attempts_are_throttled_more_with_each_failure() -> None:
    now = [0.0]
    throttle = Throttle(clock=lambda: now[0])
    waits = [throttle.failed() for _ in range(FREE_ATTEMPTS + 12)]
    assert waits[: FREE_ATTEMPTS - 1] == [0.0] * (FREE_ATTEMPTS - 1)
    assert waits[FREE_ATTEMPTS] > waits[FREE_ATTEMPTS - 1] > 0
    assert max(waits) == MAX_WAIT_S
    assert throttle.wait() == MAX_WAIT_S
    now[0] += MAX_WAIT_S
    assert throttle.wait() == 0
    throttle.succeeded()
    assert throttle.failed() == 0.0


def test_a_call_stopped_during_its_call_log_can_be_resumed_and_graded() -> None:
    store = Store()
    call = Practice.start(
        default_content(), store, CallSetup("impatient", "hvac_missed_window", 2, 5), "ana"
    )
    call.say("I'm so sorry about the wasted morning. What happened?")
    call.end()
    call.close()  # then the process dies before the call log is filed
    resumed = runner.invoke(
        app,
        ["practice", "--resume", call.session_id, "--report", "json"],
        input="log.trigger: engineer missed the morning window\n",
    )
    assert resumed.exit_code == 0, resumed.output
    assert json.loads(resumed.stdout)["grade"] is not None
    again = runner.invoke(app, ["practice", "--resume", call.session_id])
    assert "is graded" in _one_line_error(again)


def test_values_the_database_cannot_hold_are_refused_at_input() -> None:
    for args, message in (
        (["--seed", str(2**31)], "a seed is a whole number from 0 to"),
        (["--seed", str(2**70)], "a seed is a whole number from 0 to"),
        (["--trainee", "x" * 101], "a trainee name can be at most 100 characters"),
        (["--team", "t" * 150], "a team name can be at most 100 characters"),
    ):
        result = runner.invoke(app, ["practice", "--persona", "impatient", *args], input="hi\n")
        assert message in _one_line_error(result), args
    assert runner.invoke(app, ["history", "--format", "json"]).stdout.strip() == "[]"
    assert runner.invoke(app, ["app", "--port", "99999"]).exit_code == 2


# --- found by bench/hostile_battery.py ------------------------------------------------------

DEFUSE = (sys.executable, "-m", "simulator")


def _defuse(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> Any:
    return subprocess.run(
        [*DEFUSE, *args],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize(
    ("encoding", "piped", "said"),
    [
        # A UTF-8 desktop locale decodes stdin strictly: a bad byte stopped the read and lost
        # the line and every line after it; echoing it then failed on strict stdout.
        (
            "utf-8",
            b"Sorry caf\xe9.\nWhat happened?\n/end\n",
            ["Sorry caf\ufffd.", "What happened?"],
        ),
        # A lone CR ends a line too (it used to make one turn of the whole input).
        (
            "utf-8",
            b"Sorry about that.\rWhat happened?\r/end\r",
            ["Sorry about that.", "What happened?"],
        ),
        # An ASCII locale: the bytes it cannot decode are stored as U+FFFD, and echoing the
        # line on a terminal that cannot show them is a replacement, not a crash.
        (
            "ascii",
            "Caf\u00e9 \u2014 sorry.\nWhat happened?\n/end\n".encode(),
            ["Caf\ufffd\ufffd \ufffd\ufffd\ufffd sorry.", "What happened?"],
        ),
    ],
)
def test_piped_lines_survive_any_locale_and_line_ending(
    encoding: str, piped: bytes, said: list[str]
) -> None:
    played = _defuse(
        *("practice", "--persona", "impatient", "--scenario", "hvac_missed_window"),
        *("--seed", "5", "--report", "text"),
        stdin=piped,
        env={"PYTHONIOENCODING": encoding},
    )
    assert played.returncode == 0, played.stderr
    (row,) = Store().history()
    assert [t.text for t in Store().load(row.id).turns if t.speaker == "agent"] == said


def test_usage_errors_are_one_line_naming_the_help() -> None:
    for args, part in (
        (("app", "--port", "99999"), "invalid value for '--port'"),
        (("explode",), "no such command 'explode'"),
        (("practice", "--actor", "robot"), "'robot' is not one of 'offline', 'llm'"),
    ):
        result = _defuse(*args)
        (line,) = result.stderr.decode().splitlines()
        assert result.returncode == 2 and line.startswith("defuse: error: ") and part in line
        assert "Usage:" not in line and "Value error" not in line


def test_warnings_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from simulator import cli  # noqa: PLC0415

    cli._show_warning(UserWarning("tiktoken does not know\nthe model"), UserWarning, "x.py", 3)
    assert capsys.readouterr().err == "defuse: warning: tiktoken does not know the model\n"


def test_detect_names_the_line_with_a_huge_number_or_deep_nesting() -> None:
    for bad in ('{"id": ' + "9" * 5000 + ', "text": "hi"}', "[" * 100_000 + "]" * 100_000):
        result = runner.invoke(app, ["detect"], input='{"text": "Hello."}\n' + bad + "\n")
        assert "stdin line 2:" in _one_line_error(result)


def test_a_huge_number_in_a_transcript_or_call_log_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / "good.txt").write_text("Customer: Late.\nAgent: I'm sorry, I'll check.\n")
    (folder / "big.json").write_text('{"turns": [], "n": ' + "9" * 5000 + "}")
    stderr = _one_line_error(runner.invoke(app, ["grade", str(folder / "big.json")]))
    assert "big.json: a number with more than 4,300 digits" in stderr
    out = tmp_path / "grades.csv"
    graded = runner.invoke(app, ["grade", str(folder), "--out", str(out)])
    assert graded.exit_code == 0 and "good.txt" in out.read_text() and "4,300" in out.read_text()
    for name, text in (
        ("deep.json", "[" * 100_000 + "]" * 100_000),
        ("big_log.json", '{"trigger": ' + "9" * 5000 + "}"),
    ):
        (tmp_path / name).write_text(text)
        result = runner.invoke(
            app, ["grade", str(folder / "good.txt"), "--call-log", str(tmp_path / name)]
        )
        assert f"{name}: the call log" in _one_line_error(result)


def test_numbers_no_database_or_machine_can_take_are_refused_at_input(tmp_path: Path) -> None:
    assert runner.invoke(app, ["history", "--limit", str(2**63)]).exit_code == 2
    (tmp_path / "a.txt").write_text("Customer: Late.\nAgent: Sorry.\n")
    refused = runner.invoke(app, ["grade", str(tmp_path), "--out", "g.csv", "--workers", "10" * 15])
    assert refused.exit_code == 2
    assert "too big" in describe(OverflowError("Python int too large to convert to SQLite INTEGER"))


def test_an_out_that_is_not_a_regular_file_is_refused_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "calls").mkdir()
    (tmp_path / "calls" / "a.txt").write_text("Customer: Late.\nAgent: Sorry.\n")
    pipe = tmp_path / "grades.csv"
    os.mkfifo(pipe)
    result = runner.invoke(app, ["grade", str(tmp_path / "calls"), "--out", str(pipe)])
    assert "is not a regular file" in _one_line_error(result)
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_an_empty_resume_id_never_starts_a_new_call() -> None:
    result = runner.invoke(app, ["practice", "--resume", ""], input="hello\n")
    assert "no session" in _one_line_error(result)
    assert Store().history() == []


def test_names_are_stored_as_turns_are() -> None:
    store = Store()
    call = Practice.start(
        default_content(),
        store,
        CallSetup("impatient", "hvac_missed_window", 2, 5),
        "ana\udce9",
        "n\x00orth",
    )
    record = store.load(call.session_id)
    assert (record.trainee, record.team) == ("ana\ufffd", "north")
    assert add_team(store, "s\udcffouth") == "s\ufffdouth"


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400", "601"])
def test_a_turn_deadline_that_never_ends_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(ENV_DEADLINE, value)
    with pytest.raises(LLMError, match="at most 600 seconds"):
        TurnLimits.from_env()


def test_content_names_that_are_not_files_are_reported_without_blocking(tmp_path: Path) -> None:
    personas = tmp_path / "personas"
    personas.mkdir()
    os.mkfifo(personas / "pipe.yaml")  # opening it would block for ever
    (personas / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (personas / "dir.yaml").mkdir()
    (personas / ".#lock.yaml").symlink_to("kim@host.123")  # an editor's lock file: not content
    result = runner.invoke(app, ["validate", str(tmp_path)])
    stderr = _one_line_error(result)
    assert "pipe.yaml:1: not a regular file" in stderr
    assert "gone.yaml:1: a link to a file that does not exist" in stderr
    assert "dir.yaml:1: a folder" in stderr
    assert "lock" not in stderr


def test_a_yaml_file_of_many_small_values_is_refused_in_bounded_time() -> None:
    started = time.perf_counter()
    problems = validate_upload("personas", "many.yaml", ("[" + "1," * 300_000 + "1]\n").encode())
    assert time.perf_counter() - started < 10
    assert problems and f"more than {MAX_TOKENS} YAML tokens" in problems[0]


def test_an_unwritable_home_is_named_when_the_passcode_is_saved(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("DEFUSE_HOME", str(tmp_path / "file"))
    result = runner.invoke(app, ["coach-passcode"], input="river stone lantern\n")
    assert "DEFUSE_HOME" in _one_line_error(result)


def test_a_password_with_bytes_that_are_not_utf8_is_refused_in_one_line() -> None:
    assert "UTF-8" in (passcode_problem("river \udcff stone lantern") or "")
    _defuse("accounts", "add-team", "north")
    added = _defuse(
        "accounts", "add", "ana", "--password-stdin", stdin=b"river \xff stone lantern\n"
    )
    (line,) = added.stderr.decode().splitlines()
    assert added.returncode == 1 and "must be UTF-8 text" in line
