"""What coaches add to stored calls: comments, score overrides, drills and their schedules.

Functions over a :class:`Store`; the web app and the tests call these, never SQL directly.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import false, func, or_, select, true
from sqlalchemy.orm import Session

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


@dataclass(frozen=True)
class DrillRow:
    """A drill as the coach's list shows it: its settings, who it is assigned to, its reach."""

    id: int
    title: str
    pairs: list[tuple[str, str]]
    difficulty: int
    pass_mark: float
    due: date
    repeat: str
    hints_allowed: bool
    archived: bool
    trainees: list[str]
    teams: list[str]
    reach: int
    """Trainees it is assigned to, directly or through a team, each counted once."""


def save_drill(
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
    trainees: Sequence[str] = (),
    teams: Sequence[str] = (),
    drill_id: int | None = None,
) -> int:
    """Create a drill, or change one (``drill_id``), with its assignments; return its id.

    Everything is checked before anything is written, and the drill and its assignments
    are written in one transaction: a refused drill leaves no drill behind, and a title
    an active drill already has is refused, so a second submit never makes a copy.
    Trainees and teams are chosen from those that exist (AccountError naming them).
    """
    title = title.strip()
    problem = _drill_problem(title, pairs, repeat, difficulty, pass_mark, trainees or teams)
    if problem:
        raise StorageError(problem)
    with store.transaction() as db:
        same = db.scalar(
            select(Drill.id).where(
                func.lower(Drill.title) == title.lower(),
                Drill.archived.is_(False),
                Drill.id != (drill_id or -1),
            )
        )
        if same is not None:
            raise StorageError(f"there is already a drill called {title!r}; edit that one")
        team_rows, people = _assignees(db, trainees, teams)
        drill = db.get(Drill, drill_id) if drill_id is not None else None
        if drill_id is not None and drill is None:
            raise StorageError(f"there is no drill {drill_id}")
        if drill is None:
            drill = Drill(created_by=created_by)
            db.add(drill)
        drill.title, drill.pairs, drill.difficulty = title, [list(p) for p in pairs], difficulty
        drill.pass_mark, drill.due, drill.repeat = pass_mark, due, repeat
        drill.hints_allowed = hints_allowed
        db.flush()
        for old in db.scalars(select(Assignment).where(Assignment.drill_id == drill.id)):
            db.delete(old)
        for team in dict.fromkeys(team_rows):
            db.add(Assignment(drill_id=drill.id, team_id=team.id))
        for person in dict.fromkeys(people):
            db.add(Assignment(drill_id=drill.id, trainee_id=person.id))
        return drill.id


def _drill_problem(
    title: str,
    pairs: list[tuple[str, str]],
    repeat: str,
    difficulty: int,
    pass_mark: float,
    assignees: Sequence[str],
) -> str | None:
    if not title:
        return "a drill needs a title"
    if not pairs:
        return "a drill needs at least one persona and scenario pair"
    if repeat not in REPEATS:
        return f"repeat must be one of {', '.join(REPEATS)}, got {repeat!r}"
    if not 1 <= difficulty <= 3 or not 0 <= pass_mark <= 100:
        return "difficulty is 1-3 and the pass mark 0-100"
    if not assignees:
        return "assign the drill to at least one trainee or team"
    return None


def _assignees(
    db: Session, trainees: Sequence[str], teams: Sequence[str]
) -> tuple[list[Team], list[Trainee]]:
    """Existing teams and trainees by name; AccountError for one that does not exist."""
    from simulator.storage.accounts import AccountError, existing_team  # noqa: PLC0415

    people = []
    for name in trainees:
        person = db.scalar(select(Trainee).where(Trainee.name == name))
        if person is None:
            raise AccountError(f"there is no trainee called {name!r}")
        people.append(person)
    return [existing_team(db, name) for name in teams], people


def archive_drill(store: Store, drill_id: int, archived: bool = True) -> None:
    """Archive a drill (or restore it): trainees no longer see an archived drill as due."""
    with store.transaction() as db:
        drill = db.get(Drill, drill_id)
        if drill is None:
            raise StorageError(f"there is no drill {drill_id}")
        drill.archived = archived


def drill_rows(store: Store, include_archived: bool = False) -> list[DrillRow]:
    """Every drill, soonest due first, with its assignments and how many trainees it reaches.

    Four queries whatever the number of drills: the drills, their assignments, and the
    trainees and teams those name (a query per drill made the coach's page slow down as the
    drills piled up).
    """
    with store.reading() as db:
        query = select(Drill).order_by(Drill.archived, Drill.due, Drill.id)
        if not include_archived:
            query = query.where(Drill.archived.is_(False))
        drills = list(db.scalars(query))
        given: dict[int, list[Assignment]] = {d.id: [] for d in drills}
        if drills:
            for a in db.scalars(select(Assignment).where(Assignment.drill_id.in_(list(given)))):
                given[a.drill_id].append(a)
        team_ids = {a.team_id for v in given.values() for a in v if a.team_id is not None}
        direct_ids = {a.trainee_id for v in given.values() for a in v if a.trainee_id is not None}
        people = (
            db.execute(
                select(Trainee.id, Trainee.name, Trainee.team_id).where(
                    Trainee.id.in_(direct_ids) | Trainee.team_id.in_(team_ids)
                )
            ).all()
            if team_ids or direct_ids
            else []
        )
        names = {p.id: p.name for p in people}
        members: dict[int, set[int]] = {}
        for p in people:
            if p.team_id in team_ids:
                members.setdefault(p.team_id, set()).add(p.id)
        team_names = (
            dict(db.execute(select(Team.id, Team.name).where(Team.id.in_(team_ids))).tuples().all())
            if team_ids
            else {}
        )
        rows = []
        for drill in drills:
            teams = [a.team_id for a in given[drill.id] if a.team_id is not None]
            direct = [a.trainee_id for a in given[drill.id] if a.trainee_id is not None]
            reached = set(direct).union(*(members.get(t, set()) for t in teams))
            rows.append(
                DrillRow(
                    id=drill.id,
                    title=drill.title,
                    pairs=[(p[0], p[1]) for p in drill.pairs],
                    difficulty=drill.difficulty,
                    pass_mark=drill.pass_mark,
                    due=drill.due,
                    repeat=drill.repeat,
                    hints_allowed=drill.hints_allowed,
                    archived=drill.archived,
                    trainees=sorted(names[t] for t in set(direct) if t in names),
                    teams=sorted(team_names[t] for t in set(teams) if t in team_names),
                    reach=len(reached),
                )
            )
        return rows


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
                Drill.archived.is_(False),
                or_(
                    Assignment.trainee_id == person.id,
                    Assignment.team_id == person.team_id if person.team_id else false(),
                ),
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
