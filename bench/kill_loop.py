"""kill -9 in the middle of a piped practice call, then `--resume` (issue 15): is anything lost?

Run: .venv/bin/python bench/kill_loop.py [--runs 20] [--seed N] [--json]

Each run starts `defuse practice` in its own temp DEFUSE_HOME and SQLite database, pipes
trainee lines into it, and sends SIGKILL at a random moment of one of four phases:

- ``startup``: before or while the call is created;
- ``typing``: some lines sent, at a random time while the customer is answering them;
- ``reply``: right after a line is written, while its turn or its reply is being committed;
- ``call-log``: after ``/end`` and ``log.<field>: ...`` lines, while the call log is read or
  the call is graded.

A line counts as accepted once the process has printed the customer's reply to it, or once
it is in the database. After the kill, `defuse practice --resume ID --report json` finishes
the call (the lines not yet accepted, /end, a call-log line). Reported: accepted lines lost
(not in the database afterwards), lines stored twice, resumes that worked, and calls that
cannot be graded afterwards. Exits 1 when a line is lost or duplicated, a resume fails, or a
call cannot be graded.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from simulator.storage import Store  # noqa: E402

PAIRS = (
    ("impatient", "hvac_missed_window"),
    ("complainer", "hotel_double_booking"),
    ("aggressive", "airline_missed_connection"),
    ("entitled", "bank_duplicate_charge"),
    ("chronic_caller", "internet_outage_remote_worker"),
    ("silent_dissenter", "dental_billing_surprise"),
)
LINES = (
    "I'm so sorry about this, that sounds really frustrating. What happened?",
    "Can you tell me a bit more about when it started?",
    "Which reference number is on your paperwork?",
    "Who did you speak to about it before today?",
    "What would a good result look like for you today?",
    "So the main problem is the delay, is that right?",
    "Let me check the account while we talk.",
    "How has this affected your week?",
)
LOG = (
    "log.trigger: the first promise was missed",
    "log.customer_state: angry, then calmer",
    "log.desired_outcome: a fix today",
    "log.promise_made: call back by 3 pm",
)
PHASES = ("startup", "typing", "reply", "call-log")


@dataclass
class Run:
    """One kill and its resume."""

    number: int
    phase: str
    persona: str
    scenario: str
    killed_after_s: float = 0.0
    session: str | None = None
    accepted: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    outcome_at_kill: str | None = None
    graded_at_kill: bool = False
    pending_at_kill: bool = False
    """A trainee turn was saved but not yet answered (resume answers it first)."""
    resumed: bool | None = None
    """None: nothing to resume (no call yet, or graded before the kill)."""
    resume_error: str = ""
    gradable: bool | None = None


class Reader:
    """Collects a process's stdout lines as they come."""

    def __init__(self, stream: Any) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: Any) -> None:
        for raw in stream:
            self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def replies(self) -> int:
        return sum(1 for line in self.lines if line.startswith("Customer: ") and "[heat" in line)

    def answered(self) -> list[str]:
        """Agent lines whose customer reply was printed."""
        out = []
        for line, after in itertools.pairwise(self.lines):
            if line.startswith("Agent: ") and after.startswith("Customer: ") and "[heat" in after:
                out.append(line.removeprefix("Agent: "))
        return out

    def join(self) -> None:
        self._thread.join(timeout=10)


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEFUSE_", "OPENAI_"))}
    env.update(
        DEFUSE_HOME=str(tmp / "home"),
        DEFUSE_DATABASE_URL=f"sqlite:///{tmp / 'defuse.db'}",
        DEFUSE_TRAINEE="kill-loop",
    )
    return env


def _wait(predicate: Any, proc: subprocess.Popen[bytes], limit: float) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def _send(proc: subprocess.Popen[bytes], *lines: str) -> None:
    assert proc.stdin is not None
    proc.stdin.write("".join(line + "\n" for line in lines).encode())
    proc.stdin.flush()


def play_and_kill(run: Run, rng: random.Random, tmp: Path, said: list[str]) -> Reader:
    """Start the call, feed it and SIGKILL it in the run's phase; ``said`` gets lines sent."""
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "simulator", "practice"),
            *("--persona", run.persona, "--scenario", run.scenario),
            *("--seed", str(rng.randrange(1000)), "--report", "text"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=tmp,
        env=_env(tmp),
        start_new_session=True,
    )
    reader = Reader(proc.stdout)
    started = time.monotonic()
    lines = list(rng.sample(LINES, rng.randint(3, 6)))
    try:
        if run.phase == "startup":
            time.sleep(rng.uniform(1.0, 5.0))  # the CLI takes about 3 s to store the call
        else:
            # The header line means the call is stored and its opening printed.
            _wait(lambda: any(x.startswith("session ") for x in reader.lines), proc, 60)
            if run.phase == "typing":
                first = rng.randint(1, len(lines))
                said += lines[:first]
                _send(proc, *lines[:first])
                time.sleep(rng.uniform(0.0, 0.4 * first))
            elif run.phase == "reply":
                upto = rng.randint(1, len(lines))
                for index, line in enumerate(lines[:upto]):
                    said.append(line)
                    _send(proc, line)
                    if index < upto - 1:
                        _wait(lambda n=index + 1: reader.replies() >= n, proc, 30)
                time.sleep(rng.uniform(0.0, 0.08))
            else:
                said += lines
                _send(proc, *lines)
                _wait(lambda: reader.replies() >= len(lines) or proc.poll() is not None, proc, 60)
                _send(proc, "/end", *LOG[: rng.randint(1, len(LOG))])
                if rng.random() < 0.5:  # end of input: killed while the call is graded
                    assert proc.stdin is not None
                    proc.stdin.close()
                time.sleep(rng.uniform(0.0, 0.6))
    finally:
        run.killed_after_s = round(time.monotonic() - started, 2)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        reader.join()
    return reader


def stored_agent_lines(url: str, session: str) -> list[str]:
    store = Store(url)
    try:
        return [t.text for t in store.load(session).turns if t.speaker == "agent"]
    finally:
        store.close()


def one_run(number: int, phase: str, rng: random.Random) -> Run:
    persona, scenario = rng.choice(PAIRS)
    run = Run(number, phase, persona, scenario)
    with tempfile.TemporaryDirectory(prefix="defuse-kill-") as name:
        tmp = Path(name)
        url = f"sqlite:///{tmp / 'defuse.db'}"
        said: list[str] = []
        reader = play_and_kill(run, rng, tmp, said)
        if not (tmp / "defuse.db").exists():
            return run
        store = Store(url)
        try:
            rows = store.history(None, 10)
            if not rows:
                return run
            record = store.load(rows[0].id)
        finally:
            store.close()
        run.session = record.id
        run.outcome_at_kill = record.outcome
        run.graded_at_kill = record.grade is not None
        run.pending_at_kill = record.pending_turn is not None
        in_db = [t.text for t in record.turns if t.speaker == "agent"]
        accepted = set(reader.answered()) | set(in_db)
        run.accepted = len(accepted)
        if not run.graded_at_kill:
            rest = [line for line in said if line not in accepted]
            if not in_db and not rest:  # killed before any line: say one, or nothing grades
                rest = [LINES[0]]
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "simulator",
                    "practice",
                    "--resume",
                    record.id,
                    "--report",
                    "json",
                ],
                input="".join(f"{x}\n" for x in [*rest, "/end", LOG[0]]).encode(),
                capture_output=True,
                cwd=tmp,
                env=_env(tmp),
                timeout=120,
                check=False,
            )
            try:
                graded = json.loads(done.stdout)["grade"] is not None
            except (ValueError, KeyError, TypeError):
                graded = False
            run.resumed = done.returncode == 0 and graded
            if not run.resumed:
                said_back = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
                run.resume_error = f"exit {done.returncode}: {said_back[:200]}"
        after = stored_agent_lines(url, record.id)
        run.lost = sorted(accepted - set(after))
        run.duplicated = sorted(line for line, n in Counter(after).items() if n > 1)
        store = Store(url)
        try:
            run.gradable = store.load(record.id).grade is not None
        finally:
            store.close()
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(10**6)
    rng = random.Random(seed)
    # Every phase is tried; the call-log phase twice as often (it is the one issue 15 found).
    phases = [PHASES[i % len(PHASES)] for i in range(options.runs)]
    phases = [p if i % 5 else "call-log" for i, p in enumerate(phases)]
    runs = []
    for number, phase in enumerate(phases, start=1):
        run = one_run(number, phase, rng)
        runs.append(run)
        if not options.json:
            print(
                f"[{number:>2}] {phase:<8} killed at {run.killed_after_s:5.2f}s "
                f"session={run.session or '-':<12} accepted={run.accepted} "
                f"outcome={run.outcome_at_kill or '-'} graded={run.graded_at_kill} "
                f"resumed={run.resumed} lost={len(run.lost)} gradable={run.gradable}",
                file=sys.stderr,
                flush=True,
            )
    calls = [r for r in runs if r.session]
    tried = [r for r in runs if r.resumed is not None]
    summary = {
        "seed": seed,
        "kills": len(runs),
        "by_phase": dict(Counter(r.phase for r in runs)),
        "calls_stored": len(calls),
        "killed_in_call_log": sum(1 for r in calls if r.outcome_at_kill and not r.graded_at_kill),
        "saved_unanswered_at_kill": sum(1 for r in calls if r.pending_at_kill),
        "accepted_lines": sum(r.accepted for r in runs),
        "accepted_lines_lost": sum(len(r.lost) for r in runs),
        "lines_stored_twice": sum(len(r.duplicated) for r in runs),
        "resumes_tried": len(tried),
        "resumes_worked": sum(1 for r in tried if r.resumed),
        "graded_before_the_kill": sum(1 for r in calls if r.graded_at_kill),
        "calls_not_gradable": sum(1 for r in calls if not r.gradable),
    }
    if options.json:
        print(json.dumps({**summary, "runs": [asdict(r) for r in runs]}, indent=2))
    else:
        width = max(len(k) for k in summary)
        for key, value in summary.items():
            print(f"{key:<{width}}  {value}")
        for r in runs:
            if r.lost or r.duplicated or r.resumed is False or (r.session and not r.gradable):
                print(
                    f"run {r.number} ({r.phase}): lost {r.lost} twice {r.duplicated} "
                    f"resume: {r.resume_error or r.resumed}"
                )
    bad = (
        summary["accepted_lines_lost"]
        or summary["lines_stored_twice"]
        or summary["resumes_worked"] != summary["resumes_tried"]
        or summary["calls_not_gradable"]
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
