"""Checks on a model's reply before the trainee sees it: what weak models get wrong.

Every check is general (no persona or scenario names in code): the reply's length in
sentences (split by the text layer), paragraph breaks, repeated sentences and looping
phrases, role labels, stage directions in brackets or asterisks and narrated actions,
talk about "the agent" or "the customer", an assistant's or the company's phrases, stepping
out of character, threats, repeating its own earlier lines, echoing the trainee or the stage directions, and an opening that
does not fit the scenario (another name, or nothing of why the customer is calling).

``problem(text, context, partial=True)`` checks a prefix of whole sentences while a reply
streams in: it skips only what needs the whole reply, so a sentence shown while streaming
has passed every check that applies to it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from simulator.moves.text import Sentence, content_stems, normalise, sentences, tokens

MAX_CHARS = 700
LOOP_NGRAM = 5
"""A run of this many words said twice in one reply is a loop."""
ECHO_RUN = 6
"""A run of this many of the trainee's words, repeated, is an echo."""
ECHO_SHARE = 0.7
"""Share of the reply's content words taken from the trainee's line that makes an echo."""
ECHO_MIN_STEMS = 4

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
ROLE_LABEL = re.compile(
    r"(?:^|[\s\"'(])(?:agent|customer|caller|user|assistant|system|human|ai|bot|trainee|"
    r"representative|rep|support|me|you)\s*:",
    re.IGNORECASE,
)
LIST_MARKUP = re.compile(r"^\s*(?:[#>*-]|\d+\.)\s", re.MULTILINE)
STAGE = re.compile(r"\[[^\]]*\]?|\*[^*\n]+\*|\([^)\n]*\)|\{[^}\n]*\}")
"""Bracketed, parenthesised or asterisked asides: a spoken line has none."""
NARRATION = re.compile(
    r"\b(?:i|she|he|they)\s+(?:sighs?|pauses?|frowns?|laughs?|chuckles?|groans?|scoffs?|"
    r"huffs?|mutters?|nods?|smiles?|grumbles?|shrugs?|rolls (?:my|her|his|their) eyes|"
    r"shakes (?:my|her|his|their) head|clears (?:my|her|his|their) throat|hangs? up)\b",
    re.IGNORECASE,
)
THIRD_PERSON = re.compile(
    r"\bthe (?:agent|customer|caller|trainee|representative|assistant|user)s?\b"
    r"(?! (?:service|care|support|portal|number|line|i |who |that |last |before ))",
    re.IGNORECASE,
)
"""The customer talks to the agent, not about "the agent" or "the customer"."""
ASSISTANT = re.compile(
    r"\b(?:how (?:can|may|could) i (?:help|assist)|what can i do for you|(?:i'm|i am) (?:here|"
    r"happy|glad) to (?:help|assist)|thank you for (?:calling|contacting|reaching out|your "
    r"patience|choosing)|is there anything else i can|(?:apologi[sz]e|sorry) for (?:the|any) "
    r"inconvenience|on behalf of|let me (?:look into|check) (?:that|this) for you|i understand "
    r"(?:your|how you) (?:frustration|feel)|we apologi[sz]e|feel free to|don't hesitate to|"
    r"i hope this helps|have a (?:great|nice|wonderful) day|as your (?:agent|representative)|"
    r"i'm sorry to hear (?:that|about)|our (?:team|technicians?|company|records|customers))\b",
    re.IGNORECASE,
)
"""What an assistant or the company's agent says, not a customer."""
NAMED = re.compile(r"\b(?:[Mm]y name is|[Tt]his is) ([A-Z][a-z]+)\b")

CHECKS = (
    (LEAKS, "steps out of character"),
    (THREATS, "threatens violence"),
    (ROLE_LABEL, "a speaker label"),
    (LIST_MARKUP, "list or heading markup"),
    (STAGE, "stage directions in brackets or asterisks"),
    (NARRATION, "narrates actions"),
    (THIRD_PERSON, 'talks about "the agent" or "the customer"'),
    (ASSISTANT, "talks like the agent or an assistant"),
)


@dataclass(frozen=True)
class Opening:
    """What a customer's opening line must fit: who they are and why they call."""

    name: str
    reason: str


@dataclass(frozen=True)
class Context:
    """What a reply is checked against."""

    directions: str = ""
    """This turn's stage directions: never said back."""
    trainee: str = ""
    """The trainee's last line: not echoed back."""
    earlier: tuple[str, ...] = ()
    """The customer's earlier lines in this call: not said again word for word."""
    max_sentences: int = 3
    opening: Opening | None = None
    """Set for the opening line, whose facts can be checked."""


def problem(text: str, context: Context | None = None, *, partial: bool = False) -> str | None:
    """Why a reply cannot be shown, or None when it is fine.

    With ``partial``, ``text`` is the whole sentences received so far of a streaming reply:
    the checks that need the whole reply (empty, the opening's reason) wait for it.
    """
    ctx = context or Context()
    stripped = text.strip()
    if not stripped:
        return None if partial else "empty reply"
    if len(stripped) > MAX_CHARS:
        return f"too long ({len(stripped)} characters)"
    if "\n" in stripped:
        return "a paragraph or line break"
    lowered = normalise(stripped)
    said = sentences(lowered)
    if len(said) > ctx.max_sentences:
        return f"more than {ctx.max_sentences} sentences"
    found = next((why for pattern, why in CHECKS if pattern.search(stripped)), None)
    if found:
        return found
    return (
        _repeats(said)
        or _said_before(said, ctx.earlier)
        or _echo(lowered, ctx.trainee)
        or _echoes_directions(lowered, ctx.directions)
        or _opening(stripped, lowered, ctx.opening, partial)
    )


def _repeats(said: list[Sentence]) -> str | None:
    lines = [" ".join(s.words) for s in said]
    seen = Counter(line for line in lines if len(line.split()) >= 2)
    if any(n > 1 for n in seen.values()):
        return "repeats a sentence"
    words = [w for s in said for w in s.words]
    grams = Counter(tuple(words[i : i + LOOP_NGRAM]) for i in range(len(words) - LOOP_NGRAM + 1))
    if any(n > 1 for n in grams.values()):
        return "loops on a phrase"
    return None


def _said_before(said: list[Sentence], earlier: tuple[str, ...]) -> str | None:
    before = {" ".join(s.words) for line in earlier for s in sentences(normalise(line))}
    if any(len(s.words) >= 4 and " ".join(s.words) in before for s in said):
        return "repeats an earlier line"
    return None


def _echo(lowered: str, trainee: str) -> str | None:
    if not trainee.strip():
        return None
    theirs = normalise(trainee)
    mine = content_stems(lowered)
    if len(mine) >= ECHO_MIN_STEMS and len(mine & content_stems(theirs)) / len(mine) >= ECHO_SHARE:
        return "echoes the trainee"
    said, heard = tokens(lowered), tokens(theirs)
    runs = {tuple(heard[i : i + ECHO_RUN]) for i in range(len(heard) - ECHO_RUN + 1)}
    if any(tuple(said[i : i + ECHO_RUN]) in runs for i in range(len(said) - ECHO_RUN + 1)):
        return "echoes the trainee"
    return None


def _echoes_directions(lowered: str, directions: str) -> str | None:
    for raw in directions.splitlines():
        line = normalise(raw.strip())
        if len(line) > 30 and line[:30] in lowered:
            return "echoes the stage directions"
    return None


def _opening(text: str, lowered: str, opening: Opening | None, partial: bool) -> str | None:
    if opening is None:
        return None
    names = {part.lower() for part in opening.name.split()}
    for match in NAMED.finditer(text):
        if match.group(1).lower() not in names and len(match.group(1)) > 2:
            return f"the opening gives another name ({match.group(1)})"
    if not partial and not content_stems(lowered) & content_stems(normalise(opening.reason)):
        return "the opening does not say why they are calling"
    return None
