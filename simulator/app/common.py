"""What every page shares: cached content and storage, who is using the app, role checks."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from simulator.app.throttle import COACH_SIGN_IN
from simulator.content import ContentSet, default_content
from simulator.reports.stored import StoredCall, load_call
from simulator.storage import Store, database_url
from simulator.storage.config import check_passcode, coach_passcode_hash

TRAINEE = "trainee"
COACH = "coach"


@st.cache_resource(show_spinner=False)
def content() -> ContentSet:
    """The content set, loaded once per server process."""
    return default_content()


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def store() -> Store:
    """The database, opened once per server process and URL."""
    return _store(database_url())


def stored_call(session_id: str) -> StoredCall:
    """A stored call as one reviewed call (read afresh, so an override shows at once)."""
    return load_call(store(), session_id)


@dataclass(frozen=True)
class User:
    """Who is using this browser session."""

    name: str
    team: str | None
    role: str

    @property
    def is_coach(self) -> bool:
        """True once signed in as a coach."""
        return self.role == COACH


def user() -> User:
    """The current user (a trainee named in the sidebar until a coach signs in)."""
    state = st.session_state
    return User(
        name=state.get("user_name") or "trainee",
        team=state.get("user_team") or None,
        role=state.get("role", TRAINEE),
    )


def sidebar_identity() -> None:
    """The sidebar: your name and team, and the coach sign-in."""
    with st.sidebar:
        st.text_input("Your name", key="user_name", placeholder="trainee")
        st.text_input("Team", key="user_team", placeholder="optional")
        if user().is_coach:
            st.success(f"Signed in as coach {user().name}")
            if st.button("Sign out", key="coach_sign_out"):
                st.session_state["role"] = TRAINEE
                st.rerun()
            return
        with st.expander("Coach sign-in"):
            stored = coach_passcode_hash()
            if stored is None:
                st.caption(
                    "No coach passcode is set. Set one with `defuse coach-passcode` "
                    "(or DEFUSE_COACH_PASSCODE_HASH)."
                )
                return
            passcode = st.text_input("Passcode", type="password", key="coach_passcode")
            if st.button("Sign in", key="coach_sign_in"):
                wait = COACH_SIGN_IN.wait()
                if wait > 0:
                    st.error(f"Too many wrong passcodes; try again in {wait:.0f} seconds.")
                elif check_passcode(passcode, stored):
                    COACH_SIGN_IN.succeeded()
                    st.session_state["role"] = COACH
                    st.rerun()
                else:
                    wait = COACH_SIGN_IN.failed()
                    later = f" Wait {wait:.0f} seconds before the next try." if wait else ""
                    st.error("That passcode is not right." + later)


def require_coach() -> bool:
    """Show a notice and return False unless a coach is signed in."""
    if user().is_coach:
        return True
    st.info("This page is for coaches. Sign in with the coach passcode in the sidebar.")
    return False


SCORE_DOMAIN = [0, 100]
"""Every score chart spans 0-100, so a 65 never draws as a full bar."""


def score_bars(frame: pd.DataFrame, label: str, value: str = "score") -> alt.Chart:
    """Horizontal bars of scores on the whole 0-100 scale, in the frame's order."""
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{value}:Q", scale=alt.Scale(domain=SCORE_DOMAIN), title="score"),
            y=alt.Y(f"{label}:N", sort=None, title=None),
            tooltip=[label, alt.Tooltip(f"{value}:Q", format=".0f")],
        )
    )
    return chart


def score_line(frame: pd.DataFrame, when: str, value: str = "score") -> alt.Chart:
    """Scores over time on the 0-100 scale, each call a point (one call still shows)."""
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{when}:T", title=None),
            y=alt.Y(f"{value}:Q", scale=alt.Scale(domain=SCORE_DOMAIN), title="score"),
            tooltip=[alt.Tooltip(f"{when}:T"), alt.Tooltip(f"{value}:Q", format=".0f")],
        )
    )
    return chart


def count_bars(frame: pd.DataFrame, label: str, value: str = "count") -> alt.Chart:
    """Horizontal bars of counts, most frequent first."""
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{value}:Q", title=value),
            y=alt.Y(f"{label}:N", sort="-x", title=None),
            tooltip=[label, value],
        )
    )
    return chart
