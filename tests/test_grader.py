"""The rule grader: quoted evidence, context rules a coach applies, and anti-gaming."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulator.cli import app
from simulator.content import default_content
from simulator.grading import Grader, GradeReport
from simulator.models import CallLog, StepId, Transcript, Turn

runner = CliRunner()


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(default_content())


def call(*lines: str, persona: str | None = None, log: CallLog | None = None) -> Transcript:
    turns = [
        Turn(speaker="customer" if i % 2 == 0 else "agent", text=line)
        for i, line in enumerate(lines)
    ]
    return Transcript(turns=turns, persona=persona, call_log=log)


GOOD = call(
    "The technician never showed up and I took the whole day off work for this!",
    "I'm so sorry. Losing a day's pay waiting for someone who never came is really frustrating.",
    "It is. Nobody even called me.",
    "When was the appointment window you were given?",
    "Eight to noon today.",
    "So the window was eight to noon today, nobody arrived and nobody called. Is that right?",
    "Yes.",
    "What would put this right for you today?",
    "I need someone out here today.",
    "I'll book our on-call technician, Marco, for 4 p.m. today. If he can't make it, "
    "I'll call you by 2 p.m. with the first slot tomorrow and refund the call-out fee.",
    "Okay, that works.",
    "I'll text you his arrival time by 1 p.m. today. Does that cover everything for now?",
    "Yes, thanks.",
)

POOR = call(
    "The technician never showed up and I took the whole day off work for this!",
    "Calm down. Our policy says the window is only an estimate.",
    "That's ridiculous. Nobody even called me.",
    "Dispatch should have called you, that's their problem. What's your account number and "
    "what's your address and when did you book?",
    "I don't know, it's on your system!",
    "Hold on.",
    "Hello?",
    "There's nothing I can do. Someone will get back to you.",
)


def quotes_are_verbatim(report: GradeReport, transcript: Transcript) -> None:
    for step in report.steps.values():
        for evidence in step.evidence:
            if evidence.turn:
                assert evidence.quote in transcript.turns[evidence.turn - 1].text
    for hit in report.anti_patterns:
        assert hit.quote in transcript.turns[hit.turn - 1].text
        assert hit.instead


def test_every_point_is_backed_by_a_verbatim_quote(grader: Grader) -> None:
    for transcript in (GOOD, POOR):
        report = grader.grade(transcript)
        quotes_are_verbatim(report, transcript)
        for step in report.steps.values():
            if step.assessed and step.score > 0:
                assert step.evidence, step.id


def test_good_call_beats_poor_call_by_a_wide_margin(grader: Grader) -> None:
    good, poor = grader.grade(GOOD), grader.grade(POOR)
    assert good.total >= 70
    assert poor.total <= 25
    assert {h.move.value for h in poor.anti_patterns} >= {
        "dismissive",
        "cite_policy",
        "blame_shift",
        "multi_question",
        "vague_hold",
        "helpless",
    }


def test_solution_graded_on_next_action_owner_time_and_fallback(grader: Grader) -> None:
    step = grader.grade(GOOD).steps[StepId.PRESENT_SOLUTION]
    assert step.level == 3
    assert step.missing == []
    bare = call("My order is late and I am annoyed.", "I'll look into it.")
    weak = grader.grade(bare).steps[StepId.PRESENT_SOLUTION]
    assert weak.level is not None and weak.level <= 1
    assert "time marker" in weak.missing and "fallback" in weak.missing


def test_log_step_not_assessed_without_call_log_and_total_reweighted(grader: Grader) -> None:
    report = grader.grade(GOOD)
    log_step = report.steps[StepId.LOG_DATA]
    assert not log_step.assessed and log_step.level_name == "not assessed"
    assessed = [s for s in report.steps.values() if s.assessed]
    expected = sum(s.weight * s.score for s in assessed) / sum(s.weight for s in assessed)
    assert report.total == pytest.approx(expected, abs=0.1)


def test_call_log_completeness_and_promise_consistency(grader: Grader) -> None:
    full = CallLog(
        trigger="technician missed the eight to noon window",
        customer_state="angry, lost a day of pay",
        desired_outcome="a technician at the house today",
        promise_made="on-call technician Marco booked for 4 p.m. today, call by 2 p.m. if not",
        root_cause="dispatch did not alert the customer about the delay",
        needed_fix="automatic text when a technician runs late",
    )
    good = grader.grade(GOOD, call_log=full).steps[StepId.LOG_DATA]
    assert good.assessed and good.level == 3
    wrong = full.model_copy(update={"promise_made": "full refund of the annual service plan"})
    report = grader.grade(GOOD, call_log=wrong)
    assert report.steps[StepId.LOG_DATA].level == 1
    assert any(f.rule == "promise_mismatch" for f in report.flags)
    # The note points at the call log, not at a "turn 0".
    from simulator.grading.render import to_markdown  # noqa: PLC0415
    from simulator.grading.reviewed import ReviewedCall  # noqa: PLC0415

    shown = to_markdown(ReviewedCall(transcript=GOOD, report=report), transcript=False)
    assert "- Call log: " in shown
    assert "Turn 0" not in shown


def test_policy_before_acknowledgement_costs_more(grader: Grader) -> None:
    plan = " I'll file the refund now and email you the reference by 5 p.m. today."
    before = call(
        "You charged me twice!",
        "Our policy says refunds take ten days. I'm sorry, that sounds stressful." + plan,
    )
    after = call(
        "You charged me twice!",
        "I'm sorry, that sounds stressful. Our policy says refunds take ten days." + plan,
    )
    hit_before = grader.grade(before).anti_patterns[0]
    hit_after = grader.grade(after).anti_patterns[0]
    assert hit_before.note == "policy quoted before acknowledging"
    assert hit_after.note == ""
    assert grader.grade(before).total < grader.grade(after).total


def test_boundary_expected_once_abusive_and_not_rewarded_otherwise(grader: Grader) -> None:
    abusive = call(
        "You useless idiot, fix my bill!",
        "I can see the bill is wrong. When did you first notice it?",
    )
    report = grader.grade(abusive)
    assert any(f.rule == "boundary_expected" for f in report.flags)
    with_boundary = call(
        "You useless idiot, fix my bill!",
        "I want to help, and I can't do that while I'm being called names. "
        "When did you first notice the bill was wrong?",
    )
    better = grader.grade(with_boundary)
    assert not any(f.rule == "boundary_expected" for f in better.flags)
    assert better.steps[StepId.STAY_CALM].score > report.steps[StepId.STAY_CALM].score
    polite = call(
        "Hi, my bill looks wrong.",
        "I want to help, and I can't do that while I'm being called names.",
    )
    unprompted = grader.grade(polite)
    assert any(f.rule == "boundary_unprompted" for f in unprompted.flags)
    assert not any(
        e.move and e.move.value == "set_boundary"
        for e in unprompted.steps[StepId.STAY_CALM].evidence
    )


def test_escalation_expected_on_manager_request_and_graded_by_handoff(grader: Grader) -> None:
    ignored = call(
        "This is the third time. Get me your manager now.",
        "I understand. Let me look at the account.",
    )
    report = grader.grade(ignored)
    assert any(f.rule == "escalation_expected" for f in report.flags)
    bare = call(
        "This is the third time. Get me your manager now.",
        "I'm sorry. I'll transfer you to my supervisor.",
    )
    full = call(
        "This is the third time. Get me your manager now.",
        "I'm sorry, three calls for one problem is exhausting. I'll transfer you to my "
        "supervisor, Dana, who can approve a credit. I've added the notes from all three calls "
        "to your file so you won't have to repeat anything, and I'll brief her on what happened.",
    )
    bare_step = grader.grade(bare).steps[StepId.PRESENT_SOLUTION]
    full_step = grader.grade(full).steps[StepId.PRESENT_SOLUTION]
    assert full_step.score > bare_step.score
    assert any("handoff" in m for m in bare_step.missing)


def test_one_question_at_a_time(grader: Grader) -> None:
    one = call("My order is late.", "I'm sorry about that. When did you place the order?")
    many = call(
        "My order is late.",
        "I'm sorry about that. When did you place the order? What's the number? Which address?",
    )
    assert (
        grader.grade(many).steps[StepId.GATHER_INFORMATION].score
        < grader.grade(one).steps[StepId.GATHER_INFORMATION].score
    )
    assert any(h.move.value == "multi_question" for h in grader.grade(many).anti_patterns)


def test_persona_aware_expectations(grader: Grader) -> None:
    no_time = call(
        "I need this fixed, I'm losing money every hour!",
        "I'm sorry, that sounds stressful. I'll send an engineer out.",
    )
    as_impatient = grader.grade(no_time, persona="impatient")
    as_unknown = grader.grade(no_time)
    assert (
        as_impatient.steps[StepId.PRESENT_SOLUTION].score
        <= as_unknown.steps[StepId.PRESENT_SOLUTION].score
    )
    closed = call(
        "fine",
        "Did the import fail?",
        "yes",
        "Okay, I'll rerun it by 3 p.m. today.",
    )
    silent = grader.grade(closed, persona="silent_dissenter")
    assert "an open question" in " ".join(silent.steps[StepId.GATHER_INFORMATION].missing)
    aggressive = call("You people are a joke!", "What is your account number?")
    report = grader.grade(aggressive, persona="aggressive")
    assert "heat lowered before asking for facts" in report.steps[StepId.STAY_CALM].missing


# --- anti-gaming -----------------------------------------------------------------------

STUFF = (
    "I hear you and I completely understand your frustration. I'm so sorry for the inconvenience."
)


def stuffed(transcript: Transcript, phrase: str = STUFF) -> Transcript:
    turns = [
        Turn(speaker=t.speaker, text=f"{phrase} {t.text}") if t.speaker == "agent" else t
        for t in transcript.turns
    ]
    return transcript.model_copy(update={"turns": turns})


def test_stuffed_empathy_scores_within_ten_points(grader: Grader) -> None:
    plain = grader.grade(POOR).total
    assert grader.grade(stuffed(POOR)).total <= plain + 10


def test_repeating_one_empathy_line_every_turn_does_not_pay(grader: Grader) -> None:
    bland = call(
        "My internet is down again.",
        "Let me check.",
        "It's been down all day.",
        "Okay.",
        "Are you going to fix it?",
        "We'll see.",
    )
    repeated = stuffed(bland, "That sounds really frustrating.")
    assert grader.grade(repeated).total <= grader.grade(bland).total + 10


def test_stacking_bank_lines_that_do_not_answer_does_not_pay(grader: Grader) -> None:
    content = default_content()
    stack = " ".join(p.text for p in content.phrases()[:: max(1, len(content.phrases()) // 12)])
    plain = call("Why was I charged twice?", "There's nothing I can do about that.")
    assert grader.grade(stuffed(plain, stack)).total <= grader.grade(plain).total + 10


def test_empathy_paired_with_anti_pattern_earns_nothing(grader: Grader) -> None:
    paired = call("My flight was cancelled!", "I hear you. There's nothing I can do.")
    bare = call("My flight was cancelled!", "There's nothing I can do.")
    assert grader.grade(paired).total <= grader.grade(bare).total + 10
    assert grader.grade(paired).steps[StepId.STAY_CALM].score <= 20


def test_rewrite_keeps_the_trainee_facts(grader: Grader) -> None:
    report = grader.grade(POOR)
    assert report.rewrites
    rewrite = report.rewrites[0]
    assert rewrite.original in [t.text for t in POOR.turns]
    assert rewrite.rewrite != rewrite.original
    assert rewrite.fixes


def test_grade_json_contract(tmp_path: Path) -> None:
    path = tmp_path / "call.json"
    path.write_text(GOOD.model_dump_json(), encoding="utf-8")
    result = runner.invoke(app, ["grade", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data["total"], int | float)
    assert set(data["steps"]) == {s.value for s in StepId}
    for step in data["steps"].values():
        assert {"score", "level", "evidence"} <= set(step)
        for evidence in step["evidence"]:
            assert {"turn", "quote"} <= set(evidence)
    for hit in data["anti_patterns"]:
        assert {"move", "turn", "quote", "instead"} <= set(hit)


def test_grade_text_and_markdown_formats(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    lines = [f"{t.speaker.title()}: {t.text}" for t in POOR.turns]
    path.write_text("\n".join(lines), encoding="utf-8")
    text = runner.invoke(app, ["grade", str(path), "--persona", "impatient"])
    assert text.exit_code == 0, text.output
    assert "Total" in text.stdout and "instead:" in text.stdout
    markdown = runner.invoke(app, ["grade", str(path), "--format", "markdown"])
    assert markdown.stdout.startswith("# Grade: ")
    assert "## Transcript" in markdown.stdout
    unknown = runner.invoke(app, ["grade", str(path), "--persona", "grumpy"])
    assert unknown.exit_code == 1 and "unknown persona 'grumpy'" in unknown.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_folder_grading_uses_the_rubric_asked_for(tmp_path: Path, workers: str) -> None:
    own = tmp_path / "content" / "rubrics"
    own.mkdir(parents=True)
    (own / "calm_only.yaml").write_text(
        'id: calm_only\ntitle: Calm only\nversion: "1"\nextends: six_step\n'
        "weights: {stay_calm: 100, gather_information: 0, clarify_outcome: 0, present_solution: 0,"
        " follow_up: 0, log_data: 0}\n",
        encoding="utf-8",
    )
    folder = tmp_path / "calls"
    folder.mkdir()
    for index in range(4):
        (folder / f"c{index}.json").write_text(POOR.model_dump_json(), encoding="utf-8")
    single = runner.invoke(
        app,
        [
            "--content-dir",
            str(tmp_path / "content"),
            "grade",
            str(folder / "c0.json"),
            "--rubric",
            "calm_only",
            "--format",
            "json",
        ],
    )
    assert single.exit_code == 0, single.output
    expected = json.loads(single.stdout)["total"]
    assert expected != pytest.approx(Grader(default_content()).grade(POOR).total)
    out = tmp_path / "grades.csv"
    result = runner.invoke(
        app,
        [
            "--content-dir",
            str(tmp_path / "content"),
            "grade",
            str(folder),
            "--rubric",
            "calm_only",
            "--out",
            str(out),
            "--workers",
            workers,
        ],
    )
    assert result.exit_code == 0, result.output
    totals = [float(line.split(",")[1]) for line in out.read_text().splitlines()[1:]]
    assert totals == [pytest.approx(expected)] * 4


def test_folder_grading_writes_one_row_per_file(tmp_path: Path) -> None:
    folder = tmp_path / "calls"
    folder.mkdir()
    for index in range(5):
        (folder / f"c{index}.json").write_text(GOOD.model_dump_json(), encoding="utf-8")
    (folder / "broken.txt").write_text("", encoding="utf-8")
    out = tmp_path / "grades.csv"
    result = runner.invoke(app, ["grade", str(folder), "--out", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("file,total,stay_calm")
    assert len(rows) == 7
    assert "the file is empty" in result.stderr
    missing_out = runner.invoke(app, ["grade", str(folder)])
    assert missing_out.exit_code == 1 and "--out" in missing_out.stderr


def test_a_question_the_customer_already_answered_earns_no_step_2_credit(grader: Grader) -> None:
    asked = call(
        "This is the sixth time I'm calling. It keeps dropping.",
        "sorry u had to call 6 times. can u tell me when it drops?",
        "Why do you all ask the same questions?",
        "sorry. ok so the line keeps dropping, and you've had two techs out?",
        "Yes.",
    )
    fresh = call(
        "This is the sixth time I'm calling. It keeps dropping.",
        "sorry u had to call 6 times. can u tell me when it drops?",
        "Evenings, mostly.",
        "sorry. ok so the line keeps dropping, and you've had two techs out?",
        "Yes.",
    )
    reasked = grader.grade(asked).steps[StepId.GATHER_INFORMATION]
    answered = grader.grade(fresh).steps[StepId.GATHER_INFORMATION]
    assert reasked.score < answered.score
    assert "questions the customer has not already answered" in reasked.rationale
