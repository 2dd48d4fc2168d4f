"""Team dashboard (coaches): where the team is weak, how it is trending, drill completion."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from simulator.app.common import (
    count_bars,
    require_coach,
    review_scope,
    score_bars,
    score_line,
    store,
    user,
)
from simulator.reports import dashboard
from simulator.storage import CallRow
from simulator.storage.coaching import calls, coach_teams, drill_completion, set_coach_teams, teams


@st.cache_data(show_spinner=False, ttl=30)
def _rows(team_key: tuple[str, ...] | None) -> list[CallRow]:
    return calls(store(), teams_in=None if team_key is None else list(team_key))


@dataclass(frozen=True)
class Charts:
    """Everything the dashboard draws."""

    data: pd.DataFrame
    heatmap: alt.Chart
    trend: pd.DataFrame
    persona: pd.DataFrame
    anti: pd.DataFrame


def charts(rows: list[CallRow]) -> Charts:
    """The dashboard's charts from call rows (pure: used by the page and the bench)."""
    data = dashboard.frame(rows)
    heat = dashboard.heatmap_long(data)
    return Charts(
        data=data,
        heatmap=alt.Chart(heat)
        .mark_rect()
        .encode(
            x=alt.X("step:N", title=None),
            y=alt.Y("trainee:N", title=None),
            color=alt.Color("score:Q", scale=alt.Scale(domain=[0, 100], scheme="redyellowgreen")),
            tooltip=["trainee", "step", alt.Tooltip("score:Q", format=".0f")],
        ),
        trend=dashboard.weekly_trend(data),
        persona=dashboard.by_persona(data),
        anti=dashboard.anti_pattern_counts(rows),
    )


def render() -> None:
    """The Team dashboard page (coaches only)."""
    st.title("Team dashboard")
    if not require_coach():
        return
    me = user()
    scope = review_scope(me)
    if scope is not None:  # a coach's account: the teams an admin gave it
        st.caption(f"Your teams: {', '.join(scope) or 'none yet (an admin assigns them)'}")
        chosen: tuple[str, ...] | None = tuple(scope)
    else:
        mine = st.multiselect(
            "Teams you coach", teams(store()), default=coach_teams(store(), me.name), key="my_teams"
        )
        if st.button("Save my teams", key="save_teams"):
            set_coach_teams(store(), me.name, mine)
        chosen = tuple(mine) or None
    built = charts(_rows(chosen))
    data = built.data
    if data.empty:
        st.info("No graded calls yet for these teams.")
        return
    cols = st.columns(3)
    cols[0].metric("Graded calls", len(data))
    cols[1].metric("Trainees", data["trainee"].nunique())
    cols[2].metric("Average score", f"{data['total'].mean():.1f}")
    st.caption(
        f"Scores count coach overrides: {data['coach_total'].notna().sum()} of {len(data)} calls "
        f"have a coach total; their machine totals average {data['machine_total'].mean():.1f}."
    )
    st.subheader("Trainee by step")
    st.altair_chart(built.heatmap, width="stretch")
    left, right = st.columns(2)
    with left:
        st.subheader("Weekly score")
        st.altair_chart(score_line(built.trend, "week"))
    with right:
        st.subheader("Score by persona")
        st.altair_chart(score_bars(built.persona, "persona"))
    left, right = st.columns(2)
    with left:
        st.subheader("Most frequent anti-patterns")
        if built.anti.empty:
            st.caption("No anti-patterns in these calls.")
        else:
            st.altair_chart(count_bars(built.anti, "anti_pattern"))
    with right:
        st.subheader("Drill completion")
        done = drill_completion(store(), teams_in=None if chosen is None else list(chosen))
        if done:
            st.dataframe(pd.DataFrame(done), hide_index=True, width="stretch")
        else:
            st.caption("No drills assigned yet.")
