"""Rewrite a weak trainee line: keep its facts, add what was missing, swap out what hurt."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from simulator.grading.analysis import AgentTurn
from simulator.grading.report import Rewrite
from simulator.models.moves import FEELING, PROGRESS, Move
from simulator.moves import cues
from simulator.moves.text import content_stems, normalise, sentences, split_sentences

_SWAPS = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "i'm": "you're",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "we": "you",
    "our": "your",
    "us": "you",
    "am": "are",
    "myself": "yourself",
}
_WORD = re.compile(r"[A-Za-z']+")
MAX_WORDS = 14


_LEAD = re.compile(r"^(?:and|but|so|because|plus|also|then|well|look|listen|honestly)[, ]+", re.I)
_ADDRESSED = re.compile(r"\b(?:you|your|you're|you've|yours)\b", re.I)
_UNUSABLE = re.compile(
    r"^(?:if|when|unless|what|why|how|where|who|which|is|are|do|does|did|can)\b", re.I
)


def situation(customer_line: str) -> str | None:
    """The customer's main statement in the second person, e.g. 'your card was charged twice'.

    None when no sentence is a plain statement about themselves worth echoing back (a
    sentence aimed at the agent, "you never called", would read wrong once turned around).
    """
    parts = [
        _LEAD.sub("", p.strip())
        for p in split_sentences(customer_line)
        if not p.endswith("?") and not cues.ABUSIVE.search(p)
    ]
    parts = [
        p
        for p in parts
        if p and not _UNUSABLE.search(p) and not _ADDRESSED.search(p) and len(p.split()) >= 3
    ]
    if not parts:
        return None
    best = max(parts, key=lambda p: len(content_stems(normalise(p))))
    words = best.rstrip(".!").split()[:MAX_WORDS]
    text = " ".join(words)
    swapped = _WORD.sub(lambda m: _SWAPS.get(m.group(0).lower(), m.group(0)), text)
    return swapped[0].lower() + swapped[1:]


def _wants_acknowledging(turn: AgentTurn) -> bool:
    """True when the rewrite should open on the customer's feelings.

    That is when the line the turn answers is upset and the turn is not a goodbye: frustration
    words spliced onto a calm caller's reply ("you don't know that") or onto "bye" read as
    mockery, not empathy.
    """
    if not turn.context or cues.upset(turn.context) is None:
        return False
    return turn.find(cues.FAREWELL) is None


def turn_weakness(turn: AgentTurn) -> int:
    """Lower is weaker: anti-patterns cost two, each substantive or caring move earns one."""
    good = sum(1 for m in turn.detection.moves if m in PROGRESS or m is Move.ACKNOWLEDGE_EMOTION)
    return good - 2 * len(turn.anti_patterns)


def rewrite_turn(
    turn: AgentTurn,
    templates: Mapping[str, str],
    instead_for: Callable[[Move, str], str],
) -> Rewrite | None:
    """A better version of the turn, or None when there is nothing to fix."""
    fixes: list[str] = []
    out: list[str] = []
    acknowledged = any(turn.has(m) for m in FEELING)
    heard = situation(turn.context) if _wants_acknowledging(turn) else None
    if not acknowledged and heard:
        out.append(templates["acknowledge"].format(situation=heard))
        fixes.append("acknowledgement first")
    bad_spans = [(move, span) for move in turn.anti_patterns for span in turn.detection.spans[move]]
    asked = False
    for part in sentences(normalise(turn.text)):
        sentence = turn.text[part.start : part.end]
        if part.is_question:
            if asked:
                if "one question at a time" not in fixes:
                    fixes.append("one question at a time")
                continue
            asked = True
        hits = [
            m
            for m, (start, end) in bad_spans
            if start < part.end and end > part.start and m is not Move.MULTI_QUESTION
        ]
        if hits:
            replacement = instead_for(hits[0], sentence)
            if replacement and replacement not in out:
                out.append(replacement)
            fixes.append(f"{hits[0].value.replace('_', ' ')} replaced")
            continue
        out.append(sentence)
    if turn.has(Move.ACTION_PLAN) and not turn.has(Move.SET_TIMELINE):
        out.append(templates["timeline"])
        fixes.append("time marker added")
    if not fixes:
        return None
    return Rewrite(turn=turn.turn, original=turn.text, rewrite=" ".join(out), fixes=fixes)
