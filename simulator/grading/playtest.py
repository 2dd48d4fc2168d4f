"""Grading blind, trainer-scored play-test sets: mean absolute difference and Spearman's rho.

A set is a folder with ``scores.json`` (call name -> persona, case, trainer_score, file,
call_log, ...) beside the transcripts it names. ``dev`` is the shared development set; ``set1``
and ``set2`` are this project's measures (tests/data/playtest/), written by testers who never
saw the code or the content, each scored before the tester saw any grade.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from simulator.grading.grader import Grader
from simulator.grading.transcripts import read_call_log, read_transcript

_ROOT = Path(__file__).resolve().parents[2]
PLAYTEST_SETS: dict[str, Path] = {
    "dev": _ROOT.parent / "shared" / "playtest-dev",
    "set1": _ROOT / "tests" / "data" / "playtest" / "set1",
    "set2": _ROOT / "tests" / "data" / "playtest" / "set2",
    "set3": _ROOT / "tests" / "data" / "playtest" / "set3",
    "set4": _ROOT / "tests" / "data" / "playtest" / "set4",
    "set5": _ROOT / "tests" / "data" / "playtest" / "set5",
    "set6": _ROOT / "tests" / "data" / "playtest" / "set6",
    "calmdev": _ROOT / "tests" / "data" / "playtest" / "calmdev",
    "set7": _ROOT / "tests" / "data" / "playtest" / "set7",
    "playdev": _ROOT / "tests" / "data" / "playtest" / "playdev",
    "playdev2": _ROOT / "tests" / "data" / "playtest" / "playdev2",
    "set8": _ROOT / "tests" / "data" / "playtest" / "set8",
    "set9": _ROOT / "tests" / "data" / "playtest" / "set9",
    "set10": _ROOT / "tests" / "data" / "playtest" / "set10",
    "set11": _ROOT / "tests" / "data" / "playtest" / "set11",
    "set13": _ROOT / "tests" / "data" / "playtest" / "set13",
    "set14": _ROOT / "tests" / "data" / "playtest" / "set14",
}


@dataclass(frozen=True)
class GradedCall:
    """One play-test call: the trainer's score beside the grader's."""

    name: str
    calm: bool
    trainer: float
    grader: float
    weakest: str | None
    weakest_graded: str


@dataclass(frozen=True)
class Summary:
    """How close the grader is to the trainer over one set."""

    n: int
    mae: float
    bias: float
    rho: float
    calm_mae: float
    played_mae: float


def grade_set(name: str, grader: Grader) -> list[GradedCall] | None:
    """Grade every call of a set (None when the set is not on this machine)."""
    folder = PLAYTEST_SETS[name]
    scores = folder / "scores.json"
    if not scores.exists():
        return None
    calls = []
    for call, row in json.loads(scores.read_text(encoding="utf-8")).items():
        transcript = read_transcript(folder / row["file"])
        case = row.get("case")
        if case in grader.content.scenarios:
            transcript = transcript.model_copy(update={"scenario": case})
        log = read_call_log(folder / row["call_log"]) if row.get("call_log") else None
        report = grader.grade(transcript, persona=row.get("persona"), call_log=log)
        assessed = [(r.score, s.value) for s, r in report.steps.items() if r.assessed]
        calls.append(
            GradedCall(
                name=call,
                calm=str(row.get("trainee", "")).startswith("calm"),
                trainer=float(row["trainer_score"]),
                grader=report.total,
                weakest=row.get("weakest"),
                weakest_graded=min(assessed)[1],
            )
        )
    return calls


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    """Spearman's rho with average ranks for ties."""
    ra, rb = _ranks(a), _ranks(b)
    n = len(a)
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else 0.0


def _mae(calls: Sequence[GradedCall]) -> float:
    return sum(abs(c.grader - c.trainer) for c in calls) / len(calls) if calls else 0.0


def summary(calls: Sequence[GradedCall]) -> Summary:
    """MAE, bias and rho over a set, with MAE for calm and played calls apart."""
    return Summary(
        n=len(calls),
        mae=_mae(calls),
        bias=sum(c.grader - c.trainer for c in calls) / len(calls),
        rho=spearman([c.trainer for c in calls], [c.grader for c in calls]),
        calm_mae=_mae([c for c in calls if c.calm]),
        played_mae=_mae([c for c in calls if not c.calm]),
    )
