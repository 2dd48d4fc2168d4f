"""A customer line is said only when what it takes for granted is true of the call.

"Don't tell me to calm down" needs an agent who said calm down (or relax, or chill, in chat
spelling too); "One question at a time" needs two questions; "Surely someone can waive
that" needs something named to waive. Lines declare it (``when``, ``said``), the offline
customer honours it, the coherence checks catch a reply that does not, and the LLM
customer's stage directions follow the same premises.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from simulator.content import ContentError, ContentSet, default_content
from simulator.content.loader import load_file
from simulator.llm.prompt import directions_text
from simulator.models.lines import Directions, Line, LineBank, LineKind, Premise
from simulator.moves.questions import distinct_questions
from simulator.moves.spelling import standardise
from simulator.moves.text import normalise, questions
from simulator.practice import CallSetup, SessionEngine
from simulator.practice.actor import Cue
from simulator.practice.coherence import presupposed
from simulator.practice.director import Beat
from simulator.practice.offline import OfflineActor
from simulator.practice.premises import hear

LINES = Path(__file__).resolve().parents[1] / "personas" / "lines"
REACTIONS = {LineKind.CALM_DOWN, LineKind.HELPLESS, LineKind.BLAME, LineKind.MULTI_QUESTION}


@pytest.fixture(scope="module")
def content() -> ContentSet:
    return default_content()


@pytest.mark.parametrize(
    ("turn", "premise"),
    [
        ("Calm down, there's no need to shout.", Premise.TOLD_TO_CALM),
        ("pls relax ok", Premise.TOLD_TO_CALM),
        ("u need 2 calm dwn", Premise.TOLD_TO_CALM),
        ("no need to get so worked up", Premise.TOLD_TO_CALM),
        ("its ur fault u shouldve read the t&cs", Premise.BLAMED_CUSTOMER),
        ("Delivery is handled by RoadRunner, they're a third party.", Premise.BLAMED_OTHERS),
        ("thats our policy, theres nothing i can do about it", Premise.NOTHING_DOABLE),
        ("there's a 39 dollar change fee", Premise.FEE_NAMED),
        ("ill have it sorted by 5", Premise.PROMISED),
        ("i promise its done today", Premise.GUARANTEED),
    ],
)
def test_the_agents_words_are_heard_in_any_spelling(turn: str, premise: Premise) -> None:
    assert premise in hear(turn).premises


@pytest.mark.parametrize(
    "turn",
    [
        "Order number?",
        "ugh im really sorry, u shouldve been given options right there.",
        "I can't do anything about the chat bot, but I can sort the table.",
        "That's what's available tonight.",
        "What matters most to you tonight?",
    ],
)
def test_a_turn_does_not_hold_what_it_did_not_say(turn: str) -> None:
    assert not hear(turn).premises & {
        Premise.TOLD_TO_CALM,
        Premise.BLAMED_CUSTOMER,
        Premise.NOTHING_DOABLE,
        Premise.PROMISED,
    }


def _picks(content: ContentSet, persona: str, kind: LineKind, turn: str) -> set[str]:
    bank = content.line_banks[persona]
    actor = OfflineActor(bank, next(iter(content.scenarios.values())))
    heard = hear(turn)
    return {actor.choose(kind, 6.0, [], random.Random(seed), heard=heard) for seed in range(60)}


@pytest.mark.parametrize("persona", ["aggressive", "chronic_caller", "complainer", "impatient"])
def test_calm_down_is_quoted_only_to_an_agent_who_said_it(
    content: ContentSet, persona: str
) -> None:
    brushed_off = _picks(content, persona, LineKind.CALM_DOWN, "At least it wasn't the basement!")
    assert brushed_off
    assert not any("calm" in line.lower() for line in brushed_off), brushed_off
    told = _picks(content, persona, LineKind.CALM_DOWN, "ok u need 2 calm down")
    assert told and all("calm" in line.lower() for line in told), told  # the fitting ones first


def test_a_line_echoing_a_word_needs_the_agent_to_have_said_it(content: ContentSet) -> None:
    terms = _picks(content, "aggressive", LineKind.POLICY, "That's in the terms, I'm afraid.")
    assert "Policy, policy. Does anyone there think for themselves?" not in terms
    policy = _picks(content, "aggressive", LineKind.POLICY, "it's company policies, sorry")
    assert policy == {"Policy, policy. Does anyone there think for themselves?"}


def test_nothing_to_waive_means_no_waive_line(content: ContentSet) -> None:
    plain = _picks(content, "entitled", LineKind.ASK_EXCEPTION, "Is that right?")
    assert not any("waive" in line for line in plain)
    fee = _picks(content, "entitled", LineKind.ASK_EXCEPTION, "There's a change fee of $75.")
    assert fee == {"Surely someone can waive that for me."}


def test_when_the_fitting_lines_are_spent_a_plain_one_is_said_again(
    content: ContentSet,
) -> None:
    bank = content.line_banks["entitled"]
    actor = OfflineActor(bank, next(iter(content.scenarios.values())))
    plain = [line.text for line in bank.entries(LineKind.BLAME) if not line.premised]
    again = actor.choose(LineKind.BLAME, 5.0, plain, random.Random(1), heard=hear("Order number?"))
    assert again == plain[0]  # said longest ago, never "Don't suggest this is my doing."


def test_every_kind_keeps_plain_lines(content: ContentSet) -> None:
    for bank in content.line_banks.values():
        for kind in LineKind:
            plain = [line for line in bank.entries(kind) if not line.premised]
            assert len(plain) >= 3, (bank.id, kind.value)


def test_a_bank_with_too_few_plain_lines_names_file_line_and_field(tmp_path: Path) -> None:
    text = (LINES / "entitled.yaml").read_text(encoding="utf-8")
    for plain in ('"Then find someone who can do something."', '"That\'s simply not acceptable."'):
        text = text.replace(
            f"    - {plain}\n", f"    - text: {plain}\n      when: nothing_doable\n"
        )
    path = tmp_path / "entitled.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_file(path, LineBank)
    problem = info.value.problems[0]
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row == "  helpless:")
    assert (problem.line, problem.field) == (line, "lines.helpless")
    assert "expected at least 3 lines with no `when` or `said`" in problem.message


def test_an_unknown_premise_names_file_line_and_field(tmp_path: Path) -> None:
    text = (LINES / "entitled.yaml").read_text(encoding="utf-8")
    text = text.replace("when: fee_named", "when: fee_mentioned")
    path = tmp_path / "entitled.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_file(path, LineBank)
    problem = info.value.problems[0]
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "fee_mentioned" in row)
    assert problem.line == line
    assert problem.field.endswith(".when")
    assert "fee_named" in problem.message  # names what it expected


def _asked(turn: str) -> int:
    return distinct_questions([q.text for q in questions(normalise(standardise(turn).text))])


@pytest.mark.parametrize(
    ("turn", "count"),
    [
        ("Water damage, huh? Anyway, what actually happened with the leak?", 1),
        ("What would fix today for you? A slot this afternoon, first thing tomorrow, else?", 1),
        ("would u want to stay? or would u rather just cancel?", 1),
        ("what did they say to u? like did anyone say the draft was ready?", 1),
        ("So the goal is landing by eleven, is that right? And how long do you need?", 1),
        ("how did u cancel in jan? was it at the front desk or online", 1),
        ("who's ur lawyer on it? and did u send them anything recently?", 2),
        ("Whats your name? Order number?", 2),
    ],
)
def test_questions_are_counted_by_what_they_ask(turn: str, count: int) -> None:
    assert _asked(turn) == count


@pytest.mark.parametrize("persona", ["aggressive", "chronic_caller", "entitled", "impatient"])
def test_a_bare_question_gets_no_reaction_to_how_it_was_asked(
    content: ContentSet, persona: str
) -> None:
    scenario = next(s.id for s in content.scenarios.values() if persona in s.personas)
    for turn in ("Order number?", "ok whats the order number", "Water damage, huh? What happened?"):
        engine = SessionEngine(content, CallSetup(persona, scenario, 2, 3))
        _, state = engine.start()
        result = engine.step(state, turn)
        assert not set(result.beats) & REACTIONS, (turn, result.reply)


def test_sympathy_is_not_answered_as_blame(content: ContentSet) -> None:
    engine = SessionEngine(content, CallSetup("entitled", "hotel_double_booking", 3, 967850))
    _, state = engine.start()
    result = engine.step(state, "im so sorry, u shouldve been given options right there")
    assert LineKind.BLAME not in result.beats, result.reply


def test_the_coherence_check_fails_a_reaction_to_words_not_said() -> None:
    reply = "Don't tell me to calm down. I'm not going through it all again."
    beats = [LineKind.CALM_DOWN, LineKind.GUARDED]
    parts = ["Don't tell me to calm down.", "I'm not going through it all again."]
    assert presupposed(reply, beats, parts, "Water damage, eh - at least it wasn't the basement!")
    assert not presupposed(reply, beats, parts, "pls just calm dwn")
    waive = "Hmm. What else is available? Surely someone can waive that for me."
    kinds = [LineKind.OPTION_REJECT, LineKind.ASK_EXCEPTION]
    assert presupposed(waive, kinds, [], "We'll get you there for it. Is that right?")
    assert not presupposed(waive, kinds, [], "There's a $75 change fee on that fare.")


def test_a_question_asked_again_is_not_read_as_a_fresh_reaction() -> None:
    reply = "You didn't answer me. And when that doesn't happen, then what?"
    assert not presupposed(reply, [LineKind.UNANSWERED], [reply], "Order number?")


def test_stage_directions_follow_the_same_premises(content: ContentSet) -> None:
    directions: Directions = content.directions["default"]
    engine = SessionEngine(content, CallSetup("aggressive", "hotel_double_booking", 2, 0))
    _, state = engine.start()
    beats = [Beat(LineKind.CALM_DOWN)]
    told = directions_text(Cue(beats, state, "calm down pls"), directions, engine.scenario)
    joked = directions_text(
        Cue(beats, state, "at least it's not raining!"), directions, engine.scenario
    )
    assert "told to calm down" in told
    assert "calm down" not in joked


def test_plain_text_lines_take_nothing_for_granted() -> None:
    assert not Line(text="Okay.").premised
    assert Line(text="Calm down?", when=Premise.TOLD_TO_CALM).premised
    assert Line(text="Policy, policy.", said=("policy",)).premised
