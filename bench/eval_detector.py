"""Per-label precision, recall and F1 of the move detector on the labelled set (docs/ACCURACY.md).

Run: .venv/bin/python bench/eval_detector.py [--fresh] [--errors LABEL [dev|holdout]]
--fresh adds the table for tests/data/fresh/ (no --errors for it: it stays unread for tuning).
"""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.content import default_content
from simulator.moves import detector_for
from simulator.moves.evaluate import evaluate, load_examples

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "data" / "labelled"
FRESH = Path(__file__).resolve().parents[1] / "tests" / "data" / "fresh"
"""Written after all tuning by someone who never saw the rules; never used to tune them."""


def main() -> None:
    examples = load_examples(LABELLED)
    detector = detector_for(default_content())
    if len(sys.argv) > 2 and sys.argv[1] == "--errors":
        label = sys.argv[2]
        split = sys.argv[3] if len(sys.argv) > 3 else "dev"
        for e in examples:
            if e.split != split:
                continue
            found = {m.value for m in detector.detect(e.text, e.context).moves}
            gold = {m.value for m in e.moves}
            if (label in found) != (label in gold):
                kind = "FP" if label in found else "FN"
                print(
                    f"{kind} {e.id}: {e.text!r}  ctx={e.context!r}\n    gold={sorted(gold)} found={sorted(found)}"
                )
        return
    splits = {name: [e for e in examples if e.split == name] for name in ("dev", "holdout")}
    results = {name: evaluate(detector, rows) for name, rows in splits.items()}
    print(
        "| label | dev P | dev R | dev F1 | holdout P | holdout R | holdout F1 | support (dev/holdout) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    dev, hold = results["dev"], results["holdout"]
    for a, b in zip(dev.labels, hold.labels, strict=True):
        print(
            f"| {a.move.value} | {a.precision:.2f} | {a.recall:.2f} | {a.f1:.2f} | "
            f"{b.precision:.2f} | {b.recall:.2f} | {b.f1:.2f} | {a.support}/{b.support} |"
        )
    print(
        f"| **macro-F1** | | | **{dev.macro_f1:.3f}** | | | **{hold.macro_f1:.3f}** | "
        f"{dev.examples}/{hold.examples} utterances |"
    )
    if "--fresh" in sys.argv and FRESH.exists():
        fresh = evaluate(detector, load_examples(FRESH))
        print()
        print("| label | fresh P | fresh R | fresh F1 | support |")
        print("|---|---|---|---|---|")
        for score in fresh.labels:
            print(
                f"| {score.move.value} | {score.precision:.2f} | {score.recall:.2f} | "
                f"{score.f1:.2f} | {score.support} |"
            )
        print(f"| **macro-F1** | | | **{fresh.macro_f1:.3f}** | {fresh.examples} utterances |")


if __name__ == "__main__":
    main()
