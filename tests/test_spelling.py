"""Chat-style writing read in standard form, with quotes kept verbatim."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.content import default_content
from simulator.models.moves import Move
from simulator.moves import detector_for
from simulator.moves.spelling import standardise


def test_chat_forms_are_read_as_standard_english() -> None:
    cases = {
        "ill call u by 3pm tomorow": "I'll call you by 3pm tomorrow",
        "im so sorry!!": "I'm so sorry!",
        "what would u like us to do then": "what would you like us to do then?",
        "sorry i dont have the notes infront of me": "sorry I don't have the notes in front of me",
        "Let me, um, just check the tracker": "Let me just check the tracker",
        "its the banks not us": "it's the banks not us",
    }
    for chat, standard in cases.items():
        assert standardise(chat).text == standard


def test_names_numbers_and_sick_ill_are_left_alone() -> None:
    assert standardise("the dog is ill today").text == "the dog is ill today"
    assert standardise("send it to dr feld, ref KX42B").text == "send it to dr feld, ref KX42B"
    assert standardise("thanks mrs okafor", protect={"okafor"}).text == "thanks mrs okafor"
    assert standardise("Everything is fine.").back is None  # nothing changed, nothing mapped


def test_spans_point_into_the_trainee_s_own_words() -> None:
    detector = detector_for(default_content())
    text = "ok so ill put a hold on it and ill call u by 3pm tomorow"
    found = detector.detect(text)
    assert Move.FOLLOW_UP in found.moves
    for spans in found.spans.values():
        for start, end in spans:
            assert 0 <= start < end <= len(text)
    quotes = {text[a:b] for a, b in found.spans[Move.SET_TIMELINE]}
    assert "tomorow" in " ".join(quotes)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdeilmnorstuy '!?.,0123456789", max_size=80))
def test_the_offset_map_always_fits(text: str) -> None:
    standard = standardise(text)
    if standard.back is not None:
        assert len(standard.back) == len(standard.text) + 1
        for i in range(len(standard.text)):
            a, b = standard.span((i, i + 1))
            assert 0 <= a < b <= len(text)
