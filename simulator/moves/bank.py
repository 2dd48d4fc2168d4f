"""Fuzzy matching of utterances against the phrase banks.

A sentence matches a bank phrase when it carries most of the phrase's content words
(after light stemming, with typos mapped to the banks' vocabulary by rapidfuzz) and the
two read alike. This catches reorderings, inserted words and misspellings of a phrase.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from simulator.models.content import Phrase
from simulator.models.moves import Move
from simulator.moves.text import content_word_stems, negator_count, normalise, tokens

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
        self._by_stem: dict[str, list[int]] = defaultdict(list)
        for phrase in phrases:
            low = normalise(phrase.text)
            stems = frozenset(_content(low))
            if not stems:
                continue
            entry = BankEntry(phrase.move, low, stems, negator_count(tokens(low)))
            for s in stems:
                self._by_stem[s].append(len(self.entries))
            self.entries.append(entry)
        self._vocab = sorted(self._by_stem)

    @lru_cache(maxsize=32768)  # noqa: B019 - the index lives as long as the detector
    def _known(self, token_stem: str) -> str | None:
        """Map an unknown stem to the bank vocabulary when it is a likely misspelling."""
        if token_stem in self._by_stem:
            return token_stem
        if len(token_stem) < 5:
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
        stems = set()
        for s in _content(sentence) if content is None else content:
            known = self._known(s)
            if known is not None:
                stems.add(known)
        if not stems:
            return []
        hits: dict[int, int] = defaultdict(int)
        for s in stems:
            for index in self._by_stem.get(s, ()):
                hits[index] += 1
        if negators is None:
            negators = negator_count(tokens(sentence))
        found = []
        for index, count in hits.items():
            entry = self.entries[index]
            if count / len(entry.stems) < MIN_OVERLAP or (len(entry.stems) == 1 and count < 1):
                continue
            if negators != entry.negators:
                continue  # "I won't tell you to calm down" is not "calm down"
            similarity = fuzz.token_set_ratio(entry.text, sentence)
            if similarity >= MIN_SIMILARITY:
                found.append((entry, similarity))
        return found


def _content(low: str) -> list[str]:
    return content_word_stems(low)
