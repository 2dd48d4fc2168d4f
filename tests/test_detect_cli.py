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
