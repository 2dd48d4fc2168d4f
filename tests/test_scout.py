"""Scouted regexes give exactly what the plain regex gives, only faster."""

from __future__ import annotations

import re

import pytest

from simulator.grading import cues
from simulator.moves.rules import RULES
from simulator.moves.scout import Scouted

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


def test_the_info_request_prefilter_never_hides_a_match() -> None:
    from simulator.moves.detector import _INFO_REQUEST, _INFO_WORDS, _may_request  # noqa: PLC0415
    from simulator.moves.evaluate import load_examples  # noqa: PLC0415
    from simulator.moves.prefilter import prefilter  # noqa: PLC0415

    # Every literal the regex needs holds one of the words, so no match can lack them all.
    literals = prefilter(_INFO_REQUEST.pattern)
    assert literals
    assert all(any(word in literal for word in _INFO_WORDS) for literal in literals), literals

    root = __import__("pathlib").Path(__file__).resolve().parent / "data" / "labelled"
    texts = [e.text.lower() for e in load_examples(root)] + [t.lower() for t in TEXTS]
    for text in texts:
        if _INFO_REQUEST.search(text):
            assert _may_request(text), text
