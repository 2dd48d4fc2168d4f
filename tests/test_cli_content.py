"""The content commands as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from simulator.cli import app
from tests.test_content_errors import PERSONA, SCENARIO, write
from tests.test_shipped_content import PERSONA_IDS

runner = CliRunner()


def test_validate_shipped_content_passes() -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 6 personas")


def test_validate_reports_every_problem_and_exits_non_zero(tmp_path: Path) -> None:
    folder = tmp_path / "acme"
    write(folder, "personas/tester.yaml", PERSONA.replace("  heat: 6\n", "  heat: 14\n"))
    write(folder, "scenarios/test_case.yaml", SCENARIO.replace("[tester]", "[nobody]"))
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert any(
        "tester.yaml:12: opening_mood.heat: expected a number at most 10" in x for x in lines
    )
    assert lines[-1] == "defuse: error: 1 content problem found; fix the lines above"
    assert "Traceback" not in result.output


def test_validate_checks_references_against_shipped_personas(tmp_path: Path) -> None:
    folder = tmp_path / "acme"
    write(folder, "scenarios/test_case.yaml", SCENARIO.replace("[tester]", "[impatient, tester]"))
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    assert "test_case.yaml:5: personas[1]: unknown persona 'tester'" in result.stderr


def test_validate_rejects_a_folder_that_is_not_content(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "holds none of personas/" in result.stderr
    missing = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert missing.exit_code == 1
    assert "no such folder" in missing.stderr


def test_content_dir_adds_and_overrides(tmp_path: Path) -> None:
    folder = tmp_path / "acme"
    write(folder, "personas/tester.yaml", PERSONA)
    write(folder, "scenarios/test_case.yaml", SCENARIO)
    result = runner.invoke(app, ["--content-dir", str(folder), "scenarios", "--format", "json"])
    assert result.exit_code == 0, result.output
    ids = [row["id"] for row in json.loads(result.stdout)]
    assert "test_case" in ids and len(ids) >= 13


def test_env_content_dir(tmp_path: Path, monkeypatch: object) -> None:
    folder = tmp_path / "acme"
    write(folder, "personas/tester.yaml", PERSONA)
    result = runner.invoke(
        app, ["personas", "--format", "json"], env={"DEFUSE_CONTENT_DIR": str(folder)}
    )
    assert result.exit_code == 0, result.output
    assert "tester" in [row["id"] for row in json.loads(result.stdout)]


def test_personas_json_and_table() -> None:
    result = runner.invoke(app, ["personas", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert {row["id"] for row in rows} == PERSONA_IDS
    assert all(row["title"] for row in rows)
    table = runner.invoke(app, ["personas"])
    assert table.exit_code == 0
    assert "silent_dissenter" in table.stdout


def test_scenarios_json_has_industry_and_personas() -> None:
    result = runner.invoke(app, ["scenarios", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) >= 12
    assert len({row["industry"] for row in rows}) >= 8
    assert all({"id", "title", "industry", "personas"} <= row.keys() for row in rows)
    filtered = runner.invoke(app, ["scenarios", "--persona", "entitled", "--format", "json"])
    assert all("entitled" in row["personas"] for row in json.loads(filtered.stdout))


def test_unknown_persona_filter_is_one_line() -> None:
    result = runner.invoke(app, ["scenarios", "--persona", "grumpy"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "unknown persona 'grumpy'" in result.stderr


def test_python_dash_m_runs_the_same_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "personas", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 6
