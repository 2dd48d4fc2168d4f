"""Chat-style writing made standard before detection, with every offset mapped back.

New hires type the way they chat: "ill call u by 3pm tomorow", "im so sorry!!", "what would u
like us to do then". The detector reads standard English, so :func:`standardise` rewrites an
utterance first and keeps, for every character it produces, the offset of the character it came
from; spans found in the standard text are mapped back with :meth:`Standard.span`, so quotes stay
the trainee's own words.

What it changes, word by word: spoken fillers (um, er) are dropped; chat shorthand (u, ur, pls, thx, tmrw ...), contractions typed
without their apostrophe (dont, im, youre; "ill" and "id" only where they start a clause), a
lone "i", doubled punctuation ("!!", "??"), a missing question mark on a line that opens like a
question, and misspelt words, corrected with SymSpell against its bundled English frequency
dictionary (symspellpy). Names, numbers, times, references and any word the customer used are
left alone.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

Span = tuple[int, int]

SHORTHAND: dict[str, str] = {
    "u": "you",
    "ya": "you",
    "ur": "your",
    "yr": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "thnx": "thanks",
    "thanx": "thanks",
    "tnx": "thanks",
    "ty": "thank you",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmrow": "tomorrow",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "2day": "today",
    "tonite": "tonight",
    "b4": "before",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "k": "ok",
    "kk": "ok",
    "np": "no problem",
    "sry": "sorry",
    "srry": "sorry",
    "soz": "sorry",
    "msg": "message",
    "mins": "minutes",
    "hrs": "hours",
    "acct": "account",
    "appt": "appointment",
    "info": "information",
    "idk": "I don't know",
    "btw": "by the way",
    "asap": "as soon as possible",
    "ppl": "people",
    "abt": "about",
    "wud": "would",
    "cud": "could",
    "shud": "should",
    "wat": "what",
    "wht": "what",
    "tues": "Tuesday",
    "weds": "Wednesday",
    "thurs": "Thursday",
    "thur": "Thursday",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
}
"""Chat shorthand and its standard form (abbreviations people type on purpose, not typos)."""

CONTRACTIONS: dict[str, str] = {
    w.replace("'", "").lower(): w
    for w in """I'm I've you're you'll you've you'd don't doesn't didn't can't won't isn't aren't
    wasn't weren't hasn't haven't hadn't wouldn't couldn't shouldn't that's what's there's here's
    how's where's who's they're they'll they've it'll should've would've could've ain't
    let's""".split()
}
"""Contractions as typed without their apostrophe; none of these is also an English word."""
del CONTRACTIONS["lets"]  # "lets" is a word ("it lets you"): handled with the clause rule

_CLAUSE_ONLY = {"ill": "I'll", "id": "I'd", "lets": "let's", "its": "it's"}
"""Words that are a contraction only where a clause starts ("lets see" but "it lets you")."""
_SICK = frozenset(
    """be am is are was were been being feel feeling feels felt fell falls fall got get gets
    getting very so too really seriously mentally critically terminally quite an look looks
    looked become became""".split()
)
"""Words before "ill" meaning unwell ("she fell ill"); elsewhere "ill" is "I'll"."""
_ITS_NEXT = frozenset(
    """the a an not all been going just only still your my our their his her ok okay fine done
    over too so very really probably already always never now because in on at for with within
    from up down out off like about actually quite pretty no nothing gonna what how fixed
    sorted booked sent""".split()
)
"""Words that follow "it's" and not the possessive "its" ("its the bank", "its screen")."""
_ID_VERBS = frozenset(
    """like love be have need suggest recommend say rather prefer want think guess imagine
    expect hate go get do check call ask""".split()
)
_WILL_NEXT = _ID_VERBS | frozenset(
    """file send put make sort email text ring phone look see let raise book arrange add take
    pass escalate transfer refund credit waive update note follow keep try reach contact chase
    just also definitely personally make set fix get give order cancel""".split()
)
"""Words that follow "I'll" and not the adjective: "so ill file it" is "so I'll file it"."""
_CLAUSE_OPENERS = frozenset(
    "so and then ok okay but yes yeah sure right alright fine great if when because cause".split()
)
_WH = frozenset("what when where which who whom whose why how".split())
_AUX = frozenset(
    "can could would will shall should do does did is are was were have has may might".split()
)
_SUBJECTS = frozenset("you u i we they he she it that this there someone anyone ur your".split())
_TITLES = frozenset("dr mr mrs ms miss mx prof sir".split())
_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*|\d[\w:./-]*")
_FILLER = re.compile(r",?\s*(?<![\w'])(?:um+|uh+|er+m?|uhm+|hmm+)\b,?(?=\s)", re.IGNORECASE)
"""Spoken fillers in a transcript ("let me, um, just check"): read as if not there."""
_PUNCT_RUN = re.compile(r"([!?.])[!?.]+")
_END = re.compile(r"[.!?]\s*$")
_MIN_SPELL = 4
"""Words shorter than this are never spell-corrected (too many near neighbours)."""
_CANDIDATES = 20_000
"""Correct towards the most frequent words only; every dictionary word counts as known."""


@dataclass(frozen=True)
class Standard:
    """An utterance in standard form and the way back to the original offsets."""

    text: str
    back: tuple[int, ...] | None = None
    """For each character of ``text`` (and one past the end), its offset in the original;
    None when nothing changed."""

    def span(self, span: Span) -> Span:
        """A span of ``text`` as a span of the original."""
        if self.back is None:
            return span
        start, end = span
        if end <= start:
            return self.back[start], self.back[start]
        return self.back[start], self.back[end - 1] + 1


class _Speller:
    """SymSpell over the bundled frequency dictionary.

    The word list (to tell a misspelling from a rare word) is read on first use, about 0.1 s;
    the correction index only when a word needs correcting, about half a second more.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: list[tuple[str, int]] = []
        self._symspell: object | None = None
        self.known: frozenset[str] = frozenset()
        self.frequent: frozenset[str] = frozenset()
        self.joins: frozenset[str] = frozenset()
        """Words common enough to be typed run on to a short one ("infront", "alot"); not
        participles, which make real compounds ("onboarding", "incoming")."""

    def ready(self) -> None:
        """Read the word list (once)."""
        if self.known:
            return
        with self._lock:
            if self.known:
                return
            path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
            rows = []
            for line in path.read_text(encoding="utf-8").splitlines():
                word, _, count = line.partition(" ")
                if count.isdigit():
                    rows.append((word, int(count)))
            rows.sort(key=lambda r: -r[1])
            self._rows = rows[:_CANDIDATES]
            self.frequent = frozenset(r[0] for r in self._rows)
            self.joins = frozenset(
                word for word, _ in rows[:_JOIN_TAILS] if not word.endswith(("ing", "ed"))
            )
            self.known = frozenset(r[0] for r in rows)

    def _derived(self, word: str) -> bool:
        """True for a known word with a prefix or ending the list lacks ("rebooking")."""
        known = self.known
        for prefix in _PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                rest = word[len(prefix) :]
                if rest in known or self._derived(rest):
                    return True
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                base = word[: -len(suffix)]
                if base in known or base + "e" in known or base[:-1] in known:
                    return True
        return False

    def warm(self) -> None:
        """Read the word list and build the correction index (for a background thread)."""
        self.ready()
        self._index()

    def _index(self) -> object:
        with self._lock:
            if self._symspell is None:
                from symspellpy import SymSpell  # noqa: PLC0415 - only when a word is misspelt

                speller = SymSpell(max_dictionary_edit_distance=2, prefix_length=6)
                for word, count in self._rows:
                    speller.create_dictionary_entry(word, count)
                self._symspell = speller
            return self._symspell

    def correct(self, word: str) -> str | None:
        """The dictionary word a misspelt ``word`` (lowercase) stands for, if one is clear."""
        self.ready()
        if word in self.known or self._derived(word):
            return None
        for cut in range(1, len(word) - 2):  # a word run together: "infront", "alot"
            head, tail = word[:cut], word[cut:]
            if head in _JOINABLE and tail in self.joins:
                return f"{head} {tail}"
        if any(word.startswith(p) and word[len(p) :] in self.known for p in _PARTICLES):
            return None  # a compound the list lacks ("onboarding", "upskilling"), as typed
        from symspellpy import Verbosity  # noqa: PLC0415

        limit = 1 if len(word) <= 5 else 2
        found = self._index().lookup(word, Verbosity.CLOSEST, limit)  # type: ignore[attr-defined]
        if found:
            best = found[0]
            if len(found) == 1 or found[1].count * 20 < best.count:
                return str(best.term)
        return None


_PREFIXES = ("re", "un", "pre", "over", "mis", "non", "co", "sub", "auto", "e")
_SUFFIXES = ("ing", "ed", "s", "es", "er", "ers", "ly", "able", "ment")
_JOINABLE = frozenset("a in on at to of be any some every no".split())
_PARTICLES = ("on", "in", "out", "up", "over", "under", "off", "back", "down", "cross")
_JOIN_TAILS = 5000
"""How far down the frequency list a word run on to a short one may come from."""
_SPELLER = _Speller()
_WARMING = False


def common_words(count: int) -> frozenset[str]:
    """The ``count`` most frequent English words of the bundled dictionary (lowercase)."""
    _SPELLER.ready()
    return frozenset(word for word, _ in _SPELLER._rows[:count])


def warm_up() -> None:
    """Load the spelling data on a background thread.

    The first chat-style line then does not wait for it; every practice call asks for it,
    and only the first ask in a process starts the thread.
    """
    global _WARMING  # noqa: PLW0603 - once per process
    if _WARMING:
        return
    _WARMING = True
    threading.Thread(target=_SPELLER.warm, name="defuse-speller", daemon=True).start()


def _case_like(original: str, replacement: str) -> str:
    if replacement[0].isupper():
        return replacement
    if original[:1].isupper():
        return replacement[0].upper() + replacement[1:]
    return replacement


@lru_cache(maxsize=4096)
def _spelled(word: str) -> str | None:
    return _SPELLER.correct(word)


_CLAUSE_MARKS = frozenset(".!?,;:-(") | {""}
_SENTENCE_MARKS = frozenset(".!?") | {""}


def _mark_before(text: str, position: int) -> str:
    """The last non-space character before ``position`` ("" at the start of the text)."""
    i = position - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return text[i] if i >= 0 else ""


def _pronoun_or_modal(word: str, prev: str, following: str | None) -> str | None:
    """The word "i" as "I"; formal "I shall call you" as "I will call you" ("shall we?" asks)."""
    if word.lower() == "i":
        return "I" if word == "i" else None
    if prev in ("i", "we") and following not in (None, "i", "we"):
        return "will"
    return None


def _word_edit(words: list[re.Match[str]], i: int, text: str) -> str | None:
    """The standard form of word ``i`` of ``text``, or None to leave it as typed."""
    match = words[i]
    word = match.group()
    low = word.lower()
    mark = _mark_before(text, match.start())
    prev = words[i - 1].group().lower() if i else ""
    clause_start = mark in _CLAUSE_MARKS or prev in _CLAUSE_OPENERS
    following = words[i + 1].group().lower() if i + 1 < len(words) else None
    if low in ("i", "shall"):
        return _pronoun_or_modal(word, prev, following)
    if low in SHORTHAND:
        return SHORTHAND[low]
    if low in CONTRACTIONS:
        return CONTRACTIONS[low]
    if following is not None and (
        (
            low == "ill"
            and (prev not in _SICK or (prev in _CLAUSE_OPENERS and following in _WILL_NEXT))
        )
        or (low == "id" and following in _ID_VERBS)
        or (low == "lets" and clause_start)
        or (low == "its" and following in _ITS_NEXT)
    ):
        return _CLAUSE_ONLY[low]
    if (
        len(low) >= _MIN_SPELL
        and word.isalpha()
        and not (word[0].isupper() and mark not in _SENTENCE_MARKS)
        and prev not in _TITLES
        and not word.isupper()
    ):
        return _spelled(low)
    return None


_SPECIAL = frozenset(SHORTHAND) | frozenset(CONTRACTIONS) | frozenset(_CLAUSE_ONLY) | {"shall"}


_CHAT_MARKS = re.compile(r"[!?]{2,}|(?<![\w'])(?:lol|lmao|omg|haha+|xx+)(?![\w'])", re.IGNORECASE)


def chat_register(text: str) -> bool:
    """True for a line typed as a chat message: shorthand ("u", "pls", "thx") or "!!".

    Read in full for what it says (``standardise``), it still reads as haste on a customer
    line: a coach asks for full words and plain punctuation.
    """
    if _CHAT_MARKS.search(text):
        return True
    return any(
        word in _CHAT_ONLY or (len(word) > 1 and word.lower() in _CHAT_ONLY)
        for word in _WORD.findall(text)
    )


_SPOKEN_FILLER = re.compile(
    r"(?<![\w'])(?:um+|uh+|erm?|uhm+|hmm+)\b|,\s*like,|\blike,\s|,\s*you know,|\bi mean,",
    re.IGNORECASE,
)
FILLERS_IN_A_REPLY = 3
"""Spoken fillers in one reply that make it hard to follow ("Okay, um, so, like, ...")."""


def filler_register(text: str) -> bool:
    """True for a reply spoken through fillers ("so, um, like, the main thing, uh, is...").

    Read without them for what it says (``standardise`` drops "um"), the reply still sounds
    unsure: a coach asks for fewer words said plainly. One "um" is speech, not a habit.
    """
    count = 0
    begin = 0
    while found := _SPOKEN_FILLER.search(text, begin):
        count += 1
        if count >= FILLERS_IN_A_REPLY:
            return True
        begin = found.end()
    return False


_LETTER = re.compile(
    r"^\W*dear\b|\b(?:kind|best|warm) regards\b|\byours (?:sincerely|faithfully|truly)\b|"
    r"\brespectfully yours\b|\bplease be advised\b|\bkindly (?:be advised|note|find|allow)\b|"
    r"\bplease find (?:below|attached|enclosed)\b|\bi acknowledge receipt\b|\bwe acknowledge "
    r"receipt\b|\bwith (?:reference|regard) to the above\b|\bdo not hesitate to contact\b|"
    r"\bwe look forward to (?:your|hearing)\b|\bduly noted\b",
    re.IGNORECASE,
)


def letter_register(text: str) -> bool:
    """True for a reply in a letter's formulas where a person is talking.

    "Dear Mr Oyelaran", "Please be advised", "Kind regards": it reads as a form being filled
    in, not as someone listening.
    """
    low = text.lower()
    return any(word in low for word in _LETTER_WORDS) and bool(_LETTER.search(text))


_LETTER_WORDS = (
    "dear",
    "regards",
    "yours",
    "advised",
    "kindly",
    "please find",
    "receipt",
    "the above",
    "hesitate",
    "look forward",
    "duly",
)
"""A word each of the letter's formulas holds: most replies are ruled out without the regex."""


_CHAT_ONLY = frozenset(
    "u ur ya yr r k kk pls plz thx thnx thanx tnx ty np idk b4 2day 2moro 2morrow tmr tmrw tmrow "
    "cud wud shud coz cuz bc sry srry soz wat wht abt ppl msg tonite btw".split()
)
"""The shorthand of chat, never of speech or of writing ("gonna", "info" and "mins" are
both)."""


def already_standard(text: str) -> bool:
    """A quick check that nothing in ``text`` would change (most formal writing)."""
    if _FILLER.search(text) or _PUNCT_RUN.search(text) or _missing_question_mark(text):
        return False
    _SPELLER.ready()
    known = _SPELLER.known
    for word in _WORD.findall(text):
        if word == "i":
            return False
        if word[0].isdigit():
            continue
        low = word.lower()
        if low in _SPECIAL or (len(low) >= _MIN_SPELL and low not in known and word.isalpha()):
            return False
    return True


def standardise(text: str, protect: Iterable[str] = ()) -> Standard:
    """``text`` in standard form; words in ``protect`` (lowercase) are never changed."""
    return _standardise(text, frozenset(protect))


@lru_cache(maxsize=1024)
def _standardise(text: str, keep: frozenset[str]) -> Standard:
    # Cached: a turn is read by the detector, the practice reading and the customer's
    # premises; a Standard is frozen, so one copy serves them all.
    if already_standard(text):
        return Standard(text)
    edits: list[tuple[int, int, str]] = []
    words = list(_WORD.finditer(text))
    for i, match in enumerate(words):
        word = match.group()
        if word[0].isdigit() or word.lower() in keep:
            continue
        new = _word_edit(words, i, text)
        if new is not None and new != word:
            edits.append((match.start(), match.end(), _case_like(word, new)))
    for match in _FILLER.finditer(text):
        edits.append((match.start(), match.end(), ""))
    for match in _PUNCT_RUN.finditer(text):
        mark = "?" if "?" in match.group() else match.group(1)
        edits.append((match.start(), match.end(), mark))
    question = _missing_question_mark(text)
    if question is not None:
        edits.append((question, question, "?"))
    if not edits:
        return Standard(text)
    out, back = _apply(text, sorted(edits))
    return Standard(out, tuple(back))


def _missing_question_mark(text: str) -> int | None:
    """Where a question mark belongs at the end of a line that opens like a question."""
    stripped = text.rstrip()
    if not stripped or _END.search(stripped):
        return None
    last = re.split(r"(?<=[.!?])\s+", stripped)[-1]
    words = [w.lower().strip(",") for w in last.split()]
    if len(words) < 3:
        return None
    wh_question = words[0] in _WH and (words[1] in _AUX or words[2] in _AUX or words[1] == "else")
    yes_no = words[0] in _AUX and words[1] in _SUBJECTS
    yes_no = yes_no and not (words[0] == "do" and words[1] in ("that", "this", "it"))
    anything = words[0] == "anything" and words[1] == "else"
    return len(stripped) if wh_question or yes_no or anything else None


def _apply(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, list[int]]:
    """``text`` with non-overlapping edits made, and the offset map back to ``text``."""
    out: list[str] = []
    back: list[int] = []
    pos = 0
    for start, end, new in edits:
        if start < pos:
            continue
        out.append(text[pos:start])
        back.extend(range(pos, start))
        out.append(new)
        if end > start:
            # Spread the new characters over the old ones, so a span of the new word maps
            # onto the whole old word.
            back.extend(min(start + k, end - 1) for k in range(len(new)))
        else:
            back.extend([max(start - 1, 0)] * len(new))
        pos = end
    out.append(text[pos:])
    back.extend(range(pos, len(text) + 1))
    return "".join(out), back
