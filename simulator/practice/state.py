"""What the session carries from turn to turn: plain, frozen, JSON-serialisable values.

The engine is state in, state out: ``CallState`` is everything needed to make the next
customer reply, so storage can save it after each turn and a call can resume from it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from simulator.practice.items import Commitment, Item, ItemKind, still_open


class Outcome(StrEnum):
    """How a call ended."""

    RESOLVED = "resolved"
    """The customer accepted a plan and heat is low."""
    ESCALATED = "escalated"
    """A proper handoff, or the customer's manager demand honoured."""
    CUSTOMER_HUNG_UP = "customer_hung_up"
    """Heat reached the persona's limit, or the customer was ignored too long."""
    ENDED_FOR_ABUSE = "ended_for_abuse"
    """The agent set a boundary, the abuse went on, and the agent ended the call."""
    ABANDONED = "abandoned"
    """The agent ended the call with nothing settled."""
    MAX_TURNS = "max_turns"
    """The call ran out of turns."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MoodTrace(_Frozen):
    """How one trainee turn moved the customer's mood, and why."""

    turn: int
    """The trainee turn number, from 1."""
    heat: float
    trust: float
    heat_delta: float
    trust_delta: float
    moves: list[str]
    """Moves the detector found in the trainee's reply."""
    reasons: list[str]
    """One short reason per change, e.g. 'set_timeline: heat -2.5'."""


class Declined(_Frozen):
    """What an offer the customer turned down held: the same again is turned down again."""

    met: tuple[int, ...] = ()
    """Parts of what they want dealt with when they turned it down."""
    time: str | None = None
    """The time promised then."""
    owner: bool = False
    """Someone was named as doing it."""
    heat: float = 10.0
    """How upset they were when they turned it down."""
    wanting: tuple[int, ...] = ()
    """The parts they still asked for then (a part let go since is no longer missing)."""


class CallState(_Frozen):
    """Everything the engine knows between turns."""

    persona: str
    scenario: str
    difficulty: int
    seed: int
    max_turns: int
    turn: int = 0
    """Trainee turns taken so far."""
    customer_line: str = ""
    """The customer's last line, the context for reading the next trainee turn."""
    heat: float
    trust: float
    opening_heat: float
    revealed: tuple[str, ...] = ()
    """Ids of the hidden facts the customer has told."""
    acknowledged: bool = False
    """The trainee has acknowledged how the customer feels at least once."""
    outcome_told: bool = False
    paraphrase_confirmed: bool = False
    time_given: str | None = None
    """The last concrete time the agent promised."""
    offers_seen: int = 0
    declined: Declined | None = None
    """The last offer the customer turned down, until one adds to it."""
    plan_accepted: bool = False
    followed_up: bool = False
    issues_raised: int = 0
    """New issues a chronic caller has raised after a fix."""
    empathy_streak: int = 0
    """Consecutive turns of sympathy with no action behind it."""
    maxed: int = 0
    """Consecutive turns that ended at the persona's hang-up heat."""
    stalled: int = 0
    """Consecutive turns with no step forward."""
    move_counts: dict[str, int] = {}
    """How often each move has soothed this customer so far (its effect wears off)."""
    abusive: bool = False
    """The customer's last line was abusive."""
    boundary_set: bool = False
    abuse_after_boundary: int = 0
    fired: tuple[str, ...] = ()
    """Triggers that have fired once: manager, review, legal, cancel."""
    items: tuple[Item, ...] = ()
    """The customer's questions, demands, complaints and new issues, open or settled."""
    wants_met: tuple[int, ...] = ()
    """Parts of what the customer wants (``wants.wants``) that a turn has dealt with."""
    wants_named: tuple[int, ...] = ()
    """Each time the customer named a part as still missing, that part's index."""
    details_given: tuple[str, ...] = ()
    """Case-file details the customer has given (their keys): asked again, referred to."""
    commitments: tuple[Commitment, ...] = ()
    """What the agent has promised on this call (a time, an action, a handoff)."""
    last_beats: tuple[str, ...] = ()
    """The kinds of line in the customer's last reply."""
    agreed: bool = False
    """The customer's last reply went along with the agent (accepted, thanked, confirmed)."""
    agent_lines: tuple[str, ...] = ()
    """The trainee's turns so far, normalised, to notice repeated phrasing."""
    used: tuple[str, ...] = ()
    """Templates already spoken in this call (never repeated)."""
    outcome: Outcome | None = None
    escalated_to: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_older(cls, data: Any) -> Any:
        """A state stored before open items: its one pending question and its grievances."""
        if not isinstance(data, dict) or not {"pending", "pending_text", "grievances"} & set(data):
            return data
        data = dict(data)
        need, text = data.pop("pending", None), data.pop("pending_text", None)
        turn = int(data.get("turn", 0))
        items = [
            Item(kind=ItemKind.COMPLAINT, text=g, turn=turn) for g in data.pop("grievances", ())
        ]
        if text:
            items.append(Item(kind=ItemKind.QUESTION, need=need or "other", text=text, turn=turn))
        data["items"] = (*data.get("items", ()), *items)
        return data

    @property
    def ended(self) -> bool:
        """True once the call has an outcome."""
        return self.outcome is not None

    @property
    def open_items(self) -> list[Item]:
        """What the customer still waits on, oldest first."""
        return still_open(self.items)

    @property
    def _waiting(self) -> Item | None:
        """The customer's latest open question, demand or issue."""
        return next(
            (i for i in reversed(self.open_items) if i.kind is not ItemKind.COMPLAINT), None
        )

    @property
    def pending(self) -> str | None:
        """What the customer's latest open question or demand needs (``items.NEEDS``)."""
        return self._waiting.need if self._waiting else None

    @property
    def pending_text(self) -> str | None:
        """The customer's latest open question, demand or issue, in their words."""
        return self._waiting.text if self._waiting else None

    @property
    def grievances(self) -> tuple[str, ...]:
        """Complaints the customer has voiced that the agent has not acknowledged."""
        return tuple(i.text for i in self.open_items if i.kind is ItemKind.COMPLAINT)
