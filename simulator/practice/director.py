"""The story of a call: what the customer does next, decided from state and the reading.

Deterministic given the state, the trainee's turn and a seeded random generator, and
shared by every actor: the offline customer words the beats from its line bank, an LLM
customer gets them as stage directions. The director never writes a customer's words.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from simulator.models.content import Persona, Scenario
from simulator.models.lines import (
    ANSWERING,
    ESCALATING,
    FILLERS,
    OPEN_AFTER_BYE,
    Habits,
    LineKind,
    stance,
)
from simulator.models.moves import OFFERS, PROMISES, REPLIES, SOOTHING, Move
from simulator.moves.cues import (
    ABOUT_OTHERS,
    CLOSED_QUESTION,
    HOLD,
    OWNER,
    SELF_NEW,
    WH_QUESTION,
    question_form,
)
from simulator.moves.questions import distinct_questions
from simulator.moves.text import content_stems, normalise, stem, tokens
from simulator.moves.wants import missing, phrase, sentence, words_of
from simulator.practice.items import (
    ANSWERS,
    TIMES_SAID,
    Item,
    ItemKind,
    Status,
    asks_about,
    briefly,
    detail_again,
    just_answered,
    let_go,
    named_again,
    replace,
    skipped,
    told_again,
)
from simulator.practice.mood import EMPATHY_TURNS_THAT_WORK, MoodModel, TurnSignals
from simulator.practice.premises import blames
from simulator.practice.reading import (
    TAG_CHECK,
    DetailAsked,
    Reading,
    company_side,
    detail_check,
    detail_for,
    fact_for,
    next_fact,
    referred_fact,
    self_answer,
    story_stems,
    told_fact,
)
from simulator.practice.state import CallState, Declined, Outcome

QUESTION_KINDS: dict[LineKind, str] = {
    LineKind.PUSH_TIMELINE: "when",
    LineKind.DEMAND_MANAGER: "manager",
    LineKind.ASK_EXCEPTION: "request",
    LineKind.ASK_DISCOUNT: "request",
    LineKind.CHALLENGE_COMPETENCE: "competence",
    LineKind.EARLIER_CALLS: "history",
    LineKind.TIME_DOUBT: "when",
    LineKind.OPTION_REJECT: "request",
    LineKind.REFUSED_REQUEST: "request",
    LineKind.ASK_FOLLOW_UP: "when",
    LineKind.NEW_ISSUE: "other",
}
"""Kinds of line whose question the customer waits on, and the kind of answer it needs.

Other lines may end in a question mark ("Which one?", "So?") without waiting on anything:
the customer does not later complain that such a question went unanswered."""

__all__ = ["ANSWERS", "QUESTION_KINDS", "Beat", "Direction", "Director", "Scene", "answered"]

PREFERENCE = re.compile(
    r"\b(?:suit|suits|prefer|preferable|rather|better for you|works? (?:best |better )?for you|"
    r"would you like|do you want|would you want|easier|happier)\b"
)
"""A choice offered to the customer's taste, not a question about what happened."""

ONCE_IN_A_ROW = frozenset(
    {
        LineKind.MULTI_QUESTION,
        LineKind.INTERRUPT,
        LineKind.VAGUE_HOLD,
        LineKind.EMPATHY_TIRED,
        LineKind.EMPATHY_OK,
        LineKind.REPEATED,
        LineKind.CONFUSED,
    }
)
"""Reactions to how the agent spoke that a person makes once, not turn after turn."""

ONCE_PER_CALL = frozenset(
    {LineKind.MULTI_QUESTION, LineKind.INTERRUPT, LineKind.EMPATHY_OK, LineKind.CONFUSED}
)
"""Reactions a person makes once in a call: said again, they would sound like a tic."""
ALONE = frozenset({LineKind.MULTI_QUESTION, LineKind.INTERRUPT})
"""Reactions that ask the agent to say it again differently: the customer waits, answering
nothing ("Which one do you want me to answer?" is not followed by an answer)."""
YES_OR_NO = frozenset(
    {
        LineKind.CONFIRM,
        LineKind.SELF_YES,
        LineKind.SELF_NO,
        LineKind.GUARDED,
        LineKind.OPTION_ACCEPT,
        LineKind.OPTION_REJECT,
        LineKind.PARAPHRASE_YES,
    }
)
"""Beats worded as a yes or a no (or a shrug): no answer to a question that offers options."""
ASKS_BACK = frozenset({Move.ASK_QUESTION, Move.CLARIFY_OUTCOME})
"""Moves that ask the customer something rather than tell them: no answer to acknowledge."""
CONTENT_ANSWERS = ANSWERING | {LineKind.WANT_MORE, LineKind.EARLIER_CALLS}
"""Beats that give the content a who/what/which question asks for (or say they can't)."""
NOT_THAT_I_KNOW = "not that I know of"
"""The customer's answer to "did anyone ...?" when their story says nothing about it."""
CALMER = 1.5
"""Heat a customer must have lost since turning an offer down to weigh the same one again."""
ASKING = frozenset({*QUESTION_KINDS, LineKind.UNANSWERED}) - {LineKind.NEW_ISSUE}
"""Beats worded as the customer's own question."""
STAYING = OPEN_AFTER_BYE | {LineKind.GOODBYE, LineKind.HANG_UP}
"""Beats that answer a goodbye: one of their own, or something still open."""
CHOICE_REPLIES = frozenset({LineKind.PICK, LineKind.CHOOSE})
DEMANDS_AGAIN = frozenset({LineKind.ASK_EXCEPTION, LineKind.ASK_DISCOUNT})
"""Demands that say again what a question the customer repeats already asks for."""
MAX_BEATS = 3
"""Most beats in one reply: react, answer, drive."""
SEVERAL_QUESTIONS = 2
SNAPS_AT_TWO_HEAT = 6.0
"""Heat from which two questions in one turn get "one at a time" (three always do)."""

REACTIONS: tuple[tuple[Move, LineKind], ...] = tuple((m, LineKind(kind)) for m, kind in REPLIES)
"""Anti-patterns and the line the customer answers them with, strongest first."""

HANDOFF_ELEMENTS_NEEDED = 2
MIN_TRUST_TO_ACCEPT = 3.0
MIN_TRUST_FOR_TIME = 3.5
MAXED_TURNS = 2
"""Turns in a row at the hang-up heat before the customer hangs up."""
PARAPHRASE_OVERLAP = 2
"""Content words a paraphrase must share with what the customer has said to count as right."""
OPEN_UP_TRUST = 6.0
"""Trust at which even a guarded customer answers a closed question."""
MAX_BEATS_TO_NOTE = 2
SELF_FACT_OVERLAP = 2
"""Keywords a question about the customer themselves must share with a fact to be told it."""
"""A reply with more beats than this does not also stop to acknowledge an answer."""


@dataclass(frozen=True)
class Beat:
    """One thing the customer does in a reply, with the values its line needs."""

    kind: LineKind
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class Direction:
    """The beats of one reply and the state changes the story made."""

    beats: list[Beat] = field(default_factory=list)
    changes: dict[str, object] = field(default_factory=dict)
    outcome: Outcome | None = None

    def add(self, kind: LineKind, **values: str) -> None:
        """Add a beat unless one of that kind, or of the opposite stance, is in this reply."""
        if any(b.kind is kind or stance(b.kind) * stance(kind) < 0 for b in self.beats):
            return
        self.beats.append(Beat(kind, values))

    def answer_with(self, answer: Direction) -> None:
        """Follow this reply's reaction with ``answer``, keeping one stance: the answer's.

        The reaction to how the agent spoke comes first, the answer to what they said
        after; when the two pull opposite ways ("Sorry, it's been a terrible week." then
        "That's an insult."), the answer stays and the reaction goes.
        """
        side = next((stance(b.kind) for b in answer.beats if stance(b.kind)), 0)
        if side:
            self.beats = [b for b in self.beats if stance(b.kind) * side >= 0]
        for beat in answer.beats:
            if all(b.kind is not beat.kind for b in self.beats):
                self.beats.append(beat)
        self.changes.update(answer.changes)
        self.outcome = answer.outcome or self.outcome


@dataclass(frozen=True)
class Scene:
    """The fixed parts of a call the director consults."""

    persona: Persona
    scenario: Scenario
    habits: Habits
    mood: MoodModel


def answered(pending: str | None, moves: frozenset[Move]) -> bool:
    """True when the trainee's moves answer a customer question of kind ``pending``."""
    return pending is None or bool(moves & ANSWERS.get(pending, ANSWERS["other"]))


def _named(state: CallState, out: Direction) -> tuple[int, ...]:
    """The parts of what the customer wants named as missing so far, this reply included."""
    named = out.changes.get("wants_named", state.wants_named)
    return named if isinstance(named, tuple) else state.wants_named


def _items(state: CallState, out: Direction) -> tuple[Item, ...]:
    """The open items as this reply has left them so far."""
    items = out.changes.get("items", state.items)
    return items if isinstance(items, tuple) else state.items


def _waiting(state: CallState, out: Direction) -> list[Item]:
    """Open items the customer still waits on that this reply has not named yet."""
    return [i for i in _items(state, out) if i.open and i.last_said != state.turn]


class Director:
    """Decides each reply's beats for one scene."""

    def __init__(self, scene: Scene) -> None:
        self.scene = scene

    def fact_text(self, fact_id: str) -> str:
        """The customer's words for a hidden fact."""
        return next(f.text for f in self.scene.scenario.facts if f.id == fact_id)

    def direct(
        self, state: CallState, reading: Reading, signals: TurnSignals, rng: random.Random
    ) -> Direction:
        """Decide what the customer does after this trainee turn (state already has the mood)."""
        out = Direction()
        if self._hang_up(state, out) or self._escalation(state, reading, out):
            return out
        if reading.injection and not (reading.moves & OFFERS):
            out.add(LineKind.CONFUSED)
            return out
        self._react(state, reading, signals, out, rng)
        if any(b.kind in ALONE for b in out.beats):
            return out
        answer = Direction(changes=dict(out.changes))
        self._respond(state, reading, answer, rng)
        if _taken_with_a_sneer(reading, out, answer):
            answer = Direction(changes=dict(out.changes))  # the sneer is answered, not the plan
        out.answer_with(answer)
        self.note(state, reading, out)
        if out.outcome is not None:
            return out
        if len(out.beats) < 2 or state.heat >= self._limit(
            self.scene.persona.triggers.abusive_heat
        ):
            self._drive(state, reading, out, rng)
        self._choice_form(state, reading, out, rng)
        self._content_asked(state, reading, out, rng)
        self._seen_off(state, reading, out)
        _plan(out)
        if not out.beats:
            out.add(LineKind.NEUTRAL)
        return out

    def _content_asked(
        self, state: CallState, reading: Reading, out: Direction, rng: random.Random
    ) -> None:
        """A who/what/which question gets content or "I couldn't tell you who".

        Never only a yes to something else ("What's the new number?" -> "Fine, let's go
        with that."): when the reply took up an offer beside the question and answered
        nothing, the question is answered as well, from the case file where it can be. A
        yes/no question about themselves beside it gets its yes or no.
        """
        if reading.proposal or reading.choice or reading.closing_check:
            return
        if out.outcome is not None:
            return
        if any(stance(b.kind) < 0 for b in out.beats):
            return  # pushing back instead of answering is an answer of its own
        if detail_check(reading, self.scene.scenario) and not any(
            b.kind is LineKind.CONFIRM for b in out.beats
        ):
            # "... Is 555-0101 the right number?" after a plan: the number gets its yes before
            # the plan is taken ("Yes, that's right. Perfect, don't let it slip.").
            out.beats.insert(0, Beat(LineKind.CONFIRM, {}))
            return
        if not reading.wh:
            if reading.about_self and not any(b.kind in ANSWERING for b in out.beats):
                # "I'm filing it now. Have you been in touch with them?": the plan is taken
                # and the question about themselves answered, not left hanging.
                self._about_self(reading, out)
            return
        if any(b.kind in CONTENT_ANSWERS for b in out.beats):
            return
        answer = Direction(changes=dict(out.changes))
        self._answer(state, reading, answer, rng)
        given = [b for b in answer.beats if b.kind in CONTENT_ANSWERS]
        if given:
            out.changes.update(answer.changes)
        out.beats[:0] = given or [Beat(LineKind.NOT_SURE, {"wh": reading.wh})]

    # --- endings ------------------------------------------------------------------------

    def hang_up_heat(self) -> float:
        """The heat at which this customer is ready to hang up."""
        return self._limit(self.scene.persona.triggers.hang_up_heat)

    def _limit(self, heat: float | None) -> float:
        limit = self.scene.mood.trigger(heat)
        return 11.0 if limit is None else limit

    def _hang_up(self, state: CallState, out: Direction) -> bool:
        triggers = self.scene.persona.triggers
        settled = state.plan_accepted and not self.left(state, out) and not state.open_items
        if state.stalled >= triggers.patience_turns and settled and state.maxed == 0:
            # Everything they asked for is given and the agent talks on: they end the call
            # politely, not in a rage.
            out.add(LineKind.GOODBYE)
            out.outcome = Outcome.RESOLVED
            return True
        if state.maxed >= MAXED_TURNS or state.stalled >= triggers.patience_turns:
            out.add(LineKind.HANG_UP)
            out.outcome = Outcome.CUSTOMER_HUNG_UP
            return True
        return False

    def _escalation(self, state: CallState, reading: Reading, out: Direction) -> bool:
        if Move.ESCALATE_HANDOFF not in reading.moves:
            return False
        demanded = "manager" in state.fired
        if reading.handoff_elements >= HANDOFF_ELEMENTS_NEEDED or (
            demanded and reading.handoff_elements >= 1
        ):
            out.add(LineKind.HANDOFF_ACCEPT)
            out.outcome = Outcome.ESCALATED
            out.changes["escalated_to"] = self.scene.scenario.escalation_owner
            return True
        out.add(LineKind.HANDOFF_REJECT)
        return False

    # --- reacting to how the trainee spoke ----------------------------------------------

    def _react(
        self,
        state: CallState,
        reading: Reading,
        signals: TurnSignals,
        out: Direction,
        rng: random.Random,
    ) -> None:
        moves = reading.moves
        kind = next((kind for move, kind in REACTIONS if move in moves), None)
        if kind is LineKind.BLAME and reading.kindly and not blames(reading.text):
            kind = None  # a correction said with sympathy, putting the fault on nobody
        if kind is None and Move.SET_BOUNDARY in moves:
            kind = LineKind.BOUNDARY_RESPECTED if state.abusive else LineKind.BOUNDARY_UNWARRANTED
            out.changes["boundary_set"] = state.abusive or state.boundary_set
        if kind is None:
            limit = self.scene.habits.interrupts_after_words
            warm = bool(moves & SOOTHING) and state.turn <= 3 and state.heat >= 4
            chance = rng.random()
            # Evidence in the agent's own words, not the move alone: several things really
            # asked (not a tag or a list of answers), a hold really asked for, a long turn
            # with no plan, promise or question in it (those get an answer, not a cut-in).
            # Two questions are a conversation; a hot customer, or three, snaps at them.
            asked = distinct_questions(reading.questions)
            several = asked >= SEVERAL_QUESTIONS + 1 or (
                asked >= SEVERAL_QUESTIONS and state.heat >= SNAPS_AT_TWO_HEAT
            )
            hold = bool(HOLD.search(reading.text))
            rambling = (
                limit is not None
                and reading.words > limit
                and not moves & (OFFERS | PROMISES)
                and not reading.questions
            )
            checks = (
                (reading.refused_option, LineKind.REFUSED_REQUEST),
                (signals.repeated, LineKind.REPEATED),
                (Move.MULTI_QUESTION in moves and several, LineKind.MULTI_QUESTION),
                (Move.VAGUE_HOLD in moves and hold, LineKind.VAGUE_HOLD),
                (signals.empathy_streak > EMPATHY_TURNS_THAT_WORK, LineKind.EMPATHY_TIRED),
                (signals.unanswered and self._skipped(state, out) is not None, LineKind.UNANSWERED),
                (rambling, LineKind.INTERRUPT),
                (warm and chance < 0.6, LineKind.EMPATHY_OK),
            )
            kind = next((kind for hit, kind in checks if hit), None)
        if kind is not None and kind in ONCE_IN_A_ROW and kind.value in state.last_beats:
            return  # said it last time; this time they answer instead of saying it again
        if kind in ONCE_PER_CALL:
            if kind.value in state.fired:
                return
            out.changes["fired"] = (*state.fired, kind.value)
        if kind is LineKind.UNANSWERED:
            item = self._skipped(state, out)
            if item is not None:  # a question asked again as asked; news referred to
                said = item.text if item.text.rstrip().endswith("?") else told_again(item.text)
                out.add(kind, question=said)
                out.changes["items"] = named_again(_items(state, out), item, state.turn)
        elif kind is not None:
            out.add(kind)

    # --- answering what the trainee asked or offered ------------------------------------

    def _respond(
        self, state: CallState, reading: Reading, out: Direction, rng: random.Random
    ) -> None:
        moves, habits = reading.moves, self.scene.habits
        closing = (
            Move.CONFIRM_RESOLUTION in moves
            or (reading.closing_check and not moves & OFFERS)
            or (reading.farewell and (state.plan_accepted or not moves & OFFERS))
        )
        if closing:
            # "does that work? and what else would you want sorted?" after an offer that met a
            # part: the rest is named as more still needed, not as a "not yet" to the offer.
            partial = bool(reading.wants) and bool(moves & OFFERS)
            self._closing(state, out, reading.farewell, partial=partial)
        elif self._weighs_offer(state, reading):
            self._offer(state, reading, out, rng)
            self._declined(state, reading, out)
        elif Move.CLARIFY_OUTCOME in moves or reading.outcome_question:
            self._tell_outcome(state, out)  # asked again, said short
        elif self._issue_or_extra(state, reading, out):
            pass
        elif reading.asks and Move.CLARIFY_OUTCOME not in moves:
            self._answer(state, reading, out, rng)
        elif Move.SET_TIMELINE in moves and reading.time:
            trusted = state.trust >= MIN_TRUST_FOR_TIME
            out.add(LineKind.TIME_ACCEPT if trusted else LineKind.TIME_DOUBT, time=reading.time)
        elif Move.REFLECT in moves:
            self._paraphrase(state, reading, out, rng)
        elif Move.FOLLOW_UP in moves and state.plan_accepted:
            out.add(LineKind.FOLLOW_UP_OK)
        elif habits.asks_discount and state.plan_accepted and "discount" not in state.fired:
            out.add(LineKind.ASK_DISCOUNT)
            out.changes["fired"] = (*state.fired, "discount")
        if reading.farewell and not closing and out.changes.get("plan_accepted"):
            # A plan recapped with a goodbye, and taken: the customer says goodbye too.
            out.add(LineKind.GOODBYE)
            out.outcome = Outcome.RESOLVED

    def _issue_or_extra(self, state: CallState, reading: Reading, out: Direction) -> bool:
        """Say more about a new issue asked about, or take one more thing put to them.

        True when either was said. An issue asked about is explained (from its line, or in
        short); explained, it is told again once. One more offer once the plan is taken ("I
        can spread it over 12 months too, if you want?") gets a yes, not a story.
        """
        if (issue := self._asked_issue(state, reading)) is not None:
            detail = issue.detail or briefly(issue.text)
            out.add(LineKind.ISSUE_DETAIL, item=detail_again(detail) if issue.explained else detail)
            items = replace(_items(state, out), issue, explained=True)
            if issue.explained:
                items = named_again(items, issue, state.turn)
            out.changes["items"] = items
            return True
        if state.plan_accepted and reading.proposal and reading.moves & OFFERS:
            out.add(LineKind.OPTION_ACCEPT)
            return True
        return False

    def _weighs_offer(self, state: CallState, reading: Reading) -> bool:
        """True for a turn whose offer (or time for what they want) is what to answer.

        Not once a plan is taken, and not when the turn asks something the customer answers
        first: what they want, their story, about themselves, or what the plan needs.
        """
        moves = reading.moves
        return (
            bool(moves & OFFERS or (reading.wants and Move.SET_TIMELINE in moves))
            and not state.plan_accepted
            and not self._asks_outcome(state, reading)
            and not self._asks_story(state, reading)
            and not _asks_of_them(reading)
            and not self._asks_for_content(state, reading)
        )

    @staticmethod
    def _asks_outcome(state: CallState, reading: Reading) -> bool:
        """True for "what matters most: the refund or the date?": a question, not an offer.

        Choices offered inside an outcome question, with no time or plan beside them, ask
        what the customer wants; they are not a plan to accept.
        """
        moves = reading.moves
        return (
            (Move.CLARIFY_OUTCOME in moves or reading.outcome_question)
            and not reading.proposal
            and (
                (not state.outcome_told and not moves & {Move.SET_TIMELINE, Move.ACTION_PLAN})
                or _asked_last(reading)
            )
        )

    def _asks_for_content(self, state: CallState, reading: Reading) -> bool:
        """True for "what's the right address? I'll update it now": a question the plan needs.

        A plan that waits on something only the customer can say (a detail of their file, more
        about an issue they raised) is answered first: a person gives the address before
        taking the promise to change it.
        """
        if not reading.wh or reading.proposal or reading.closing_check:
            return False
        if self._asked_issue(state, reading) is not None:
            return True
        return not reading.outcome_question and detail_for(reading, self.scene.scenario) is not None

    def _asks_story(self, state: CallState, reading: Reading) -> bool:
        """True for "what did the technicians do?" beside a passing offer: answer the question.

        An open question about something the customer has not told yet, with no time or plan
        put to them, is what the turn asks; the offer waits for its own turn.
        """
        if not reading.open_question or reading.proposal or reading.closing_check:
            return False
        if reading.moves & {Move.SET_TIMELINE, Move.ACTION_PLAN}:
            return False
        scenario = self.scene.scenario
        return fact_for(reading, scenario, state.revealed, fallback=False) is not None

    def _paraphrase(
        self, state: CallState, reading: Reading, out: Direction, rng: random.Random
    ) -> None:
        scenario = self.scene.scenario
        story = story_stems(scenario, state)
        said = content_stems(normalise(reading.text))
        if len(said & story) < PARAPHRASE_OVERLAP:
            out.add(LineKind.PARAPHRASE_NO, correction=scenario.trigger)
        elif not state.paraphrase_confirmed or rng.random() < 0.5:
            out.add(LineKind.PARAPHRASE_YES)
            out.changes["paraphrase_confirmed"] = True

    def _choose(
        self, state: CallState, reading: Reading, out: Direction, rng: random.Random
    ) -> None:
        """Answer an either/or by naming one of its options, or the first/sooner when unclear."""
        beat = self._choice(state, reading, out, rng)
        out.add(beat.kind, **beat.values)

    def _choice(
        self, state: CallState, reading: Reading, out: Direction, rng: random.Random
    ) -> Beat:
        """The option of an either/or the customer takes: what they want, else what they know.

        An option naming a part of what they still want comes first, then one with the most
        words of their own story (every fact is theirs to know, told yet or not); between
        equals, either. With no options read, a line saying which they would take.
        """
        scenario = self.scene.scenario
        if any(_ABOUT_WHAT_HAPPENED.match(q) for q in reading.questions) and not (
            reading.moves & OFFERS
        ):
            # "was it the dentist or the front desk?" asks what happened: what they know,
            # not "The front desk is fine, I think."
            fact = fact_for(reading, scenario, state.revealed, fallback=False, least=2)
            if fact is not None:
                out.changes["revealed"] = (*state.revealed, fact)
                return Beat(LineKind.REVEAL, {"fact": self.fact_text(fact)})
        if not reading.options:
            return Beat(LineKind.CHOOSE)
        wanted = words_of(scenario, self.left(state, out))
        known = story_stems(scenario, state, on_file=True) | content_stems(
            normalise(" ".join(f.text for f in scenario.facts))
        )

        def fit(option: str) -> tuple[int, int]:
            words = content_stems(normalise(option))
            return len(words & wanted), len(words & known)

        best = max(map(fit, reading.options))
        return Beat(
            LineKind.PICK, {"choice": rng.choice([o for o in reading.options if fit(o) == best])}
        )

    def _seen_off(self, state: CallState, reading: Reading, out: Direction) -> None:
        """The agent says goodbye: the customer says goodbye too, or what is still open.

        Never a bare "Okay. That's better." to a goodbye, as if the call went on. Going
        along with nothing left open, the call ends resolved; with something still open
        and nothing said of it, the customer goes, and the call is abandoned.
        """
        if not reading.farewell or out.outcome is not None:
            return
        if any(b.kind in STAYING or stance(b.kind) < 0 for b in out.beats):
            return
        if left := self.left(state, out):
            out.add(LineKind.WANT_MORE, want=phrase(self.scene.scenario, left))
            return
        out.add(LineKind.GOODBYE)
        settled = state.plan_accepted or bool(out.changes.get("plan_accepted"))
        open_items = any(i.open for i in _items(state, out))
        out.outcome = Outcome.RESOLVED if settled and not open_items else Outcome.ABANDONED

    def _choice_form(
        self, state: CallState, reading: Reading, out: Direction, rng: random.Random
    ) -> None:
        """An either/or ("the refund or a credit?", "was it A or B?") is never answered yes or no.

        Whatever path the reply took (a check confirmed, an offer weighed, a guarded shrug),
        its bare yes or no becomes one of the options; beside a push-back it is left out,
        the push-back saying enough.
        """
        if not reading.choice or reading.closing_check:
            return
        self._either_or(state, reading, out, rng)
        # "Yeah. It's been going on for ages. During video calls." reads as a yes to the
        # either/or, whatever answers it (an option, a fact, what they want): no nod before it.
        out.beats = [b for b in out.beats if b.kind is not LineKind.EMPATHY_OK]

    def _either_or(
        self, state: CallState, reading: Reading, out: Direction, rng: random.Random
    ) -> None:
        """The bare yes or no of a reply to an either/or, made one of its options."""
        if any(b.kind in CHOICE_REPLIES for b in out.beats):
            return
        at = next((i for i, b in enumerate(out.beats) if b.kind in YES_OR_NO), None)
        if at is None:
            return
        others = out.beats[:at] + out.beats[at + 1 :]
        if any(stance(b.kind) < 0 for b in others):
            out.beats = others
        else:
            if out.beats[at].kind is LineKind.OPTION_REJECT:  # one option taken: not declined
                out.changes["declined"] = state.declined
            out.beats[at] = self._choice(state, reading, out, rng)
            # an option taken goes along: no threat or manager demand in the same breath
            out.beats = [b for b in out.beats if b.kind not in ESCALATING]

    def _skipped(self, state: CallState, out: Direction) -> Item | None:
        """The item of the customer's last reply this turn skipped, if they will name it.

        Named once as skipped; skipped again, the customer lets it go rather than loop on it.
        """
        for item in reversed(skipped(_items(state, out), state.turn)):
            if item.said < TIMES_SAID:
                return item
            out.changes["items"] = let_go(_items(state, out), item)
        return None

    @staticmethod
    def _asked_issue(state: CallState, reading: Reading) -> Item | None:
        """The open new issue the trainee asks about: what the customer says more of."""
        if not reading.asks:
            return None
        issues = [  # answered or not; explained, it is only told again when named again
            i for i in state.items if i.kind is ItemKind.ISSUE and i.status is not Status.DROPPED
        ]
        for issue in reversed(issues):
            fresh = issue.said_at == state.turn - 1 and reading.open_question
            if issue.explained and issue.said >= TIMES_SAID:
                continue  # told again once already: a third time would be a recording
            if (fresh and not issue.explained) or asks_about(issue, reading.questions):
                return issue
        return None

    def _complaint(self, state: CallState, out: Direction) -> str | None:
        """The complaint the customer goes back to (named as said), while it is unaddressed."""
        for item in _items(state, out):
            if item.open and item.kind is ItemKind.COMPLAINT and item.last_said != state.turn:
                return self._refer(state, out, item)
        return None

    @staticmethod
    def _refer(state: CallState, out: Direction, item: Item) -> str:
        """Come back to a complaint or issue said before: referred to, then let go.

        Said ``TIMES_SAID`` times, the customer stops raising it: a third "Like I said, ..."
        would be a recording.
        """
        items = named_again(_items(state, out), item, state.turn)
        if item.said + 1 >= TIMES_SAID:  # the item as just named, said once more
            items = let_go(items, next(i for i in items if i.text == item.text))
        out.changes["items"] = items
        return told_again(item.text)

    def main_thing(self, state: CallState, out: Direction) -> str:
        """What the customer still waits on: the oldest open item, or the parts still missing.

        An item this reply has already named is not named twice; a part of what they want
        that was dealt with is not named at all, one named before is referred to ("Like I
        said, ..."), and one named often enough is let go. Empty when nothing is left to name.
        """
        items = _waiting(state, out)
        if items:
            if items[0].kind in (ItemKind.COMPLAINT, ItemKind.ISSUE):
                return self._refer(state, out, items[0])  # said before: referred to
            out.changes["items"] = named_again(_items(state, out), items[0], state.turn)
            return items[0].text
        left = self.left(state, out)
        if not left:
            return ""
        before = self._name_wants(state, out, left)
        if all(i in before for i in left):
            return told_again(phrase(self.scene.scenario, left))
        return sentence(self.scene.scenario, left)

    def left(self, state: CallState, out: Direction) -> list[int]:
        """Parts of what the customer wants that no turn has dealt with and they still name."""
        return missing(self.scene.scenario, state.wants_met, _named(state, out))

    @staticmethod
    def _name_wants(state: CallState, out: Direction, parts: list[int]) -> tuple[int, ...]:
        """Count ``parts`` as named once more; the parts named before this, as they were."""
        named = _named(state, out)
        out.changes["wants_named"] = (*named, *parts)
        return named

    def note(self, state: CallState, reading: Reading, out: Direction) -> None:
        """Acknowledge, once, a question this turn answered ("Okay. That answers that.")."""
        answered = just_answered(_items(state, out), state.turn)
        if not answered:
            return
        items = _items(state, out)
        for item in answered:
            items = replace(items, item, noted=True)
        out.changes["items"] = items
        # A question back moves the call on, but it is no answer to say "that answers that" to.
        substance = any(
            reading.moves & ANSWERS[item.need] - SOOTHING - ASKS_BACK for item in answered
        )
        if not substance or len(out.beats) > MAX_BEATS_TO_NOTE or out.outcome is not None:
            return
        if any(stance(b.kind) != 0 for b in out.beats):
            return  # accepting or pushing back already answers the answer
        out.beats.insert(0, Beat(LineKind.NOTED))

    def _answer(
        self, state: CallState, reading: Reading, out: Direction, rng: random.Random
    ) -> None:
        """Answer what the question asks: a detail, a check, a choice, a proposal or a fact.

        In the form it was asked: what they want to "what would put your mind at rest?",
        a yes or no about themselves to "have you sent us the invoices?", content (or "I'm
        not sure who") to a question asked with who, when or which.
        """
        habits, scenario = self.scene.habits, self.scene.scenario
        if self._answer_on_file(state, reading, out, rng):
            return
        # what they did or have is theirs to say, however much it names the company's side
        internal = company_side(reading, scenario) and not reading.about_self
        asked = (  # a proposal asks for a yes to it, not for the story
            None
            if internal or reading.proposal
            else fact_for(reading, scenario, state.revealed, fallback=False)
        )
        if (
            asked is not None
            and reading.about_self
            and not fact_for(
                reading, scenario, state.revealed, fallback=False, least=SELF_FACT_OVERLAP
            )
        ):
            asked = None  # "do you have photos of the kitchen?" is not the story of the kitchen
        again = None if asked or internal else told_fact(reading, scenario, state.revealed)
        if again is None and not (asked or internal) and reading.wh and state.revealed:
            again = referred_fact(reading, scenario, state.revealed[-1])
        if (
            asked is None
            and not (reading.open_question or (reading.wh and again is not None))
            and self._answer_closed(state, reading, out, rng, internal)
        ):
            return  # ("who gave you that number? do you remember?" told before: told again)
        if again is not None:  # asked again about what they told: "Like I said, ..."
            out.add(LineKind.REVEAL, fact=told_again(self.fact_text(again)))
            return
        closed = not (reading.open_question or reading.wh)
        # A question that names a part of their story outright ("when does it drop?") is
        # answered even by a wary caller: "I don't remember when" about their own days is
        # no person. Wariness keeps back what a vague question leaves them to volunteer.
        pointed = (
            asked is not None
            and bool(reading.wh)
            and fact_for(reading, scenario, state.revealed, fallback=False, least=POINTED)
            is not None
        )
        guarded = not pointed and (
            state.trust < habits.opens_up_at_trust
            or (habits.guarded_unless_open and closed and state.trust < OPEN_UP_TRUST)
        )
        if guarded:
            self._guarded(reading, out)
            return
        fact_id = asked or (
            next_fact(scenario, state.revealed) if reading.open_question and not internal else None
        )
        if fact_id is not None:
            out.add(LineKind.REVEAL, fact=self.fact_text(fact_id))
            out.changes["revealed"] = (*state.revealed, fact_id)
        elif reading.open_question and not internal:
            out.add(LineKind.ALL_TOLD, desired=scenario.desired_outcome)
        elif reading.wh and not reading.open_question:
            out.add(LineKind.NOT_SURE, wh=reading.wh)  # "I couldn't tell you who"
        else:  # what only the company knows (why it happened on their side)
            out.add(LineKind.NO_SUCH_FACT)

    def _answer_on_file(
        self, state: CallState, reading: Reading, out: Direction, rng: random.Random
    ) -> bool:
        """Answer a question about what the customer has on file or has just been told.

        A detail asked for (even a guarded caller gives it), a summary checked ("so what
        you need is X, is that right?"), a detail checked ("the address, same as last
        time?") or a choice put to their taste; and what needs no case file at all: what
        they want ("what would put your mind at rest?", asked again once told) and a look
        at something they were asked to check now. False when the question is none of these.
        """
        scenario = self.scene.scenario
        detail = None if reading.outcome_question else detail_for(reading, scenario)
        if reading.outcome_question:  # what they want, not a detail of the case
            self._tell_outcome(state, out)
        elif detail is not None:
            if detail.known:
                out.add(LineKind.GIVE_DETAIL, detail=self._detail_again(state, detail))
                out.changes["details_given"] = (*state.details_given, detail.key)
            else:  # only the company has it (an internal ticket): they say they don't know
                out.add(LineKind.NO_SUCH_FACT)
        elif reading.do_now and not reading.choice:
            out.add(LineKind.CHECKED)  # asked to look now: they look, whatever the story holds
        elif detail_check(reading, scenario):
            out.add(LineKind.CONFIRM)
        elif (
            Move.REFLECT in reading.moves
            and TAG_CHECK.search(" ".join(reading.questions))
            and not reading.proposal
            and not reading.open_question
        ):
            self._paraphrase(state, reading, out, rng)
        elif reading.choice and PREFERENCE.search(" ".join(reading.questions)):
            self._choose(state, reading, out, rng)  # "would a call or a text suit you better?"
        else:
            return False
        return True

    def _detail_again(self, state: CallState, detail: DetailAsked) -> str:
        """A detail in the customer's words; asked again, referred to, never recited.

        The second time "Like I said, the member ID on my card is FX-208817"; from the
        third, only the value ("Again, FX-208817"), not the same sentence a third time.
        """
        times = state.details_given.count(detail.key)
        if times == 0:
            return detail.said
        on_file = self.scene.scenario.customer.details.get(detail.key)
        if times >= 2 and on_file is not None:
            return f"Again, {on_file.value}"
        return told_again(detail.said).rstrip(".")

    def _answer_closed(
        self,
        state: CallState,
        reading: Reading,
        out: Direction,
        rng: random.Random,
        internal: bool,
    ) -> bool:
        """A check, a choice or a proposal about their own situation reveals nothing: answer it.

        "Would that help?" asks for a yes to it, not "that's right"; "can you check your
        email?" asks them to look ("Hang on... yes, it's there"); "did you get the email?"
        gets a yes or no about themselves; a question with who or which gets content or "I
        couldn't say who", never a yes. False when the question is none of these.
        """
        if reading.choice and (reading.options or not internal):
            self._choose(state, reading, out, rng)
        elif reading.proposal:
            self._agree(state, out)
        elif reading.about_self:
            self._about_self(reading, out)
        elif reading.wh:
            return False  # a fact, or "I'm not sure who": never "that's right"
        elif reading.yes_no and any(ABOUT_OTHERS.search(q) for q in reading.questions):
            # "Did anyone mention the crown might change?" asks what happened, not whether the
            # agent has it right: with nothing in the story about it, not as far as they know.
            out.add(LineKind.SELF_NO, answer=NOT_THAT_I_KNOW)
        elif reading.yes_no and not internal:
            out.add(LineKind.CONFIRM)
        elif self._checks_by_name(state, reading):
            out.add(LineKind.CONFIRM)  # "Brightline Appliance? Friday? Twice?": yes, that's it
        else:
            return False
        return True

    def _checks_by_name(self, state: CallState, reading: Reading) -> bool:
        """True for a check put as a few words naming what they said or have on file.

        Clipped agents ask "Brightline Appliance? Friday? Twice?" or "Rent Monday?": each
        question a fragment with no question word, and its words the customer's own story;
        that is a yes, not "you're the one with the computer".
        """
        asked = reading.questions
        if not asked or reading.wh or reading.proposal:
            return False
        if not all(_fragment(q) for q in asked):
            return False
        named = {stem(word) for q in asked for word in tokens(q)}
        return bool(named & story_stems(self.scene.scenario, state, on_file=True))

    def _guarded(self, reading: Reading, out: Direction) -> None:
        """Keep the story back, in the form asked.

        A plain yes or no about themselves gives nothing away; "who told you?" gets "not
        sure who", never a bare "no".
        """
        if reading.about_self:
            self._about_self(reading, out)
        elif reading.wh and not reading.open_question:
            out.add(LineKind.NOT_SURE, wh=reading.wh)
        else:
            out.add(LineKind.GUARDED)

    def _about_self(self, reading: Reading, out: Direction) -> None:
        """Yes or no to "have you sent us the invoices?", as the case has it."""
        answer = self_answer(reading, self.scene.scenario)
        out.add(LineKind.SELF_YES if answer.yes else LineKind.SELF_NO, answer=answer.short)

    def _agree(self, state: CallState, out: Direction) -> None:
        """Answer a proposal put as a question: go along with it, unless too upset to."""
        if state.heat > self.scene.habits.accept_heat or state.trust < MIN_TRUST_TO_ACCEPT:
            out.add(LineKind.GUARDED)  # not a rejection the customer then waits on
        else:
            out.add(LineKind.OPTION_ACCEPT)

    def _offer(
        self, state: CallState, reading: Reading, out: Direction, rng: random.Random
    ) -> None:
        """An offer or plan put to the customer: weighed against what they asked for.

        An offer that deals with none of the parts they still want is not what they asked
        for; one that leaves some out is taken for what it gives, and the rest asked about;
        a customer who turns down a first offer to see what else there is does so only when
        something they asked for is missing from it.
        """
        habits = self.scene.habits
        concrete = Move.SET_TIMELINE in reading.moves or state.time_given is not None
        first = state.offers_seen == 0
        out.changes["offers_seen"] = state.offers_seen + 1
        left = self.left(state, out)
        if Move.OVERPROMISE in reading.moves:
            out.add(LineKind.OVERPROMISE)  # too good to be true: doubted, never accepted
            return
        # Turned down before and nothing added since (no part, time or owner): still no; or
        # nothing of what they asked for.
        if not _adds_to(state.declined, state, reading, left) or (left and not reading.wants):
            out.add(LineKind.OPTION_REJECT)
            self._want_more(state, out, left)
            return
        if habits.rejects_first_offer and first and left:
            out.add(LineKind.OPTION_REJECT)
            if habits.demands_exceptions:
                out.add(LineKind.ASK_EXCEPTION)
            else:
                self._want_more(state, out, left)
            return
        if not concrete:
            out.add(LineKind.PUSH_TIMELINE if habits.pushes_for_time else LineKind.OPTION_REJECT)
            return
        if state.heat > habits.accept_heat or state.trust < MIN_TRUST_TO_ACCEPT:
            # Too upset or wary to take it: an offer with all they asked for is doubted
            # ("I'll believe it when I see it"), never called not enough.
            out.add(LineKind.OPTION_REJECT if left else LineKind.OFFER_DOUBTED)
            return
        if habits.stacks_grievances and (grievance := self._complaint(state, out)):
            out.add(LineKind.GRIEVANCE_RETURN, grievance=grievance)
            return
        if reading.options:  # "the 6:50 or the 9:40?": one of them, not "yes, that will do"
            self._choose(state, reading, out, rng)
        else:
            accept = Move.ACTION_PLAN in reading.moves
            out.add(LineKind.PLAN_ACCEPT if accept else LineKind.OPTION_ACCEPT)
        if left:  # taken for what it gives; the rest is asked about, not the whole again
            self._want_more(state, out, left)
        else:
            out.changes["plan_accepted"] = True

    def _declined(self, state: CallState, reading: Reading, out: Direction) -> None:
        """Remember what an offer turned down in this reply held."""
        if any(b.kind is LineKind.OPTION_REJECT for b in out.beats):
            before = state.declined
            owner = bool(OWNER.search(reading.text)) or bool(before and before.owner)
            out.changes["declined"] = Declined(
                met=state.wants_met,
                time=state.time_given,
                owner=owner,
                heat=state.heat,
                wanting=tuple(self.left(state, Direction())),
            )

    def _tell_outcome(self, state: CallState, out: Direction) -> None:
        """Say what they want from the call: in full the first time, short when asked again.

        Asked again, it is not recited word for word, nor met with "not sure what".
        """
        desired = self.scene.scenario.desired_outcome
        out.add(LineKind.OUTCOME, desired=briefly(desired) if state.outcome_told else desired)
        out.changes["outcome_told"] = True

    def _want_more(self, state: CallState, out: Direction, left: list[int]) -> None:
        """Ask about the parts still missing that have not been asked about yet.

        One asked about before is counted as named again (so it is let go in time) but not
        asked word for word a second time.
        """
        before = self._name_wants(state, out, left)
        if fresh := [i for i in left if i not in before]:
            out.add(LineKind.WANT_MORE, want=phrase(self.scene.scenario, fresh))

    def _closing(
        self, state: CallState, out: Direction, farewell: bool = False, partial: bool = False
    ) -> None:
        """The agent checks whether anything is left, or says goodbye.

        A customer with an accepted plan and nothing open says so and goodbye, and the call
        ends resolved; otherwise they name what is still open (a part of what they want, a
        time, how they will hear it is done, a grievance), never a bare "no" and never the
        whole of what they asked for once some of it is dealt with. When every part has been
        offered or let go, with a time given, the checked plan is accepted there and then.
        """
        habits = self.scene.habits
        allowed = max(0, min(3, habits.new_issues_after_fix + state.difficulty - 2))
        accepted = state.plan_accepted
        unchanged = not _adds_to(state.declined, state, None, self.left(state, out))
        if not accepted and self._covered(state, out) and not unchanged:
            out.add(LineKind.PLAN_ACCEPT)
            out.changes["plan_accepted"] = accepted = True
        done = not self.left(state, out) and state.followed_up
        if not accepted:
            self._still_open(state, out, farewell=farewell, declined=unchanged, partial=partial)
        elif state.issues_raised < allowed and not farewell:
            out.add(LineKind.NEW_ISSUE)
            out.changes["issues_raised"] = state.issues_raised + 1
            out.changes["plan_accepted"] = False
        elif habits.stacks_grievances and (grievance := self._complaint(state, out)):
            out.add(LineKind.GRIEVANCE_RETURN, grievance=grievance)
        elif (
            state.heat <= habits.settled_heat
            or (state.followed_up and state.heat <= habits.accept_heat)
            or (done and state.heat < self.hang_up_heat())
        ):
            if not farewell and all(b.kind is not LineKind.PLAN_ACCEPT for b in out.beats):
                out.add(LineKind.RESOLVED_YES)
            out.add(LineKind.GOODBYE)
            out.outcome = Outcome.RESOLVED
        elif not state.followed_up:
            out.add(LineKind.ASK_FOLLOW_UP)
        elif thing := self.main_thing(state, out):
            out.add(LineKind.RESOLVED_NO, item=thing)

    def _still_open(
        self,
        state: CallState,
        out: Direction,
        *,
        farewell: bool,
        declined: bool,
        partial: bool = False,
    ) -> None:
        """Say what is still open, outright: never "there's still the main thing" alone.

        With nothing left to name but an offer they turned down (``declined``) and nothing
        added to it, that is still not enough; seen off with it, they leave unhappy. After an
        offer that met part of what they want (``partial``), the rest is what else they need
        ("That's part of it. I still need ..."), not a "not yet" to the offer.
        """
        left = self.left(state, out)
        if partial and left and not _waiting(state, out):
            self._want_more(state, out, left)
        named = any(b.kind is LineKind.WANT_MORE for b in out.beats)
        if not named and (thing := self.main_thing(state, out)):
            out.add(LineKind.RESOLVED_NO, item=thing)
        if state.time_given is None and not state.open_items:
            out.add(LineKind.PUSH_TIMELINE)
        if declined and not out.beats and farewell:
            out.add(LineKind.HANG_UP)
            out.outcome = Outcome.ABANDONED
        elif declined and not out.beats:
            out.add(LineKind.OPTION_REJECT)

    def _covered(self, state: CallState, out: Direction) -> bool:
        """True when offers with a time have dealt with every part they still want."""
        return (
            (state.offers_seen > 0 or bool(state.wants_met))
            and state.time_given is not None
            and not self.left(state, out)
            and not any(i.open and i.kind is not ItemKind.COMPLAINT for i in _items(state, out))
        )

    # --- what the customer brings up on their own ---------------------------------------

    def _drive(
        self, state: CallState, reading: Reading, out: Direction, rng: random.Random
    ) -> None:
        triggers = self.scene.persona.triggers
        fired = list(state.fired)
        abusive_at = self._limit(triggers.abusive_heat) + (1.5 if state.boundary_set else 0)
        if state.heat >= abusive_at and Move.SET_BOUNDARY not in reading.moves:
            out.add(LineKind.ABUSIVE)
            out.changes["abusive"] = True
            return
        if any(stance(b.kind) > 0 for b in out.beats):
            # A reply that takes what the agent said does not also threaten or demand a
            # manager in the same breath ("By noon, then. Get me your manager.").
            return
        for name, heat, kind in (
            ("manager", triggers.manager_demand_heat, LineKind.DEMAND_MANAGER),
            ("legal", triggers.legal_threat_heat, LineKind.THREAT_LEGAL),
            ("review", triggers.review_threat_heat, LineKind.THREAT_REVIEW),
            ("cancel", triggers.cancel_heat, LineKind.CANCEL_NOTICE),
        ):
            if name not in fired and state.heat >= self._limit(heat):
                out.add(kind)
                out.changes["fired"] = (*fired, name)
                return
        if out.beats and rng.random() < 0.5:
            return
        self._habit(state, reading, out, rng)

    def _habit(
        self, state: CallState, reading: Reading, out: Direction, rng: random.Random
    ) -> None:
        habits, scenario = self.scene.habits, self.scene.scenario
        fired = list(state.fired)
        if habits.pushes_for_time and state.time_given is None and state.turn >= 2:
            out.add(LineKind.PUSH_TIMELINE)
        elif habits.cites_earlier_calls and "history" not in fired and state.turn >= 1:
            out.add(LineKind.EARLIER_CALLS)
            out.changes["fired"] = (*fired, "history")
        elif habits.stacks_grievances and rng.random() < 0.6:
            told = out.changes.get("revealed", state.revealed)  # this reply's reveal too
            told = tuple(told) if isinstance(told, tuple | list) else state.revealed
            unrevealed = [f for f in scenario.facts if f.id not in told]
            returning = state.grievances and (not unrevealed or rng.random() < 0.5)
            if returning and (grievance := self._complaint(state, out)):
                out.add(LineKind.GRIEVANCE_RETURN, grievance=grievance)
            elif unrevealed:  # raised as a complaint item when it is said (the engine's _after)
                fact = unrevealed[0]
                out.add(LineKind.GRIEVANCE_STACK, grievance=fact.text)
                out.changes["revealed"] = (*told, fact.id)
        elif habits.demands_exceptions and "exception" not in fired and state.turn >= 2:
            out.add(LineKind.ASK_EXCEPTION)
            out.changes["fired"] = (*fired, "exception")
        elif (
            habits.challenges_competence
            and state.heat >= 5
            and not SELF_NEW.search(reading.text)  # told already: asking would not listen
            and rng.random() < 0.35
        ):
            out.add(LineKind.CHALLENGE_COMPETENCE)


def _adds_to(
    declined: Declined | None, state: CallState, reading: Reading | None, left: list[int]
) -> bool:
    """True when an offer now holds more than the one turned down: a part, a time, an owner.

    Or the customer is not who turned it down: calmer by ``CALMER`` since, they weigh it
    afresh; or they have let go of a part they asked for then (``left``: the parts they
    still ask for). ``state`` is the call with this turn's parts, time and mood in it; ``reading``
    the turn (None for a turn that offers nothing of its own, a goodbye).
    """
    if declined is None or state.heat <= declined.heat - CALMER:
        return True
    if set(left) < set(declined.wanting):
        return True
    owner = reading is not None and bool(OWNER.search(reading.text))
    return (
        bool(set(state.wants_met) - set(declined.met))
        or (state.time_given is not None and state.time_given != declined.time)
        or (owner and not declined.owner)
    )


def _taken_with_a_sneer(reading: Reading, reaction: Direction, answer: Direction) -> bool:
    """True when the answer would go along with a turn the customer is offended by.

    A plan said with a sneer is not taken in the same breath as the customer's reply to the
    sneer; the agent puts it again, civilly, and it is weighed then.
    """
    offended = any(stance(b.kind) < 0 for b in reaction.beats)
    going_along = any(stance(b.kind) > 0 for b in answer.beats)
    return reading.detection.unprofessional and offended and going_along


POINTED = 1
"""Keywords of a fact a question with a question word names for even a wary caller to answer."""
CHECK_WORDS = 4
_ANY_WH = re.compile(r"\b(?:who|what|when|where|which|why|how)\b")
"""A question this short with no question word can only check what it names."""


def _fragment(question: str) -> bool:
    """True for a question of a few words with no question word or yes/no verb ("Friday?")."""
    form = question_form(question)
    return len(question.split()) <= CHECK_WORDS and not (
        CLOSED_QUESTION.search(form) or WH_QUESTION.search(form) or _ANY_WH.search(question)
    )


def _asked_last(reading: Reading) -> bool:
    """True when the turn ends asking what they want, after any step or time it put.

    "I'll file a dispute now. What do you need to happen before Monday?" asks: a time inside
    the question ("before Monday") is part of what it asks, not a time put to them.
    """
    spans, text = reading.detection.spans, reading.text
    asked = max((start for start, _ in spans.get(Move.CLARIFY_OUTCOME, ())), default=-1)
    if asked < 0:
        return False
    opens = max(text.rfind(mark, 0, asked) for mark in ".!?") + 1
    ends = text.find("?", asked)
    ends = len(text) if ends < 0 else ends
    plans = [start for start, _ in spans.get(Move.ACTION_PLAN, ())]
    times = [start for start, _ in spans.get(Move.SET_TIMELINE, ())]
    return all(start < opens for start in plans) and all(
        start < opens or start < ends for start in times
    )


_ABOUT_WHAT_HAPPENED = re.compile(
    r"^(?:.*[.:;,!?-] )?(?:(?:and|so|ok|okay)[,]? )?(?:who|what|which|where)\b[^?]*\b(?:did|was|were|"
    r"told|said|gave|sent|called|came)\b|^(?:.*[.:;,!?-] )?(?:(?:and|so|ok|okay)[,]? )?(?:was|"
    r"were|did|is|are) (?:it|that|this|they|he|she|someone|anyone)\b"
)
"""An either/or about what happened ("was it the dentist or the front desk?", "who told
you, the dentist or the desk?"), not a choice of what to have."""


def _asks_of_them(reading: Reading) -> bool:
    """True for a turn that asks the customer to check something or about what they did.

    "Have you sent us your declaration?" beside a passing offer is a question to answer,
    not a plan to accept; with a plan put to them, the offer is what counts (a time alone
    is a promise, not a plan).
    """
    asked = reading.do_now or reading.about_self or _asks_outright(reading)
    return asked and Move.ACTION_PLAN not in reading.moves


def _asks_outright(reading: Reading) -> bool:
    """True for a turn that puts a question of its own to the customer, not a yes to seek.

    "I'll get this sorted today. Is anything unsafe right now?" asks something: a promise
    with a time is not a plan, and a person answers what they were just asked. A proposal,
    an either/or and "anything else?" are what the turn offers, and weighed as such.
    """
    return bool(reading.questions) and not (
        reading.proposal or reading.choice or reading.closing_check
    )


def _plan(out: Direction) -> None:
    """Make the beats one reply that fits together.

    At most one filler and none beside a push-back, an insult first or not after going
    along, and no more than ``MAX_BEATS``.
    """
    beats = out.beats
    if len(beats) > 1:
        beats = [b for b in beats if b.kind is not LineKind.NEUTRAL]
    if any(stance(b.kind) < 0 for b in beats):
        beats = [b for b in beats if b.kind not in FILLERS] or beats[:1]
    if any(b.kind is LineKind.CONFIRM for b in beats):
        # "Yeah. It's been a long morning. Yep, correct." says yes twice: the yes answers.
        beats = [b for b in beats if b.kind is not LineKind.EMPATHY_OK]
    fillers = [b for b in beats if b.kind in FILLERS]
    beats = [b for b in beats if b.kind not in FILLERS or b is fillers[0]]
    if any(b.kind is LineKind.UNANSWERED for b in beats):
        # Their question asked again is the demand: a second demand beside it ("Don't
        # ignore it. What can you offer me? ... I'd expect an exception.") asks it twice.
        beats = [b for b in beats if b.kind not in DEMANDS_AGAIN]
    asking = [i for i, b in enumerate(beats) if b.kind in ASKING]
    if asking and any(b.kind in ANSWERING for b in beats[asking[0] + 1 :]):
        # An answer after the customer's own question reads as answering it themselves
        # ("Do you know what you're doing? I don't know."): the answer comes first.
        head = beats[: asking[0]]
        rest = beats[asking[0] :]
        beats = (
            head
            + [b for b in rest if b.kind in ANSWERING]
            + [b for b in rest if b.kind not in ANSWERING]
        )
    abuse = [b for b in beats if b.kind is LineKind.ABUSIVE]
    if abuse and beats[0].kind is not LineKind.ABUSIVE:
        beats = [*abuse, *(b for b in beats if b.kind is not LineKind.ABUSIVE)]
    out.beats = beats[:MAX_BEATS]
