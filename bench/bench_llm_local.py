"""LLM turns on the real local model: latency, Defuse's own overhead, shown vs replaced, judge.

Run: .venv/bin/python bench/bench_llm_local.py [--turns N]   (or `make bench`)
Starts llama.cpp's server with SmolLM2-135M on 127.0.0.1 (../shared/tools/llama-server),
plays scripted practice calls across personas through the real HTTP path and the stored
session (a temporary SQLite file), and asks the judge once. Prints per-turn time to first
token, total, p50/p95, Defuse's overhead per turn (the turn's wall time less the time spent
waiting on the model's stream: prompt, guard, mood, detection, storage), the share of model replies shown versus replaced by the
offline line, and the judge's outcome. Exits 0 with a notice when the server cannot start.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from local_model import MODEL, Unavailable, start_local_model

from simulator.content import default_content
from simulator.grading import grader_for, read_transcript
from simulator.llm.actor import LLMActor
from simulator.llm.choice import ModelSpec
from simulator.llm.judge import build_judge
from simulator.practice import CallSetup
from simulator.session import Practice
from simulator.storage import Store

CALLS = (
    ("impatient", "hvac_missed_window"),
    ("aggressive", None),
    ("silent_dissenter", None),
    ("complainer", None),
)
LINES = (
    "I'm sorry about the trouble this has caused you. What happened?",
    "When did you first notice it, and what were you told then?",
    "What would you need from us today to put this right?",
    "I'll sort this out today and call you back by 4 p.m. with the result.",
    "Is there anything else about this we haven't covered?",
)
JUDGED = Path(__file__).resolve().parents[1] / "tests" / "data" / "calibration"
JUDGED_FILE = "4_silent_dissenter_poor.json"


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def play(turns: int) -> tuple[list[float], list[float | None], list[float], list[bool], list[str]]:
    """(turn wall times, first-token times, overheads, shown flags, rejection reasons)."""
    content = default_content()
    totals: list[float] = []
    firsts: list[float | None] = []
    overheads: list[float] = []
    shown: list[bool] = []
    reasons: list[str] = []
    store = Store(f"sqlite:///{tempfile.mkdtemp()}/bench.db")
    per_call = max(1, turns // len(CALLS))
    for index, (persona, named) in enumerate(CALLS):
        scenario = named or next(s.id for s in content.scenarios.values() if persona in s.personas)
        setup = CallSetup(persona, scenario, 2, index + 1)
        started = time.monotonic()
        call = Practice.start(content, store, setup, "bench", actor=ModelSpec.parse(MODEL))
        actor = call.engine.actor
        assert isinstance(actor, LLMActor)
        # The opening's wall time includes the endpoint check and building the client,
        # once per call: its turn is timed inside the actor instead.
        del started
        _record(actor, actor.turns[-1].total_s, totals, firsts, overheads, shown, reasons)
        for line in LINES[:per_call]:
            if call.ended:
                break
            started = time.monotonic()
            call.say(line)
            _record(actor, time.monotonic() - started, totals, firsts, overheads, shown, reasons)
        call.end()
    return totals, firsts, overheads, shown, reasons


def _record(
    actor: LLMActor,
    wall: float,
    totals: list[float],
    firsts: list[float | None],
    overheads: list[float],
    shown: list[bool],
    reasons: list[str],
) -> None:
    turn = actor.turns[-1]
    totals.append(wall)
    firsts.append(turn.first_token_s)
    overheads.append(wall - turn.model_s)
    shown.append(turn.shown)
    reasons.extend(turn.reasons)


def judge_once() -> str:
    """The judge's outcome on one calibration call: steps judged, or why it is unavailable."""
    content = default_content()
    path = JUDGED / JUDGED_FILE
    transcript = read_transcript(path)
    report = grader_for(content).grade(transcript)
    started = time.monotonic()
    result = build_judge(content, ModelSpec.parse(MODEL)).judge(transcript, report)
    took = time.monotonic() - started
    if result.unavailable:
        return f"judge unavailable ({result.unavailable}) after {took:.1f} s; rule total {report.total:g} stands"
    return (
        f"judged {len(result.steps)} steps in {took:.1f} s, {len(result.flags)} flags; "
        f"rule total {report.total:g}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=20, help="trainee turns across the calls")
    parser.add_argument("--no-judge", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    try:
        server = start_local_model()
    except Unavailable as exc:
        print(f"bench_llm_local: skipped: {exc}")
        return 0
    os.environ.update(OPENAI_BASE_URL=server.url, OPENAI_API_KEY="local")
    try:
        totals, firsts, overheads, shown, reasons = play(args.turns)
        verdict = None if args.no_judge else judge_once()
    finally:
        server.stop()
    ttft = [f for f in firsts if f is not None]
    print(f"local model {MODEL} at {server.url}; {len(totals)} customer turns (openings included)")
    print(
        f"turn total: p50 {statistics.median(totals):.2f} s, p95 {pct(totals, 95):.2f} s, "
        f"max {max(totals):.2f} s (target p95 < 15 s)"
    )
    if ttft:
        print(
            f"time to first token: p50 {statistics.median(ttft):.2f} s, p95 {pct(ttft, 95):.2f} s"
        )
    print(
        f"Defuse overhead per turn: p50 {statistics.median(overheads) * 1000:.1f} ms, "
        f"p95 {pct(overheads, 95) * 1000:.1f} ms, max {max(overheads) * 1000:.1f} ms "
        "(target < 50 ms)"
    )
    count = sum(shown)
    print(
        f"model replies shown: {count}/{len(shown)} ({100 * count / len(shown):.0f}%), "
        f"replaced by the offline line: {len(shown) - count}"
    )
    top = {}
    for reason in reasons:
        key = reason.split(" (")[0]
        top[key] = top.get(key, 0) + 1
    listed = ", ".join(f"{k} {v}" for k, v in sorted(top.items(), key=lambda kv: -kv[1])[:6])
    print(f"rejections: {listed or 'none'}")
    if verdict:
        print(verdict)
    return 0


if __name__ == "__main__":
    sys.exit(main())
