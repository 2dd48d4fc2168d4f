"""`defuse detect` keeps its JSON-lines contract exactly."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from simulator.cli import app

runner = CliRunner()


def test_one_line_out_per_line_in_same_order_with_spans() -> None:
    lines = [
        {"id": "a", "text": "Calm down. There's nothing I can do.", "context": None},
        {"id": 2, "text": "What would put this right for you?"},
        {"id": "c", "text": "The weather has been wild this week, hasn't it.", "context": "Hi."},
    ]
    stdin = "".join(json.dumps(x) + "\n" for x in lines)
    result = runner.invoke(app, ["detect"], input=stdin)
    assert result.exit_code == 0, result.output
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 2, "c"]
    assert all(set(o) == {"id", "moves", "spans"} for o in out)
    assert {"dismissive", "helpless"} <= set(out[0]["moves"])
    assert out[1]["moves"] == ["clarify_outcome"]
    assert out[2]["moves"] == []
    for o, src in zip(out, lines, strict=True):
        assert set(o["spans"]) == set(o["moves"])
        for spans in o["spans"].values():
            for start, end in spans:
                assert 0 <= start < end <= len(src["text"])
    start, end = out[0]["spans"]["dismissive"][0]
    assert lines[0]["text"][start:end].lower().startswith("calm down")


def test_bad_line_is_a_one_line_error() -> None:
    result = runner.invoke(app, ["detect"], input='{"id": 1, "text": "hi"}\nnot json\n')
    assert result.exit_code == 1
    assert "stdin line 2: not JSON" in result.stderr
    missing = runner.invoke(app, ["detect"], input='{"id": 1}\n')
    assert missing.exit_code == 1
    assert 'expected an object with a "text" string' in missing.stderr


def test_lines_before_a_bad_one_are_written_and_blank_lines_skipped() -> None:
    stdin = '{"id": 1, "text": "Sorry about that."}\n\n   \n{"id": 2, "text": "Hi"}\n[1, 2]\n'
    result = runner.invoke(app, ["detect"], input=stdin)
    assert result.exit_code == 1
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [1, 2]
    assert result.stderr.strip() == (
        'defuse: error: stdin line 5: expected an object with a "text" string'
    )
    bad_context = runner.invoke(app, ["detect"], input='{"id": 1, "text": "Hi", "context": 3}\n')
    assert bad_context.exit_code == 1
    assert '"context" must be a string or null' in bad_context.stderr
    assert runner.invoke(app, ["detect"], input="").stdout == ""


def test_the_fast_output_line_is_exactly_json_dumps() -> None:
    from simulator.content import default_content  # noqa: PLC0415
    from simulator.moves import detector_for  # noqa: PLC0415

    detector = detector_for(default_content())
    texts = [
        "Hi Dana, I'm so sorry. I'll refund the $40 by Friday, or would you prefer a credit?",
        "Calm down. There's nothing I can do.",
        "The weather has been wild this week.",
        "",
    ]
    ids: list[object] = [1, "a", None, 2.5, True, {"x": [1, "é"]}, 'quote"d', 10**30, "ünï"]
    for text in texts:
        detection = detector.detect(text, "My bill is wrong again.", ["Dana"])
        for utterance_id in ids:
            expected = json.dumps(detection.to_json(utterance_id))
            assert detection.to_json_line(utterance_id) == expected
