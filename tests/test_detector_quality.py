"""The move detector measured on a hand-written labelled set with a held-out part."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from simulator.content import default_content
from simulator.models import Move
from simulator.moves import Detector, detector_for
from simulator.moves.evaluate import Example, evaluate, load_examples
from simulator.moves.text import normalise

LABELLED = Path(__file__).parent / "data" / "labelled"

# The levels reached with the detector tuned on the dev splits only (second round: 0.915 and
# 0.807). A change that drops below them fails; raise them when the detector improves.
DEV_MACRO_F1_FLOOR = 0.910
HOLDOUT_MACRO_F1_FLOOR = 0.800
# tests/data/fresh/: 360 utterances written after all tuning by someone who never saw the
# rules, never read for tuning. 0.695 with the detector before the second round, 0.730 after.
FRESH_MACRO_F1_FLOOR = 0.725
FRESH = Path(__file__).parent / "data" / "fresh"


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return load_examples(LABELLED)


@pytest.fixture(scope="module")
def detector() -> Detector:
    return detector_for(default_content())


def test_labelled_set_is_big_balanced_and_honest(examples: list[Example]) -> None:
    assert len(examples) >= 400
    positives = Counter(m for e in examples for m in e.moves)
    assert all(positives[m] >= 15 for m in Move), {m.value: positives[m] for m in Move}
    paraphrases = [e for e in examples if e.kind == "paraphrase"]
    assert len(paraphrases) >= len(examples) / 3
    assert sum(1 for e in examples if e.kind == "negative") >= 40
    assert sum(1 for e in examples if not e.moves) >= 30
    holdout = [e for e in examples if e.split == "holdout"]
    assert 0.2 <= len(holdout) / len(examples) <= 0.4


def test_paraphrases_share_no_phrase_with_the_banks(examples: list[Example]) -> None:
    bank = [normalise(p.text).rstrip(".!?") for p in default_content().phrases()]
    for example in examples:
        if example.kind != "paraphrase":
            continue
        text = normalise(example.text)
        for phrase in bank:
            assert fuzz.partial_ratio(phrase, text) < 95 or len(phrase) < 12, (
                example.id,
                phrase,
            )


def test_macro_f1_does_not_fall_below_the_level_reached(
    examples: list[Example], detector: Detector
) -> None:
    dev = evaluate(detector, [e for e in examples if e.split == "dev"])
    holdout = evaluate(detector, [e for e in examples if e.split == "holdout"])
    assert dev.macro_f1 >= DEV_MACRO_F1_FLOOR
    assert holdout.macro_f1 >= HOLDOUT_MACRO_F1_FLOOR


def test_anchor_gating_never_changes_a_result(examples: list[Example]) -> None:
    content = default_content()
    gated = Detector(content.phrases())
    ungated = Detector(content.phrases(), gate=False)
    texts = [(e.text, e.context) for e in [*examples, *load_examples(FRESH)]]
    texts += [(p.text, None) for p in content.phrases()]
    for text, context in texts:
        # Moves and spans alike: a rule tried where its literal starts finds what finditer finds.
        assert gated.detect(text, context) == ungated.detect(text, context), text


def test_fresh_set_macro_f1_does_not_fall_below_the_level_reached(detector: Detector) -> None:
    fresh = load_examples(FRESH)
    assert len(fresh) >= 300
    assert all(e.split == "holdout" for e in fresh)
    counts = Counter(m for e in fresh for m in e.moves)
    assert all(counts[m] >= 12 for m in Move), counts
    assert evaluate(detector, fresh).macro_f1 >= FRESH_MACRO_F1_FLOOR
