"""Every move has its traits and its content: the checklist for adding a move label.

Adding a move means: its enum value and TRAITS row (simulator/models/moves.py), detector
rules (simulator/moves/rules.py), a reaction in every persona, phrase bank entries, and
labelled examples. This test names each move that misses one of them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from simulator.content import default_content
from simulator.models import moves
from simulator.models.lines import LineKind
from simulator.models.moves import TRAITS, Move
from simulator.moves.evaluate import load_examples
from simulator.moves.rules import RULES

DATA = Path(__file__).parent / "data"
STRUCTURAL = {Move.ASK_QUESTION, Move.MULTI_QUESTION, Move.REFLECT, Move.USE_NAME}
"""Moves the detector finds from sentence structure, not (only) from rules."""
UNBANKED = {Move.USE_NAME}
"""A name is the customer's own, so no stock phrase can stand for it."""


def missing_pieces() -> dict[str, list[str]]:
    content = default_content()
    ruled = {rule.move for rule in RULES}
    banked = {phrase.move for phrase in content.phrases()}
    labelled = Counter(m for e in load_examples(DATA / "labelled") for m in e.moves)
    fresh = Counter(m for e in load_examples(DATA / "fresh") for m in e.moves)
    kinds = {kind.value for kind in LineKind}
    gaps: dict[str, list[str]] = {}
    for move in Move:
        missing = gaps.setdefault(move.value, [])
        traits = TRAITS.get(move)
        if traits is None:
            missing.append("a TRAITS row in simulator/models/moves.py")
        elif traits.customer_reply and traits.customer_reply not in kinds:
            missing.append(f"customer_reply {traits.customer_reply!r} is not a line kind")
        elif traits.customer_reply and not traits.anti_pattern:
            missing.append("customer_reply is for anti-patterns only")
        if move not in ruled and move not in STRUCTURAL:
            missing.append("a detector rule in simulator/moves/rules.py")
        if move not in banked and move not in UNBANKED:
            missing.append("a phrase bank entry in rubrics/phrases/")
        missing += [
            f"a reaction in personas/{pid}.yaml"
            for pid, persona in content.personas.items()
            if move not in persona.reactions
        ]
        if labelled[move] < 15:
            missing.append(f"15 labelled examples (has {labelled[move]})")
        if fresh[move] < 12:
            missing.append(f"12 fresh examples (has {fresh[move]})")
    return {move: what for move, what in gaps.items() if what}


def test_every_move_has_its_traits_and_content() -> None:
    assert missing_pieces() == {}


def test_group_sets_come_from_the_traits() -> None:
    assert {m for m in Move if TRAITS[m].anti_pattern} == moves.ANTI_PATTERNS
    assert moves.PROGRESS.isdisjoint(moves.ANTI_PATTERNS)
    # The customer answers the strongest anti-pattern in a turn: hostility outranks policy.
    order = [m for m, _ in moves.REPLIES]
    assert order.index(Move.HOSTILE) < order.index(Move.CITE_POLICY)
