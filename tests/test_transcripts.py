"""Transcripts in: JSON, plain text with many speaker labels, CSV; bad input is one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulator.cli import app
from simulator.grading.transcripts import (
    MAX_BYTES,
    TranscriptError,
    read_call_log,
    read_transcript,
)

runner = CliRunner()


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_plain_text_with_labels_timestamps_and_continuations(tmp_path: Path) -> None:
    path = write(
        tmp_path / "call.txt",
        "[00:00:03] Caller: My card was charged twice.\n"
        "It happened on Monday.\n"
        "00:00:09 REP: I'm sorry about that.\n"
        "\n"
        "patient: And nobody rang me back.\n"
        "[00:01:02] csr - Let me check the account now.\n"
        "Guest: ok\n"
        "Support: Thanks.\n",
    )
    transcript = read_transcript(path)
    assert [t.speaker for t in transcript.turns] == [
        "customer",
        "agent",
        "customer",
        "agent",
        "customer",
        "agent",
    ]
    assert transcript.turns[0].text == "My card was charged twice. It happened on Monday."
    assert transcript.turns[3].text == "Let me check the account now."


@pytest.mark.parametrize(
    ("customer", "agent"),
    [
        ("Client", "Representative"),
        ("User", "Support"),
        ("CUSTOMER", "agent"),
        ("patient", "Rep"),
    ],
)
def test_speaker_label_variants(tmp_path: Path, customer: str, agent: str) -> None:
    path = write(tmp_path / "t.txt", f"{customer}: hello there\n{agent}: hi, how can I help?\n")
    assert [t.speaker for t in read_transcript(path).turns] == ["customer", "agent"]


def test_csv(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.csv",
        'speaker,text\nCustomer,"Hi, my order is late"\nAgent,"Sorry, let me look."\n',
    )
    transcript = read_transcript(path)
    assert transcript.turns[1].text == "Sorry, let me look."


def test_json_with_call_log(tmp_path: Path) -> None:
    data = {
        "turns": [
            {"speaker": "customer", "text": "It broke."},
            {"speaker": "agent", "text": "I'm sorry. When did it break?"},
        ],
        "call_log": {"trigger": "the part broke on day two"},
        "quality": "extra keys from other tools are ignored",
    }
    transcript = read_transcript(write(tmp_path / "t.json", json.dumps(data)))
    assert transcript.call_log is not None
    assert transcript.call_log.trigger == "the part broke on day two"
    assert transcript.id == "t"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", "", "the file is empty"),
        ("blank.txt", "  \n\n", "the file is empty"),
        ("binary.txt", b"\x00\x01\x02abc", "binary file"),
        ("no_agent.txt", "Customer: hello\nCustomer: anyone?\n", "no agent turns"),
        ("unknown.txt", "Narrator: It was a dark night.\n", "unknown speaker 'Narrator'"),
        ("noprefix.txt", "just some words\n", "expected the first line to start with a speaker"),
        ("bad.json", "{not json", "not valid JSON"),
        ("bad.csv", "who,said\nx,y\n", "expected a CSV header with 'speaker' and 'text'"),
        ("latin.txt", b"Customer: caf\xe9\n", "not UTF-8"),
    ],
)
def test_bad_input_is_one_clear_error(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(TranscriptError, match=message):
        read_transcript(path)
    result = runner.invoke(app, ["grade", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("defuse: error: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_oversized_file(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "Customer: hi\nAgent: " + "x" * (MAX_BYTES + 1) + "\n")
    with pytest.raises(TranscriptError, match="over the"):
        read_transcript(path)


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["grade", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "no such file" in result.stderr


def test_call_log_as_field_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path / "log.txt", "log.trigger: tech missed the window\npromise_made: visit by 2pm\n"
    )
    log = read_call_log(path)
    assert log.trigger == "tech missed the window"
    assert log.promise_made == "visit by 2pm"
    bad = write(tmp_path / "bad.txt", "mood: grumpy\n")
    with pytest.raises(TranscriptError, match="unknown call-log field 'mood'"):
        read_call_log(bad)


def test_a_stray_carriage_return_in_a_csv_header_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "call.csv"
    path.write_text('speaker\rtext,"agent', encoding="utf-8")  # found by test_properties
    with pytest.raises(TranscriptError, match=r"call\.csv:1: unreadable CSV") as info:
        read_transcript(path)
    assert "\n" not in str(info.value)
