"""Promises beyond the agent's authority: one owner for the grader and the practice customer.

The scenario says what the agent may grant and what needs someone else ("pay $400 cash
compensation" is not theirs to give). A sentence that commits to a grant the agent may not
make is an overpromise, however it is worded; the grader costs it and the customer doubts it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from simulator.models.content import Scenario
from simulator.models.moves import Move, in_order
from simulator.moves.detector import Detection
from simulator.moves.text import content_stems, normalise

_COMMITS = re.compile(
    r"\b(?:i'll|i will|we'll|we will|i can|we can|i've|i have|let me|i'm going to|i'll make sure|"
    r"you'll get|you will get|you'll have|you will have)\b"
    # "I can see two change orders", "I have your booking here": looking, not granting
    r"(?! (?:see|hear|tell|imagine|understand|appreciate|only see|look|check|find|your|the|a|an|"
    r"it|that|this|got your|pulled up|been looking)\b)"
)
_REFUSED = re.compile(
    r"\b(?:i|we) (?:can't|cannot|can not|won't|will not|am not able|'m not able|am unable|"
    r"'m unable|am not allowed|'m not allowed)\b|\bnot (?:able|allowed|authori[sz]ed|something "
    r"i can)\b|\b(?:i'm|i am) afraid\b|\bwish i could\b|\bunable\b|\bisn't something\b|\bbeyond "
    r"my\b"
)
"""A sentence that says no to the grant ("cash compensation isn't something I can approve")."""
_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
_SPOKEN_AMOUNT = re.compile(
    r"\b(" + "|".join(_UNITS) + r")(?:[ -](hundred|thousand))?\b(?= (?:dollars?|pounds?|euros?|"
    r"bucks|quid))"
)


def _figures(text: str) -> str:
    """Spoken amounts as figures ("four hundred dollars" as "400 dollars")."""

    def figure(match: re.Match[str]) -> str:
        value = _UNITS[match.group(1)]
        scale = {"hundred": 100, "thousand": 1000}.get(match.group(2) or "", 1)
        return str(value * scale)

    return _SPOKEN_AMOUNT.sub(figure, text)


def _stems(text: str) -> frozenset[str]:
    return frozenset(content_stems(_figures(normalise(text)).replace("$", " ")))


@lru_cache(maxsize=64)
def _grants(
    not_grantable: tuple[str, ...], grantable: tuple[str, ...]
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    forbidden = [s for s in map(_stems, not_grantable) if len(s) >= 2]
    allowed = [s for s in map(_stems, grantable) if len(s) >= 2]
    return forbidden, allowed


def grants(scenario: Scenario | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The scenario's options the agent may not grant, and those it may (texts)."""
    if scenario is None:
        return (), ()
    return (
        tuple(o.text for o in scenario.options if not o.grantable),
        tuple(o.text for o in scenario.options if o.grantable),
    )


def beyond_authority(
    text: str, detection: Detection, not_grantable: Sequence[str], grantable: Sequence[str] = ()
) -> Detection:
    """Mark as an overpromise each sentence that commits to a grant the agent may not make.

    A sentence that shares at least as many words with a grant the agent may make is that
    grant, said in the same words as the forbidden one; a sentence that says no to it is none.
    Only what follows the commitment counts, and the grant's own amount is enough ("I'll make
    sure you get the four hundred dollars" commits to "pay $400 cash compensation").
    """
    forbidden, allowed = _grants(tuple(not_grantable), tuple(grantable))
    if not forbidden:
        return detection
    low = normalise(text)
    found = []
    for start, end in detection.sentences:
        sentence = low[start:end]
        commit = _COMMITS.search(sentence)
        # What is committed to follows the commitment ("Being charged sixty a month is not
        # okay, and I'll get it put right" commits to putting it right, not to the months).
        promised = sentence[commit.start() :] if commit else ""
        if not commit or _REFUSED.search(promised):
            continue
        said = _stems(promised)
        hits = [
            # the grant's own amount counts double ("I'll make sure you get the four hundred")
            len(shared) + sum(w[:1].isdigit() for w in shared)
            for stems in forbidden
            for shared in [said & stems]
            if len(shared) >= max(2, min(3, (len(stems) + 1) // 2))
            or any(w[:1].isdigit() for w in shared)
        ]
        if hits and max(hits) > max((len(said & stems) for stems in allowed), default=0):
            found.append((start, end))
    if not found:
        return detection
    spans = dict(detection.spans)
    spans[Move.OVERPROMISE] = tuple(sorted({*spans.get(Move.OVERPROMISE, ()), *found}))
    moves = in_order(frozenset(spans))
    return Detection(moves, spans, detection.stock, detection.sentences, detection.standard)
