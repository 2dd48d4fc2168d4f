"""Routine service calls (no difficult customer): how the grader recognises and grades them."""

from __future__ import annotations

import pytest

from simulator.content import default_content
from simulator.grading import Grader
from simulator.grading.analysis import analyse
from simulator.models.content import StepId
from simulator.models.transcript import Transcript, Turn
from simulator.moves import cues


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(default_content())


def call(*lines: str) -> Transcript:
    speakers = ("customer", "agent")
    return Transcript(
        turns=[Turn(speaker=speakers[i % 2], text=text) for i, text in enumerate(lines)]
    )


def is_routine(grader: Grader, transcript: Transcript) -> bool:
    return analyse(transcript, grader.detector).calm


@pytest.mark.parametrize(
    "line",
    [
        "Hi, one of the items in my order was missing.",
        "I returned a jacket three weeks ago and haven't seen the refund yet.",
        "Okay. So should I try again?",
        "Mainly so it doesn't happen again.",
        "I requested the reset email about an hour ago, twice.",
        "It's a bit frustrating, to be honest.",
    ],
)
def test_a_fault_named_calmly_or_a_feeling_played_down_is_still_a_routine_call(
    grader: Grader, line: str
) -> None:
    assert cues.upset(line) is None
    assert is_routine(grader, call(line, "Let me have a look for you."))


@pytest.mark.parametrize(
    "line",
    [
        "The internet has dropped again this morning.",
        "You charged me twice for the same order.",
        "This is ridiculous, I'm frustrated.",
    ],
)
def test_a_fault_come_back_or_a_feeling_said_outright_is_not(grader: Grader, line: str) -> None:
    assert cues.upset(line) is not None
    assert not is_routine(grader, call(line, "Let me have a look for you."))


def step(grader: Grader, transcript: Transcript, which: StepId) -> tuple[int | None, list[str]]:
    result = grader.grade(transcript).steps[which]
    return result.level, result.missing


def test_asking_how_the_customer_wants_it_done_clarifies_a_routine_request(
    grader: Grader,
) -> None:
    asked = call(
        "Hi, I need to move my appointment.",
        "Of course. Which day would suit you better?",
        "Tuesday, please.",
        "Done, I've moved it to Tuesday the 19th at 9am.",
    )
    only_identity = call(
        "Hi, I need to move my appointment.",
        "Of course. Can I take your date of birth?",
        "3rd of March 1989.",
        "Done, I've moved it to Tuesday the 19th at 9am.",
    )
    assert step(grader, asked, StepId.CLARIFY_OUTCOME)[0] == 3
    assert step(grader, only_identity, StepId.CLARIFY_OUTCOME)[0] == 1


def test_a_finished_action_still_needs_when_it_lands(grader: Grader) -> None:
    timed = call(
        "Hi, can you change my payment date to the 27th?",
        "Thanks for calling. That's changed to the 27th. You'll get a letter confirming it "
        "within five working days.",
    )
    bare = call(
        "Hi, can you change my payment date to the 27th?",
        "Thanks for calling. That's changed.",
    )
    assert "time marker" not in step(grader, timed, StepId.PRESENT_SOLUTION)[1]
    assert "time marker" in step(grader, bare, StepId.PRESENT_SOLUTION)[1]


def test_chat_spelling_of_a_finished_action_counts(grader: Grader) -> None:
    chat = call(
        "Hi, my card expired, can you update it?",
        "hi thx for calling, ive updated it now, next payment is on the 15th",
    )
    level, missing = step(grader, chat, StepId.PRESENT_SOLUTION)
    assert "next action" not in missing and level is not None and level >= 2


def test_an_anything_else_to_a_customer_who_gave_up_is_no_check(grader: Grader) -> None:
    checked = call(
        "Hi, where is my parcel?",
        "Thanks for waiting. It's booked for delivery tomorrow by 1pm.",
        "Great, thanks.",
        "Is there anything else I can help with today?",
        "No, that's all.",
    )
    brushed = call(
        "Hi, where is my parcel?",
        "Thanks for waiting. It's booked for delivery tomorrow by 1pm.",
        "Okay. And if it doesn't come?",
        "It will come. Anything else?",
        "No, I suppose not.",
    )
    unchecked = call(
        "Hi, where is my parcel?",
        "Thanks for waiting. It's booked for delivery tomorrow by 1pm.",
        "Great, thanks.",
        "Thanks for calling, have a good day.",
    )
    assert step(grader, checked, StepId.FOLLOW_UP)[0] == 3
    assert step(grader, brushed, StepId.FOLLOW_UP)[0] == 0
    assert step(grader, unchecked, StepId.FOLLOW_UP)[0] == 0


def test_a_conditional_offer_leaves_nothing_pending(grader: Grader) -> None:
    done = call(
        "Hi, can I move my engineer visit to next week?",
        "Of course. What day would suit you?",
        "Tuesday afternoon.",
        "Done, I've booked Tuesday the 19th, 1pm to 6pm.",
        "Great.",
        "If that slot ever stops working, reply CHANGE and we'll move it again within a day. "
        "Is there anything else I can help with?",
        "No, thanks.",
    )
    assert step(grader, done, StepId.FOLLOW_UP)[0] == 3


def test_a_poor_agents_curt_or_condescending_lines_cost_step_1(grader: Grader) -> None:
    curt = call(
        "Hello, I'm calling about a parcel that hasn't been delivered.",
        "Tracking number.",
        "It's SW 4471.",
        "Name on it?",
        "Helen Okafor.",
        "It's all on the tracking page if you read it properly.",
        "Sorry. When will it come?",
        "Tomorrow.",
    )
    polite = call(
        "Hello, I'm calling about a parcel that hasn't been delivered.",
        "Hello, thanks for calling. Could I take the tracking number, please?",
        "It's SW 4471.",
        "Thank you, Helen. It's at the depot and booked out for tomorrow morning.",
    )
    assert step(grader, curt, StepId.STAY_CALM)[0] == 0
    assert step(grader, polite, StepId.STAY_CALM)[0] == 3


def test_sorry_in_every_reply_of_a_routine_call_is_a_habit(grader: Grader) -> None:
    sorry = call(
        "Hi, I'd like to change my return train to Monday.",
        "hi, sorry about that, can i get the booking ref pls",
        "8KD4WZRM.",
        "thanks, sorry, ive got the 17:30 on monday, is that ok",
        "Yes, fine.",
        "ok sorry, thats changed, sorry about the fee",
    )
    level, missing = step(grader, sorry, StepId.STAY_CALM)
    assert level == 1 and "apologies kept for something that went wrong" in missing


def test_a_feeling_played_down_still_wants_a_word(grader: Grader) -> None:
    heard = call(
        "My bin wasn't emptied. It's a bit frustrating.",
        "Good morning, thanks for calling. I understand, that's annoying. "
        "I've logged a return collection for Thursday.",
    )
    ignored = call(
        "My bin wasn't emptied. It's a bit frustrating.",
        "Good morning, thanks for calling. I've logged a return collection for Thursday.",
    )
    assert step(grader, heard, StepId.STAY_CALM)[0] == 3
    assert step(grader, ignored, StepId.STAY_CALM)[0] == 1


def test_policy_on_a_routine_call_costs_the_ordinary_share(grader: Grader) -> None:
    routine = call(
        "Hi, can I move my hotel booking to next week?",
        "Thanks for calling. Per our policy, a date change carries a 10 pound fee. "
        "I've moved it to the 19th; the confirmation email comes within ten minutes.",
    )
    report = grader.grade(routine)
    hit = next(h for h in report.anti_patterns if h.move.value == "cite_policy")
    assert hit.note == ""
