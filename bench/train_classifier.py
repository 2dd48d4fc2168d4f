"""Train the learned move classifier and compare rules alone with rules + classifier.

Run: .venv/bin/python bench/train_classifier.py [--holdout WRITER] [--save]
The corpus is tests/data/corpus/*.jsonl (one file per writer, none of whom saw the rules or
the phrase banks). One writer is held out (default: the last file); thresholds are chosen by
cross-validation over the other writers (each left out in turn), so the held-out writer is
never used for anything but the figures printed at the end. --save writes the classifier
trained on every writer but the held-out one to simulator/moves/classifier.npz.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from simulator.content import default_content
from simulator.models.moves import Move
from simulator.moves import detector_for
from simulator.moves.learned import Classifier, Fused, features, train

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus"
MOVES = tuple(Move)
GRID = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99, 1.01)


def load() -> list[dict[str, object]]:
    rows = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return rows


def labels(rows: list[dict[str, object]]) -> np.ndarray:
    y = np.zeros((len(rows), len(MOVES)))
    for i, r in enumerate(rows):
        for m in r["moves"]:  # type: ignore[union-attr]
            y[i, MOVES.index(Move(m))] = 1
    return y


def f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    return np.where(tp > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)


def counts(pred: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        (pred * y).sum(0),
        (pred * (1 - y)).sum(0),
        ((1 - pred) * y).sum(0),
    )


def main() -> None:
    rows = load()
    writers = sorted({str(r["writer"]) for r in rows})
    hold = sys.argv[sys.argv.index("--holdout") + 1] if "--holdout" in sys.argv else writers[-1]
    detector = detector_for(default_content())
    t0 = time.perf_counter()
    x = features([str(r["text"]) for r in rows], [r.get("context") for r in rows])  # type: ignore[misc]
    print(f"embedded {len(rows)} lines in {time.perf_counter() - t0:.1f} s")
    y = labels(rows)
    rule = np.zeros_like(y)
    for i, r in enumerate(rows):
        for m in detector.detect(str(r["text"]), r.get("context")).moves:  # type: ignore[arg-type]
            rule[i, MOVES.index(m)] = 1
    writer = np.array([str(r["writer"]) for r in rows])
    train_writers = [w for w in writers if w != hold]
    # Thresholds: leave one training writer out at a time, pool the fused counts.
    pooled = np.zeros((len(GRID), 3, len(MOVES)))
    for left in train_writers:
        fit = (writer != hold) & (writer != left)
        test = writer == left
        model = train(x[fit], y[fit], MOVES)
        p = model.probabilities(x[test])
        for g, t in enumerate(GRID):
            fused = np.maximum(rule[test], (p >= t).astype(float))
            pooled[g] += np.array(counts(fused, y[test]))
    scores = np.array([f1(*pooled[g]) for g in range(len(GRID))])
    thresholds = np.array([GRID[int(np.argmax(scores[:, j]))] for j in range(len(MOVES))])
    fit = writer != hold
    model = train(x[fit], y[fit], MOVES)
    model = Classifier(model.moves, model.weights, model.bias, thresholds)
    test = writer == hold
    p = model.probabilities(x[test])
    fused = np.maximum(rule[test], (p >= thresholds).astype(float))
    rules_f1 = f1(*counts(rule[test], y[test]))
    fused_f1 = f1(*counts(fused, y[test]))
    print(f"held-out writer {hold}: {int(test.sum())} lines; trained on {', '.join(train_writers)}")
    print("| move | rules F1 | fused F1 | threshold |")
    print("|---|---|---|---|")
    for j, m in enumerate(MOVES):
        print(f"| {m.value} | {rules_f1[j]:.2f} | {fused_f1[j]:.2f} | {thresholds[j]:.2f} |")
    print(f"| **macro-F1** | **{rules_f1.mean():.3f}** | **{fused_f1.mean():.3f}** | |")
    if "--save" in sys.argv:
        model.save()
        print("saved simulator/moves/classifier.npz")
    fused_layer = Fused(model)
    texts = [str(r["text"]) for r in rows[:2000]]
    ctx = [r.get("context") for r in rows[:2000]]
    t0 = time.perf_counter()
    found = [detector.detect(t, c) for t, c in zip(texts, ctx, strict=True)]  # type: ignore[arg-type]
    rules_time = time.perf_counter() - t0
    t0 = time.perf_counter()
    fused_layer.detect_many(texts, ctx, found)  # type: ignore[arg-type]
    extra = time.perf_counter() - t0
    print(
        f"speed on 2,000 lines: rules {2000 / rules_time:,.0f}/s, "
        f"rules + classifier {2000 / (rules_time + extra):,.0f}/s"
    )


if __name__ == "__main__":
    main()
