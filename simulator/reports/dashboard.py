"""Aggregates over stored calls for the trainee's progress page and the team dashboard."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from simulator.reports.exports import STEP_COLUMNS
from simulator.storage import CallRow

STEP_TITLES = {
    "stay_calm": "1 Stay calm",
    "gather_information": "2 Gather information",
    "clarify_outcome": "3 Clarify outcome",
    "present_solution": "4 Present solution",
    "follow_up": "5 Follow up",
    "log_data": "6 Log data",
}


def frame(rows: list[CallRow]) -> pd.DataFrame:
    """Graded calls as a table: one row per call, its totals and one column per step score.

    ``total`` is the total that counts (coach overrides applied), ``machine_total`` the
    grader's own, ``coach_total`` the coach's (NaN where no coach changed a step); step
    columns have overrides applied. All were written by the reviewed call when it was stored.
    """
    graded = [r for r in rows if r.total is not None]
    columns = ["id", "trainee", "team", "persona", "scenario", "started_at", "total"]
    if not graded:
        return pd.DataFrame(columns=[*columns, "machine_total", "coach_total", *STEP_COLUMNS])
    data = pd.DataFrame(
        {
            "id": [r.id for r in graded],
            "trainee": [r.trainee for r in graded],
            "team": [r.team or "" for r in graded],
            "persona": [r.persona for r in graded],
            "scenario": [r.scenario for r in graded],
            "started_at": pd.to_datetime([r.started_at for r in graded]),
            "total": [float(r.total or 0.0) for r in graded],
            "machine_total": pd.Series([r.machine_total for r in graded], dtype="float64"),
            "coach_total": pd.Series([r.coach_total for r in graded], dtype="float64"),
        }
    )
    for step in STEP_COLUMNS:
        data[step] = pd.Series([r.steps.get(step) for r in graded], dtype="float64")
    return data


def step_means(data: pd.DataFrame) -> pd.DataFrame:
    """Mean score per step (steps never assessed are left out), as step and score columns."""
    means = data[list(STEP_COLUMNS)].mean().dropna().rename(index=STEP_TITLES)
    return pd.DataFrame({"step": means.index, "score": means.to_numpy()})


def weakest_step(data: pd.DataFrame) -> str | None:
    """The step with the lowest mean score, by id."""
    means = data[list(STEP_COLUMNS)].mean().dropna()
    return None if means.empty else str(means.idxmin())


def trainee_by_step(data: pd.DataFrame) -> pd.DataFrame:
    """Mean step score per trainee: rows trainees, columns steps (the heatmap's data)."""
    table = data.groupby("trainee")[list(STEP_COLUMNS)].mean()
    return table.rename(columns=STEP_TITLES)


def heatmap_long(data: pd.DataFrame) -> pd.DataFrame:
    """The trainee-by-step table in long form (trainee, step, score) for a chart."""
    table = trainee_by_step(data).reset_index()
    return table.melt(id_vars="trainee", var_name="step", value_name="score").dropna()


def weekly_trend(data: pd.DataFrame) -> pd.DataFrame:
    """Mean total per week (weeks start on Monday), with the number of calls."""
    if data.empty:
        return pd.DataFrame(columns=["week", "score", "calls"])
    weekly = (
        data.set_index("started_at")["total"]
        .resample("W-MON", label="left", closed="left")
        .agg(["mean", "count"])
        .reset_index()
    )
    weekly.columns = ["week", "score", "calls"]
    return weekly[weekly["calls"] > 0]


def by_persona(data: pd.DataFrame) -> pd.DataFrame:
    """Mean total and number of calls per persona."""
    grouped = data.groupby("persona")["total"].agg(["mean", "count"]).reset_index()
    grouped.columns = ["persona", "score", "calls"]
    return grouped.sort_values("score")


def anti_pattern_counts(rows: list[CallRow], top: int = 10) -> pd.DataFrame:
    """The most frequent anti-patterns across calls."""
    counts = Counter(move for r in rows for move in r.anti_patterns)
    return pd.DataFrame(counts.most_common(top), columns=["anti_pattern", "count"])


def practise_next(data: pd.DataFrame, personas: list[str]) -> tuple[str | None, str | None]:
    """(step, persona) to practise next: the weakest step, with the persona to try it on.

    A persona the trainee has not met yet comes first; otherwise the one they score
    lowest with on that step.
    """
    step = weakest_step(data)
    if step is None:
        return None, personas[0] if personas else None
    untried = [p for p in personas if p not in set(data["persona"])]
    if untried:
        return step, untried[0]
    per_persona = data.groupby("persona")[step].mean().dropna()
    return step, (str(per_persona.idxmin()) if not per_persona.empty else None)
