"""The move detector on hand-picked cases: negation, context, spans."""

from __future__ import annotations

import pytest

from simulator.content import default_content
from simulator.models import Move
from simulator.moves import Detector, detector_for


@pytest.fixture(scope="module")
def detector() -> Detector:
    return detector_for(default_content())


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (
            "I can't promise it'll be fixed today, but I'll book the first slot tomorrow.",
            "overpromise",
        ),
        ("It's not your fault at all.", "argue"),
        ("It's not your fault at all.", "blame_shift"),
        ("I won't put you on hold.", "vague_hold"),
        ("I'm not going to tell you to calm down.", "dismissive"),
        ("Sorry? Could you say that again?", "apologize"),
    ],
)
def test_negation_and_hedging(detector: Detector, text: str, absent: str) -> None:
    assert absent not in {m.value for m in detector.detect(text).moves}


def test_reflect_uses_the_customer_context(detector: Detector) -> None:
    context = "The plumber never turned up and I lost a whole shift of wages."
    text = "You lost a shift of wages because the plumber never turned up."
    assert Move.REFLECT in detector.detect(text, context).moves
    assert Move.REFLECT not in detector.detect(text, "Hi there.").moves


def test_spans_point_at_the_evidence(detector: Detector) -> None:
    text = "Thanks for waiting, Dana. Calm down, please."
    found = detector.detect(text)
    start, end = found.spans[Move.DISMISSIVE][0]
    assert text[start:end].lower() == "calm down"
    start, end = found.spans[Move.USE_NAME][0]
    assert text[start:end] == "Dana"
