"""The LLM customer: the same beats as the offline actor, worded by a chat model.

What happens in the story (facts revealed, mood, triggers, the ending) is decided by the
director; the model only writes the line, in character, from stage directions. Its reply is
checked before it is shown; a bad one is asked for again once, then replaced by the offline
actor's line for that turn, with a note on the session. Timeouts, rate limits and server
errors are retried with backoff and jitter, a bounded number of times; when the provider
stays down the caller gets ``ProviderDown`` and carries on with the offline actor.
"""

from __future__ import annotations

import os
import queue
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.content import ContentSet
from simulator.llm import guard, prompt, tokens
from simulator.llm.choice import LLMError, ModelSpec
from simulator.llm.providers import Price, provider_for
from simulator.models.content import Persona, Scenario
from simulator.models.lines import LineKind
from simulator.moves.text import SENTENCE_MARKS, normalise, sentences
from simulator.practice.actor import Cue, Spoken, TokenSink
from simulator.practice.offline import OfflineActor

TRANSIENT = frozenset(
    {
        # openai's SDK (APITimeoutError is an APIConnectionError)
        "RateLimitError",
        "APITimeoutError",
        "APIConnectionError",
        "InternalServerError",
        # httpx / httpx2 transport failures under any SDK
        "TimeoutException",
        "TransportError",
        "NetworkError",
        "RemoteProtocolError",
        # Python's own
        "TimeoutError",
        "ConnectionError",
    }
)
"""Error classes worth retrying, by name so no SDK has to be imported to check; a subclass of
any of them (an SDK's own timeout or connection error) is retried too."""
DEFAULT_DEADLINE_S = 12.0
"""Seconds one customer turn may take, retries included, before the offline line is used."""
MAX_DEADLINE_S = 600.0
"""The longest DEFUSE_TURN_DEADLINE taken: a turn that may wait longer is a hang."""
ENV_DEADLINE = "DEFUSE_TURN_DEADLINE"


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
    """Timeouts, connection errors, 429 and 5xx are worth retrying; the rest are not.

    The error's class and every class it derives from are checked, and so are the errors it
    was raised from: a wrapper (a LangChain or SDK error raised from a timeout) is as
    transient as its cause.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        status = getattr(current, "status_code", None)
        if status == 429 or (isinstance(status, int) and status >= 500):
            return True
        if any(kind.__name__ in TRANSIENT for kind in type(current).__mro__):
            return True
        current = current.__cause__ or current.__context__
    return False


@dataclass
class Usage:
    """Tokens and estimated cost of a session's model calls."""

    model: ModelSpec
    price: Price | None = None
    """The model's price, read once when the call starts (None when it is not listed)."""
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
            "cost_usd": None
            if self.price is None
            else self.price.cost(self.prompt_tokens, self.cached_tokens, self.completion_tokens),
        }


@dataclass(frozen=True)
class TurnLimits:
    """How long one customer turn may take, retries and a second ask included."""

    deadline_s: float = DEFAULT_DEADLINE_S
    """After this, the offline customer's line is used for the turn and the session notes it."""

    @classmethod
    def from_env(cls) -> TurnLimits:
        """DEFUSE_TURN_DEADLINE (seconds) when set, else the default; LLMError if unreadable."""
        raw = os.environ.get(ENV_DEADLINE)
        if not raw:
            return cls()
        try:
            seconds = float(raw)
        except ValueError:
            raise LLMError(f"{ENV_DEADLINE} must be a number of seconds, got {raw!r}") from None
        # Written so that nan fails too; inf (no deadline) would let a stalled server hang
        # the turn, which the deadline is there to prevent.
        if not 0 < seconds <= MAX_DEADLINE_S:
            raise LLMError(
                f"{ENV_DEADLINE} must be more than 0 and at most {MAX_DEADLINE_S:g} seconds, "
                f"got {raw!r}"
            )
        return cls(seconds)


class TurnTimeout(LLMError):
    """The turn's deadline passed before the model gave a reply that could be shown."""


@dataclass(frozen=True)
class TurnStats:
    """How one customer turn went, for the session's notes and the bench."""

    shown: bool
    """True when the model's reply was shown; False when the offline line replaced it."""
    attempts: int
    first_token_s: float | None
    """Seconds from the request to the model's first text, on the attempt that was used."""
    total_s: float
    model_s: float
    """Seconds spent waiting on the model (the rest is Defuse's own work)."""
    reasons: tuple[str, ...] = ()
    """Why replies were rejected, in order."""
    rejected: tuple[str, ...] = ()
    """The rejected replies (as far as they got), never shown whole to the trainee."""
    retracted: bool = False
    """True when some of a rejected reply had been shown before it was taken back."""


@dataclass
class _Reply:
    text: str
    problem: str | None
    shown: bool
    first_token_s: float | None


class _Clock:
    """The turn's deadline and the time spent waiting on the model."""

    def __init__(self, deadline_s: float) -> None:
        self.started = time.monotonic()
        self.deadline = self.started + deadline_s
        self.deadline_s = deadline_s
        self.waiting = 0.0
        self.first: float | None = None
        """Seconds to the turn's first text from the model, on any attempt."""

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def check(self) -> None:
        if self.left() <= 0:
            raise TurnTimeout(f"no fit reply within the {self.deadline_s:g} s turn deadline")


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
        limits: TurnLimits | None = None,
    ) -> None:
        if "default" not in content.directions or not content.guidelines:
            raise LLMError("LLM mode needs personas/acting/guidelines.md and directions.yaml")
        self.model = model
        self.spec = spec
        self.name = spec.id
        self.directions = content.directions["default"]
        self.persona = persona
        self.scenario = scenario
        self.fallback = fallback
        self.retry = retry or RetryPolicy()
        self.limits = limits or TurnLimits()
        self.provider = provider_for(spec)
        self.static = prompt.prefix(content.guidelines, persona, scenario)
        self.history = prompt.History()
        # The price table (DEFUSE_PRICES included) is read here, so a bad one stops the
        # call before it starts rather than after the first turn, and never per turn.
        self.usage = Usage(spec, self.provider.price(spec))
        self.turns: list[TurnStats] = []
        """One entry per customer turn this actor played."""

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

    def context(self, cue: Cue, directions: str) -> guard.Context:
        """What this turn's reply is checked against (limits from the persona's file)."""
        opening = any(beat.kind is LineKind.OPENING for beat in cue.beats)
        return guard.Context(
            directions=directions,
            trainee=cue.trainee,
            earlier=tuple(m.content for m in self.history.turns if m.role == "assistant"),
            max_sentences=self.persona.reply_length.max_sentences,
            opening=guard.Opening(self.scenario.customer.name, self.scenario.reason_for_call)
            if opening
            else None,
        )

    def speak(self, cue: Cue, rng: random.Random) -> Spoken:
        """The customer's line for these beats, checked; the offline line when it fails twice."""
        return self._say(cue, rng, None)

    def stream(self, cue: Cue, rng: random.Random, sink: TokenSink) -> Spoken:
        """As ``speak``, passing the reply to ``sink`` a checked sentence at a time."""
        return self._say(cue, rng, sink)

    def _say(self, cue: Cue, rng: random.Random, sink: TokenSink | None) -> Spoken:
        clock = _Clock(self.limits.deadline_s)
        messages = self.messages(cue)
        context = self.context(cue, messages[-1].content)
        reasons: list[str] = []
        rejected: list[str] = []
        retracted = False
        reply: _Reply | None = None
        attempts = 0
        note = None
        try:
            for attempt in (1, 2):
                attempts = attempt
                reply = self._complete(messages, context, clock, rng, sink)
                if reply.problem is None:
                    break
                reasons.append(reply.problem)
                rejected.append(reply.text)
                if reply.shown and sink:
                    sink(None)
                    retracted = True
                note = f"model reply rejected ({reply.problem})" + (
                    ", asked again" if attempt == 1 else ""
                )
            else:
                reply = None
        except ProviderDown:
            raise
        except LLMError as exc:  # the deadline, or a request the provider refused
            reply = None
            if sink:
                sink(None)
            note = f"{note}; {exc}" if note else str(exc)
        shown = reply is not None
        if reply is not None:
            text = reply.text
        else:
            text = self.fallback.speak(cue, rng).text
            note = f"{note}; the offline customer's line was used"
            if sink:
                sink(text)
        if cue.trainee:
            self.history.add("user", cue.trainee)
        self.history.add("assistant", text)
        self.turns.append(
            TurnStats(
                shown=shown,
                attempts=attempts,
                first_token_s=clock.first,
                total_s=time.monotonic() - clock.started,
                model_s=clock.waiting,
                reasons=tuple(reasons),
                rejected=tuple(rejected),
                retracted=retracted,
            )
        )
        return Spoken(text.strip(), (), note)

    def _complete(
        self,
        messages: list[prompt.Message],
        context: guard.Context,
        clock: _Clock,
        rng: random.Random,
        sink: TokenSink | None,
    ) -> _Reply:
        attempt = 0
        while True:
            attempt += 1
            clock.check()
            try:
                return self._stream_once(messages, context, clock, sink)
            except TurnTimeout:
                raise
            except Exception as exc:
                if clock.left() <= 0:
                    raise TurnTimeout(
                        f"no fit reply within the {clock.deadline_s:g} s turn deadline "
                        f"({type(exc).__name__})"
                    ) from None
                if not is_transient(exc):
                    raise LLMError(f"the model call failed: {type(exc).__name__}: {exc}") from None
                if attempt >= self.retry.attempts:
                    raise ProviderDown(
                        f"the model provider is not answering ({type(exc).__name__} after "
                        f"{attempt} tries)"
                    ) from None
                if sink:
                    sink(None)
                wait = self.retry.delay(attempt, rng)
                if wait >= clock.left():
                    raise TurnTimeout(
                        f"the model did not answer within the {clock.deadline_s:g} s turn "
                        f"deadline ({type(exc).__name__})"
                    ) from None
                self.retry.sleep(wait)

    def _stream_once(
        self,
        messages: list[prompt.Message],
        context: guard.Context,
        clock: _Clock,
        sink: TokenSink | None,
    ) -> _Reply:
        """One request; whole sentences go to ``sink`` only once they pass the guard.

        Once the reply has failed, the rest is read but not shown (the token limit bounds
        it): a server frees the request's slot, and its cached prompt, when the reply ends
        rather than when the client hangs up. A reply the token limit cut off is a bad
        reply, never shown whole.
        """
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage  # noqa: PLC0415

        kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
        payload = [kinds[m.role](content=m.content) for m in messages]
        options = self.provider.request_options(
            max_tokens=self.persona.reply_length.max_tokens,
            stop=list(self.directions.stop),
            timeout_s=max(0.1, clock.left()),
        )
        held = _Held(context, clock, sink)
        chunks: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()
        # The model is read on a worker thread so the deadline holds even while a read
        # blocks; the chunks are handled (and shown) here, on the caller's thread.
        worker = threading.Thread(
            target=_pump, args=(self.model, payload, options, chunks, stop), daemon=True
        )
        worker.start()
        try:
            while True:
                waited = time.monotonic()
                try:
                    kind, item = chunks.get(timeout=max(0.0, clock.left()))
                except queue.Empty:
                    clock.check()
                    continue
                finally:
                    clock.waiting += time.monotonic() - waited
                if kind == "end":
                    break
                if kind == "error":
                    raise item
                clock.check()
                held.take(item)
        finally:
            stop.set()  # the worker closes the HTTP stream at its next chunk
        why = held.finish(self.persona.reply_length.max_tokens)
        self._count(messages, held.text, held.usage)
        return _Reply(held.text.strip(), why, held.released > 0, held.first)

    def _count(
        self, messages: list[prompt.Message], text: str, usage: dict[str, Any] | None
    ) -> None:
        if usage:
            details = usage.get("input_token_details") or {}
            self.usage.add(
                int(usage.get("input_tokens", 0)),
                int(details.get("cache_read", 0) or 0),
                int(usage.get("output_tokens", 0)),
            )
        else:  # the provider sent no usage (or the stream was stopped early): count it
            self.usage.add(sum(self.count(m.content) for m in messages), 0, self.count(text))


def _pump(
    model: Any,
    payload: list[Any],
    options: dict[str, Any],
    chunks: queue.Queue[tuple[str, Any]],
    stop: threading.Event,
) -> None:
    """Read the model's stream into ``chunks`` until it ends, fails or ``stop`` is set."""
    stream = model.stream(payload, **options)
    try:
        for chunk in stream:
            if stop.is_set():
                break
            chunks.put(("chunk", chunk))
        chunks.put(("end", None))
    except Exception as exc:  # handed to the caller's thread, which decides
        chunks.put(("error", exc))
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()  # ends the HTTP stream


class _Held:
    """A streaming reply, released to the sink a checked sentence at a time."""

    def __init__(self, context: guard.Context, clock: _Clock, sink: TokenSink | None) -> None:
        self.context = context
        self.clock = clock
        self.sink = sink
        self.text = ""
        self.released = 0
        self.why: str | None = None
        self.finish_reason: str | None = None
        self.usage: dict[str, Any] | None = None
        self.first: float | None = None
        self.asked = time.monotonic()

    def take(self, chunk: Any) -> None:
        """Add one chunk; release the sentences it completes if they pass the guard."""
        if self.why is not None:
            return  # failed already: read to the end unseen
        piece = chunk.content if isinstance(chunk.content, str) else ""
        if piece and self.first is None:
            self.first = time.monotonic() - self.asked
            if self.clock.first is None:
                self.clock.first = time.monotonic() - self.clock.started
        self.text = (self.text + piece).lstrip()
        meta = getattr(chunk, "response_metadata", None) or {}
        self.finish_reason = meta.get("finish_reason", self.finish_reason)
        self.usage = getattr(chunk, "usage_metadata", None) or self.usage
        pending = self.text[self.released :]
        if not any(mark in pending for mark in SENTENCE_MARKS):
            return  # no sentence can have ended since the last release
        done = _whole_sentences(self.text)
        if done > self.released:
            self.why = guard.problem(self.text[:done], self.context, partial=True)
            if self.why is None:
                if self.sink:
                    self.sink(self.text[self.released : done])
                self.released = done

    def finish(self, max_tokens: int) -> str | None:
        """Why the whole reply cannot be shown, or None after releasing the rest of it."""
        why = self.why
        if why is None and self.finish_reason == "length":
            why = f"cut off at the {max_tokens}-token limit"
        if why is None:
            why = guard.problem(self.text, self.context)
        rest = self.text[self.released :].rstrip()
        if why is None and self.sink and rest:
            self.sink(rest)
        return why


def _whole_sentences(text: str) -> int:
    """Where the last finished sentence of a reply still streaming ends (0 if none yet).

    The text layer splits the sentences; the last one is finished only once more text
    follows it, since "4 p." may yet become "4 p.m.".
    """
    found = sentences(normalise(text))
    if len(found) < 2:
        return 0
    return found[-2].end if found[-1].start > found[-2].end else 0


def build_actor(
    content: ContentSet,
    persona: Persona,
    scenario: Scenario,
    fallback: OfflineActor,
    spec: ModelSpec,
    retry: RetryPolicy | None = None,
    limits: TurnLimits | None = None,
) -> LLMActor:
    """An LLM actor for ``spec``; its provider checks the endpoint first (key, server, model).

    The configuration is read before that (the price table, DEFUSE_TURN_DEADLINE): a mistake
    there is one line at once, not after seconds of checking the server and importing the SDK.
    """
    provider = provider_for(spec)
    provider.price(spec)
    limits = limits or TurnLimits.from_env()
    provider.preflight(spec)
    model = provider.chat_model(spec, temperature=0.8)
    return LLMActor(model, spec, content, persona, scenario, fallback, retry, limits)
