"""End to end in a real browser: Debian's headless Chromium drives the app on 127.0.0.1.

A whole practice call to the graded report, a coach override and a drill assignment, with
screenshots (saved to docs/screenshots/ by `make screenshots`, else to a temp folder). Skipped, with the reason, when Chromium or
Playwright is missing (`make test` installs Chromium from Debian's packages).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest

from simulator.cli.app_cmd import server_args
from simulator.storage.config import hash_passcode

ROOT = Path(__file__).resolve().parents[1]
SHOTS = os.environ.get("DEFUSE_SCREENSHOTS")
"""Where screenshots go: docs/screenshots via `make screenshots`, else a temp folder (a test
run leaves the checkout as it found it)."""
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSCODE = "coach-passcode-1"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian's chromium is not installed (make test installs it with apt-get)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_app(folder: Path, env: dict[str, str]) -> Iterator[str]:
    """Run the app with Streamlit on a free port of 127.0.0.1 until the generator closes."""
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "streamlit_app.py"),
            *server_args("127.0.0.1", port),  # the options `defuse app` uses
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=folder,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail(
            "streamlit did not start: " + (proc.stderr.read().decode() if proc.stderr else "")
        )
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def app_env(folder: Path) -> dict[str, str]:
    """The environment of a test server: its own database and data folder."""
    env = {
        **os.environ,
        "DEFUSE_DATABASE_URL": f"sqlite:///{folder / 'e2e.db'}",
        "DEFUSE_COACH_PASSCODE_HASH": hash_passcode(PASSCODE),
        "DEFUSE_HOME": str(folder),
    }
    env.pop("DEFUSE_CONTENT_DIR", None)
    return env


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("e2e")
    env = app_env(folder)
    subprocess.run(  # some history for the coach pages
        [sys.executable, "-m", "simulator", "demo-data", "--calls", "36"],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    yield from start_app(folder, env)


def launch_chromium() -> Iterator[object]:
    """Debian's headless Chromium through Playwright, closed when the generator closes."""
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from launch_chromium()


def _shot(page: object, name: str, height: int = 900, width: int = 1280) -> None:
    """Save a screenshot; Streamlit scrolls inside the page, so a tall one needs a tall window."""
    folder = Path(SHOTS) if SHOTS else Path(tempfile.gettempdir()) / "defuse-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size  # type: ignore[attr-defined]
    page.set_viewport_size({"width": width, "height": height})  # type: ignore[attr-defined]
    page.wait_for_timeout(400)  # type: ignore[attr-defined]
    page.screenshot(path=str(folder / f"{name}.png"))  # type: ignore[attr-defined]
    page.set_viewport_size(before)  # type: ignore[attr-defined]


def _settle(page: Any) -> None:
    """Wait until the run is over: no element is still stale (Streamlit fades those while a
    rerun draws), and Defuse's own style sheet is in the page."""
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-stale=\"true\"]')"
        " && [...document.querySelectorAll('style')].some("
        "s => s.textContent.includes('stCaptionContainer'))"
    )
    page.wait_for_timeout(300)


def _text(page: object) -> str:
    return " ".join(page.get_by_test_id("stMarkdownContainer").all_inner_texts())  # type: ignore[attr-defined]


def test_practice_call_review_override_and_drill(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.set_default_timeout(90_000)  # shared, noisy machines: a wait, not a timing
    page.goto(server)
    # The brief before the call: the agent desk shows the caller's file, not the answer key.
    page.get_by_text("Agent desk: what your screen shows for this case").click()
    page.get_by_text("Caller").first.wait_for()
    # Two clicks at most from opening the app to a running call: here, one.
    page.get_by_role("button", name="Start call").click()
    chat = page.get_by_test_id("stChatInputTextArea")
    chat.wait_for()
    for line in (
        "I'm so sorry, that sounds really stressful. Can you walk me through what happened?",
        "What would a good outcome look like for you today?",
        "Here's what I'll do: I'm booking it now and you'll have a confirmation by 3 p.m. today. "
        "If that slips, I'll call you by 4 with the next option.",
    ):
        before = page.get_by_test_id("stChatMessage").count()
        chat.fill(line)
        chat.press("Enter")
        page.wait_for_function(  # the reply itself, not the "typing…" placeholder
            "n => document.querySelectorAll('[data-testid=stChatMessage]').length >= n"
            " && !document.body.innerText.includes('typing\u2026')",
            arg=before + 2,
        )
    assert "Heat" in page.content()
    _shot(page, "practice")
    page.get_by_role("button", name="End call").click()
    page.get_by_role("button", name="Yes, end the call").click()  # End call is confirmed
    page.get_by_text("File the call log").wait_for()
    page.get_by_label("Trigger: the first event, not the loudest complaint").fill(
        "the booking moved"
    )
    page.get_by_label("Promise made: what you promised, with the time").fill(
        "confirmation by 3 p.m."
    )
    page.get_by_role("button", name="Submit and grade").click()
    page.get_by_text("fewer than five words").wait_for()  # four fields left empty: said so
    page.get_by_role("button", name="Grade with this log").click()
    page.get_by_text("Your graded call").wait_for()
    page.get_by_text("Heat over the call").wait_for()
    page.get_by_role("button", name="Retry from this turn").wait_for()
    assert "Stay calm" in _text(page)
    _shot(page, "report", 2000)

    # A coach signs in, opens the call, overrides a step with a reason.
    page.get_by_text("Coach sign-in").click()
    page.get_by_label("Passcode").fill(PASSCODE)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as a coach").wait_for()
    page.get_by_role("link", name="Review").click()
    page.get_by_text("Review calls").wait_for()
    page.get_by_text("Click a row to open the call").wait_for()
    grid = page.get_by_test_id("stDataFrame").first
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the newest call's row: ours
    page.get_by_role("button", name="Close this call").wait_for()
    page.get_by_label("Coach score").fill("100")
    page.get_by_label("Reason").fill("The first reply named the stress; worth full marks.")
    page.get_by_role("button", name="Override score").click()
    page.get_by_role("button", name="Yes, override").click()  # a score change is confirmed
    page.get_by_test_id("stMetricDelta").first.wait_for()  # coach total beside the machine's
    page.get_by_label("Comment").fill("Name the missed connection in your first line.")
    page.get_by_role("button", name="Add comment").click()
    page.get_by_text("Comment added to turn").wait_for()
    page.get_by_text("Name the missed connection in your first line.").first.wait_for()
    page.wait_for_timeout(1500)  # the rerun draws the export buttons after the transcript
    opened = (
        page.get_by_role("heading", name="Call ", exact=False)
        .filter(has_text=":")
        .first.inner_text()
    )
    with page.expect_download() as download:  # the export is the open call's, not another's
        page.get_by_role("button", name="JSON").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["session_id"] in opened and exported["overrides"] and exported["comments"]
    _shot(page, "review", 1600)

    # ... and assigns a drill to a team.
    page.get_by_role("link", name="Drills").click()
    page.get_by_text("Create a drill").wait_for()
    page.get_by_role("textbox", name="Title").fill("Monthly refresher: aggressive callers")
    pickers = page.get_by_test_id("stMultiSelect")
    for picker, choice in ((0, "aggressive / bank_duplicate_charge"), (1, "Team North")):
        pickers.nth(picker).click()
        page.keyboard.type(choice)  # teams come from the list: chosen, never typed in
        page.get_by_role("option", name=choice).first.wait_for()
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        pickers.nth(picker).get_by_text(choice).wait_for()
    page.get_by_role("button", name="Create and assign").click()
    page.get_by_text("assigned: Team North (3 trainees)").wait_for()
    _shot(page, "drills")
    # ... edits it ...
    page.get_by_role("combobox", name="Edit or archive a drill").click()
    page.get_by_role("option", name="Monthly refresher: aggressive callers").click()
    page.get_by_role("button", name="Save changes").wait_for()
    page.wait_for_timeout(1000)  # the edit form, drawn by the rerun the choice made
    title = page.get_by_role("textbox", name="Title").first
    title.fill("Monthly refresher: aggressive callers (December)")
    title.press("Tab")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("(December)\u201d saved: Team North (3 trainees)").wait_for()
    page.get_by_role("link", name="Team dashboard").click()
    page.get_by_text("Trainee by step").wait_for()
    _shot(page, "dashboard", 1500)

    # The trainee reopens the report and reads the coach's feedback.
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("Coach sign-in (passcode)").wait_for()
    page.get_by_role("link", name="My progress").click()
    page.get_by_text("new feedback on 1 call").wait_for()
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the newest call
    page.get_by_text("The first reply named the stress").wait_for()  # the override's reason
    page.get_by_text("Name the missed connection").wait_for()  # the comment, under its turn
    _shot(page, "feedback", 1800)

    # ... and, joining Team North, starts the drill from the Drills page.
    page.get_by_role("combobox", name="Team").click()
    page.get_by_role("option", name="Team North").click()
    page.get_by_role("link", name="Drills").click()
    page.get_by_text("Due for you").wait_for()
    page.get_by_role(
        "button", name="Start: Monthly refresher: aggressive callers (December)"
    ).click()
    page.get_by_test_id("stChatInputTextArea").wait_for()  # the drill's call is running
    assert "Bank" in _text(page) or "charge" in page.content()
    page.close()
