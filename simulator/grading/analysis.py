"""One pass over a transcript: detected moves per agent turn and the context around them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from simulator.models.moves import (
    ANTI_PATTERNS,
    CANCELS_EMPATHY,
    PROGRESS,
    SOOTHING,
    UNDER_STRESS,
    Move,
    in_order,
)
from simulator.models.transcript import Transcript
from simulator.moves import Detection, Detector, Span, cues
from simulator.moves.authority import beyond_authority
from simulator.moves.questions import BARRAGE, distinct_questions
from simulator.moves.scout import Gated
from simulator.moves.spelling import Standard
from simulator.moves.text import content_stems, normalise

if TYPE_CHECKING:  # numpy and the learned layer load only when a grader is given one
    from simulator.moves.learned import Fused

EMPATHY = in_order(SOOTHING)
REPEAT_SIMILARITY = 85.0
REPEATS_TO_IGNORE = 3
"""An empathy line said this many times is a habit, not a response: none of it counts."""


@dataclass(frozen=True)
class AgentTurn:
    """An agent turn, the customer line it answers, and what the detector found."""

    turn: int
    text: str
    context: str
    detection: Detection
    stacked: bool = False
    """True when the turn strings together stock bank lines that ignore the customer."""
    standard: Standard | None = None
    """The turn in standard spelling ("ive put those in" as "I've put those in"), when it
    differs, for the cue patterns that read whole lines."""

    def find(self, pattern: Gated) -> Span | None:
        """Where a cue pattern matches the turn, read in standard spelling (trainee offsets)."""
        if self.standard is None:
            match = pattern.search(self.text)
            return match.span() if match else None
        match = pattern.search(self.standard.text)
        return self.standard.span(match.span()) if match else None

    @property
    def sentences(self) -> tuple[Span, ...]:
        """Where the turn's sentences start and end (as the detector split them)."""
        return self.detection.sentences

    def has(self, move: Move) -> bool:
        """True when the detector found ``move`` in this turn."""
        return move in self.detection.moves

    def quote(self, span: Span) -> str:
        """The whole sentence around a span, verbatim from the turn.

        Sentences are split as the detector splits them, so "by 3 p.m. today" and "$12.50"
        stay whole.
        """
        parts = self.sentences
        last = max(span[0], span[1] - 1)
        start = max((s for s, _ in parts if s <= span[0]), default=0)
        end = min((e for _, e in parts if e > last), default=len(self.text))
        return self.text[start:end].strip()

    def quotes(self, move: Move) -> list[str]:
        """Verbatim quotes for each span of ``move``, without repeats."""
        seen: list[str] = []
        for span in self.detection.spans.get(move, ()):
            text = self.quote(span)
            if text not in seen:
                seen.append(text)
        return seen

    @property
    def anti_patterns(self) -> list[Move]:
        """The anti-patterns in this turn."""
        return [m for m in self.detection.moves if m in ANTI_PATTERNS]

    @property
    def responsive(self) -> bool:
        """True when the turn does something with what the customer said."""
        if any(m in PROGRESS for m in self.detection.moves):
            return True
        if not self.context:
            return True
        return bool(content_stems(normalise(self.text)) & content_stems(normalise(self.context)))


@dataclass(frozen=True)
class CustomerCue:
    """Something the customer said that a coach expects the agent to respond to."""

    turn: int
    kind: str
    quote: str


@dataclass
class Analysis:
    """Everything the step scorers read."""

    transcript: Transcript
    agent: list[AgentTurn]
    cues: list[CustomerCue]
    customer_turns: list[int] = field(default_factory=list)
    credited_empathy: list[tuple[AgentTurn, str, Move]] = field(default_factory=list)
    stuffed_empathy: list[tuple[AgentTurn, str, Move]] = field(default_factory=list)
    calm: bool = False
    """True when no customer line had anything to de-escalate (a routine service call)."""
    felt: list[CustomerCue] = field(default_factory=list)
    """On a routine call, the lines where the customer played a feeling down ("it's a bit
    frustrating"): nothing to defuse, but a word of acknowledgement is still due."""
    accepted: list[int] = field(default_factory=list)
    """Agent turns the customer's next line took up ("great, thanks", "good to know")."""
    done: frozenset[int] = frozenset()
    """Agent turns that report something done on the call ("I've booked it, ref KX42")."""
    case_words: frozenset[str] = frozenset()
    """Content stems of the case (the scenario and the customer's lines); empty when the
    scenario is not known."""

    def customer_after(self, turn: AgentTurn) -> str:
        """The customer's line right after an agent turn ("" at the end of the call)."""
        turns = self.transcript.turns
        nxt = turn.turn  # turn numbers start at 1, so this indexes the next turn
        if nxt < len(turns) and turns[nxt].speaker == "customer":
            return turns[nxt].text
        return ""

    def first(self, move: Move) -> AgentTurn | None:
        """The first agent turn with ``move``."""
        return next((t for t in self.agent if t.has(move)), None)

    def turns_with(self, move: Move) -> list[AgentTurn]:
        """Every agent turn with ``move``."""
        return [t for t in self.agent if t.has(move)]

    def cue_turns(self, kind: str) -> list[CustomerCue]:
        """Customer cues of one kind, in order."""
        return [c for c in self.cues if c.kind == kind]


_CUE_PATTERNS = (
    ("abusive", cues.ABUSIVE),
    ("manager", cues.MANAGER_REQUEST),
    ("legal", cues.LEGAL),
    ("safety", cues.SAFETY),
    ("repeated_failure", cues.REPEATED_FAILURE),
    ("review", cues.REVIEW_THREAT),
)


def analyse(
    transcript: Transcript,
    detector: Detector,
    names: Sequence[str] = (),
    not_grantable: Sequence[str] = (),
    case_text: str = "",
    learned: Fused | None = None,
    grantable: Sequence[str] = (),
    routine_possible: bool = True,
) -> Analysis:
    """Detect moves in each agent turn and cues in each customer turn.

    ``not_grantable`` are the scenario's options the agent may not grant: committing to one
    is an overpromise, unless the sentence is one of the ``grantable`` options as closely
    ("the annual fee and April's charge" is not "all three charges and the fee"). ``case_text`` is what the scenario says happened, for case-aware credit.
    ``learned`` adds the classifier's moves to the rules' (one batch for the whole call).
    ``routine_possible`` is False when the customer is known to be a difficult one (a persona).
    """
    found: list[CustomerCue] = []
    heard: list[tuple[int, str, str, Detection]] = []  # agent turn, text, context, detection
    context = ""
    upset = False
    mild: list[CustomerCue] = []
    for number, turn in enumerate(transcript.turns, start=1):
        if turn.speaker == "customer":
            context = turn.text
            upset = upset or cues.upset(turn.text) is not None
            felt = cues.mild_feeling(turn.text)
            if felt:
                mild.append(CustomerCue(number, "mild_feeling", felt))
            for kind, pattern in _CUE_PATTERNS:
                match = pattern.search(turn.text)
                if match:
                    found.append(CustomerCue(number, kind, match.group(0)))
            continue
        heard.append(
            (number, turn.text, context, detector.detect(turn.text, context or None, names))
        )
        context = ""
    if learned is not None and heard:
        fused = learned.detect_many(
            [h[1] for h in heard], [h[2] or None for h in heard], [h[3] for h in heard]
        )
        heard = [(n, t, c, d) for (n, t, c, _), d in zip(heard, fused, strict=True)]
    agent: list[AgentTurn] = []
    for number, text, context, raw in heard:
        detection = beyond_authority(text, raw, not_grantable, grantable).untainted()
        stacked = _stacked(text, context, detection)
        if stacked:
            detection = _only_anti_patterns(detection)
        agent.append(AgentTurn(number, text, context, detection, stacked, raw.standard))
    customer = [n for n, t in enumerate(transcript.turns, start=1) if t.speaker == "customer"]
    calm = routine_possible and bool(customer) and not upset and not found
    if calm:
        agent = [
            t if asks_barrage(t) else replace(t, detection=t.detection.without(UNDER_STRESS))
            for t in agent
        ]
    analysis = Analysis(transcript, agent, found, customer, calm=calm, felt=mild if calm else [])
    analysis.done = frozenset(
        t.turn for t in agent if not t.anti_patterns and t.find(cues.COMPLETED) is not None
    )
    spoken = " ".join(t.text for t in transcript.turns if t.speaker == "customer")
    if case_text:  # without the case, a few customer lines are too little to judge fit by
        analysis.case_words = frozenset(_stems(spoken + " " + case_text))
    analysis.accepted = [
        t.turn for t in agent if not t.anti_patterns and _accepts(analysis.customer_after(t))
    ]
    _credit_empathy(analysis)
    return analysis


def _accepts(line: str) -> bool:
    """True when a customer line takes what the agent said, asking nothing further."""
    return "?" not in line and bool(cues.ACCEPTS.search(line)) and not cues.RESIGNED.search(line)


def _stems(text: str) -> set[str]:
    return content_stems(normalise(text))


STACK_MIN = 3


def _stacked(text: str, context: str, detection: Detection) -> bool:
    """Three or more stock bank lines in one turn that share nothing with the customer's words."""
    if len(detection.stock) < STACK_MIN:
        return False
    heard = content_stems(normalise(context))
    unanswered = [
        span
        for span in detection.stock
        if not content_stems(normalise(text[span[0] : span[1]])) & heard
    ]
    return len(unanswered) >= STACK_MIN


def asks_barrage(turn: AgentTurn) -> bool:
    """True when the turn asks three or more separate things at once."""
    asked = [turn.text[a:b].lower() for a, b in turn.sentences if "?" in turn.text[a:b]]
    return distinct_questions(asked) >= BARRAGE


def _only_anti_patterns(detection: Detection) -> Detection:
    moves = tuple(m for m in detection.moves if m in ANTI_PATTERNS)
    spans = {m: detection.spans[m] for m in moves}
    return Detection(moves, spans, detection.stock, detection.sentences)


def _credit_empathy(analysis: Analysis) -> None:
    """Credit empathy that answers the customer; mark stock lines stuffed in to score.

    An empathy line earns nothing when it repeats an earlier one (and none of it counts
    when it is said three times or more), when the same turn carries an anti-pattern that
    undoes it ("I hear you. There's nothing I can do."), or when the turn does nothing
    with what the customer said.
    """
    said: list[tuple[AgentTurn, str, Move]] = []
    seen: set[tuple[int, str]] = set()
    for turn in analysis.agent:
        for move in EMPATHY:
            for quote in turn.quotes(move):
                # A sentence that both acknowledges and apologises is one line, not two.
                if (turn.turn, quote) not in seen:
                    seen.add((turn.turn, quote))
                    said.append((turn, quote, move))
    # Each distinct wording is compared once with each other wording, so a long call of
    # the same line said again and again stays cheap.
    times = Counter(quote for _, quote, _ in said)
    credited: set[str] = set()
    alike = _Alike()
    for turn, quote, move in said:
        copies = sum(n for other, n in times.items() if alike(quote, other))
        repeat = copies >= REPEATS_TO_IGNORE or any(alike(quote, e) for e in credited)
        undone = any(m in CANCELS_EMPATHY for m in turn.anti_patterns)
        if repeat or undone or not turn.responsive:
            analysis.stuffed_empathy.append((turn, quote, move))
        else:
            credited.add(quote)
            analysis.credited_empathy.append((turn, quote, move))


class _Alike:
    """Whether two quotes say the same thing, each pair compared once."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], bool] = {}

    def __call__(self, a: str, b: str) -> bool:
        key = (a, b) if a < b else (b, a)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = fuzz.token_set_ratio(a, b) >= REPEAT_SIMILARITY
        return found
