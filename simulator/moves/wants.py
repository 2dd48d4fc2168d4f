"""The parts of what the customer wants, each dealt with on its own.

A customer who wants a seat, a hotel and something for the trouble, and is offered the seat,
goes along with the seat and asks about the hotel; they do not recite all three again. A part
is dealt with when a trainee turn that offers, plans or declines names it (its words, chat
spelling included); a part still missing is named when the customer says what is left, at
most ``TIMES_NAMED`` times, and after that let go: said once more, it would be a recording.
"""

from __future__ import annotations

from functools import lru_cache

from simulator.models.content import Scenario, Want
from simulator.models.moves import OFFERS, PROMISES, Move
from simulator.moves.text import content_stems, normalise

TIMES_NAMED = 2
"""A missing part is named this often as still open, then let go."""
DEALS = OFFERS | PROMISES | {Move.SET_BOUNDARY, Move.ESCALATE_HANDOFF, Move.CITE_POLICY}
"""Moves with which a turn deals with a part: an offer, a plan, a promise with a time, a
reasoned no."""


def wants(scenario: Scenario) -> tuple[Want, ...]:
    """The scenario's parts; one made of the whole desired outcome when it lists none."""
    if scenario.wants:
        return tuple(scenario.wants)
    text = scenario.desired_outcome.strip().rstrip(".")
    words = sorted(content_stems(normalise(text))) or [text]
    return (Want(text=text[:1].lower() + text[1:], words=words),)


@lru_cache(maxsize=256)
def _stems(words: tuple[str, ...]) -> frozenset[str]:
    """A part's words as content stems (a part's words are content: the same every turn)."""
    return frozenset(content_stems(normalise(" ".join(words))))


def phrase_stems(want: Want) -> frozenset[str]:
    """The content stems of the part's own phrase ("a hotel tonight paid for by ...")."""
    return _stems((want.text,))


def touched(
    scenario: Scenario, said: frozenset[str], moves: frozenset[Move], refusal: bool
) -> set[int]:
    """Indexes of the parts a trainee turn deals with: an offer or a no that names them.

    ``said`` is the turn's content stems (``Reading.stems``).
    """
    if not (moves & DEALS or refusal):
        return set()
    return {i for i, want in enumerate(wants(scenario)) if _stems(tuple(want.words)) & said}


def words_of(scenario: Scenario, parts: list[int]) -> frozenset[str]:
    """The content stems an offer about any of ``parts`` uses (its words and its phrase)."""
    found: set[str] = set()
    for i in parts:
        want = wants(scenario)[i]
        found |= _stems(tuple(want.words)) | phrase_stems(want)
    return frozenset(found)


def missing(scenario: Scenario, met: tuple[int, ...], named: tuple[int, ...]) -> list[int]:
    """Parts not dealt with that the customer still names (not yet said too often)."""
    return [i for i in range(len(wants(scenario))) if i not in met and named.count(i) < TIMES_NAMED]


def phrase(scenario: Scenario, parts: list[int]) -> str:
    """The parts as one phrase: "a hotel tonight and something for the disruption"."""
    texts = [wants(scenario)[i].text.strip() for i in parts]
    if len(texts) <= 1:
        return "".join(texts)
    return ", ".join(texts[:-1]) + " and " + texts[-1]


def sentence(scenario: Scenario, parts: list[int]) -> str:
    """The parts as a sentence the customer says ("A hotel tonight, and ...")."""
    text = phrase(scenario, parts)
    return text[:1].upper() + text[1:] + "." if text else ""


def unmet(
    scenario: Scenario,
    customer: list[frozenset[str]],
    agent: list[tuple[frozenset[str], frozenset[Move]]],
) -> list[str]:
    """The parts the customer raised that no agent turn dealt with, in the customer's words.

    ``customer`` is each customer line's content stems; ``agent`` each agent turn's content
    stems and moves. The grader asks this of a finished call: a plan that leaves out part of
    what the customer asked for has not solved their problem.
    """
    heard = frozenset().union(*customer)
    dealt = set().union(*(touched(scenario, said, moves, False) for said, moves in agent))
    return [
        want.text
        for i, want in enumerate(wants(scenario))
        if i not in dealt and _stems(tuple(want.words)) & heard
    ]
