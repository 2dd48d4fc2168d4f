"""Accounts and sign-in, attacked as a hostile user would: guessing, forged tokens, other
people's calls, pages opened by URL, the admin's commands."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from simulator.app.common import User
from simulator.app.main import pages_for
from simulator.cli import app as cli
from simulator.content import default_content
from simulator.models.transcript import CallLog
from simulator.practice import CallSetup
from simulator.session import Practice
from simulator.storage import Store, database_url
from simulator.storage.accounts import (
    FREE_ATTEMPTS,
    SESSION_HOURS,
    AccountError,
    accounts_exist,
    add_account,
    add_team,
    session_account,
    sign_in,
    sign_out,
    update_account,
    wait_after,
)
from simulator.storage.coaching import coach_teams, set_coach_teams, teams
from simulator.storage.schema import now

MAIN = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
GOOD = "correct horse battery"


@pytest.fixture
def store() -> Store:
    return Store(database_url())


def people(store: Store) -> None:
    """Two teams, a trainee in each, a coach of north, an admin."""
    add_team(store, "north")
    add_team(store, "south")
    add_account(store, "ana", GOOD, "trainee", "north")
    add_account(store, "bo", GOOD, "trainee", "south")
    add_account(store, "kim", GOOD, "coach")
    set_coach_teams(store, "kim", ["north"])
    add_account(store, "root", GOOD, "admin")


def graded_call(store: Store, trainee: str, team: str | None) -> str:
    content = default_content()
    scenario = next(s.id for s in content.scenarios.values() if "impatient" in s.personas)
    call = Practice.start(content, store, CallSetup("impatient", scenario, 2, 1), trainee, team)
    call.say("I'm sorry about this, that sounds stressful. What happened?")
    call.end()
    call.file_log(CallLog(trigger="missed visit"))
    call.grade()
    return call.session_id


def app(**state: object) -> AppTest:
    at = AppTest.from_file(MAIN, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def run_page(store: Store, username: str, url: str) -> AppTest:
    """The app as a signed-in browser opening ``url`` (a bookmark), through main's guard."""
    at = AppTest.from_string(
        "from simulator.app import common, main\n"
        "common.restore_sign_in()\n"
        f"page = next(p for p in main.PAGES if p.url == {url!r})\n"
        "main._guarded(page)()\n",
        default_timeout=60,
    )
    if username:
        at.session_state["token"] = sign_in(store, username, GOOD).token
    return at.run()


def shown_text(at: AppTest) -> str:
    return " ".join(
        [m.value for m in at.markdown]
        + [m.value for m in at.info]
        + [m.value for m in at.title]
        + [m.value for m in at.caption]
    )


# --- storage ------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2_and_weak_ones_refused(store: Store) -> None:
    with pytest.raises(AccountError, match="at least"):
        add_account(store, "ana", "short")
    with pytest.raises(AccountError, match="too common"):
        add_account(store, "ana", "password123")
    with pytest.raises(AccountError, match="username"):
        add_account(store, "<script>", GOOD)
    with pytest.raises(AccountError, match="role"):
        add_account(store, "ana", GOOD, "superuser")
    assert not accounts_exist(store)
    add_account(store, "Ana", GOOD)
    with store.reading() as db:
        stored = db.execute(__import__("sqlalchemy").text("select password_hash from accounts"))
        hashed = stored.scalar_one()
    assert hashed.startswith("$argon2id$") and GOOD not in hashed
    assert sign_in(store, "ANA ", GOOD).account is not None  # usernames are case-insensitive
    with pytest.raises(AccountError, match="already"):
        add_account(store, "ana", GOOD)


def test_a_team_typo_is_refused_not_created(store: Store) -> None:
    add_team(store, "north")
    with pytest.raises(AccountError, match=r"no team called 'nrth'.*north"):
        add_account(store, "ana", GOOD, team="nrth")
    add_account(store, "kim", GOOD, "coach")
    with pytest.raises(AccountError, match="no team"):
        set_coach_teams(store, "kim", ["north", "soth"])
    assert teams(store) == ["north"]
    assert coach_teams(store, "kim") == []
    with pytest.raises(AccountError, match="already"):
        add_team(store, "North")


def test_guessing_is_throttled_per_account_across_processes(store: Store) -> None:
    add_account(store, "ana", GOOD)
    at = now()
    waits = [sign_in(store, "ana", f"guess {i}", at).wait_s for i in range(FREE_ATTEMPTS)]
    assert waits[:-1] == [0.0] * (FREE_ATTEMPTS - 1)
    assert waits[-1] == wait_after(FREE_ATTEMPTS) > 0
    assert "too many" in (sign_in(store, "ana", "guess", at).refused or "")
    # locked: even the right password waits, and a second process (another Store) agrees
    other = Store(database_url())
    refused = sign_in(other, "ana", GOOD, at + timedelta(seconds=1))
    assert refused.account is None and refused.refused and "too many" in refused.refused
    assert sign_in(other, "ana", GOOD, at + timedelta(seconds=waits[-1] + 1)).account
    # an unknown username is refused in the same words, and throttled too
    unknown = [sign_in(store, "nobody", "x", at) for _ in range(FREE_ATTEMPTS + 1)]
    assert unknown[0].refused == "that username and password do not match an account"
    assert unknown[-1].wait_s > 0


def test_forged_expired_and_revoked_tokens_sign_no_one_in(store: Store) -> None:
    people(store)
    token = sign_in(store, "ana", GOOD).token
    assert session_account(store, token) is not None
    assert session_account(store, secrets.token_urlsafe(32)) is None
    assert session_account(store, "") is None and session_account(store, "x" * 10_000) is None
    with store.reading() as db:
        leaked = db.execute(
            __import__("sqlalchemy").text("select token_hash from sign_in_sessions")
        ).scalar_one()
    assert session_account(store, leaked) is None  # the database holds no usable token
    later = now() + timedelta(hours=SESSION_HOURS, seconds=1)
    assert session_account(store, token, later) is None
    update_account(store, "ana", disabled=True)
    assert session_account(store, token) is None
    assert sign_in(store, "ana", GOOD).account is None
    update_account(store, "ana", disabled=False)
    token = sign_in(store, "ana", GOOD).token
    sign_out(store, token)
    assert session_account(store, token) is None


def test_the_last_admin_cannot_be_removed(store: Store) -> None:
    add_account(store, "root", GOOD, "admin")
    with pytest.raises(AccountError, match="only admin"):
        update_account(store, "root", role="coach")
    with pytest.raises(AccountError, match="only admin"):
        update_account(store, "root", disabled=True)


# --- the web app --------------------------------------------------------------------


def test_open_practice_until_the_first_account() -> None:
    at = app()
    assert not at.exception
    assert at.text_input(key="user_name") is not None  # no accounts: type a name and go
    assert at.button(key="start_call") is not None
    add_account(Store(database_url()), "ana", GOOD)
    at = app()
    assert "Sign in to Defuse" in shown_text(at)
    assert not [w for w in at.text_input if w.key == "user_name"]  # no free name any more
    assert not [b for b in at.button if b.key == "start_call"]


def test_sign_in_in_the_form_then_out(store: Store) -> None:
    people(store)
    at = app()
    at.text_input(key="sign_in_name").input("ana")
    at.text_input(key="sign_in_password").input("wrong password here")
    at.button[0].click().run()
    assert at.error and "do not match" in at.error[0].value
    at.text_input(key="sign_in_name").input("ana")
    at.text_input(key="sign_in_password").input(GOOD)
    at.button[0].click().run()
    assert not at.exception
    assert "Signed in as **ana** (trainee · team north)" in shown_text(at)
    assert at.button(key="start_call") is not None
    at.button(key="sign_out").click().run()
    assert "Sign in to Defuse" in shown_text(at)
    assert "token" not in at.session_state


def test_a_forged_token_in_the_session_shows_the_sign_in_form(store: Store) -> None:
    people(store)
    at = app(token=secrets.token_urlsafe(32))
    assert "Sign in to Defuse" in shown_text(at)
    at = app(role="admin")  # a role value with no account behind it grants nothing
    assert "Sign in to Defuse" in shown_text(at)


def test_a_trainee_reads_only_their_own_progress(store: Store) -> None:
    people(store)
    graded_call(store, "ana", "north")
    graded_call(store, "bo", "south")
    at = run_page(store, "ana", "progress")
    assert not at.exception
    assert len(at.dataframe[0].value) == 1
    assert "Progress: ana" in shown_text(at)


def test_pages_by_role_and_a_page_opened_by_url() -> None:
    trainee = User("ana", "north", "trainee", account=True)
    coach = User("kim", None, "coach", account=True)
    admin = User("root", None, "admin", account=True)
    guest = User("", None, "guest")
    assert [p.title for p in pages_for(trainee)] == ["Practice", "My progress", "Drills", "Content"]
    assert {"Review", "Team dashboard"} <= {p.title for p in pages_for(coach)}
    assert "Accounts" not in {p.title for p in pages_for(coach)}
    assert "Accounts" in {p.title for p in pages_for(admin)}
    assert pages_for(guest) == []


def test_a_trainee_opening_coach_and_admin_pages_by_url_is_refused(store: Store) -> None:
    people(store)
    graded_call(store, "bo", "south")
    for url in ("review", "dashboard", "accounts"):
        at = run_page(store, "ana", url)
        assert not at.exception
        assert "for coaches" in shown_text(at) or "for admins" in shown_text(at)
        assert not at.dataframe
        guest = run_page(store, "", url)
        assert "Sign in to Defuse" in shown_text(guest)


def test_a_coach_reviews_only_their_teams_and_the_admin_every_team(store: Store) -> None:
    people(store)
    north = graded_call(store, "ana", "north")
    south = graded_call(store, "bo", "south")
    at = run_page(store, "kim", "review")
    assert not at.exception
    ids = at.dataframe[0].value["id"].tolist()
    assert north in ids and south not in ids
    at.text_input(key="f_trainee").input("bo").run()  # searching cannot reach another team
    assert not at.dataframe or south not in at.dataframe[0].value["id"].tolist()
    at = run_page(store, "root", "review")
    assert {north, south} <= set(at.dataframe[0].value["id"].tolist())
    at = run_page(store, "kim", "accounts")
    assert "for admins" in shown_text(at)


def test_the_admin_adds_an_account_on_the_accounts_page(store: Store) -> None:
    people(store)
    at = run_page(store, "root", "accounts")
    assert not at.exception
    at.text_input(key="new_username").input("cy")
    at.selectbox(key="new_role").set_value("trainee")
    at.selectbox(key="new_account_team").set_value("south")
    at.text_input(key="new_password").input("weak")
    at.button[1].click().run()
    assert at.error and "at least" in at.error[0].value
    at.text_input(key="new_password").input(GOOD)
    at.button[1].click().run()
    assert not at.exception and not at.error
    assert sign_in(store, "cy", GOOD).account.team == "south"  # type: ignore[union-attr]


def test_a_trainee_made_a_coach_gets_teams_in_the_same_save(store: Store) -> None:
    people(store)
    at = run_page(store, "root", "accounts")
    at.selectbox(key="edit_account").set_value("ana").run()
    at.selectbox(key="role_ana").set_value("coach")
    at.multiselect(key="reviews_ana").set_value(["south"])
    at.checkbox(key="confirm_ana").check()
    next(b for b in at.button if b.label == "Save changes").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert coach_teams(store, "ana") == ["south"]


# --- the admin's commands -----------------------------------------------------------


def test_the_admin_commands(store: Store) -> None:
    runner = CliRunner()
    run = lambda *args, stdin=None: runner.invoke(cli, list(args), input=stdin)  # noqa: E731
    assert run("accounts", "add-team", "north").exit_code == 0
    result = run("accounts", "add", "root", "--role", "admin", "--password-stdin", stdin=GOOD)
    assert result.exit_code == 0, result.output
    result = run("accounts", "add", "ana", "--team", "nrth", "--password-stdin", stdin=GOOD)
    assert result.exit_code == 1 and "no team called 'nrth'" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    result = run("accounts", "add", "ana", "--team", "north", "--password-stdin", stdin="short")
    assert result.exit_code == 1 and "at least" in result.output
    assert run("accounts", "add", "ana", "--team", "north", stdin=GOOD + "\n").exit_code == 0
    assert run("accounts", "add", "kim", "--role", "coach", stdin=GOOD).exit_code == 0
    assert run("accounts", "coach-teams", "kim", "north").exit_code == 0
    assert run("accounts", "coach-teams", "ana", "north").exit_code == 1
    assert run("accounts", "set", "ana", "--disable").exit_code == 0
    listed = json.loads(run("accounts", "list", "--json").output)
    by_name = {a["username"]: a for a in listed["accounts"]}
    assert by_name["ana"]["disabled"] and by_name["ana"]["team"] == "north"
    assert by_name["kim"]["reviews"] == ["north"]
    assert run("accounts", "set", "root", "--role", "trainee").exit_code == 1
    assert sign_in(store, "ana", GOOD).account is None


def test_an_organisation_sign_in_maps_to_the_account_of_its_email(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from simulator.app import common  # noqa: PLC0415

    people(store)
    add_account(store, "Dee@Example.com", None, "coach")  # no password: the provider only
    assert sign_in(store, "dee@example.com", "").account is None  # no password matches
    monkeypatch.setattr(common, "organisation_email", lambda: "dee@example.com")
    at = run_page(store, "", "review")
    assert not at.exception and "Review calls" in shown_text(at)  # a coach, by the email
    monkeypatch.setattr(common, "organisation_email", lambda: "stranger@example.com")
    at = run_page(store, "", "review")
    assert "Sign in to Defuse" in shown_text(at)
    assert "no account for that address" in at.warning[0].value
    update_account(store, "dee@example.com", disabled=True)
    monkeypatch.setattr(common, "organisation_email", lambda: "dee@example.com")
    assert "Sign in to Defuse" in shown_text(run_page(store, "", "review"))


def test_once_an_account_exists_the_pages_stop_asking(store: Store) -> None:
    """Every page asks whether accounts exist; once they do, the database is not asked again."""
    assert not accounts_exist(store)
    add_account(store, "ada", "correct horse battery", role="admin")
    asked: list[str] = []

    def count(*args: object) -> None:
        asked.append(str(args[2]))

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        assert accounts_exist(store)
        first = len(asked)
        assert accounts_exist(store) and accounts_exist(store)
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert first >= 1 and len(asked) == first


def test_the_live_checklist_grades_once_per_turn(store: Store) -> None:
    """The Practice page asks for the call so far on every rerun; only a new turn regrades."""
    content = default_content()
    call = Practice.start(content, store, CallSetup("impatient", "hvac_missed_window", 2, 1), "ana")
    call.say("I'm sorry about the wait. What happened?")
    first = call.progress()
    assert call.progress() is first  # a rerun: the same report
    call.say("I'll book the 3 p.m. slot today and text you by 1:30.")
    later = call.progress()
    assert later is not first
    assert len(later.turn_moves) == len(first.turn_moves) + 1
