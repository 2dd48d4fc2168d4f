"""Property-based: whatever bytes arrive, the answer is one clear line or a result, never a crash."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.content import default_content
from simulator.content.yamlpos import YamlSyntaxError, parse
from simulator.grading import TranscriptError, grader_for, read_transcript
from simulator.models.untrusted import markdown_text, storable_text
from simulator.moves import detector_for

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SPEAKERS = st.sampled_from(["Customer", "Agent", "Caller", "Rep", "Manager", "", "  ", "agent"])
LINE = st.tuples(SPEAKERS, st.sampled_from([":", " -", ">", ""]), st.text(max_size=80)).map(
    lambda t: f"{t[0]}{t[1]} {t[2]}"
)


@SETTINGS
@given(lines=st.lists(LINE, max_size=12), suffix=st.sampled_from([".txt", ".csv", ".json", ""]))
def test_any_transcript_grades_or_is_one_line(lines: list[str], suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"call{suffix}"
        path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        try:
            transcript = read_transcript(path)
        except TranscriptError as exc:
            message = str(exc)
            assert message and "\n" not in message and "Traceback" not in message
            return
        report = grader_for(default_content()).grade(transcript)
        assert 0 <= report.total <= 100


@SETTINGS
@given(raw=st.binary(max_size=300))
def test_any_bytes_as_json_transcript_grade_or_are_one_line(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "call.json"
        path.write_bytes(b'{"turns": ' + raw)
        try:
            read_transcript(path)
        except TranscriptError as exc:
            assert "\n" not in str(exc)


@SETTINGS
@given(text=st.text(max_size=400), context=st.one_of(st.none(), st.text(max_size=200)))
def test_detection_spans_always_point_into_the_text(text: str, context: str | None) -> None:
    detection = detector_for(default_content()).detect(text, context)
    for spans in detection.spans.values():
        for start, end in spans:
            assert 0 <= start < end <= len(text)
    json.loads(detection.to_json_line("x"))


@SETTINGS
@given(text=st.text(max_size=300))
def test_yaml_parses_or_is_one_located_line(text: str) -> None:
    try:
        parse(text)
    except YamlSyntaxError as exc:
        assert exc.line >= 1 and "\n" not in exc.message


@SETTINGS
@given(text=st.text(max_size=200))
def test_untrusted_text_is_storable_and_shows_no_markup(text: str) -> None:
    stored = storable_text(text)
    stored.encode("utf-8")  # no lone surrogates
    assert "\x00" not in stored
    shown = markdown_text(text)
    assert "<" not in shown and "\n" not in shown and "](" not in shown
