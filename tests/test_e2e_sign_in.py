"""Sign-in in a real browser: the cookie that survives a reload, a bookmarked coach page, a
trainee who tries the coach's pages, signing out for good (Debian's Chromium, 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.content import default_content
from simulator.models.transcript import CallLog
from simulator.practice import CallSetup
from simulator.session import Practice
from simulator.storage import Store
from simulator.storage.accounts import add_account, add_team
from simulator.storage.coaching import set_coach_teams
from tests.test_e2e_a11y import serious
from tests.test_e2e_browser import (
    _settle,
    _shot,
    _text,
    app_env,
    launch_chromium,
    pytestmark,
    start_app,
)

__all__ = ["pytestmark"]  # skipped, with the reason, where Chromium is missing

GOOD = "correct horse battery"


def _call(store: Store, trainee: str, team: str) -> str:
    content = default_content()
    scenario = next(s.id for s in content.scenarios.values() if "impatient" in s.personas)
    call = Practice.start(content, store, CallSetup("impatient", scenario, 2, 7), trainee, team)
    call.say("I'm sorry, that sounds stressful. What happened?")
    call.end()
    call.file_log(CallLog(trigger="missed visit"))
    call.grade()
    return call.session_id


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    folder = tmp_path_factory.mktemp("e2e-sign-in")
    env = app_env(folder)
    store = Store(env["DEFUSE_DATABASE_URL"])
    for team in ("north", "south"):
        add_team(store, team)
    add_account(store, "ana", GOOD, "trainee", "north")
    add_account(store, "bo", GOOD, "trainee", "south")
    add_account(store, "kim", GOOD, "coach")
    set_coach_teams(store, "kim", ["north"])
    add_account(store, "root", GOOD, "admin")
    north, south = _call(store, "ana", "north"), _call(store, "bo", "south")
    store.close()
    for url in start_app(Path(folder), env):
        yield url, north, south


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from launch_chromium()


def _sign_in(page: object, name: str) -> None:
    page.get_by_role("textbox", name="Username", exact=True).fill(name)  # type: ignore[attr-defined]
    page.get_by_role("textbox", name="Password", exact=True).fill(GOOD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_text(f"Signed in as {name}").wait_for()  # type: ignore[attr-defined]


def test_a_sign_in_survives_a_reload_and_a_trainee_cannot_open_coach_pages(
    site: tuple[str, str, str], browser: object
) -> None:
    url, _, _ = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(url)
    page.get_by_text("Sign in to Defuse").wait_for()
    page.wait_for_timeout(500)
    assert serious(page) == []
    _shot(page, "sign-in")
    _sign_in(page, "ana")
    page.get_by_role("button", name="Start call").wait_for()
    page.reload()
    page.get_by_text("Signed in as ana").wait_for()  # the cookie signed the new session in
    cookie = next(c for c in context.cookies() if c["name"] == "defuse_session")
    assert cookie["sameSite"] == "Strict"
    page.goto(f"{url}/review")
    page.get_by_text("This page is for coaches").wait_for()
    page.goto(f"{url}/accounts")
    page.get_by_text("This page is for admins").wait_for()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("Sign in to Defuse").wait_for()
    page.reload()
    page.get_by_text("Sign in to Defuse").wait_for()  # signed out for good, not by the cookie
    assert "Signed in as" not in _text(page)
    context.close()


def test_a_bookmarked_coach_page_signs_in_and_shows_only_the_coachs_teams(
    site: tuple[str, str, str], browser: object
) -> None:
    url, north, south = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{url}/review")  # a bookmark, before signing in: the sign-in form, not "not found"
    page.get_by_text("Sign in to Defuse").wait_for()
    _sign_in(page, "kim")
    page.get_by_role("heading", name="Review calls").wait_for()
    page.reload()
    page.get_by_role("heading", name="Review calls").wait_for()
    page.get_by_text(north).first.wait_for(state="attached")  # a grid cell: drawn on a canvas
    page.wait_for_timeout(500)
    assert south not in page.content()
    context.close()


def test_the_admin_manages_accounts_on_a_page_with_no_accessibility_violation(
    site: tuple[str, str, str], browser: object
) -> None:
    url, _, _ = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{url}/accounts")
    page.get_by_text("Sign in to Defuse").wait_for()
    _sign_in(page, "root")
    page.get_by_role("heading", name="Accounts").wait_for()
    _settle(page)  # a rerun still drawing would reset what is typed next
    page.get_by_role("textbox", name="Username", exact=True).fill("cy")
    page.get_by_role("textbox", name="First password", exact=False).fill(GOOD)
    page.get_by_role("button", name="Add account").click()
    page.get_by_text("Added cy (trainee)").or_(page.get_by_text("nothing was saved")).wait_for()
    assert page.get_by_text("Added cy (trainee)").is_visible(), _text(page)
    page.wait_for_timeout(500)
    assert serious(page) == []
    _shot(page, "accounts", 1400)
    context.close()
