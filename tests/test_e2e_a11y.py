"""Accessibility in a real browser: axe-core (bundled by axe-playwright-python) on every page
of the app, as a trainee and as a coach, at desktop and phone width; no serious or critical
violation may remain. Phone-width screenshots are written beside the desktop ones."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.test_e2e_browser import (
    PASSCODE,
    _settle,
    _shot,
    app_env,
    launch_chromium,
    pytestmark,
    start_app,
)

__all__ = ["pytestmark"]
axe_api = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe is missing")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("e2e-a11y")
    env = app_env(folder)
    subprocess.run(
        [sys.executable, "-m", "simulator", "demo-data", "--calls", "24"],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    yield from start_app(folder, env)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from launch_chromium()


def _reveal(page: Any, link: Any) -> None:
    """On a phone the sidebar may be folded, unfolding, or open after a rerun: wait for
    whichever shows, the link itself or the button that unfolds the sidebar, and unfold it
    only when the link is still hidden (checking once races the sidebar's own animation)."""
    button = page.get_by_test_id("stExpandSidebarButton")
    for _ in range(60):
        if link.is_visible():
            return
        if button.is_visible():
            button.click(timeout=5000)
        page.wait_for_timeout(500)
    link.wait_for(state="visible", timeout=1000)  # fails with Playwright's own message


def serious(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    results = axe_api.Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [n["target"] for n in violation["nodes"]][:3]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}"
            )
    return found


def _visit(page: Any, url: str, marker: str) -> None:
    page.goto(url)
    page.get_by_text(marker).first.wait_for()
    _settle(page)


def _trainee_call(page: Any, problems: dict[str, list[str]], size: str) -> None:
    """A whole call at this width: live call, call log, report (axe on each)."""
    page.get_by_role("button", name="Start call").click()
    chat = page.get_by_test_id("stChatInputTextArea")
    chat.wait_for()
    chat.fill("I'm so sorry, that sounds stressful. What happened?")
    chat.press("Enter")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=stChatMessage]').length >= 3"
        " && !document.body.innerText.includes('typing\u2026')"
    )
    _settle(page)
    problems[f"{size} live call"] = serious(page)
    _shot(page, f"{size}-practice", 844, width=390)
    page.get_by_role("button", name="End call").click()
    page.get_by_role("button", name="Yes, end the call").click()
    page.get_by_text("File the call log").wait_for()
    _settle(page)
    problems[f"{size} call log"] = serious(page)
    page.get_by_role("button", name="Submit and grade").click()
    page.get_by_role("button", name="Grade with this log").click()
    page.get_by_text("Your graded call").wait_for()
    _settle(page)
    problems[f"{size} report"] = serious(page)
    _shot(page, f"{size}-report", 844, width=390)


def test_every_page_has_no_serious_accessibility_violation(server: str, browser: Any) -> None:
    """Every page at both widths; the whole call (live, call log, report) at phone width,
    the narrow layout. The desktop call is played by test_e2e_browser, and axe's serious
    rules (contrast, names, roles, landmarks) do not change with the width."""
    problems: dict[str, list[str]] = {}
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser.new_page(viewport=viewport)
        page.set_default_timeout(90_000)
        _visit(page, server, "Practice a call")
        problems[f"{size} practice setup"] = serious(page)
        if size == "phone":
            _trainee_call(page, problems, size)
        for url, marker in (
            ("progress", "Progress"),
            ("drills", "Due for you"),
            ("content", "Content"),
        ):
            _visit(page, f"{server}/{url}", marker)
            problems[f"{size} {url}"] = serious(page)
        # a coach
        page.goto(server)
        page.get_by_text("Practice a call").wait_for()
        if size == "phone":
            _reveal(page, page.get_by_text("Coach sign-in"))
        page.get_by_text("Coach sign-in").click()
        page.get_by_label("Passcode").fill(PASSCODE)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Signed in as a coach").wait_for(state="attached")  # phone: folded away
        for link, marker in (("Review", "Review calls"), ("Team dashboard", "Trainee by step")):
            if size == "phone":
                _reveal(page, page.get_by_role("link", name=link))
            page.get_by_role("link", name=link).click()  # the passcode lasts one session
            page.get_by_text(marker).first.wait_for()
            _settle(page)
            problems[f"{size} {link}"] = serious(page)
        page.close()
    failing = {where: found for where, found in problems.items() if found}
    assert not failing, "\n".join(f"{where}: {'; '.join(f)}" for where, f in failing.items())
