"""The guard on what weak models do, and bounded turns, with stand-in chat models."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk
from pydantic import Field

from simulator.content import default_content
from simulator.llm.actor import LLMActor, RetryPolicy, TurnLimits
from simulator.llm.choice import ModelSpec
from simulator.llm.guard import Context, Opening, problem
from simulator.practice import CallSetup, SessionEngine

SETUP = CallSetup("impatient", "hvac_missed_window", 2, 3)
OPENING = "Finally. Where is your technician?"
TRAINEE = "I'm so sorry about the wait this morning. What happened with the appointment?"


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        ("Just fix it. Just fix it.", "repeats a sentence"),
        ("One. Two. Three. Four.", "more than 3 sentences"),
        ("I want it fixed.\n\nAnd today.", "a paragraph or line break"),
        ("I want it fixed. Agent: we will.", "a speaker label"),
        ("*sighs* Just fix it.", "stage directions in brackets or asterisks"),
        ("(angrily) Just fix it.", "stage directions in brackets or asterisks"),
        ("She sighs. Just fix it.", "narrates actions"),
        ("The agent is useless.", 'talks about "the agent" or "the customer"'),
        ("The customer is upset about the visit.", 'talks about "the agent" or "the customer"'),
        ("How can I help you today?", "talks like the agent or an assistant"),
        ("Thank you for calling, have a great day.", "talks like the agent or an assistant"),
        (TRAINEE, "echoes the trainee"),
        ("I want to know why it is late, I want to know why it is late!", "loops on a phrase"),
        ("I will grade you on this.", "steps out of character"),
        ("", "empty reply"),
    ],
)
def test_the_guard_names_what_is_wrong(reply: str, why: str) -> None:
    assert problem(reply, Context(trainee=TRAINEE)) == why


@pytest.mark.parametrize(
    "reply",
    [
        "Where is your technician? I took the morning off for this.",
        "Customer service here is a joke. When, exactly?",
        "Fine. I'll hold you to 3 p.m. today.",
        "Sorry, what? Just tell me when he's coming.",
    ],
)
def test_the_guard_lets_a_customer_talk(reply: str) -> None:
    assert problem(reply, Context(trainee=TRAINEE)) is None


def test_an_opening_must_fit_the_scenario() -> None:
    opening = Opening("Dana Reyes", "Nobody came for the heating repair this morning.")
    assert problem("This is Bob. The heating repair never happened.", Context(opening=opening))
    assert problem("Hello there, good day.", Context(opening=opening)) == (
        "the opening does not say why they are calling"
    )
    assert problem("Hello there, good day.", Context(opening=opening), partial=True) is None
    assert problem("This is Dana. Nobody came for my repair.", Context(opening=opening)) is None


def test_a_line_the_customer_said_before_is_not_said_again() -> None:
    earlier = ("I took the whole morning off without pay. Where is your technician?",)
    again = "I took the whole morning off without pay. Fine."
    assert problem(again, Context(earlier=earlier)) == "repeats an earlier line"


class Chunks(GenericFakeChatModel):
    """Streams the given chunks (text, finish reason), optionally slowly."""

    replies: list[list[tuple[str, str | None]]]
    delay: float = 0.0
    seen: list[dict[str, Any]] = Field(default_factory=list)

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        self.seen.append(kwargs)
        for text, finish in self.replies.pop(0):
            time.sleep(self.delay)
            meta = {"finish_reason": finish} if finish else {}
            yield ChatGenerationChunk(message=AIMessageChunk(content=text, response_metadata=meta))


def _engine(model: Any, limits: TurnLimits | None = None) -> SessionEngine:
    content = default_content()
    engine = SessionEngine(content, SETUP)
    engine.actor = LLMActor(
        model,
        ModelSpec("openai", "gpt-4o-mini"),
        content,
        engine.persona,
        engine.scenario,
        engine.offline,
        RetryPolicy(attempts=2, base_s=0.0, sleep=lambda _: None),
        limits,
    )
    return engine


def _words(text: str) -> list[tuple[str, str | None]]:
    parts = text.split(" ")
    return [(w if i == 0 else " " + w, None) for i, w in enumerate(parts)]


def test_streamed_sentences_show_only_after_they_pass() -> None:
    bad = "Okay. Where is he? How can I help you today? More."
    good = "Okay. When is he coming, exactly?"
    model = Chunks(messages=iter([]), replies=[_words(OPENING), _words(bad), _words(good)])
    engine = _engine(model)
    _, state = engine.start()
    pieces: list[str | None] = []
    result = engine.step(state, "Let me check the booking.", pieces.append)
    assert result.reply == good and result.note and "asked again" in result.note
    # The first two sentences passed and showed, the assistant line never did, then retracted.
    assert pieces[: pieces.index(None)] == ["Okay.", " Where is he?"]
    assert "".join(p for p in pieces[pieces.index(None) + 1 :] if p) == good
    assert not any(p and "help you" in p for p in pieces)
    options = model.seen[-1]
    assert options["max_tokens"] == engine.persona.reply_length.max_tokens
    assert options["stop"] == list(default_content().directions["default"].stop)


def test_a_reply_cut_by_the_token_limit_is_not_shown() -> None:
    cut = [*_words("Okay. I want to know when the"), ("", "length")]
    model = Chunks(messages=iter([]), replies=[_words(OPENING), cut, cut])
    engine = _engine(model)
    _, state = engine.start()
    result = engine.step(state, "Let me check the booking.")
    assert result.note and "token limit" in result.note
    assert "offline customer's line was used" in result.note
    assert "I want to know when the" not in result.reply


def test_a_turn_never_outlasts_its_deadline() -> None:
    slow = Chunks(messages=iter([]), replies=[_words(OPENING * 5)], delay=0.05)
    engine = _engine(slow, TurnLimits(0.2))
    started = time.monotonic()
    pieces: list[str | None] = []
    opening, _ = engine.start(pieces.append)
    assert time.monotonic() - started < 1.0
    actor: LLMActor = engine.actor  # type: ignore[assignment]
    assert not actor.turns[-1].shown
    assert opening == "".join(p for p in pieces[pieces.index(None) + 1 :] if p).strip()


def test_the_deadline_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from simulator.llm.choice import LLMError  # noqa: PLC0415

    monkeypatch.setenv("DEFUSE_TURN_DEADLINE", "4.5")
    assert TurnLimits.from_env().deadline_s == 4.5
    monkeypatch.setenv("DEFUSE_TURN_DEADLINE", "soon")
    with pytest.raises(LLMError, match="DEFUSE_TURN_DEADLINE must be a number"):
        TurnLimits.from_env()


def test_the_persona_sets_the_reply_length() -> None:
    personas = default_content().personas
    assert personas["silent_dissenter"].reply_length.max_sentences == 2
    assert personas["aggressive"].reply_length.max_sentences == 3  # the documented default
