"""Shared fixtures: every test runs offline on temp data, never on the user's files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.delenv("DEFUSE_CONTENT_DIR", raising=False)
    monkeypatch.setenv("DEFUSE_DATABASE_URL", f"sqlite:///{tmp_path / 'defuse-test.db'}")
    monkeypatch.setenv("DEFUSE_HOME", str(tmp_path / "home"))
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "DEFUSE_COACH_PASSCODE_HASH",
        "DEFUSE_PRICES",
        "DEFUSE_MODEL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    yield
