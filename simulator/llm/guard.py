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
THREATS = re.compile(
    r"\b(?:i(?:'ll| will| am going to|'m going to|'m gonna) (?:hurt|kill|hit|punch|find|come for|"
    r"come after|get) you|i know where you (?:live|work)|you'll regret|watch your back|come down "
    r"there and)\b",
    re.IGNORECASE,
)
"""Threats of violence: never shown, whatever the persona's heat."""
MARKUP = re.compile(
    r"^\s*(?:[#*-]|\d+\.)\s|\[[^\]]{0,80}\]|^\s*(?:customer|agent)\s*:",
    re.IGNORECASE | re.MULTILINE,
)


CHECKS = (
    (LEAKS, "steps out of character"),
    (THREATS, "threatens violence"),
    (MARKUP, "stage directions, a speaker label or list markup in the reply"),
)


def problem(text: str, directions: str) -> str | None:
    """Why a reply cannot be shown, or None when it is fine."""
    stripped = text.strip()
    if not stripped:
        return "empty reply"
    if len(stripped) > MAX_CHARS:
        return f"too long ({len(stripped)} characters)"
    found = next((why for pattern, why in CHECKS if pattern.search(stripped)), None)
    if found:
        return found
    low = stripped.lower()
    for raw in directions.splitlines():
        line = raw.strip()
        if len(line) > 30 and line[:30].lower() in low:
            return "echoes the stage directions"
    return None
