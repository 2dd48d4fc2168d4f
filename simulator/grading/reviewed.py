"""A graded call after review: the machine's report with the coaches' edits inside it.

Like an evaluation score that keeps its edit history, a :class:`ReviewedCall` holds the
machine report unchanged, every coach override (who, why, when) and every comment; the
scores a reader shows are computed here, with the grader's own total function, and
nowhere else. Storage keeps the parts; every renderer reads this view.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from simulator.grading.report import GradeReport, StepResult, weighted_total
from simulator.models.content import StepId
from simulator.models.moves import Move
from simulator.models.transcript import CallLog, Transcript


class ReviewError(ValueError):
    """A coach's edit that cannot apply to this call (no grade, unknown step, bad score)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScoreOverride(_Frozen):
    """A coach's correction of one step; the machine's score at the time stays beside it."""

    step: StepId
    machine_score: float
    coach_score: float
    reason: str
    coach: str
    at: datetime | None = None


class CoachComment(_Frozen):
    """A coach's comment on one turn."""

    turn: int
    author: str
    text: str
    at: datetime | None = None


class ReviewedStep(_Frozen):
    """One step as a reader shows it: the machine's result and the coach's override, if any."""

    result: StepResult
    override: ScoreOverride | None

    @property
    def machine(self) -> float | None:
        """The machine's score (None when the step was not assessed)."""
        return self.result.score if self.result.assessed else None

    @property
    def coach(self) -> float | None:
        """The coach's score, when a coach overrode this step."""
        return self.override.coach_score if self.override else None

    @property
    def counts(self) -> bool:
        """Whether the step counts toward the total (only assessed steps do)."""
        return self.result.assessed


class ScoreSummary(_Frozen):
    """What lists and dashboards need of a reviewed call, stored beside it for fast reads."""

    total: float
    """The total with the coaches' overrides applied (the machine total when there are none)."""
    machine_total: float
    coach_total: float | None
    """None while no coach changed a step that counts."""
    step_scores: dict[str, float]
    """Assessed steps' scores, overrides applied."""
    anti_patterns: list[str]
    """The machine report's anti-pattern moves, one entry per occurrence."""


class ReviewedCall(_Frozen):
    """A stored (or just graded) call: transcript, machine report, overrides, comments."""

    transcript: Transcript
    report: GradeReport | None = None
    overrides: tuple[ScoreOverride, ...] = ()
    """Every override in the order coaches made them; the latest per step counts."""
    comments: tuple[CoachComment, ...] = ()

    @property
    def call_log(self) -> CallLog | None:
        """The call log the trainee filed."""
        return self.transcript.call_log

    @property
    def latest_overrides(self) -> dict[StepId, ScoreOverride]:
        """The override in force for each overridden step."""
        return {o.step: o for o in self.overrides}

    @property
    def steps(self) -> list[ReviewedStep]:
        """The rubric's steps in order, each with its override in force."""
        if self.report is None:
            return []
        latest = self.latest_overrides
        return [
            ReviewedStep(result=result, override=latest.get(step_id))
            for step_id, result in self.report.steps.items()
        ]

    @property
    def machine_total(self) -> float | None:
        """The grader's total, untouched by coaches (None before grading)."""
        return self.report.total if self.report else None

    @property
    def overridden(self) -> bool:
        """Whether a coach override changes a step that counts."""
        return any(s.override is not None and s.counts for s in self.steps)

    @property
    def coach_total(self) -> float | None:
        """The total with the coaches' overrides applied; None when nothing was overridden."""
        return self.total if self.overridden else None

    @property
    def total(self) -> float | None:
        """The total that counts: the grader's total function over the effective scores."""
        if self.report is None:
            return None
        return weighted_total(
            ((s.result.weight, score) for s, score in self._effective()), self.report.ceiling
        )

    def step_scores(self) -> dict[StepId, float]:
        """Each assessed step's score, the coach's where a coach overrode it."""
        return {s.result.id: score for s, score in self._effective()}

    def _effective(self) -> list[tuple[ReviewedStep, float]]:
        return [
            (s, s.coach if s.coach is not None else s.result.score) for s in self.steps if s.counts
        ]

    def moves(self, turn: int) -> list[Move]:
        """The moves the grader found in one turn: the one source every rendering lists."""
        if self.report is None:
            return []
        return next((t.moves for t in self.report.turn_moves if t.turn == turn), [])

    def comments_on(self, turn: int) -> list[CoachComment]:
        """Comments on one turn, in the order they were made."""
        return [c for c in self.comments if c.turn == turn]

    def summary(self) -> ScoreSummary | None:
        """The scores lists and dashboards read (None before grading)."""
        if self.report is None:
            return None
        return ScoreSummary(
            total=self.total or 0.0,
            machine_total=self.report.total,
            coach_total=self.coach_total,
            step_scores={step.value: score for step, score in self.step_scores().items()},
            anti_patterns=[hit.move.value for hit in self.report.anti_patterns],
        )

    def override(
        self, step: str, coach_score: float, reason: str, coach: str, at: datetime | None = None
    ) -> ScoreOverride:
        """A checked override of one step of this call, ready to store."""
        if self.report is None:
            raise ReviewError(f"call {self.transcript.id} has no grade to override yet")
        if not reason.strip():
            raise ReviewError("an override needs a reason, so the trainee can learn from it")
        if not 0 <= coach_score <= 100:
            raise ReviewError(f"a step score runs 0-100, got {coach_score}")
        known = {s.value: s for s in self.report.steps}
        if step not in known:
            raise ReviewError(f"unknown step {step!r}; expected one of {', '.join(known)}")
        return ScoreOverride(
            step=known[step],
            machine_score=self.report.steps[known[step]].score,
            coach_score=coach_score,
            reason=reason.strip(),
            coach=coach,
            at=at,
        )

    def with_override(self, override: ScoreOverride) -> ReviewedCall:
        """This call with one more override."""
        return self.model_copy(update={"overrides": (*self.overrides, override)})


def total_label(call: ReviewedCall, escape: Callable[[str], str] = str) -> str:
    """The headline total, labelled: the machine's, or the coach's with the machine's beside it.

    A cap set by a critical error is named after it; ``escape`` makes that note (which quotes
    the trainee) safe for the page or format it goes into.
    """
    if call.machine_total is None:
        return "Not graded yet"
    capped = call.report.ceiling_reason if call.report and call.report.ceiling_reason else ""
    note = f" \u00b7 {escape(capped)}" if capped else ""
    if call.coach_total is None:
        return f"Total {call.machine_total:g}/100 (machine){note}"
    return (
        f"Total {call.coach_total:g}/100 (coach) \u00b7 machine total "
        f"{call.machine_total:g}/100{note}"
    )
