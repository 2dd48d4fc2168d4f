"""`defuse practice`: a thin command over simulator.session."""

from __future__ import annotations

import getpass
import json
import os
import random
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Annotated

import typer
from rich.panel import Panel
from rich.text import Text

from simulator.cli.content_cmds import load_or_fail
from simulator.cli.output import console, err_console, fail
from simulator.content import ContentSet
from simulator.grading.render import to_rich
from simulator.llm.choice import OFFLINE, ActorChoice, LLMError
from simulator.llm.providers import ENV_MODEL, resolve_model
from simulator.models.transcript import CallLog
from simulator.models.untrusted import storable_text
from simulator.practice import CallSetup, PracticeError
from simulator.practice.desk import Desk, desk_for
from simulator.practice.engine import DEFAULT_MAX_TURNS, TurnResult
from simulator.practice.mood import band
from simulator.session import NOTHING_TO_GRADE_NOTICE, LineKept, Practice
from simulator.storage import StorageError, Store, database_url
from simulator.storage.config import MEMORY_WARNING, in_memory

LOG_FIELDS = tuple(CallLog.model_fields)
LOG_PROMPTS = {
    "trigger": "What set the call off (the first event, not the loudest complaint)",
    "customer_state": "How the customer was (mood, what they said)",
    "desired_outcome": "What they wanted from the call",
    "promise_made": "What you promised, with the time",
    "root_cause": "Why it happened (the system-level cause)",
    "needed_fix": "What should change so it doesn't happen again",
}
UP, DOWN = "\u2191", "\u2193"
BAND_STYLE = {"calm": "green", "tense": "yellow", "hot": "red"}


class Actor(StrEnum):
    """Who plays the customer."""

    offline = "offline"
    llm = "llm"


class Report(StrEnum):
    """What `defuse practice` prints at the end of a call read from a pipe."""

    text = "text"
    json = "json"


def actor_choice(actor: Actor | None, model: str | None) -> ActorChoice:
    """The flags as a typed choice; a bad model or no configured one is a one-line LLMError.

    ``--model`` alone means the LLM customer; ``--actor offline --model ...`` is refused
    rather than silently ignoring the model.
    """
    if actor is None:
        actor = Actor.llm if model else Actor.offline
    if actor is Actor.offline:
        if model:
            raise LLMError("--model names the LLM customer; drop --actor offline or --model")
        return OFFLINE
    return resolve_model(model)


def open_store() -> Store:
    """The configured database, or a one-line error; a warning when it lives in memory."""
    try:
        store = Store()
    except StorageError as exc:
        fail(str(exc))
    if in_memory(database_url()):
        err_console.print(MEMORY_WARNING, markup=False, highlight=False)
    return store


def default_trainee() -> str:
    """DEFUSE_TRAINEE, else the login name."""
    try:
        return os.environ.get("DEFUSE_TRAINEE") or getpass.getuser()
    except (KeyError, OSError):
        return "trainee"


def _choose(
    content: ContentSet, persona: str | None, scenario: str | None, seed: int
) -> tuple[str, str]:
    rng = random.Random(seed)
    if persona is not None and persona not in content.personas:
        fail(f"unknown persona {persona!r}; expected one of: {', '.join(content.personas)}")
    if scenario is not None and scenario not in content.scenarios:
        fail(f"unknown scenario {scenario!r}; expected one of: {', '.join(content.scenarios)}")
    if persona is None:
        suited = [
            p
            for p in content.personas
            if scenario is None
            or (scenario in content.scenarios and p in content.scenarios[scenario].personas)
        ]
        persona = rng.choice(suited or list(content.personas))
    if scenario is None:
        suited = [s.id for s in content.scenarios.values() if persona in s.personas]
        if not suited:
            fail(f"no scenario lists persona {persona!r}; pass --scenario ID")
        scenario = rng.choice(suited)
    return persona, scenario


def practice(
    ctx: typer.Context,
    persona: Annotated[
        str | None, typer.Option("--persona", help="Persona id (default: random).")
    ] = None,
    scenario: Annotated[
        str | None,
        typer.Option("--scenario", help="Scenario id (default: one that suits the persona)."),
    ] = None,
    difficulty: Annotated[
        int, typer.Option("--difficulty", min=1, max=3, help="1 warm-up, 2 standard, 3 hard.")
    ] = 2,
    actor: Annotated[
        Actor | None,
        typer.Option("--actor", help="offline (default), or llm (implied by --model)."),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help=f"The LLM customer's provider:model (default: {ENV_MODEL}, else "
            "openai:gpt-4o-mini when OPENAI_API_KEY or OPENAI_BASE_URL is set).",
        ),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Seed for a reproducible call.")
    ] = None,
    trainee: Annotated[
        str | None, typer.Option("--trainee", help="Your name (default: login name).")
    ] = None,
    team: Annotated[
        str | None, typer.Option("--team", help="Your team, for coaches' dashboards.")
    ] = None,
    max_turns: Annotated[
        int, typer.Option("--max-turns", min=1, max=200, help="Turns before the call stops.")
    ] = (DEFAULT_MAX_TURNS),
    report: Annotated[
        Report, typer.Option("--report", help="At the end: text, or one JSON object.")
    ] = Report.text,
    resume: Annotated[
        str | None, typer.Option("--resume", metavar="SESSION_ID", help="Continue a stored call.")
    ] = None,
) -> None:
    """Practise a call against a difficult customer; graded when it ends."""
    content = load_or_fail(ctx)
    store = open_store()
    interactive = sys.stdin.isatty()
    try:
        if resume is not None:  # even an empty id: --resume never starts a new call
            call = Practice.resume(content, store, resume)
        else:
            chosen = actor_choice(actor, model)
            chosen_seed = seed if seed is not None else random.SystemRandom().randrange(1_000_000)
            persona, scenario = _choose(content, persona, scenario, chosen_seed)
            setup = CallSetup(persona, scenario, difficulty, chosen_seed, max_turns)
            call = Practice.start(
                content,
                store,
                setup,
                trainee or default_trainee(),
                team,
                chosen,
            )
    except (PracticeError, StorageError, LLMError) as exc:
        fail(str(exc))
    if call.notice:
        err_console.print(f"defuse: {call.notice}", markup=False)
        call.notice = None
    try:
        if interactive:
            _interactive(call, store, resume is not None)
        else:
            _piped(call, sys.stdin, report)
    finally:
        # However this command ends (done, paused, an error), the call can be resumed at once.
        call.close()


# --- a person at a terminal ---------------------------------------------------------------


def heat_meter(heat: float, trust: float, delta: float | None = None) -> Text:
    """One line: the heat bar in its band's colour, the change, and trust."""
    style = BAND_STYLE[band(heat)]
    meter = Text("  heat ")
    meter.append("\u2588" * round(heat) + "\u2591" * (10 - round(heat)), style=style)
    meter.append(f" {heat:.1f}", style=f"bold {style}")
    if delta:
        meter.append(
            f" {UP if delta > 0 else DOWN}{abs(delta):.1f}",
            style="red" if delta > 0 else "green",
        )
    meter.append(f"   trust {trust:.1f}", style="dim")
    return meter


def _header(call: Practice, store: Store, resumed: bool) -> None:
    engine = call.engine
    level = engine.persona.level(engine.setup.difficulty)
    body = Text()
    body.append(f"{engine.persona.title}", style="bold")
    body.append(
        f" \u00b7 {engine.scenario.title} \u00b7 difficulty {level.level} ({level.label})\n"
    )
    body.append(engine.scenario.summary.strip() + "\n\n", style="italic")
    body.append(
        f"session {call.session_id} \u00b7 seed {engine.setup.seed} \u00b7 customer: "
        f"{engine.actor.name} \u00b7 saved to {store.where}\n",
        style="dim",
    )
    body.append(
        "/hint for a coach's suggestion \u00b7 /end to end the call \u00b7 Ctrl-C to pause",
        style="dim",
    )
    console.print(Panel(body, title="Resumed call" if resumed else "Practice call", expand=False))
    console.print(Panel(_desk_text(desk_for(engine.scenario)), title="Agent desk", expand=False))


def _desk_text(desk: Desk) -> Text:
    """The agent desk for the terminal (the same description the page shows)."""
    out = Text()
    out.append("Caller: ", style="bold")
    out.append(desk.caller + "\n")
    for label, value in desk.on_file:
        out.append(f"  {label}: {value}\n", style="dim")
    out.append("You may offer:\n", style="bold")
    for item in desk.may_offer:
        out.append(f"  - {item}\n")
    if desk.needs_approval:
        out.append("Needs approval, not yours to grant:\n", style="bold")
        for item in desk.needs_approval:
            out.append(f"  - {item}\n")
    out.append("Escalations go to: ", style="bold")
    out.append(desk.escalate_to)
    return out


def _customer(text: str) -> None:
    if text:
        console.print(Text.assemble(("Customer: ", "bold magenta"), text))


def _say_streaming(call: Practice, line: str) -> TurnResult:
    """Send a turn; "typing" shows while the customer's reply is made, then the reply."""
    started = False
    typing = console.status("[dim]Customer is typing…[/]", spinner="dots")
    typing.start()

    def show(piece: str | None) -> None:
        nonlocal started
        if piece is None:  # the reply was rejected or retried: start the line again
            if started:
                console.print("\n  [dim](asking again)[/]")
                typing.start()
            started = False
            return
        if not started:
            typing.stop()
            console.print(Text("Customer: ", style="bold magenta"), end="")
            started = True
        console.print(piece, end="", markup=False, highlight=False)

    try:
        result = call.say(line, show)
    finally:
        typing.stop()
    if started:
        console.print()
    else:
        _customer(result.reply)
    if call.notice:
        console.print(f"  [yellow]{call.notice}[/]")
        call.notice = None
    return result


def _interactive(call: Practice, store: Store, resumed: bool) -> None:
    _header(call, store, resumed)
    _customer(call.last_reply if resumed else call.opening)
    console.print(heat_meter(call.state.heat, call.state.trust))
    try:
        while not call.ended:
            line = console.input("[bold cyan]You:[/] ").strip()
            if not line:
                continue
            if line == "/hint":
                hint = call.hint()
                console.print(
                    f"  [green]hint:[/] {hint.move.value.replace('_', ' ')} \u2014 e.g. \u201c{hint.example}\u201d"
                )
                continue
            if line == "/end":
                _customer(call.end())
                break
            if line.startswith("/"):
                console.print("  [dim]commands: /hint, /end (Ctrl-C pauses the call)[/]")
                continue
            try:
                result = _say_streaming(call, line)
            except LineKept as exc:  # the database failed: the line is kept, the call pauses
                err_console.print(f"defuse: {exc}", markup=False, highlight=False)
                raise typer.Exit(1) from None
            except PracticeError as exc:  # e.g. a reply too long: say so, keep the call going
                err_console.print(f"  defuse: {exc}", markup=False, highlight=False)
                continue
            console.print(
                heat_meter(result.trace.heat, result.trace.trust, result.trace.heat_delta)
            )
    except (KeyboardInterrupt, EOFError):
        console.print(
            f"\nCall paused and saved. Resume with: defuse practice --resume {call.session_id}"
        )
        raise typer.Exit(130) from None
    console.print(f"\n[bold]Call ended:[/] {call.outcome.value if call.outcome else 'ended'}")
    if not call.gradable:
        console.print(NOTHING_TO_GRADE_NOTICE, markup=False)
        call.close()
        return
    console.print("File the call log (Enter skips a field):")
    try:
        values = {name: console.input(f"  {LOG_PROMPTS[name]}: ").strip() for name in LOG_FIELDS}
    except (KeyboardInterrupt, EOFError):
        values = {}
        console.print("\n  call log skipped")
    call.file_log(CallLog(**values))
    console.print(to_rich(call.grade()))
    _usage_line(call)
    console.print(f"[dim]defuse show {call.session_id} prints this again[/]")


def _usage_line(call: Practice) -> None:
    usage = call.usage()
    if usage:
        price = "cost unknown" if usage["cost_usd"] is None else f"about ${usage['cost_usd']:.4f}"
        console.print(
            f"LLM usage: {usage['prompt_tokens']:,} prompt tokens ({usage['cached_tokens']:,} cached), "
            f"{usage['completion_tokens']:,} completion tokens, {price}",
            markup=False,
        )


# --- a script or a pipe --------------------------------------------------------------------


def _lines(stream: Iterable[str]) -> Iterator[str]:
    for raw in stream:
        line = raw.strip()
        if line:
            yield line


def parse_log_line(line: str) -> tuple[str, str] | None:
    """``log.trigger: ...`` to ("trigger", "..."); None for any other line."""
    if not line.startswith("log.") or ":" not in line:
        return None
    name, _, value = line[4:].partition(":")
    name = name.strip()
    if name not in LOG_FIELDS:
        fail(
            f"unknown call-log field {name!r}; expected log.<field>: with one of {', '.join(LOG_FIELDS)}"
        )
    return name, value.strip()


def _say_lines(call: Practice, stream: Iterable[str], show: bool) -> tuple[dict[str, str], int]:
    """Send each line as a trainee turn; collect ``log.*`` lines; count lines said too late."""
    log: dict[str, str] = {}
    unsent = 0
    lines = iter(_lines(stream))
    for line in lines:
        try:
            field = parse_log_line(line)
        except ValueError as exc:
            fail(f"{exc} (the call so far is saved: defuse practice --resume {call.session_id})")
        if field is not None:
            log[field[0]] = field[1]
        elif call.ended:
            unsent += 1
        elif line == "/end":
            _print_customer(call.end(), show)
        elif line == "/hint":
            hint = call.hint()
            err_console.print(f"hint: {hint.move.value}: {hint.example}", markup=False)
        else:
            try:
                result = call.say(line)
            except LineKept as exc:
                # The rest of the input waits behind the kept line, so none of it is lost.
                rest = [t for t in lines if _is_turn(t)]
                before = call.kept_lines
                said = call.keep(rest) if rest else ""
                if call.kept_lines > before:
                    said = f"{len(rest)} more line(s) kept behind it"
                fail(f"{exc}; {said}" if said else str(exc))
            except PracticeError as exc:
                fail(
                    f"{exc} (the call so far is saved: defuse practice --resume {call.session_id})"
                )
            if call.notice:
                err_console.print(f"defuse: {call.notice}", markup=False)
                call.notice = None
            if show:  # the line as stored (bytes that were not UTF-8 shown as U+FFFD)
                console.print(f"Agent: {storable_text(line).strip()}", markup=False)
                console.print(
                    f"Customer: {result.reply}  [heat {result.trace.heat:.1f}]", markup=False
                )
    return log, unsent


def _is_turn(line: str) -> bool:
    """True for a piped line that is a trainee turn (not a command or a call-log line)."""
    if line in ("/end", "/hint"):
        return False
    try:
        return parse_log_line(line) is None
    except ValueError:
        return False


def _print_customer(text: str, show: bool) -> None:
    if show and text:
        console.print(f"Customer: {text}", markup=False)


def _piped(call: Practice, stream: Iterable[str], report: Report) -> None:
    show = report is Report.text
    if show:
        console.print(f"session {call.session_id}, saved to {call.store.where}", markup=False)
        _print_customer(call.last_reply or call.opening, show)
    log, unsent = _say_lines(call, stream, show)
    if not call.ended:
        _print_customer(call.end(), show)
    if unsent:
        err_console.print(
            f"defuse: the call ended before {unsent} line(s) could be said", markup=False
        )
    if not call.gradable:
        call.close()
        if report is Report.json:
            sys.stdout.write(json.dumps(call.report_json(None)) + "\n")
        else:
            console.print(f"outcome: {call.outcome.value if call.outcome else '-'}", markup=False)
            console.print(NOTHING_TO_GRADE_NOTICE, markup=False)
        return
    call.file_log(CallLog(**log))
    graded = call.grade()
    if report is Report.json:
        assert graded.report is not None  # grade() always grades
        sys.stdout.write(json.dumps(call.report_json(graded.report)) + "\n")
    else:
        console.print(f"outcome: {call.outcome.value if call.outcome else '-'}", markup=False)
        console.print(to_rich(graded))
        _usage_line(call)


def register(app: typer.Typer) -> None:
    """Add the practice commands to the app."""
    app.command()(practice)
