"""A new issue the customer raised, asked about, is told in more detail than first said."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.content import ContentError, default_content
from simulator.content.loader import load_file
from simulator.models.lines import LineBank, LineKind
from simulator.moves.text import content_stems, normalise
from simulator.practice import CallSetup, SessionEngine
from simulator.practice.coherence import problems
from simulator.scripted import Skilled

ASK = "Sorry to hear that. What's that about exactly?"


def test_an_issue_asked_about_gets_its_detail() -> None:
    content = default_content()
    asked = 0
    for persona in content.personas:
        for scenario in [s.id for s in content.scenarios.values() if persona in s.personas][:3]:
            for seed in (0, 1):
                eng = SessionEngine(content, CallSetup(persona, scenario, 2, seed))
                line, state = eng.start()
                earlier = [line]
                trainee = Skilled()
                while not state.ended:
                    result = eng.step(state, trainee(state, line, eng.scenario))
                    state, line = result.state, result.reply
                    earlier.append(line)
                    if LineKind.NEW_ISSUE in result.beats and not state.ended:
                        raised = content_stems(normalise(line))
                        told = eng.step(state, ASK)
                        assert LineKind.ISSUE_DETAIL in told.beats, told.reply
                        new = content_stems(normalise(told.reply)) - raised
                        assert len(new) >= 3, (line, told.reply)  # more than it first said
                        # ... and never "I told you" about the detail it had not told
                        assert not problems(told.reply, told.beats, earlier=earlier), told.reply
                        asked += 1
                        break
    assert asked >= 3


def test_a_detail_on_a_line_that_is_not_a_new_issue_names_file_line_and_field(
    tmp_path: Path,
) -> None:
    lines = Path(__file__).resolve().parent.parent / "personas" / "lines"
    text = (lines / "impatient.yaml").read_text(encoding="utf-8")
    bad = text.replace(
        '    - "Just tell me when."\n',
        '    - text: "Just tell me when."\n      detail: "Nothing more to it."\n',
        1,
    )
    assert bad != text
    path = tmp_path / "impatient.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_file(path, LineBank)
    problem = info.value.problems[0]
    assert problem.field.endswith(".detail")
    at = next(n for n, row in enumerate(bad.splitlines(), 1) if "Nothing more" in row)
    assert problem.line in (at - 1, at)  # the entry or its detail field
    assert "new_issue" in problem.message
