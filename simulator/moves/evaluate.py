"""Scoring the detector against a hand-labelled set: per-label precision, recall and F1."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from simulator.models.moves import Move
from simulator.moves.detector import Detector


@dataclass(frozen=True)
class Example:
    """One labelled agent utterance."""

    id: str
    text: str
    context: str | None
    moves: frozenset[Move]
    kind: str
    split: str


@dataclass(frozen=True)
class LabelScore:
    """Precision, recall and F1 of one label."""

    move: Move
    support: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Evaluation:
    """Scores over one set of examples."""

    labels: tuple[LabelScore, ...]
    examples: int

    @property
    def macro_f1(self) -> float:
        """Unweighted mean F1 over labels with at least one positive."""
        scored = [s.f1 for s in self.labels if s.support]
        return sum(scored) / len(scored) if scored else 0.0


def load_examples(path: Path) -> list[Example]:
    """Read a JSON-lines labelled set, or every ``*.jsonl`` file in a folder, in name order."""
    if path.is_dir():
        return [e for part in sorted(path.glob("*.jsonl")) for e in load_examples(part)]
    rows = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        data = json.loads(line)
        rows.append(
            Example(
                id=str(data["id"]),
                text=data["text"],
                context=data.get("context"),
                moves=frozenset(Move(m) for m in data["moves"]),
                kind=data.get("kind", ""),
                split=data.get("split", "dev"),
            )
        )
    return rows


def evaluate(detector: Detector, examples: Sequence[Example]) -> Evaluation:
    """Run the detector on each example and score every label."""
    predicted = [frozenset(detector.detect(e.text, e.context).moves) for e in examples]
    return score(examples, predicted)


def score(examples: Sequence[Example], predicted: Iterable[frozenset[Move]]) -> Evaluation:
    """Per-label scores from gold and predicted label sets."""
    tp = dict.fromkeys(Move, 0)
    fp = dict.fromkeys(Move, 0)
    fn = dict.fromkeys(Move, 0)
    for example, found in zip(examples, predicted, strict=True):
        for move in Move:
            if move in found and move in example.moves:
                tp[move] += 1
            elif move in found:
                fp[move] += 1
            elif move in example.moves:
                fn[move] += 1
    labels = []
    for move in Move:
        p = tp[move] / (tp[move] + fp[move]) if tp[move] + fp[move] else 0.0
        r = tp[move] / (tp[move] + fn[move]) if tp[move] + fn[move] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        labels.append(LabelScore(move, tp[move] + fn[move], p, r, f1))
    return Evaluation(tuple(labels), len(examples))
