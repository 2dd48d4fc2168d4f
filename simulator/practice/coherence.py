"""Checks that one customer reply reads as one utterance: run on every reply the tests make.

A reply is several beats worded one after another; these checks catch what stitching can
break, whoever worded it: a reply that yields and pushes back at once, a sentence said
twice, two endings, a stack of questions, an echo that starts mid-sentence, a placeholder
left unfilled, the customer talking about itself in the third person, thanks or goodbyes
said twice, "there's still the main thing" with no thing named after it, and a question
asked again after the agent answered it (given the call's answered items).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.models.lines import LineKind, stance
from simulator.moves.text import normalise, split_sentences

ENDINGS = frozenset({LineKind.GOODBYE, LineKind.HANG_UP, LineKind.ENDED_FOR_ABUSE})
MAX_QUESTIONS = 3
_THIRD_PERSON = re.compile(r"\b(?:the customer|the caller)\b", re.IGNORECASE)
_THANKS = re.compile(r"\b(?:thanks|thank you|cheers)\b", re.IGNORECASE)
_BYE = re.compile(r"\b(?:bye|goodbye|talk later|take care)\b", re.IGNORECASE)
_VAGUE = re.compile(
    r"\b(?:the main (?:thing|problem)|matters outstanding|there's (?:still )?(?:something|more)|"
    r"not all of it|haven't addressed all of it|not the only thing)\W*$",
    re.IGNORECASE,
)


def acts(text: str) -> frozenset[str]:
    """What a line does that a reply does once: ``thanks`` and ``bye``."""
    return frozenset(
        name for name, pattern in (("thanks", _THANKS), ("bye", _BYE)) if pattern.search(text)
    )


def problems(reply: str, beats: Sequence[LineKind], answered: Sequence[str] = ()) -> list[str]:
    """What makes ``reply`` (worded from ``beats``) read as more than one voice; [] if none.

    ``answered`` are the customer's questions the agent has answered on this call (open
    items marked answered): the reply must not ask one again.
    """
    found: list[str] = []
    stances = {stance(kind) for kind in beats}
    if {1, -1} <= stances:
        found.append(f"yields and pushes back in one reply ({', '.join(k.value for k in beats)})")
    if sum(kind in ENDINGS for kind in beats) > 1:
        found.append("two endings in one reply")
    said = [normalise(s).strip(" .!?") for s in split_sentences(reply)]
    repeated = {s for s in said if s and said.count(s) > 1 and len(s.split()) > 1}
    if repeated:
        found.append(f"says a sentence twice: {sorted(repeated)[0]!r}")
    if reply.count("?") > MAX_QUESTIONS:
        found.append(f"{reply.count('?')} questions in one reply")
    first = reply.lstrip(" \"'")[:1]
    if first.isalpha() and first.islower():
        found.append("starts mid-sentence (lowercase)")
    if "{" in reply or "}" in reply:
        found.append("a placeholder left unfilled")
    if _THIRD_PERSON.search(reply):
        found.append("talks about the customer in the third person")
    if len(_THANKS.findall(reply)) > 1:
        found.append("thanks twice in one reply")
    if len(_BYE.findall(reply)) > 1:
        found.append("says goodbye twice in one reply")
    if _VAGUE.search(reply):
        found.append("refers to what is still open without saying what it is")
    low = normalise(reply)
    again = [q for q in answered if q.endswith("?") and normalise(q) in low]
    if again:
        found.append(f"asks again what was answered: {again[0]!r}")
    return found
