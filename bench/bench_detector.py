"""Detection speed: the rules with and without chat-style reading, and with the learned layer.

Run: .venv/bin/python bench/bench_detector.py
Over the 6,000-line corpus (tests/data/corpus/), three rounds each, medians, all in one run so
the ratios hold on a busy machine. Also: start-up (building the detector; loading the learned
layer) and grading a 30-turn call.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from simulator.content import default_content
from simulator.grading import Grader
from simulator.models.transcript import Transcript, Turn
from simulator.moves import detector_for
from simulator.moves.learned import Fused

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus"


def rate(fn, n: int) -> float:
    rounds = []
    for _ in range(3):
        t0 = time.perf_counter()
        fn()
        rounds.append(n / (time.perf_counter() - t0))
    return statistics.median(rounds)


def main() -> None:
    rows = [json.loads(line) for p in sorted(CORPUS.glob("*.jsonl")) for line in p.open()]
    texts = [str(r["text"]) for r in rows]
    contexts = [r.get("context") for r in rows]
    t0 = time.perf_counter()
    detector = detector_for(default_content())
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    detector.detect("ill call u tmrw")
    speller = time.perf_counter() - t0
    # Grading runs first, on the default path: once the learned layer has run, numpy's
    # BLAS threads spin on a 2-core host and tripled the grading time (16 ms against 6 ms).
    turns = []
    for r in rows[:30]:
        turns += [
            Turn(speaker="customer", text=str(r["context"] or "Hello.")),
            Turn(speaker="agent", text=str(r["text"])),
        ]
    call = Transcript(turns=turns)
    grader = Grader(default_content())
    grader.grade(call)
    t0 = time.perf_counter()
    for _ in range(20):
        grader.grade(call)
    grade_ms = (time.perf_counter() - t0) / 20 * 1000
    t0 = time.perf_counter()
    fused = Fused()
    fused.detect_many(["warm up"], [None], [detector.detect("warm up")])
    learned = time.perf_counter() - t0
    pairs = list(zip(texts, contexts, strict=True))
    n = len(pairs)
    standard = rate(lambda: [detector.detect(t, c) for t, c in pairs], n)
    plain = rate(lambda: [detector._detect(t, c, ()) for t, c in pairs], n)

    def with_learned() -> None:
        found = [detector.detect(t, c) for t, c in pairs]
        fused.detect_many(texts, contexts, found)

    both = rate(with_learned, n)
    print(
        f"start-up: detector {built:.2f} s; spelling dictionary on first chat line {speller:.2f} s; learned layer {learned:.2f} s"
    )
    print(f"rules without chat-style reading: {plain:,.0f} utterances/s")
    print(f"rules (the default):              {standard:,.0f} utterances/s")
    print(f"rules + learned layer:            {both:,.0f} utterances/s")
    print(f"grading a 30-turn call: {grade_ms:.1f} ms")


if __name__ == "__main__":
    main()
