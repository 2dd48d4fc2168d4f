"""One seam to language models: a registry of providers, each asked what it can do.

A provider owns its environment (which key, which server), builds the LangChain chat model,
checks its endpoint before a call starts (``preflight``), and reports its capabilities: the
structured-output method its judge replies use, whether it has a batch API, and the price of
a model. Callers ask ``provider_for(spec)``; none of them reads an "openai:" prefix or an
OPENAI_* variable. OpenAI and any OpenAI-compatible server (Ollama, vLLM, llama.cpp's server,
LM Studio via OPENAI_BASE_URL) go through langchain-openai; the other providers LangChain's
``init_chat_model`` knows go through it once their package is installed. Imports are lazy and
a missing package or key is one line saying what to do.
"""

from __future__ import annotations

import importlib.util
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, NonNegativeFloat, RootModel

from simulator.content.errors import ContentError
from simulator.llm.choice import LLMError, ModelSpec

__all__ = [
    "ENV_MODEL",
    "PROVIDERS",
    "LLMError",
    "LangChainProvider",
    "ModelSpec",
    "OpenAIProvider",
    "Price",
    "Provider",
    "configured_model",
    "cost",
    "prices",
    "provider_for",
    "register",
    "resolve_model",
    "usable_model",
]

ENV_MODEL = "DEFUSE_MODEL"
"""The model (``provider:model``) an LLM customer or judge uses when none is named."""
PRICES = Path(__file__).with_name("prices.yaml")
ENV_PRICES = "DEFUSE_PRICES"
TIMEOUT_S = 30.0
INSTALL_LLM = "LLM mode needs its packages: pip install 'defuse[llm]'"


@dataclass(frozen=True)
class Price:
    """USD per million tokens; cached prompt tokens are billed at ``cached``."""

    prompt: float
    cached: float
    completion: float

    def cost(self, prompt: int, cached: int, completion: int) -> float:
        """Estimated USD for the tokens."""
        fresh = max(0, prompt - cached)
        usd = fresh * self.prompt + cached * self.cached + completion * self.completion
        return round(usd / 1_000_000, 8)


class Provider(ABC):
    """What Defuse asks of a model provider; subclasses fill in the parts that differ."""

    name: str = ""
    title: str = ""
    """How messages name it, e.g. OpenAI."""
    default_model: str | None = None
    """The model ``--actor llm`` uses when none is named and this provider is configured."""
    structured_output_method: str | None = None
    """LangChain's ``with_structured_output`` method for the judge, or None for its default."""
    supports_batch: bool = False
    """Whether ``defuse grade --batch`` can send a folder through this provider's batch API."""

    def configured(self) -> bool:
        """True when the environment names this provider (its key or server is set)."""
        return False

    @abstractmethod
    def problem(self) -> str | None:
        """Why a model of this provider cannot be used now (key, package), or None.

        Reads only the environment and the installed packages, never the network.
        """

    @abstractmethod
    def chat_model(
        self,
        spec: ModelSpec,
        *,
        temperature: float,
        max_tokens: int | None = None,
        timeout_s: float = TIMEOUT_S,
    ) -> Any:
        """A LangChain chat model for ``spec`` (retries are Defuse's own, not the SDK's)."""

    def request_options(
        self, *, max_tokens: int, stop: list[str], timeout_s: float
    ) -> dict[str, Any]:
        """Per-request options that bound one reply: a token limit, stop sequences, a timeout.

        The default sends only the stop sequences (LangChain maps them for every provider);
        a provider whose API takes the others says so by overriding this. The turn deadline
        bounds the rest.
        """
        del max_tokens, timeout_s
        return {"stop": stop}

    def preflight(self, spec: ModelSpec) -> None:
        """Check the endpoint before a call starts; one-line LLMError on failure.

        Providers without a cheap check are checked by their first request.
        """
        del spec

    def settings(self) -> list[tuple[str, str]]:
        """What is configured for this provider, as (label, value) lines; never a key itself."""
        return []

    def capabilities(self) -> list[str]:
        """What Defuse can ask of this provider, in words."""
        found = ["streaming", "stop sequences"]
        if self.structured_output_method:
            found.append(f"structured output ({self.structured_output_method})")
        if self.supports_batch:
            found.append("batch API")
        return found

    def batch_client(self) -> Any:
        """A client for the provider's batch API (asked only where ``supports_batch``)."""
        raise LLMError(f"the provider {self.name!r} has no batch API Defuse can use")

    def price(self, spec: ModelSpec) -> Price | None:
        """The model's price from the price table, or None when it is not listed."""
        return prices().get(spec.id)


class OpenAIProvider(Provider):
    """OpenAI, or any server speaking its API at OPENAI_BASE_URL (no key needed there)."""

    name = "openai"
    title = "OpenAI"
    default_model = "gpt-4o-mini"
    structured_output_method = "json_schema"
    supports_batch = True

    def configured(self) -> bool:
        """OPENAI_API_KEY or OPENAI_BASE_URL is set."""
        return bool(os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"))

    def _credentials(self) -> tuple[str, str | None]:
        base = os.environ.get("OPENAI_BASE_URL") or None
        key = os.environ.get("OPENAI_API_KEY") or ("local" if base else None)
        if key is None:
            raise LLMError("OPENAI_API_KEY is not set (for a local server set OPENAI_BASE_URL)")
        return key, base

    def problem(self) -> str | None:
        """A missing key (and server), or a missing langchain-openai."""
        try:
            self._credentials()
        except LLMError as exc:
            return str(exc)
        if importlib.util.find_spec("langchain_openai") is None:
            return INSTALL_LLM
        return None

    def client(self, **options: Any) -> Any:
        """The openai SDK's client for the configured key and server."""
        try:
            import openai  # noqa: PLC0415
        except ImportError:
            raise LLMError(INSTALL_LLM) from None
        key, base = self._credentials()
        return openai.OpenAI(api_key=key, base_url=base, **options)

    def chat_model(
        self,
        spec: ModelSpec,
        *,
        temperature: float,
        max_tokens: int | None = None,
        timeout_s: float = TIMEOUT_S,
    ) -> Any:
        """ChatOpenAI with usage in the stream."""
        try:
            from langchain_openai import ChatOpenAI  # noqa: PLC0415
        except ImportError:
            raise LLMError(INSTALL_LLM) from None
        key, base = self._credentials()
        return ChatOpenAI(
            model=spec.name,
            api_key=key,
            base_url=base,
            temperature=temperature,
            timeout=timeout_s,
            max_retries=0,
            stream_usage=True,
            max_tokens=max_tokens,
        )

    def request_options(
        self, *, max_tokens: int, stop: list[str], timeout_s: float
    ) -> dict[str, Any]:
        """``max_tokens``, ``stop`` and the SDK's per-request ``timeout``."""
        return {"max_tokens": max_tokens, "stop": stop, "timeout": timeout_s}

    def preflight(self, spec: ModelSpec) -> None:
        """The key is accepted, the server answers and offers the model."""
        client = self.client(timeout=10.0, max_retries=1)
        import openai  # noqa: PLC0415 - importable: client() succeeded

        where = os.environ.get("OPENAI_BASE_URL") or "api.openai.com"
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

    def settings(self) -> list[tuple[str, str]]:
        """The server (OPENAI_BASE_URL or OpenAI's) and whether OPENAI_API_KEY is set."""
        base = os.environ.get("OPENAI_BASE_URL")
        key = "set" if os.environ.get("OPENAI_API_KEY") else "not set"
        return [
            ("base URL", f"{base} (OPENAI_BASE_URL)" if base else "https://api.openai.com/v1"),
            ("key", f"OPENAI_API_KEY {key}" + (" (not needed for a local server)" if base else "")),
        ]

    def capabilities(self) -> list[str]:
        """Streaming, token limit, stop sequences, json_schema replies, the batch API."""
        return ["streaming", "token limit", "stop sequences", "structured output (json_schema)"] + (
            [] if os.environ.get("OPENAI_BASE_URL") else ["batch API"]
        )

    def batch_client(self) -> Any:
        """The SDK client, with the SDK's own retries for the few batch requests."""
        return self.client(max_retries=3)


class LangChainProvider(Provider):
    """A provider LangChain's ``init_chat_model`` builds, once its package is installed."""

    def __init__(self, name: str, package: str, key_env: str | None = None) -> None:
        self.name = name
        self.title = name
        self.package = package
        """The import name of its LangChain integration, e.g. langchain_anthropic."""
        self.key_env = key_env
        """The variable its SDK reads the key from, when there is one to check."""

    def settings(self) -> list[tuple[str, str]]:
        """Whether its key variable is set."""
        if not self.key_env:
            return [("key", "read by its SDK from its own configuration")]
        return [("key", f"{self.key_env} {'set' if os.environ.get(self.key_env) else 'not set'}")]

    def configured(self) -> bool:
        """Its key variable is set."""
        return bool(self.key_env and os.environ.get(self.key_env))

    def _missing_package(self) -> str | None:
        pip = self.package.replace("_", "-")
        if importlib.util.find_spec("langchain") is None:
            return f"the provider {self.name!r} needs LangChain: pip install langchain {pip}"
        if importlib.util.find_spec(self.package) is None:
            return f"the provider {self.name!r} needs its package: pip install {pip}"
        return None

    def problem(self) -> str | None:
        """LangChain or the integration package missing, or its key variable unset."""
        if self.key_env and not os.environ.get(self.key_env):
            return f"{self.key_env} is not set (the provider {self.name!r} needs it)"
        return self._missing_package()

    def chat_model(
        self,
        spec: ModelSpec,
        *,
        temperature: float,
        max_tokens: int | None = None,
        timeout_s: float = TIMEOUT_S,
    ) -> Any:
        """``init_chat_model(name, model_provider=...)``; a missing key is left to the SDK."""
        del timeout_s  # each SDK has its own name for it; the default is the SDK's
        why = self._missing_package()
        if why is not None:
            raise LLMError(why)
        from langchain.chat_models import init_chat_model  # noqa: PLC0415

        try:
            limit: dict[str, Any] = {} if max_tokens is None else {"max_tokens": max_tokens}
            return init_chat_model(
                spec.name, model_provider=spec.provider, temperature=temperature, **limit
            )
        except ImportError as exc:
            raise LLMError(f"the provider {spec.provider!r} needs its package: {exc}") from None
        except ValueError as exc:
            reason = str(exc).splitlines()[0]
            raise LLMError(f"cannot use the model {spec.id!r}: {reason}") from None


PROVIDERS: dict[str, Provider] = {}
"""Every provider Defuse can use, by the name before the colon in ``provider:model``."""


def register(provider: Provider) -> None:
    """Add (or replace) a provider; the first registered configured one gives the default."""
    PROVIDERS[provider.name] = provider


register(OpenAIProvider())
for _name, _package, _key in (
    ("anthropic", "langchain_anthropic", "ANTHROPIC_API_KEY"),
    ("google_genai", "langchain_google_genai", "GOOGLE_API_KEY"),
    ("google_vertexai", "langchain_google_vertexai", None),
    ("azure_openai", "langchain_openai", "AZURE_OPENAI_API_KEY"),
    ("bedrock", "langchain_aws", None),
    ("bedrock_converse", "langchain_aws", None),
    ("cohere", "langchain_cohere", "COHERE_API_KEY"),
    ("deepseek", "langchain_deepseek", "DEEPSEEK_API_KEY"),
    ("fireworks", "langchain_fireworks", "FIREWORKS_API_KEY"),
    ("groq", "langchain_groq", "GROQ_API_KEY"),
    ("huggingface", "langchain_huggingface", None),
    ("mistralai", "langchain_mistralai", "MISTRAL_API_KEY"),
    ("ollama", "langchain_ollama", None),
    ("perplexity", "langchain_perplexity", "PPLX_API_KEY"),
    ("together", "langchain_together", "TOGETHER_API_KEY"),
    ("xai", "langchain_xai", "XAI_API_KEY"),
):
    register(LangChainProvider(_name, _package, _key))


def provider_for(spec: ModelSpec) -> Provider:
    """The registered provider of ``spec``; one-line LLMError for an unknown one."""
    found = PROVIDERS.get(spec.provider)
    if found is None:
        raise LLMError(
            f"unknown provider {spec.provider!r} in {spec.id!r}; expected one of: "
            f"{', '.join(PROVIDERS)}"
        )
    return found


def configured_model() -> ModelSpec:
    """DEFUSE_MODEL, else the default model of the first configured provider.

    One-line LLMError when neither names a model.
    """
    named = os.environ.get(ENV_MODEL)
    if named:
        try:
            spec = ModelSpec.parse(named)
        except LLMError as exc:
            raise LLMError(f"{ENV_MODEL}: {exc}") from None
        provider_for(spec)
        return spec
    for provider in PROVIDERS.values():
        if provider.default_model and provider.configured():
            return ModelSpec(provider.name, provider.default_model)
    raise LLMError(
        "no model configured: set OPENAI_API_KEY (or OPENAI_BASE_URL for a local server such "
        f"as Ollama), set {ENV_MODEL}=provider:model, or pass --model provider:model"
    )


def resolve_model(named: str | None) -> ModelSpec:
    """The model a person named (``--model``), else the configured one."""
    return ModelSpec.parse(named) if named else configured_model()


def usable_model() -> ModelSpec:
    """The configured model when its provider can be used now (no network); else LLMError."""
    spec = configured_model()
    why = provider_for(spec).problem()
    if why is not None:
        raise LLMError(why)
    return spec


class _PriceEntry(BaseModel):
    """One model's row in a price table (USD per million tokens)."""

    model_config = ConfigDict(extra="forbid")
    prompt: NonNegativeFloat
    cached: NonNegativeFloat | None = None
    completion: NonNegativeFloat


class _PriceTable(RootModel[dict[str, _PriceEntry]]):
    """A price table: ``provider:model`` to its prices."""


def _price_file(path: Path) -> dict[str, Price]:
    """The prices in one table file; LLMError naming the file, line and field otherwise."""
    from simulator.content.loader import load_file  # noqa: PLC0415 - content loader on demand

    try:
        table, _ = load_file(path, _PriceTable)
    except OSError as exc:
        raise LLMError(f"cannot read the price table {path}: {exc.strerror or exc}") from None
    except ContentError as exc:
        problem = exc.problems[0]
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        raise LLMError(f"price table {problem}{more}") from None
    return {
        model: Price(row.prompt, row.prompt if row.cached is None else row.cached, row.completion)
        for model, row in table.root.items()
    }


def prices() -> dict[str, Price]:
    """The price table: the shipped one, merged with DEFUSE_PRICES when set.

    Read once per process and per DEFUSE_PRICES file (a changed file is read again); a bad
    file is one line naming its file, line and field.
    """
    extra = os.environ.get(ENV_PRICES) or None
    stamp = None
    if extra:
        try:
            stamp = Path(extra).stat().st_mtime_ns
        except OSError as exc:
            raise LLMError(
                f"cannot read the price table {extra} ({ENV_PRICES}): {exc.strerror or exc}"
            ) from None
    return _prices(extra, stamp)


@lru_cache(maxsize=8)
def _prices(extra: str | None, _stamp: int | None) -> dict[str, Price]:
    table = _price_file(PRICES)
    if extra:
        table.update(_price_file(Path(extra)))
    return table


def cost(spec: ModelSpec, prompt: int, cached: int, completion: int) -> float | None:
    """Estimated USD for the tokens, or None when the provider has no price for the model."""
    price = provider_for(spec).price(spec)
    return None if price is None else price.cost(prompt, cached, completion)
