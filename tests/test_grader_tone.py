"""Classes of agent lines a blind trainer scored and the rules misread (issue 12, playdev).

Each case is a class, worded here afresh: an ultimatum, a manager turned away, a rule read
out as the answer, a commitment put in the present simple, and the call-level caps (a
customer who walks out, unprofessional remarks in several turns, a part of the request
nobody dealt with).
"""

from __future__ import annotations

import pytest

from simulator.content import default_content
from simulator.grading import Grader
from simulator.models.content import StepId
from simulator.models.moves import Move
from simulator.models.transcript import Transcript, Turn
from simulator.moves import detector_for


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(default_content())


FOUND = [
    ("So will you take the twin room or not?", Move.HOSTILE),
    ("Honestly I'm not sure what more you expect from us.", Move.HOSTILE),
    ("I have literally just read you three options.", Move.HOSTILE),
    ("That's more than most customers would get, to be fair.", Move.HOSTILE),
    ("Like I said, the form is on the website.", Move.HOSTILE),
    ("There's no need for a supervisor, I can handle it.", Move.DISMISSIVE),
    ("The team leader would only tell you the same thing.", Move.DISMISSIVE),
    ("Most people manage the setup on their own.", Move.DISMISSIVE),
    ("You never actually mentioned the second account.", Move.ARGUE),
    ("Normally that happens because your router is too far away.", Move.ARGUE),
    ("Exchanges are only possible within 14 days of delivery.", Move.CITE_POLICY),
    ("What would you need to hear from me to feel alright about this?", Move.CLARIFY_OUTCOME),
    ("Could I ask what would set your mind at ease today?", Move.CLARIFY_OUTCOME),
    ("So what do you most need out of this call?", Move.CLARIFY_OUTCOME),
    ("I'm asking Tomasz to check the file and ring you by four.", Move.ESCALATE_HANDOFF),
    ("First, I raise a claim with your photos.", Move.ACTION_PLAN),
    ("I've booked you a callback for tomorrow at ten.", Move.FOLLOW_UP),
    ("Is this okay for you?", Move.CONFIRM_RESOLUTION),
]
NOT_FOUND = [
    ("Seat choice isn't guaranteed on that fare, only the flight is.", Move.OVERPROMISE),
    ("What I can promise is a written answer by Friday.", Move.OVERPROMISE),
    ("What did you post to us, and when?", Move.MULTI_QUESTION),
    ("Where did the fitter leave it? Like, is anything exposed?", Move.MULTI_QUESTION),
    ("Sorry about the missed callback last week.", Move.FOLLOW_UP),
    ("The van comes today, like I said, before noon.", Move.HOSTILE),
    ("What do you really need from us, then?", Move.HOSTILE),
]


@pytest.mark.parametrize(("line", "move"), FOUND)
def test_the_class_is_read(line: str, move: Move) -> None:
    assert move in detector_for(default_content()).detect(line).moves


@pytest.mark.parametrize(("line", "move"), NOT_FOUND)
def test_the_near_miss_is_not(line: str, move: Move) -> None:
    assert move not in detector_for(default_content()).detect(line).moves


def _call(lines: list[str], scenario: str | None = None) -> Transcript:
    turns = [
        Turn(speaker="customer" if i % 2 == 0 else "agent", text=t) for i, t in enumerate(lines)
    ]
    return Transcript(turns=turns, scenario=scenario)


GOOD_START = [
    "My parcel never came and I'm really annoyed, it was a birthday present.",
    "I'm so sorry, that's really disappointing with a birthday coming. Can I take the order number?",
    "It's AB-1234.",
    "Thanks. I'll send a replacement by express today, you'll have it by Thursday, and I'll "
    "email you the tracking within the hour. If it isn't there by Thursday, I'll call you on "
    "Friday morning. What would be the best outcome for you?",
]


def test_a_call_the_customer_walks_out_of_keeps_a_share_of_its_points(grader: Grader) -> None:
    kept = grader.grade(_call([*GOOD_START, "Okay, that works. Thanks."]))
    lost = grader.grade(_call([*GOOD_START, "Forget it. This is a waste of my time."]))
    assert lost.ceiling is not None
    assert lost.total == pytest.approx(kept.total * grader.costs.walkout_share, abs=0.6)
    assert lost.total < kept.total
    assert "left the call" in lost.ceiling_reason


def test_unprofessional_remarks_in_several_turns_cap_the_call(grader: Grader) -> None:
    lines = [
        *GOOD_START,
        "I'd rather have had it on time.",
        "Most people are fine with express. Do you want it or not?",
        "Don't talk to me like that.",
        "Like I said, it comes Thursday. There's no need for a manager.",
        "Fine.",
        "I'm not sure what else you expect.",
    ]
    report = grader.grade(_call(lines))
    assert report.ceiling is not None
    assert report.ceiling <= grader.costs.unprofessional_ceiling
    assert report.total <= grader.costs.unprofessional_ceiling


def test_a_part_of_the_request_nobody_dealt_with_costs_the_plan(grader: Grader) -> None:
    asked = "I need the double payment back before my rent goes out, and no overdraft fees."
    plan = (
        "I'm filing a dispute for the duplicate payment now, and I'll put a provisional "
        "credit on today. Card operations will call you by noon tomorrow, and if they don't, "
        "I'll chase them myself."
    )
    fees = plan + " I'll also waive the overdraft fee if one lands."
    left = grader.grade(_call([asked, plan, "Okay."], "bank_duplicate_charge"))
    whole = grader.grade(_call([asked, fees, "Okay."], "bank_duplicate_charge"))
    step = StepId.PRESENT_SOLUTION
    assert any("overdraft" in m for m in left.steps[step].missing)
    assert left.steps[step].score < whole.steps[step].score
