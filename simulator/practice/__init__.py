"""The practice loop: the session engine, the mood model and the offline customer."""

from simulator.practice.engine import CallSetup, PracticeError, SessionEngine, TurnResult
from simulator.practice.state import CallState, MoodTrace, Outcome

__all__ = [
    "CallSetup",
    "CallState",
    "MoodTrace",
    "Outcome",
    "PracticeError",
    "SessionEngine",
    "TurnResult",
]
