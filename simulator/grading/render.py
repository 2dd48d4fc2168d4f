"""Grade reports for people: Markdown, and rich renderables for the terminal."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from simulator.grading.report import GradeReport
from simulator.models.transcript import Transcript

_BAR = 20


def _bar(score: float) -> str:
    filled = round(score / 100 * _BAR)
    return "\u2588" * filled + "\u2591" * (_BAR - filled)


def _style(score: float) -> str:
    return "green" if score >= 75 else "yellow" if score >= 45 else "red"


def to_rich(report: GradeReport, transcript: Transcript | None = None) -> RenderableType:
    """The report as a terminal screen: total, six bars, anti-patterns, tips, rewrites."""
    parts: list[RenderableType] = []
    head = Text()
    head.append(f"Total {report.total:g}/100", style=f"bold {_style(report.total)}")
    head.append(f"   graded with {report.version}")
    if report.persona:
        head.append(f" \u00b7 persona {report.persona}")
    parts.append(head)
    table = Table(box=None, show_header=True, pad_edge=False)
    for column in ("step", "score", "", "level", "evidence"):
        table.add_column(column)
    for step in report.steps.values():
        if not step.assessed:
            table.add_row(f"{step.number} {step.title}", "-", "", "not assessed", "")
            continue
        quote = step.evidence[0] if step.evidence else None
        shown = (
            f"t{quote.turn}: \u201c{quote.quote}\u201d"
            if quote and quote.turn
            else (f"\u201c{quote.quote}\u201d" if quote else "")
        )
        table.add_row(
            f"{step.number} {step.title}",
            f"{step.score:g}",
            Text(_bar(step.score), style=_style(step.score)),
            step.level_name,
            Text(shown, overflow="fold"),
        )
    parts.append(table)
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


def to_markdown(report: GradeReport, transcript: Transcript | None = None) -> str:
    """The report (and the transcript, when given) as Markdown for sharing."""
    lines = [f"# Grade: {report.total:g}/100", ""]
    meta = f"Graded with {report.version}"
    lines += [meta + (f", persona `{report.persona}`" if report.persona else "") + ".", ""]
    lines += ["| step | score | level | evidence |", "|---|---|---|---|"]
    for step in report.steps.values():
        if not step.assessed:
            lines.append(f"| {step.number}. {step.title} | - | not assessed | |")
            continue
        quotes = "<br>".join(
            (f"t{e.turn}: " if e.turn else "") + f"\u201c{e.quote}\u201d" for e in step.evidence[:3]
        ).replace("|", "\\|")
        lines.append(
            f"| {step.number}. {step.title} | {step.score:g} | {step.level_name} | {quotes} |"
        )
    lines += ["", "## Tips", ""]
    lines += [f"- **{s.title}**: {s.tip}" for s in report.steps.values() if s.tip]
    if report.anti_patterns:
        lines += ["", "## Anti-patterns", ""]
        for hit in report.anti_patterns:
            lines.append(f"- Turn {hit.turn}, {hit.move.value}: \u201c{hit.quote}\u201d")
            if hit.instead:
                lines.append(f"  - Instead: {hit.instead}")
    if report.flags:
        lines += ["", "## Coach notes", ""]
        lines += [f"- {_where(f.turn, 'Turn ')}: {f.message}" for f in report.flags]
    if report.rewrites:
        lines += ["", "## Your line, done well", ""]
        for rewrite in report.rewrites:
            lines += [
                f"- Turn {rewrite.turn}: \u201c{rewrite.original}\u201d",
                f"  - Try: \u201c{rewrite.rewrite}\u201d ({', '.join(rewrite.fixes)})",
            ]
    if transcript is not None:
        lines += ["", "## Transcript", ""]
        moves = {t.turn: t.moves for t in report.turn_moves}
        for number, turn in enumerate(transcript.turns, start=1):
            tag = ""
            if moves.get(number):
                tag = " _(" + ", ".join(m.value for m in moves[number]) + ")_"
            lines.append(f"{number}. **{turn.speaker.title()}:** {turn.text}{tag}")
    return "\n".join(lines) + "\n"


def _where(turn: int, prefix: str) -> str:
    """Where a note points: a turn, or the call log (turn 0)."""
    return f"{prefix}{turn}" if turn else ("log" if prefix == "t" else "Call log")
