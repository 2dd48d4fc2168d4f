"""The move detector: one agent utterance (plus the customer's line before it) to moves.

Three kinds of evidence, all offline: pattern rules over word classes (rules.py), fuzzy
matches against the phrase banks (bank.py), and structure: question form and intent,
the customer's own words echoed back, names used as a form of address.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import ahocorasick

from simulator.models.content import Phrase
from simulator.models.moves import ANTI_PATTERNS, OWNS_QUESTION, UNPROFESSIONAL, Move, in_order
from simulator.moves import cues, gatetable
from simulator.moves.bank import PhraseIndex
from simulator.moves.prefilter import better
from simulator.moves.questions import barrage, distinct_questions
from simulator.moves.rules import (
    FUTURE,
    HEDGE_BEFORE,
    LAUGHTER,
    NEGATION_BEFORE,
    NEGATION_WINDOW,
    RULES,
    Rule,
)
from simulator.moves.scout import SHORT, Gated, Scouted
from simulator.moves.spelling import Standard, already_standard, standardise
from simulator.moves.text import Sentence, content_stems, normalise, sentences

Span = tuple[int, int]
STOCK_SIMILARITY = 92.0

_QUESTION_START = re.compile(
    r"^(?:(?:and|so|also|okay|ok|right|now|first|then|just|quick question)[,:]? )*"
    r"(?:what|what's|when|where|where's|which|who|who's|whose|why|how|did|do|does|is|are|was|"
    r"were|have|has|had|can|could|would|will|should|may|might|am)\b"
)
_INFO_REQUEST = re.compile(
    r"^(?:(?:okay|ok|right|so|first|now)[,:]? )?(?:please )?(?:tell|give|send|read|walk|talk|"
    r"show) me\b|\b(?:can|could|would) you (?:please )?(?:tell|give|send|read|confirm|spell|walk|"
    r"share|describe|let me know|check|look)\b|\b(?:can|could|may) i (?:get|have|grab|take|ask|"
    r"confirm|check)\b|\bi(?:'ll| will|'d| would) need (?:your|the|a)\b|\bwhat's (?:your|the)\b|"
    # A request for a detail said as a need ("First I need your full name and matter number").
    r"\b(?:i|we) (?:just |first |also |still )?(?:need|have to (?:get|have|take|see)) (?:your|the)"
    r"(?: \w+){0,2} (?:name|number|reference|ref|account|postcode|zip|date of birth|dob|email|"
    r"e-mail|address|details|id|booking|order|policy|card|phone|registration)s?\b|"
    r"^(?:(?:okay|ok|right|so|first|now)[,:]? )?(?:please )?confirm (?:your|the)\b|"
    # Asked as a letter would ("I would be grateful if you could describe ...").
    r"\bi(?:'d| would) (?:be grateful|appreciate it|kindly ask|kindly request|ask) (?:if |that )?"
    r"(?:you )?(?:could |would |can )?(?:please )?(?:describe|tell|confirm|provide|send|share|"
    r"explain|give|let me know)\b|\b(?:please |could you )?kindly (?:describe|tell|confirm|provide|"
    r"send|share|explain|give|let me know)\b"
)
_NOT_INFO = re.compile(
    r"\b(?:would you like me to|shall i|should i|do you want me to|want me to|can i (?:help|put|"
    r"transfer|call|book|offer)|how can i help|how may i help|may i help|can i help|what can i do "
    r"for you)\b|"
    # An offer put as a question ("i can put you in the partner hotel tonight?") offers.
    r"^(?:(?:ok|okay|so|right|well),? )?(?:i|we) (?:can|could) (?!i\b)\w+[^?]*\?$|"
    r"^(?:(?:ok|okay|so|right|well),? )?(?:how about|what about) (?!you\b)|"
    r"\bwould you like (?!to (?:tell|share|explain|describe|walk|go through))(?:to|me|us|a|an|"
    r"the|your)\b|"
    r"^(?:(?:ok|okay|so|and),? )?(?:does|would|will|can) (?:that|this) (?:work|suit|be ok|be "
    r"okay|be alright|help|do)\b|"
    # A word or two echoed back to hear it again ("waive what, sorry?") asks for nothing new.
    r"^(?:\w+ ){0,3}(?:what|who|where),? sorry\?$|^sorry,? (?:\w+ ){0,3}what\?$|"
    r"^(?:right|okay|ok|yeah|yes|correct|no)\?$"
)
_PARDON = re.compile(
    r"^(?:sorry|pardon)\?$|^(?:\w+ ){0,3}(?:what|who|where),? sorry\?$|"
    r"^(?:sorry|pardon),? (?:\w+ ){0,3}(?:what|who|where|which one|come again|say that again)\?$"
)
"""A "sorry" that means "pardon?": it asks to hear a word again and apologises for nothing."""
_INFO_GATED = Gated.of(_INFO_REQUEST)
_NOT_INFO_GATED = Gated.of(_NOT_INFO)
_TAG_ONLY = re.compile(
    r"^(?:(?:is|was) (?:that|this) (?:right|correct|accurate|fair)|right|correct|okay|ok|yeah|"
    r"yes|no|does that make sense|did i get that right|have i got that right|fair enough|"
    r"sound (?:good|okay|ok|fair)|make sense|with me|all good|honestly|sorry|really|seriously|"
    r"pardon|eh|huh)\?$|"
    # A statement with a tag ("that doesn't add up, does it?") says, it does not ask.
    r",? (?:does|doesn't|is|isn't|was|wasn't|do|don't|can|can't|will|won't|would|wouldn't|"
    r"has|hasn't|have|haven't) (?:it|that|they|he|she|we|i|there)\?$|,? (?:yeah|right|eh)\?$"
)
_CHOICE = re.compile(
    r"^(?:so,? |and )?(?:which|what)(?: one| option| of (?:those|these|them))? (?:would|do|does|"
    r"sounds?|works?|suits?|is)\b[^.?!]{0,40}\?$"
)
"""A question that only asks the caller to pick among options just offered."""
_TAG_END = re.compile(
    r"(?:,|-|\u2014)? ?(?:is|was) (?:that|this) (?:right|correct|accurate|fair)\?$|"
    r",? (?:right|correct|yes|yeah|is that it|have i got that right|did i get that right)\?$"
)
_WH_START = re.compile(
    r"^(?:(?:and|so|okay|ok|right)[,]? )*(?:what|when|where|which|who|why|how)\b"
)
_WH_CLAUSE = re.compile(
    r"(?:^|[,:;] )(?:(?:and|so|okay|ok|right)[,]? )*(?:what|which|who|why|how|where)\b"
)
_SECOND_QUESTION = re.compile(  # after some words: a sentence opening "and what..." asks once
    # A bare "..., and when?" adds one detail to the same question, it does not ask another.
    r"\w[,;]? (?:and|also|plus),? (?:what|when|where|which|who|how|why|did|do|does|is|are|was|were|"
    r"have|has|can|could)\b(?! ?\?)"
)
_REPHRASE = re.compile(
    r"^(?:like|i mean|or|in other words|that is|as in|is it|was it|do you mean)\b"
)
"""A question that puts the one just asked another way or offers its answers ("Where did they
leave things? Like, is anything open or unsafe?", "What do you need most? Is it the line
fixed, or something else?"): it does not ask a second thing."""
_SO_CHECK = re.compile(
    r"^(?:(?:ok(?:ay)?|right|alright)[,.]? )*so,? (?:you|your|the|they|nobody|no one|it|this)\b"
)
_REFLECT_OPENING = re.compile(
    r"^(?:(?:ok(?:ay)?|right|alright|got it|understood|i see|oh|ah)[,.!]? )*so\b"
    r"(?!,? (?:our|we|we're|we've|i|i'm|i've|my|the (?:policy|rule|system|process))\b)"
)
"""A sentence opening "So" about the customer's side: "So our policy is ..." is no paraphrase."""
_I_WILL = re.compile(r"\b(?:i'll|i will|let me|i'm going to|i am going to|we'll|we will)\b")
_SECOND_PERSON = re.compile(r"\b(?:you|your|you're|you've|yours)\b")
_VOCATIVE_LEAD = re.compile(
    r"(?:^|[.!?]\s+)(?P<lead>(?:hi|hello|hey|hiya|ah|oh|aw|thanks|thank you|sorry|okay|ok|right|alright|yes|no|"
    r"sure|absolutely|of course|good (?:morning|afternoon|evening)|morning|afternoon|evening|"
    r"welcome back|so|look|listen|honestly|great)[,!]?\s+)?"
    r"(?P<name>(?:mr|mrs|ms|miss|dr|mx)\.?\s+[A-Z][a-z'-]+|[A-Z][a-z'-]{1,20})"
    r"(?=\s*[,!?]|\s*\.\s|\s*\.$)",
    re.IGNORECASE,
)
_VOCATIVE_TRAIL = re.compile(
    r",\s+(?P<name>(?:mr|mrs|ms|miss|dr|mx)\.?\s+[A-Z][a-z'-]+|[A-Z][a-z'-]{1,20})"
    r"(?=\s*[.!?,]|\s*$)",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset(
    """
    i so okay ok look listen honestly unfortunately great perfect absolutely certainly sure right
    well now first then also again yes no sorry thanks thank alright understood actually hmm oh
    ah fine normally usually otherwise meanwhile luckily sadly frankly basically obviously clearly
    seriously wow anyway secondly finally lastly ideally personally today tomorrow tonight plus
    besides however still yeah yep nope hey hi hello morning afternoon evening cool good brilliant
    lovely excellent totally completely exactly indeed true fair noted gotcha agreed done apologies
    cheers please sir madam ma'am mate folks everyone guys there here this that it you we they he
    she monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december of course and but or if when what
    how why who which where because though although whatever right okay sure deal
    mr mrs ms dr miss mx prof ugh argh phew gosh golly blimey crikey jeez whoa yikes oops ooh
    aw ha haha heh meh nah yay hmm huh um uh wonderful smashing sweet champion super fab
    fabulous fantastic awesome nice splendid marvellous marvelous terrific impressive amazing
    easy relax guaranteed agreed definitely precisely correct sorted gotcha ta bingo cracking
    one two three four five six seven eight nine ten mm-hm mhm uh-huh hiya howdy hullo
    name surname number address email postcode reference date phone
    like literally erm er wait just okie kk lol omg tbh btw fyi anyways
    """.split()
)


@dataclass(frozen=True)
class Detection:
    """The moves found in one utterance, each with its evidence spans."""

    moves: tuple[Move, ...]
    spans: Mapping[Move, tuple[Span, ...]] = field(default_factory=dict)
    stock: tuple[Span, ...] = ()
    """Sentences that are near-verbatim phrase-bank lines (used against keyword stuffing)."""
    sentences: tuple[Span, ...] = ()
    """Where the utterance's sentences start and end, as the detector split them."""
    standard: Standard | None = None
    """The utterance in the standard spelling it was read in, when that differs from it."""

    @property
    def unprofessional(self) -> bool:
        """True when the utterance is rude, mocking or beyond the agent's authority."""
        return any(m in UNPROFESSIONAL for m in self.moves)

    def without(self, dropped: frozenset[Move]) -> Detection:
        """The same detection with the ``dropped`` moves taken out."""
        if not any(m in dropped for m in self.moves):
            return self
        moves = tuple(m for m in self.moves if m not in dropped)
        spans = {m: self.spans[m] for m in moves}
        return Detection(moves, spans, self.stock, self.sentences, self.standard)

    def untainted(self) -> Detection:
        """Drop good moves found in a sentence that is rude, mocking or beyond authority.

        "Look, do you want to keep venting or do you want me to actually look at it?" offers a
        choice in words, but no coach quotes it as a good question, and no customer is calmed
        by it. The one owner of this reading: the grader and the practice customer both ask it.
        """
        bad = [span for m in self.moves if m in UNPROFESSIONAL for span in self.spans[m]]
        if not bad:
            return self
        tainted = [(s, e) for s, e in self.sentences if any(a < e and b > s for a, b in bad)]
        spans: dict[Move, tuple[Span, ...]] = {}
        for move in self.moves:
            kept = self.spans[move]
            if move not in ANTI_PATTERNS:
                kept = tuple(
                    (a, b) for a, b in kept if not any(a < e and b > s for s, e in tainted)
                )
            if kept:
                spans[move] = kept
        moves = tuple(m for m in self.moves if m in spans)
        return Detection(moves, spans, self.stock, self.sentences, self.standard)

    def to_json(self, utterance_id: object) -> dict[str, object]:
        """The `defuse detect` output object for this utterance."""
        names = [_NAMES[m] for m in self.moves]
        spans = self.spans
        return {
            "id": utterance_id,
            "moves": names,
            "spans": {
                name: list(map(list, spans[m])) for name, m in zip(names, self.moves, strict=True)
            },
        }

    def to_json_line(self, utterance_id: object) -> str:
        """``json.dumps(self.to_json(utterance_id))``, character for character, made faster.

        Move names and offsets need no escaping, so only the id goes through ``json``.
        """
        spans = self.spans
        inner = ", ".join(
            f"{_QUOTED[m]}: [{', '.join(f'[{a}, {b}]' for a, b in spans[m])}]" for m in self.moves
        )
        moves = ", ".join(_QUOTED[m] for m in self.moves)
        return f'{{"id": {json.dumps(utterance_id)}, "moves": [{moves}], "spans": {{{inner}}}}}'


_SCAN, _FREE, _WORD, _ANCHORED, _NEED = _KINDS = range(5)
"""How a literal gates a rule; also the order of the rule sets in an automaton value."""
_WEAK = 2
"""A start literal this short (with no space after it) turns up inside most words: a rule with
one is gated by the rarer literal it must contain instead."""


def _is_word(char: str) -> bool:
    r"""True for a character ``\w`` matches (so no word boundary falls before what follows)."""
    return char.isalnum() or char == "_"


_NAMES = {move: move.value for move in Move}
_QUOTED = {move: json.dumps(move.value) for move in Move}
_MOVE_ORDER = {move: index for index, move in enumerate(Move)}


class _Found:
    def __init__(self) -> None:
        self.spans: dict[Move, list[Span]] = {}
        self.stock: list[Span] = []
        self._seen: set[tuple[Move, Span]] = set()
        """Spans already added, so a long text stays linear (a list check is quadratic)."""

    def add(self, move: Move, span: Span) -> None:
        if (move, span) not in self._seen:
            self._seen.add((move, span))
            self.spans.setdefault(move, []).append(span)

    def drop(self, move: Move) -> None:
        for span in self.spans.pop(move, ()):
            self._seen.discard((move, span))

    def keep(self, move: Move, wanted: Callable[[Span], bool]) -> None:
        """Keep only the spans of ``move`` that are ``wanted``; drop the move if none are."""
        kept = [span for span in self.spans[move] if wanted(span)]
        if kept:
            for span in set(self.spans[move]) - set(kept):
                self._seen.discard((move, span))
            self.spans[move] = kept
        else:
            self.drop(move)

    def __contains__(self, move: Move) -> bool:
        return move in self.spans

    def detection(self, parts: Sequence[Sentence]) -> Detection:
        moves = tuple(sorted(self.spans, key=_MOVE_ORDER.__getitem__))
        spans = {m: tuple(sorted(self.spans[m])) for m in moves}
        bounds = tuple((p.start, p.end) for p in parts)
        return Detection(moves, spans, tuple(self.stock), bounds)


_PLAIN_WORD = re.compile(r"[A-Za-z]+")
_VAGUE_OBJECT = re.compile(
    r" (?:what's|what is|what) (?:going on|happening|happened|the problem is|the issue is)"
    r"(?: (?:here|there|with (?:it|that|this)))?\s*(?:[.!?]|$)|"
    r" (?:into|on) (?:it|this|that)\s*(?:[.!?]|$)"
)
"""What follows "let me check" when it names nothing to be done (a look, not a step)."""
_LOOKUP_VERB = re.compile(
    r"\b(?:pull up|look up|bring up|check|look at|open|find|grab|have a look at)$"
)
_RECORD_OBJECT = re.compile(
    r" (?:up )?(?:(?:your|ur|the|this|that|my|our) )?(?:\w+ )?(?:account|order|booking|file|"
    r"records?|details|notes|history|reservation|profile|ticket|case|claim|policy|bill|"
    r"statement|transactions?|membership|screen|system)(?: (?:number )?[a-z]{0,4}-?\d[\w-]*)?"
    r"(?: (?:here|now|right now|quickly|real quick|for you|up|on my screen))*\s*(?:[.!?,;:]|"
    r"$| (?:and (?:then )?(?:i|we)|so|while|before|then (?:i|we))\b)"
)
"""What follows "let me pull up" when it is the customer's record: a look, not a step."""
_VAGUE_TIME = re.compile(
    r"\b(?:at some point|some ?time|whenever|eventually|at some stage|one of these days)\b"
)
"""Words that leave a time open ("today at some point", "sometime this week")."""
_HEDGED = re.compile(r"\b(?:probably|maybe|hopefully|possibly|perhaps|soon|i think|i guess),?\s*$")
"""A time said as a guess ("soon, probably this week", "maybe tomorrow"): no time given."""
_GUESS = re.compile(
    r"^\s*(?:(?:and|so|but|ok|okay|oh)\s+)*(?:i think|i guess|i believe|i'm not sure|not sure|"
    r"maybe|probably|prob|hopefully|i hope|i'd say|i'd guess|i reckon|i imagine)\b"
    r"|\blike\s*$"
)
"""A clause that opens as a guess ("i think that takes like 5 business days"), or a time with
"like" before it: the agent does not know the time, so gives none."""
_GATHERING = re.compile(
    r"(?:let me|i(?:'ll| will)|i want to|i'd like to|i need to) (?:just )?(?:get|have|hear|"
    r"take|understand|piece together|make sure i have|go through|run through)(?: (?:a|the|your))?"
    r"(?: (?:full|whole|complete|clear|clearer|bigger|fuller|proper|quick|right))* (?:picture|"
    r"story|details|facts|background|timeline|rundown|sense of (?:it|this|what))\b"
)
"""An agent setting out to hear the story ("let me get the full picture"): gathering, not
a step of a plan."""
_STATED_HOLD = re.compile(
    r"[^.?!]{0,12}?\b(?:let me|while i|as i|i'm just|i'll just|i am just)(?: just| quickly)? "
    r"(?:pull(?:ing)? up|bring(?:ing)? up|open(?:ing)?|find(?:ing)?|check(?:ing)?|read(?:ing)?|"
    r"look(?:ing)? at|look(?:ing)? up|get(?:ting)?) (?:up )?(?:your|the|that|this|those|it)\b|"
    r"[^.?!]{0,12}?\b(?:let me|while i|as i)(?: just| quickly)? (?:pull|bring)(?:ing)? "
    r"(?:that|it|this|them|those) up\b"
)
_DOING = re.compile(
    r"\b(?:i'm|i am)(?: just| now| still)? (?:checking|looking|opening|running|searching|pulling|"
    r"bringing|scrolling|reading|calling|going through|loading|typing|trying)\b|"
    r"\b(?:while|as) i (?:check|look|pull|open|run|search|find|read|call)\b|"
    r"\bi (?:call|check|look|search|open|ask|try) (?:\w+ )?(?:now|right now)\b|"
    r"\blet me (?:just )?(?:check|look at|pull up|open|read|see) (?:the|your|our|what|who|if|"
    r"whether)\b"
)
_WAIT = re.compile(r"moment|sec\b|second|minute|bear with|hold|hang on|tick|jiffy|wait|mo\b")
_LAUGH = re.compile(LAUGHTER)
_TRIGGERED = re.compile(r"[^.?!]{0,12}?\b(?:before|once|as soon as)\b")
_CLAUSE_MARK = re.compile(r"[,;:.!?][^,;:.!?]*$")


def _negated(low: str, start: int, guard: re.Pattern[str]) -> bool:
    """True when ``guard`` matches in the few words before ``start``, within its clause."""
    begin = max(0, start - NEGATION_WINDOW)
    # The last clause mark in the window, found from its end (nothing but words after it).
    mark = _CLAUSE_MARK.search(low, begin, start)
    # Searched as a slice: the words before are cut where the window starts, as a reader would.
    return guard.search(low[mark.start() + 1 if mark else begin : start]) is not None


def _sentence_at(all_sentences: Sequence[Sentence], position: int) -> Sentence | None:
    """The sentence holding ``position`` (sentences are in order and do not overlap)."""
    index = bisect_right(all_sentences, position, key=lambda s: s.start) - 1
    if index >= 0 and position < all_sentences[index].end:
        return all_sentences[index]
    return None


def _start_kind(where: str | None, starts: frozenset[str]) -> int:
    """ANCHORED for a rule matching only at 0; WORD when every start literal must open a word."""
    if where == "anchored":
        return _ANCHORED
    if where == "word" and all(_is_word(literal[0]) for literal in starts):
        return _WORD
    return _FREE


def _rarer(contains: frozenset[str] | None, starts: frozenset[str] | None) -> bool:
    """True when a rule's required literals filter better than its start literals."""
    return (
        starts is not None
        and contains is not None
        and contains != starts
        and better(contains, starts)
    )


def _usable_starts(
    starts: frozenset[str] | None, contains: frozenset[str] | None, where: str | None
) -> frozenset[str] | None:
    """The start literals to try a rule at, or None to gate it by what it must contain.

    "he" or "it" turns up inside most words; a rule opening with one is searched where its
    rarer required literal occurs instead (unless it is anchored or has nothing rarer).
    """
    if (
        _rarer(contains, starts)
        and where != "anchored"
        and any(
            len(literal.rstrip()) == len(literal) <= _WEAK and not literal.isdigit()
            for literal in starts or ()
        )
    ):
        return None
    return starts


def _automaton(
    gates: Sequence[gatetable.Gate],
) -> tuple[ahocorasick.Automaton, list[int], frozenset[int]]:
    """One Aho-Corasick automaton over every rule's literals; rules always run; needy rules.

    A literal's value is its offset (length - 1) and, per kind of gate, the rules it gates:
    a rule whose matches start with the literal is tried where it occurs (FREE; WORD only
    where a word starts; ANCHORED only at 0), SCAN searches the literal's sentences, NEED
    lets a needy rule's starts count (its start literals are common, this one is rare).
    """
    automaton = ahocorasick.Automaton()
    always: list[int] = []
    needy: set[int] = set()
    by_literal: dict[str, list[set[int]]] = {}

    def enter(literal: str, index: int, how: int) -> None:
        sets = by_literal.get(literal)
        if sets is None:
            sets = by_literal[literal] = [set() for _ in _KINDS]
        sets[how].add(index)

    for index, (leading, contains, where) in enumerate(gates):
        starts = _usable_starts(leading, contains, where)
        if starts is None and contains is None:
            always.append(index)
            continue
        if starts is None:
            for literal in contains or ():
                enter(literal, index, _SCAN)
            continue
        how = _start_kind(where, starts)
        for literal in starts:
            enter(literal, index, how)
        if _rarer(contains, starts):
            needy.add(index)
            for literal in contains or ():
                enter(literal, index, _NEED)
    empty: frozenset[int] = frozenset()
    for literal, sets in by_literal.items():
        automaton.add_word(
            literal, (len(literal) - 1, *(frozenset(s) if s else empty for s in sets))
        )
    if by_literal:
        automaton.make_automaton()
    return automaton, always, frozenset(needy)


class Detector:
    """Labels agent utterances with moves; build once, then call :meth:`detect`."""

    def __init__(self, phrases: Iterable[Phrase] = (), gate: bool = True) -> None:
        self._rules = RULES
        gates = gatetable.load() if gate else [(None, None, None)] * len(RULES)
        self._automaton, self._always, self._needy = _automaton(gates)
        self._index = PhraseIndex(list(phrases))
        # Patterns opening with \b miss the regex engine's fast prefix scan (see scout.py).
        self._scouted: list[Scouted | None] = [None] * len(RULES)  # made when first needed
        self._matchers = [rule.pattern.match for rule in RULES]

    def detect(self, text: str, context: str | None = None, names: Sequence[str] = ()) -> Detection:
        """Label one agent utterance; ``context`` is the customer's line before it.

        Chat-style writing is read in standard form (see :mod:`simulator.moves.spelling`);
        the spans returned are always offsets into ``text`` itself.
        """
        if already_standard(text):
            return self._detect(text, context, names)
        standard = self.standard(text, context, names)
        if standard.back is None:
            return self._detect(text, context, names)
        if context:
            context = standardise(context).text
        found = self._detect(standard.text, context, names)
        span = standard.span
        return Detection(
            found.moves,
            {m: tuple(sorted({span(s) for s in spans})) for m, spans in found.spans.items()},
            tuple(span(s) for s in found.stock),
            tuple(span(s) for s in found.sentences),
            standard,
        )

    @staticmethod
    def standard(text: str, context: str | None = None, names: Sequence[str] = ()) -> Standard:
        """``text`` in the standard form :meth:`detect` reads (the customer's words kept)."""
        if already_standard(text):
            return Standard(text)
        protect = {w.lower() for name in names for w in name.split()}
        if context:
            protect.update(w.lower() for w in _PLAIN_WORD.findall(context))
        return standardise(text, protect)

    def _detect(self, text: str, context: str | None, names: Sequence[str]) -> Detection:
        low = normalise(text)
        parts = sentences(low)
        found = _Found()
        self._apply_rules(low, parts, found)
        self._apply_bank(parts, found)
        self._reflect(parts, context, found)
        self._questions(parts, found)
        self._names(text, names, found)
        self._resolve(low, found, context, parts)
        return found.detection(parts)

    def _candidates(
        self, low: str, parts: Sequence[Sentence]
    ) -> tuple[dict[int, set[int]], list[tuple[int, int]]]:
        """Rules worth trying: sentence numbers to search each in, and (rule, start) pairs.

        A rule gated by a literal it must contain is searched only in the sentences where
        that literal occurs; one whose matches start with a literal is tried right there
        (once the rarer literal it also needs, if any, has turned up too).
        """
        windows: dict[int, set[int]] = {index: {-1} for index in self._always}
        starts: list[tuple[int, int]] = []
        if not parts or not len(self._automaton):
            return windows, starts
        bounds = [p.start for p in parts[1:]]
        seen: dict[frozenset[int], set[int]] = {}
        needed: set[int] = set()
        pending: list[tuple[frozenset[int], int]] = []
        add = pending.append
        for end, (offset, scans, free, word, anchored, needs) in self._automaton.iter(low):
            if scans:
                number = bisect_right(bounds, end) if bounds else 0
                if scans in seen:
                    seen[scans].add(number)
                else:
                    seen[scans] = {number}
            if free:
                add((free, end - offset))
            if word:
                start = end - offset
                before = low[start - 1] if start else " "
                if not (before.isalnum() or before == "_"):  # _is_word, inlined: every hit
                    add((word, start))
            if anchored and end == offset:
                add((anchored, 0))
            if needs:
                needed |= needs
        if pending:
            needy = self._needy
            starts = sorted(
                {(i, at) for rules, at in pending for i in rules if i in needed or i not in needy}
            )
        _merge_windows(windows, seen, whole=not bounds)
        return windows, starts

    def _apply_rules(self, low: str, parts: Sequence[Sentence], found: _Found) -> None:
        windows, starts = self._candidates(low, parts)
        rules, matchers, accept = self._rules, self._matchers, self._accept
        # As finditer would: leftmost first, then only from where the last match ended.
        previous, reached = -1, 0
        for index, position in starts:
            if index == previous and position < reached:
                continue
            match = matchers[index](low, position)
            if match is not None:
                previous, reached = index, match.end()
                accept(rules[index], match.span(), low, parts, found)
        if not windows:
            return
        short = len(low) < SHORT
        for index in sorted(windows):
            rule = rules[index]
            if short:  # a short text: one plain scan beats windows and scouts
                for match in rule.pattern.finditer(low):
                    accept(rule, match.span(), low, parts, found)
                continue
            scouted = self._scouted[index]
            if scouted is None:
                scouted = self._scouted[index] = Scouted.of(rule.pattern)
            for begin, stop in _windows(windows[index], parts, len(low)):
                for span in scouted.spans(low, begin, stop):
                    accept(rule, span, low, parts, found)

    @staticmethod
    def _accept(rule: Rule, span: Span, low: str, parts: Sequence[Sentence], found: _Found) -> None:
        start, end = span
        if end == start:
            return
        if not rule.guarded:
            found.add(rule.move, span)
            return
        if rule.negatable and _negated(
            low, start, HEDGE_BEFORE if rule.move is Move.OVERPROMISE else NEGATION_BEFORE
        ):
            return
        if rule.needs_future:
            sentence = _sentence_at(parts, start)
            if sentence is None or not FUTURE.search(sentence.text):
                return
            if rule.move is Move.SET_TIMELINE and sentence.is_question:
                if _WH_CLAUSE.search(sentence.text):
                    return  # "by the end of this call, what would you need?" asks; sets no time
                if not FUTURE.search(_clause_at(low, sentence, start)):
                    # "Before I chase this, can you tell me if anyone called you today?" asks
                    # about today: the future is in another clause.
                    return
        found.add(rule.move, span)

    def _apply_bank(self, parts: Sequence[Sentence], found: _Found) -> None:
        for sentence in parts:
            for entry, similarity in self._index.match(
                sentence.text, sentence.stems, sentence.negators
            ):
                span = (sentence.start, sentence.end)
                found.add(entry.move, span)
                if similarity >= STOCK_SIMILARITY and span not in found.stock:
                    found.stock.append(span)

    def _questions(self, parts: Sequence[Sentence], found: _Found) -> None:
        asked: list[Sentence] = []
        explained = in_order(OWNS_QUESTION)
        # Which sentences hold a span of each move: found once, on the first sentence that
        # asks (a scan per sentence is quadratic on long input; most utterances ask nothing).
        holding: dict[Move, set[int]] = {}
        for index, sentence in enumerate(parts):
            body = sentence.text
            # Without a question mark only a request for information asks ("how it works
            # is..." does not). Every info request holds one of these words; most
            # statements hold none, so the regex runs rarely.
            if not sentence.is_question and not _INFO_GATED.search(body):
                continue
            if _TAG_ONLY.search(body) or _NOT_INFO_GATED.search(body):
                continue
            if not holding:
                holding = {
                    m: _holding(parts, found.spans.get(m, ())) for m in (*explained, Move.REFLECT)
                }
            owners = [m for m in explained if index in holding[m]]
            if Move.OFFER_CHOICES in found and _CHOICE.search(body):
                owners.append(Move.OFFER_CHOICES)
            reflected = index in holding[Move.REFLECT]
            if reflected and (_TAG_END.search(body) or not _WH_START.search(body)):
                continue  # a paraphrase put as a check confirms; it does not ask
            if sentence.is_question and not (
                asked and asked[-1].end >= sentence.start - 2 and _REPHRASE.search(body)
            ):
                asked.append(sentence)
            if not owners:
                found.add(Move.ASK_QUESTION, (sentence.start, sentence.end))
                if _SECOND_QUESTION.search(body) and sentence.is_question:
                    asked.append(sentence)
        _several(parts, asked, found)

    def _reflect(self, parts: Sequence[Sentence], context: str | None, found: _Found) -> None:
        heard = content_stems(normalise(context)) if context else set()
        for sentence in parts:
            if sentence.is_question and len(sentence.text) > 20 and _SO_CHECK.search(sentence.text):
                found.add(Move.REFLECT, (sentence.start, sentence.end))
                continue
            if not heard:
                continue
            shared = len(heard.intersection(sentence.stems))
            body = sentence.text
            if (shared >= 2 and _REFLECT_OPENING.search(body)) or (
                shared >= 3
                and _SECOND_PERSON.search(body)
                and not _I_WILL.search(body)
                and not _QUESTION_START.search(body)
            ):
                found.add(Move.REFLECT, (sentence.start, sentence.end))

    def _names(self, text: str, names: Sequence[str], found: _Found) -> None:
        folded = text.lower() if text.isascii() else None
        for name in names:
            for part in {name, *name.split()}:
                if len(part) < 2:
                    continue
                if folded is not None and part.isascii() and part.lower() not in folded:
                    continue  # cannot match: skip compiling and scanning
                for match in re.finditer(rf"\b{re.escape(part)}\b", text, re.IGNORECASE):
                    found.add(Move.USE_NAME, match.span())
        for match in _vocatives(text):
            if _is_name(match.group("name")) and _addressed(text, match):
                found.add(Move.USE_NAME, match.span("name"))

    def _resolve(
        self,
        low: str,
        found: _Found,
        context: str | None = None,
        parts: Sequence[Sentence] = (),
    ) -> None:
        # "sorry look up what?" asks to hear it again: no apology in it.
        if Move.APOLOGIZE in found:
            pardons = [(p.start, p.end) for p in parts if _PARDON.search(p.text)]
            if pardons:
                found.keep(
                    Move.APOLOGIZE,
                    lambda span: not any(s <= span[0] < e for s, e in pardons),
                )
        # A sentence that argues, cites the rules or puts the fault elsewhere restates nothing
        # of the customer's ("So the terms say requested, not guaranteed.").
        if Move.REFLECT in found:
            against = sorted(
                start
                for move in (Move.CITE_POLICY, Move.ARGUE, Move.BLAME_SHIFT, Move.DISMISSIVE)
                for start, _ in found.spans.get(move, ())
            )
            found.keep(Move.REFLECT, lambda span: not _starts_within(against, span))
        # A time read out of the rules ("our policy is we send within 10 business days") is
        # the rule, not a time given; "today at some point" names no time to hold anyone to.
        if Move.SET_TIMELINE in found:
            rules = _holding(parts, found.spans.get(Move.CITE_POLICY, ()))
            found.keep(
                Move.SET_TIMELINE,
                lambda span: (
                    not (rules and _holding(parts, (span,)) & rules)
                    and not _VAGUE_TIME.search(low, max(0, span[0] - 20), span[1] + 20)
                    and not _HEDGED.search(low, max(0, span[0] - 14), span[0])
                    and not _guessed(low, parts, span)
                ),
            )
        # "let me check what's going on" names no step the customer could hold anyone to.
        if Move.ACTION_PLAN in found:
            found.keep(
                Move.ACTION_PLAN,
                lambda span: (
                    not _VAGUE_OBJECT.match(low, span[1])
                    and not (
                        _LOOKUP_VERB.search(low, span[0], span[1])
                        and _RECORD_OBJECT.match(low, span[1])
                    )
                    and not _GATHERING.match(low, span[0])
                    # "if I can get you there by morning, is that what you need?" supposes
                    and not low.endswith(("if ", "if, "), 0, span[0])
                ),
            )
        # "what do you need to happen so ...?" asks for the outcome; it checks nothing is left.
        if Move.CONFIRM_RESOLUTION in found and Move.CLARIFY_OUTCOME in found:
            outcome = found.spans[Move.CLARIFY_OUTCOME]
            found.keep(
                Move.CONFIRM_RESOLUTION,
                lambda span: not any(_same_sentence(low, span, o) for o in outcome),
            )
        # "I can refund it, or move you" offers a choice; it commits to neither.
        if Move.ACTION_PLAN in found and Move.OFFER_CHOICES in found:
            offers = found.spans[Move.OFFER_CHOICES]
            found.keep(
                Move.ACTION_PLAN,
                lambda span: (
                    not (
                        low.startswith(("i can", "we can"), span[0])
                        and any(_same_sentence(low, span, offer) for offer in offers)
                    )
                ),
            )
        if Move.VAGUE_HOLD in found:
            timeline = found.spans.get(Move.SET_TIMELINE, [])
            doing = bool(_DOING.search(low))
            found.keep(
                Move.VAGUE_HOLD, lambda span: not _explained_hold(low, span, timeline, doing)
            )
        # Laughing along with a customer sharing good news, small talk or a joke is warmth
        # ("haha, lucky dog!"); anywhere else it is laughing at them.
        if Move.HOSTILE in found and context and cues.LIGHT.search(context):
            found.keep(
                Move.HOSTILE,
                lambda span: not _LAUGH.fullmatch(low, span[0], span[1]),
            )
        # Laughing at oneself ("sorry thats confusing lol", "my bad haha") or along with a
        # glad yes ("yes theres coffee lol") is not at them.
        if Move.HOSTILE in found:
            found.keep(Move.HOSTILE, lambda span: not _at_oneself(low, span))


_SELF_DIRECTED = re.compile(
    r"\b(?:my bad|my fault|my mistake|sorry|oops|whoops|i|i'm|im|me|my|myself|that's confusing|"
    r"thats confusing)\b"
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|you're|u|ur|yours)\b")


def _guessed(low: str, parts: Sequence[Sentence], span: Span) -> bool:
    """True when the time at ``span`` is a guess ("i think ... like 5 days")."""
    sentence = _sentence_at(parts, span[0])
    if sentence is None:
        return False
    begin = max(max(low.rfind(mark, sentence.start, span[0]) for mark in ",;:") + 1, sentence.start)
    return bool(_GUESS.search(low[begin : span[0]]))


def _several(parts: Sequence[Sentence], asked: Sequence[Sentence], found: _Found) -> None:
    """Mark a turn that asks several things at once (the grader's and customer's count)."""
    # "When does it drop? Times?" asks one thing: counted as the customer counts it.
    if len(asked) >= 2 and distinct_questions([s.text for s in asked]) >= 2:
        found.add(Move.MULTI_QUESTION, (asked[0].start, asked[-1].end))
    # A list of questions in one sentence ("...: when did you notice it, what did the plumber
    # find, do you have photos, and what outcome are you seeking?") is a barrage.
    for sentence in parts:
        if sentence.is_question and barrage(sentence.text):
            found.add(Move.MULTI_QUESTION, (sentence.start, sentence.end))


def _clause_at(low: str, sentence: Sentence, at: int) -> str:
    """The comma-bounded clause of ``sentence`` holding offset ``at`` of ``low``."""
    begin = max(low.rfind(mark, sentence.start, at) for mark in ",;:")
    ends = [e for mark in ",;:" if (e := low.find(mark, at, sentence.end)) >= 0]
    return low[max(begin + 1, sentence.start) : min(ends, default=sentence.end)]


def _at_oneself(low: str, span: Span) -> bool:
    """True for laughter after the agent's own slip ("my bad lol") or a glad yes.

    The sentence before it is about the agent (an apology, "I", "my") or says yes to what
    the customer asked, and names no "you"; nothing follows it but punctuation.
    """
    if not _LAUGH.fullmatch(low, span[0], span[1]):
        return False
    start = max(low.rfind(mark, 0, span[0]) for mark in ".!?") + 1
    ends = [i for i in (low.find(mark, span[1]) for mark in ".!?") if i >= 0]
    end = min(ends) if ends else len(low)
    before, after = low[start : span[0]], low[span[1] : end]
    return (
        bool(_SELF_DIRECTED.search(before) or _GLAD_YES.match(before.lstrip()))
        and not _SECOND_PERSON.search(before)
        and not after.strip(" ,!?.")
    )


_GLAD_YES = re.compile(r"(?:yes|yeah|yep|yup|sure|of course|ofc|absolutely|definitely)\b")
"""A glad yes to what the customer asked ("yes theres coffee and wifi lol"): laughing along."""


def _explained_hold(low: str, span: Span, timeline: Sequence[Span], doing: bool) -> bool:
    """True when a hold says how long, what is being done, or what will end it.

    A time marker in the same sentence; a stated action right after it ("hang on, let me pull
    up your invoice"); a wait while the turn says what the agent is doing ("one moment, I'm
    checking the tracking"); or a trigger ("they'll call you before doing anything extra").
    """
    start, end = span
    return (
        any(_same_sentence(low, span, t) for t in timeline)
        or bool(_STATED_HOLD.match(low, end, min(len(low), end + 40)))
        or (doing and bool(_WAIT.search(low, start, end)))
        or bool(_TRIGGERED.match(low, end, min(len(low), end + 30)))
        or bool(_BACK_FROM_HOLD.search(low, end))
    )


_BACK_FROM_HOLD = re.compile(
    r"\b(?:(?:ok(?:ay)?|right|so|great|thanks),? )?(?:i (?:can )?see (?:it|that|the|your|ur)|"
    r"i(?:'ve| have) (?:got|found|pulled up) (?:it|that|the|your|ur)|here it is|found it|"
    r"there (?:we go|we are|it is)|thanks? (?:you )?for (?:holding|waiting|your patience|bearing with))\b"
)
"""The agent back from the hold within the same turn ("one sec.. ok i see it"): it was no
open-ended wait."""


def _merge_windows(
    windows: dict[int, set[int]], seen: dict[frozenset[int], set[int]], whole: bool
) -> None:
    """Add each scanned rule's sentence numbers (the whole text, -1, for one sentence)."""
    for scans, numbers in seen.items():
        for index in scans:
            if whole:
                windows[index] = {-1}
            elif index in windows:
                windows[index] |= numbers
            else:
                windows[index] = set(numbers)


def _is_name(word: str) -> bool:
    """True when a word used as a form of address looks like a name ("Dana", "Mr. Ortiz")."""
    return (
        word[0].isupper()
        and word.lower() not in _NOT_NAMES
        and word.rsplit(maxsplit=1)[-1].lower() not in _NOT_NAMES
    )


_ROLE_BEFORE = re.compile(
    r"\b(?:engineer|technician|tech|colleague|manager|supervisor|roofer|plumber|electrician|"
    r"driver|courier|nurse|doctor|dentist|vet|specialist|adviser|advisor|agent|rep|"
    r"representative|lead|partner|assistant|coordinator|installer|fitter|builder|groomer|"
    r"pharmacist|receptionist|guy|lady|person|contact|friend|son|daughter|husband|wife),\s*$",
    re.IGNORECASE,
)


def _addressed(text: str, match: re.Match[str]) -> bool:
    """False for a capitalised word that names someone else or only opens a sentence.

    "Sweet. Anything else?", "Relax." and "Times?" open a sentence; "Dana, ..." and "Hi Dana." address
    the caller. "our engineer, Paul, will..." names a third person.
    """
    if match.re is _VOCATIVE_LEAD:
        # "Times?" or "Mornings?" alone asks a clipped question; it calls nobody by name.
        after = text[match.end("name") :].lstrip()[:1]
        return after not in ".?" or match.group("lead") is not None
    before = text[: match.start("name")]
    return not (_ROLE_BEFORE.search(before) or _SELF_BEFORE.search(before))


_SELF_BEFORE = re.compile(
    r"\b(?:(?:ask|asking) for|(?:speak|talk) to|this is|i'm|i am|my name is|my name's|"
    r"it's)(?: me)?,?\s*$",
    re.IGNORECASE,
)
"""The agent's own name ("call this line and ask for me, Dana"): nobody is addressed."""


_LEAD_AT = re.compile(r"[.!?]\s")
_CAPITAL_BEFORE_MARK = re.compile(r"[A-Z][A-Za-z'-]*\s*[,!?.]")
"""Every leading vocative kept (a capitalised name, then a mark) holds one of these."""
_COMMA_CAPITAL = re.compile(r",\s+[A-Z]")
"""Every trailing vocative kept (", Name") holds one of these."""


def _vocatives(text: str) -> list[re.Match[str]]:
    """What ``_VOCATIVE_LEAD.finditer`` then ``_VOCATIVE_TRAIL.finditer`` find, in that order.

    A leading vocative starts the text or a sentence mark followed by space, so the
    pattern is tried only there instead of at every character.
    """
    found: list[re.Match[str]] = []
    # A name the caller keeps starts with a capital and runs up to a mark; in ASCII text
    # these cheap checks rule out most utterances.
    plain = text.isascii()
    if not plain or _CAPITAL_BEFORE_MARK.search(text):
        reached = 0
        for position in (0, *(m.start() for m in _LEAD_AT.finditer(text))):
            if position < reached:
                continue
            match = _VOCATIVE_LEAD.match(text, position)
            if match is not None:
                found.append(match)
                reached = match.end() if match.end() > position else position + 1
    if "," in text and (not plain or _COMMA_CAPITAL.search(text)):
        found.extend(_VOCATIVE_TRAIL.finditer(text))
    return found


def _windows(sentences: set[int], parts: Sequence[Sentence], length: int) -> list[Span]:
    """Merged text ranges covering the given sentence numbers (-1 means the whole text)."""
    if -1 in sentences or not parts:
        return [(0, length)]
    if len(sentences) == 1:
        (number,) = sentences
        begin = parts[number - 1].end - 1 if number > 0 else 0
        return [(begin, parts[number + 1].start if number + 1 < len(parts) else length)]
    ranges: list[Span] = []
    for number in sorted(sentences):
        # From the previous sentence's closing mark: some rules start at the punctuation.
        begin = parts[number - 1].end - 1 if number > 0 else 0
        stop = parts[number + 1].start if number + 1 < len(parts) else length
        if ranges and ranges[-1][1] >= begin:
            ranges[-1] = (ranges[-1][0], stop)
        else:
            ranges.append((begin, stop))
    return ranges


def _holding(parts: Sequence[Sentence], spans: Iterable[Span]) -> set[int]:
    """Indexes of the sentences in which any of ``spans`` starts."""
    found: set[int] = set()
    for span in spans:
        index = bisect_right(parts, span[0], key=lambda s: s.start) - 1
        if index >= 0 and span[0] < parts[index].end:
            found.add(index)
    return found


def _starts_within(starts: Sequence[int], span: Span) -> bool:
    """True when one of the sorted ``starts`` falls inside ``span``."""
    index = bisect_left(starts, span[0])
    return index < len(starts) and starts[index] < span[1]


def _inside(span: Span, sentence: Sentence) -> bool:
    return sentence.start <= span[0] < sentence.end


def _same_sentence(low: str, a: Span, b: Span) -> bool:
    lo, hi = min(a[0], b[0]), max(a[0], b[0])
    return not any(c in low[lo:hi] for c in ".!?")
