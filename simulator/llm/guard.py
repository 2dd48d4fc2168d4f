"""Checks on a model's reply before the trainee sees it."""

from __future__ import annotations

import re

MAX_CHARS = 700
LEAKS = re.compile(
    r"\b(?:as an ai|an ai (?:language )?model|language model|i(?:'m| am) (?:an? )?(?:ai|bot|"
    r"assistant|chatbot|llm)|system prompt|my (?:instructions|prompt|directions)|stage "
    r"directions?|role-?play|(?:heat|trust|mood) (?:is|of|level|score|at) \d|\bheat\b \d|"
    r"out of character|as the customer,|i(?:'ll| will) (?:grade|score|rate) (?:you|this))\b",
    re.IGNORECASE,
)
MARKUP = re.compile(
    r"^\s*(?:[#*-]|\d+\.)\s|\[[^\]]{0,80}\]|^\s*(?:customer|agent)\s*:",
    re.IGNORECASE | re.MULTILINE,
)


def problem(text: str, directions: str) -> str | None:
    """Why a reply cannot be shown, or None when it is fine."""
    stripped = text.strip()
    if not stripped:
        return "empty reply"
    if len(stripped) > MAX_CHARS:
        return f"too long ({len(stripped)} characters)"
    if LEAKS.search(stripped):
        return "steps out of character"
    if MARKUP.search(stripped):
        return "stage directions, a speaker label or list markup in the reply"
    for raw in directions.splitlines():
        line = raw.strip()
        if len(line) > 30 and line[:30].lower() in stripped.lower():
            return "echoes the stage directions"
    return None
