"""Accounts (admins): teams, accounts and roles, and the teams each coach reviews.

The same changes as `defuse accounts ...`; both go through storage/accounts.py.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from simulator.app.common import require_admin, store, user
from simulator.storage.accounts import (
    ROLES,
    AccountError,
    add_account,
    add_team,
    list_accounts,
    update_account,
)
from simulator.storage.coaching import coach_teams, set_coach_teams, teams


def _teams() -> None:
    st.subheader("Teams")
    known = teams(store())
    st.write(", ".join(known) if known else "No teams yet.")
    with st.form("add_team", clear_on_submit=True):
        name = st.text_input("New team", max_chars=100, key="new_team")
        if st.form_submit_button("Add team") and name.strip():
            try:
                st.success(f"Added team {add_team(store(), name)}.")
            except AccountError as exc:
                st.error(f"{exc}.")


def _new_account() -> None:
    st.subheader("Add an account")
    with st.form("add_account"):
        cols = st.columns(3)
        name = cols[0].text_input("Username", max_chars=64, key="new_username")
        role = cols[1].selectbox("Role", ROLES, key="new_role")
        team = cols[2].selectbox(
            "Team",
            [None, *teams(store())],
            format_func=lambda t: "(no team)" if t is None else t,
            key="new_account_team",
        )
        password = st.text_input(
            "First password (tell them; they can be given a new one here any time)",
            type="password",
            key="new_password",
        )
        if st.form_submit_button("Add account"):
            try:
                view = add_account(store(), name, password, role, team)
            except AccountError as exc:
                st.error(f"{exc}; nothing was saved.")
            else:
                st.success(f"Added {view.username} ({view.role}).")


def _change_account() -> None:
    st.subheader("Change an account")
    views = list_accounts(store())
    chosen = st.selectbox("Account", [v.username for v in views], key="edit_account")
    view = next((v for v in views if v.username == chosen), None)
    if view is None:
        return
    with st.form(f"edit_{view.username}"):
        cols = st.columns(3)
        role = cols[0].selectbox("Role", ROLES, index=ROLES.index(view.role), key=f"role_{chosen}")
        known = teams(store())
        team = cols[1].selectbox(
            "Team",
            [None, *known],
            index=known.index(view.team) + 1 if view.team in known else 0,
            format_func=lambda t: "(unchanged)" if t is None else t,
            key=f"team_{chosen}",
        )
        disabled = cols[2].checkbox("Cannot sign in", value=view.disabled, key=f"disabled_{chosen}")
        reviews = st.multiselect(
            "Teams this coach reviews",
            known,
            default=coach_teams(store(), view.username),
            key=f"reviews_{chosen}",
            help="Kept when the role is coach (so a new coach gets teams in the same save); "
            "admins review every team, trainees none.",
        )
        password = st.text_input(
            "New password (leave empty to keep)", type="password", key=f"pw_{chosen}"
        )
        confirm = st.checkbox("Yes, make these changes", key=f"confirm_{chosen}")
        if st.form_submit_button("Save changes"):
            if not confirm:
                st.warning("Tick “Yes, make these changes” first; nothing was changed.")
                return
            try:
                update_account(
                    store(),
                    view.username,
                    role=role,
                    team=team,
                    disabled=disabled,
                    password=password or None,
                )
                if role == "coach":
                    set_coach_teams(store(), view.username, reviews)
            except AccountError as exc:
                st.error(f"{exc}; nothing was changed.")
            else:
                st.success(f"Saved {view.username}.")


def render() -> None:
    """The Accounts page (admins only)."""
    st.title("Accounts")
    if not require_admin():
        return
    views = list_accounts(store())
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "username": v.username,
                    "role": v.role,
                    "team": v.team or "",
                    "reviews": ", ".join(coach_teams(store(), v.username))
                    if v.role == "coach"
                    else ("every team" if v.role == "admin" else ""),
                    "can sign in": not v.disabled,
                }
                for v in views
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(f"You are {user().name}. Every change here is the same as `defuse accounts`.")
    _teams()
    _new_account()
    _change_account()
