"""The grade report: every point carries the turn and the quote that earned or cost it."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from simulator.models.content import StepId
from simulator.models.moves import Move

GRADER_VERSION = "rules-1.1"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Frozen):
    """A quote from one turn and what it showed."""

    turn: int
    quote: str
    move: Move | None = None
    note: str = ""


class StepResult(_Frozen):
    """How one of the six steps went."""

    id: StepId
    number: int
    title: str
    weight: float
    assessed: bool
    level: int | None
    level_name: str
    score: float
    """0-100 for this step alone."""
    evidence: list[Evidence]
    missing: list[str]
    """Elements the step looks for that the transcript did not show."""
    rationale: str
    tip: str


class AntiPatternHit(_Frozen):
    """An anti-pattern at one turn, with the better line to say instead."""

    move: Move
    turn: int
    quote: str
    instead: str
    why: str = ""
    note: str = ""


class Flag(_Frozen):
    """A context rule a coach applies, e.g. an escalation that was expected but not made."""

    rule: str
    turn: int
    message: str


class Rewrite(_Frozen):
    """The trainee's own line, done well: same facts, the missing pieces added."""

    turn: int
    original: str
    rewrite: str
    fixes: list[str]


class TurnMoves(_Frozen):
    """The moves the detector found in one agent turn."""

    turn: int
    moves: list[Move]


def weighted_total(scores: Iterable[tuple[float, float]], ceiling: float | None = None) -> float:
    """The grade's one total: the assessed steps' (weight, 0-100 score) pairs, weighted.

    A critical error sets a ceiling the total stays under. The grader uses it for the machine total and the reviewed call for the total after a
    coach's overrides, so the two can never be computed differently.
    """
    pairs = list(scores)
    weight = sum(w for w, _ in pairs)
    total = round(sum(w * score for w, score in pairs) / weight, 1) if weight else 0.0
    return min(total, ceiling) if ceiling is not None else total


class GradeReport(_Frozen):
    """A graded transcript."""

    total: float
    grader: str = GRADER_VERSION
    rubric: str
    rubric_version: str
    persona: str | None = None
    steps: dict[StepId, StepResult]
    anti_patterns: list[AntiPatternHit]
    flags: list[Flag]
    rewrites: list[Rewrite]
    turn_moves: list[TurnMoves]
    ceiling: float | None = None
    """The most this call can total, set by critical errors (see the rubric's costs)."""
    ceiling_reason: str = ""

    @property
    def version(self) -> str:
        """The one label of what produced this grade, shown the same way everywhere."""
        return f"{self.rubric} v{self.rubric_version} \u00b7 grader {self.grader}"

    def to_json(self) -> dict[str, object]:
        """The stable JSON object `defuse grade --format json` prints."""
        data = self.model_dump(mode="json")
        for step in data["steps"].values():
            step["evidence"] = [
                {k: v for k, v in e.items() if k in ("turn", "quote", "move", "note") and v}
                | {"turn": e["turn"], "quote": e["quote"]}
                for e in step["evidence"]
            ]
        return data
