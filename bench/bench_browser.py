"""The web app's speed as a person feels it, in Debian's headless Chromium (issue 16 figures).

Run: .venv/bin/python bench/bench_browser.py [--rounds 5]

Measured from the browser, wall clock, medians over the rounds (the machine is shared and
noisy: read the ratios within one run, not the absolute numbers across runs):
- cold start: from starting the server process to the Practice page drawn in a new tab;
- reply: from pressing Enter on a trainee line to the customer's reply shown in full;
- report: from "Grade with this log" to the graded report's total on screen;
- page switch: from clicking a sidebar link to that page's title drawn.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_e2e_browser import app_env, launch_chromium, start_app  # noqa: E402

LINES = (
    "I'm so sorry, that sounds really stressful. What happened?",
    "Which day did you first notice it?",
    "What would a good outcome look like for you today?",
    "Here's what I'll do: I'm booking it now, confirmation by 3 p.m. today; if it slips I'll call by 4.",
)
REPLY_DONE = (
    "n => document.querySelectorAll('[data-testid=stChatMessage]').length >= n"
    " && !document.body.innerText.includes('typing\u2026')"
)


def one_round(browser: object) -> dict[str, list[float]]:
    folder = Path(tempfile.mkdtemp(prefix="defuse-bench-browser-"))
    env = app_env(folder)
    times: dict[str, list[float]] = {"cold start": [], "reply": [], "report": [], "page switch": []}
    began = time.perf_counter()
    server = start_app(folder, env)
    url = next(server)
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.set_default_timeout(120_000)
    page.goto(url)
    page.get_by_role("button", name="Start call").wait_for()
    times["cold start"].append(time.perf_counter() - began)
    page.get_by_role("button", name="Start call").click()
    chat = page.get_by_test_id("stChatInputTextArea")
    chat.wait_for()
    for line in LINES:
        before = page.get_by_test_id("stChatMessage").count()
        chat.fill(line)
        start = time.perf_counter()
        chat.press("Enter")
        page.wait_for_function(REPLY_DONE, arg=before + 2)
        times["reply"].append(time.perf_counter() - start)
    page.get_by_role("button", name="End call").click()
    page.get_by_role("button", name="Yes, end the call").click()
    page.get_by_text("File the call log").wait_for()
    page.get_by_role("button", name="Submit and grade").click()
    page.get_by_role("button", name="Grade with this log").click()
    start = time.perf_counter()
    page.get_by_text("Your graded call").wait_for()
    page.get_by_test_id("stMetricValue").first.wait_for()
    times["report"].append(time.perf_counter() - start)
    for link, title in (
        ("My progress", "Progress:"),
        ("Drills", "Due for you"),
        ("Content", "Content"),
        ("Practice", "Your graded call"),
    ):
        start = time.perf_counter()
        page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=link).click()
        page.get_by_text(title).first.wait_for()
        times["page switch"].append(time.perf_counter() - start)
    page.close()
    server.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    merged: dict[str, list[float]] = {}
    browsers = launch_chromium()
    browser = next(browsers)
    for _ in range(args.rounds):
        for name, values in one_round(browser).items():
            merged.setdefault(name, []).extend(values)
    browsers.close()
    summary = {
        name: {
            "n": len(v),
            "median_s": round(statistics.median(v), 3),
            "max_s": round(max(v), 3),
        }
        for name, v in merged.items()
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(f"{'measure':<12} {'n':>3} {'median':>9} {'max':>9}")
    for name, row in summary.items():
        print(f"{name:<12} {row['n']:>3} {row['median_s']:>8.2f}s {row['max_s']:>8.2f}s")


if __name__ == "__main__":
    main()
