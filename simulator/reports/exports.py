"""A stored call as Markdown, self-contained HTML, PDF or JSON, and a list of calls as CSV.

Every export carries the machine grade, the coach's overrides beside it, the comments on
turns, and the transcript with the evidence quotes marked.
"""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fpdf import FPDF

from simulator.grading import GradeReport
from simulator.grading.render import to_markdown
from simulator.models import StepId
from simulator.storage import SessionRecord

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class CallExport:
    """Everything an export shows about one call."""

    record: SessionRecord
    report: GradeReport | None
    comments: list[dict[str, Any]] = field(default_factory=list)
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """A one-line title."""
        r = self.record
        return f"Call {r.id}: {r.trainee}, {r.persona} / {r.scenario}"


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


def marked(text: str, quotes: list[str], mark: tuple[str, str]) -> str:
    """HTML-escaped ``text`` with every quote found in it wrapped in ``mark``."""
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
        out += [html.escape(text[position:start]), mark[0], html.escape(text[start:end]), mark[1]]
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)


def _summary_lines(export: CallExport) -> list[str]:
    r = export.record
    lines = [
        f"Trainee: {r.trainee}" + (f" (team {r.team})" if r.team else ""),
        f"Persona: {r.persona} | Scenario: {r.scenario} | Difficulty: {r.difficulty}",
        f"Started: {r.started_at:%Y-%m-%d %H:%M} | Outcome: {r.outcome or 'in progress'}",
    ]
    if r.total is not None and export.report is not None and r.total != export.report.total:
        lines.append(f"Total after coach overrides: {r.total:g} (machine: {export.report.total:g})")
    return lines


def to_markdown_export(export: CallExport) -> str:
    """The call as Markdown: summary, grade, coach overrides and comments, transcript."""
    parts = [f"# {export.title}", "", *[f"- {line}" for line in _summary_lines(export)], ""]
    if export.report is not None:
        parts.append(
            to_markdown(export.report, export.record.transcript()).replace("# Grade", "## Grade", 1)
        )
    else:
        parts += ["_Not graded yet._", ""]
    if export.overrides:
        parts += [
            "## Coach overrides",
            "",
            "| step | machine | coach | reason | coach |",
            "|---|---|---|---|---|",
        ]
        for step, o in export.overrides.items():
            parts.append(
                f"| {step} | {o['machine_score']:g} | {o['coach_score']:g} | "
                f"{o['reason'].replace('|', '/')} | {o['coach']} |"
            )
        parts.append("")
    if export.comments:
        parts += ["## Comments", ""]
        parts += [f"- Turn {c['turn']} ({c['author']}): {c['text']}" for c in export.comments]
        parts.append("")
    return "\n".join(parts)


_CSS = """
body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d2433}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #d0d5de;padding:.35rem .5rem;text-align:left;vertical-align:top}
mark{background:#ffe39a}.agent{background:#eef4ff}.customer{background:#f7f7f7}
.turn{padding:.4rem .6rem;margin:.25rem 0;border-radius:6px}.moves{color:#5b6475;font-size:.85em}
.comment{color:#8a4b00;font-size:.9em;margin-left:1rem}.bar{background:#4a7bd0;height:.6rem}
"""


def to_html(export: CallExport) -> str:
    """The call as one self-contained HTML page (inline CSS, no external files)."""
    report, record = export.report, export.record
    out = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(export.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(export.title)}</h1><ul>",
        *[f"<li>{html.escape(line)}</li>" for line in _summary_lines(export)],
        "</ul>",
    ]
    if report is not None:
        out.append(
            f"<h2>Grade: {report.total:g}/100</h2><table><tr><th>step</th><th>score</th>"
            "<th></th><th>level</th><th>coach</th><th>tip</th></tr>"
        )
        for step in report.steps.values():
            o = export.overrides.get(step.id.value)
            coach = f"{o['coach_score']:g} ({html.escape(o['reason'])})" if o else ""
            score = f"{step.score:g}" if step.assessed else "-"
            out.append(
                f"<tr><td>{step.number}. {html.escape(step.title)}</td><td>{score}</td>"
                f"<td style='width:6rem'><div class='bar' style='width:{step.score:.0f}%'></div></td>"
                f"<td>{html.escape(step.level_name)}</td><td>{coach}</td>"
                f"<td>{html.escape(step.tip or '')}</td></tr>"
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
    notes: dict[int, list[dict[str, Any]]] = {}
    for comment in export.comments:
        notes.setdefault(int(comment["turn"]), []).append(comment)
    for turn in record.turns:
        moves = f"<div class='moves'>{', '.join(turn.moves)}</div>" if turn.moves else ""
        out.append(
            f"<div class='turn {turn.speaker}'><b>{turn.number}. {turn.speaker.title()}:</b> "
            f"{marked(turn.text, quotes.get(turn.number, []), ('<mark>', '</mark>'))}{moves}</div>"
        )
        for comment in notes.get(turn.number, []):
            out.append(
                f"<div class='comment'>{html.escape(comment['author'])}: "
                f"{html.escape(comment['text'])}</div>"
            )
    out.append("</body></html>")
    return "\n".join(out)


def to_json_export(export: CallExport) -> str:
    """The call as JSON: record, grade (the `defuse grade --format json` object), coaching."""
    r = export.record
    data = {
        "session_id": r.id,
        "trainee": r.trainee,
        "team": r.team,
        "persona": r.persona,
        "scenario": r.scenario,
        "difficulty": r.difficulty,
        "started_at": r.started_at.isoformat(timespec="seconds"),
        "outcome": r.outcome,
        "total": r.total,
        "turns": [
            {
                "turn": t.number,
                "speaker": t.speaker,
                "text": t.text,
                "moves": t.moves,
                "heat": t.heat,
            }
            for t in r.turns
        ],
        "call_log": r.call_log.model_dump() if r.call_log else None,
        "grade": export.report.to_json() if export.report else None,
        "overrides": {
            step: {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in o.items()}
            for step, o in export.overrides.items()
        },
        "comments": [
            {"turn": c["turn"], "author": c["author"], "text": c["text"]} for c in export.comments
        ],
    }
    return json.dumps(data, indent=2)


def to_pdf(export: CallExport) -> bytes:
    """The call as a PDF (DejaVu Sans when installed, for full Unicode; else Helvetica)."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    regular = FONT_DIR / "DejaVuSans.ttf"
    if regular.is_file():
        pdf.add_font("body", "", str(regular))
        pdf.add_font("body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        font = "body"

        def clean(text: str) -> str:
            return text

    else:
        font = "Helvetica"

        def clean(text: str) -> str:
            return text.encode("latin-1", "replace").decode("latin-1")

    def write(text: str, size: int = 10, bold: bool = False, gap: float = 1.5) -> None:
        pdf.set_font(font, "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.5, clean(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    write(export.title, 15, bold=True)
    for line in _summary_lines(export):
        write(line, 9, gap=0.5)
    pdf.ln(3)
    if export.report is not None:
        write(f"Grade: {export.report.total:g}/100", 13, bold=True)
        for step in export.report.steps.values():
            o = export.overrides.get(step.id.value)
            coach = f"; coach {o['coach_score']:g}: {o['reason']}" if o else ""
            score = f"{step.score:g}" if step.assessed else "not assessed"
            write(
                f"{step.number}. {step.title}: {score} ({step.level_name}){coach}",
                10,
                bold=True,
                gap=0.3,
            )
            if step.tip:
                write(step.tip, 9)
        for hit in export.report.anti_patterns:
            write(
                f"Turn {hit.turn}, {hit.move.value}: \u201c{hit.quote}\u201d  Instead: {hit.instead}",
                9,
            )
    write("Transcript", 13, bold=True)
    for turn in export.record.turns:
        write(f"{turn.number}. {turn.speaker.title()}: {turn.text}", 9, gap=0.8)
    for comment in export.comments:
        write(f"Comment on turn {comment['turn']} ({comment['author']}): {comment['text']}", 9)
    return bytes(pdf.output())


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
    "total",
)
STEP_COLUMNS = tuple(step.value for step in StepId)


def calls_csv(rows: list[dict[str, Any]]) -> str:
    """A list of calls (from coaching.calls) as CSV, one column per step score."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*CSV_COLUMNS, *STEP_COLUMNS])
    for row in rows:
        steps = row.get("steps") or {}
        writer.writerow(
            [row.get(c, "") if row.get(c) is not None else "" for c in CSV_COLUMNS]
            + [steps.get(s, "") for s in STEP_COLUMNS]
        )
    return buffer.getvalue()
