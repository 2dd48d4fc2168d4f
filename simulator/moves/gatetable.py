"""The rules' literal gates, worked out once and shipped with the package.

Working the gates out from the regexes (prefilter.py) takes a tenth of a second or more,
which every `defuse` command would pay at start-up. The table in ``gate_table.json`` holds
the result with a fingerprint of everything it depends on (the rules' patterns and
prefilter.py itself). When the fingerprint no longer matches (a rule was edited), the
gates are worked out afresh, so a stale table costs time, never a wrong result;
``tests/test_scout.py`` fails until the table is written again.

Write it: .venv/bin/python bench/gate_table.py
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from simulator.moves import prefilter
from simulator.moves.rules import RULES

TABLE = Path(__file__).with_name("gate_table.json")

Gate = tuple[frozenset[str] | None, frozenset[str] | None, str | None]


def fingerprint() -> str:
    """A hash of the rules' patterns and of the code that turns them into gates."""
    digest = hashlib.sha256()
    for rule in RULES:
        digest.update(f"{rule.pattern.flags}:{rule.pattern.pattern}\n".encode())
    try:
        digest.update(Path(prefilter.__file__).read_bytes())
    except OSError:  # no source to read (a frozen build): never trust a table
        return ""
    return digest.hexdigest()


def computed() -> list[Gate]:
    """Each rule's gates, worked out from its regex."""
    return [prefilter.gates(rule.pattern.pattern) for rule in RULES]


def load() -> list[Gate]:
    """Each rule's gates: from the shipped table when it is current, else worked out."""
    expected = fingerprint()
    try:
        data = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return computed()
    if not expected or data.get("fingerprint") != expected or len(data["rules"]) != len(RULES):
        return computed()
    return [
        (
            None if starts is None else frozenset(starts),
            None if contains is None else frozenset(contains),
            where,
        )
        for starts, contains, where in data["rules"]
    ]


def table() -> str:
    """The table's JSON text for the current rules."""
    rules = [
        [
            None if starts is None else sorted(starts),
            None if contains is None else sorted(contains),
            where,
        ]
        for starts, contains, where in computed()
    ]
    return json.dumps({"fingerprint": fingerprint(), "rules": rules}, indent=0) + "\n"


def main() -> None:
    """Write the table next to this module."""
    TABLE.write_text(table(), encoding="utf-8")
    print(f"wrote {TABLE} ({len(RULES)} rules)")
