"""Scouted regexes give exactly what the plain regex gives, only faster."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.moves import cues
from simulator.moves.rules import RULES
from simulator.moves.scout import Gated, Scouted

TEXTS = [
    "",
    "I want my MANAGER now. Get me a Supervisor!",
    "İstanbul office: speak to your manager, please",
    "we'll stay with you until 4 p.m.; i'll call by the 3rd",
    "Twill the weekend? i'll get it sorted. a moment please, just a sec",
    "I've called three times and it's still not fixed - I'll see you in small claims court",
    "thanks. so, to recap: the engineer comes by 9 a.m. tomorrow.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_rules_find_the_same_spans(text: str) -> None:
    low = text.lower()
    for rule in RULES:
        plain = [m.span() for m in rule.pattern.finditer(low)]
        assert Scouted.of(rule.pattern).spans(low) == plain, rule.pattern.pattern
        assert Scouted.of(rule.pattern).spans(low, 3, max(3, len(low) - 2)) == [
            m.span() for m in rule.pattern.finditer(low, 3, max(3, len(low) - 2))
        ]


@pytest.mark.parametrize("text", TEXTS)
def test_case_insensitive_cues_match_the_original_text(text: str) -> None:
    for name in dir(cues):
        wrapped = getattr(cues, name)
        if not isinstance(wrapped, Scouted):
            continue
        plain = wrapped.pattern.search(text)
        fast = wrapped.search(text)
        assert (plain and plain.span()) == (fast and fast.span()), name
        if fast is not None:
            assert fast.string is text  # quotes come from the original, with its case


def test_scout_only_where_it_is_safe() -> None:
    assert Scouted.of(re.compile(r"\bcalm down\b")).scout is not None
    assert Scouted.of(re.compile(r"calm\b")).scout is None
    assert Scouted.of(re.compile(r"\bJohn\b", re.IGNORECASE)).folded is None
    assert Scouted.of(re.compile(r"\bjohn\b", re.IGNORECASE)).folded is not None


def test_gated_patterns_find_exactly_what_the_plain_pattern_finds() -> None:
    from simulator.moves import detector  # noqa: PLC0415
    from simulator.moves.evaluate import load_examples  # noqa: PLC0415

    root = Path(__file__).resolve().parent / "data" / "labelled"
    texts = [e.text for e in load_examples(root)] + [e.context or "" for e in load_examples(root)]
    texts += [*TEXTS, "I want your MANAGER now!", "Ça suffit, je veux le manager.", ""]
    gated = [detector._INFO_GATED, detector._NOT_INFO_GATED] + [
        value for value in vars(cues).values() if isinstance(value, Gated)
    ]
    assert len(gated) > 10
    assert all(g.automaton is not None for g in gated)
    found = 0
    for g in gated:
        for text in texts + [t.lower() for t in texts]:
            plain = g.scouted.pattern.search(text)
            fast = g.search(text)
            assert (plain and plain.span()) == (fast and fast.span()), (g.scouted.pattern, text)
            found += plain is not None
    assert found > 50  # the texts do exercise the patterns


def test_vocatives_are_found_as_a_plain_scan_finds_them() -> None:
    from simulator.moves import detector  # noqa: PLC0415
    from simulator.moves.evaluate import load_examples  # noqa: PLC0415

    root = Path(__file__).resolve().parent / "data" / "labelled"
    texts = [e.text for e in load_examples(root)]
    texts += [
        "Thanks, Dana. I'll call you at 4.",
        "Of course, Mr. McDonald! Let me look.",
        "Right, Zoë, here's the plan.",
        "Sure thing, Ms O'Neil",
        "hello jo, okay.",
        "Okay. Priya? Are you still there?",
    ]

    def names(matches: list[re.Match[str]]) -> list[tuple[int, int]]:
        return [m.span("name") for m in matches if detector._is_name(m.group("name"))]

    kept = 0
    for text in texts:
        plain = [*detector._VOCATIVE_LEAD.finditer(text), *detector._VOCATIVE_TRAIL.finditer(text)]
        assert names(detector._vocatives(text)) == names(plain), text
        kept += bool(names(plain))
    assert kept >= 6


def test_the_shipped_gate_table_is_current() -> None:
    from simulator.moves import gatetable  # noqa: PLC0415

    assert gatetable.TABLE.read_text(encoding="utf-8") == gatetable.table(), (
        "a rule changed: run `.venv/bin/python bench/gate_table.py` to write the table again"
    )
    assert gatetable.load() == gatetable.computed()


def test_a_stale_gate_table_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from simulator.moves import gatetable  # noqa: PLC0415

    stale = tmp_path / "gate_table.json"
    stale.write_text('{"fingerprint": "old", "rules": [[["zzz"], null, null]]}', encoding="utf-8")
    monkeypatch.setattr(gatetable, "TABLE", stale)
    assert gatetable.load() == gatetable.computed()
    stale.write_text("not json", encoding="utf-8")
    assert gatetable.load() == gatetable.computed()
