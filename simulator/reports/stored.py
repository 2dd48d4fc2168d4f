"""A stored call as one reviewed call: read it, grade it, override a step of it.

Storage keeps the machine report, the overrides and the comments as typed records; this
module puts them together as a :class:`ReviewedCall` (which does all the scoring) and
writes back the summary lists and dashboards read. Every reader of a stored call (the
CLI's ``show`` and the exports, the Practice and Review pages) comes through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.grading.report import GradeReport
from simulator.grading.reviewed import ReviewedCall
from simulator.storage import SessionRecord, Store
from simulator.storage.coaching import add_override, comments, overrides


@dataclass(frozen=True)
class StoredCall:
    """A stored call: its record (who, when, mood trace) and the reviewed call."""

    record: SessionRecord
    reviewed: ReviewedCall

    @property
    def title(self) -> str:
        """A one-line title."""
        r = self.record
        return f"Call {r.id}: {r.trainee}, {r.persona} / {r.scenario}"


def reviewed(store: Store, record: SessionRecord) -> ReviewedCall:
    """The reviewed call over a stored record: its grade, overrides and comments."""
    return ReviewedCall(
        transcript=record.transcript(),
        report=record.grade,
        overrides=overrides(store, record.id),
        comments=comments(store, record.id),
    )


def load_call(store: Store, session_id: str) -> StoredCall:
    """A stored call by id (or unique prefix), reviewed."""
    record = store.load(session_id)
    return StoredCall(record, reviewed(store, record))


def save_grade(store: Store, session_id: str, grader: str, report: GradeReport) -> ReviewedCall:
    """Store a machine grade; overrides already made still apply to it."""
    call = reviewed(store, store.load(session_id)).model_copy(update={"report": report})
    summary = call.summary()
    assert summary is not None  # the call has a report now
    store.save_grade(session_id, grader, report, summary)
    return call


def override_step(
    store: Store, session_id: str, step: str, coach_score: float, reason: str, coach: str
) -> ReviewedCall:
    """A coach corrects one step's score (a ReviewError when it cannot apply)."""
    call = reviewed(store, store.load(session_id))
    updated = call.with_override(call.override(step, coach_score, reason, coach))
    summary = updated.summary()
    assert summary is not None  # override() refuses a call without a grade
    add_override(store, session_id, updated.overrides[-1], summary)
    return updated
