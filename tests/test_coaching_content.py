"""Coaching rules, costs and checked parts live in content: a company's own files drive them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from simulator.content import default_content
from simulator.content.errors import ContentError
from simulator.grading import Grader
from simulator.grading.expectations import CHECKS
from simulator.models import StepId, Transcript, Turn
from simulator.models.content import Expectation

ROOT = Path(__file__).parent.parent
GRADING = ROOT / "simulator" / "grading"


def call(*lines: str, persona: str | None = None) -> Transcript:
    turns = [
        Turn(speaker="customer" if i % 2 == 0 else "agent", text=line)
        for i, line in enumerate(lines)
    ]
    return Transcript(turns=turns, persona=persona)


AGGRESSIVE_OPENING = call("You people are a joke!", "What is your account number?")


def _write(folder: Path, kind: str, name: str, data: dict[str, object]) -> None:
    (folder / kind).mkdir(parents=True, exist_ok=True)
    (folder / kind / f"{name}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def _persona_copy(persona_id: str, new_id: str, **changes: object) -> dict[str, object]:
    data = yaml.safe_load((ROOT / "personas" / f"{persona_id}.yaml").read_text())
    return data | {"id": new_id} | changes


def test_every_expectation_has_a_check() -> None:
    assert set(CHECKS) == set(Expectation)


def test_grading_code_names_no_persona() -> None:
    ids = "|".join(default_content().personas)
    for path in GRADING.glob("*.py"):
        assert not re.search(rf"[\"']({ids})[\"']", path.read_text()), path.name


def test_a_company_persona_gets_the_rules_its_file_lists(tmp_path: Path) -> None:
    _write(tmp_path, "personas", "shouty", _persona_copy("aggressive", "shouty"))
    _write(tmp_path, "personas", "calm_copy", _persona_copy("aggressive", "calm_copy", coaching=[]))
    grader = Grader(default_content([tmp_path]))
    own = grader.grade(AGGRESSIVE_OPENING, persona="shouty")
    shipped = grader.grade(AGGRESSIVE_OPENING, persona="aggressive")
    without = grader.grade(AGGRESSIVE_OPENING, persona="calm_copy")
    missed = "heat lowered before asking for facts"
    assert missed in own.steps[StepId.STAY_CALM].missing
    assert own.steps == shipped.steps
    assert missed not in without.steps[StepId.STAY_CALM].missing


def test_costs_come_from_the_rubric(tmp_path: Path) -> None:
    rude = call(
        "My order never came and I needed it for my daughter's birthday.",
        "I'm so sorry your order never arrived in time for your daughter's birthday.",
        "So where is it?",
        "Calm down. It's company policy that we can't trace parcels for five days.",
    )
    _write(
        tmp_path,
        "rubrics",
        "strict",
        {
            "id": "strict",
            "title": "Strict",
            "version": "1",
            "extends": "six_step",
            "costs": {"anti_pattern": 0.5, "policy_before_acknowledgement": 0.5},
        },
    )
    content = default_content([tmp_path])
    base = Grader(content).grade(rude)
    strict = Grader(content, "strict").grade(rude)
    assert strict.total < base.total
    # An extending rubric without costs inherits its parent's.
    assert content.rubric("six_step").costs == Grader(content).costs


def test_a_solution_part_the_rubric_drops_is_not_asked_for(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "rubrics" / "six_step.yaml").read_text())
    solution = next(s for s in data["steps"] if s["id"] == "present_solution")
    solution["elements"] = [e for e in solution["elements"] if e["id"] != "fallback"]
    _write(tmp_path, "rubrics", "six_step", data)
    plan = call(
        "My heating is off.", "I'll send our engineer, Sam, to you by 3 p.m. today to fix it."
    )
    shipped = Grader(default_content()).grade(plan).steps[StepId.PRESENT_SOLUTION]
    own = Grader(default_content([tmp_path])).grade(plan).steps[StepId.PRESENT_SOLUTION]
    assert "fallback" in shipped.missing
    assert "fallback" not in own.missing
    assert own.level is not None and shipped.level is not None and own.level > shipped.level


def test_an_element_the_grader_cannot_check_is_a_located_error(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "rubrics" / "six_step.yaml").read_text())
    solution = next(s for s in data["steps"] if s["id"] == "present_solution")
    solution["elements"].append({"id": "warranty", "description": "A warranty."})
    _write(tmp_path, "rubrics", "six_step", data)
    with pytest.raises(ContentError, match=r"six_step.yaml:\d+: .*elements.*expected one of"):
        default_content([tmp_path])
