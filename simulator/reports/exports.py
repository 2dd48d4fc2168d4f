"""A stored call as Markdown, self-contained HTML, PDF or JSON, and a list of calls as CSV.

Every export reads one reviewed call: the machine grade and the coach's overrides beside
it (both totals labelled), the comments on turns, and the transcript with the evidence
quotes marked and each turn's moves as the grader found them.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.grading import GradeReport
from simulator.grading.render import to_markdown
from simulator.grading.reviewed import ReviewedCall, total_label
from simulator.models import StepId
from simulator.models.untrusted import markdown_text, spreadsheet_cell
from simulator.reports.stored import StoredCall
from simulator.storage import CallRow

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def evidence_by_turn(report: GradeReport | None) -> dict[int, list[str]]:
    """Quotes that earned or cost points, by turn number."""
    found: dict[int, list[str]] = {}
    if report is None:
        return found
    for step in report.steps.values():
        for evidence in step.evidence:
            found.setdefault(evidence.turn, []).append(evidence.quote)
    for hit in report.anti_patterns:
        found.setdefault(hit.turn, []).append(hit.quote)
    return found


def marked(
    text: str,
    quotes: list[str],
    mark: tuple[str, str],
    escape: Callable[[str], str] = html.escape,
) -> str:
    """``text`` escaped (HTML by default) with every quote found in it wrapped in ``mark``."""
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        start = text.find(quote)
        if quote and start >= 0:
            spans.append((start, start + len(quote)))
    spans.sort()
    out, position = [], 0
    for start, end in spans:
        if start < position:
            continue
        out += [escape(text[position:start]), mark[0], escape(text[start:end]), mark[1]]
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def _summary_lines(call: StoredCall, version: bool = True, total: bool = True) -> list[str]:
    r, report = call.record, call.reviewed.report
    lines = [
        f"Trainee: {r.trainee}" + (f" (team {r.team})" if r.team else ""),
        f"Persona: {r.persona} | Scenario: {r.scenario} | Difficulty: {r.difficulty}",
        f"Started: {r.started_at:%Y-%m-%d %H:%M} | Outcome: {r.outcome or 'in progress'}",
    ]
    if total:
        lines.append(total_label(call.reviewed))
    if version and report is not None:
        lines.append(f"Graded with {report.version}")
    return lines


def to_markdown_export(call: StoredCall) -> str:
    """The call as Markdown: summary, grade with coach overrides, transcript with comments."""
    # The grade section below carries the version line.
    summary = _summary_lines(call, version=False)
    parts = [
        f"# {markdown_text(call.title)}",
        "",
        *[f"- {markdown_text(line)}" for line in summary],
    ]
    parts.append("")
    parts.append(to_markdown(call.reviewed).replace("# Grade", "## Grade", 1))
    return "\n".join(parts)


_CSS = """
body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d2433}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #d0d5de;padding:.35rem .5rem;text-align:left;vertical-align:top}
mark{background:#ffe39a}.agent{background:#eef4ff}.customer{background:#f7f7f7}
.turn{padding:.4rem .6rem;margin:.25rem 0;border-radius:6px}.moves{color:#5b6475;font-size:.85em}
.comment{color:#8a4b00;font-size:.9em;margin-left:1rem}.bar{background:#4a7bd0;height:.6rem}
"""


def to_html(call: StoredCall) -> str:
    """The call as one self-contained HTML page (inline CSS, no external files)."""
    reviewed, record = call.reviewed, call.record
    out = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(call.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(call.title)}</h1><ul>",
        *[f"<li>{html.escape(line)}</li>" for line in _summary_lines(call)],
        "</ul>",
    ]
    report = reviewed.report
    if report is not None:
        out.append(
            f"<h2>Grade: {total_label(reviewed, html.escape)}</h2><table><tr><th>step</th>"
            "<th>machine</th><th></th><th>level</th><th>coach</th><th>tip</th></tr>"
        )
        for step in reviewed.steps:
            o, result = step.override, step.result
            coach = (
                f"{o.coach_score:g} ({html.escape(o.coach)}: {html.escape(o.reason)})" if o else ""
            )
            shown = step.coach if step.coach is not None else result.score
            out.append(
                f"<tr><td>{result.number}. {html.escape(result.title)}</td>"
                f"<td>{'-' if step.machine is None else f'{step.machine:g}'}</td>"
                f"<td style='width:6rem'><div class='bar' style='width:{shown:.0f}%'></div></td>"
                f"<td>{html.escape(result.level_name)}</td><td>{coach}</td>"
                f"<td>{html.escape(result.tip or '')}</td></tr>"
            )
        out.append("</table>")
        if report.anti_patterns:
            out.append("<h2>Anti-patterns</h2><ul>")
            for hit in report.anti_patterns:
                out.append(
                    f"<li>Turn {hit.turn}, {hit.move.value}: &ldquo;{html.escape(hit.quote)}&rdquo;"
                    f"<br>Instead: {html.escape(hit.instead)}</li>"
                )
            out.append("</ul>")
    out.append("<h2>Transcript</h2>")
    quotes = evidence_by_turn(report)
    for turn in record.turns:
        moves = reviewed.moves(turn.number)
        tag = f"<div class='moves'>{', '.join(m.value for m in moves)}</div>" if moves else ""
        out.append(
            f"<div class='turn {turn.speaker}'><b>{turn.number}. {turn.speaker.title()}:</b> "
            f"{marked(turn.text, quotes.get(turn.number, []), ('<mark>', '</mark>'))}{tag}</div>"
        )
        for comment in reviewed.comments_on(turn.number):
            out.append(
                f"<div class='comment'>{html.escape(comment.author)}: "
                f"{html.escape(comment.text)}</div>"
            )
    out.append("</body></html>")
    return "\n".join(out)


def _when(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def call_json(call: StoredCall) -> dict[str, Any]:
    """The one JSON shape of a stored call (`defuse show --format json` and the JSON export).

    ``total`` holds the machine's and the coach's total (``coach`` is null while no coach
    changed a step); ``grade`` is the machine report without a total of its own; each agent
    turn lists the grader's moves beside the mood trace.
    """
    r, reviewed = call.record, call.reviewed
    grade = reviewed.report.to_json() if reviewed.report else None
    if grade is not None:
        grade.pop("total")
    turns: list[dict[str, Any]] = []
    for t in r.turns:
        turn: dict[str, Any] = {"turn": t.number, "speaker": t.speaker, "text": t.text}
        if t.speaker == "agent":
            turn |= {
                "moves": [m.value for m in reviewed.moves(t.number)] if grade else None,
                "heat": t.heat,
                "trust": t.trust,
                "why": t.reasons,
            }
        turns.append(turn)
    return {
        "session_id": r.id,
        "trainee": r.trainee,
        "team": r.team,
        "persona": r.persona,
        "scenario": r.scenario,
        "difficulty": r.difficulty,
        "seed": r.seed,
        "actor": r.actor,
        "started_at": _when(r.started_at),
        "ended_at": _when(r.ended_at),
        "outcome": r.outcome,
        "total": {"machine": reviewed.machine_total, "coach": reviewed.coach_total},
        "graded_with": reviewed.report.version if reviewed.report else None,
        "turns": turns,
        "call_log": r.call_log.model_dump() if r.call_log else None,
        "notes": r.notes,
        "usage": r.usage,
        "grade": grade,
        "overrides": [o.model_dump(mode="json") | {"at": _when(o.at)} for o in reviewed.overrides],
        "comments": [c.model_dump(mode="json") | {"at": _when(c.at)} for c in reviewed.comments],
    }


def to_json_export(call: StoredCall) -> str:
    """The call as JSON (:func:`call_json`)."""
    return json.dumps(call_json(call), indent=2)


class _Pdf:
    """A PDF being written: text blocks, section headings and the steps table.

    One font: DejaVu Sans when installed (all of Unicode), else Helvetica (Latin-1).
    """

    def __init__(self) -> None:
        from fpdf import FPDF  # noqa: PLC0415 - only when a PDF is asked for (0.4 s of imports)

        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.add_page()
        regular = FONT_DIR / "DejaVuSans.ttf"
        self.unicode = regular.is_file()
        if self.unicode:
            self.pdf.add_font("body", "", str(regular))
            self.pdf.add_font("body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.font = "body" if self.unicode else "Helvetica"

    def clean(self, text: str) -> str:
        """Text the font can show (Helvetica has Latin-1 only)."""
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def write(
        self, text: str, size: int = 10, bold: bool = False, gap: float = 1.5, indent: float = 0
    ) -> None:
        """A block of text, wrapped to the page."""
        self.pdf.set_font(self.font, "B" if bold else "", size)
        self.pdf.set_x(self.pdf.l_margin + indent)
        self.pdf.multi_cell(0, size * 0.5, self.clean(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(gap)

    def heading(self, text: str) -> None:
        """A section heading with a rule under it."""
        self.pdf.ln(3)
        self.write(text, 12, bold=True, gap=1)
        self.pdf.set_draw_color(200, 205, 214)
        y = self.pdf.get_y()
        self.pdf.line(self.pdf.l_margin, y, self.pdf.w - self.pdf.r_margin, y)
        self.pdf.ln(2)

    def steps(self, reviewed: ReviewedCall) -> None:
        """The six steps as a table: machine and coach score, level, the tip or the reason."""
        self.pdf.set_font(self.font, "", 9)
        with self.pdf.table(
            col_widths=(44, 18, 14, 20, 94),
            text_align=("LEFT", "RIGHT", "RIGHT", "LEFT", "LEFT"),
            line_height=4.5,
        ) as table:
            table.row(["Step", "Machine", "Coach", "Level", "Note"])
            for step in reviewed.steps:
                o, result = step.override, step.result
                note = f"{o.coach}: {o.reason}" if o else (result.tip or "")
                table.row(
                    [
                        self.clean(f"{result.number}. {result.title}"),
                        "-" if step.machine is None else f"{step.machine:g}",
                        "" if step.coach is None else f"{step.coach:g}",
                        self.clean(result.level_name),
                        self.clean(note),
                    ]
                )


def to_pdf(call: StoredCall) -> bytes:
    """The call as a PDF: the headline total, the steps table, anti-patterns, the transcript.

    The total has the same label as every page (total_label); the coach's comments sit
    under the turns they are about.
    """
    out, reviewed = _Pdf(), call.reviewed
    out.write("Defuse \u00b7 graded practice call", 8, gap=0.5)
    out.write(call.title, 15, bold=True, gap=1)
    for line in _summary_lines(call, version=False, total=False):
        out.write(line, 9, gap=0.3)
    report = reviewed.report
    if report is not None:
        out.pdf.ln(2)
        out.write(total_label(reviewed), 13, bold=True, gap=0.5)
        out.write(f"Graded with {report.version}", 8, gap=1)
        out.heading("The six steps")
        out.steps(reviewed)
        if report.anti_patterns:
            out.heading("Anti-patterns")
            for hit in report.anti_patterns:
                out.write(f"Turn {hit.turn}, {hit.move.value.replace('_', ' ')}", 9, True, 0.2)
                out.write(f"\u201c{hit.quote}\u201d  Instead: {hit.instead}", 9, gap=1, indent=4)
    out.heading("Transcript")
    for turn in call.record.turns:
        out.write(
            f"{turn.number}. {'Customer' if turn.speaker == 'customer' else 'Agent'}", 9, True, 0.2
        )
        out.write(turn.text, 9, gap=0.3, indent=4)
        moves = reviewed.moves(turn.number)
        if moves:
            out.write(", ".join(m.value.replace("_", " ") for m in moves), 7, gap=0.3, indent=4)
        for comment in reviewed.comments_on(turn.number):
            out.write(f"Coach {comment.author}: {comment.text}", 9, gap=0.3, indent=8)
        out.pdf.ln(1)
    return bytes(out.pdf.output())


CSV_COLUMNS = (
    "id",
    "trainee",
    "team",
    "persona",
    "scenario",
    "difficulty",
    "started_at",
    "outcome",
    "turns",
    "heat_start",
    "heat_end",
    "machine_total",
    "coach_total",
)
STEP_COLUMNS = tuple(step.value for step in StepId)


def calls_csv(rows: list[CallRow]) -> str:
    """A list of calls as CSV: machine and coach totals, step scores with overrides applied."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*CSV_COLUMNS, *STEP_COLUMNS])
    for row in rows:
        values = [spreadsheet_cell(getattr(row, c)) for c in CSV_COLUMNS]
        writer.writerow(
            ["" if v is None else v for v in values] + [row.steps.get(s, "") for s in STEP_COLUMNS]
        )
    return buffer.getvalue()
