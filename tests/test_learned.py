"""The learned layer: loads offline from its wheel, adds only what the rules missed."""

from __future__ import annotations

from simulator.content import default_content
from simulator.models.moves import ANTI_PATTERNS
from simulator.moves import detector_for
from simulator.moves.learned import WEIGHTS, Classifier, Fused


def test_the_classifier_ships_with_a_threshold_per_move() -> None:
    c = Classifier.load()
    assert WEIGHTS.exists()
    assert c.weights.shape == (512, len(c.moves))
    assert len(c.thresholds) == len(c.moves)


def test_fusion_keeps_every_rule_finding_and_spans_stay_in_the_text() -> None:
    detector = detector_for(default_content())
    lines = [
        ("We'll get this sorted for you, you're in safe hands.", "Is anyone going to help me?"),
        ("Hi, thanks for calling, Sam here. I'm sorry about the wait.", None),
        ("Okay.", "Hello?"),
    ]
    found = [detector.detect(t, c) for t, c in lines]
    fused = Fused().detect_many([t for t, _ in lines], [c for _, c in lines], found)
    for (text, _), rules, both in zip(lines, found, fused, strict=True):
        assert set(rules.moves) <= set(both.moves)
        for spans in both.spans.values():
            assert all(0 <= a < b <= len(text) for a, b in spans)
        # By default the classifier never charges what the rules did not.
        assert {m for m in both.moves if m in ANTI_PATTERNS} <= set(rules.moves)
