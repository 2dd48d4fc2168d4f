"""The customer answers the question asked, in its form, and signs off once.

Found in a blind play-test (set 11, read as development for the customer): "would you mind
telling me where the setup got stuck?" was heard as a yes/no and "Hi Tomasz, thanks for
calling." as a goodbye ("Not really, no."); "Is there anything that still worries you?" got
"Yeah, that's right."; "Does that work for you?" got "No, we're done. Right. Thanks. Bye.";
"what do u need to happen before monday??" beside a step got a refusal of the step;
"Brightline Appliance? Friday? Twice?" got "You're the one with the computer."; a wary caller
asked "when does it drop?" said "I don't remember when" about their own days; the chronic
caller raised "the app still shows the old plan" on a kitchen remodel.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.content import default_content
from simulator.content.errors import ContentError
from simulator.content.loader import load_file, shipped_content_dir
from simulator.models.content import Scenario
from simulator.models.lines import LineKind
from simulator.models.moves import Move
from simulator.moves import detector_for
from simulator.moves.cues import CLOSING_CHECK, HOLD, PROPOSAL, question_form, says_goodbye
from simulator.moves.text import stem
from simulator.practice import CallSetup, SessionEngine
from simulator.practice.coherence import problems

CONTENT = default_content()


def _engine(persona: str, case: str, difficulty: int = 2, seed: int = 0, **state: object):
    engine = SessionEngine(CONTENT, CallSetup(persona, case, difficulty, seed))
    _, start = engine.start()
    return engine, start.model_copy(update={"turn": 3, **state})


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("before i do, would you mind telling me where the setup got stuck?", "where"),
        ("do you remember who you spoke to?", "who"),
        ("can i ask what they said?", "what"),
        ("could you tell me when it happened?", "when"),
    ],
)
def test_a_question_word_inside_a_frame_asks_with_that_word(question: str, form: str) -> None:
    assert question_form(question).startswith(form)


def test_a_yes_no_frame_without_a_question_word_stays_yes_no() -> None:
    assert question_form("do you know if it came?") == "do you know if it came?"


def test_thanks_for_calling_opens_a_turn_and_only_closes_one_at_its_end() -> None:
    assert not says_goodbye("hi tomasz, thanks for calling. where did the setup get stuck?")
    assert says_goodbye("you're all set. thanks for calling.")
    assert says_goodbye("have a good evening. i'll call you thursday.")


@pytest.mark.parametrize(
    "question",
    [
        "is there anything about this that still worries you, even a small thing?",
        "anything i've missed?",
        "any more questions?",
        "anything still on your mind?",
    ],
)
def test_asking_what_is_still_open_is_a_closing_check(question: str) -> None:
    assert CLOSING_CHECK.search(question)


def test_a_question_about_something_still_there_is_not_a_closing_check() -> None:
    assert not CLOSING_CHECK.search("is there anything still exposed?")


@pytest.mark.parametrize(
    "question",
    ["sound alright?", "okay for you?", "that good enough?", "1 p.m. okay?", "happy with that?"],
)
def test_a_clipped_check_of_what_was_put_is_a_proposal(question: str) -> None:
    assert PROPOSAL.search(question)


@pytest.mark.parametrize("question", ["you all right?", "is everything okay?", "are you ok?"])
def test_asking_after_them_is_not_a_proposal(question: str) -> None:
    assert not PROPOSAL.search(question)


def test_stacked_sign_offs_and_a_no_that_means_yes_are_caught() -> None:
    beats = [LineKind.RESOLVED_YES, LineKind.GOODBYE]
    found = problems(
        "No, we're done. Right. Thanks. Bye.",
        beats,
        parts=["No, we're done.", "Right. Thanks. Bye."],
        turn="Here is the plan. Does that work for you?",
    )
    assert any("nod between sign-offs" in p for p in found)
    assert any("no that means yes" in p for p in found)
    assert (
        problems(
            "No, that's it. Thanks. Bye.",
            beats,
            parts=["No, that's it.", "Thanks. Bye."],
            turn="Anything else I can help with?",
        )
        == []
    )


@pytest.mark.parametrize("persona", sorted(CONTENT.personas))
def test_a_plan_checked_with_does_that_work_is_never_answered_no(persona: str) -> None:
    case = next(s for s in CONTENT.scenarios.values() if persona in s.personas)
    for seed in range(6):
        engine, state = _engine(
            persona,
            case.id,
            seed=seed,
            heat=0.5,
            trust=9.0,
            plan_accepted=True,
            followed_up=True,
            time_given="by 5pm",
        )
        result = engine.step(
            state, "I'll call you by 5pm tomorrow to confirm. Does that work for you?"
        )
        if LineKind.RESOLVED_YES in result.beats:
            assert not result.reply.lower().startswith(("no", "nope")), result.reply


def test_the_outcome_asked_after_a_step_is_answered_not_the_step_weighed() -> None:
    engine, state = _engine("impatient", "bank_duplicate_charge", 1, 0, heat=4.5, trust=5.0)
    result = engine.step(
        state,
        "ok filing it now... done!! u will get a case number by text before we hang up. "
        "oh wait what do u need to happen before monday exactly??",
    )
    assert result.beats[0] is LineKind.OUTCOME, result.reply
    assert LineKind.OPTION_REJECT not in result.beats


def test_a_check_put_as_a_few_words_from_their_story_is_confirmed() -> None:
    engine, state = _engine("aggressive", "bank_duplicate_charge", heat=6.0, trust=4.0)
    result = engine.step(state, "Brightline Appliance? Friday? Twice?")
    assert LineKind.CONFIRM in result.beats, result.reply


def test_asked_whether_something_arrived_they_look() -> None:
    engine, state = _engine("aggressive", "bank_duplicate_charge", heat=4.0, trust=5.0)
    result = engine.step(state, "Sent to 555-0101. Case number in text now. Arrived?")
    assert LineKind.CHECKED in result.beats, result.reply


def test_a_wary_caller_answers_a_question_that_names_their_story() -> None:
    engine, state = _engine("chronic_caller", "internet_outage_remote_worker", heat=5.0, trust=2.0)
    result = engine.step(state, "When does it tend to drop for you? Any pattern?")
    assert LineKind.REVEAL in result.beats, result.reply
    assert "afternoon" in result.reply


def test_the_topic_named_before_a_question_is_what_it_asks_about() -> None:
    engine, state = _engine("complainer", "ecommerce_damaged_delivery", heat=3.0, trust=6.0)
    result = engine.step(state, "Sorry, just the one: the discount. Who promised it to you?")
    assert "Gold member code" in result.reply, result.reply


def test_a_time_in_a_question_about_the_past_sets_no_timeline() -> None:
    detector = detector_for(CONTENT)
    asked = detector.detect(
        "Before I chase this, can you tell me if anyone contacted you at all today?", None, []
    )
    assert Move.SET_TIMELINE not in asked.moves
    promised = detector.detect("Can I call you back tomorrow?", None, [])
    assert Move.SET_TIMELINE in promised.moves


def test_setting_out_to_hear_the_story_is_not_a_plan_step() -> None:
    detector = detector_for(CONTENT)
    found = detector.detect("Let me get the full picture so you don't have to repeat it.", None, [])
    assert Move.ACTION_PLAN not in found.moves


@pytest.mark.parametrize(
    "turn",
    [
        "And what you want to happen with the claim now?",
        "Tell me please, what is the good ending for you?",
        "I ask only: what outcome you would like from me today?",
        "Please, you tell me - where you must be, and at what time?",
        "Tell me what 'put right' looks like to you.",
    ],
)
def test_outcome_questions_in_non_native_or_clipped_english(turn: str) -> None:
    assert Move.CLARIFY_OUTCOME in detector_for(CONTENT).detect(turn, None, []).moves


def test_a_statement_about_what_they_want_is_not_a_question() -> None:
    found = detector_for(CONTENT).detect(
        "I know what you want to happen, and I'll do it.", None, []
    )
    assert Move.CLARIFY_OUTCOME not in found.moves


def test_a_word_and_its_inflections_share_a_stem() -> None:
    assert stem("charge") == stem("charged") == stem("charges")
    assert stem("promise") == stem("promised")
    assert stem("fee") == stem("fees")


def test_a_case_raises_its_own_side_issues() -> None:
    engine, _ = _engine("chronic_caller", "kitchen_remodel_delay")
    raised = {line.text for line in engine.offline.bank.entries(LineKind.NEW_ISSUE)}
    case = CONTENT.scenarios["kitchen_remodel_delay"]
    assert raised == {issue.text for issue in case.side_issues}
    assert not any("old plan" in text for text in raised)


def test_one_or_two_side_issues_is_an_error_with_its_place(tmp_path: Path) -> None:
    shipped = shipped_content_dir() / "scenarios" / "kitchen_remodel_delay.yaml"
    head, tail = shipped.read_text().split("side_issues:\n", 1)
    path = tmp_path / "kitchen_remodel_delay.yaml"
    path.write_text(head + "side_issues:\n" + "\n".join(tail.splitlines()[:2]) + "\n")
    with pytest.raises(ContentError) as raised:
        load_file(path, Scenario)
    message = str(raised.value)
    assert "kitchen_remodel_delay.yaml:" in message
    assert "side_issues: expected none or at least 3" in message


@pytest.mark.parametrize(
    ("turn", "move"),
    [
        ("Our records policy is we send within 10 business days of a request.", Move.CITE_POLICY),
        ("Honestly it is their side that loses things.", Move.BLAME_SHIFT),
        ("So technically we are not late yet.", Move.ARGUE),
        ("I can also take tonight off the bill, the $312.", Move.ACTION_PLAN),
        ("We have a data team that can do the import for you.", Move.ACTION_PLAN),
        ("theyll run the import for u", Move.ACTION_PLAN),
    ],
)
def test_what_poor_and_clipped_agents_say_is_read(turn: str, move: Move) -> None:
    assert move in detector_for(CONTENT).detect(turn, None, []).moves


@pytest.mark.parametrize(
    "turn",
    [
        "Our records policy is we send within 10 business days of a request.",
        "Okay, I will resend it today at some point.",
        "I can extend your refund window by 14 days.",
    ],
)
def test_a_rule_a_vague_time_or_an_amount_is_no_time_given(turn: str) -> None:
    spans = detector_for(CONTENT).detect(turn, None, []).spans.get(Move.SET_TIMELINE, ())
    assert not any(
        turn[a:b].strip().lower().startswith(("within", "today", "by")) for a, b in spans
    )


def test_a_policy_said_after_so_or_news_heard_first_is_no_paraphrase() -> None:
    detector = detector_for(CONTENT)
    customer = "I want to know who decided I'm the one who gets bumped from the room I booked."
    policy = "So our policy is that room types are requested, not guaranteed, on the booking."
    assert Move.REFLECT not in detector.detect(policy, customer, []).moves
    news = "First I am hearing about an anniversary."
    assert Move.REFLECT not in detector.detect(news, None, []).moves


def test_a_hold_on_the_account_is_not_being_put_on_hold() -> None:
    assert not HOLD.search("i will put a hold on the account so it does not go to collections.")
    assert not HOLD.search("we can put the account on hold")
    assert HOLD.search("can you hold on a sec?")
    assert HOLD.search("i'll put you on hold for a minute")


def test_a_word_two_wants_share_is_an_error_with_its_place(tmp_path: Path) -> None:
    shipped = shipped_content_dir() / "scenarios" / "bank_duplicate_charge.yaml"
    text = shipped.read_text().replace(
        "words: [overdraft, fee, fees, waive, penalty]", "words: [overdraft, fee, refund]"
    )
    path = tmp_path / "bank_duplicate_charge.yaml"
    path.write_text(text)
    with pytest.raises(ContentError) as raised:
        load_file(path, Scenario)
    assert (
        "bank_duplicate_charge.yaml:65: wants[1].words: expected words only this part uses"
        in str(raised.value)
    )
