"""Runtime values that travel between the actor, the grader and storage: immutable."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Speaker = Literal["customer", "agent"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Turn(_Frozen):
    """One utterance in a call. Turns are numbered from 1 in the order spoken."""

    speaker: Speaker
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class CallLog(_Frozen):
    """What the agent files after the call: the six fields of step 6."""

    trigger: str = ""
    customer_state: str = ""
    desired_outcome: str = ""
    promise_made: str = ""
    root_cause: str = ""
    needed_fix: str = ""


class Transcript(_Frozen):
    """A whole call, simulated or imported from a real contact centre."""

    id: str | None = None
    persona: str | None = None
    scenario: str | None = None
    turns: Annotated[list[Turn], Field(min_length=1)]
    call_log: CallLog | None = None
