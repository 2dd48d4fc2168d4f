"""The web app's pages, driven with Streamlit's AppTest (no browser): logic and role checks."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from streamlit.testing.v1 import AppTest

from simulator.app.common import COACH, TRAINEE, User
from simulator.app.content_page import validate_upload
from simulator.app.main import pages_for
from simulator.content import default_content
from simulator.models.transcript import CallLog
from simulator.practice import CallSetup
from simulator.session import Practice
from simulator.storage import StorageError, Store, database_url
from simulator.storage.accounts import AccountError, add_team
from simulator.storage.coaching import (
    archive_drill,
    drill_rows,
    drills_for,
    overrides,
    save_drill,
)
from simulator.storage.config import hash_passcode

MAIN = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
"""The app as Streamlit Community Cloud and `defuse app` run it."""
PASSCODE = "open sesame"


@pytest.fixture(autouse=True)
def _passcode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEFUSE_COACH_PASSCODE_HASH", hash_passcode(PASSCODE))


def page(module: str, **state: object) -> AppTest:
    import streamlit as st  # noqa: PLC0415

    st.cache_data.clear()  # each test has its own database
    at = AppTest.from_string(
        f"from simulator.app.{module} import render\nrender()\n", default_timeout=60
    )
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def button(at: AppTest, label: str) -> Any:
    """The one button (or form submit button) with this label."""
    (found,) = [b for b in at.button if b.label == label]
    return found


def graded_call(trainee: str, team: str | None = None, persona: str = "impatient") -> str:
    store = Store(database_url())
    scenario = next(s.id for s in default_content().scenarios.values() if persona in s.personas)
    call = Practice.start(
        default_content(), store, CallSetup(persona, scenario, 2, 1), trainee, team
    )
    call.say("I'm sorry about this, that sounds stressful. What happened?")
    call.say("I'll book the engineer for 2 p.m. today and text you by noon.")
    call.end()
    call.file_log(CallLog(trigger="missed visit"))
    call.grade()
    return call.session_id


def test_a_first_time_user_is_one_click_from_a_call() -> None:
    at = AppTest.from_file(MAIN, default_timeout=60).run()
    assert not at.exception
    at.button(key="start_call").click().run()
    assert not at.exception
    assert len(at.chat_message) == 1  # the customer's opening line
    assert at.chat_input(key="reply") is not None


def test_a_whole_practice_call_to_the_graded_report_and_a_retry() -> None:
    at = AppTest.from_file(MAIN, default_timeout=60).run()
    at.button(key="start_call").click().run()
    at.chat_input(key="reply").set_value(
        "I'm so sorry, that sounds stressful. What happened?"
    ).run()
    assert [m.name for m in at.chat_message] == ["Customer", "You", "Customer"]
    at.button(key="end_call").click().run()
    at.button(key="end_call_yes").click().run()
    for name, text in FULL_LOG.items():
        at.text_area(key=f"log_{name}").input(text)
    at.button[0].click().run()
    assert not at.exception
    assert at.metric[0].label == "Machine total"
    markdown = " ".join(m.value for m in at.markdown)
    assert "<mark>" in markdown  # evidence quotes marked in the transcript
    at.button(key="retry").click().run()
    assert not at.exception
    assert at.chat_input(key="reply") is not None  # a new call, replayed up to turn 1


def test_hint_shows_only_when_switched_on() -> None:
    at = AppTest.from_file(MAIN, default_timeout=60).run()
    at.toggle(key="hint_on").set_value(True).run()
    at.button(key="start_call").click().run()
    assert any(i.value.startswith("Hint:") for i in at.info)
    at.chat_input(key="reply").set_value("I'm sorry, that sounds stressful. What happened?").run()
    assert any(i.value.startswith("Hint:") for i in at.info)  # it stays, turn after turn
    at.toggle(key="live_hint").set_value(False).run()
    assert not any(i.value.startswith("Hint:") for i in at.info)  # until it is turned off


def test_coach_pages_need_the_passcode() -> None:
    trainee, coach = User("ana", None, TRAINEE), User("kim", None, COACH)
    assert [p.title for p in pages_for(trainee)] == ["Practice", "My progress", "Drills", "Content"]
    assert {"Review", "Team dashboard"} <= {p.title for p in pages_for(coach)}
    review = page("review_page")
    assert "for coaches" in review.info[0].value
    at = AppTest.from_file(MAIN, default_timeout=60).run()
    at.text_input(key="coach_passcode").input("wrong").run()
    at.button(key="coach_sign_in").click().run()
    assert at.error and "role" not in at.session_state
    at.text_input(key="coach_passcode").input(PASSCODE).run()
    at.button(key="coach_sign_in").click().run()
    assert at.session_state["role"] == "coach"


def test_a_trainee_sees_only_their_own_calls() -> None:
    graded_call("ana")
    graded_call("bo")
    at = page("progress_page", user_name="ana")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 1
    assert at.metric[0].value == "1"


def test_coach_reviews_comments_and_overrides_keeping_both_scores() -> None:
    session_id = graded_call("cy", team="north")
    at = page("review_page", role="coach", user_name="coach kim")
    assert not at.exception
    assert session_id in at.dataframe[0].value["id"].tolist()
    assert any("Click a row" in c.value for c in at.caption)  # nothing opens by itself
    at.session_state["review_open"] = session_id  # as a click on its row sets it
    at.run()
    assert any("Trigger" in m.value for m in at.markdown)  # the call log is shown
    at.selectbox(key=f"c_turn-{session_id}").set_value(2)
    at.text_area(key=f"c_text-{session_id}").input("Good acknowledgement; name the lost morning.")
    button(at, "Add comment").click().run()
    assert "Comment added to turn 2" in at.success[0].value
    at.selectbox(key=f"o_step-{session_id}").set_value("stay_calm")
    at.number_input(key=f"o_score-{session_id}").set_value(95.0)
    at.text_input(key=f"o_reason-{session_id}").input("The apology named the wasted morning.")
    button(at, "Override score").click().run()
    assert not overrides(Store(database_url()), session_id)  # not yet: confirmed first
    assert "Set **1 Stay calm** to **95**" in at.warning[0].value
    at.button(key=f"o_yes-{session_id}").click().run()
    assert not at.exception
    (kept,) = overrides(Store(database_url()), session_id)
    assert kept.step.value == "stay_calm" and kept.coach == "coach kim"
    assert kept.coach_score == 95.0
    assert kept.machine_score != 95.0
    assert at.metric[0].label == "Coach total"  # the coach's total, the machine's beside it
    assert "machine total" in str(at.metric[0].delta)
    assert any("Good acknowledgement" in c.value for c in at.caption)
    labels = {b.label for b in at.get("download_button")}
    assert {"Markdown", "HTML", "PDF", "JSON", "Download this list as CSV"} <= labels


def _drill(store: Store, title: str = "Monthly refresher", **given: object) -> int:
    fields: dict[str, object] = {
        "title": title,
        "pairs": [("impatient", "hvac_missed_window")],
        "difficulty": 2,
        "pass_mark": 10,
        "due": date.today() + timedelta(days=3),
        "repeat": "monthly",
        "hints_allowed": False,
        "created_by": "coach",
        "teams": ["south"],
    }
    fields.update(given)
    return save_drill(store, **fields)  # type: ignore[arg-type]


def test_drills_assigned_to_a_team_show_up_start_and_complete() -> None:
    store = Store(database_url())
    add_team(store, "south")
    store.ensure_trainee("dee", "south")
    _drill(store)
    at = page("drills_page", user_name="dee")
    assert at.dataframe[0].value["status"].tolist() == ["to do"]
    start = next(b for b in at.button if b.label.startswith("Start: Monthly refresher"))
    start.click().run()  # the drill's call starts from the Drills page
    call = at.session_state["call"]
    assert call.state.scenario == "hvac_missed_window"
    call.say("I'm sorry about the wasted morning. The engineer will be there by 2 p.m. today.")
    call.end()
    call.grade()
    done = page("drills_page", user_name="dee")
    assert done.dataframe[0].value["status"].tolist() in (["passed"], ["complete"])


def test_a_refused_drill_leaves_nothing_and_a_second_submit_no_copy() -> None:
    store = Store(database_url())
    add_team(store, "south")
    with pytest.raises(AccountError, match="no team called 'sooth'"):
        _drill(store, teams=["sooth"])
    with pytest.raises(StorageError, match="at least one trainee or team"):
        _drill(store, teams=[])
    assert drill_rows(store) == []  # no orphan drill
    first = _drill(store)
    with pytest.raises(StorageError, match="already a drill called"):
        _drill(store, title="monthly REFRESHER")
    store.ensure_trainee("dee", "south")
    store.ensure_trainee("eve", "south")
    store.ensure_trainee("fay")
    _drill(store, drill_id=first, trainees=["fay", "dee"], due=date.today())  # an edit
    (row,) = drill_rows(store)
    assert (row.teams, row.trainees, row.reach) == (["south"], ["dee", "fay"], 3)
    archive_drill(store, first)
    assert drill_rows(store) == [] and not drills_for(store, "dee")
    assert [r.archived for r in drill_rows(store, include_archived=True)] == [True]


def test_the_drill_list_takes_the_same_few_queries_however_many_drills() -> None:
    store = Store(database_url())
    add_team(store, "south")
    add_team(store, "north")
    for name, team in (("dee", "south"), ("eve", "south"), ("gus", "north"), ("fay", None)):
        store.ensure_trainee(name, team)
    counted: list[str] = []

    def count(*args: object) -> None:
        counted.append(str(args[2]))

    listed = []
    for n in range(1, 9):
        _drill(store, title=f"Drill {n}", teams=["south", "north"][: n % 2 + 1], trainees=["fay"])
        event.listen(store.engine, "before_cursor_execute", count)
        counted.clear()
        rows = drill_rows(store)
        event.remove(store.engine, "before_cursor_execute", count)
        listed.append(len(counted))
    assert len(rows) == 8
    assert len(set(listed)) == 1 and listed[0] <= 5  # the same few, not one more per drill
    row = next(r for r in rows if r.title == "Drill 1")
    assert (row.teams, row.trainees, row.reach) == (["north", "south"], ["fay"], 4)


def test_coach_creates_edits_and_archives_a_drill_from_the_page() -> None:
    store = Store(database_url())
    add_team(store, "north")
    store.ensure_trainee("gus", "north")
    at = page("drills_page", role="coach", user_name="coach kim")
    at.text_input(key="new_drill_title").input("Aggressive callers")
    at.multiselect(key="new_drill_pairs").select("aggressive / bank_duplicate_charge")
    at.multiselect(key="new_drill_teams").select("north")
    button(at, "Create and assign").click().run()
    assert not at.exception
    assert "assigned: team north (1 trainee)" in at.success[0].value
    button(at, "Create and assign").click().run()  # the same submit again
    assert "already a drill" in at.error[0].value and len(drill_rows(store)) == 1
    (row,) = drill_rows(store)
    at.selectbox(key="drill_edit").set_value(row.id).run()
    at.text_input(key=f"drill-{row.id}_title").input("Aggressive callers, round 2")
    button(at, "Save changes").click().run()
    assert drill_rows(store)[0].title == "Aggressive callers, round 2"
    at.button(key=f"archive-{row.id}").click().run()
    at.button(key=f"archive-yes-{row.id}").click().run()
    assert drill_rows(store) == []


def test_dashboard_renders_for_coaches() -> None:
    graded_call("ed", team="east", persona="aggressive")
    at = page("dashboard_page", role="coach", user_name="coach kim")
    assert not at.exception
    assert at.metric[0].value == "1"


def test_uploaded_yaml_gets_the_validators_precise_errors() -> None:
    problems = validate_upload("personas", "bad.yaml", b"id: bad\ntitle: 3\n")
    assert problems and problems[0].startswith("bad.yaml:")
    assert (
        validate_upload(
            "rubrics/phrases",
            "ok.yaml",
            b"id: extra\ncategory: empathy\ntitle: T\nphrases:\n  - text: That sounds exhausting.\n    move: acknowledge_emotion\n    specificity: generic\n",
        )
        == []
    )
    at = page("content_page")
    assert not at.exception


def test_two_people_practising_at_once_never_see_each_others_call() -> None:
    first = AppTest.from_file(MAIN, default_timeout=60)
    first.session_state["user_name"] = "ana"
    second = AppTest.from_file(MAIN, default_timeout=60)
    second.session_state["user_name"] = "bo"
    for at in (first.run(), second.run()):
        at.button(key="start_call").click().run()
    first.chat_input(key="reply").set_value("Ana here: what happened with the booking?").run()
    second.chat_input(key="reply").set_value("Bo here: I'm sorry, that sounds awful.").run()
    assert first.session_state["call"].session_id != second.session_state["call"].session_id
    said_first = [m.markdown[0].value for m in first.chat_message if m.name == "You"]
    said_second = [m.markdown[0].value for m in second.chat_message if m.name == "You"]
    assert said_first == ["Ana here: what happened with the booking?"]
    assert said_second == ["Bo here: I'm sorry, that sounds awful."]


def test_demo_data_fills_the_coach_pages() -> None:
    from typer.testing import CliRunner  # noqa: PLC0415

    from simulator.cli import app  # noqa: PLC0415

    result = CliRunner().invoke(app, ["demo-data", "--calls", "12"])
    assert result.exit_code == 0, result.output
    assert "stored 12 graded demo calls" in result.stdout
    at = page("dashboard_page", role="coach", user_name="coach kim")
    assert not at.exception
    assert at.metric[0].value == "12"
    from simulator.app.dashboard_page import charts  # noqa: PLC0415
    from simulator.storage.coaching import calls  # noqa: PLC0415

    built = charts(calls(Store(database_url())))
    assert set(built.heatmap.data["trainee"]) == {
        name for name, _ in __import__("simulator.demo", fromlist=["TRAINEES"]).TRAINEES
    }
    assert not built.anti.empty  # the careless calls' anti-patterns are counted


def _starts_with_no_terminal(tmp_path: Path, command: list[str], cwd: Path | None = None) -> None:
    """Start ``command`` with a fresh home and no standard input; the page must answer."""
    import os  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import time  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    port = command[-1]
    env = {**os.environ, "HOME": str(tmp_path), "DEFUSE_HOME": str(tmp_path / "defuse")}
    env.pop("DISPLAY", None)
    server = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
        cwd=cwd,
    )
    try:
        status = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                    status = reply.status
                    break
            except OSError:
                time.sleep(0.5)
        assert server.poll() is None, server.stdout.read() if server.stdout else ""
        assert status == 200
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "email" not in output.lower() and "Traceback" not in output
    assert not (tmp_path / ".streamlit" / "credentials.toml").exists()


def _port() -> str:
    import socket  # noqa: PLC0415

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


def test_the_first_start_on_a_fresh_machine_needs_no_terminal(tmp_path: Path) -> None:
    # A fresh home (no ~/.streamlit), no standard input: as `make run` in a container or a
    # service. Streamlit's first-run email prompt would stop it, and exit 255 without a tty.
    import sys  # noqa: PLC0415

    _starts_with_no_terminal(
        tmp_path, [sys.executable, "-m", "simulator", "app", "--port", _port()]
    )


def test_plain_streamlit_run_in_the_checkout_behaves_as_defuse_app(tmp_path: Path) -> None:
    import sys  # noqa: PLC0415
    import tomllib  # noqa: PLC0415

    from simulator.cli.app_cmd import SERVER_OPTIONS  # noqa: PLC0415

    root = Path(MAIN).parent
    config = tomllib.loads((root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    for name, value in SERVER_OPTIONS.items():
        section, key = name.split(".")
        assert str(config[section][key]).lower() == value, name
    assert config["server"]["address"] == "127.0.0.1"
    command = [sys.executable, "-m", "streamlit", "run", MAIN, "--server.port", _port()]
    _starts_with_no_terminal(tmp_path, command, cwd=root)


FULL_LOG = {
    "trigger": "the booking was moved by the system",
    "customer_state": "frustrated, said the morning was wasted",
    "desired_outcome": "a firm time for the visit today",
    "promise_made": "nothing promised yet on this call",
    "root_cause": "the booking system moved the slot",
    "needed_fix": "confirm slots by text before moving them",
}


def test_end_call_is_confirmed_and_a_thin_call_log_is_pointed_out() -> None:
    at = AppTest.from_file(MAIN, default_timeout=60).run()
    at.button(key="start_call").click().run()
    at.chat_input(key="reply").set_value("I'm so sorry. What happened?").run()
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert "1. Stay calm" in sidebar and "after the call" in sidebar  # the live checklist
    at.button(key="end_call").click().run()
    assert any("End the call now?" in w.value for w in at.warning)
    at.button(key="end_call_no").click().run()
    assert at.chat_input(key="reply") is not None  # still talking
    at.button(key="end_call").click().run()
    at.button(key="end_call_yes").click().run()
    assert any("The call ended" in s.value for s in at.success)
    at.text_area(key="log_trigger").input("moved")
    at.button[0].click().run()
    assert any("fewer than five words" in w.value for w in at.warning)
    assert "report" not in at.session_state  # not graded yet: the trainee may add to it
    at.button(key="grade_thin_log").click().run()
    assert not at.exception and at.metric[0].label == "Machine total"


def test_a_call_ended_before_a_word_is_not_graded() -> None:
    at = AppTest.from_file(MAIN, default_timeout=60).run()
    at.button(key="start_call").click().run()
    at.button(key="end_call").click().run()
    at.button(key="end_call_yes").click().run()
    assert not at.exception
    assert any("nothing to grade" in i.value for i in at.info)
    assert not any(b.label == "Submit and grade" for b in at.button)
    at.button(key="new_call").click().run()
    assert at.button(key="start_call") is not None  # back to choosing a call


def test_charts_are_honest() -> None:
    import pandas as pd  # noqa: PLC0415

    from simulator.app.common import count_bars, heat_line, score_bars, score_line  # noqa: PLC0415

    steps = pd.DataFrame({"step": ["1 Stay calm", "2 Gather information"], "score": [65, 20]})
    bars, rule = score_bars(steps, "step").to_dict()["layer"]
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 100]  # 65 is not a full bar
    assert rule["mark"]["type"] == "rule" and rule["encoding"]["x"]["field"] == "pass mark"
    one_call = pd.DataFrame({"call": [1], "total": [70]})
    line, rule = score_line(one_call, "call", "total").to_dict()["layer"]
    assert line["mark"]["point"] is True  # one graded call still shows
    assert line["encoding"]["x"]["type"] == "ordinal"  # progress by call, not by date
    assert rule["encoding"]["y"]["field"] == "pass mark"
    heat = heat_line([6.0, 4.5, 2.0]).to_dict()
    assert heat["encoding"]["y"]["scale"]["domain"] == [0, 10]
    anti = pd.DataFrame({"anti_pattern": ["argue", "cite_policy"], "count": [1, 5]})
    assert count_bars(anti, "anti_pattern").to_dict()["encoding"]["y"]["sort"] == "-x"


def test_trainees_see_the_desk_not_the_answer_key() -> None:
    content = default_content()
    scenario = next(iter(content.scenarios.values()))
    hidden = scenario.facts[0].text[:40]
    trainee = page("content_page")
    shown = " ".join(m.value for m in trainee.markdown)
    assert scenario.customer.name in shown  # the agent desk
    raw = " ".join(str(j.value) for j in trainee.json)
    assert hidden not in shown and hidden not in raw  # no hidden facts, no raw case file
    coach = page("content_page", role="coach", coach_name="Coach")
    assert hidden in " ".join(str(j.value) for j in coach.json)  # the case file, for coaches


def test_an_override_never_switches_the_open_call() -> None:
    older = graded_call("cy", team="north")
    newer = graded_call("dee", team="north")
    at = page("review_page", role="coach", user_name="coach kim", review_open=older)
    at.selectbox(key=f"o_step-{older}").set_value("stay_calm")
    at.number_input(key=f"o_score-{older}").set_value(99.0)
    at.text_input(key=f"o_reason-{older}").input("Named the lost morning.")
    button(at, "Override score").click().run()
    at.button(key=f"o_yes-{older}").click().run()
    assert not at.exception
    assert at.session_state["review_open"] == older  # still the call that was overridden
    assert at.metric[0].label == "Coach total"
    titles = " ".join(h.value for h in at.subheader)
    assert "cy" in titles and "dee" not in titles  # the page (and its exports) are older's
    (kept,) = overrides(Store(database_url()), older)
    assert kept.coach_score == 99.0 and not overrides(Store(database_url()), newer)


def test_a_reload_or_a_restart_picks_the_call_up_again() -> None:
    import socket  # noqa: PLC0415

    first = AppTest.from_file(MAIN, default_timeout=60).run()
    first.text_input(key="user_name").input("ana").run()
    first.button(key="start_call").click().run()
    first.chat_input(key="reply").set_value(
        "I'm sorry, that sounds stressful. What happened?"
    ).run()
    call = first.session_state["call"]
    # A reload: a new browser session, while the old one (same server) still holds the call.
    again = AppTest.from_file(MAIN, default_timeout=60)
    again.session_state["user_name"] = "ana"
    again.run()
    resume = next(b for b in again.button if b.key == f"resume-{call.session_id}")
    resume.click().run()
    assert again.error and "another window" in again.error[0].value
    again.button(key=f"take-over-{call.session_id}").click().run()
    assert not again.exception
    assert len(again.chat_message) == 3  # the opening, the line typed, the reply
    assert again.chat_input(key="reply") is not None
    # the old tab can no longer write: still one writer per call
    first.chat_input(key="reply").set_value("What would a good outcome be?").run()
    assert first.error and "another window" in first.error[0].value
    # A restart: the process that held the call is gone; the call resumes at once.
    store = Store(database_url())
    held = store.lease(call.session_id)
    assert held is not None
    store.take_lease(call.session_id, f"{socket.gethostname()}:999999:dead", replacing=held[0])
    later = AppTest.from_file(MAIN, default_timeout=60)
    later.session_state["user_name"] = "ana"
    later.run()
    later.button(key=f"resume-{call.session_id}").click().run()
    assert not later.error and len(later.chat_message) == 3
    # someone else's name lists nothing of ana's
    other = AppTest.from_file(MAIN, default_timeout=60)
    other.session_state["user_name"] = "bo"
    other.run()
    assert not [b for b in other.button if b.key and b.key.startswith("resume-")]


def test_a_trainee_reopens_a_report_and_reads_the_coachs_feedback() -> None:
    from simulator.reports.stored import override_step  # noqa: PLC0415
    from simulator.storage.coaching import add_comment, feedback_marks  # noqa: PLC0415

    store = Store(database_url())
    first = graded_call("ana")
    at = page("progress_page", user_name="ana")
    assert not at.info  # no feedback yet
    add_comment(store, first, 2, "coach kim", "Name the lost morning <b>first</b>.")
    override_step(store, first, "stay_calm", 95, "Calm all through; the tip is wrong.", "kim")
    at = page("progress_page", user_name="ana")
    assert "new feedback on 1 call" in at.info[0].value
    assert list(at.dataframe[0].value["feedback"]) == ["new"]
    at.session_state["open_report"] = first  # as a click on the row sets it
    at.run()
    text = " ".join(m.value for m in at.markdown)
    assert "Coach coach kim: Name the lost morning" in text and "<b>" not in text
    assert "Calm all through" in text and "gave 95" in text
    assert at.metric[-1].label == "Coach total"
    assert feedback_marks(store, [first]) == {first: "seen"}  # opened: no longer new
    # "practise this next" starts the suggested call
    at.button(key="practise_next").click().run()
    assert not at.exception
    assert at.session_state["call"] is not None


def test_another_trainees_report_cannot_be_opened() -> None:
    theirs = graded_call("bo")
    graded_call("ana")
    at = page("progress_page", user_name="ana", open_report=theirs)
    text = " ".join(m.value for m in at.markdown)
    assert "Report:" not in " ".join(s.value for s in at.subheader)
    assert "bo" not in text


def test_a_failing_page_shows_one_line_with_a_reference_not_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    at = AppTest.from_string(
        "from simulator.app import main, progress_page\n"
        "def broken():\n"
        "    raise RuntimeError('SELECT * FROM secret_table')\n"
        "progress_page.render = broken\n"
        "page = next(p for p in main.PAGES if p.url == 'progress')\n"
        "main._guarded(main.PageSpec(page.title, broken, page.icon, page.url))()\n",
        default_timeout=60,
    )
    with caplog.at_level("ERROR", logger="defuse.app"):
        at.run()
    assert not at.exception
    (error,) = at.error
    assert "reference" in error.value and "SELECT" not in error.value
    reference = error.value.split("reference ")[1][:8]
    assert any(reference in r.getMessage() and r.exc_info for r in caplog.records)
