"""Scripted trainees that measure how real the customer is: a skilled one and a careless one.

The skilled trainee does what the six steps teach, reading only what a trainee sees: the
case brief (customer, options, who to escalate to), the customer's words and the heat
meter. The careless one does everything a coach warns against. A convincing customer
settles for the first and boils over with the second; tests and the table in
docs/ACCURACY.md hold it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.content import ContentSet
from simulator.grading import grader_for
from simulator.models.content import Option, Scenario
from simulator.models.transcript import CallLog, Transcript, Turn
from simulator.moves.cues import ABUSIVE, LEGAL, MANAGER_REQUEST
from simulator.moves.text import STOPWORDS, normalise, tokens
from simulator.practice.engine import CallSetup, SessionEngine
from simulator.practice.items import ItemKind
from simulator.practice.state import CallState, Outcome

Trainee = Callable[[CallState, str, Scenario], str]
"""A scripted trainee: (state, the customer's last line, the case brief) to the next turn."""


def _echo(line: str) -> str:
    words = [w for w in tokens(normalise(line)) if w not in STOPWORDS and len(w) > 3]
    return " ".join(words[:5]) or "this"


_YOURS = {"my": "your", "i": "you", "me": "you", "i'm": "you're", "mine": "yours", "i've": "you've"}


def _lower(text: str) -> str:
    """The customer's sentence in the agent's mouth, mid-sentence ("your name spelled wrong")."""
    words = [_YOURS.get(w.lower(), w) for w in text.split(" ")]
    said = " ".join(words)
    return said if said[1:2].isupper() else said[:1].lower() + said[1:]


def _first_name(scenario: Scenario) -> str:
    return scenario.customer.name.split()[0]


def _grantable(scenario: Scenario) -> list[Option]:
    return [o for o in scenario.options if o.grantable]


def _plan(scenario: Scenario, index: int) -> str:
    options = _grantable(scenario)
    first = options[index % len(options)]
    backup = options[(index + 1) % len(options)]
    when = first.time_marker or "by 5 p.m. today"
    return (
        f"Here is what I'll do: {first.text.strip()} The {first.owner} will have it done "
        f"{when}, and I'll confirm by email by 5 p.m. today. If that falls through, "
        f"the fallback is this: {backup.text.strip()}"
    )


@dataclass
class Skilled:
    """Follows the six steps and adapts to what the customer says."""

    plans: int = 0
    asked: int = 0
    said: set[str] = field(default_factory=set)

    def __call__(self, state: CallState, line: str, scenario: Scenario) -> str:  # noqa: PLR0911
        """The next turn: one branch per situation, read top to bottom."""
        name = _first_name(scenario)
        low = line.lower()
        if ABUSIVE.search(line) and not state.boundary_set:
            return (
                f"{name}, I want to fix this with you, and I can't do that while the language "
                "is personal. Let's keep it on the problem and I'll keep working on it."
            )
        if MANAGER_REQUEST.search(line) or LEGAL.search(line) or "manager" in low:
            return (
                f"I hear you, {name}. I'm bringing in our {scenario.escalation_owner} because "
                "they have the authority to approve what I can't. I've passed on the notes and "
                "a summary of everything so you won't have to repeat yourself."
            )
        if state.turn == 0:
            return (
                f"I'm so sorry, {name}, that sounds really stressful, and I want to sort it "
                "out with you. Can you walk me through what happened?"
            )
        if state.turn == 1:
            return (
                f"So if I have it right, it's about {_echo(line)}. What is the most important "
                "part of this for you right now?"
            )
        if not state.outcome_told:
            return "What would a good outcome look like for you by the end of this call?"
        issue = next((i for i in state.open_items if i.kind is ItemKind.ISSUE), None)
        if issue is not None and issue.text not in self.said:
            self.said.add(issue.text)
            return (
                f"Thanks for telling me. On that one, {_lower(issue.text.rstrip('.!?'))}: I'll "
                "get it corrected today and confirm it to you by email by 5 p.m."
            )
        if not state.plan_accepted:
            plan = _plan(scenario, self.plans)
            self.plans += 1
            if plan in self.said:
                plan = _plan(scenario, self.plans)
            self.said.add(plan)
            return plan
        if not state.followed_up:
            return (
                "I'll call you tomorrow by 10 a.m. to confirm it has all gone through, and "
                "you'll have my email today."
            )
        return "Is there anything else about this that we haven't fully sorted out?"


def fixed_script(scenario: Scenario) -> list[str]:
    """A good-practice script that does not listen: the same seven turns, whatever is said.

    Acknowledge, ask what happened, paraphrase, ask for the outcome, a plan with a time and a
    choice, a fallback, a follow-up, then the closing check, built from the brief alone.
    """
    name = _first_name(scenario)
    options = _grantable(scenario)
    first, backup = options[0], options[1 % len(options)]
    when = first.time_marker or "by 5 p.m. today"
    return [
        f"I'm really sorry about this, {name}. I can hear how much trouble it has caused you.",
        "Can you tell me what happened, from the start?",
        f"So if I've got it right: {_echo(scenario.reason_for_call)}, and nobody put it right. "
        "Is that it?",
        "What would you most like to come out of this call?",
        f"Here's what I can do: {first.text.strip()} The {first.owner} will have it done {when}. "
        "Would you like me to go ahead with that, or would another option suit you better?",
        f"If that falls through for any reason, the fallback is this: {backup.text.strip()}",
        "I'll call you back tomorrow by 10 a.m. to confirm it's all done, and you'll have an "
        "email from me today.",
        "Is there anything else about this that we haven't sorted out?",
        "Thank you for bearing with us. Have a good rest of your day.",
    ]


@dataclass
class Fixed:
    """Plays ``fixed_script`` line by line, never reading the customer; then says goodbye."""

    lines: list[str] = field(default_factory=list)

    def __call__(self, state: CallState, line: str, scenario: Scenario) -> str:
        """The next line of the script (the closing check again once it runs out)."""
        if not self.lines:
            self.lines = fixed_script(scenario)
        index = min(state.turn, len(self.lines) - 1)
        if state.turn >= len(self.lines):
            return "I'm going to end the call here. Goodbye."
        return self.lines[index]


CARELESS_LINES = (
    "Calm down, there's no need to get so worked up.",
    "That's our policy, I'm afraid, there's nothing I can do about it.",
    "Please hold.",
    "Well, you should have read the terms before you booked.",
    "I don't know what to tell you, it's not my department.",
    "Can you just calm down and stop shouting?",
    "Hold on a second.",
    "That's not how it works, you got that wrong.",
)


def careless(state: CallState, line: str, scenario: Scenario) -> str:
    """Everything a coach warns against, in turn."""
    return CARELESS_LINES[state.turn % len(CARELESS_LINES)]


@dataclass(frozen=True)
class Run:
    """One scripted call and how it went."""

    persona: str
    scenario: str
    seed: int
    outcome: Outcome
    turns: int
    heat_start: float
    heat_end: float
    total: float
    transcript: Transcript


GOOD_ENDINGS = frozenset({Outcome.RESOLVED, Outcome.ESCALATED})


def play(
    content: ContentSet, setup: CallSetup, trainee: Trainee, log: CallLog | None = None
) -> Run:
    """Play one call with a scripted trainee, end it, and grade it (offline, no storage)."""
    engine = SessionEngine(content, setup)
    line, state = engine.start()
    turns = [Turn(speaker="customer", text=line)]
    while not state.ended:
        said = trainee(state, line, engine.scenario)
        result = engine.step(state, said)
        state, line = result.state, result.reply
        turns.append(Turn(speaker="agent", text=said))
        if line:
            turns.append(Turn(speaker="customer", text=line))
    transcript = Transcript(
        persona=setup.persona, scenario=setup.scenario, turns=turns, call_log=log
    )
    report = grader_for(content).grade(transcript)
    assert state.outcome is not None
    return Run(
        setup.persona,
        setup.scenario,
        setup.seed,
        state.outcome,
        state.turn,
        state.opening_heat,
        state.heat,
        report.total,
        transcript,
    )


def skilled_log(scenario: Scenario) -> CallLog:
    """The call log a skilled trainee files: the six fields from the case."""
    option = _grantable(scenario)[0]
    return CallLog(
        trigger=scenario.trigger,
        customer_state="upset at the start, settled once there was a plan with a time",
        desired_outcome=scenario.desired_outcome,
        promise_made=f"{option.text.strip()} ({option.time_marker or 'by 5 p.m. today'})",
        root_cause=scenario.root_cause.text,
        needed_fix=f"Fix the cause: {scenario.root_cause.category.value.replace('_', ' ')}",
    )
