"""The seam between the story and the words: an actor turns beats into the customer's line.

The director decides what happens (deterministic, shared); an actor only words it. The
offline actor reads the persona's line bank; an LLM actor gets the same beats as stage
directions. Both are state in, line out, and both can show the line as it is made
(``stream``), which is how the terminal and the page display every reply.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from simulator.practice.director import Beat
from simulator.practice.state import CallState


@dataclass(frozen=True)
class Spoken:
    """A customer reply and the templates it used (none for a generated line)."""

    text: str
    templates: tuple[str, ...] = ()
    note: str | None = None
    """Something worth recording on the session, e.g. that a fallback line was used."""
    parts: tuple[str, ...] = ()
    """The words of each beat, in order, when the actor words beats one by one."""


@dataclass(frozen=True)
class Cue:
    """What the actor is asked to say this turn."""

    beats: Sequence[Beat]
    state: CallState
    """The call after this turn's mood change (heat, trust, what has been revealed)."""
    trainee: str = ""
    """What the trainee just said; empty for the opening line."""


TokenSink = Callable[[str | None], None]
"""Receives the reply in pieces as it is made; None means: discard what was shown so far."""


class Actor(Protocol):
    """Anything that can word a customer's reply."""

    name: str

    def speak(self, cue: Cue, rng: random.Random) -> Spoken:
        """The customer's line for these beats."""
        ...

    def stream(self, cue: Cue, rng: random.Random, sink: TokenSink) -> Spoken:
        """Like ``speak``, passing the line to ``sink`` in pieces as it is made.

        Tokens for a model, words offline. A model's reply that is rejected or retried sends
        None first, so whoever shows it starts the line again. The pieces that follow the last
        None join up to the returned ``Spoken.text`` (less surrounding space).
        """
        ...
