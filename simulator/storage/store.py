"""The Store: every read and write the CLI and the web app make, one commit per step.

A trainee turn is committed before the customer's reply is made, so killing the process
at any moment loses nothing already typed; the reply, the mood and the engine state are
committed together afterwards. SQLite runs in WAL mode with a busy timeout, so two
trainees practising at once neither block nor corrupt each other.
"""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, Select, create_engine, event, func, or_, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from simulator.grading.report import GradeReport
from simulator.grading.reviewed import ScoreSummary
from simulator.models.transcript import CallLog, Transcript, Turn
from simulator.storage.config import data_dir, database_url, describe_url
from simulator.storage.schema import CallLogRow, CallSession, GradeRow, Team, Trainee, TurnRow, now

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 15_000
LEASE_SECONDS = 15 * 60.0
"""How long a call stays held by the process playing it without a new turn."""
Named = TypeVar("Named", Team, Trainee)


class StorageError(Exception):
    """A database that cannot be opened or a record that does not exist; one line."""


class LeaseLost(StorageError):
    """Another window or terminal holds the call now (see Store.take_lease)."""


@dataclass(frozen=True)
class TurnRecord:
    """One stored utterance."""

    number: int
    speaker: str
    text: str
    moves: list[str] | None
    heat: float | None
    trust: float | None
    reasons: list[str] | None


@dataclass(frozen=True)
class SessionRecord:
    """A stored call: setup, state, turns, call log and the latest machine grade.

    Coach overrides and comments are read with :mod:`simulator.storage.coaching`; the
    scores a reader shows come from the reviewed call built over all of them.
    """

    id: str
    trainee: str
    team: str | None
    persona: str
    scenario: str
    difficulty: int
    seed: int
    actor: str
    max_turns: int
    started_at: datetime
    ended_at: datetime | None
    outcome: str | None
    turns_taken: int
    heat_start: float
    heat_end: float
    state: dict[str, Any]
    notes: list[str]
    usage: dict[str, Any] | None
    turns: list[TurnRecord]
    call_log: CallLog | None
    grade: GradeReport | None

    @property
    def pending_turn(self) -> TurnRecord | None:
        """A trainee turn saved before its reply was made (the process stopped in between)."""
        last = self.turns[-1] if self.turns else None
        return last if last is not None and last.speaker == "agent" and last.moves is None else None

    def transcript(self) -> Transcript:
        """The call as a transcript for the grader."""
        return Transcript(
            id=self.id,
            persona=self.persona,
            scenario=self.scenario,
            turns=[Turn(speaker=t.speaker, text=t.text) for t in self.turns],
            call_log=self.call_log,
        )


@dataclass(frozen=True)
class CallRow:
    """One call in a list: setup, outcome and the stored score summary."""

    id: str
    trainee: str
    team: str | None
    persona: str
    scenario: str
    difficulty: int
    started_at: datetime
    outcome: str | None
    turns: int
    heat_start: float
    heat_end: float
    total: float | None
    """The total that counts (coach overrides applied); None before grading."""
    machine_total: float | None
    coach_total: float | None
    """None while no coach changed a step."""
    steps: dict[str, float]
    anti_patterns: list[str]
    drill_id: int | None
    branch_of: str | None


def _held(db: Session, session_id: str, owner: str, seconds: float, replacing: str | None) -> bool:
    """Take or renew ``owner``'s hold on a call in ``db``'s transaction; False if held."""
    at = now()
    free = [
        CallSession.lease_owner.is_(None),
        CallSession.lease_owner == owner,
        CallSession.lease_until < at,
    ]
    if replacing is not None:
        free.append(CallSession.lease_owner == replacing)
    result = db.execute(
        update(CallSession)
        .where(CallSession.id == session_id, or_(*free))
        .values(lease_owner=owner, lease_until=at + timedelta(seconds=seconds))
    )
    return bool(getattr(result, "rowcount", 0))


def _created(db: Session, row: Named) -> Named:
    """Insert a new team or trainee row, or the row of that name another writer just inserted.

    On PostgreSQL two transactions can both find no row of that name and both insert one
    (two trainees of a new team starting calls at once); the second then fails on the name's
    unique index. The insert runs in a savepoint, so that failure is undone alone and the
    other writer's row, committed by then, is read instead. SQLite takes the write lock at
    BEGIN, so there the race cannot happen.
    """
    try:
        with db.begin_nested():
            db.add(row)
            db.flush()
    except IntegrityError:
        model = type(row)
        found = db.scalar(select(model).where(model.name == row.name))
        if found is None:  # not a name clash after all
            raise
        return found
    return row


def call_rows(db: Session, query: Select[CallSession, str, str]) -> list[CallRow]:
    """The rows of a (session, trainee name, team name) query as call rows."""
    return [
        CallRow(
            id=call.id,
            trainee=name,
            team=team,
            persona=call.persona,
            scenario=call.scenario,
            difficulty=call.difficulty,
            started_at=call.started_at,
            outcome=call.outcome,
            turns=call.turns,
            heat_start=call.heat_start,
            heat_end=call.heat_end,
            total=call.total,
            machine_total=call.machine_total,
            coach_total=call.coach_total,
            steps=call.step_scores or {},
            anti_patterns=call.anti_patterns or [],
            drill_id=call.drill_id,
            branch_of=call.branch_of,
        )
        for call, name, team in db.execute(query)
    ]


def calls_query() -> Select[CallSession, str, str]:
    """Every call with its trainee's and team's names, newest first."""
    return (
        select(CallSession, Trainee.name, Team.name)
        .join(Trainee, Trainee.id == CallSession.trainee_id)
        .outerjoin(Team, Team.id == Trainee.team_id)
        .order_by(CallSession.started_at.desc(), CallSession.id)
    )


def write_summary(call: CallSession, summary: ScoreSummary) -> None:
    """Copy a reviewed call's score summary onto its session row (lists read it from there)."""
    call.total = summary.total
    call.machine_total = summary.machine_total
    call.coach_total = summary.coach_total
    call.step_scores = dict(summary.step_scores)
    call.anti_patterns = list(summary.anti_patterns)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event starts transactions
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # Take the write lock at the start of a transaction, so two writers queue on the
    # busy timeout instead of failing with "database is locked" halfway through.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _private(path: Path) -> None:
    """Create the database's folder (0700) and file (0600) readable by this user only.

    Files that already exist keep the permissions their owner gave them, except the default
    data folder, which Defuse owns.
    """
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
    elif folder == data_dir() and folder.stat().st_mode & 0o077:
        folder.chmod(0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def open_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and its folder created."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError(
            f"cannot read the database URL {url!r}; expected e.g. sqlite:///path/defuse.db "
            "or postgresql+psycopg://user@host/db"
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StorageError(
            f"the database URL (DEFUSE_DATABASE_URL) names {parsed.get_backend_name()!r}, which "
            "Defuse does not support; expected sqlite:///path/defuse.db or "
            "postgresql+psycopg://user@host/db"
        )
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database).expanduser()
        folder = path.parent
        try:
            _private(path)
        except OSError as exc:
            raise StorageError(
                f"cannot open the database {describe_url(url)}: cannot create {folder} "
                f"({exc.strerror})"
            ) from None
    try:
        engine = create_engine(
            url,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000} if sqlite else {},
            pool_pre_ping=not sqlite,
        )
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StorageError(
            f"no driver for {parsed.drivername} ({exc}); for PostgreSQL run "
            "pip install 'defuse[postgres]'"
        ) from None
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Serialise migrations between processes opening the same database."""
    if engine.dialect.name == "sqlite" and engine.url.database:
        lock_path = Path(engine.url.database).expanduser().with_suffix(".migrate.lock")
        with lock_path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    elif engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(724601)"))
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(724601)"))
                conn.commit()
    else:
        yield


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (a no-op when it is already there)."""
    # Alembic is imported here, not at the top: commands that never open a database start
    # faster (about 0.3 s of imports).
    from alembic import command  # noqa: PLC0415
    from alembic.config import Config  # noqa: PLC0415
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415
    from alembic.script import ScriptDirectory  # noqa: PLC0415
    from alembic.util import CommandError  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return
    if current is not None:
        try:
            script.get_revision(current)
        except CommandError:
            raise StorageError(
                f"the database {describe_url(str(engine.url))} was written by a newer version "
                f"of Defuse (schema {current}; this version knows up to {head}); "
                "upgrade Defuse or point DEFUSE_DATABASE_URL at another database"
            ) from None
    with _migration_lock(engine), engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def new_session_id() -> str:
    """A short random id, easy to type after --resume."""
    return uuid.uuid4().hex[:12]


class Store:
    """Reads and writes for one database."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        self.engine = open_engine(self.url)
        try:
            migrate(self.engine)
        except (OperationalError, DatabaseError) as exc:
            reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
            raise StorageError(
                f"cannot open the database {describe_url(self.url)}: {reason}"
            ) from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # True once an account has been seen: accounts are never all removed (the last
        # admin stays), so open practice, once closed, stays closed for this database.
        self.accounts_seen = False

    @property
    def where(self) -> str:
        """The database as shown to the user."""
        return describe_url(self.url)

    def close(self) -> None:
        """Release connections."""
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in a transaction, committed on leaving (for storage helpers)."""
        with self._sessions() as session, session.begin():
            yield session

    def reading(self) -> Session:
        """A session for reads (use as a context manager)."""
        return self._sessions()

    # --- people --------------------------------------------------------------------------

    @staticmethod
    def team_row(db: Session, name: str) -> Team:
        """The team called ``name`` in ``db``, created when new."""
        team = db.scalar(select(Team).where(Team.name == name))
        return team if team is not None else _created(db, Team(name=name))

    def trainee_row(self, db: Session, name: str, team: str | None = None) -> Trainee:
        """The trainee called ``name`` in ``db``, created (with their team) when new."""
        trainee = db.scalar(select(Trainee).where(Trainee.name == name))
        team_row = self.team_row(db, team) if team else None
        if trainee is None:
            trainee = _created(db, Trainee(name=name, team_id=team_row.id if team_row else None))
        if team_row is not None and trainee.team_id != team_row.id:
            trainee.team_id = team_row.id
        return trainee

    def ensure_trainee(self, name: str, team: str | None = None) -> None:
        """Create a trainee (and team) if new; move them to ``team`` if given."""
        with self.transaction() as db:
            self.trainee_row(db, name, team)

    # --- a call, turn by turn -----------------------------------------------------------

    def create_session(
        self,
        *,
        trainee: str,
        persona: str,
        scenario: str,
        difficulty: int,
        seed: int,
        max_turns: int,
        actor: str,
        opening: str,
        state: dict[str, Any],
        team: str | None = None,
        drill_id: int | None = None,
        branch_of: str | None = None,
        branch_turn: int | None = None,
    ) -> str:
        """Save a new call with the customer's opening line; return its id."""
        session_id = new_session_id()
        heat = float(state["heat"])
        with self.transaction() as db:
            person = self.trainee_row(db, trainee, team)
            db.add(
                CallSession(
                    id=session_id,
                    trainee_id=person.id,
                    persona=persona,
                    scenario=scenario,
                    difficulty=difficulty,
                    seed=seed,
                    actor=actor,
                    max_turns=max_turns,
                    heat_start=heat,
                    heat_end=heat,
                    state=state,
                    notes=[],
                    turns=0,
                    drill_id=drill_id,
                    branch_of=branch_of,
                    branch_turn=branch_turn,
                )
            )
            db.flush()
            db.add(TurnRow(session_id=session_id, number=1, speaker="customer", text=opening))
        return session_id

    def take_lease(
        self,
        session_id: str,
        owner: str,
        seconds: float = LEASE_SECONDS,
        replacing: str | None = None,
    ) -> bool:
        """Hold the call for ``owner`` (or renew its hold); False while another owner holds it.

        ``replacing`` names a holder known to be gone (a process that died), whose hold may
        be taken over. One atomic UPDATE, so two processes racing for a call cannot both win.
        """
        with self.transaction() as db:
            return _held(db, session_id, owner, seconds, replacing)

    def release_lease(self, session_id: str, owner: str) -> None:
        """Let go of the call if ``owner`` holds it."""
        with self.transaction() as db:
            db.execute(
                update(CallSession)
                .where(CallSession.id == session_id, CallSession.lease_owner == owner)
                .values(lease_owner=None, lease_until=None)
            )

    def lease(self, session_id: str) -> tuple[str, datetime] | None:
        """Who holds the call and until when (None when nobody does)."""
        with self._sessions() as db:
            call = db.get(CallSession, session_id)
            if call is None or not call.lease_owner or call.lease_until is None:
                return None
            return call.lease_owner, call.lease_until

    def add_trainee_turn(self, session_id: str, text_: str, owner: str | None = None) -> int:
        """Commit a trainee turn before any reply is made; return its turn number.

        With ``owner``, its hold on the call is renewed in the same transaction, and the turn
        is refused (:class:`LeaseLost`) when another owner holds the call now.
        """
        with self.transaction() as db:
            if owner is not None and not _held(db, session_id, owner, LEASE_SECONDS, None):
                raise LeaseLost(f"session {session_id} is held by another window or terminal")
            number = (
                db.scalar(select(func.max(TurnRow.number)).where(TurnRow.session_id == session_id))
                or 0
            ) + 1
            db.add(TurnRow(session_id=session_id, number=number, speaker="agent", text=text_))
        return number

    def add_reply(
        self,
        session_id: str,
        number: int,
        *,
        moves: list[str],
        heat: float,
        trust: float,
        reasons: list[str],
        reply: str,
        state: dict[str, Any],
        outcome: str | None,
        usage: dict[str, Any] | None = None,
        note: str | None = None,
    ) -> None:
        """Commit the reading of trainee turn ``number``, the reply and the new state.

        The session's LLM usage so far and a note on the turn, when given, are written in
        the same transaction (one commit per reply). Plain UPDATE statements: the call's row
        (its state, notes, usage) is not loaded to be changed.
        """
        quiet = {"synchronize_session": False}
        with self.transaction() as db:
            found = db.execute(
                update(TurnRow)
                .where(TurnRow.session_id == session_id, TurnRow.number == number)
                .values(moves=moves, heat=heat, trust=trust, reasons=reasons)
                .execution_options(**quiet)
            )
            if not getattr(found, "rowcount", 0):
                raise StorageError(f"turn {number} of session {session_id} is not stored")
            if reply:
                db.add(
                    TurnRow(
                        session_id=session_id, number=number + 1, speaker="customer", text=reply
                    )
                )
            values: dict[str, Any] = {"state": state, "turns": int(state["turn"]), "heat_end": heat}
            if outcome is not None:
                values.update(outcome=outcome, ended_at=now())
            if usage is not None:
                values["usage"] = usage
            if note:
                notes = db.scalar(select(CallSession.notes).where(CallSession.id == session_id))
                values["notes"] = [*(notes or []), note]
            db.execute(
                update(CallSession)
                .where(CallSession.id == session_id)
                .values(**values)
                .execution_options(**quiet)
            )

    def end_session(
        self, session_id: str, *, outcome: str, state: dict[str, Any], parting: str = ""
    ) -> None:
        """Record how the call ended, with the customer's parting line if any."""
        with self.transaction() as db:
            call = db.get_one(CallSession, session_id)
            if parting:
                number = (
                    db.scalar(
                        select(func.max(TurnRow.number)).where(TurnRow.session_id == session_id)
                    )
                    or 0
                ) + 1
                db.add(
                    TurnRow(session_id=session_id, number=number, speaker="customer", text=parting)
                )
            call.state = state
            call.outcome = outcome
            call.ended_at = now()
            call.heat_end = float(state["heat"])

    def add_note(self, session_id: str, note: str) -> None:
        """Record something that happened to the session (a fallback, a resume)."""
        with self.transaction() as db:
            call = db.get_one(CallSession, session_id)
            call.notes = [*call.notes, note]

    def save_call_log(self, session_id: str, log: CallLog) -> None:
        """Save (or replace) the trainee's call log."""
        with self.transaction() as db:
            row = db.get(CallLogRow, session_id) or CallLogRow(session_id=session_id)
            for name, value in log.model_dump().items():
                setattr(row, name, value)
            db.add(row)

    def save_grade(
        self, session_id: str, grader: str, report: GradeReport, summary: ScoreSummary
    ) -> None:
        """Save a machine grade and the reviewed call's summary over it (the latest counts)."""
        with self.transaction() as db:
            db.add(
                GradeRow(
                    session_id=session_id,
                    grader=grader,
                    total=report.total,
                    report=report.model_dump(mode="json"),
                )
            )
            write_summary(db.get_one(CallSession, session_id), summary)

    # --- reading back ---------------------------------------------------------------------

    def resolve_id(self, prefix: str) -> str:
        """The full session id for an id or a unique prefix of one."""
        prefix = prefix.strip()
        if not prefix:
            raise StorageError("no session id given; see `defuse history`")
        with self._sessions() as db:
            ids = list(
                db.scalars(
                    select(CallSession.id)
                    .where(CallSession.id.startswith(prefix, autoescape=True))
                    .limit(2)
                )
            )
        if not ids:
            raise StorageError(f"no session {prefix!r} in {self.where}; see `defuse history`")
        if len(ids) > 1:
            raise StorageError(f"session id {prefix!r} is ambiguous; give more characters")
        return ids[0]

    def load(self, session_id: str) -> SessionRecord:
        """A stored call with everything in it."""
        full = self.resolve_id(session_id)
        with self._sessions() as db:
            call = db.get_one(CallSession, full)
            person = db.get_one(Trainee, call.trainee_id)
            team = db.get(Team, person.team_id) if person.team_id else None
            turns = db.scalars(
                select(TurnRow).where(TurnRow.session_id == full).order_by(TurnRow.number)
            )
            log_row = db.get(CallLogRow, full)
            grade = db.scalar(
                select(GradeRow)
                .where(GradeRow.session_id == full)
                .order_by(GradeRow.id.desc())
                .limit(1)
            )
            log = (
                CallLog(**{name: getattr(log_row, name) for name in CallLog.model_fields})
                if log_row
                else None
            )
            return SessionRecord(
                id=call.id,
                trainee=person.name,
                team=team.name if team else None,
                persona=call.persona,
                scenario=call.scenario,
                difficulty=call.difficulty,
                seed=call.seed,
                actor=call.actor,
                max_turns=call.max_turns,
                started_at=call.started_at,
                ended_at=call.ended_at,
                outcome=call.outcome,
                turns_taken=call.turns,
                heat_start=call.heat_start,
                heat_end=call.heat_end,
                state=call.state,
                notes=list(call.notes),
                usage=call.usage,
                turns=[
                    TurnRecord(t.number, t.speaker, t.text, t.moves, t.heat, t.trust, t.reasons)
                    for t in turns
                ],
                call_log=log,
                grade=GradeReport.model_validate(grade.report) if grade else None,
            )

    def history(self, trainee: str | None = None, limit: int = 50) -> list[CallRow]:
        """Recent calls, newest first, optionally for one trainee."""
        query = calls_query().limit(limit)
        if trainee:
            query = query.where(Trainee.name == trainee)
        with self._sessions() as db:
            return call_rows(db, query)


def check(url: str | None = None) -> str:
    """Open the database (creating and migrating it if needed) and return where it is."""
    try:
        store = Store(url)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or type(exc).__name__).splitlines()[0]
        raise StorageError(
            f"cannot open the database {describe_url(url or database_url())}: {reason}"
        ) from None
    where = store.where
    store.close()
    return where
