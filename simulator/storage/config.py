"""Where the database lives: DEFUSE_DATABASE_URL, or a SQLite file in the user's data folder."""

from __future__ import annotations

import hashlib
import hmac
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


def in_memory(url: str) -> bool:
    """True for a SQLite database that lives in memory and is lost when the process exits."""
    try:
        parsed = make_url(url)
    except Exception:
        return False
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


MEMORY_WARNING = (
    "warning: the database is in memory (sqlite://); nothing is kept after this command. "
    "Set DEFUSE_DATABASE_URL to a file, e.g. sqlite:///defuse.db"
)


ENV_COACH_PASSCODE = "DEFUSE_COACH_PASSCODE_HASH"
MIN_PASSCODE = 10
_COMMON = frozenset(
    """password passw0rd letmein welcome qwerty qwertyuiop abc123 iloveyou admin coach
    trustno1 monkey dragon football baseball sunshine princess""".split()
)


def passcode_problem(passcode: str, noun: str = "passcode") -> str | None:
    """Why a passcode or password is too weak (or not text), or None when it will do."""
    if any("\ud800" <= char <= "\udfff" for char in passcode):  # read from bytes not UTF-8
        return f"a {noun} must be UTF-8 text and this one has bytes that are not; type it again"
    if len(passcode) < MIN_PASSCODE:
        return f"a {noun} needs at least {MIN_PASSCODE} characters"
    if passcode.isdigit() or len(set(passcode)) < 4:
        return f"a {noun} needs more than digits or a few repeated characters"
    if passcode.lower().rstrip("0123456789!") in _COMMON:
        return f"that {noun} is too common; choose another"
    return None


PASSCODE_FILE = "coach_passcode"
_ITERATIONS = 200_000


def hash_passcode(passcode: str, salt: bytes | None = None) -> str:
    """A salted PBKDF2-SHA256 hash of a coach passcode, as one string."""
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", passcode.encode(), salt, _ITERATIONS)
    return f"pbkdf2_sha256${_ITERATIONS}${salt.hex()}${digest.hex()}"


def check_passcode(passcode: str, stored: str) -> bool:
    """True when ``passcode`` matches a hash made by :func:`hash_passcode`."""
    try:
        scheme, iterations, salt, digest = stored.strip().split("$")
    except ValueError:
        return False
    if scheme != "pbkdf2_sha256":
        return False
    actual = hashlib.pbkdf2_hmac("sha256", passcode.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(actual.hex(), digest)


def coach_passcode_hash() -> str | None:
    """The configured coach passcode hash: DEFUSE_COACH_PASSCODE_HASH, else the data folder's file."""
    if os.environ.get(ENV_COACH_PASSCODE):
        return os.environ[ENV_COACH_PASSCODE]
    path = data_dir() / PASSCODE_FILE
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def save_coach_passcode(passcode: str) -> Path:
    """Store a passcode's hash in the data folder; return the file written."""
    path = data_dir() / PASSCODE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(hash_passcode(passcode) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path
