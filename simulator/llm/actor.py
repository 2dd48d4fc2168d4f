"""The LLM customer: the same beats as the offline actor, worded by a chat model.

What happens in the story (facts revealed, mood, triggers, the ending) is decided by the
director; the model only writes the line, in character, from stage directions. Its reply is
checked before it is shown; a bad one is asked for again once, then replaced by the offline
actor's line for that turn, with a note on the session. Timeouts, rate limits and server
errors are retried with backoff and jitter, a bounded number of times; when the provider
stays down the caller gets ``ProviderDown`` and carries on with the offline actor.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.content import ContentSet
from simulator.llm import guard, prompt, tokens
from simulator.llm.choice import LLMError, ModelSpec
from simulator.llm.providers import cost, provider_for
from simulator.models.content import Persona, Scenario
from simulator.practice.actor import Cue, Spoken, TokenSink
from simulator.practice.offline import OfflineActor

TRANSIENT = frozenset(
    {"RateLimitError", "APITimeoutError", "APIConnectionError", "InternalServerError", "Timeout"}
)
HOLD_BACK = 48
"""Characters kept back while streaming, so a reply that goes wrong is caught before it shows."""


class ProviderDown(LLMError):
    """The provider did not answer after the retries."""


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries with exponential backoff and jitter."""

    attempts: int = 4
    base_s: float = 0.5
    cap_s: float = 8.0
    sleep: Callable[[float], None] = time.sleep

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Seconds to wait before retry ``attempt`` (from 1)."""
        step = min(self.cap_s, self.base_s * 2 ** (attempt - 1))
        return float(step + rng.uniform(0, step / 2))


def is_transient(exc: BaseException) -> bool:
    """Timeouts, connection errors, 429 and 5xx are worth retrying; the rest are not."""
    status = getattr(exc, "status_code", None)
    return (
        type(exc).__name__ in TRANSIENT
        or status == 429
        or (isinstance(status, int) and status >= 500)
    )


@dataclass
class Usage:
    """Tokens and estimated cost of a session's model calls."""

    model: ModelSpec
    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    per_call_prompt: list[int] = field(default_factory=list)

    def add(self, prompt_tokens: int, cached: int, completion: int) -> None:
        """Record one call."""
        self.prompt_tokens += prompt_tokens
        self.cached_tokens += cached
        self.completion_tokens += completion
        self.calls += 1
        self.per_call_prompt.append(prompt_tokens)

    def to_json(self) -> dict[str, Any]:
        """The ``usage`` object of `defuse practice --report json`."""
        return {
            "prompt_tokens": self.prompt_tokens,
            "cached_tokens": self.cached_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": cost(
                self.model, self.prompt_tokens, self.cached_tokens, self.completion_tokens
            ),
        }


class LLMActor:
    """Words each beat with a chat model; falls back to the offline actor's line."""

    def __init__(
        self,
        model: Any,
        spec: ModelSpec,
        content: ContentSet,
        persona: Persona,
        scenario: Scenario,
        fallback: OfflineActor,
        retry: RetryPolicy | None = None,
    ) -> None:
        if "default" not in content.directions or not content.guidelines:
            raise LLMError("LLM mode needs personas/acting/guidelines.md and directions.yaml")
        self.model = model
        self.spec = spec
        self.name = spec.id
        self.directions = content.directions["default"]
        self.scenario = scenario
        self.fallback = fallback
        self.retry = retry or RetryPolicy()
        self.static = prompt.prefix(content.guidelines, persona, scenario)
        self.history = prompt.History()
        self.usage = Usage(spec)

    def count(self, text: str) -> int:
        """Tokens of ``text`` for this model."""
        return tokens.count(text, self.name)

    def prime(self, turns: list[tuple[str, str]]) -> None:
        """Load the conversation so far (speaker, text), e.g. when a call is resumed."""
        for speaker, text in turns:
            self.history.add("user" if speaker == "agent" else "assistant", text)

    def messages(self, cue: Cue) -> list[prompt.Message]:
        """The prompt for this turn."""
        return prompt.build(
            self.static, self.history, cue, self.directions, self.scenario, self.count
        )

    def speak(self, cue: Cue, rng: random.Random) -> Spoken:
        """The customer's line for these beats, checked; the offline line when it fails twice."""
        return self._say(cue, rng, None)

    def stream(self, cue: Cue, rng: random.Random, sink: TokenSink) -> Spoken:
        """As ``speak``, passing checked pieces of the reply to ``sink`` as the model sends them."""
        return self._say(cue, rng, sink)

    def _say(self, cue: Cue, rng: random.Random, sink: TokenSink | None) -> Spoken:
        messages = self.messages(cue)
        directions = messages[-1].content
        note = None
        text = ""
        for attempt in (1, 2):
            text = self._complete(messages, rng, sink)
            why = guard.problem(text, directions)
            if why is None:
                break
            if sink:
                sink(None)
            note = f"model reply rejected ({why})" + (", asked again" if attempt == 1 else "")
        else:
            spoken = self.fallback.speak(cue, rng)
            text = spoken.text
            note = f"{note}; the offline customer's line was used"
            if sink:
                sink(text)
        if cue.trainee:
            self.history.add("user", cue.trainee)
        self.history.add("assistant", text)
        return Spoken(text.strip(), (), note)

    def _complete(
        self, messages: list[prompt.Message], rng: random.Random, sink: TokenSink | None
    ) -> str:
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._stream_once(messages, sink)
            except Exception as exc:
                if not is_transient(exc):
                    raise LLMError(f"the model call failed: {type(exc).__name__}: {exc}") from None
                if attempt >= self.retry.attempts:
                    raise ProviderDown(
                        f"the model provider is not answering ({type(exc).__name__} after "
                        f"{attempt} tries)"
                    ) from None
                if sink:
                    sink(None)
                self.retry.sleep(self.retry.delay(attempt, rng))

    def _stream_once(self, messages: list[prompt.Message], sink: TokenSink | None) -> str:
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage  # noqa: PLC0415

        kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
        payload = [kinds[m.role](content=m.content) for m in messages]
        text, shown = "", 0
        usage: dict[str, Any] | None = None
        for chunk in self.model.stream(payload):
            piece = chunk.content if isinstance(chunk.content, str) else ""
            text += piece
            if getattr(chunk, "usage_metadata", None):
                usage = chunk.usage_metadata
            safe = len(text) - HOLD_BACK
            if sink and safe > shown and guard.problem(text[:safe], "") is None:
                sink(text[shown:safe])
                shown = safe
        if sink and guard.problem(text, messages[-1].content) is None and len(text) > shown:
            sink(text[shown:])
        if usage:
            details = usage.get("input_token_details") or {}
            self.usage.add(
                int(usage.get("input_tokens", 0)),
                int(details.get("cache_read", 0) or 0),
                int(usage.get("output_tokens", 0)),
            )
        else:  # the provider sent no usage: count it ourselves
            self.usage.add(sum(self.count(m.content) for m in messages), 0, self.count(text))
        return text


def build_actor(
    content: ContentSet,
    persona: Persona,
    scenario: Scenario,
    fallback: OfflineActor,
    spec: ModelSpec,
    retry: RetryPolicy | None = None,
) -> LLMActor:
    """An LLM actor for ``spec``; its provider checks the endpoint first (key, server, model)."""
    provider = provider_for(spec)
    provider.preflight(spec)
    model = provider.chat_model(spec, temperature=0.8)
    return LLMActor(model, spec, content, persona, scenario, fallback, retry)
