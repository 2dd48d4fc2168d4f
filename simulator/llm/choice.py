"""Who plays the customer: ``OFFLINE`` or a ``ModelSpec``, one typed value from edge to engine.

A person names it once (``--actor``/``--model``, DEFUSE_MODEL, the page's selector); it is
parsed here into an ``ActorChoice`` and travels as that value through the session, into
storage as its ``id`` and back out of storage through ``parse_choice``. Nothing here reads
the environment or imports a model SDK: what a provider needs lives in ``providers``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


class LLMError(Exception):
    """A model that cannot be used; the message is one line for the user."""


EXAMPLE = "openai:gpt-4o-mini"


@dataclass(frozen=True)
class Offline:
    """The built-in customer, worded from the persona's line bank: no model, no key."""

    @property
    def id(self) -> str:
        """``offline``, as stored with a call."""
        return "offline"


@dataclass(frozen=True)
class ModelSpec:
    """A provider and a model name, e.g. openai and gpt-4o-mini."""

    provider: str
    name: str

    @property
    def id(self) -> str:
        """``provider:name``, as stored with a call and keyed in the price table."""
        return f"{self.provider}:{self.name}"

    @classmethod
    def parse(cls, text: str) -> ModelSpec:
        """Read ``provider:model`` (a bare model name is OpenAI's); one-line LLMError if not."""
        spec = text.strip()
        provider, sep, name = spec.partition(":")
        if not sep:
            provider, name = "openai", spec
        if not provider or not name or any(c.isspace() for c in spec):
            raise LLMError(
                f"cannot read the model {text!r}; expected provider:model, e.g. {EXAMPLE}"
            )
        return cls(provider.lower(), name)


OFFLINE: Final = Offline()

ActorChoice = Offline | ModelSpec
"""Who plays the customer."""


def parse_choice(text: str) -> ActorChoice:
    """``offline`` or ``provider:model`` (as stored with a call, or typed by a person)."""
    if text.strip().lower() == OFFLINE.id:
        return OFFLINE
    if text.strip().lower() == "llm":
        raise LLMError(f"'llm' is not a model; name one as provider:model, e.g. {EXAMPLE}")
    return ModelSpec.parse(text)
