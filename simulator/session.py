"""A practice call bound to storage: what the CLI and the web app drive.

Every trainee turn is committed before the customer's reply is made; the reply, the mood
trace and the engine state are committed together after it. ``Practice.resume`` picks a
call up again, replying first to a turn the process was killed before answering.
"""

from __future__ import annotations

import contextlib
import os
import socket
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from simulator.content import ContentSet
from simulator.grading import GradeReport, grader_for
from simulator.grading.reviewed import ReviewedCall
from simulator.llm.actor import LLMActor, ProviderDown
from simulator.llm.choice import OFFLINE, ActorChoice, LLMError, ModelSpec, parse_choice
from simulator.models.transcript import CallLog
from simulator.models.untrusted import storable_text
from simulator.moves.spelling import warm_up
from simulator.moves.text import MAX_TURN_CHARS
from simulator.practice import CallSetup, CallState, Outcome, PracticeError, SessionEngine
from simulator.practice.actor import TokenSink
from simulator.practice.engine import Hint, TurnResult
from simulator.reports.stored import save_grade
from simulator.storage import SessionRecord, StorageError, Store, journal
from simulator.storage.store import LeaseLost

GRADER_NAME = "rules"
MAX_NAME_CHARS = 100
"""Trainee and team names, as storage keeps them."""


def new_owner() -> str:
    """A claim on a call by this process: host, process id and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _dead(owner: str) -> bool:
    """True when ``owner`` was a process on this machine that no longer runs (killed mid-call)."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


@dataclass
class Practice:
    """One stored practice call and its engine."""

    content: ContentSet
    store: Store
    engine: SessionEngine
    session_id: str
    state: CallState
    opening: str
    heat: list[float]
    """Heat after each trainee turn."""
    choice: ActorChoice = OFFLINE
    """Who was chosen to play the customer (stored with the call; the engine's actor may have
    fallen back to the offline customer since)."""
    last_reply: str = ""
    notice: str | None = None
    """A one-line message for the trainee about the session itself (e.g. the LLM fell over)."""
    owner: str = field(default_factory=new_owner)
    """This process's claim on the call: one live writer per call (Store.take_lease)."""
    kept_lines: int = 0
    """Lines of this call kept in the journal because the database could not take them."""
    unanswered: tuple[int, str] | None = None
    """A saved trainee turn whose answer was cut off (the page reran mid-reply); see
    :meth:`answer_unanswered`."""
    _progress: tuple[tuple[int, bool], GradeReport] | None = field(
        default=None, repr=False, compare=False
    )
    """The live checklist's report and the (turn, ended) it was graded at."""

    def __post_init__(self) -> None:
        warm_up()  # the first chat-style reply should not wait for the spelling data

    @classmethod
    def start(
        cls,
        content: ContentSet,
        store: Store,
        setup: CallSetup,
        trainee: str,
        team: str | None = None,
        actor: ActorChoice = OFFLINE,
        drill_id: int | None = None,
        branch_of: str | None = None,
        branch_turn: int | None = None,
    ) -> Practice:
        """Start a call: the customer's opening line is saved and returned in ``opening``.

        A model that cannot be used raises LLMError before anything is saved.
        """
        # Names are stored like turns: bytes that were not UTF-8 (a login name, an
        # environment variable) as U+FFFD and no control characters, on every database.
        trainee, team = storable_text(trainee), storable_text(team) if team else team
        for label, value in (("trainee name", trainee), ("team name", team or "")):
            if len(value) > MAX_NAME_CHARS:
                raise PracticeError(
                    f"a {label} can be at most {MAX_NAME_CHARS} characters; {len(value)} given"
                )
        warm_up()  # before the opening, which an LLM customer may take seconds over
        engine = SessionEngine(content, setup)
        if isinstance(actor, ModelSpec):
            engine.actor = _llm_actor(content, engine, actor)
        opening, state = engine.start()
        session_id = store.create_session(
            trainee=trainee,
            team=team,
            persona=setup.persona,
            scenario=setup.scenario,
            difficulty=setup.difficulty,
            seed=setup.seed,
            max_turns=setup.max_turns,
            actor=actor.id,
            opening=opening,
            state=state.model_dump(mode="json"),
            drill_id=drill_id,
            branch_of=branch_of,
            branch_turn=branch_turn,
        )
        call = cls(content, store, engine, session_id, state, opening, [], actor)
        store.take_lease(session_id, call.owner)
        return call

    @classmethod
    def branch(cls, content: ContentSet, store: Store, session_id: str, turn: int) -> Practice:
        """Retry a call from trainee turn ``turn``: a new call replaying the turns before it.

        Same persona, case, difficulty, seed and customer (the offline one, or the same
        model), so the customer says the same things up to that point; the trainee then
        answers turn ``turn`` differently.
        """
        record = store.load(session_id)
        said = [t.text for t in record.turns if t.speaker == "agent"]
        if not 1 <= turn <= len(said):
            raise PracticeError(f"turn must be between 1 and {len(said)}, got {turn}")
        setup = CallSetup(
            record.persona, record.scenario, record.difficulty, record.seed, record.max_turns
        )
        call = cls.start(
            content,
            store,
            setup,
            record.trainee,
            record.team,
            parse_choice(record.actor),
            branch_of=record.id,
            branch_turn=turn,
        )
        for text in said[: turn - 1]:
            if call.ended:
                break
            call.say(text)
        return call

    @classmethod
    def resume(
        cls, content: ContentSet, store: Store, session_id: str, *, take_over: bool = False
    ) -> Practice:
        """Pick a stored call up again; a turn saved without its reply is answered now.

        A call held by another live window is refused, unless ``take_over`` (the web page,
        after a reload, asks the trainee first): the lease moves here and the other window's
        next turn is refused, so there is still one writer.
        """
        record = store.load(session_id)
        if record.outcome is not None and record.grade is not None:
            raise PracticeError(
                f"session {record.id} has ended ({record.outcome}) and is graded; see "
                f"`defuse show {record.id}`"
            )
        # An ended call without a grade (stopped while its call log was being filed) resumes
        # straight to the call log, so it can still be graded.
        owner = new_owner()
        held = store.lease(record.id)
        gone = held[0] if held and (take_over or _dead(held[0])) else None
        if not store.take_lease(record.id, owner, replacing=gone):
            until = held[1] if held else None
            when = f" (its hold lapses at {until:%H:%M} UTC)" if until else ""
            raise PracticeError(
                f"session {record.id} is open in another window or terminal{when}; carry on "
                "there, or close it and resume again"
            )
        setup = CallSetup(
            record.persona, record.scenario, record.difficulty, record.seed, record.max_turns
        )
        engine = SessionEngine(content, setup)
        notice = None
        choice = parse_choice(record.actor)
        if isinstance(choice, ModelSpec):
            try:
                llm = _llm_actor(content, engine, choice)
            except LLMError as exc:
                notice = f"{exc}; this call goes on with the offline customer"
            else:
                done = record.turns[:-1] if record.pending_turn else record.turns
                llm.prime([(t.speaker, t.text) for t in done])
                engine.actor = llm
        state = CallState.model_validate(record.state)
        heat = [t.heat for t in record.turns if t.speaker == "agent" and t.heat is not None]
        practice = cls(
            content,
            store,
            engine,
            record.id,
            state,
            record.turns[0].text,
            heat,
            choice,
            owner=owner,
        )
        practice.notice = notice
        practice.last_reply = next(
            (t.text for t in reversed(record.turns) if t.speaker == "customer"), ""
        )
        pending = record.pending_turn
        if pending is not None:
            practice._answer(pending.number, pending.text)
        store.add_note(record.id, f"resumed after turn {practice.state.turn}")
        practice._send_kept()
        return practice

    def _send_kept(self) -> None:
        """Send the lines the journal kept for this call, in order, each dropped once saved."""
        lines = journal.kept(self.session_id)
        sent = 0
        for text in lines:
            if self.ended:
                break
            self.say(text, journal_it=False)  # fails: the rest stay kept for the next resume
            journal.forget(self.session_id, 1)
            sent += 1
        told = []
        if sent:
            self.store.add_note(self.session_id, f"{sent} kept line(s) sent on resume")
            told.append(f"{sent} line(s) kept while the database was unavailable were sent now")
        late = lines[sent:]
        if late:  # the call ended before them: nothing to send them to
            journal.forget(self.session_id, len(late))
            told.append(f"the call ended before {len(late)} kept line(s): " + " | ".join(late))
        if told:
            self.notice = "; ".join([*([self.notice] if self.notice else []), *told])

    @property
    def ended(self) -> bool:
        """True once the call has an outcome."""
        return self.state.ended

    @property
    def outcome(self) -> Outcome | None:
        """How the call ended, if it has."""
        return self.state.outcome

    def say(
        self, text: str, sink: TokenSink | None = None, *, journal_it: bool = True
    ) -> TurnResult:
        """Send one trainee turn: saved first, then answered, then the answer saved.

        With a ``sink``, the customer's reply is passed to it in pieces as it is made
        (the actor's ``stream``).
        """
        if self.ended:
            raise PracticeError("this call has ended; start a new one")
        text = storable_text(text).strip()
        if not text:
            raise PracticeError("say something to the customer (an empty turn is not sent)")
        if len(text) > MAX_TURN_CHARS:
            raise PracticeError(
                f"a reply can be at most {MAX_TURN_CHARS:,} characters and this one has "
                f"{len(text):,}; send it as shorter replies"
            )
        if self.kept_lines:  # earlier lines wait in the journal: keep this one behind them
            raise LineKept(self._keep([text], None))
        try:
            number = self.store.add_trainee_turn(self.session_id, text, self.owner)
        except LeaseLost:
            raise PracticeError(
                f"session {self.session_id} was picked up in another window or terminal; "
                "carry on there (this window's turns so far are saved)"
            ) from None
        except (StorageError, SQLAlchemyError) as exc:
            if not journal_it:  # a kept line sent again: it is still in the journal
                raise LineKept(
                    f"the database still cannot save your lines ({_reason(exc)}); they stay "
                    f"kept in {journal.journal_path(self.session_id)} for the next resume"
                ) from None
            raise LineKept(self._keep([text], exc)) from None
        self.unanswered = (number, text)
        result = self._answer(number, text, sink)
        self.unanswered = None
        return result

    def keep(self, lines: list[str]) -> str:
        """Keep lines not yet sent (the rest of piped input) behind a kept line; the message."""
        return self._keep([storable_text(line).strip() for line in lines if line.strip()], None)

    def _keep(self, lines: list[str], exc: BaseException | None) -> str:
        """Journal ``lines`` the database could not take; the one line to show the trainee."""
        why = "" if exc is None else f"the database could not save your line ({_reason(exc)}); "
        resume = f"defuse practice --resume {self.session_id}"
        try:
            path = journal.keep(self.session_id, lines) if lines else None
        except OSError as disk:
            said = " | ".join(lines)
            return (
                f"{why}it could not be kept on disk either ({disk.strerror or disk}); "
                f"what you typed: {said}"
            )
        self.kept_lines += len(lines)
        where = f"kept in {path}" if path else "kept"
        return f"{why}your line is {where} and is sent first when you resume: {resume}"

    def answer_unanswered(self, sink: TokenSink | None = None) -> TurnResult | None:
        """Answer a trainee turn that was saved but whose reply was cut off, if there is one.

        A web page reruns its script when the trainee sends a line while the customer is
        still "typing"; the interrupted reply never reached the page or the store. The turn
        itself is saved, so it is answered now, before the next one.
        """
        if self.unanswered is None or self.ended:
            return None
        number, text = self.unanswered
        result = self._answer(number, text, sink)
        self.unanswered = None
        return result

    def _answer(self, number: int, text: str, sink: TokenSink | None = None) -> TurnResult:
        try:
            result = self.engine.step(self.state, text, sink)
        except ProviderDown as exc:
            # The turn is saved already; the offline customer answers it and the rest.
            self.engine.actor = self.engine.offline
            self.notice = (
                f"{exc}; the offline customer takes over (resume later with "
                f"`defuse practice --resume {self.session_id}` to use the model again)"
            )
            self.store.add_note(self.session_id, f"turn {self.state.turn + 1}: {self.notice}")
            if sink is not None:
                sink(None)  # drop whatever the model got out before it went down
            result = self.engine.step(self.state, text, sink)
        self.store.add_reply(
            self.session_id,
            number,
            moves=result.trace.moves,
            heat=result.trace.heat,
            trust=result.trace.trust,
            reasons=result.trace.reasons,
            reply=result.reply,
            state=result.state.model_dump(mode="json"),
            outcome=result.state.outcome.value if result.state.outcome else None,
            usage=self.usage(),
            note=f"turn {result.state.turn}: {result.note}" if result.note else None,
        )
        self.state = result.state
        self.heat.append(result.trace.heat)
        self.last_reply = result.reply
        return result

    def end(self) -> str:
        """The trainee ends the call; returns the customer's parting line (may be empty)."""
        if self.ended:
            return ""
        parting, state = self.engine.end(self.state)
        assert state.outcome is not None
        self.store.end_session(
            self.session_id,
            outcome=state.outcome.value,
            state=state.model_dump(mode="json"),
            parting=parting,
        )
        self.state = state
        return parting

    def hint(self) -> Hint:
        """The next move a coach would suggest."""
        return self.engine.hint(self.state)

    def file_log(self, log: CallLog) -> None:
        """Save the trainee's call log (made storable, as turns are)."""
        fields = {name: storable_text(value) for name, value in log.model_dump().items()}
        self.store.save_call_log(self.session_id, CallLog(**fields))

    def record(self) -> SessionRecord:
        """The call as stored."""
        return self.store.load(self.session_id)

    def grade(self) -> ReviewedCall:
        """Grade the call with the rule grader (persona and call log included) and save it."""
        if not self.gradable:
            raise PracticeError(NOTHING_TO_GRADE)
        record = self.record()
        report = grader_for(self.content).grade(
            record.transcript(), persona=record.persona, call_log=record.call_log
        )
        graded = save_grade(self.store, self.session_id, GRADER_NAME, report)
        self.close()
        return graded

    def progress(self) -> GradeReport:
        """The call so far as the rule grader reads it, persona included (nothing is saved).

        The same grader as the final report, so the page's live checklist never disagrees
        with the grade; the call log is not filed yet, so its step waits. Kept until the
        next turn: the page asks on every rerun, and only a turn changes the answer.
        """
        key = (self.state.turn, self.state.ended)
        if self._progress is not None and self._progress[0] == key:
            return self._progress[1]  # a rerun with no new turn: the same report
        record = self.record()
        report = grader_for(self.content).grade(record.transcript(), persona=record.persona)
        self._progress = (key, report)
        return report

    def close(self) -> None:
        """Let go of the call, so it can be resumed elsewhere at once (a paused call)."""
        # If the database is unreachable the hold lapses on its own after LEASE_SECONDS.
        with contextlib.suppress(StorageError, SQLAlchemyError):
            self.store.release_lease(self.session_id, self.owner)

    def usage(self) -> dict[str, Any] | None:
        """LLM tokens and estimated cost so far (None with the offline actor)."""
        usage = getattr(self.engine.actor, "usage", None) or getattr(self, "_llm_usage", None)
        if usage is not None:
            self._llm_usage = usage
            return dict(usage.to_json())
        return None

    @property
    def gradable(self) -> bool:
        """False for a call that ended before the trainee said anything: nothing to grade."""
        return self.state.turn > 0

    def report_json(self, report: GradeReport | None) -> dict[str, Any]:
        """The `defuse practice --report json` object (``grade`` null when nothing was said)."""
        usage = self.usage() or {
            "prompt_tokens": 0,
            "cached_tokens": 0,
            "completion_tokens": 0,
            "cost_usd": 0.0,
        }
        return {
            "session_id": self.session_id,
            "outcome": self.outcome.value if self.outcome else None,
            "turns": self.state.turn,
            "heat": self.heat,
            "grade": report.to_json() if report is not None else None,
            "usage": usage,
        }


class LineKept(PracticeError):
    """A trainee line the database could not take, kept in the journal (the message says where)."""


def _reason(exc: BaseException) -> str:
    """Why a write failed, in words (no SQL, no trainee text)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "it is locked by another program"
    if "full" in text or "no space" in text:
        return "the disk is full"
    if isinstance(exc, StorageError):
        return str(exc).split("\n", 1)[0]
    return "it cannot be reached or written"


NOTHING_TO_GRADE = (
    "the call ended before you said anything, so there is nothing to grade (it is kept as "
    "abandoned); start a new call to practise"
)
NOTHING_TO_GRADE_NOTICE = NOTHING_TO_GRADE[0].upper() + NOTHING_TO_GRADE[1:] + "."
"""The same, as a sentence for the terminal and the page."""


def _llm_actor(content: ContentSet, engine: SessionEngine, spec: ModelSpec) -> LLMActor:
    from simulator.llm.actor import build_actor  # noqa: PLC0415

    return build_actor(content, engine.persona, engine.scenario, engine.offline, spec)
