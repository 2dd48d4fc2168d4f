"""Reviewed calls for people: Markdown, and rich renderables for the terminal."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from simulator.grading.reviewed import ReviewedCall, total_label
from simulator.models.untrusted import markdown_text as md

_BAR = 20


def _bar(score: float) -> str:
    filled = round(score / 100 * _BAR)
    return "\u2588" * filled + "\u2591" * (_BAR - filled)


def _style(score: float) -> str:
    return "green" if score >= 75 else "yellow" if score >= 45 else "red"


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _rich_steps(call: ReviewedCall) -> Table:
    """The six steps: the machine's score, the coach's beside it when any step was overridden."""
    coached = bool(call.latest_overrides)
    table = Table(box=None, show_header=True, pad_edge=False)
    columns = ("step", "machine", *(("coach",) if coached else ()), "", "level", "evidence")
    for column in columns:
        table.add_column(column)
    for reviewed in call.steps:
        step = reviewed.result
        coach = (_score(reviewed.coach),) if coached else ()
        if not step.assessed:
            table.add_row(f"{step.number} {step.title}", "-", *coach, "", "not assessed", "")
            continue
        score = reviewed.coach if reviewed.coach is not None else step.score
        quote = step.evidence[0] if step.evidence else None
        shown = (
            f"t{quote.turn}: \u201c{quote.quote}\u201d"
            if quote and quote.turn
            else (f"\u201c{quote.quote}\u201d" if quote else "")
        )
        table.add_row(
            f"{step.number} {step.title}",
            f"{step.score:g}",
            *coach,
            Text(_bar(score), style=_style(score)),
            step.level_name,
            Text(shown, overflow="fold"),
        )
    return table


def to_rich(call: ReviewedCall) -> RenderableType:
    """The report as a terminal screen: totals, six bars, overrides, anti-patterns, tips."""
    report = call.report
    if report is None:
        return Text("Not graded yet.")
    parts: list[RenderableType] = []
    head = Text()
    head.append(total_label(call), style=f"bold {_style(call.total or 0.0)}")
    head.append(f"   graded with {report.version}")
    if report.persona:
        head.append(f" \u00b7 persona {report.persona}")
    parts.append(head)
    parts.append(_rich_steps(call))
    coached = bool(call.latest_overrides)
    if coached:
        parts.append(Text("\nCoach overrides", style="bold"))
        for o in call.latest_overrides.values():
            parts.append(
                Text(
                    f"  {report.steps[o.step].title}: machine {o.machine_score:g} \u2192 "
                    f"coach {o.coach_score:g} ({o.coach}): {o.reason}"
                )
            )
    if report.anti_patterns:
        parts.append(Text("\nAnti-patterns", style="bold"))
        for hit in report.anti_patterns:
            line = Text(f"  t{hit.turn} {hit.move.value}: ", style="red")
            line.append(f"\u201c{hit.quote}\u201d", style="default")
            if hit.instead:
                line.append(f"\n     instead: {hit.instead}", style="green")
            parts.append(line)
    if report.flags:
        parts.append(Text("\nCoach notes", style="bold"))
        parts.extend(Text(f"  {_where(f.turn, 't')} {f.message}") for f in report.flags)
    parts.append(Text("\nTips", style="bold"))
    parts.extend(Text(f"  {s.number} {s.title}: {s.tip}") for s in report.steps.values() if s.tip)
    if report.rewrites:
        parts.append(Text("\nYour line, done well", style="bold"))
        for rewrite in report.rewrites:
            parts.append(Text(f"  t{rewrite.turn} you said: {rewrite.original}", style="dim"))
            parts.append(Text(f"      try: {rewrite.rewrite}", style="green"))
    return Group(*parts)


def _markdown_steps(call: ReviewedCall) -> list[str]:
    """The steps table, then the coach overrides with who and why."""
    lines: list[str] = []
    titles = {s.result.id: s.result.title for s in call.steps}
    coached = bool(call.latest_overrides)
    if coached:
        lines += ["| step | machine | coach | level | evidence |", "|---|---|---|---|---|"]
    else:
        lines += ["| step | machine | level | evidence |", "|---|---|---|---|"]
    for reviewed in call.steps:
        step = reviewed.result
        coach = f" {_score(reviewed.coach)} |" if coached else ""
        if not step.assessed:
            lines.append(f"| {step.number}. {step.title} | - |{coach} not assessed | |")
            continue
        quotes = "<br>".join(
            (f"t{e.turn}: " if e.turn else "") + f"\u201c{md(e.quote)}\u201d"
            for e in step.evidence[:3]
        )
        lines.append(
            f"| {step.number}. {step.title} | {step.score:g} |{coach} {step.level_name} | {quotes} |"
        )
    if coached:
        lines += ["", "## Coach overrides", "", "| step | machine | coach | reason | by |"]
        lines.append("|---|---|---|---|---|")
        for o in call.latest_overrides.values():
            lines.append(
                f"| {titles[o.step]} | {o.machine_score:g} | {o.coach_score:g} | "
                f"{md(o.reason)} | {md(o.coach)} |"
            )
    return lines


def to_markdown(call: ReviewedCall, transcript: bool = True) -> str:
    """The reviewed call as Markdown: grade, overrides, tips, and the transcript when asked."""
    report = call.report
    if report is None:
        lines = ["_Not graded yet._", ""]
        if transcript:
            lines += _transcript_markdown(call)
        return "\n".join(lines) + "\n"
    lines = [f"# Grade: {total_label(call, md)}", ""]
    meta = f"Graded with {report.version}"
    lines += [meta + (f", persona `{report.persona}`" if report.persona else "") + ".", ""]
    lines += _markdown_steps(call)
    lines += ["", "## Tips", ""]
    lines += [f"- **{s.title}**: {md(s.tip)}" for s in report.steps.values() if s.tip]
    if report.anti_patterns:
        lines += ["", "## Anti-patterns", ""]
        for hit in report.anti_patterns:
            lines.append(f"- Turn {hit.turn}, {hit.move.value}: \u201c{md(hit.quote)}\u201d")
            if hit.instead:
                lines.append(f"  - Instead: {md(hit.instead)}")
    if report.flags:
        lines += ["", "## Coach notes", ""]
        lines += [f"- {_where(f.turn, 'Turn ')}: {md(f.message)}" for f in report.flags]
    if report.rewrites:
        lines += ["", "## Your line, done well", ""]
        for rewrite in report.rewrites:
            lines += [
                f"- Turn {rewrite.turn}: \u201c{md(rewrite.original)}\u201d",
                f"  - Try: \u201c{md(rewrite.rewrite)}\u201d ({', '.join(rewrite.fixes)})",
            ]
    if transcript:
        lines += ["", *_transcript_markdown(call)]
    return "\n".join(lines) + "\n"


def _transcript_markdown(call: ReviewedCall) -> list[str]:
    """The transcript, each turn with the grader's moves and the coaches' comments on it."""
    lines = ["## Transcript", ""]
    for number, turn in enumerate(call.transcript.turns, start=1):
        moves = call.moves(number)
        tag = " _(" + ", ".join(m.value for m in moves) + ")_" if moves else ""
        lines.append(f"{number}. **{turn.speaker.title()}:** {md(turn.text)}{tag}")
        lines += [f"   - Comment ({md(c.author)}): {md(c.text)}" for c in call.comments_on(number)]
    return lines


def _where(turn: int, prefix: str) -> str:
    """Where a note points: a turn, or the call log (turn 0)."""
    return f"{prefix}{turn}" if turn else ("log" if prefix == "t" else "Call log")
