"""A learned layer beside the rules: a move classifier on static sentence embeddings.

Each utterance (and the customer line before it) is embedded with WordLlama's bundled
256-dimension model (shipped inside the wordllama wheel; nothing is downloaded), and one
logistic regression per move, trained on tests/data/corpus/ by bench/train_classifier.py,
gives a probability. Fusion keeps every rule finding (the rules own spans and precision) and
adds a move the rules missed when its probability clears that move's threshold; the added
move's span is the sentence that scores highest for it.

The weights live in ``classifier.npz`` beside this file. Whether the fused detector is the
default is decided by measurement (docs/ACCURACY.md): it is used only when asked for.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from simulator.models.moves import ANTI_PATTERNS, Move, in_order
from simulator.moves.detector import Detection

WEIGHTS = Path(__file__).with_name("classifier.npz")
DIM = 256


class _Embedder:
    """WordLlama loaded once, from its own package folder, with downloads disabled."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model: Any = None

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            if self._model is None:
                import wordllama  # noqa: PLC0415 - only when the learned layer is used

                folder = Path(wordllama.__file__).parent
                self._model = wordllama.WordLlama.load(
                    dim=DIM, cache_dir=folder, disable_download=True
                )
        vectors = self._model.embed(list(texts), norm=True)
        return np.asarray(vectors, dtype=np.float32)


EMBED = _Embedder()


def features(texts: Sequence[str], contexts: Sequence[str | None]) -> np.ndarray:
    """The classifier's input: the utterance's embedding beside its context's."""
    text = EMBED(texts)
    ctx = EMBED([c or "" for c in contexts])
    return np.hstack([text, ctx])


@dataclass(frozen=True)
class Classifier:
    """One logistic regression per move, with the threshold fusion uses for it."""

    moves: tuple[Move, ...]
    weights: np.ndarray
    """(features, moves)"""
    bias: np.ndarray
    thresholds: np.ndarray

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> Classifier:
        """The trained classifier shipped beside this module."""
        data = np.load(path)
        moves = tuple(Move(str(m)) for m in data["moves"])
        return cls(moves, data["weights"], data["bias"], data["thresholds"])

    def save(self, path: Path = WEIGHTS) -> None:
        """Write the classifier (bench/train_classifier.py --save)."""
        np.savez_compressed(
            path,
            moves=np.array([m.value for m in self.moves]),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32),
        )

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """(rows, moves) probabilities for a feature matrix."""
        result: np.ndarray = 1.0 / (1.0 + np.exp(-(x @ self.weights + self.bias)))
        return result


def train(
    x: np.ndarray,
    y: np.ndarray,
    moves: tuple[Move, ...],
    l2: float = 1e-3,
    steps: int = 400,
    rate: float = 0.5,
) -> Classifier:
    """Fit one-vs-rest logistic regressions by full-batch gradient descent (numpy only)."""
    n, d = x.shape
    w = np.zeros((d, len(moves)), dtype=np.float64)
    b = np.zeros(len(moves), dtype=np.float64)
    positives = y.mean(axis=0).clip(1e-3, 1 - 1e-3)
    balance = np.where(y > 0, 0.5 / positives, 0.5 / (1 - positives))  # class-balanced
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        g = (p - y) * balance / n
        w -= rate * (x.T @ g + l2 * w)
        b -= rate * g.sum(axis=0)
    return Classifier(moves, w, b, np.full(len(moves), 0.9))


class Fused:
    """The rules' detection plus the moves the classifier is confident the rules missed."""

    def __init__(self, classifier: Classifier | None = None, charges: bool = False) -> None:
        self.classifier = classifier or Classifier.load()
        self.charges = charges
        """Whether the classifier may add anti-patterns too (by default it adds good moves
        only: a charge the rules did not make needs a quote a coach can check)."""

    def detect_many(
        self, texts: Sequence[str], contexts: Sequence[str | None], found: Sequence[Detection]
    ) -> list[Detection]:
        """Fuse a batch (one embedding call for all of it)."""
        if not texts:
            return []
        c = self.classifier
        probs = c.probabilities(features(texts, contexts))
        out = []
        for text, context, detection, row in zip(texts, contexts, found, probs, strict=True):
            added = [
                m
                for m, p, t in zip(c.moves, row, c.thresholds, strict=True)
                if p >= t and m not in detection.moves and (self.charges or m not in ANTI_PATTERNS)
            ]
            out.append(self._add(text, context, detection, added) if added else detection)
        return out

    def _add(
        self, text: str, context: str | None, detection: Detection, added: list[Move]
    ) -> Detection:
        bounds = list(detection.sentences) or [(0, len(text))]
        spans = dict(detection.spans)
        if len(bounds) == 1:
            best = {m: bounds[0] for m in added}
        else:
            parts = [text[s:e] for s, e in bounds]
            probs = self.classifier.probabilities(features(parts, [context] * len(parts)))
            index = {m: i for i, m in enumerate(self.classifier.moves)}
            best = {m: bounds[int(np.argmax(probs[:, index[m]]))] for m in added}
        for move, span in best.items():
            spans[move] = (span,)
        moves = in_order(frozenset(spans))
        return Detection(moves, spans, detection.stock, detection.sentences, detection.standard)
