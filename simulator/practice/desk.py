"""The agent desk: what the trainee's screen shows about a case, before and during a call.

What a real agent would have in front of them: who is calling, what the system holds on
them (references, bookings, amounts, contact details), what the agent may offer at their
level and what needs someone else, and who takes an escalation. Never the hidden facts,
the trigger, the root cause or what the customer wants: those are for the call to find.
The terminal and the page both show this one description.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.models.content import Scenario


@dataclass(frozen=True)
class Desk:
    """The case as the agent's screen shows it."""

    caller: str
    on_file: tuple[tuple[str, str], ...]
    """(label, value) pairs the system holds, e.g. ("Account number", "HV-20417")."""
    may_offer: tuple[str, ...]
    """What the agent may grant, with who does it and when."""
    needs_approval: tuple[str, ...]
    """What the agent may not grant at their level, and who can."""
    escalate_to: str


def desk_for(scenario: Scenario) -> Desk:
    """The agent desk for ``scenario``."""
    on_file = tuple(
        (key.replace("_", " ").capitalize(), detail.value)
        for key, detail in scenario.customer.details.items()
    )
    offer = tuple(
        f"{o.text.strip()} ({o.owner}{', ' + o.time_marker if o.time_marker else ''})"
        for o in scenario.options
        if o.grantable
    )
    approval = tuple(
        f"{o.text.strip()} (only {o.owner})" for o in scenario.options if not o.grantable
    )
    return Desk(scenario.customer.name, on_file, offer, approval, scenario.escalation_owner)


def desk_markdown(desk: Desk) -> str:
    """The desk as Markdown (content text, not trainee text: nothing to escape)."""
    lines = [f"**Caller:** {desk.caller}", ""]
    lines += [f"- {label}: {value}" for label, value in desk.on_file]
    lines += ["", "**You may offer:**"]
    lines += [f"- {item}" for item in desk.may_offer]
    if desk.needs_approval:
        lines += ["", "**Needs approval, not yours to grant:**"]
        lines += [f"- {item}" for item in desk.needs_approval]
    lines += ["", f"**Escalations go to:** {desk.escalate_to}"]
    return "\n".join(lines)
