"""What every page shares: cached content and storage, who is using the app, role checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from simulator.app.throttle import COACH_SIGN_IN
from simulator.content import ContentSet, default_content
from simulator.models.untrusted import markdown_text
from simulator.reports.stored import StoredCall, load_call
from simulator.storage import Store, accounts, database_url
from simulator.storage.accounts import (
    SESSION_HOURS,
    AccountView,
    account_named,
    accounts_exist,
    session_account,
    sign_in,
    sign_out,
)
from simulator.storage.coaching import coach_teams, teams
from simulator.storage.config import check_passcode, coach_passcode_hash

TRAINEE, COACH, ADMIN = accounts.TRAINEE, accounts.COACH, accounts.ADMIN


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
    account: bool = False
    """Signed in with an account (not a typed name or the old coach passcode)."""

    @property
    def is_coach(self) -> bool:
        """Coaches and admins review calls."""
        return self.role in (COACH, ADMIN)

    @property
    def is_admin(self) -> bool:
        """Admins manage accounts and teams."""
        return self.role == ADMIN

    @property
    def known(self) -> bool:
        """False for a visitor who must sign in before anything else."""
        return self.role != GUEST


GUEST = "guest"
SESSION_COOKIE = "defuse_session"
"""The browser cookie holding a sign-in token (the database keeps only its hash)."""


SHELL_CSS = """<style>
[data-testid="stCaptionContainer"] { opacity: 1; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4b4d57; }
</style>"""
"""Defuse's own look over Streamlit's: captions dark enough to read (about 8:1 on white, 7:1
on the sidebar's grey; Streamlit fades its own to 3:1), checked by axe-core in the browser
tests."""


def shell() -> None:
    """Apply SHELL_CSS to the page (once per run, from main)."""
    st.html(SHELL_CSS)


def hold_selected(table_key: str, ids_key: str, open_key: str) -> Callable[[], None]:
    """A dataframe's on_select callback: the clicked row's id is held in ``open_key``.

    The ids are those the table showed (``ids_key``), so a list that shifts later (a new
    call, an override) never moves what is open.
    """

    def hold() -> None:
        rows = st.session_state[table_key].selection.rows
        ids = st.session_state.get(ids_key, [])
        if rows and rows[0] < len(ids):
            st.session_state[open_key] = ids[rows[0]]

    return hold


def open_practice() -> bool:
    """True while no account exists: anyone types a name, the coach passcode guards review."""
    return not accounts_exist(store())


def user() -> User:
    """The current user: the signed-in account, else (open practice) the typed name."""
    state = st.session_state
    account: AccountView | None = state.get("account")
    if account is not None:
        return User(account.username, account.team, account.role, account=True)
    if state.get("role") == COACH:  # the old passcode, kept for one version
        return User(state.get("user_name") or COACH, None, COACH)
    if not open_practice():
        return User("", None, GUEST)
    return User(state.get("user_name") or "trainee", state.get("user_team") or None, TRAINEE)


def review_scope(me: User) -> list[str] | None:
    """The teams whose calls this user may review: None for every team.

    A coach's account reviews the teams an admin gave it (none given: none); an admin, and
    the old passcode's coach, review every team.
    """
    if me.account and me.role == COACH:
        return coach_teams(store(), me.name)
    return None


def organisation_sign_in() -> bool:
    """True when an identity provider is configured for st.login ([auth] in secrets.toml)."""
    try:
        from streamlit.auth_util import get_secrets_auth_section  # noqa: PLC0415

        return bool(get_secrets_auth_section())
    except Exception:  # no secrets file, or one Streamlit cannot read: no provider
        return False


def organisation_email() -> str | None:
    """The email of the user signed in through the identity provider (st.login), or None."""
    try:
        if st.user.is_logged_in:
            return str(st.user.get("email") or "").strip().lower() or None
    except Exception:  # no provider configured: st.user has nothing to say
        return None
    return None


def restore_sign_in() -> None:
    """Keep the session's account current, or sign it in again from the browser's cookie.

    Runs on every rerun: a disabled account, a changed role or an expired token takes effect
    at the next click. A reload or a bookmarked page starts a new Streamlit session; the
    cookie the sign-in set brings the account back.
    """
    state = st.session_state
    token = state.get("token")
    if token is None and not state.get("signed_out"):
        token = st.context.cookies.get(SESSION_COOKIE)
    account = session_account(store(), token) if token else None
    if account is None:
        state.pop("account", None)
        state.pop("token", None)
        email = None if state.get("signed_out") else organisation_email()
        if email:  # signed in through the organisation: its account is the email's
            account = account_named(store(), email)
            state["no_account_for"] = None if account else email
            if account:
                state["account"] = account
        return
    state["account"], state["token"] = account, token


def _cookie(token: str | None) -> None:
    """Set (or clear) the sign-in cookie in the browser: same site only, HTTPS-only on HTTPS."""
    value = token or ""
    age = SESSION_HOURS * 3600 if token else 0
    st.html(
        "<script>document.cookie = "
        f"'{SESSION_COOKIE}={value}; path=/; max-age={age}; SameSite=Strict' + "
        "(location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )


def _sign_in_form() -> None:
    with st.form("sign_in", clear_on_submit=False):
        name = st.text_input("Username", key="sign_in_name", max_chars=64)
        password = st.text_input("Password", type="password", key="sign_in_password")
        if not st.form_submit_button("Sign in"):
            return
    result = sign_in(store(), name, password)
    if result.account is None:
        st.error(f"{result.refused}.")
        return
    st.session_state.update(
        account=result.account, token=result.token, set_cookie=result.token, signed_out=False
    )
    st.session_state.pop("sign_in_password", None)
    st.rerun()


def sign_in_page() -> None:
    """What a visitor sees on any page until they sign in (the page's own URL is kept)."""
    st.title("Sign in to Defuse")
    st.caption("Ask your coach or admin for an account if you do not have one.")
    unknown = st.session_state.get("no_account_for")
    if unknown:
        st.warning(
            f"You are signed in to your organisation as {markdown_text(unknown)}, but Defuse "
            "has no account for that address yet: ask an admin to add it."
        )
    if organisation_sign_in():
        st.button("Sign in with your organisation", key="sign_in_oidc", on_click=st.login)
        st.caption("Or with a Defuse username and password:")
    _sign_in_form()


def _sign_out() -> None:
    if st.session_state.get("token") is None and organisation_email():
        st.logout()  # signed in through the organisation: end that session too
    sign_out(store(), st.session_state.get("token"))
    for key in ("account", "token", "role", "coach_passcode"):
        st.session_state.pop(key, None)
    st.session_state["signed_out"] = True
    st.session_state["set_cookie"] = ""


def sidebar_identity() -> None:
    """The sidebar: who you are, and signing in or out."""
    if "set_cookie" in st.session_state:
        _cookie(st.session_state.pop("set_cookie") or None)
    me = user()
    with st.sidebar:
        if me.account:
            team = f" · team {me.team}" if me.team else ""
            st.markdown(f"Signed in as **{markdown_text(me.name)}** ({me.role}{team})")
            st.button("Sign out", key="sign_out", on_click=_sign_out)
            return
        if me.role == COACH:
            st.success("Signed in as a coach with the old passcode")
            if not open_practice():
                st.caption(
                    "The coach passcode goes in the next version: ask an admin for an account."
                )
            if st.button("Sign out", key="coach_sign_out"):
                st.session_state["role"] = TRAINEE
                st.rerun()
            return
        if open_practice():
            st.text_input("Your name", key="user_name", placeholder="trainee", max_chars=100)
            known = teams(store())
            st.selectbox(
                "Team",
                [None, *known],
                format_func=lambda t: "(no team)" if t is None else t,
                key="user_team",
                help="Teams are added by an admin (`defuse accounts add-team`).",
                on_change=_joined_team,
            )
            st.caption(
                "Open practice: no accounts yet, so anyone can use any name here. "
                "An admin turns sign-in on with `defuse accounts add`."
            )
        _passcode_sign_in()


def _joined_team() -> None:
    """Open practice: a team picked in the sidebar counts at once (its drills show as due)."""
    team = st.session_state.get("user_team")
    if team:
        store().ensure_trainee(st.session_state.get("user_name") or "trainee", team)


def _passcode_sign_in() -> None:
    with st.expander("Coach sign-in (passcode)"):
        stored = coach_passcode_hash()
        if stored is None:
            st.caption(
                "No coach passcode is set. Coaches sign in with an account "
                "(`defuse accounts add NAME --role coach`)."
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


def go_to(url: str) -> None:
    """Open another page of the app (its url path, e.g. "practice")."""
    pages = st.session_state.get("_pages", {})
    if url in pages:
        st.switch_page(pages[url])
    st.rerun()


def require_coach() -> bool:
    """Show a notice and return False unless a coach (or admin) is signed in."""
    if user().is_coach:
        return True
    st.info("This page is for coaches. Sign in as a coach in the sidebar.")
    return False


def require_admin() -> bool:
    """Show a notice and return False unless an admin is signed in."""
    if user().is_admin:
        return True
    st.info("This page is for admins.")
    return False


SCORE_DOMAIN = [0, 100]
"""Every score chart spans 0-100, so a 65 never draws as a full bar."""
HEAT_DOMAIN = [0, 10]


def pass_mark() -> float:
    """The rubric's pass mark, drawn on every score chart."""
    return content().rubric().pass_mark


def _pass_rule(axis: str) -> alt.Chart:
    mark = pass_mark()
    rule = alt.Chart(pd.DataFrame({"pass mark": [mark]})).mark_rule(strokeDash=[4, 4], color="#444")
    chart: alt.Chart = rule.encode(
        **{axis: alt.X("pass mark:Q") if axis == "x" else alt.Y("pass mark:Q")},
        tooltip=[alt.Tooltip("pass mark:Q", format=".0f")],
    )
    return chart


def score_bars(frame: pd.DataFrame, label: str, value: str = "score") -> alt.LayerChart:
    """Horizontal bars of scores on the whole 0-100 scale, with the pass mark dashed.

    The bars keep the frame's order.
    """
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{value}:Q", scale=alt.Scale(domain=SCORE_DOMAIN), title="score"),
            y=alt.Y(f"{label}:N", sort=None, title=None),
            tooltip=[label, alt.Tooltip(f"{value}:Q", format=".0f")],
        )
    )
    return alt.LayerChart(layer=[bars, _pass_rule("x")])


def score_line(frame: pd.DataFrame, when: str, value: str = "score") -> alt.LayerChart:
    """Scores call by call (or week by week) on the 0-100 scale, with the pass mark drawn.

    Each call is a point, so a single call still shows.
    """
    kind = "O" if frame[when].dtype.kind in "iu" else "T"
    line = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{when}:{kind}", title=when.replace("_", " ")),
            y=alt.Y(f"{value}:Q", scale=alt.Scale(domain=SCORE_DOMAIN), title="score"),
            tooltip=[alt.Tooltip(f"{when}:{kind}"), alt.Tooltip(f"{value}:Q", format=".0f")],
        )
    )
    return alt.LayerChart(layer=[line, _pass_rule("y")])


def heat_line(heat: list[float]) -> alt.Chart:
    """The customer's heat after each trainee turn, on the whole 0-10 scale."""
    frame = pd.DataFrame({"trainee turn": range(len(heat)), "heat": heat})
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("trainee turn:O", title="trainee turn (0: the opening)"),
            y=alt.Y("heat:Q", scale=alt.Scale(domain=HEAT_DOMAIN), title="heat"),
            tooltip=["trainee turn", alt.Tooltip("heat:Q", format=".1f")],
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
