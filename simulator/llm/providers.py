"""One seam to language models: a model spec like ``openai:gpt-4o-mini`` to a chat model.

OpenAI and any OpenAI-compatible server (Ollama, vLLM, llama.cpp's server, LM Studio via
OPENAI_BASE_URL) go through langchain-openai; any other ``provider:model`` goes through
LangChain's ``init_chat_model`` when that provider's package is installed. Imports are lazy
and a missing package is one line saying what to install.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_MODEL = "openai:gpt-4o-mini"
PRICES = Path(__file__).with_name("prices.yaml")
ENV_PRICES = "DEFUSE_PRICES"
TIMEOUT_S = 30.0


class LLMError(Exception):
    """A model that cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class ModelSpec:
    """A provider and a model name, e.g. openai and gpt-4o-mini."""

    provider: str
    name: str

    @property
    def id(self) -> str:
        """``provider:name``."""
        return f"{self.provider}:{self.name}"

    @classmethod
    def parse(cls, spec: str | None) -> ModelSpec:
        """Parse ``provider:model``; None means the default when OpenAI is configured."""
        if not spec:
            if os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"):
                spec = DEFAULT_MODEL
            else:
                raise LLMError(
                    "no model configured: set OPENAI_API_KEY (or OPENAI_BASE_URL for a local "
                    "server such as Ollama), or pass --model provider:model"
                )
        provider, sep, name = spec.partition(":")
        if not sep:
            provider, name = "openai", spec
        if not provider or not name:
            raise LLMError(
                f"cannot read the model {spec!r}; expected provider:model, e.g. {DEFAULT_MODEL}"
            )
        return cls(provider.lower(), name)


def chat_model(spec: ModelSpec, *, temperature: float = 0.8) -> Any:
    """A LangChain chat model for ``spec`` (retries are Defuse's own, not the SDK's)."""
    if spec.provider == "openai":
        try:
            from langchain_openai import ChatOpenAI  # noqa: PLC0415
        except ImportError:
            raise LLMError("LLM mode needs its packages: pip install 'defuse[llm]'") from None
        key = os.environ.get("OPENAI_API_KEY") or (
            "local" if os.environ.get("OPENAI_BASE_URL") else None
        )
        if key is None:
            raise LLMError("OPENAI_API_KEY is not set (for a local server set OPENAI_BASE_URL)")
        return ChatOpenAI(
            model=spec.name,
            api_key=key,
            base_url=os.environ.get("OPENAI_BASE_URL") or None,
            temperature=temperature,
            timeout=TIMEOUT_S,
            max_retries=0,
            stream_usage=True,
        )
    try:
        from langchain.chat_models import init_chat_model  # noqa: PLC0415
    except ImportError:
        raise LLMError(
            f"the provider {spec.provider!r} needs LangChain: pip install langchain "
            f"langchain-{spec.provider}"
        ) from None
    try:
        return init_chat_model(spec.name, model_provider=spec.provider, temperature=temperature)
    except ImportError as exc:
        raise LLMError(f"the provider {spec.provider!r} needs its package: {exc}") from None
    except ValueError as exc:
        raise LLMError(f"unknown provider or model {spec.id!r}: {exc}") from None


def preflight(spec: ModelSpec) -> None:
    """Check an OpenAI-compatible endpoint before a call starts: key, reachability, model.

    One line on failure; other providers are checked by their first request.
    """
    if spec.provider != "openai":
        return
    try:
        import openai  # noqa: PLC0415
    except ImportError:
        raise LLMError("LLM mode needs its packages: pip install 'defuse[llm]'") from None
    base = os.environ.get("OPENAI_BASE_URL")
    key = os.environ.get("OPENAI_API_KEY") or ("local" if base else None)
    if key is None:
        raise LLMError("OPENAI_API_KEY is not set (for a local server set OPENAI_BASE_URL)")
    client = openai.OpenAI(api_key=key, base_url=base or None, timeout=10.0, max_retries=1)
    where = base or "api.openai.com"
    try:
        names = {model.id for model in client.models.list()}
    except openai.AuthenticationError:
        raise LLMError(f"the API key was refused by {where}; check OPENAI_API_KEY") from None
    except openai.APIConnectionError:
        raise LLMError(
            f"cannot reach {where}; check OPENAI_BASE_URL and that the server runs"
        ) from None
    except openai.APIStatusError as exc:
        raise LLMError(f"{where} answered {exc.status_code} when listing models") from None
    if names and spec.name not in names:
        shown = ", ".join(sorted(names)[:8])
        raise LLMError(f"unknown model {spec.name!r} at {where}; it offers: {shown}")


def prices() -> dict[str, dict[str, float]]:
    """The price table: the shipped one, merged with DEFUSE_PRICES when set."""
    table: dict[str, dict[str, float]] = yaml.safe_load(PRICES.read_text(encoding="utf-8"))
    extra = os.environ.get(ENV_PRICES)
    if extra:
        try:
            table.update(yaml.safe_load(Path(extra).read_text(encoding="utf-8")) or {})
        except (OSError, yaml.YAMLError) as exc:
            raise LLMError(f"cannot read the price table {extra}: {exc}") from None
    return table


def cost(model: str, prompt: int, cached: int, completion: int) -> float | None:
    """Estimated USD for the tokens, or None when the model is not in the price table."""
    price = prices().get(model)
    if price is None:
        return None
    fresh = max(0, prompt - cached)
    return round(
        (
            fresh * price["prompt"]
            + cached * price.get("cached", price["prompt"])
            + completion * price["completion"]
        )
        / 1_000_000,
        8,
    )
