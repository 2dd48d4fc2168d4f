"""Fuzzy matching of utterances against the phrase banks.

A sentence matches a bank phrase when it carries most of the phrase's content words
(after light stemming, with typos mapped to the banks' vocabulary by rapidfuzz) and the
two read alike. This catches reorderings, inserted words and misspellings of a phrase.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from math import ceil
from typing import cast

from rapidfuzz import fuzz, process

from simulator.models.content import Phrase
from simulator.models.moves import Move
from simulator.moves.text import (
    WordTable,
    content_word_stems,
    negator_count,
    normalise,
    tokens,
)

MIN_OVERLAP = 0.75
MIN_SIMILARITY = 82.0
TYPO_CUTOFF = 88.0


@dataclass(frozen=True)
class BankEntry:
    """One bank phrase prepared for matching."""

    move: Move
    text: str
    stems: frozenset[str]
    negators: int


class PhraseIndex:
    """An inverted index from content-word stems to the bank phrases that contain them."""

    def __init__(self, phrases: Sequence[Phrase]) -> None:
        self.entries: list[BankEntry] = []
        by_stem: dict[str, list[int]] = defaultdict(list)
        for phrase in phrases:
            low = normalise(phrase.text)
            stems = frozenset(_content(low))
            if not stems:
                continue
            entry = BankEntry(phrase.move, low, stems, negator_count(tokens(low)))
            for s in stems:
                by_stem[s].append(len(self.entries))
            self.entries.append(entry)
        self._by_stem: dict[str, tuple[int, ...]] = {s: tuple(v) for s, v in by_stem.items()}
        self._vocab = sorted(self._by_stem)
        # Stems in common with a phrase needed before it is compared (MIN_OVERLAP of its own).
        self._needed = [max(1, ceil(MIN_OVERLAP * len(e.stems) - 1e-9)) for e in self.entries]
        # Stem -> the vocabulary stem it stands for (itself, a typo's fix, or None).
        self._known: WordTable[str | None] = WordTable(
            self._nearest, seed={s: s for s in self._vocab}
        )

    def _nearest(self, token_stem: str) -> str | None:
        """The vocabulary stem an unknown stem is a likely misspelling of, if any."""
        if len(token_stem) < 5:  # shorter words are too close to each other to correct
            return None
        found = process.extractOne(
            token_stem, self._vocab, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF
        )
        return found[0] if found else None

    def match(
        self, sentence: str, content: Sequence[str] | None = None, negators: int | None = None
    ) -> list[tuple[BankEntry, float]]:
        """Bank entries the sentence expresses, with their similarity (normalised text in).

        ``content`` is the sentence's content-word stems when the caller has them already.
        """
        words = _content(sentence) if content is None else content
        known = set(map(self._known.__getitem__, words))
        known.discard(None)
        stems = cast(set[str], known)
        if not stems:
            return []
        by_stem = self._by_stem
        hits = Counter(chain.from_iterable(map(by_stem.__getitem__, stems)))
        if negators is None:
            negators = negator_count(tokens(sentence))
        found = []
        needed = self._needed
        for index, count in hits.items():
            if count < needed[index]:
                continue
            entry = self.entries[index]
            if negators != entry.negators:
                continue  # "I won't tell you to calm down" is not "calm down"
            similarity = fuzz.token_set_ratio(entry.text, sentence)
            if similarity >= MIN_SIMILARITY:
                found.append((entry, similarity))
        return found


def _content(low: str) -> list[str]:
    return content_word_stems(low)
