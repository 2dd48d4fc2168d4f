"""Load on PostgreSQL (issue 15 item 10): many trainees at once, two app processes, one database.

Run: scripts/with-postgres.sh .venv/bin/python bench/bench_load_pg.py
(the wrapper starts a throwaway PostgreSQL server and exports DEFUSE_TEST_POSTGRES_URL).

How a team grows past one process: ``--processes`` app processes (spawned, each with its own
``Store`` on the same database, as each web server process has) share ``--trainees`` trainees
between them, one thread per trainee. Every trainee starts a call through the session API
(``Practice.start``: personas, cases, difficulties and seeds vary over the shipped content),
says ``--turns`` lines back to back with the offline customer, each ``say`` timed on the wall
clock, and ends the call. All trainees start together, once every process has loaded its
content and warmed its detector. Afterwards the database is read back: every call must hold
exactly the lines its trainee said, in order, once each, each with its reading and the
customer's reply. Trainees, teams and calls are new names per run, so runs on one database
do not mix and the first calls of a new team are part of the load.

The lines are sent without pauses, which is harsher than people typing. A call the customer
ends early (hangs up, or settles) is kept going, as bench_practice.py does: the bench measures
turns under load, not how the story ends.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import queue as queues
import random
import statistics
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from simulator.content import ContentSet, default_content
from simulator.models.untrusted import storable_text
from simulator.practice import CallSetup, SessionEngine
from simulator.session import Practice
from simulator.storage import SessionRecord, Store

URL_VARIABLE = "DEFUSE_TEST_POSTGRES_URL"
NO_URL = (
    f"no PostgreSQL URL: pass --url, or run under scripts/with-postgres.sh, which starts a "
    f"throwaway server and sets {URL_VARIABLE} (scripts/with-postgres.sh .venv/bin/python "
    "bench/bench_load_pg.py)"
)
READY_SECONDS = 300.0
"""How long a process waits for the others to load before the run is called off."""
RUN_SECONDS = 900.0
"""How long the parent waits for the trainees' results; those missing by then are errors."""
TEAM_SIZE = 10
"""Trainees per team (at least one team); every team has members in every process."""

LINES = (
    "I'm so sorry, {name}, that sounds really stressful. What happened?",
    "ok so what happened exactly? i want to get this right",
    "When did you first notice the problem?",
    "sry about that, thats not the service u shouldve had",
    "So the main thing is that it wasn't sorted when we said it would be, is that right?",
    "What would a good outcome look like for you today?",
    "i hear u, that would make me angry too",
    "Let me pull up your account while we talk, {name}.",
    "Who did you speak to about this before today?",
    "got it. can u tell me what they said last time?",
    "Here's what I'll do: I'm raising it with the team now and you'll have an update by 3 p.m. today.",
    "I understand this has cost you time, and I'm not going to make you repeat it.",
    "hmm ok, lemme check what i can do from here",
    "If that falls through, I'll call you back by 5 p.m. with the next option.",
    "Thanks for bearing with me, {name}. I know this is the last thing you needed.",
    "so just to check, u need it fixed today not another window?",
    "I can see where it went wrong on our side, and that's on us.",
    "What's the best number to reach you on this afternoon?",
    "ill stay on it myself til its done, u wont have to chase it",
    "I'll send you an email by 4 p.m. confirming what we agreed.",
    "Is there anything else about this I should know before I book it?",
    "ok thanks for telling me that, it helps",
    "I'll call you tomorrow at 10 a.m. to check it all went through.",
    "Is there anything else I can help with today, {name}?",
)
"""Trainee lines in call order, some in chat style; each trainee says most of them."""


@dataclass(frozen=True)
class TraineePlan:
    """What one trainee does: who they are, the call they take and the lines they say."""

    index: int
    name: str
    team: str
    persona: str
    scenario: str
    difficulty: int
    seed: int
    lines: tuple[str, ...]


@dataclass
class CallResult:
    """What one trainee's thread saw: the call, the lines said, their times, any failure."""

    index: int
    session_id: str | None = None
    said: list[str] = field(default_factory=list)
    """Lines whose ``say`` returned."""
    failed_line: str | None = None
    """The line being said when the error happened (it may or may not be stored)."""
    turn_ms: list[float] = field(default_factory=list)
    error: str | None = None
    started: float = 0.0
    finished: float = 0.0


@dataclass(frozen=True)
class Check:
    """The database read back against what the trainees said."""

    lost: int
    """Lines said (``say`` returned) that are not stored."""
    duplicated: int
    """Stored trainee turns beyond one per line said."""
    misordered: int
    """Calls whose stored trainee turns are not the lines said, in the order said."""
    unanswered: int
    """Stored trainee turns without their reading or without the customer's reply."""
    unreadable: int
    """Calls that could not be read back."""


@dataclass(frozen=True)
class LoadReport:
    """The figures of one run."""

    processes: int
    trainees: int
    turns_planned: int
    turns: int
    """Turns that were said (``say`` returned)."""
    p50_ms: float
    p95_ms: float
    max_ms: float
    wall_s: float
    turns_per_s: float
    lost: int
    duplicated: int
    misordered: int
    unanswered: int
    unreadable: int
    errors: int
    first_error: str | None
    load_before: float
    """The host's 1-minute load average before the run (other work on the machine)."""
    load_after: float

    @property
    def ok(self) -> bool:
        """True when nothing was lost, doubled, misordered or unanswered and nothing failed."""
        return not (
            self.lost
            or self.duplicated
            or self.misordered
            or self.unanswered
            or self.unreadable
            or self.errors
        )


def plans(content: ContentSet, trainees: int, turns: int, tag: str) -> list[TraineePlan]:
    """One plan per trainee, cycling through every (case, persona) pair and difficulty."""
    pairs = sorted((s.id, p) for s in content.scenarios.values() for p in s.personas)
    teams = max(1, trainees // TEAM_SIZE)
    out = []
    for index in range(trainees):
        scenario, persona = pairs[index % len(pairs)]
        name = content.scenarios[scenario].customer.name.split()[0]
        # Each trainee leaves out a different few lines and keeps the rest in call order.
        kept = sorted(random.Random(index).sample(range(len(LINES)), min(turns, len(LINES))))
        order = [LINES[k] for k in kept] + [LINES[k % len(LINES)] for k in range(turns - len(kept))]
        # A line said twice in one call would hide a duplicated turn, so repeats are marked.
        lines = tuple(
            line.format(name=name) + (f" ({k // len(LINES) + 1})" if k >= len(LINES) else "")
            for k, line in enumerate(order)
        )
        out.append(
            TraineePlan(
                index=index,
                name=f"load-{tag}-{index:03d}",
                team=f"load-{tag}-team-{index % teams}",
                persona=persona,
                scenario=scenario,
                difficulty=1 + index % 3,
                seed=index,
                lines=lines,
            )
        )
    return out


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


def _call(
    content: ContentSet, store: Store, plan: TraineePlan, go: threading.Barrier
) -> CallResult:
    """One trainee's call, started when every trainee of every process is ready."""
    result = CallResult(plan.index)
    setup = CallSetup(plan.persona, plan.scenario, plan.difficulty, plan.seed, len(plan.lines) + 1)
    try:
        go.wait()
    except threading.BrokenBarrierError:
        result.error = f"{plan.name}: the run was called off before it started"
        return result
    result.started = time.time()
    step = "start"
    try:
        call = Practice.start(content, store, setup, plan.name, team=plan.team)
        result.session_id = call.session_id
        for number, line in enumerate(plan.lines, 1):
            if call.ended:
                # Keep the call going: the bench measures turns, not how the story ends.
                calm = {"outcome": None, "heat": 5.0, "maxed": 0, "stalled": 0}
                call.state = call.state.model_copy(update=calm)
            step, result.failed_line = f"turn {number}", line
            begin = time.perf_counter()
            call.say(line)
            result.turn_ms.append((time.perf_counter() - begin) * 1000)
            result.said.append(line)
            result.failed_line = None
        step = "end"
        call.end()
        call.close()
    except Exception as exc:  # every failure is reported, none stops the run
        result.error = f"{plan.name} ({plan.persona}, {plan.scenario}) {step}: {_first_line(exc)}"
    result.finished = time.time()
    return result


def _warm(content: ContentSet) -> None:
    """Load the detector, the spelling data and the line banks before the clock starts."""
    engine = SessionEngine(content, CallSetup("impatient", "hvac_missed_window"))
    _, state = engine.start()
    for line in ("ok so wat happened? sry bout that", LINES[10]):
        state = engine.step(state, line).state


def worker(url: str, chosen: list[TraineePlan], ready: Any, results: Any) -> None:
    """One app process: a Store of its own and one thread per trainee; results to the queue.

    ``ready`` is a barrier shared by every worker process; ``results`` a queue that
    gets one dict per trainee (plain dicts: a spawned process cannot send the parent its own
    ``__main__`` classes).
    """
    try:
        content = default_content()
        store = Store(url)
        _warm(content)
    except Exception as exc:  # reported as every trainee's error
        ready.abort()
        message = f"process {os.getpid()} could not start: {_first_line(exc)}"
        for plan in chosen:
            results.put(asdict(CallResult(plan.index, error=message)))
        return
    go = threading.Barrier(len(chosen) + 1)
    out: list[CallResult] = []
    threads = [
        threading.Thread(target=lambda p=plan: out.append(_call(content, store, p, go)))
        for plan in chosen
    ]
    for thread in threads:
        thread.start()
    try:
        ready.wait(READY_SECONDS)
        go.wait()
    except threading.BrokenBarrierError:
        go.abort()
    for thread in threads:
        thread.join()
    store.close()
    for result in out:
        results.put(asdict(result))


def check(store: Store, calls: Sequence[CallResult]) -> Check:
    """Read every call back and compare its stored trainee turns with the lines said."""
    lost = duplicated = misordered = unanswered = unreadable = 0
    for call in calls:
        if call.session_id is None:
            continue
        try:
            record = store.load(call.session_id)
        except Exception:  # counted, and the run fails
            unreadable += 1
            continue
        stored = [t.text for t in record.turns if t.speaker == "agent"]
        said = [storable_text(line).strip() for line in call.said]
        extra = Counter(stored) - Counter(said)
        if call.failed_line is not None:
            # The line being said when the error came may be stored once: it is not a double.
            extra -= Counter([storable_text(call.failed_line).strip()])
        lost += sum((Counter(said) - Counter(stored)).values())
        duplicated += sum(extra.values())
        if [text for text in stored if text in said] != said or extra:
            misordered += 1
        unanswered += _unanswered(record, answered=len(said))
    return Check(lost, duplicated, misordered, unanswered, unreadable)


def _unanswered(record: SessionRecord, answered: int) -> int:
    """Trainee turns among the first ``answered`` without their reading or the next reply."""
    missing = 0
    agent = [i for i, t in enumerate(record.turns) if t.speaker == "agent"][:answered]
    for position in agent:
        turn = record.turns[position]
        after = record.turns[position + 1] if position + 1 < len(record.turns) else None
        if turn.moves is None or after is None or after.speaker != "customer":
            missing += 1
    return missing


def run(url: str, processes: int = 2, trainees: int = 50, turns: int = 20) -> LoadReport:
    """Run the load and check the database; the figures of the run."""
    load_before = os.getloadavg()[0]
    content = default_content()
    store = Store(url)  # creates or migrates the schema before the workers open it
    tag = uuid.uuid4().hex[:6]
    everyone = plans(content, trainees, turns, tag)
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(processes)
    queue = context.Queue()
    workers = [
        context.Process(
            target=worker, args=(url, everyone[number::processes], ready, queue), daemon=True
        )
        for number in range(processes)
    ]
    for process in workers:
        process.start()
    calls: list[CallResult] = []
    deadline = time.monotonic() + RUN_SECONDS
    while len(calls) < trainees and time.monotonic() < deadline:
        try:
            calls.append(CallResult(**queue.get(timeout=5)))
        except queues.Empty:  # is anyone still working?
            if not any(process.is_alive() for process in workers):
                break
    for process in workers:
        process.join(timeout=max(1.0, deadline - time.monotonic()))
    load_after = os.getloadavg()[0]
    found = check(store, calls)
    store.close()
    errors = [call.error for call in calls if call.error]
    missing = trainees - len(calls)
    if missing:  # each one counts as an error
        errors += [f"{missing} trainee(s) never reported: a process died or hung"] * missing
    times = [ms for call in calls for ms in call.turn_ms]
    began = [call.started for call in calls if call.started]
    ended = [call.finished for call in calls if call.finished]
    wall = max(ended) - min(began) if began and ended else 0.0
    return LoadReport(
        processes=processes,
        trainees=trainees,
        turns_planned=trainees * turns,
        turns=len(times),
        p50_ms=statistics.median(times) if times else 0.0,
        p95_ms=statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else 0.0,
        max_ms=max(times, default=0.0),
        wall_s=wall,
        turns_per_s=len(times) / wall if wall else 0.0,
        lost=found.lost,
        duplicated=found.duplicated,
        misordered=found.misordered,
        unanswered=found.unanswered,
        unreadable=found.unreadable,
        errors=len(errors),
        first_error=errors[0] if errors else None,
        load_before=load_before,
        load_after=load_after,
    )


def table(report: LoadReport) -> str:
    """The report as a small text table."""
    rows = [
        ("processes", f"{report.processes}"),
        ("trainees", f"{report.trainees}"),
        ("turns", f"{report.turns} of {report.turns_planned}"),
        ("turn p50", f"{report.p50_ms:.1f} ms"),
        ("turn p95", f"{report.p95_ms:.1f} ms"),
        ("turn max", f"{report.max_ms:.1f} ms"),
        ("wall time", f"{report.wall_s:.2f} s"),
        ("turns per second", f"{report.turns_per_s:.1f}"),
        ("lost turns", f"{report.lost}"),
        ("duplicated turns", f"{report.duplicated}"),
        ("misordered calls", f"{report.misordered}"),
        ("unanswered turns", f"{report.unanswered}"),
        ("unreadable calls", f"{report.unreadable}"),
        ("errors", f"{report.errors}"),
        ("load average before, after", f"{report.load_before:.2f}, {report.load_after:.2f}"),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"{name:<{width}}  {value}" for name, value in rows]
    if report.first_error:
        lines.append(f"first error: {report.first_error}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--trainees", type=int, default=50)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--url", default=os.environ.get(URL_VARIABLE))
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if not args.url:
        print(f"bench_load_pg: {NO_URL}", file=sys.stderr)
        return 2
    if min(args.processes, args.trainees, args.turns) < 1:
        print(
            "bench_load_pg: --processes, --trainees and --turns must be at least 1", file=sys.stderr
        )
        return 2
    try:
        report = run(args.url, args.processes, args.trainees, args.turns)
    except Exception as exc:  # one line at the edge
        print(f"bench_load_pg: {_first_line(exc)}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({**asdict(report), "ok": report.ok}, indent=2))
    else:
        print(table(report))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
