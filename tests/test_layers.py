"""Modules depend one way: nothing imports a layer above its own."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parent.parent / "simulator"
LAYERS = {
    "models": 0,
    "content": 1,
    "moves": 2,
    "practice": 3,
    "grading": 3,
    "llm": 4,
    "storage": 5,
    "reports": 6,
    "session": 7,
    "scripted": 7,
    "demo": 8,
    "cli": 9,
    "app": 9,
}
"""Each package's layer; a module may import its own layer's packages only where listed."""
SIDEWAYS: set[tuple[str, str]] = set()
"""Allowed imports between two packages of the same layer (none: practice and grading
share the moves layer below them instead)."""


ANYWHERE = {"simulator.storage.config"}
"""Configuration (where the data folder is) that any layer may read."""


def _package(path: Path) -> str:
    rel = path.relative_to(ROOT)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        found |= {
            n.split(".")[1] for n in names if n.startswith("simulator.") and n not in ANYWHERE
        }
    return found


def test_no_module_imports_a_layer_above_its_own() -> None:
    wrong: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        own = _package(path)
        if own not in LAYERS:
            continue
        for other in _imports(path) - {own}:
            if other not in LAYERS:
                continue
            above = LAYERS[other] > LAYERS[own]
            beside = LAYERS[other] == LAYERS[own] and (own, other) not in SIDEWAYS
            if above or beside:
                wrong.append(f"{path.relative_to(ROOT.parent)} imports simulator.{other}")
    assert wrong == []
