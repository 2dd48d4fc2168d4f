"""What a customer's line may take for granted: heard once per turn, asked of every line.

A reaction worded as "Don't tell me to calm down" presupposes that somebody did; "Surely
someone can waive that" that something was named to waive. A line in the bank declares
such a premise (``Line.when``) or the words it echoes (``Line.said``); the offline actor
says it only when the agent's turn holds it, the coherence checks fail a reply that says
it anyway, and an LLM customer gets the stage direction that fits. The agent's words are
read in standard spelling, so "pls relax" and "calm dwn" are heard like the typed-out forms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from simulator.models.lines import Line, Premise
from simulator.moves.cues import (
    ASKS_VIEW,
    BLAMES_CUSTOMER,
    BLAMES_OTHERS,
    CALM_TOLD,
    CHOICE,
    CLOSING_CHECK,
    FAULT_RAISED,
    FEE_NAMED,
    GUARANTEE_GIVEN,
    NOTHING_DOABLE,
    PROMISE_MADE,
    PROPOSAL,
    WH_QUESTION,
    asked_in,
    question_form,
)
from simulator.moves.scout import Gated
from simulator.moves.spelling import standardise
from simulator.moves.text import normalise, stem, tokens

_CUES: dict[Premise, Gated] = {
    Premise.TOLD_TO_CALM: CALM_TOLD,
    Premise.BLAMED_CUSTOMER: BLAMES_CUSTOMER,
    Premise.BLAMED_OTHERS: BLAMES_OTHERS,
    Premise.FAULT_RAISED: FAULT_RAISED,
    Premise.NOTHING_DOABLE: NOTHING_DOABLE,
    Premise.FEE_NAMED: FEE_NAMED,
    Premise.PROMISED: PROMISE_MADE,
    Premise.GUARANTEED: GUARANTEE_GIVEN,
    Premise.ASKED_MORE: CLOSING_CHECK,
}
"""Each premise and the cue in the listening lexicon that hears it in the agent's turn."""


def _check() -> None:
    missing = [p.value for p in Premise if p not in _CUES]
    if missing:
        raise RuntimeError(f"premises without a cue in simulator/practice/premises.py: {missing}")


_check()


@dataclass(frozen=True)
class Heard:
    """What the agent's turn makes true, for the customer's lines to take for granted."""

    premises: frozenset[Premise]
    stems: tuple[str, ...]
    """The turn's words, stemmed, in order (for a line's ``said`` words)."""
    content_only: bool = False
    """Every question of the turn asks for content ("what went wrong?"): a bare "Sure." or
    "No." answers none of them."""

    def allows(self, line: Line) -> bool:
        """True when everything ``line`` takes for granted is true of this turn."""
        if line.when is not None and line.when not in self.premises:
            return False
        return not line.said or any(self._says(phrase) for phrase in line.said)

    def _says(self, phrase: str) -> bool:
        wanted = _phrase_stems(phrase)
        if not wanted:
            return False
        size = len(wanted)
        return any(self.stems[i : i + size] == wanted for i in range(len(self.stems) - size + 1))


NOTHING_HEARD = Heard(frozenset(), ())
"""The opening line and the call's closing lines answer no turn: only plain lines fit."""


@lru_cache(maxsize=1024)
def hear(turn: str) -> Heard:
    """What the agent's ``turn`` makes true (chat spelling standardised first)."""
    if not turn:
        return NOTHING_HEARD
    low = normalise(standardise(turn).text)
    found = frozenset(premise for premise, cue in _CUES.items() if cue.search(low))
    asked = asked_in(low)
    content = content_questions(asked)
    only = bool(content) and len(content) == len(asked)
    return Heard(found, tuple(stem(word) for word in tokens(low)), only)


_CHECKS_TOO = re.compile(r"\d|@|\b(?:still|same|right|correct|is that|is it|or)\b")
"""In a question with a question word, what makes a yes the answer after all ("what's
your number, still 555-0107?") or a pick ("which, A or B?")."""
BARE_ANSWER = re.compile(r"^(?:yes|yeah|yep|sure|no|nope|nah|not really|maybe|i guess)\W*$", re.I)
"""A line that is only a yes, a no or a shrug."""


def content_questions(asked: Sequence[str]) -> list[str]:
    """The questions (lower-case, standard spelling) only content answers ("who told you?").

    Not a proposal, a pick, a view asked for ("how does that sound?") or a check with its
    answer in it ("what's your number, still 555-0107?").
    """
    forms = [question_form(q) for q in asked]
    return [
        q
        for q in forms
        if WH_QUESTION.search(q) and not (PROPOSAL.search(q) or CHOICE.search(q))
        if not (ASKS_VIEW.search(q) or _CHECKS_TOO.search(q))
    ]


@lru_cache(maxsize=256)
def _phrase_stems(phrase: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in tokens(normalise(phrase)))


def blames(turn: str) -> bool:
    """True when the agent's ``turn`` puts the fault on the customer or on someone else."""
    return bool(hear(turn).premises & {Premise.BLAMED_CUSTOMER, Premise.BLAMED_OTHERS})


def fitting(lines: Sequence[Line], heard: Heard) -> list[Line]:
    """The lines whose premises hold, those taking something for granted first.

    A line that answers what the agent actually said ("Calm down? After four calls?") fits
    the turn better than a line that fits any turn; the plain ones follow.
    """
    holding = [line for line in lines if line.premised and heard.allows(line)]
    return holding + [line for line in lines if not line.premised]
