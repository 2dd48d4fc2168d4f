"""Where the database lives: DEFUSE_DATABASE_URL, or a SQLite file in the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

ENV_DATABASE_URL = "DEFUSE_DATABASE_URL"
ENV_HOME = "DEFUSE_HOME"


def data_dir() -> Path:
    """DEFUSE_HOME, else $XDG_DATA_HOME/defuse, else ~/.local/share/defuse."""
    if os.environ.get(ENV_HOME):
        return Path(os.environ[ENV_HOME]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "defuse"


def database_url() -> str:
    """The configured database URL (SQLite or PostgreSQL)."""
    return os.environ.get(ENV_DATABASE_URL) or f"sqlite:///{data_dir() / 'defuse.db'}"


def describe_url(url: str) -> str:
    """The database as shown to a user: a SQLite file's path, or the URL without a password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(Path(parsed.database or ":memory:").resolve()) if parsed.database else ":memory:"
    return parsed.render_as_string(hide_password=True)
