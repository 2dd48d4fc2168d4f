"""Noticing a trainee who says the same thing again."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from simulator.moves.text import normalise, split_sentences

SAME_REPLY = 88.0
"""Similarity (0-100) at which two whole replies count as the same."""
SAME_SENTENCE_WORDS = 6
"""A sentence this long said again word for word counts as repeating yourself."""


def key(text: str) -> str:
    """The form a reply is compared in: lower-case, punctuation and spacing evened out."""
    return " ".join(re.findall(r"[a-z0-9']+", normalise(text)))


def repeats(text: str, earlier: Sequence[str]) -> bool:
    """True when ``text`` restates one of the ``earlier`` keyed replies."""
    current = key(text)
    if not current or not earlier:
        return False
    sentences = {
        k for part in split_sentences(text) if len((k := key(part)).split()) >= SAME_SENTENCE_WORDS
    }
    for before in earlier:
        if fuzz.ratio(current, before) >= SAME_REPLY:
            return True
        if any(sentence in before for sentence in sentences):
            return True
    return False
