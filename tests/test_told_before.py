"""'I told you' and 'Like I said' only about what the customer said earlier in the call."""

from __future__ import annotations

from simulator.models.lines import LineKind
from simulator.practice.coherence import problems

EARLIER = [
    "My boiler's been dead since Tuesday and nobody turned up on Thursday.",
    "I took the whole Thursday off work for that visit.",
]


def test_the_check_fails_told_you_about_what_was_never_said() -> None:
    never = "Honestly. I told you. The parking fine from your van is still unpaid."
    assert problems(never, [LineKind.ISSUE_DETAIL], earlier=EARLIER)
    like = "Like I said, the invoice lists a part I never got."
    assert problems(like, [LineKind.REVEAL], earlier=EARLIER)


def test_the_check_passes_told_you_about_what_was_said() -> None:
    said = "Like I said, I took the whole Thursday off work."
    assert not problems(said, [LineKind.REVEAL], earlier=EARLIER)
    told = "I told you. Nobody turned up on Thursday."
    assert not problems(told, [LineKind.GRIEVANCE_RETURN], earlier=EARLIER)
    # about the agent's words, not the customer's own
    assert not problems("That's not what I said.", [LineKind.PARAPHRASE_NO], earlier=EARLIER)
