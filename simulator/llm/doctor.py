"""`defuse doctor`: what LLM mode would use, whether it answers, and what to do if not.

Each finding is one line: a status, what was checked, what was found, and for a problem
the fix. The key itself is never shown, only whether it is set.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from simulator.llm.choice import LLMError, ModelSpec
from simulator.llm.providers import ENV_MODEL, provider_for, resolve_model


class Status(StrEnum):
    """How one check went."""

    OK = "ok"
    INFO = "info"
    FAIL = "fail"


@dataclass(frozen=True)
class Finding:
    """One line of the doctor's report."""

    status: Status
    what: str
    found: str
    fix: str = ""

    def line(self) -> str:
        """``ok    reachable: ...`` with the fix after a dash."""
        fix = f" - {self.fix}" if self.fix else ""
        return f"{self.status.value:<5} {self.what}: {self.found}{fix}"


def diagnose(named: str | None = None, *, probe: bool = True) -> list[Finding]:
    """Check the configured (or ``named``) model, its settings, endpoint and capabilities.

    With ``probe``, a tiny streamed request measures the time to the first token.
    """
    try:
        spec = resolve_model(named)
        provider = provider_for(spec)
    except LLMError as exc:
        return [Finding(Status.FAIL, "model", str(exc), "the offline customer needs no model")]
    source = "--model" if named else f"{ENV_MODEL}" if _env_named() else "default"
    found = [
        Finding(
            Status.OK, "model", f"{spec.id} ({source}), provider {provider.title or provider.name}"
        )
    ]
    found += [Finding(Status.INFO, label, value) for label, value in provider.settings()]
    why = provider.problem()
    if why is not None:
        return [
            *found,
            Finding(Status.FAIL, "ready", why, "fix this, then run defuse doctor again"),
        ]
    started = time.monotonic()
    try:
        provider.preflight(spec)
    except LLMError as exc:
        return [*found, Finding(Status.FAIL, "reachable", str(exc))]
    ms = (time.monotonic() - started) * 1000
    found.append(Finding(Status.OK, "reachable", f"answered and offers the model in {ms:.0f} ms"))
    found.append(Finding(Status.INFO, "capabilities", ", ".join(provider.capabilities())))
    if probe:
        found.append(_probe(spec))
    return found


def _env_named() -> bool:
    import os  # noqa: PLC0415

    return bool(os.environ.get(ENV_MODEL))


def _probe(spec: ModelSpec) -> Finding:
    provider = provider_for(spec)
    try:
        model = provider.chat_model(spec, temperature=0.0, timeout_s=20.0)
        started = time.monotonic()
        first = None
        options = provider.request_options(max_tokens=4, stop=["\n"], timeout_s=20.0)
        for chunk in model.stream([("human", "Say hello.")], **options):
            if first is None and chunk.content:
                first = time.monotonic() - started
        total = time.monotonic() - started
    except LLMError as exc:
        return Finding(Status.FAIL, "reply", str(exc))
    except Exception as exc:  # the SDK's own error: one line, the fix is in it
        reason = str(exc).splitlines()[0] if str(exc) else ""
        return Finding(
            Status.FAIL, "reply", f"{type(exc).__name__}: {reason}", "check the server's log"
        )
    if first is None:
        return Finding(Status.FAIL, "reply", "the model streamed no text", "check the model name")
    return Finding(
        Status.OK,
        "reply",
        f"first token in {first * 1000:.0f} ms, 4 tokens in {total * 1000:.0f} ms",
    )
