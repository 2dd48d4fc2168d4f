"""Checks that one customer reply reads as one utterance: run on every reply the tests make.

A reply is several beats worded one after another; these checks catch what stitching can
break, whoever worded it: a reply that yields and pushes back at once, a sentence said
twice, two endings, a stack of questions, an echo that starts mid-sentence, a placeholder
left unfilled, the customer talking about itself in the third person, thanks or goodbyes
said twice, "there's still the main thing" with no thing named after it, and a question
asked again after the agent answered it (given the call's answered items). Given the call
so far: a case-file label read out ("my calls this month is ..."), a hidden fact's sentence
said word for word again, "since you ask" before what nobody asked, and "that's
right" to a proposal ("would that help?") as if it checked a fact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.models.lines import LineKind, stance
from simulator.moves.cues import PROPOSAL
from simulator.moves.spelling import standardise
from simulator.moves.text import normalise, questions, split_sentences

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


_SINCE_ASKED = re.compile(r"\bsince you (?:ask|asked)\b", re.IGNORECASE)
_FACT_CONFIRMED = re.compile(r"\b(?:that's|that is|quite) (?:right|correct)\b", re.IGNORECASE)
MIN_REPEAT_WORDS = 8
"""A sentence this long said again word for word in one call is a recording, not a person."""


def acts(text: str) -> frozenset[str]:
    """What a line does that a reply does once: ``thanks`` and ``bye``."""
    return frozenset(
        name for name, pattern in (("thanks", _THANKS), ("bye", _BYE)) if pattern.search(text)
    )


def problems(
    reply: str,
    beats: Sequence[LineKind],
    answered: Sequence[str] = (),
    *,
    labels: Sequence[str] = (),
    earlier: Sequence[str] = (),
    facts: Sequence[str] = (),
    turn: str = "",
) -> list[str]:
    """What makes ``reply`` (worded from ``beats``) read as more than one voice; [] if none.

    ``answered`` are the customer's questions the agent has answered on this call (open
    items marked answered): the reply must not ask one again. ``labels`` are the keys of the
    case file's details, ``earlier`` the customer's replies before this one, ``facts`` the
    scenario's hidden facts (told once; later referred to) and ``turn`` the agent's turn this
    reply answers.
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
    found += _call_problems(reply, labels, earlier, facts, turn)
    again = [q for q in answered if q.endswith("?") and normalise(q) in low]
    if again:
        found.append(f"asks again what was answered: {again[0]!r}")
    return found


def _call_problems(
    reply: str, labels: Sequence[str], earlier: Sequence[str], facts: Sequence[str], turn: str
) -> list[str]:
    found: list[str] = []
    low = normalise(reply)
    for label in labels:
        words = label.replace("_", " ")
        if re.search(rf"\bmy {re.escape(words)} (?:is|are)\b", low):
            found.append(f"reads out a case-file label: 'my {words} is'")
    told = {normalise(s).strip(" .!?") for fact in facts for s in split_sentences(fact)}
    before = {normalise(s).strip(" .!?") for text in earlier for s in split_sentences(text)} & told
    for sentence in split_sentences(reply):
        said = normalise(sentence).strip(" .!?")
        if len(said.split()) >= MIN_REPEAT_WORDS and said in before:
            found.append(f"says again word for word: {said!r}")
            break
    if _SINCE_ASKED.search(reply):
        found.append("'since you ask' before what it volunteers")
    asked = [q.text for q in questions(normalise(standardise(turn).text))] if turn else []
    if asked and all(PROPOSAL.search(q) for q in asked) and _FACT_CONFIRMED.search(reply):
        found.append("confirms a proposal as if it were a fact ('that's right')")
    return found
