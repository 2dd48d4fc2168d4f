"""One text layer: practice and grading split sentences and find questions the same way."""

from __future__ import annotations

from simulator.content import default_content
from simulator.grading.rewrite import situation
from simulator.moves import detector_for
from simulator.moves.text import split_sentences
from simulator.practice.reading import read_turn
from simulator.practice.similarity import key, repeats


def test_times_titles_and_decimals_stay_inside_one_sentence() -> None:
    assert split_sentences("I'll call Dr. Patel by 9 a.m. tomorrow. It was $12.50!") == [
        "I'll call Dr. Patel by 9 a.m. tomorrow.",
        "It was $12.50!",
    ]
    # "No." abbreviates only before a number.
    assert split_sentences("No. That's wrong. It's order No. 5.") == [
        "No.",
        "That's wrong.",
        "It's order No. 5.",
    ]


def test_the_practice_reading_hears_a_whole_open_question() -> None:
    content = default_content()
    scenario = next(iter(content.scenarios.values()))
    reading = read_turn(
        detector_for(content), "What happened with the 9 a.m. booking?", None, scenario
    )
    assert reading.questions == ("what happened with the 9 a.m. booking?",)
    assert reading.open_question


def test_a_sentence_said_again_counts_whatever_the_abbreviations() -> None:
    earlier = [key("Sure. I will ring the depot by 9 a.m. tomorrow and call you back.")]
    assert repeats("Right. I will ring the depot by 9 a.m. tomorrow and call you back.", earlier)


def test_the_rewrite_echo_keeps_a_price_whole() -> None:
    heard = situation("I paid $1,284.60 twice on my card this week.")
    assert heard is not None
    assert "$1,284.60" in heard
