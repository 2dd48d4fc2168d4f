"""The customer's prompt: a static prefix, a bounded history, and this turn's directions.

The prefix (acting guidelines, persona, the customer and their reason for calling) is
byte-identical on every turn of a call so providers can cache it. The history keeps the
most recent turns that fit the budget; older turns are folded into a short summary of
bounded size. So prompt tokens per turn stay flat however long the call runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.models.content import Persona, Scenario
from simulator.models.lines import Directions, LineKind, MoodBand
from simulator.practice.actor import Cue
from simulator.practice.items import Commitment
from simulator.practice.mood import band
from simulator.practice.premises import hear

HISTORY_BUDGET = 360
"""Tokens of recent history kept word for word."""
SUMMARY_BUDGET = 120
"""Tokens of summary for the turns before that."""
SUMMARY_WORDS = 14


@dataclass(frozen=True)
class Message:
    """One chat message: role is system, user (the trainee) or assistant (the customer)."""

    role: str
    content: str


def prefix(guidelines: str, persona: Persona, scenario: Scenario) -> str:
    """The static part of the prompt: identical on every turn of a call."""
    lines = [
        guidelines.strip(),
        "",
        "## The customer you play",
        f"Type: {persona.title}. {persona.summary}",
        "What is going on underneath:",
        *[f"- {item}" for item in persona.underneath],
        f"How you talk: {persona.speech_style}",
        "How you behave:",
        *[f"- {item}" for item in persona.behaviours],
        "",
        "## Your situation",
        f"Your name: {scenario.customer.name}.",
        f"Why you are calling: {scenario.reason_for_call}",
        f"What you expected: {scenario.expected}",
        "Your details (say them only if asked):",
        *[
            f"- {key.replace('_', ' ')}: {detail.value}"
            + ("" if detail.known else " (you do not know this one; the company has it)")
            for key, detail in scenario.customer.details.items()
        ],
    ]
    return "\n".join(lines) + "\n"


def directions_text(cue: Cue, directions: Directions, scenario: Scenario) -> str:
    """This turn's stage directions in words: mood, trust, and what to do."""
    state = cue.state
    trust = "low" if state.trust < 3.5 else "high" if state.trust >= 6.5 else "fair"
    values = {
        "reason": scenario.reason_for_call,
        "desired": scenario.desired_outcome,
        "correction": scenario.trigger,
        "fact": "",
        "detail": "",
        "grievance": "",
        "question": state.pending_text or "",
        "item": state.pending_text or scenario.desired_outcome,
        "choice": "",
        "time": state.time_given or "",
        "want": "",
        "answer": "",
        "wh": "",
    }
    todo = []
    heard = hear(cue.trainee)
    for beat in cue.beats:
        # A direction that takes something for granted only when the agent's turn holds it.
        text = next(
            (d.text for d in directions.premised.get(beat.kind, []) if d.when in heard.premises),
            directions.kinds[beat.kind],
        )
        todo.append(text.format_map({**values, **beat.values}))
    parts = [
        "[Stage directions for this turn: never say or quote them]",
        directions.mood[MoodBand(band(state.heat))],
        directions.trust[trust],  # type: ignore[index]
        "Do this, in order, in one reply: " + " Then: ".join(todo),
    ]
    if any(beat.kind is LineKind.CONFUSED for beat in cue.beats):
        parts.append("The agent's last message was not a normal thing to say on this call.")
    if state.commitments:
        parts.append(
            "What the agent has promised on this call (hold them to it): "
            + "; ".join(_promise(c) for c in state.commitments[-MAX_PROMISES:])
            + "."
        )
    return "\n".join(parts)


MAX_PROMISES = 4
"""The newest promises named in a turn's directions (the prompt stays bounded)."""


def _promise(commitment: Commitment) -> str:
    """One promise in the directions, never in the trainee's words.

    A time is the detector's short match; a plan or a handoff is named by its turn (untrusted
    text stays in the conversation, out of the directions).
    """
    if commitment.kind == "time":
        return f"a time, {commitment.text[:40]} (turn {commitment.turn})"
    return f"a {'handoff' if commitment.kind == 'handoff' else 'plan'} (turn {commitment.turn})"


@dataclass
class History:
    """The conversation so far, as the model sees it."""

    turns: list[Message] = field(default_factory=list)

    def add(self, role: str, content: str) -> None:
        """Append a message."""
        self.turns.append(Message(role, content))

    def window(self, counter: object) -> tuple[str, list[Message]]:
        """(summary of older turns, recent turns) within the budgets, newest kept."""
        count = counter  # a callable: text -> tokens
        kept: list[Message] = []
        used = 0
        for message in reversed(self.turns):
            size = count(message.content)  # type: ignore[operator]
            if kept and used + size > HISTORY_BUDGET:
                break
            kept.append(message)
            used += size
        kept.reverse()
        older = self.turns[: len(self.turns) - len(kept)]
        summary_parts: list[str] = []
        spent = 0
        for message in reversed(older):
            who = "Agent" if message.role == "user" else "You"
            words = message.content.split()
            short = " ".join(words[:SUMMARY_WORDS]) + ("..." if len(words) > SUMMARY_WORDS else "")
            part = f"{who}: {short}"
            size = count(part)  # type: ignore[operator]
            if spent + size > SUMMARY_BUDGET:
                break
            summary_parts.append(part)
            spent += size
        summary_parts.reverse()
        summary = (
            "Earlier in the call (summarised): " + " | ".join(summary_parts)
            if summary_parts
            else ""
        )
        return summary, kept


def build(
    static: str,
    history: History,
    cue: Cue,
    directions: Directions,
    scenario: Scenario,
    counter: object,
) -> list[Message]:
    """The messages for one turn: prefix, summary, recent history, the agent's line, directions."""
    summary, recent = history.window(counter)
    messages = [Message("system", static)]
    if summary:
        messages.append(Message("system", summary))
    messages += recent
    said = f'The agent says: "{cue.trainee}"' if cue.trainee else "The call has just connected."
    messages.append(Message("user", said + "\n\n" + directions_text(cue, directions, scenario)))
    return messages
