"""The tables. Changing them means adding a migration under migrations/versions/."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def now() -> datetime:
    """The current time in UTC (stored without a zone)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Declarative base for every table."""


class Team(Base):
    """A group of trainees a coach looks after."""

    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now)


class Trainee(Base):
    """A person who practises (role 'trainee') or reviews (role 'coach')."""

    __tablename__ = "trainees"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    role: Mapped[str] = mapped_column(String(20), default="trainee")
    created_at: Mapped[datetime] = mapped_column(default=now)


class CallSession(Base):
    """One practice call: its setup, its latest engine state and how it ended."""

    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), index=True)
    persona: Mapped[str] = mapped_column(String(64))
    scenario: Mapped[str] = mapped_column(String(64))
    difficulty: Mapped[int]
    seed: Mapped[int]
    actor: Mapped[str] = mapped_column(String(100), default="offline")
    max_turns: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(default=now, index=True)
    ended_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(32))
    turns: Mapped[int] = mapped_column(default=0)
    """Trainee turns taken."""
    heat_start: Mapped[float]
    heat_end: Mapped[float]
    total: Mapped[float | None]
    """The total that counts (coach overrides applied), written from the reviewed call."""
    machine_total: Mapped[float | None]
    """The latest grade's own total."""
    coach_total: Mapped[float | None]
    """The total after coach overrides; None while no coach changed a step."""
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The engine's CallState after the last completed turn."""
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Things that happened to the session itself (actor fell back, resumed...)."""
    drill_id: Mapped[int | None]
    """The drill this call was practised for, if any."""
    branch_of: Mapped[str | None] = mapped_column(String(32))
    """The call this one retries, replayed up to ``branch_turn``."""
    branch_turn: Mapped[int | None]
    step_scores: Mapped[dict[str, float] | None] = mapped_column(JSON)
    """The latest grade's step scores (coach overrides applied), for dashboards."""
    anti_patterns: Mapped[list[str] | None] = mapped_column(JSON)
    """The latest grade's anti-pattern moves, one entry per occurrence."""
    usage: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """LLM tokens and estimated cost of the session (None for the offline actor)."""
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    """The process playing the call now (see Store.take_lease), or None."""
    lease_until: Mapped[datetime | None]
    """When that process's hold on the call lapses unless it renews it."""
    feedback_seen_at: Mapped[datetime | None] = mapped_column(default=None)
    """When the trainee last opened this call's report (coach feedback after it is new)."""


class TurnRow(Base):
    """One utterance. A trainee turn is saved before the reply; its moves and mood after."""

    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("session_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    number: Mapped[int]
    """Position in the transcript, from 1."""
    speaker: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    moves: Mapped[list[str] | None] = mapped_column(JSON)
    heat: Mapped[float | None]
    trust: Mapped[float | None]
    reasons: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=now)


class CallLogRow(Base):
    """The six fields the trainee files after a call."""

    __tablename__ = "call_logs"
    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    trigger: Mapped[str] = mapped_column(Text, default="")
    customer_state: Mapped[str] = mapped_column(Text, default="")
    desired_outcome: Mapped[str] = mapped_column(Text, default="")
    promise_made: Mapped[str] = mapped_column(Text, default="")
    root_cause: Mapped[str] = mapped_column(Text, default="")
    needed_fix: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now)


class GradeRow(Base):
    """A grade report; a session can be regraded, the latest counts."""

    __tablename__ = "grades"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    grader: Mapped[str] = mapped_column(String(40))
    total: Mapped[float]
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=now)


class Comment(Base):
    """A coach's comment on one turn of a call."""

    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    turn: Mapped[int]
    author: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now)


class Override(Base):
    """A coach's correction of one step's score; the machine's score is kept beside it."""

    __tablename__ = "overrides"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[str] = mapped_column(String(40))
    machine_score: Mapped[float]
    coach_score: Mapped[float]
    reason: Mapped[str] = mapped_column(Text)
    coach: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=now)


class Drill(Base):
    """A set of persona and scenario pairs a coach asks trainees to practise."""

    __tablename__ = "drills"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    pairs: Mapped[list[list[str]]] = mapped_column(JSON)
    """[[persona, scenario], ...]"""
    difficulty: Mapped[int]
    pass_mark: Mapped[float]
    due: Mapped[date]
    repeat: Mapped[str] = mapped_column(String(20))
    """once, weekly or monthly."""
    hints_allowed: Mapped[bool]
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=now)
    archived: Mapped[bool] = mapped_column(default=False)
    """An archived drill is kept (its calls still point at it) but no longer assigned."""


class Assignment(Base):
    """A drill given to one trainee or to a whole team."""

    __tablename__ = "assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    drill_id: Mapped[int] = mapped_column(ForeignKey("drills.id", ondelete="CASCADE"))
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("trainees.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    created_at: Mapped[datetime] = mapped_column(default=now)


class CoachTeam(Base):
    """Which teams a coach looks after."""

    __tablename__ = "coach_teams"
    coach: Mapped[str] = mapped_column(String(100), primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), primary_key=True)


class Account(Base):
    """Someone who signs in: a trainee, a coach or an admin (see storage/accounts.py).

    ``username`` is also the name their calls are stored under (the ``trainees`` row of the
    same name holds their team).
    """

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(default=False)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    """Wrong passwords in a row (cleared by a right one)."""
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now)


class SignInSession(Base):
    """A signed-in browser: the hash of the token its cookie holds, until it expires."""

    __tablename__ = "sign_in_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=now)
    expires_at: Mapped[datetime]
