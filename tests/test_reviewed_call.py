"""One reviewed call: every reader shows the machine and the coach total, labelled, alike."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from typer.testing import CliRunner

import simulator.storage.coaching as coaching_module
import simulator.storage.store as store_module
from simulator.cli import app
from simulator.content import default_content
from simulator.grading import grader_for
from simulator.grading.report import GradeReport, weighted_total
from simulator.grading.reviewed import ReviewedCall, ReviewError
from simulator.models.transcript import CallLog
from simulator.practice import CallSetup
from simulator.reports import dashboard
from simulator.reports.exports import call_json, calls_csv, to_html, to_markdown_export, to_pdf
from simulator.reports.stored import load_call, override_step, save_grade
from simulator.session import Practice
from simulator.storage import SessionRecord, Store, database_url
from simulator.storage.coaching import add_comment, calls
from simulator.storage.store import MIGRATIONS

runner = CliRunner()


def _graded(store: Store, said: tuple[str, ...] | None = None) -> str:
    call = Practice.start(
        default_content(), store, CallSetup("impatient", "hvac_missed_window", 2, 4), "ana"
    )
    for line in said or (
        "I'm so sorry about the wasted morning, that sounds stressful. What happened?",
        "I'll book the engineer for 2 p.m. today and text you by noon.",
    ):
        call.say(line)
    call.end()
    call.file_log(CallLog(trigger="missed visit", promise_made="engineer 2 p.m."))
    call.grade()
    return call.session_id


@pytest.fixture
def store() -> Store:
    return Store(database_url())


def test_show_after_an_override_labels_the_machine_and_the_coach_total(store: Store) -> None:
    session_id = _graded(store)
    before = runner.invoke(app, ["show", session_id])
    machine = load_call(store, session_id).reviewed.machine_total
    assert machine is not None and machine < 95
    assert f"Total {machine:g}/100 (machine)" in before.stdout
    reviewed = override_step(store, session_id, "present_solution", 100, "firm time", "coach kim")
    coach = reviewed.coach_total
    assert coach is not None and coach > machine
    text = runner.invoke(app, ["show", session_id]).stdout
    assert f"Total {coach:g}/100 (coach) \u00b7 machine total {machine:g}/100" in text
    assert "coach kim" in text and "firm time" in text
    markdown = runner.invoke(app, ["show", session_id, "--format", "markdown"]).stdout
    assert f"(coach) \u00b7 machine total {machine:g}/100" in markdown
    data = json.loads(runner.invoke(app, ["show", session_id, "--format", "json"]).stdout)
    assert data["total"] == {"machine": machine, "coach": coach}
    listed = json.loads(runner.invoke(app, ["history", "--format", "json"]).stdout)
    assert listed[0]["total"] == {"machine": machine, "coach": coach}


def test_the_stored_call_json_has_one_total_shape(store: Store) -> None:
    session_id = _graded(store)
    override_step(store, session_id, "stay_calm", 40, "scripted", "coach kim")
    data = call_json(load_call(store, session_id))
    totals = [key for key in _keys(data) if "total" in key]
    assert totals == ["total"]  # no second total in the grade or anywhere else
    assert set(data["total"]) == {"machine", "coach"}
    assert data["grade"]["steps"]["stay_calm"]["score"] != 40  # the machine's report, untouched
    assert (
        data["overrides"][0]["coach_score"] == 40 and data["overrides"][0]["coach"] == "coach kim"
    )


def _keys(value: object) -> list[str]:
    if isinstance(value, dict):
        return [k for k, v in value.items() for k in (k, *_keys(v))]
    if isinstance(value, list):
        return [k for item in value for k in _keys(item)]
    return []


def test_every_export_lists_the_same_moves_per_turn(store: Store) -> None:
    session_id = _graded(store)
    stored = load_call(store, session_id)
    markdown = to_markdown_export(stored)
    page = to_html(stored)
    for turn in stored.record.turns:
        moves = [m.value for m in stored.reviewed.moves(turn.number)]
        if turn.speaker != "agent":
            assert moves == []
            continue
        assert moves
        line = next(x for x in markdown.splitlines() if x.startswith(f"{turn.number}. **Agent:**"))
        assert line.endswith("_(" + ", ".join(moves) + ")_")
        block = page.split(f"<b>{turn.number}. Agent:</b>", 1)[1].split("</div></div>", 1)[0]
        assert re.search(r"<div class='moves'>(.*)$", block).group(1) == ", ".join(moves)  # type: ignore[union-attr]
        assert call_json(stored)["turns"][turn.number - 1]["moves"] == moves


def test_every_export_carries_both_totals_labelled(store: Store) -> None:
    session_id = _graded(store)
    override_step(store, session_id, "follow_up", 90, "asked what else", "coach kim")
    stored = load_call(store, session_id)
    label = f"Total {stored.reviewed.coach_total:g}/100 (coach) \u00b7 machine total"
    assert label in to_markdown_export(stored)
    assert label in to_html(stored)
    assert len(to_pdf(stored)) > 1000
    (row,) = calls(store)
    assert (row.machine_total, row.coach_total) == (
        stored.reviewed.machine_total,
        stored.reviewed.coach_total,
    )
    header, line = calls_csv([row]).splitlines()
    values = dict(zip(header.split(","), line.split(","), strict=True))
    assert float(values["machine_total"]) == stored.reviewed.machine_total
    assert float(values["coach_total"]) == stored.reviewed.coach_total
    assert float(values["follow_up"]) == 90
    data = dashboard.frame([row])
    assert data["total"][0] == stored.reviewed.total


def test_trainee_text_and_coach_notes_stay_escaped(store: Store) -> None:
    session_id = _graded(store, ("<script>alert(1)</script> I'm sorry, what happened?",))
    add_comment(store, session_id, 2, "coach <b>kim</b>", "<img src=x onerror=alert(2)>")
    override_step(store, session_id, "stay_calm", 70, "<i>tone</i>", "coach <b>kim</b>")
    page = to_html(load_call(store, session_id))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<img" not in page and "<b>kim</b>" not in page and "<i>tone</i>" not in page


def test_the_total_is_the_graders_own_function_over_the_effective_scores(store: Store) -> None:
    session_id = _graded(store)
    reviewed = override_step(store, session_id, "stay_calm", 12.5, "cold", "coach kim")
    report = reviewed.report
    assert report is not None
    assert report.total == weighted_total(
        (s.weight, s.score) for s in report.steps.values() if s.assessed
    )
    expected = weighted_total(
        (s.weight, 12.5 if s.id.value == "stay_calm" else s.score)
        for s in report.steps.values()
        if s.assessed
    )
    assert reviewed.total == expected == load_call(store, session_id).reviewed.total
    with pytest.raises(ReviewError, match="unknown step"):
        override_step(store, session_id, "charm", 50, "n/a", "coach kim")
    with pytest.raises(ReviewError, match="needs a reason"):
        override_step(store, session_id, "stay_calm", 50, " ", "coach kim")


def test_storage_stores_typed_records_and_never_scores(store: Store) -> None:
    names = {f.name for f in fields(SessionRecord)}
    assert "total" not in names  # a stored call's scores come from the reviewed call
    session_id = _graded(store)
    assert isinstance(store.load(session_id).grade, GradeReport)
    for module in (store_module, coaching_module):
        source = Path(module.__file__ or "").read_text()
        assert "weight" not in source, f"{module.__name__} computes a weighted score"


def test_a_regrade_keeps_the_coach_override_in_force(store: Store) -> None:
    session_id = _graded(store)
    override_step(store, session_id, "stay_calm", 5, "too scripted", "coach kim")
    record = store.load(session_id)
    report = grader_for(default_content()).grade(
        record.transcript(), persona=record.persona, call_log=record.call_log
    )
    regraded = save_grade(store, session_id, "rules", report)
    assert regraded.coach_total is not None
    assert regraded.step_scores()[regraded.latest_overrides.popitem()[0]] == 5
    (row,) = calls(store)
    assert row.total == regraded.total and row.coach_total == regraded.coach_total


def test_an_old_database_gets_both_totals_from_its_grades(store: Store) -> None:
    session_id = _graded(store)
    override_step(store, session_id, "stay_calm", 100, "warm", "coach kim")
    expected = load_call(store, session_id).reviewed
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0003")
    store.close()
    reopened = Store(database_url())  # opening migrates it forward again
    assert len(reopened.load(session_id).turns) == len(expected.transcript.turns)  # no data lost
    (row,) = calls(reopened)
    assert (row.machine_total, row.coach_total, row.total) == (
        expected.machine_total,
        expected.coach_total,
        expected.total,
    )


def test_a_reviewed_call_without_a_grade_shows_no_score() -> None:
    from simulator.models.transcript import Transcript, Turn  # noqa: PLC0415

    call = ReviewedCall(transcript=Transcript(turns=[Turn(speaker="agent", text="hi")]))
    assert call.total is None and call.machine_total is None and call.summary() is None
    with pytest.raises(ReviewError, match="no grade"):
        call.override("stay_calm", 50, "why", "coach")


def test_every_reader_names_the_grade_version_the_same_way(store: Store) -> None:
    session_id = _graded(store)
    stored = load_call(store, session_id)
    assert stored.reviewed.report is not None
    label = f"Graded with {stored.reviewed.report.version}"
    assert "six_step v" in label and "grader rules-" in label
    assert to_markdown_export(stored).count(label) == 1
    assert label in to_html(stored)
    assert call_json(stored)["graded_with"] == stored.reviewed.report.version
    shown = runner.invoke(app, ["show", session_id, "--format", "markdown"])
    assert label in shown.stdout
