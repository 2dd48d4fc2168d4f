"""The rewrite and the 'try instead' line fit the call they coach (issue 12's coaching text)."""

from __future__ import annotations

import pytest

from simulator.content import default_content
from simulator.grading import Grader
from simulator.grading.analysis import analyse
from simulator.grading.grader import call_words
from simulator.models.moves import Move
from simulator.models.transcript import Transcript, Turn


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(default_content())


def _call(*lines: str) -> Transcript:
    speakers = ["customer", "agent"] * len(lines)
    return Transcript(
        turns=[Turn(speaker=s, text=t) for s, t in zip(speakers, lines, strict=False)]
    )


def test_no_frustration_words_for_a_calm_reply_or_a_goodbye(grader: Grader) -> None:
    call = _call(
        "Hello, I would like to know when my new library card will arrive.",
        "ok one sec",
        "Sure, I can wait a moment.",
        "ok. bye",
    )
    for rewrite in grader.grade(call).rewrites:
        assert "frustrated" not in rewrite.rewrite, rewrite


def test_an_upset_line_still_gets_an_acknowledgement_first(grader: Grader) -> None:
    call = _call(
        "I am livid. The plumber never turned up and my kitchen floor is soaked.",
        "ok let me look",
    )
    rewrites = grader.grade(call).rewrites
    assert rewrites
    assert rewrites[0].rewrite.startswith("No wonder you're frustrated: the plumber never turned")


def test_a_try_instead_line_names_nothing_the_call_does_not_have(grader: Grader) -> None:
    """An alternative that presumes a charge, a deadline or a delivery is kept for calls
    that mention one; elsewhere the closest fitting one is offered."""
    presuming = [p for p in grader._avoid if p.presumes]
    assert presuming
    call = _call("My library pass never came.", "whatever.")
    report = grader.grade(call)
    said = call_words(analyse(call, grader.detector, []))
    for phrase in presuming:
        chosen = grader.instead(phrase.move, phrase.text, said)
        assert chosen is not None
        assert chosen is not phrase or not phrase.presumes
    for hit in report.anti_patterns:
        assert "deadline" not in hit.instead and "charge" not in hit.instead
    # the same quote in a call about a charge gets the entry that presumes it
    charge = next(p for p in presuming if "charge" in p.presumes and p.move is Move.ARGUE)
    said_charge = said | {"charg"}
    assert grader.instead(Move.ARGUE, charge.text, said_charge) is charge
