"""Empathy by identification, warm exclamations, calm calls that take several details at once.

Found on play-test set 14 (read as development for the grader in session 15): "I'd be on the
phone too" earned no acknowledgement; "where do you want this to end up?" was no outcome
question; "if the test shows it's fine, ..." was no fallback; "No, that's everything. Bye!"
made a birthday booking a call to de-escalate, and "Can I take your name, and what date and
time?" was charged as a barrage on it; "I can hear you've been through this more than once"
to a repeat caller was read as sympathy that could be said to anyone.
"""

from __future__ import annotations

import pytest

from simulator.content import default_content
from simulator.grading import Grader
from simulator.grading.analysis import analyse
from simulator.models import StepId, Transcript, Turn
from simulator.models.moves import Move
from simulator.moves import cues, detector_for
from simulator.moves.scout import Gated

DETECTOR = detector_for(default_content())


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(default_content())


def _moves(text: str) -> frozenset[Move]:
    return frozenset(DETECTOR.detect(text, None, []).moves)


def call(*lines: str) -> Transcript:
    speakers = ("customer", "agent")
    return Transcript(
        turns=[Turn(speaker=speakers[i % 2], text=text) for i, text in enumerate(lines)]
    )


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("Honestly, I'd be on the phone too.", Move.ACKNOWLEDGE_EMOTION),
        ("I'd want an explanation too.", Move.ACKNOWLEDGE_EMOTION),
        ("In your shoes I'd be asking the same.", Move.ACKNOWLEDGE_EMOTION),
        ("Where do you want this to end up?", Move.CLARIFY_OUTCOME),
        ("How would you like things to turn out?", Move.CLARIFY_OUTCOME),
        ("I'll put it in front of our billing team today.", Move.ESCALATE_HANDOFF),
        ("I'll ask Dwayne to bring the owner's answer tomorrow.", Move.ESCALATE_HANDOFF),
    ],
)
def test_plain_words_for_the_moves_are_read(text: str, move: Move) -> None:
    assert move in _moves(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'd be happy to check that as well.",
        "I would be glad to sort the refund too.",
        "I'd want to check the meter too.",
        "I would be able to do that as well.",
    ],
)
def test_an_offer_to_do_more_is_no_acknowledgement(text: str) -> None:
    assert Move.ACKNOWLEDGE_EMOTION not in _moves(text)


@pytest.mark.parametrize(
    "text",
    [
        "If the test shows it's fine, we'll talk about a payment plan.",
        "And if it turns out you do owe it, we can spread it over twelve months.",
        "If you still think it's wrong after that, I'll raise a formal dispute.",
    ],
)
def test_a_branch_on_the_outcome_of_a_check_is_a_fallback(text: str) -> None:
    assert cues.FALLBACK.search(text)


@pytest.mark.parametrize(
    "line", ["No, that's everything. Bye!", "Thanks so much!!", "Great, see you then!"]
)
def test_a_warm_exclamation_is_no_heat(line: str) -> None:
    assert cues.upset(line) is None


@pytest.mark.parametrize(
    "line", ["No! I want a refund!", "Great!! Another week of waiting!", "Stop!"]
)
def test_an_exclamation_in_anger_or_sarcasm_is(line: str) -> None:
    assert cues.upset(line) is not None


def test_a_stated_preference_is_no_demand() -> None:
    assert cues.upset("Okay. I want it warmer in the mornings and cooler at night.") is None
    assert cues.upset("I want it fixed today.") is not None


BOOKING = (
    "Hi, I'd like to book a table for six, please. It's for a birthday.",
    "Happy to help. Can I take your name, and what date and time were you thinking?",
    "It's Ana Silva. Saturday the 14th, around eight.",
    "Lovely, Ana. I have a table for six at eight on Saturday the 14th. Shall I book it?",
    "Yes please.",
    "Done: your reference is FR-2210 and a confirmation text is on its way now.",
    "No, that's everything. Bye!",
)


def test_a_booking_that_ends_with_bye_is_a_calm_call(grader: Grader) -> None:
    assert analyse(call(*BOOKING), grader.detector).calm


def test_taking_two_booking_details_at_once_is_not_charged_on_a_calm_call(
    grader: Grader,
) -> None:
    report = grader.grade(call(*BOOKING))
    assert not [h for h in report.anti_patterns if h.move is Move.MULTI_QUESTION]
    stressed = grader.grade(
        call(
            "This is ridiculous, my flight was cancelled and nobody told me!",
            "Can I take your name, and what date and time was the flight?",
            "Ana Silva, this morning at eight.",
        )
    )
    assert [h for h in stressed.anti_patterns if h.move is Move.MULTI_QUESTION]


def test_naming_a_repeat_callers_history_is_an_acknowledgement_in_their_terms(
    grader: Grader,
) -> None:
    report = grader.grade(
        call(
            "Here we go again. The electrician didn't show up again.",
            "I can hear you've been through this more than once, and I'm sorry. Let me find "
            "out what happened to the booking.",
            "Fine.",
        )
    )
    step = report.steps[StepId.STAY_CALM]
    assert "an acknowledgement in the customer's own terms" not in step.missing


def test_a_barrage_is_charged_even_on_a_calm_call(grader: Grader) -> None:
    report = grader.grade(
        call(
            "My order is late.",
            "When did you place the order? What's the number? Which address?",
            "Last Monday, 5521, 4 Elm Road.",
        )
    )
    assert analyse(call("My order is late.", "Let me look."), grader.detector).calm
    assert [h for h in report.anti_patterns if h.move is Move.MULTI_QUESTION]


def test_a_hold_the_agent_comes_back_from_in_the_same_turn_is_not_vague() -> None:
    assert Move.VAGUE_HOLD not in _moves("One sec please.. ok I see it, the refund went out.")
    assert Move.VAGUE_HOLD in _moves("One moment please.")


def test_laughing_along_with_a_glad_yes_is_not_at_the_customer() -> None:
    assert Move.HOSTILE not in _moves("yes theres coffee and wifi lol.")
    assert Move.HOSTILE in _moves("yes u really have to read it lol")
    assert Move.HOSTILE in _moves("thats not how it works lol.")


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (cues.OWNER, "ok sending it now to the email on file"),
        (cues.OWNER, "i can send our on call electrician out today"),
        (cues.HISTORY, "sorry you had to call again"),
        (cues.HISTORY, "you shouldn't have to keep chasing this"),
        (cues.FALLBACK, "if it's not on your statement by the 15th just call us back"),
        (cues.FALLBACK, "If anything comes up and you need to move it, reply to the text."),
        (cues.FALLBACK, "If that slot ever stops working, reply CHANGE."),
        (cues.TRIGGER, "The technician will ring you before doing any extra work."),
    ],
)
def test_chat_and_plain_forms_of_plan_parts_are_read(pattern: Gated, text: str) -> None:
    assert pattern.search(text)


def test_a_result_left_on_a_vague_wait_leaves_a_routine_call_pending(grader: Grader) -> None:
    vague = call(
        "Hi, I'd like to add my partner to our account.",
        "Okay, I've added her as an authorised user. It takes a day or so to update.",
        "Okay, thanks.",
        "Anything else?",
        "No, that's it.",
    )
    done = call(
        "Hi, I'd like to add my partner to our account.",
        "Okay, I've added her as an authorised user. She can call us from now on.",
        "Okay, thanks.",
        "Anything else?",
        "No, that's it.",
    )
    missing = "a commitment to contact the customer again"
    assert missing in grader.grade(vague).steps[StepId.FOLLOW_UP].missing
    assert missing not in grader.grade(done).steps[StepId.FOLLOW_UP].missing


@pytest.mark.parametrize(
    "text",
    [
        "Should be the same, yeah. Unless they find something.",
        "Probably best, yes.",
        "hmm i think the satay and the pesto have nuts",
    ],
)
def test_a_guess_given_as_the_answer_is_helpless(text: str) -> None:
    assert Move.HELPLESS in _moves(text)


def test_a_suggestion_is_no_guess() -> None:
    assert Move.HELPLESS not in _moves("I think the best option is a refund.")


def test_asking_for_more_details_is_no_resolution_check() -> None:
    moves = _moves("got it. anything else we should know??")
    assert Move.CONFIRM_RESOLUTION not in moves
    assert Move.ASK_QUESTION in moves


def test_owning_that_it_went_wrong_is_an_acknowledgement() -> None:
    assert Move.ACKNOWLEDGE_EMOTION in _moves("That should not have happened.")


def test_a_compound_the_word_list_lacks_is_read_as_typed() -> None:
    standard = DETECTOR.detect("If the onboarding lead cannot fit u in, ill call", None, [])
    assert standard.standard is not None
    assert "onboarding" in standard.standard.text
    assert "in front" in DETECTOR.detect("its infront of u", None, []).standard.text  # type: ignore[union-attr]


def test_the_want_said_back_and_checked_clarifies_the_outcome(grader: Grader) -> None:
    report = grader.grade(
        call(
            "I'm calling to see how cancelling works. The setup hasn't happened.",
            "Okay, so if I have you right: you would actually rather keep it, if your data is "
            "in before next week. Is that fair?",
            "I suppose.",
            "Here is what I will do: our data team runs the import for you by Friday.",
            "Alright.",
        ),
        persona="silent_dissenter",
    )
    assert report.steps[StepId.CLARIFY_OUTCOME].level == 2


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("Main need: rent of 1,650 clears Monday?", Move.CLARIFY_OUTCOME),
        ("I'll also check the case at 1 p.m. tomorrow and text you.", Move.FOLLOW_UP),
        ("Card ops credit it before Monday; supervisor calls you by noon.", Move.FOLLOW_UP),
    ],
)
def test_clipped_forms_of_the_steps_are_read(text: str, move: Move) -> None:
    assert move in _moves(text)


def test_a_clipped_fallback_is_read() -> None:
    assert cues.FALLBACK.search("Done. No call by noon tomorrow, ring the 555 line.")


def test_a_clipped_outcome_check_over_two_sentences_is_read() -> None:
    assert Move.CLARIFY_OUTCOME in _moves("Main goal. Rent clears Monday?")


def test_an_outcome_question_buried_in_a_barrage_is_partial(grader: Grader) -> None:
    report = grader.grade(
        call(
            "You denied my claim and it's nonsense.",
            "Could you clarify: when did you notice the leak, what did the plumber find, do "
            "you have photos, and what outcome are you seeking?",
            "The claim paid.",
        ),
        persona="complainer",
    )
    step = report.steps[StepId.CLARIFY_OUTCOME]
    assert step.level == 2
    assert "the outcome asked on its own, not in a list of questions" in step.missing


def test_a_question_about_what_will_happen_is_no_complaint() -> None:
    assert cues.upset("Oh, so I won't be charged twice close together?") is None
    assert cues.upset("Why was I charged twice?") is not None


def test_exasperation_put_as_a_question_is_dismissive_not_an_outcome_question() -> None:
    assert Move.DISMISSIVE in _moves("What do you want me to do then?")
    assert Move.DISMISSIVE not in _moves("What would you like me to do for you?")


def test_it_depends_with_nothing_it_depends_on_is_no_answer() -> None:
    assert Move.HELPLESS in _moves("Probably about 90 pounds, it depends.")
    assert Move.HELPLESS not in _moves("It depends on your bank, usually 3 days.")


def test_a_call_read_out_as_a_letter_is_coached_for_its_register(grader: Grader) -> None:
    letter = call(
        "Where is your technician? I took the morning off.",
        "Dear Mr Oyelaran, please accept our apologies for the missed window. Please be "
        "advised that I am checking now. Kind regards.",
        "It's been a nightmare.",
        "I acknowledge receipt of this information and regret the lost wages. Kind regards.",
        "Just give me a time.",
        "Please be advised that Reggie arrives at 2:15 and I will call you at 2:20.",
        "Fine.",
    )
    step = grader.grade(letter, persona="aggressive").steps[StepId.STAY_CALM]
    assert any("spoken register" in m for m in step.missing)
    assert step.level is not None and step.level <= 2


@pytest.mark.parametrize(
    ("text", "move"),
    [
        (
            "So what you need from us today, is it to know documents arrive, or to speak "
            "with Ms. Arnaud, or both?",
            Move.CLARIFY_OUTCOME,
        ),
        ("Okay. First, now I check the shared inbox for you.", Move.ACTION_PLAN),
        ("Second, I ask Priya, she cover for Owen, to call you in 2 hours.", Move.ESCALATE_HANDOFF),
    ],
)
def test_non_native_forms_of_the_steps_are_read(text: str, move: Move) -> None:
    assert move in _moves(text)


def test_knowing_what_they_need_is_no_question() -> None:
    assert Move.CLARIFY_OUTCOME not in _moves("I know what you need. Can I help?")


def test_asking_for_a_step_is_a_plan() -> None:
    assert Move.ACTION_PLAN in _moves("and i can ask for a re-inspection with a different adjuster")
    assert Move.ACTION_PLAN not in _moves("Can I ask for your name?")


def test_you_should_have_been_told_is_no_argument() -> None:
    assert Move.ARGUE not in _moves("u shouldve been told.")
    assert Move.ARGUE in _moves("you should've read the terms.")
