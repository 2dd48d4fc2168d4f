"""`defuse practice`, `defuse history`, `defuse show` from a pipe: the contracts and errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from simulator.cli import app

runner = CliRunner()
CALL = [
    "I'm sorry, that sounds stressful. What happened with the visit?",
    "What would a good outcome be for you today?",
    "I'll book the technician for 2 p.m. today and text you by noon; if that slips, I'll call you by 3.",
    "Is there anything else we haven't sorted out?",
]
LOG = [
    "log.trigger: the technician missed the morning window",
    "log.customer_state: angry about a lost half day, calmer once given a time",
    "log.desired_outcome: a technician today with a firm time",
    "log.promise_made: technician at 2 p.m. today, text by noon",
    "log.root_cause: dispatch overbooked the morning route",
    "log.needed_fix: cap bookings per route",
]
ARGS = ["practice", "--persona", "impatient", "--scenario", "hvac_missed_window", "--seed", "5"]


def practise(*extra: str, lines: list[str] = CALL + LOG) -> dict[str, object]:
    result = runner.invoke(app, [*ARGS, "--report", "json", *extra], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_report_json_contract() -> None:
    report = practise("--trainee", "ana")
    assert set(report) == {"session_id", "outcome", "turns", "heat", "grade", "usage"}
    assert report["usage"] == {
        "prompt_tokens": 0,
        "cached_tokens": 0,
        "completion_tokens": 0,
        "cost_usd": 0.0,
    }
    assert report["turns"] == len(CALL)
    assert isinstance(report["heat"], list) and len(report["heat"]) == report["turns"]
    grade = report["grade"]
    assert isinstance(grade, dict)
    assert {"total", "steps", "anti_patterns"} <= set(grade)
    assert set(grade["steps"]) == {
        "stay_calm",
        "gather_information",
        "clarify_outcome",
        "present_solution",
        "follow_up",
        "log_data",
    }
    assert grade["steps"]["log_data"]["score"] > 0
    assert report["outcome"] in {
        "resolved",
        "escalated",
        "abandoned",
        "customer_hung_up",
        "max_turns",
    }


def test_same_seed_same_call() -> None:
    assert practise()["heat"] == practise()["heat"]


def test_end_command_and_history_and_show() -> None:
    report = practise("--trainee", "bo", lines=[CALL[0], "/end"])
    assert report["turns"] == 1
    assert report["outcome"] == "abandoned"
    listed = runner.invoke(app, ["history", "--trainee", "bo", "--format", "json"])
    rows = json.loads(listed.stdout)
    assert [r["id"] for r in rows] == [report["session_id"]]
    shown = runner.invoke(app, ["show", str(report["session_id"]), "--format", "json"])
    data = json.loads(shown.stdout)
    assert data["turns"][1]["text"] == CALL[0]
    assert data["total"] == {"machine": report["grade"]["total"], "coach": None}  # type: ignore[index]
    text = runner.invoke(app, ["show", str(report["session_id"])[:6]])
    assert text.exit_code == 0 and CALL[0][:20] in text.stdout
    markdown = runner.invoke(app, ["show", str(report["session_id"]), "--format", "markdown"])
    assert markdown.stdout.startswith("# Call ")


def test_text_report_for_a_person() -> None:
    result = runner.invoke(app, ARGS, input="\n".join(CALL) + "\n")
    assert result.exit_code == 0
    assert "Customer:" in result.stdout and "Total" in result.stdout


def test_bad_input_is_one_line_and_non_zero() -> None:
    cases = [
        (["practice", "--persona", "nobody"], "unknown persona 'nobody'"),
        (["practice", "--scenario", "nowhere", "--persona", "impatient"], "unknown scenario"),
        (["practice", "--resume", "doesnotexist"], "no session 'doesnotexist'"),
        (["practice", "--actor", "llm"], "no model configured"),
        (["practice", "--actor", "llm", "--model", "nosuch:thing"], "nosuch"),
        (["show", "nothing"], "no session 'nothing'"),
    ]
    for args, message in cases:
        result = runner.invoke(app, args, input="hello\n")
        assert result.exit_code == 1, args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output + result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    bad_log = runner.invoke(app, ARGS, input="hello\nlog.mood: fine\n")
    assert bad_log.exit_code == 1
    assert "unknown call-log field 'mood'" in bad_log.stderr


def test_a_call_ended_before_a_word_is_not_graded() -> None:
    result = runner.invoke(
        app, ["practice", "--persona", "impatient", "--report", "json"], input="/end\n"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["turns"] == 0 and report["grade"] is None and report["outcome"] == "abandoned"
    text = runner.invoke(app, ["practice", "--persona", "impatient"], input="/end\n")
    assert "nothing to grade" in text.stdout and "Total" not in text.stdout
