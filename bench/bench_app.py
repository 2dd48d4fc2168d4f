"""Speed of the web app (issue 6 figures): a practice turn, and the dashboard on 10,000 calls.

Run: .venv/bin/python bench/bench_app.py   (or `make bench`)
Uses Streamlit's AppTest, which runs the page script as the server would (no browser): the
time of one rerun is the app time the page spends answering a turn. The dashboard figure
loads 10,000 synthetic graded calls from a temp SQLite file and renders the page.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from simulator.models import StepId

ROOT = Path(__file__).resolve().parents[1]
TURNS = (
    "I'm so sorry, that sounds really stressful. What happened?",
    "Which day did you first notice it?",
    "So it's the booking that went wrong, is that right?",
    "What would a good outcome look like for you today?",
    "Here's what I'll do: I'm booking it now, confirmation by 3 p.m. today; if it slips I'll call by 4.",
    "I'll call you tomorrow at 10 a.m. to check it all went through.",
)
STEPS = tuple(step.value for step in StepId)
MOVES = ("dismissive", "cite_policy", "vague_hold", "helpless", "multi_question", "argue")


def practice_turns(rounds: int = 6) -> list[float]:
    """Milliseconds per practice turn, as AppTest reruns of the Practice page."""
    from streamlit.testing.v1 import AppTest  # noqa: PLC0415

    times = []
    for _ in range(rounds):
        at = AppTest.from_file(str(ROOT / "simulator" / "app" / "main.py"), default_timeout=60)
        at.run()
        at.button(key="start_call").click().run()
        for text in TURNS:
            if at.chat_input(key="reply") is None:
                break
            at.chat_input(key="reply").set_value(text)
            start = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - start) * 1000)
    return times


def fill(url: str, calls: int) -> None:
    """Insert synthetic graded calls: 60 trainees in 6 teams, 20 weeks, six personas."""
    from simulator.storage import Store  # noqa: PLC0415
    from simulator.storage.schema import CallSession, Team, Trainee  # noqa: PLC0415

    store = Store(url)
    rng = random.Random(7)
    personas = (
        "impatient",
        "aggressive",
        "complainer",
        "silent_dissenter",
        "entitled",
        "chronic_caller",
    )
    with store.transaction() as db:
        teams = [Team(name=f"team {i}") for i in range(6)]
        db.add_all(teams)
        db.flush()
        people = [Trainee(name=f"trainee {i:02d}", team_id=teams[i % 6].id) for i in range(60)]
        db.add_all(people)
        db.flush()
        start = datetime(2026, 7, 1)
        rows = []
        for index in range(calls):
            scores = {step: float(rng.randint(0, 100)) for step in STEPS}
            rows.append(
                {
                    "id": f"b{index:011d}",
                    "trainee_id": people[index % 60].id,
                    "persona": personas[index % 6],
                    "scenario": "hvac_missed_window",
                    "difficulty": 2,
                    "seed": index,
                    "actor": "offline",
                    "max_turns": 30,
                    "started_at": start + timedelta(minutes=20 * index),
                    "outcome": "resolved",
                    "turns": 8,
                    "heat_start": 6.0,
                    "heat_end": 3.0,
                    "total": round(sum(scores.values()) / 6, 1),
                    "state": {},
                    "notes": [],
                    "step_scores": scores,
                    "anti_patterns": rng.sample(MOVES, rng.randint(0, 2)),
                }
            )
        db.execute(insert(CallSession), rows)
    store.close()


def dashboard(url: str, rounds: int = 5) -> tuple[list[float], list[float]]:
    """Seconds to load and aggregate 10,000 calls, and to render the whole page."""
    import streamlit as st  # noqa: PLC0415
    from streamlit.testing.v1 import AppTest  # noqa: PLC0415

    from simulator.app.dashboard_page import charts  # noqa: PLC0415
    from simulator.storage import Store  # noqa: PLC0415
    from simulator.storage.coaching import calls  # noqa: PLC0415

    store = Store(url)
    data_times, page_times = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        charts(calls(store))
        data_times.append(time.perf_counter() - start)
        st.cache_data.clear()  # measure a cold page, not a cached one
        at = AppTest.from_string(
            "from simulator.app.dashboard_page import render\nrender()\n", default_timeout=120
        )
        at.session_state["role"] = "coach"
        at.session_state["user_name"] = "bench coach"
        start = time.perf_counter()
        at.run()
        page_times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return data_times, page_times


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DEFUSE_DATABASE_URL"] = f"sqlite:///{Path(folder) / 'turns.db'}"
        turns = practice_turns()
        p95 = statistics.quantiles(turns, n=20)[18]
        print(
            f"practice page, offline actor: {len(turns)} turns, app time per turn "
            f"median {statistics.median(turns):.0f} ms, p95 {p95:.0f} ms (target < 300 ms)"
        )
        url = f"sqlite:///{Path(folder) / 'dash.db'}"
        fill(url, 10_000)
        os.environ["DEFUSE_DATABASE_URL"] = url
        data, page = dashboard(url)
        print(
            f"dashboard, 10,000 calls: load + aggregate + charts median {statistics.median(data):.2f} s; "
            f"whole page render median {statistics.median(page):.2f} s (target < 2 s)"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
