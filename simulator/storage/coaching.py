"""What coaches add to stored calls: comments, score overrides, drills and their schedules.

Functions over a :class:`Store`; the web app and the tests call these, never SQL directly.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import false, func, or_, select, true

from simulator.grading.reviewed import CoachComment, ScoreOverride, ScoreSummary
from simulator.models.content import StepId
from simulator.storage.schema import (
    Assignment,
    CallSession,
    CoachTeam,
    Comment,
    Drill,
    Override,
    Team,
    Trainee,
    now,
)
from simulator.storage.store import (
    CallRow,
    StorageError,
    Store,
    call_rows,
    calls_query,
    write_summary,
)

REPEATS = ("once", "weekly", "monthly")


# --- comments and overrides ----------------------------------------------------------------


def add_comment(store: Store, session_id: str, turn: int, author: str, text: str) -> None:
    """Attach a coach's comment to one turn."""
    if not text.strip():
        raise StorageError("a comment needs some text")
    with store.transaction() as db:
        db.add(Comment(session_id=session_id, turn=turn, author=author, text=text.strip()))


def comments(store: Store, session_id: str) -> tuple[CoachComment, ...]:
    """Comments on a call, in turn order."""
    with store.reading() as db:
        rows = db.scalars(
            select(Comment)
            .where(Comment.session_id == session_id)
            .order_by(Comment.turn, Comment.id)
        )
        return tuple(
            CoachComment(turn=c.turn, author=c.author, text=c.text, at=c.created_at) for c in rows
        )


def add_override(
    store: Store, session_id: str, override: ScoreOverride, summary: ScoreSummary
) -> None:
    """Save a coach's override and the reviewed call's summary with it applied."""
    with store.transaction() as db:
        db.add(
            Override(
                session_id=session_id,
                step=override.step.value,
                machine_score=override.machine_score,
                coach_score=override.coach_score,
                reason=override.reason,
                coach=override.coach,
            )
        )
        write_summary(db.get_one(CallSession, session_id), summary)


def overrides(store: Store, session_id: str) -> tuple[ScoreOverride, ...]:
    """Every override of a call's steps, oldest first (the latest per step is in force)."""
    with store.reading() as db:
        rows = db.scalars(
            select(Override).where(Override.session_id == session_id).order_by(Override.id)
        )
        return tuple(
            ScoreOverride(
                step=StepId(o.step),
                machine_score=o.machine_score,
                coach_score=o.coach_score,
                reason=o.reason,
                coach=o.coach,
                at=o.created_at,
            )
            for o in rows
        )


def feedback_marks(store: Store, session_ids: list[str]) -> dict[str, str]:
    """For each call with coach feedback: "new" or "seen".

    "new" when a comment or an override came after the trainee last opened the call's
    report. Calls without comments or overrides are left out.
    """
    if not session_ids:
        return {}
    latest: dict[str, datetime] = {}
    with store.reading() as db:
        for table in (Comment, Override):
            for sid, at in db.execute(
                select(table.session_id, func.max(table.created_at))
                .where(table.session_id.in_(session_ids))
                .group_by(table.session_id)
            ):
                latest[sid] = max(at, latest.get(sid, at))
        seen: dict[str, datetime | None] = {}
        for sid, opened in db.execute(
            select(CallSession.id, CallSession.feedback_seen_at).where(
                CallSession.id.in_(list(latest))
            )
        ):
            seen[sid] = opened
    marks = {}
    for sid, at in latest.items():
        opened = seen.get(sid)
        marks[sid] = "new" if opened is None or opened < at else "seen"
    return marks


def mark_feedback_seen(store: Store, session_id: str) -> None:
    """The trainee has opened this call's report: its feedback so far is no longer new."""
    with store.transaction() as db:
        call = db.get(CallSession, session_id)
        if call is not None:
            call.feedback_seen_at = now()


# --- people ----------------------------------------------------------------------------


def teams(store: Store) -> list[str]:
    """Every team's name."""
    with store.reading() as db:
        return list(db.scalars(select(Team.name).order_by(Team.name)))


def trainees(store: Store, team: str | None = None) -> list[str]:
    """Trainee names, optionally of one team."""
    query = select(Trainee.name).where(Trainee.role == "trainee").order_by(Trainee.name)
    if team:
        query = query.join(Team, Team.id == Trainee.team_id).where(Team.name == team)
    with store.reading() as db:
        return list(db.scalars(query))


def set_coach_teams(store: Store, coach: str, names: list[str]) -> list[str]:
    """Replace the teams a coach looks after, chosen from existing teams.

    An unknown team is refused (AccountError naming the teams), never created: a typo must
    not make an empty team. Returns the teams' names as stored.
    """
    from simulator.storage.accounts import existing_team  # noqa: PLC0415

    with store.transaction() as db:
        rows = [existing_team(db, name) for name in names]
        for row in db.scalars(select(CoachTeam).where(CoachTeam.coach == coach)):
            db.delete(row)
        db.flush()
        for team in dict.fromkeys(rows):
            db.add(CoachTeam(coach=coach, team_id=team.id))
        return [team.name for team in dict.fromkeys(rows)]


def coach_teams(store: Store, coach: str) -> list[str]:
    """The teams a coach looks after (empty: not set, so every team)."""
    with store.reading() as db:
        return list(
            db.scalars(
                select(Team.name)
                .join(CoachTeam, CoachTeam.team_id == Team.id)
                .where(CoachTeam.coach == coach)
                .order_by(Team.name)
            )
        )


# --- calls for lists and dashboards ------------------------------------------------------


def calls(
    store: Store,
    *,
    trainee: str | None = None,
    trainee_matching: str | None = None,
    teams_in: list[str] | None = None,
    persona: str | None = None,
    scenario: str | None = None,
    since: date | None = None,
    until: date | None = None,
    min_score: float | None = None,
    max_score: float | None = None,
    limit: int | None = None,
) -> list[CallRow]:
    """Calls with their scores, newest first, filtered as a coach or a trainee asks.

    ``teams_in`` limits the calls to those teams (None: every team). ``trainee`` is one
    person's exact name (their own progress); ``trainee_matching`` finds
    every trainee whose name contains it, in any case (a coach typing "ana" finds "Ana Ruiz").
    """
    query = calls_query()
    if trainee:
        query = query.where(Trainee.name == trainee)
    if trainee_matching:
        escaped = re.sub(r"([/%_])", r"/\1", trainee_matching)  # % and _ are literal
        query = query.where(Trainee.name.ilike(f"%{escaped}%", escape="/"))
    if teams_in is not None:  # an empty list is no team: a coach with none sees nothing
        query = query.where(Team.name.in_(teams_in))
    if persona:
        query = query.where(CallSession.persona == persona)
    if scenario:
        query = query.where(CallSession.scenario == scenario)
    if since:
        query = query.where(CallSession.started_at >= datetime.combine(since, datetime.min.time()))
    if until:
        query = query.where(
            CallSession.started_at
            < datetime.combine(until, datetime.min.time()) + timedelta(days=1)
        )
    if min_score is not None:
        query = query.where(CallSession.total >= min_score)
    if max_score is not None:
        query = query.where(CallSession.total <= max_score)
    if limit:
        query = query.limit(limit)
    with store.reading() as db:
        return call_rows(db, query)


# --- drills ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrillStatus:
    """Where one trainee stands on one drill in its current period."""

    id: int
    title: str
    pairs: list[tuple[str, str]]
    difficulty: int
    pass_mark: float
    due: date
    """The due date of the current period (the drill's own date for a one-off)."""
    repeat: str
    hints_allowed: bool
    done: list[tuple[str, str]]
    """Pairs practised (and graded) this period."""
    best: float | None

    @property
    def complete(self) -> bool:
        """Every pair practised this period."""
        return all(pair in self.done for pair in self.pairs)

    @property
    def passed(self) -> bool:
        """Complete, with every pair's best score at or above the pass mark."""
        return self.complete and self.best is not None and self.best >= self.pass_mark

    @property
    def overdue(self) -> bool:
        """Past due and not complete."""
        return not self.complete and self.due < date.today()


def create_drill(
    store: Store,
    *,
    title: str,
    pairs: list[tuple[str, str]],
    difficulty: int,
    pass_mark: float,
    due: date,
    repeat: str,
    hints_allowed: bool,
    created_by: str,
) -> int:
    """Save a drill; return its id."""
    if not title.strip():
        raise StorageError("a drill needs a title")
    if not pairs:
        raise StorageError("a drill needs at least one persona and scenario pair")
    if repeat not in REPEATS:
        raise StorageError(f"repeat must be one of {', '.join(REPEATS)}, got {repeat!r}")
    with store.transaction() as db:
        drill = Drill(
            title=title.strip(),
            pairs=[list(p) for p in pairs],
            difficulty=difficulty,
            pass_mark=pass_mark,
            due=due,
            repeat=repeat,
            hints_allowed=hints_allowed,
            created_by=created_by,
        )
        db.add(drill)
        db.flush()
        return drill.id


def assign(
    store: Store, drill_id: int, *, trainee: str | None = None, team: str | None = None
) -> None:
    """Give a drill to one trainee or to every member of a team."""
    if (trainee is None) == (team is None):
        raise StorageError("assign a drill to a trainee or to a team")
    with store.transaction() as db:
        if team is not None:
            db.add(Assignment(drill_id=drill_id, team_id=store.team_row(db, team).id))
        elif trainee is not None:
            person = store.trainee_row(db, trainee)
            db.add(Assignment(drill_id=drill_id, trainee_id=person.id))


def current_period(due: date, repeat: str, today: date | None = None) -> tuple[date, date]:
    """The (start, due) of the period a repeating drill is in today."""
    today = today or date.today()
    if repeat == "once":
        return date.min, due
    if repeat == "weekly":
        step = timedelta(days=7)
        while due < today:
            due += step
        return due - step, due
    while due < today:
        due = _add_month(due)
    return _add_month(due, -1), due


def _add_month(day: date, months: int = 1) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def drills_for(store: Store, trainee: str, today: date | None = None) -> list[DrillStatus]:
    """Every drill assigned to a trainee (directly or through their team), with status."""
    with store.reading() as db:
        person = db.scalar(select(Trainee).where(Trainee.name == trainee))
        if person is None:
            return []
        drills = db.scalars(
            select(Drill)
            .join(Assignment, Assignment.drill_id == Drill.id)
            .where(
                or_(
                    Assignment.trainee_id == person.id,
                    Assignment.team_id == person.team_id if person.team_id else false(),
                )
            )
            .distinct()
            .order_by(Drill.due, Drill.id)
        ).all()
        statuses = []
        for drill in drills:
            start, due = current_period(drill.due, drill.repeat, today)
            attempts = db.execute(
                select(CallSession.persona, CallSession.scenario, CallSession.total).where(
                    CallSession.trainee_id == person.id,
                    CallSession.drill_id == drill.id,
                    CallSession.total.is_not(None),
                    CallSession.started_at >= datetime.combine(start, datetime.min.time())
                    if start > date.min
                    else true(),
                )
            ).all()
            pairs = [tuple(p) for p in drill.pairs]
            best_per_pair: dict[tuple[str, str], float] = {}
            for persona, scenario, total in attempts:
                pair = (persona, scenario)
                best_per_pair[pair] = max(best_per_pair.get(pair, 0.0), float(total or 0.0))
            done = [p for p in pairs if p in best_per_pair]
            statuses.append(
                DrillStatus(
                    id=drill.id,
                    title=drill.title,
                    pairs=pairs,  # type: ignore[arg-type]
                    difficulty=drill.difficulty,
                    pass_mark=drill.pass_mark,
                    due=due,
                    repeat=drill.repeat,
                    hints_allowed=drill.hints_allowed,
                    done=done,
                    best=min(best_per_pair[p] for p in done) if done else None,
                )
            )
        return statuses


def drill_completion(
    store: Store, today: date | None = None, teams_in: list[str] | None = None
) -> list[dict[str, Any]]:
    """One row per assigned trainee and drill: complete, passed, due, overdue.

    ``teams_in`` keeps the trainees of those teams (None: everyone), as the dashboard's
    filter does for its charts.
    """
    rows = []
    names = (
        trainees(store)
        if teams_in is None
        else sorted({n for team in teams_in for n in trainees(store, team)})
    )
    for name in names:
        for status in drills_for(store, name, today):
            rows.append(
                {
                    "trainee": name,
                    "drill": status.title,
                    "due": status.due,
                    "done": f"{len(status.done)}/{len(status.pairs)}",
                    "complete": status.complete,
                    "passed": status.passed,
                    "overdue": status.overdue,
                }
            )
    return rows
