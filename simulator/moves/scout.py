r"""Faster regex search for patterns that open with a word boundary.

Python's regex engine scans quickly for a pattern's first characters, but not when the
pattern opens with ``\b``: then it tries every position. A scout is the same pattern with
that ``\b`` removed, so it matches wherever the pattern does (and maybe more): its leftmost
hit is the first place the pattern can match, and ``pattern.match`` confirms it there. The
results are exactly those of ``pattern.search`` and ``pattern.finditer``.

Case-insensitive matching also defeats the fast scan, so a case-insensitive pattern written
in lower case finds its start case-sensitively in the lower-cased text (for ASCII text,
where that is exactly equivalent) and is matched on the original text there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from simulator.moves.prefilter import prefilter

Span = tuple[int, int]
SHORT = 120
"""Below this many characters the plain scan wins: it skips the Python loop."""
_ESCAPE = re.compile(r"\\.")
_UPPER = re.compile(r"[A-Z]")


@dataclass(frozen=True)
class Scouted:
    """A compiled pattern searched faster, with exactly the same results."""

    pattern: re.Pattern[str]
    scout: re.Pattern[str] | None = field(default=None)
    folded: Scouted | None = None
    """For a case-insensitive lower-case pattern: the case-sensitive version."""

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> Scouted:
        r"""Wrap ``pattern``: fold case where possible, scout a leading ``\b``."""
        source = pattern.pattern
        if pattern.flags & re.IGNORECASE and not _UPPER.search(_ESCAPE.sub("", source)):
            return cls(pattern, None, cls.of(re.compile(source, pattern.flags & ~re.IGNORECASE)))
        if source.startswith("\\b"):
            return cls(pattern, re.compile(source[2:], pattern.flags))
        return cls(pattern)

    def search(self, text: str, begin: int = 0, stop: int | None = None) -> re.Match[str] | None:
        """Same as ``pattern.search(text, begin, stop)``."""
        end = len(text) if stop is None else stop
        if self.folded is not None:
            if not text.isascii():
                return self.pattern.search(text, begin, end)
            # On ASCII text, matching case-insensitively is matching the lower-cased text.
            hit = self.folded.search(text.lower(), begin, end)
            return None if hit is None else self.pattern.match(text, hit.start(), end)
        if self.scout is None:
            return self.pattern.search(text, begin, end)
        position = begin
        while position <= end:
            hit = self.scout.search(text, position, end)
            if hit is None:
                return None
            match = self.pattern.match(text, hit.start(), end)
            if match is not None:
                return match
            position = hit.start() + 1
        return None

    def spans(self, text: str, begin: int = 0, stop: int | None = None) -> list[Span]:
        """The spans ``pattern.finditer(text, begin, stop)`` gives, in order."""
        end = len(text) if stop is None else stop
        if end - begin < SHORT:
            return [m.span() for m in self.pattern.finditer(text, begin, end)]
        found: list[Span] = []
        position = begin
        while position <= end:
            match = self.search(text, position, end)
            if match is None:
                break
            found.append(match.span())
            position = match.end() if match.end() > match.start() else match.start() + 1
        return found


@dataclass(frozen=True)
class Gated:
    """A scouted pattern behind a literal check, with exactly the same results.

    Every match contains one of the pattern's required literals (see prefilter.py), so a
    text holding none of them is passed over by one Aho-Corasick scan instead of a regex
    search. Most customer lines carry no abuse, legal or safety words: they cost one scan.
    """

    scouted: Scouted
    automaton: Any
    fold: bool

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> Gated:
        """Wrap ``pattern`` (compiled with or without IGNORECASE)."""
        literals = prefilter(pattern.pattern)
        fold = bool(pattern.flags & re.IGNORECASE)
        automaton = None
        if literals:
            automaton = ahocorasick.Automaton()
            for literal in literals:
                key = literal.lower() if fold else literal
                automaton.add_word(key, key)
            automaton.make_automaton()
        return cls(Scouted.of(pattern), automaton, fold)

    def search(self, text: str, begin: int = 0, stop: int | None = None) -> re.Match[str] | None:
        """Same as ``pattern.search(text, begin, stop)``."""
        # Case folding is exact only for ASCII ("ſ" matches "s" under IGNORECASE).
        if self.automaton is not None and text.isascii():
            probe = text.lower() if self.fold else text
            end = len(text) if stop is None else stop
            if next(self.automaton.iter(probe, begin, end), None) is None:
                return None
        return self.scouted.search(text, begin, stop)
