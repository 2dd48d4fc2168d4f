"""Literal prefilters for regex rules, computed from the regex itself.

For each rule we find a set of literal strings such that every match must contain at
least one of them. A plain substring test (fast, in C) then skips the rule on most
utterances, so only a handful of regexes run per utterance.
"""

from __future__ import annotations

from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

USEFUL = 6
"""Literals up to this long are ranked by length; beyond it, fewer literals win."""
COMMON = frozenset(
    "a an the you your our i we it this that to and or is are be of in on for my me so can "
    "will 'll would could how what why if as at by with".split()
)
"""Words in nearly every utterance: a literal set holding one filters nothing."""


def _weight(literal: str) -> int:
    word = literal.strip()
    if word.isdigit():
        return 3  # a digit is rarer in speech than any short word
    return 1 if word in COMMON else min(len(word), USEFUL)


def _score(found: frozenset[str]) -> tuple[int, float, int]:
    weights = [_weight(s) for s in found]
    return (min(weights), sum(weights) / len(weights), -len(found))


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    return max(options, key=_score) if options else None


def _literal_runs(items: list[Any]) -> list[frozenset[str]]:
    runs: list[frozenset[str]] = []
    text = ""
    for op, av in items:
        if op is sre.LITERAL:
            text += chr(av)
            continue
        if len(text.strip()) >= 1:
            runs.append(frozenset({text}))
        text = ""
    if len(text.strip()) >= 1:
        runs.append(frozenset({text}))
    return runs


def _char_class(members: list[Any]) -> frozenset[str] | None:
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


def required(items: list[Any]) -> frozenset[str] | None:
    """A set of literals one of which every match of this sequence contains, or None."""
    options = _literal_runs(items)
    for op, av in items:
        found: frozenset[str] | None = None
        if op is sre.SUBPATTERN:
            found = required(list(av[-1]))
        elif op is sre.BRANCH:
            parts = [required(list(alt)) for alt in av[1]]
            if all(p is not None for p in parts):
                found = frozenset().union(*parts)  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            found = required(list(av[2]))
        elif op is sre.IN:
            found = _char_class(av)
        if found:
            options.append(found)
    return _best(options)


def prefilter(pattern: str) -> frozenset[str] | None:
    """Literals for ``pattern`` (one must occur in any match), or None to always run it."""
    found = required(list(sre_parse.parse(pattern)))
    if found is None or any(not s.strip() for s in found):
        return None
    return frozenset(s.strip() if s.strip() == s else s for s in found)


def _leading(items: list[Any]) -> frozenset[str] | None:  # noqa: PLR0911 - one per op kind
    """Literals one of which every match starts with, or None."""
    for index, (op, av) in enumerate(items):
        if op is sre.AT:
            continue
        if op is sre.LITERAL:
            text = ""
            for next_op, next_av in items[index:]:
                if next_op is not sre.LITERAL:
                    break
                text += chr(next_av)
            return frozenset({text})
        if op is sre.SUBPATTERN:
            return _leading(list(av[-1]))
        if op is sre.BRANCH:
            parts = [_leading(list(alt)) for alt in av[1]]
            if all(p is not None for p in parts):
                return frozenset().union(*parts)  # type: ignore[arg-type]
            return None
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            return _leading(list(av[2]))
        if op is sre.IN:
            return _char_class(av)
        return None
    return None


def leading(pattern: str) -> frozenset[str] | None:
    """Literals one of which starts every match of ``pattern``, when they filter well.

    The detector then tries the rule only where such a literal occurs, with ``match``
    at that position, instead of scanning the whole utterance.
    """
    found = _leading(list(sre_parse.parse(pattern)))
    if found is None or any(not s for s in found):
        return None
    return found if min(_weight(s) for s in found) >= 2 else None
