"""The session engine: state in, state out, one trainee turn at a time.

``start`` gives the customer's opening line, ``step`` reads a trainee turn, moves the mood,
lets the director decide the story and the actor word it, and ``end`` closes a call the
trainee hangs up. The engine holds no storage and no terminal: the CLI and the web app
save what it returns.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cached_property

from simulator.content import ContentSet
from simulator.models.content import Scenario
from simulator.models.lines import Line, LineBank, LineKind, stance
from simulator.models.moves import HEARD, OFFERS, PROGRESS, SOOTHING, Move
from simulator.moves import detector_for
from simulator.moves.cues import CLOSED_QUESTION, DIRECT_ANSWER, LIGHT, OWN_STORY, SELF_NEW
from simulator.moves.detector import Detection
from simulator.moves.spelling import common_words
from simulator.moves.text import content_stems, normalise, stem
from simulator.moves.wants import missing, phrase_stems, wants
from simulator.practice.actor import Actor, Cue, Spoken, TokenSink
from simulator.practice.director import QUESTION_KINDS, Beat, Director, Scene
from simulator.practice.items import (
    Commitment,
    Item,
    ItemKind,
    answer,
    issue_sentence,
    raise_item,
    settle,
    skipped,
)
from simulator.practice.mood import MoodModel, TurnSignals
from simulator.practice.offline import OfflineActor
from simulator.practice.reading import REFUSAL, Reading, read_turn, story_stems
from simulator.practice.similarity import key, repeats
from simulator.practice.state import CallState, MoodTrace, Outcome

DEFAULT_MAX_TURNS = 30
SPECIFIC_CASES = 3
"""A word in at most this many cases' briefs belongs to those cases ("technician", "invoice")."""
EVERYDAY_WORDS = 1000
"""The most frequent English words, never a sign of another case ("last", "say", "time")."""
_QUESTION = re.compile(r"[^.!?]*\?")
ASKING = frozenset({Move.ASK_QUESTION})
"""A question alone is not a step forward on the case when it is small talk."""


MAX_SEED = 2**31 - 1
"""Seeds are stored as 32-bit integers (the most PostgreSQL's integer holds)."""


class PracticeError(Exception):
    """A practice call that cannot start or go on; the message is one line for the user."""


@dataclass(frozen=True)
class CallSetup:
    """What a trainee chooses before a call."""

    persona: str
    scenario: str
    difficulty: int = 2
    seed: int = 0
    max_turns: int = DEFAULT_MAX_TURNS


WAITING_FLOOR = 0.5
"""Share of the settled heat a customer stays above, a time given, while something they asked
for is still undealt with or a complaint unheard."""


@dataclass(frozen=True)
class TurnResult:
    """The customer's reply to one trainee turn, and everything that led to it."""

    reply: str
    state: CallState
    trace: MoodTrace
    detection: Detection
    beats: tuple[LineKind, ...]
    note: str | None = None
    """Something the actor wants recorded on the session (e.g. a fallback line was used)."""
    parts: tuple[str, ...] = ()
    """The words of each beat, when the actor gives them (the offline actor does)."""


@dataclass(frozen=True)
class Hint:
    """The next move a coach would suggest, with an example from the content."""

    move: Move
    example: str


class SessionEngine:
    """Runs calls of one persona and scenario; pure given the state and the turn."""

    def __init__(self, content: ContentSet, setup: CallSetup, actor: Actor | None = None) -> None:
        persona = content.personas.get(setup.persona)
        if persona is None:
            known = ", ".join(content.personas)
            raise PracticeError(f"unknown persona {setup.persona!r}; expected one of: {known}")
        scenario = content.scenarios.get(setup.scenario)
        if scenario is None:
            known = ", ".join(content.scenarios)
            raise PracticeError(f"unknown scenario {setup.scenario!r}; expected one of: {known}")
        if not 0 <= setup.seed <= MAX_SEED:
            raise PracticeError(f"a seed is a whole number from 0 to {MAX_SEED}, got {setup.seed}")
        if setup.difficulty not in (1, 2, 3):
            raise PracticeError(f"difficulty must be 1, 2 or 3, got {setup.difficulty}")
        if setup.max_turns < 1:
            raise PracticeError(f"max turns must be at least 1, got {setup.max_turns}")
        bank = content.line_banks.get(setup.persona)
        if bank is None:
            raise PracticeError(
                f"persona {setup.persona!r} has no offline lines; add "
                f"personas/lines/{setup.persona}.yaml (copy a shipped one as a start)"
            )
        self.content = content
        self.setup = setup
        self.persona = persona
        self.scenario = scenario
        self.mood = MoodModel(persona, persona.level(setup.difficulty))
        self.scene = Scene(persona, scenario, bank.habits, self.mood)
        self.director = Director(self.scene)
        self.offline = OfflineActor(for_case(bank, scenario), scenario)
        self.actor: Actor = actor or self.offline
        self.detector = detector_for(content)

    def _rng(self, turn: int) -> random.Random:
        setup = self.setup
        return random.Random(f"{setup.seed}:{setup.persona}:{setup.scenario}:{turn}")

    def _speak(self, cue: Cue, rng: random.Random, sink: TokenSink | None) -> Spoken:
        return self.actor.speak(cue, rng) if sink is None else self.actor.stream(cue, rng, sink)

    def start(self, sink: TokenSink | None = None) -> tuple[str, CallState]:
        """The customer's opening line and the call's first state (shown through ``sink``)."""
        heat, trust = self.mood.opening()
        state = CallState(
            persona=self.setup.persona,
            scenario=self.setup.scenario,
            difficulty=self.setup.difficulty,
            seed=self.setup.seed,
            max_turns=self.setup.max_turns,
            heat=heat,
            trust=trust,
            opening_heat=heat,
        )
        spoken = self._speak(Cue([Beat(LineKind.OPENING)], state), self._rng(0), sink)
        return spoken.text, self._after(state, spoken, [Beat(LineKind.OPENING)])

    def read(self, state: CallState, text: str) -> Reading:
        """How the customer hears a trainee turn."""
        return read_turn(self.detector, text, state.customer_line or None, self.scenario)

    def step(self, state: CallState, text: str, sink: TokenSink | None = None) -> TurnResult:
        """Play one trainee turn: mood, story, the customer's words, the new state.

        With a ``sink``, the customer's reply is passed to it in pieces as it is made.
        """
        if state.ended:
            raise PracticeError("this call has ended; start a new one")
        text = text.strip()
        if not text:
            raise PracticeError("say something to the customer (an empty turn is not sent)")
        rng = self._rng(state.turn + 1)
        reading = self.read(state, text)
        moves = reading.moves
        turn = state.turn + 1
        items = settle(state.items, moves, turn, reading.stems)
        if SELF_NEW.search(text):  # "yes, I'm fairly new" answers "are you new?"
            items = answer(items, turn, lambda i: i.need == "competence")
        if DIRECT_ANSWER.search(normalise(reading.first_sentence)):
            # "Ha, two weeks of it." answers "Do they give you any training?" just asked.
            items = answer(items, turn, lambda i: _closed(i) and i.said_at == state.turn)
        signals = self._signals(state, reading, items, turn)
        met = tuple(sorted(set(state.wants_met) | reading.wants))
        floor = self._floor(state, reading, items, met)
        change = self.mood.apply(state.heat, state.trust, signals, state.move_counts, floor)
        counts = dict(state.move_counts)
        for move in moves:
            reaction = self.persona.reactions.get(move)
            if reaction is not None and reaction.heat < 0:
                counts[move.value] = counts.get(move.value, 0) + 1
        acknowledged = bool(moves & HEARD)
        interim = state.model_copy(
            update={
                "turn": turn,
                "items": items,
                "commitments": _committed(state.commitments, reading, turn),
                "heat": change.heat,
                "trust": change.trust,
                "empathy_streak": signals.empathy_streak,
                "stalled": 0 if moves & PROGRESS else state.stalled + 1,
                "maxed": state.maxed + 1 if change.heat >= self.director.hang_up_heat() else 0,
                "move_counts": counts,
                "time_given": reading.time or state.time_given,
                "wants_met": met,
                "agent_lines": (*state.agent_lines, key(text)),
                "acknowledged": state.acknowledged or acknowledged,
                "followed_up": state.followed_up or Move.FOLLOW_UP in moves,
            }
        )
        if reading.ends_call:
            reply, final, beats = self._closing(interim, sink)
            note, parts = None, tuple[str, ...]()
        else:
            direction = self.director.direct(interim, reading, signals, rng)
            beats = direction.beats
            spoken = self._speak(Cue(beats, interim, text), rng, sink)
            changes = self._changes(interim, direction.changes, spoken.text)
            outcome = direction.outcome
            sides = {stance(beat.kind) for beat in beats} - {0}
            side = sides.pop() if len(sides) == 1 else 0
            agreed = self.mood.agree(
                change, side, state.heat, state.trust, reading.detection.unprofessional
            )
            if agreed is not change:
                change = agreed
                maxed = state.maxed + 1 if change.heat >= self.director.hang_up_heat() else 0
                changes = {**changes, "heat": change.heat, "maxed": maxed}
            if outcome is None and interim.turn >= interim.max_turns:
                outcome = Outcome.MAX_TURNS
            final = self._after(
                interim.model_copy(update={**changes, "outcome": outcome}), spoken, beats
            )
            reply, note, parts = spoken.text, spoken.note, spoken.parts
        trace = MoodTrace(
            turn=final.turn,
            heat=final.heat,
            trust=final.trust,
            heat_delta=change.heat_delta,
            trust_delta=change.trust_delta,
            moves=[m.value for m in reading.detection.moves],
            reasons=list(change.reasons),
        )
        kinds = tuple(beat.kind for beat in beats)
        return TurnResult(reply, final, trace, reading.detection, kinds, note, parts)

    def _changes(
        self, state: CallState, changes: dict[str, object], reply: str
    ) -> dict[str, object]:
        """The director's changes to the state, squared with what the reply said."""
        changes = {"abusive": False, **changes}
        if "wants_named" in changes:
            changes["wants_named"] = self._named_in(state.wants_named, changes, reply)
        if changes.get("abusive") and state.boundary_set:
            changes["abuse_after_boundary"] = state.abuse_after_boundary + 1
        return changes

    def _named_in(
        self, before: tuple[int, ...], changes: dict[str, object], reply: str
    ) -> tuple[int, ...]:
        """The parts counted as named, keeping only the new ones the reply really says.

        A beat that named a part can be left out when the reply is put together; counted
        anyway, the part would later be "Like I said, ..." about what was never said.
        """
        after = changes["wants_named"]
        if not isinstance(after, tuple):
            return before
        said = content_stems(normalise(reply))
        parts = wants(self.scenario)

        def says(i: int) -> bool:
            words = phrase_stems(parts[i])
            return len(words & said) >= min(2, len(words))

        new = [i for i in after[len(before) :] if isinstance(i, int) and says(i)]
        return (*before, *new)

    def _floor(
        self, state: CallState, reading: Reading, items: tuple[Item, ...], met: tuple[int, ...]
    ) -> float:
        """The heat this turn cannot take the customer below.

        Below the settled level only on substance: a time or plan given, and nothing they
        asked for left undealt with and no complaint left unheard; with a time but something
        still waiting, half of it.
        """
        concrete = (
            state.plan_accepted
            or state.time_given is not None
            or reading.time is not None
            or Move.ESCALATE_HANDOFF in reading.moves
        )
        waiting = bool(missing(self.scenario, met, state.wants_named)) or any(
            i.open and i.kind is ItemKind.COMPLAINT for i in items
        )
        settled = min(state.opening_heat, self.scene.habits.settled_heat)
        return settled if not concrete else settled * WAITING_FLOOR if waiting else 0.0

    def _signals(
        self, state: CallState, reading: Reading, items: tuple[Item, ...], turn: int
    ) -> TurnSignals:
        """What the mood reads of a turn beyond its moves: is there substance in it."""
        moves, text = reading.moves, reading.text
        if reading.farewell and not state.abusive:
            # "I'm going to end the call here. Goodbye." to a civil caller is a goodbye,
            # not a boundary they did nothing to earn.
            moves = moves - {Move.SET_BOUNDARY}
        left = [i for i in skipped(items, turn) if not (i.kind is ItemKind.ISSUE and reading.asks)]
        # Sympathy with no step forward builds the streak; a step forward clears it.
        streak = 0 if moves & PROGRESS else state.empathy_streak + bool(moves & SOOTHING)
        about = self._about_the_case(state, text)
        generic = bool(moves & SOOTHING) and not about
        demand = state.pending in ("manager", "request") and not moves & OFFERS
        return TurnSignals(
            moves=moves,
            repeated=repeats(text, state.agent_lines),
            unanswered=bool(left),
            empathy_streak=streak,
            customer_abusive=state.abusive,
            generic=generic,
            # Sympathy that fits anyone calms once; again, or while their question
            # waits, it has nothing in it about what they said.
            empty=generic and not moves & PROGRESS and bool(left or state.empathy_streak),
            # Small talk that is not about their problem, or a story about the agent's own
            # life beside a real question ("my sister has a Lab mix too ... anyway, what ...?").
            off_topic=(not about and bool(LIGHT.search(text)) and not moves & (PROGRESS - ASKING))
            or bool(OWN_STORY.search(text)),
            refused_demand=demand
            and Move.ESCALATE_HANDOFF not in moves
            and bool(REFUSAL.search(text)),
        )

    def _about_the_case(self, state: CallState, text: str) -> bool:
        """True when the reply names something of the customer's story (or them, by name)."""
        story = story_stems(self.scenario, state, on_file=True)
        return bool(content_stems(normalise(text)) & story)

    def _after(self, state: CallState, spoken: Spoken, beats: list[Beat]) -> CallState:
        kinds = [beat.kind for beat in beats]
        return state.model_copy(
            update={
                "customer_line": spoken.text,
                "used": (*state.used, *spoken.templates),
                "items": _raised(state, spoken, beats, self._issue_details),
                "agreed": bool(kinds) and all(stance(kind) > 0 for kind in kinds),
                "last_beats": tuple(kind.value for kind in kinds),
            }
        )

    def _closing(
        self, state: CallState, sink: TokenSink | None = None
    ) -> tuple[str, CallState, list[Beat]]:
        """The agent ends the call: the customer's last words (if any), the state, the beats."""
        outcome = self.outcome_if_ended(state)
        kind = {
            Outcome.ENDED_FOR_ABUSE: LineKind.ENDED_FOR_ABUSE,
            Outcome.RESOLVED: LineKind.GOODBYE,
        }.get(outcome)
        ended = state.model_copy(update={"outcome": outcome})
        if kind is None:
            return "", ended, []
        beats = [Beat(kind)]
        spoken = self._speak(Cue(beats, ended), self._rng(state.turn + 1000), sink)
        return spoken.text, self._after(ended, spoken, beats), beats

    def outcome_if_ended(self, state: CallState) -> Outcome:
        """How the call ends if the trainee ends it now."""
        if state.boundary_set and state.abuse_after_boundary > 0:
            return Outcome.ENDED_FOR_ABUSE
        habits = self.scene.habits
        settled = state.heat <= habits.settled_heat or (
            state.agreed and state.heat <= habits.accept_heat
        )
        if state.plan_accepted and settled:
            return Outcome.RESOLVED
        return Outcome.ABANDONED

    def end(self, state: CallState) -> tuple[str, CallState]:
        """The trainee ends the call (/end): the outcome and the customer's parting line."""
        if state.ended:
            return "", state
        reply, ended, _ = self._closing(state)
        return reply, ended

    def hint(self, state: CallState) -> Hint:
        """The next move a coach would suggest from here."""
        move = self._next_move(state)
        if state.turn == 0:
            return Hint(move, self.persona.better_first_move.example)
        if move in OFFERS:
            option = next(o for o in self.scenario.options if o.grantable)
            when = f" ({option.time_marker})" if option.time_marker else ""
            return Hint(move, f"{option.text.strip()}{when}")
        story = content_stems(normalise(f"{self.scenario.reason_for_call} {state.customer_line}"))
        foreign = self._foreign_words
        said = set(state.agent_lines)
        phrases = [p.text for p in self.content.phrases() if p.move is move]

        def fit(text: str) -> tuple[int, bool, int]:
            # Nothing of another case first, then not said yet, then most of this case.
            words = content_stems(normalise(text))
            return -len(words & foreign), key(text) not in said, len(words & story)

        return Hint(move, max(phrases, key=fit, default=""))

    @cached_property
    def _issue_details(self) -> dict[str, str]:
        """Each new issue line of the bank and what more the customer says about it."""
        return {
            line.text: line.detail
            for line in self.offline.bank.lines.get(LineKind.NEW_ISSUE, [])
            if not isinstance(line, str) and line.detail
        }

    @cached_property
    def _foreign_words(self) -> set[str]:
        """Words of other cases that this case never uses ("technician" for a kitchen remodel).

        A hint with one of them would be about someone else's call.
        """

        def visible(s: Scenario) -> str:
            options = " ".join(o.text for o in s.options)
            return f"{s.title} {s.summary} {s.reason_for_call} {options} {s.industry}"

        own = content_stems(
            normalise(" ".join([visible(self.scenario), *(f.text for f in self.scenario.facts)]))
        )
        cases = [content_stems(normalise(visible(s))) for s in self.content.scenarios.values()]
        everyday = {stem(w) for w in common_words(EVERYDAY_WORDS)}
        specific = {w for w in set().union(*cases) if sum(w in c for c in cases) <= SPECIFIC_CASES}
        return specific - own - everyday

    def _next_move(self, state: CallState) -> Move:
        if state.turn == 0:
            return self.persona.better_first_move.moves[0]
        plan = Move.ACTION_PLAN if state.time_given else Move.SET_TIMELINE
        steps = (
            (state.abusive and not state.boundary_set, Move.SET_BOUNDARY),
            (state.pending == "manager", Move.ESCALATE_HANDOFF),
            (not state.acknowledged, Move.ACKNOWLEDGE_EMOTION),
            (len(state.revealed) < 2 and not state.plan_accepted, Move.ASK_QUESTION),
            (not state.outcome_told, Move.CLARIFY_OUTCOME),
            (not state.plan_accepted, plan),
            (not state.followed_up, Move.FOLLOW_UP),
        )
        return next((move for due, move in steps if due), Move.CONFIRM_RESOLUTION)


def _raised(
    state: CallState, spoken: Spoken, beats: list[Beat], details: dict[str, str]
) -> tuple[Item, ...]:
    """The open items after the customer says ``spoken``: its questions, issues, complaints.

    ``details`` are what more the customer says about each new issue line, when asked.
    """
    items = state.items
    kinds = [beat.kind for beat in beats]
    # "Tomorrow?" echoes the agent's time; only a question of its own waits on an answer.
    asking = next((kind for kind in reversed(kinds) if kind in QUESTION_KINDS), None)
    # The question is the asking beat's own, not another beat's ("And the hotel?" is a part
    # of what they want, kept by ``wants``, not an item of its own).
    aligned = len(spoken.parts) == len(beats)
    asked = spoken.parts[kinds.index(asking)] if aligned and asking is not None else spoken.text
    questions = [q for q in _QUESTION.findall(asked) if len(q.split()) > 1]
    if asking is not None and asking is not LineKind.NEW_ISSUE and questions:
        need = QUESTION_KINDS[asking]
        kind = ItemKind.DEMAND if need in ("manager", "request") else ItemKind.QUESTION
        items = raise_item(
            items, Item(kind=kind, need=need, text=questions[-1].strip(), turn=state.turn)
        )
    elif kinds == [LineKind.OPENING] and questions:  # "Who is actually running this job?"
        items = raise_item(items, Item(kind=ItemKind.QUESTION, text=questions[-1].strip(), turn=0))
    parts = spoken.templates if len(spoken.templates) == len(beats) else ()
    for index, beat in enumerate(beats):
        if beat.kind is LineKind.NEW_ISSUE:  # open until the agent deals with it
            said = parts[index] if parts else spoken.text
            detail = details.get(said, "")
            item = Item(
                kind=ItemKind.ISSUE, text=issue_sentence(said), turn=state.turn, detail=detail
            )
            items = raise_item(items, item)
        elif beat.kind is LineKind.GRIEVANCE_STACK and beat.values.get("grievance"):
            text = beat.values["grievance"]
            items = raise_item(items, Item(kind=ItemKind.COMPLAINT, text=text, turn=state.turn))
    return items


def _closed(item: Item) -> bool:
    """True for a yes/no question of the customer's ("Are you new?"): a yes or no answers it."""
    text = normalise(item.text)
    return (
        item.kind is ItemKind.QUESTION and text.endswith("?") and bool(CLOSED_QUESTION.search(text))
    )


def _committed(
    commitments: tuple[Commitment, ...], reading: Reading, turn: int
) -> tuple[Commitment, ...]:
    """What the agent has promised, with this turn's time, plan or handoff added."""
    # A plan or a handoff is kept by its turn: the trainee's words are in the call already,
    # and the state (saved with every turn) need not carry them twice.
    made = [
        Commitment(kind=kind, text=text, turn=turn)
        for kind, text, hit in (
            ("time", reading.time or "", reading.time is not None),
            ("action", "", Move.ACTION_PLAN in reading.moves),
            ("handoff", "", Move.ESCALATE_HANDOFF in reading.moves),
        )
        if hit
    ]
    return (*commitments, *made)


def for_case(bank: LineBank, scenario: Scenario) -> LineBank:
    """The persona's lines for this case: its own side issues raised, when it has them.

    A persona's general "and while I've got you, the app still shows the old plan" does not
    fit a kitchen remodel; a case that lists its side issues has those raised instead.
    """
    if not scenario.side_issues:
        return bank
    raised = [Line(text=issue.text, detail=issue.detail) for issue in scenario.side_issues]
    return bank.model_copy(update={"lines": {**bank.lines, LineKind.NEW_ISSUE: raised}})
