"""Storage: trainees, teams, sessions, turns, call logs and grades in SQLite or PostgreSQL."""

from simulator.storage.config import database_url, describe_url
from simulator.storage.store import CallRow, SessionRecord, StorageError, Store, TurnRecord

__all__ = [
    "CallRow",
    "SessionRecord",
    "StorageError",
    "Store",
    "TurnRecord",
    "database_url",
    "describe_url",
]
