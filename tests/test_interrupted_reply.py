"""A reply cut off mid-stream (the web page reran) is answered before the next turn."""

from __future__ import annotations

import pytest

from simulator.content import default_content
from simulator.practice import CallSetup
from simulator.session import Practice
from simulator.storage import Store, database_url

SETUP = CallSetup("impatient", "hvac_missed_window", 2, 3)


class Rerun(Exception):
    """What Streamlit raises inside a running script when the page reruns."""


def test_a_cut_off_reply_is_answered_before_the_next_line() -> None:
    store = Store(database_url())
    call = Practice.start(default_content(), store, SETUP, "ana")

    def cut(piece: str | None) -> None:
        raise Rerun

    with pytest.raises(Rerun):
        call.say("I'm sorry about the wait. What happened this morning?", cut)
    assert call.unanswered is not None
    late = call.answer_unanswered()
    assert late is not None and late.reply
    assert call.unanswered is None and call.answer_unanswered() is None
    call.say("What would a good outcome look like for you today?")
    turns = store.load(call.session_id).turns
    speakers = [t.speaker for t in turns]
    assert speakers == ["customer", "agent", "customer", "agent", "customer"]
