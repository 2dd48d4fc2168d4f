"""The one text layer: normalisation, sentences, questions, tokens and stems.

The detector, the practice reading, the repeat check, the engine and the rewrites all split
and normalise text here, so "What happened with the 9 a.m. booking?" is one question
everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple, TypeVar

V = TypeVar("V")

MAX_TURN_CHARS = 10_000
"""The longest single turn Defuse reads (about four pages); longer is refused, not read."""

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-"})
SENTENCE_MARKS = ".!?\n"
"""Every character that can end a sentence (text without one is a single sentence)."""
_SENTENCE_END = re.compile(r"[.!?]+|\n")
_NO_BREAK = (" a.m", " p.m", " e.g", " i.e", " mr", " mrs", " ms", " dr", " st", " no", " vs")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

STOPWORDS = frozenset(
    """
    a an the and or but if so of to in on at by for with from as is are was were be been being
    i me my we us our you your he she it its they them their this that these those there here
    do does did doing have has had having will would shall should can could may might must
    just really very quite also too not no yes ok okay um uh oh well right now then than
    what when where which who whom why how all any some each every about into over up down out
    i'm i've i'll i'd you're you've you'll you'd we're we've we'll it's that's there's let's
    don't didn't doesn't isn't wasn't aren't weren't can't couldn't won't wouldn't haven't hasn't
    get got one thing things like know see go going want
    """.split()
)


SENTENCE_OPENERS = frozenset(
    "the a an it it's my our we we're they there there's this that his her you you've you're "
    "your he he's she she's i'm tomorrow today tonight within in by next on at around before "
    "after end first nobody no nothing none noone everyone everybody someone somebody all also "
    "and but so still".split()
)
"""Words that open a sentence in capitals only because they open it: a clause quoted
mid-sentence ("Fine, tomorrow.", "Like I said, the letter ...") starts lower-case."""


def normalise(text: str) -> str:
    """Lowercase with typographic quotes made plain; same length as the input."""
    plain = text.translate(_QUOTES)
    lowered = plain.lower()
    if len(lowered) != len(plain):  # a few characters lowercase to two; keep offsets exact
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in plain)
    return lowered


class Sentence(NamedTuple):
    """A sentence of an utterance: its span in the original text and what the detector needs."""

    start: int
    end: int
    text: str
    words: list[str]
    """The sentence's word tokens."""
    stems: list[str]
    """Stems of the sentence's content words, in order."""
    negators: int
    """How many negating words the sentence has (not, never, no, nothing, cannot, -n't)."""
    is_question: bool
    """True when the sentence ends with a question mark."""

    @classmethod
    def of(cls, start: int, text: str) -> Sentence:
        """The sentence ``text`` (stripped) found at ``start``, with its words counted once."""
        words = _TOKEN.findall(text)
        return cls(
            start,
            start + len(text),
            text,
            words,
            _stems_of(words),
            negator_count(words),
            text.endswith("?"),
        )


def sentences(lowered: str) -> list[Sentence]:
    """Split normalised text into sentences, keeping offsets into the original text.

    A full stop ends a sentence only before a space or the end, and not after a.m., p.m.,
    e.g., titles or a digit, so "by 4 p.m. today" and "$12.50" stay whole.
    """
    found: list[Sentence] = []
    start = 0
    length = len(lowered)
    for match in _SENTENCE_END.finditer(lowered):
        end = match.end()
        if (
            end - match.start() == 1
            and lowered[end - 1] == "."
            and ((end < length and not lowered[end].isspace()) or _abbreviation(lowered, end))
        ):
            continue
        _add(found, lowered, start, end)
        start = end
    if start < length:
        _add(found, lowered, start, length)
    return found


def _abbreviation(lowered: str, end: int) -> bool:
    """True when the full stop ending at ``end`` closes an abbreviation, not a sentence.

    "No." abbreviates only before a number ("No. 5"); "No. That's wrong." is two sentences.
    """
    before = " " + lowered[max(0, end - 5) : end - 1]
    if not before.endswith(_NO_BREAK):
        return False
    if before.endswith(" no"):
        return lowered[end:].lstrip()[:1].isdigit()
    return True


def split_sentences(text: str) -> list[str]:
    """The sentences of raw text, as written (case kept), split as ``sentences`` splits them."""
    return [text[s.start : s.end] for s in sentences(normalise(text))]


def questions(lowered: str) -> list[Sentence]:
    """The sentences of normalised text that end with a question mark."""
    return [s for s in sentences(lowered) if s.is_question]


def _add(found: list[Sentence], lowered: str, start: int, end: int) -> None:
    raw = lowered[start:end]
    stripped = raw.strip()
    if stripped:
        found.append(Sentence.of(start + raw.find(stripped[0]), stripped))


def tokens(lowered: str) -> list[str]:
    """Word tokens of normalised text (apostrophe contractions kept whole)."""
    return _TOKEN.findall(lowered)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix-stripping stem, enough to match 'charged', 'charges' and 'charge'."""
    for suffix in ("ing", "edly", "ed", "ies", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix == "ies":
                return base + "y"
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2]:
                return base[:-1]
            return base
    if word.endswith("e") and len(word) >= 5:
        return word[:-1]  # "charge" as "charged" and "charges" are: "charg"
    return word


NEGATORS = frozenset({"not", "never", "no", "nothing", "cannot"})


def negator_count(words: list[str]) -> int:
    """Negating words among word tokens: not, never, no, nothing, cannot, and any -n't."""
    return sum(map(_NEGATING.__getitem__, words))


class WordTable(dict[str, V]):
    """A word -> answer table that fills itself on use through ``compute``.

    The detector asks the same few thousand questions of every word it meets; the table
    answers each once. Past ``limit`` entries it starts over from ``seed``, so odd input
    cannot grow it without end.
    """

    def __init__(
        self, compute: Callable[[str], V], seed: Mapping[str, V] | None = None, limit: int = 65536
    ) -> None:
        super().__init__(seed or {})
        self._compute = compute
        self._seed = dict(seed or {})
        self._limit = len(self._seed) + limit

    def __missing__(self, word: str) -> V:
        found = self._compute(word)
        if len(self) >= self._limit:
            self.clear()
            self.update(self._seed)
        self[word] = found
        return found


_CONTENT_STEM: WordTable[str] = WordTable(
    lambda word: "" if word in STOPWORDS or len(word) <= 2 else stem(word)
)
"""Word -> stem, or "" for a stopword or a word of two letters or fewer."""
_NEGATING: WordTable[int] = WordTable(
    lambda word: int(word in NEGATORS or (word.endswith("n't") and len(word) > 3))
)
"""Word -> 1 when it negates (not, never, no, nothing, cannot, any -n't), else 0."""


def _stems_of(words: Iterable[str]) -> list[str]:
    """Stems of the content words among word tokens, in order."""
    return [s for s in map(_CONTENT_STEM.__getitem__, words) if s]


def content_word_stems(lowered: str) -> list[str]:
    """Stems of the content words of a text in order (stopwords and short numbers dropped)."""
    return _stems_of(_TOKEN.findall(lowered))


def content_stems(lowered: str) -> set[str]:
    """Stems of the content words of a text, as a set."""
    found = set(map(_CONTENT_STEM.__getitem__, _TOKEN.findall(lowered)))
    found.discard("")
    return found
