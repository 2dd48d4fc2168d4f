"""Broken content files: each message names the exact file, line and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from simulator.content import ContentError, ContentProblem, load_content

PERSONA = """\
# a persona for the tests
id: tester
title: Test customer
summary: A customer used by the tests.
underneath:
  - worried about money
speech_style: Short sentences.
behaviours:
  - sighs
  - repeats the question
opening_mood:
  heat: 6
  trust: 3
reactions:
  set_timeline:
    heat: -2
  dismissive:
    heat: 2.5
    trust: -1
triggers:
  manager_demand_heat: 8
settles_with:
  - a clear time
better_first_move:
  moves: [set_timeline]
  explanation: Time is what worries them.
  example: I can have someone there by two today.
difficulty:
  - level: 1
    label: warm-up
  - level: 2
    label: standard
  - level: 3
    label: tough
"""

SCENARIO = """\
id: test_case
title: A test case
industry: testing
summary: Something went wrong.
personas: [tester]
customer:
  name: Pat Doe
  details:
    account:
      value: A-1
      said: "the account is {value}"
reason_for_call: My order never came.
trigger: The order was sent to the wrong address.
expected: Delivery on Monday.
desired_outcome: The order by Friday.
constraint:
  kind: policy
  text: Reshipping needs a lost-parcel claim first.
options:
  - id: reship
    text: Reship today with express delivery.
    grantable: true
    owner: shipping team
    time_marker: by Friday
  - id: refund_double
    text: Refund twice the price.
    grantable: false
    owner: manager
facts:
  - id: address
    keywords: [address, where]
    text: It went to my old flat.
  - id: date
    keywords: [when, date]
    text: I ordered it on the first.
  - id: amount
    keywords: [cost, price]
    text: It cost forty pounds.
root_cause:
  category: system_error
  text: The address book kept the old address as default.
escalation_owner: shipping supervisor
"""


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_for(root: Path) -> list[ContentProblem]:
    with pytest.raises(ContentError) as info:
        load_content([root])
    return info.value.problems


def only(root: Path) -> ContentProblem:
    found = problems_for(root)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    base = tmp_path / "content"
    write(base, "personas/tester.yaml", PERSONA)
    write(base, "scenarios/test_case.yaml", SCENARIO)
    return base


def test_valid_fixture_loads(root: Path) -> None:
    content = load_content([root])
    assert list(content.personas) == ["tester"]
    assert list(content.scenarios) == ["test_case"]


def test_bad_yaml(root: Path) -> None:
    text = PERSONA.replace("summary: A customer", "summary: A customer: unquoted colon")
    path = write(root, "personas/tester.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (path, 4, "")
    assert problem.message == "invalid YAML: mapping values are not allowed here"


def test_missing_field(root: Path) -> None:
    path = write(
        root, "personas/tester.yaml", PERSONA.replace("speech_style: Short sentences.\n", "")
    )
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (path, 2, "speech_style")
    assert "required" in problem.message


def test_missing_nested_field_points_at_parent(root: Path) -> None:
    text = PERSONA.replace("  trust: 3\n", "")
    path = write(root, "personas/tester.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (
        path,
        line_of(text, "opening_mood:"),
        "opening_mood.trust",
    )


def test_wrong_type(root: Path) -> None:
    text = PERSONA.replace("  heat: 6\n", "  heat: hot\n")
    path = write(root, "personas/tester.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (path, 12, "opening_mood.heat")
    assert problem.message == "expected a number, got 'hot'"


def test_list_given_as_text(root: Path) -> None:
    text = PERSONA.replace(
        "behaviours:\n  - sighs\n  - repeats the question\n", "behaviours: sighs\n"
    )
    path = write(root, "personas/tester.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (path, 8, "behaviours")
    assert problem.message.startswith("expected a list")


def test_unknown_move(root: Path) -> None:
    text = PERSONA.replace("  dismissive:\n", "  calm_down:\n")
    path = write(root, "personas/tester.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (
        path,
        line_of(text, "calm_down:"),
        "reactions.calm_down",
    )
    assert "unknown key 'calm_down'" in problem.message
    assert "dismissive" in problem.message


def test_unknown_persona_reference(root: Path) -> None:
    text = SCENARIO.replace("personas: [tester]", "personas: [tester, shouter]")
    path = write(root, "scenarios/test_case.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (path, 5, "personas[1]")
    assert problem.message == "unknown persona 'shouter'; expected one of: tester"


def test_out_of_range_number(root: Path) -> None:
    text = PERSONA.replace("  heat: 6\n", "  heat: 14\n")
    path = write(root, "personas/tester.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (path, 12, "opening_mood.heat")
    assert problem.message == "expected a number at most 10, got 14"


def test_duplicate_id_across_files(root: Path) -> None:
    path = write(root, "personas/tester_copy.yaml", "# copy\n" + PERSONA)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (path, 3, "id")
    assert "duplicate persona id 'tester'" in problem.message
    assert "tester.yaml" in problem.message


def test_unknown_field(root: Path) -> None:
    text = PERSONA.replace("speech_style:", "speach_style:")
    path = write(root, "personas/tester.yaml", text)
    found = problems_for(root)
    by_field = {p.field: p for p in found}
    assert by_field["speach_style"].line == 7
    assert by_field["speach_style"].path == path
    assert "unknown field; expected one of: id, title" in by_field["speach_style"].message
    assert by_field["speech_style"].message.startswith("missing")


def test_unknown_field_nested_lists_that_models_fields(root: Path) -> None:
    text = PERSONA.replace("  manager_demand_heat: 8\n", "  manager_heat: 8\n")
    path = write(root, "personas/tester.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (path, 21, "triggers.manager_heat")
    assert "manager_demand_heat" in problem.message


def test_duplicate_yaml_key(root: Path) -> None:
    text = PERSONA.replace("title: Test customer\n", "title: Test customer\ntitle: Again\n")
    path = write(root, "personas/tester.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line) == (path, 4)
    assert problem.message == "duplicate key 'title'; expected each key once"


def test_empty_file(root: Path) -> None:
    path = write(root, "personas/empty.yaml", "# nothing yet\n")
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (path, 1, "")
    assert problem.message.startswith("expected a mapping with fields id, title")
    assert problem.message.endswith("got an empty file")


def test_top_level_list(root: Path) -> None:
    path = write(root, "personas/list.yaml", "- id: x\n")
    problem = only(root)
    assert (problem.path, problem.line) == (path, 1)
    assert problem.message.endswith("got list")


def test_bad_id_pattern(root: Path) -> None:
    text = PERSONA.replace("id: tester", "id: Test Customer")
    path = write(root, "personas/tester.yaml", text)
    found = [p for p in problems_for(root) if p.path == path]
    assert len(found) == 1
    assert (found[0].line, found[0].field) == (2, "id")
    assert "expected a lowercase id" in found[0].message


def test_incomplete_difficulty_levels(root: Path) -> None:
    text = PERSONA.replace("  - level: 3\n", "  - level: 2\n")
    path = write(root, "personas/tester.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (
        path,
        line_of(text, "difficulty:"),
        "difficulty",
    )
    assert problem.message == "expected levels 1, 2 and 3 once each, got [1, 2, 2]"


def test_all_options_grantable(root: Path) -> None:
    text = SCENARIO.replace("grantable: false", "grantable: true")
    path = write(root, "scenarios/test_case.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (
        path,
        line_of(text, "options:"),
        "options",
    )
    assert problem.message == "expected at least one option the agent may not grant"


def test_detail_said_as_its_label(root: Path) -> None:
    text = SCENARIO.replace('said: "the account is {value}"', 'said: "My account is {value}"')
    path = write(root, "scenarios/test_case.yaml", text)
    problem = only(root)
    assert (problem.path, problem.field) == (path, "customer.details.account.said")
    assert "not 'my account is ...'" in problem.message


def test_detail_said_with_unknown_placeholder(root: Path) -> None:
    text = SCENARIO.replace("the account is {value}", "the account is {number}")
    path = write(root, "scenarios/test_case.yaml", text)
    problem = only(root)
    assert (problem.path, problem.field) == (path, "customer.details.account.said")
    assert "{value}" in problem.message


def test_duplicate_fact_id(root: Path) -> None:
    text = SCENARIO.replace("  - id: amount\n", "  - id: date\n")
    path = write(root, "scenarios/test_case.yaml", text)
    problem = only(root)
    assert (problem.path, problem.field) == (path, "facts[2].id")
    assert problem.line == text.splitlines().index("    keywords: [cost, price]")
    assert "'date' is repeated" in problem.message


def test_bad_enum_value(root: Path) -> None:
    text = SCENARIO.replace("kind: policy", "kind: rules")
    path = write(root, "scenarios/test_case.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (
        path,
        line_of(text, "kind: rules"),
        "constraint.kind",
    )
    assert problem.message.startswith("expected one of 'policy', 'schedule'")


AVOID_BANK = """\
id: avoid
category: avoid
title: Lines to avoid
phrases:
  - text: Calm down.
    move: dismissive
    instead: I can hear how much this matters.
  - text: There's nothing I can do.
    move: helpless
"""


def test_avoid_entry_without_alternative(root: Path) -> None:
    path = write(root, "rubrics/phrases/avoid.yaml", AVOID_BANK)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (path, 8, "phrases[1].instead")
    assert "better alternative" in problem.message


def test_presumed_words_without_an_alternative(root: Path) -> None:
    text = AVOID_BANK.replace(
        "    move: helpless\n", "    move: helpless\n    presumes: [charge]\n    instead: ok\n"
    ).replace("    instead: I can hear how much this matters.\n", "    presumes: [bill]\n")
    path = write(root, "rubrics/phrases/avoid.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (path, 7, "phrases[0].presumes")
    assert "instead" in problem.message


def test_empathy_phrase_without_specificity(root: Path) -> None:
    text = textwrap.dedent(
        """\
        id: empathy
        category: empathy
        title: Empathy
        phrases:
          - text: That sounds stressful.
            move: acknowledge_emotion
        """
    )
    path = write(root, "rubrics/phrases/empathy.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (path, 5, "phrases[0].specificity")


def test_rubric_extending_unknown_rubric(root: Path) -> None:
    text = "id: acme\ntitle: Acme\nversion: '1'\nextends: six_steps\nweights:\n  stay_calm: 30\n"
    path = write(root, "rubrics/acme.yaml", text)
    problem = only(root)
    assert (problem.path, problem.line, problem.field) == (path, 4, "extends")
    assert problem.message.startswith("unknown rubric 'six_steps'")


def test_rubric_reweight_with_unknown_step(root: Path) -> None:
    text = "id: acme\ntitle: Acme\nversion: '1'\nextends: six_step\nweights:\n  be_nice: 30\n"
    path = write(root, "rubrics/acme.yaml", text)
    found = [p for p in problems_for(root) if p.field == "weights.be_nice"]
    assert found and found[0].path == path and found[0].line == 6


def test_binary_file(root: Path) -> None:
    path = write(root, "scenarios/photo.yaml", b"\x89PNG\r\n\x1a\n\x00\x00")
    problem = only(root)
    assert (problem.path, problem.line) == (path, 1)
    assert problem.message == "binary file; expected UTF-8 YAML text"


def test_every_problem_in_a_folder_is_reported_in_one_run(root: Path) -> None:
    write(root, "personas/tester.yaml", PERSONA.replace("  heat: 6\n", "  heat: 14\n"))
    write(root, "scenarios/test_case.yaml", SCENARIO.replace("kind: policy", "kind: rules"))
    write(root, "personas/empty.yaml", "")
    found = problems_for(root)
    assert {p.path.name for p in found} == {"tester.yaml", "test_case.yaml", "empty.yaml"}


def test_message_format_names_file_line_and_field(root: Path) -> None:
    write(root, "personas/tester.yaml", PERSONA.replace("  heat: 6\n", "  heat: 14\n"))
    message = str(only(root))
    assert message == (
        "content/personas/tester.yaml:12: opening_mood.heat: expected a number at most 10, got 14"
    )
