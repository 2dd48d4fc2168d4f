"""The content Defuse ships loads, and covers what the product promises."""

from __future__ import annotations

from simulator.content import default_content, shipped_content_dir
from simulator.content.schemas import stale_schemas
from simulator.models import ANTI_PATTERNS, Move, StepId
from simulator.models.content import BankCategory

PERSONA_IDS = {
    "impatient",
    "aggressive",
    "complainer",
    "silent_dissenter",
    "entitled",
    "chronic_caller",
}


def test_six_personas_with_reactions_to_every_move() -> None:
    content = default_content()
    assert set(content.personas) == PERSONA_IDS
    for persona in content.personas.values():
        assert set(persona.reactions) == set(Move), persona.id
        # Telling someone to calm down raises heat for everyone.
        assert persona.reactions[Move.DISMISSIVE].heat > 0, persona.id


def test_impatient_is_settled_by_a_timeline_and_aggressive_by_a_boundary() -> None:
    personas = default_content().personas
    timeline = {pid: p.reactions[Move.SET_TIMELINE].heat for pid, p in personas.items()}
    assert timeline["impatient"] == min(timeline.values())
    boundary = {pid: p.reactions[Move.SET_BOUNDARY].heat for pid, p in personas.items()}
    assert boundary["aggressive"] == min(boundary.values())
    assert personas["aggressive"].triggers.abusive_heat is not None


def test_at_least_twelve_scenarios_across_eight_industries() -> None:
    scenarios = default_content().scenarios
    assert len(scenarios) >= 12
    assert len({s.industry for s in scenarios.values()}) >= 8
    for persona_id in PERSONA_IDS:
        suited = [s.id for s in scenarios.values() if persona_id in s.personas]
        assert len(suited) >= 2, persona_id


def test_rubric_has_six_weighted_steps() -> None:
    rubric = default_content().rubric("six_step")
    assert [step.id for step in sorted(rubric.steps, key=lambda s: s.number)] == list(StepId)
    assert all(step.weight > 0 for step in rubric.steps)
    solution = next(s for s in rubric.steps if s.id is StepId.PRESENT_SOLUTION)
    assert {e.id for e in solution.elements} >= {"next_action", "owner", "time_marker", "fallback"}


def test_phrase_banks_cover_each_category_and_every_anti_pattern() -> None:
    content = default_content()
    categories = {bank.category for bank in content.phrase_banks.values()}
    assert {
        BankCategory.EMPATHY,
        BankCategory.BOUNDARY,
        BankCategory.ESCALATION,
        BankCategory.REASSURANCE,
        BankCategory.AVOID,
    } <= categories
    avoid = content.phrases(BankCategory.AVOID)
    assert {p.move for p in avoid} == set(ANTI_PATTERNS)
    assert all(p.instead for p in avoid)
    empathy = content.phrases(BankCategory.EMPATHY)
    assert {p.specificity for p in empathy} == {"specific", "generic"}


def test_schemas_on_disk_match_the_models() -> None:
    assert stale_schemas(shipped_content_dir() / "schemas") == []


def test_every_content_file_points_editors_at_its_schema() -> None:
    root = shipped_content_dir()
    for folder, schema in (
        ("personas", "../schemas/persona.schema.json"),
        ("scenarios", "../schemas/scenario.schema.json"),
        ("rubrics", "../schemas/rubric.schema.json"),
        ("rubrics/phrases", "../../schemas/phrasebank.schema.json"),
    ):
        for path in (root / folder).glob("*.yaml"):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema={schema}", path
