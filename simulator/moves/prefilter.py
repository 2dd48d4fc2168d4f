"""Literal prefilters for regex rules, computed from the regex itself.

For each rule we find a set of literal strings such that every match must contain at
least one of them (or, better, start with one of them). One Aho-Corasick pass over the
utterance then tells which few rules are worth running.

The literals are as long as the regex allows: a run of parts with a finite, small set of
spellings (``(?:i|we)(?:'ll| will) (?:stay|stick)``) is spelled out in full ("i'll stay",
"we will stick", ...), because a long literal is rare in speech and a short one
("ay", "it") is in nearly every utterance.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from simulator.moves.text import STOPWORDS

LIMIT = 128
"""Most spellings a run may expand to before we stop spelling it out."""
WORDS_LIMIT = 512
"""Most spellings a list of alternatives (a word class) may have."""
USEFUL = 10
"""Literals up to this long are ranked by length; beyond it, fewer literals win."""
COMMON = frozenset(
    "a an the you your our i we it this that to and or is are be of in on for my me so can "
    "will 'll would could how what why if as at by with not no do".split()
)
"""Words in nearly every utterance: a literal set holding one filters nothing."""

Spellings = frozenset[str]


_PIECE = re.compile(r"[a-z0-9']+|[^a-z0-9'\s]")


@lru_cache(maxsize=16384)
def _weight(literal: str) -> int:
    """How rare a literal is in speech, roughly: the letters of its uncommon words."""
    if literal.strip().isdigit():
        return 3  # a digit is rarer in speech than any short word
    pieces = _PIECE.findall(literal.lower())
    rare = [p for p in pieces if p not in COMMON and p not in STOPWORDS]
    return min(USEFUL, sum(len(p) for p in rare) + len(pieces) - len(rare))


def _score(found: Spellings) -> tuple[int, float, int]:
    weights = [_weight(s) for s in found]
    return (min(weights), sum(weights) / len(weights), -len(found))


def better(one: Spellings, other: Spellings) -> bool:
    """True when ``one`` filters better than ``other`` (rarer literals, then fewer)."""
    return _score(one) > _score(other)


def _best(options: list[Spellings]) -> Spellings | None:
    usable = [o for o in options if o and all(s.strip() for s in o)]
    return max(usable, key=_score) if usable else None


def _char_class(members: list[Any]) -> Spellings | None:
    chars: set[str] = set()
    for op, av in members:
        if op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            chars.update("0123456789")
        elif op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < 10:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return frozenset(chars) or None


def _join(left: Spellings, right: Spellings) -> Spellings | None:
    if len(left) * len(right) > LIMIT:
        return None
    return frozenset(a + b for a in left for b in right)


_TEXT = object()
"""A run of literal characters, merged into one part."""


def _merged(items: list[Any]) -> list[Any]:
    """The sequence with each run of literal characters as one ``_TEXT`` part."""
    merged: list[Any] = []
    for op, av in items:
        if op is sre.LITERAL:
            if merged and merged[-1][0] is _TEXT:
                merged[-1] = (_TEXT, merged[-1][1] + chr(av))
            else:
                merged.append((_TEXT, chr(av)))
        else:
            merged.append((op, av))
    return merged


def _spell(items: list[Any]) -> Spellings | None:
    """Every string a sequence can match, when that set is finite and small."""
    found: Spellings = frozenset({""})
    for op, av in _merged(items):
        part = _spell_item(op, av)
        if part is None:
            return None
        joined = _join(found, part)
        if joined is None:
            return None
        found = joined
    return found


def _spell_item(op: Any, av: Any) -> Spellings | None:  # noqa: PLR0911 - one per op kind
    if op is _TEXT:
        return frozenset({av})
    if op is sre.LITERAL:
        return frozenset({chr(av)})
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return frozenset({""})  # zero width: adds nothing to the matched text
    if op is sre.SUBPATTERN:
        return _spell(list(av[-1]))
    if op is sre.BRANCH:
        spelled: set[str] = set()
        for alternative in av[1]:
            part = _spell(list(alternative))
            if part is None:
                return None
            spelled |= part
            if len(spelled) > WORDS_LIMIT:
                return None
        return frozenset(spelled)
    if op is sre.IN:
        return _char_class(av)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[1] == 1:
        part = _spell(list(av[2]))
        if part is None:
            return None
        return part | {""} if av[0] == 0 else part
    return None


def _edge(op: Any, av: Any) -> Spellings | None:
    """For ``x+`` (or ``x{2,}``): the spellings of one copy, which a run may end or start with."""
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1 and av[1] > 1:
        return _spell(list(av[2]))
    return None


def _runs(items: list[Any]) -> list[Spellings]:
    """The spellings of the longest spellable stretch from each part on.

    A repeated part (``f+``) is contiguous with what comes before its first copy and after
    its last, so it may open a stretch or close one, not sit inside it.
    """
    items = _merged(items)
    spelled = [_spell_item(op, av) for op, av in items]
    edges = [
        None if s is not None else _edge(op, av) for s, (op, av) in zip(spelled, items, strict=True)
    ]
    runs: list[Spellings] = []
    for first in range(len(items)):
        found: Spellings = frozenset({""})
        for at in range(first, len(items)):
            part, closing = spelled[at], False
            if part is None:
                part, closing = edges[at], at > first
            joined = None if part is None else _join(found, part)
            if joined is None:
                break
            found = joined
            if closing:
                break
        if "" not in found:
            runs.append(found)
    return runs


def required(items: list[Any]) -> Spellings | None:
    """A set of literals one of which every match of this sequence contains, or None."""
    options = _runs(items)
    for op, av in items:
        found: Spellings | None = None
        if op is sre.SUBPATTERN:
            found = required(list(av[-1]))
        elif op is sre.BRANCH:
            parts = [required(list(alt)) for alt in av[1]]
            if all(p is not None for p in parts):
                found = frozenset().union(*parts)  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            found = required(list(av[2]))
        if found:
            options.append(found)
    return _best(options)


def prefilter(pattern: str) -> Spellings | None:
    """Literals for ``pattern`` (one must occur in any match), or None to always run it."""
    found = required(list(sre_parse.parse(pattern)))
    return None if found is None else _fewest(found, str.__contains__)


def _starts(items: list[Any]) -> Spellings | None:
    """Strings one of which every match starts with, when they are worth trying a rule at.

    None when some match has no known start, or a start is a lone letter (it opens too many
    words); a lone digit is rare in speech and kept.
    """
    found = _prefixes(items)
    if not found or any(len(s) < 2 and not s.isdigit() for s in found):
        return None
    return _fewest(found, str.startswith)


def _prefixes(items: list[Any]) -> Spellings:
    """Strings one of which every match starts with ("" among them: no start is known)."""
    found: Spellings = frozenset({""})
    for op, av in _merged(items):
        part = _spell_item(op, av)
        if part is None:
            # A part with endless spellings (``\w*``, ``x+``): its own openings end the prefix.
            part = _openings(op, av)
            joined = None if part is None else _join(found, part)
            return found if joined is None else joined
        joined = _join(found, part)
        if joined is None:
            return found
        found = joined
    return found


def _openings(op: Any, av: Any) -> Spellings | None:
    if op is sre.SUBPATTERN:
        return _prefixes(list(av[-1]))
    if op is sre.BRANCH:
        found: set[str] = set()
        for alternative in av[1]:
            found |= _prefixes(list(alternative))
        return frozenset(found) if len(found) <= LIMIT else None
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
        return _prefixes(list(av[2]))
    return None


def gates(pattern: str) -> tuple[Spellings | None, Spellings | None, str | None]:
    """A pattern's start literals, the literals it must contain, and where it can start."""
    parsed = list(sre_parse.parse(pattern))
    contains = required(parsed)
    return (
        _starts(parsed),
        None if contains is None else _fewest(contains, str.__contains__),
        _opening(parsed),
    )


def _fewest(literals: Spellings, covers: Any) -> Spellings:
    """The literals without those another one already covers ("i'll " when "i'll" is there).

    For start literals a longer one that starts with a shorter is covered (it occurs only
    where the shorter does, at the same place); for required ones, one that contains it.
    """
    ordered = sorted(literals, key=len)
    kept: list[str] = []
    for literal in ordered:
        if not any(covers(literal, shorter) for shorter in kept):
            kept.append(literal)
    return frozenset(kept)


def _opening(parsed: list[Any]) -> str | None:
    r"""Where a parsed pattern can start: "anchored" (only at 0), "word" (after ``\b``), or None."""
    if not parsed or parsed[0][0] is not sre.AT:
        return None
    if parsed[0][1] in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
        return "anchored"
    return "word" if parsed[0][1] is sre.AT_BOUNDARY else None
