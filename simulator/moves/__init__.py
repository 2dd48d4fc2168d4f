"""Move detection: which de-escalation moves an agent utterance makes, with evidence spans."""

from functools import lru_cache

from simulator.content import ContentSet
from simulator.moves.detector import Detection, Detector, Span


@lru_cache(maxsize=4)
def detector_for(content: ContentSet) -> Detector:
    """The detector fed by a content set's phrase banks, built once per content set."""
    return Detector(content.phrases())


__all__ = ["Detection", "Detector", "Span", "detector_for"]
