"""Every export of a call full of hostile text, rendered in Chromium: nothing runs, loads or links.

A trainee's lines, their name and team, their call log, a coach's comment and an override
reason carry script tags, event handlers, remote images and style sheets, Markdown images
and links, bare and angle-bracket addresses, entities and backticks. The HTML export is
loaded as it is; the Markdown export is turned into HTML by a standard CommonMark renderer
that lets raw HTML through (the worst a viewer could do). In the page no request may leave,
``window.__pwned`` stays unset, no script, image, frame, SVG or style element appears beyond
what the same export of a harmless call has, no attribute carries a handler or a hostile
address, there is no link, and the hostile text is shown exactly as typed. The JSON export
keeps the text as data; CSV cells never start a formula. Skipped, with the reason, when
Chromium or Playwright is missing, as ``tests/test_e2e_browser.py`` is.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from simulator.cli import app
from simulator.content import default_content
from simulator.models.transcript import CallLog
from simulator.practice import CallSetup
from simulator.reports.exports import (
    calls_csv,
    to_html,
    to_json_export,
    to_markdown_export,
    to_pdf,
)
from simulator.reports.stored import StoredCall, load_call, override_step
from simulator.session import Practice
from simulator.storage import Store, database_url
from simulator.storage.coaching import add_comment, calls
from tests.test_e2e_browser import CHROMIUM, FLAGS, playwright_api

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian's chromium is not installed (make test installs it with apt-get)",
)

TRAP = "127.0.0.1:9"
"""Where every hostile address points: the discard port, so nothing could answer anyway."""

LINES = (
    "I'm so sorry about the wasted morning. <script>window.__pwned=1</script> "
    '<img src=x onerror="window.__pwned=1"> <img src="http://127.0.0.1:9/remote.png"> '
    "What happened?",
    "I'll book the engineer for 2 p.m. today and text you by noon. "
    "![x](http://127.0.0.1:9/md.png) [click](javascript:window.__pwned=1) "
    "[site](http://127.0.0.1:9/link) http://127.0.0.1:9/bare <http://127.0.0.1:9/auto> "
    "www.example.invalid/www www.example.com/page example.org mail ana@example.com or "
    "mailto:ana@example.com",
    '<a href="http://127.0.0.1:9/a">here</a> <iframe src="http://127.0.0.1:9/frame"></iframe> '
    "<style>@import url(http://127.0.0.1:9/x.css)</style> "
    '<svg onload="window.__pwned=1"></svg> <details open ontoggle="window.__pwned=1">x</details> '
    '<input autofocus onfocus="window.__pwned=1">',
    "&lt;script&gt;window.__pwned=1&lt;/script&gt; &#106;avascript:x &amp; `code` "
    "``<b>x</b>`` **bold** _it_ | pipe | # not a heading <!-- open comment "
    '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/meta"> '
    '<link rel="stylesheet" href="http://127.0.0.1:9/l.css"> <base href="http://127.0.0.1:9/"> '
    '<object data="http://127.0.0.1:9/o"></object> <video src="http://127.0.0.1:9/v.mp4" autoplay>'
    "</video>",
)
"""The trainee's lines: every kind of markup that could run, load or link."""


@dataclass(frozen=True)
class Texts:
    """Everything a person types into one call."""

    trainee: str
    team: str
    lines: tuple[str, ...]
    log: CallLog
    author: str
    comment: str
    coach: str
    reason: str

    def typed(self) -> list[str]:
        """What the HTML and Markdown exports both show (the call log only in part)."""
        return [
            self.trainee,
            self.team,
            *self.lines,
            self.author,
            self.comment,
            self.coach,
            self.reason,
        ]


HOSTILE = Texts(
    trainee='=HYPERLINK("http://127.0.0.1:9/csv","ana")',
    team="@SUM(1) <b>north</b>",
    lines=LINES,
    log=CallLog(
        trigger='<img src=x onerror="window.__pwned=1"> the missed visit this morning',
        customer_state="![s](http://127.0.0.1:9/state.png) angry and tired of waiting",
        desired_outcome="[fix](javascript:window.__pwned=1) an engineer today please",
        promise_made='<svg onload="window.__pwned=1"></svg> engineer at 2 p.m. today',
        root_cause="http://127.0.0.1:9/cause the window was misread | as morning",
        needed_fix="<style>@import url(http://127.0.0.1:9/fix.css)</style> clearer window text",
    ),
    author='coach <b>kim</b> [me](http://127.0.0.1:9/author) <img src="http://127.0.0.1:9/a.png">',
    comment="Good start.\n# Heading?\n- a list item\n[ref]\n\n[ref]: http://127.0.0.1:9/ref\n"
    '<img src="http://127.0.0.1:9/comment.png"> ![c](http://127.0.0.1:9/c.png) `tick`',
    coach="coach <i>kim</i>",
    reason="<script>window.__pwned=1</script> [site](http://127.0.0.1:9/reason) | tone "
    "<iframe src=http://127.0.0.1:9/why></iframe>",
)
HARMLESS = Texts(
    trainee="ana",
    team="north",
    lines=(
        "I'm so sorry about the wasted morning. What happened?",
        "I'll book the engineer for 2 p.m. today and text you by noon.",
        "Let me check the notes on the booking for you.",
        "I have the booking open on my screen now.",
    ),
    log=CallLog(
        trigger="the missed visit this morning",
        customer_state="angry and tired of waiting",
        desired_outcome="an engineer today please",
        promise_made="engineer at 2 p.m. today",
        root_cause="the window was misread as morning",
        needed_fix="clearer window text",
    ),
    author="coach kim",
    comment="Good start.",
    coach="coach kim",
    reason="tone",
)

ELEMENTS = (
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "img",
    "svg",
    "style",
    "link",
    "meta",
    "base",
    "form",
    "input",
    "details",
    "video",
    "audio",
    "a",
)
"""Elements that run, load, link or act on their own: only the export's own may be there."""

INSPECT = """() => {
  const counts = {};
  for (const tag of TAGS) counts[tag] = document.getElementsByTagName(tag).length;
  const handlers = [], addresses = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      if (attribute.name.toLowerCase().startsWith('on')) handlers.push(element.tagName + ' ' + attribute.name);
      if (/javascript:|127\\.0\\.0\\.1|example\\./i.test(attribute.value))
        addresses.push(element.tagName + ' ' + attribute.name + '=' + attribute.value);
    }
  }
  return {
    pwned: typeof window.__pwned,
    counts,
    handlers,
    addresses,
    links: [...document.querySelectorAll('a[href], area[href]')].map(a => a.getAttribute('href')),
    text: document.body ? document.body.innerText : '',
  };
}""".replace("TAGS", json.dumps(ELEMENTS))


@dataclass(frozen=True)
class Rendered:
    """What a page did in Chromium."""

    requests: list[str]
    pwned: str
    counts: dict[str, int]
    handlers: list[str]
    addresses: list[str]
    links: list[str]
    text: str


def _render(browser: Any, page_html: str) -> Rendered:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    # Anything the content asks for is recorded and refused; set_content itself asks for none.
    page.route("**/*", lambda route: route.abort())
    try:
        page.set_content(page_html, wait_until="load", timeout=30_000)
        page.wait_for_timeout(500)  # handlers that fire after load (autofocus, ontoggle)
        found = page.evaluate(INSPECT)
    finally:
        page.close()
    return Rendered(requests=requests, **found)


def _plain(text: str) -> str:
    """Text as a reader sees it: zero-width spaces gone, runs of whitespace one space."""
    return " ".join(text.replace("\u200b", "").split())


def _markdown_page(renderer: MarkdownIt, markdown: str) -> str:
    return f"<!doctype html><html><head><meta charset='utf-8'></head><body>{renderer.render(markdown)}</body></html>"


def _linkify() -> MarkdownIt:
    return MarkdownIt("gfm-like")  # linkify on: links www., http:// and email in plain text


RENDERERS: dict[str, Callable[[], MarkdownIt]] = {
    "commonmark": lambda: MarkdownIt("commonmark"),
    "gfm-like": lambda: MarkdownIt("gfm-like", {"linkify": False}),
    "gfm-like+linkify": _linkify,
}
"""Standard Markdown renderers, all passing raw HTML through (the worst case for a viewer)."""

GFM_AUTOLINK = re.compile(r"(?i)\bwww\.|\b(?:https?|ftp)://|[\w.+-]@[\w-]+(?:\.[\w-]+)+")
"""Text that GitHub-flavoured renderers (GitHub, Streamlit's remark-gfm) link on their own:
``www.``, ``http(s)://`` and email addresses (``mailto:`` and ``xmpp:`` only before one)."""


def _build(texts: Texts) -> StoredCall:
    store = Store(database_url())
    call = Practice.start(
        default_content(),
        store,
        CallSetup("impatient", "hvac_missed_window", 2, 4),
        texts.trainee,
        team=texts.team,
    )
    for line in texts.lines:
        assert not call.ended, f"the customer ended the call before {line!r}"
        call.say(line)
    call.end()
    call.file_log(texts.log)
    call.grade()
    call.close()
    add_comment(store, call.session_id, 2, texts.author, texts.comment)
    override_step(store, call.session_id, "stay_calm", 70, texts.reason, texts.coach)
    stored = load_call(store, call.session_id)
    store.close()
    return stored


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, StoredCall]:
    """The hostile call and a harmless one of the same shape, on a database of their own."""
    folder = tmp_path_factory.mktemp("export-render")
    with pytest.MonkeyPatch.context() as patch:  # the autouse isolation is per test, not per module
        patch.setenv("DEFUSE_DATABASE_URL", f"sqlite:///{folder / 'calls.db'}")
        patch.setenv("DEFUSE_HOME", str(folder / "home"))
        patch.delenv("DEFUSE_CONTENT_DIR", raising=False)
        patch.chdir(folder)
        return {"hostile": _build(HOSTILE), "harmless": _build(HARMLESS)}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


def _assert_inert(shown: Rendered, baseline: Rendered) -> None:
    assert shown.requests == [], f"the page asked for {shown.requests}"
    assert shown.pwned == "undefined", "text from the call ran as script"
    assert shown.handlers == [], f"event handlers from the call: {shown.handlers}"
    assert shown.addresses == [], f"addresses from the call in attributes: {shown.addresses}"
    assert shown.links == baseline.links == [], f"live links: {shown.links}"
    extra = {t: n for t, n in shown.counts.items() if n != baseline.counts[t]}
    assert extra == {}, f"elements beyond the harmless export's {baseline.counts}: {extra}"


def _assert_shown_as_typed(shown: Rendered, texts: list[str]) -> None:
    page_text = _plain(shown.text)
    for typed in texts:
        assert _plain(typed) in page_text, f"not shown as typed: {typed!r}"


def test_the_html_export_runs_loads_and_links_nothing(
    stored: dict[str, StoredCall], browser: Any
) -> None:
    shown = _render(browser, to_html(stored["hostile"]))
    _assert_inert(shown, _render(browser, to_html(stored["harmless"])))
    _assert_shown_as_typed(shown, HOSTILE.typed())


@pytest.mark.parametrize("name", RENDERERS)
def test_the_markdown_export_rendered_with_raw_html_allowed_stays_text(
    stored: dict[str, StoredCall], browser: Any, name: str
) -> None:
    renderer = RENDERERS[name]()
    markdown = to_markdown_export(stored["hostile"])
    shown = _render(browser, _markdown_page(renderer, markdown))
    baseline = _render(browser, _markdown_page(renderer, to_markdown_export(stored["harmless"])))
    _assert_inert(shown, baseline)
    # The call log's first fields are the log step's evidence in the Markdown grade table.
    _assert_shown_as_typed(shown, [*HOSTILE.typed(), HOSTILE.log.trigger])
    # Addresses show as typed, yet a renderer that links them on its own (gfm-like+linkify)
    # made no link: _assert_inert compared the links with the harmless export's (none).
    assert "ana@example.com" in shown.text


def test_the_checks_catch_raw_markup(browser: Any) -> None:
    """The inspection is not blind: the same text pasted in unescaped is caught."""
    pieces = [*HOSTILE.lines, HOSTILE.comment, HOSTILE.reason]
    raw = _render(browser, "<!doctype html><body>" + "<br>".join(pieces) + "</body>")
    commonmark = _render(browser, _markdown_page(MarkdownIt("commonmark"), pieces[1]))
    assert raw.pwned != "undefined" and raw.handlers and raw.addresses
    assert any(TRAP in url for url in raw.requests)
    assert raw.counts["script"] and raw.counts["img"] and raw.counts["iframe"]
    assert any(TRAP in link for link in commonmark.links)
    assert GFM_AUTOLINK.findall(" ".join(pieces))


def test_the_json_export_keeps_the_hostile_text_as_data(stored: dict[str, StoredCall]) -> None:
    data = json.loads(to_json_export(stored["hostile"]))
    assert (data["trainee"], data["team"]) == (HOSTILE.trainee, HOSTILE.team)
    agent = [t["text"] for t in data["turns"] if t["speaker"] == "agent"]
    assert agent == list(LINES)
    assert data["call_log"] == HOSTILE.log.model_dump()
    (comment,) = data["comments"]
    assert (comment["author"], comment["text"]) == (HOSTILE.author, HOSTILE.comment.strip())
    (override,) = data["overrides"]
    assert (override["coach"], override["reason"]) == (HOSTILE.coach, HOSTILE.reason)


def test_the_pdf_export_has_no_links_or_scripts(stored: dict[str, StoredCall]) -> None:
    pdf = to_pdf(stored["hostile"])
    # fpdf2's own /OpenAction only sets the first view; links and scripts need these.
    for action in (b"/URI", b"/JavaScript", b"/JS", b"/Launch", b"/Annots", b"/AA"):
        assert action not in pdf, action


STARTERS = ('=HYPERLINK("http://127.0.0.1:9/csv","x")', "+1", "-2", "@SUM(1)", "\tana", "\r=1")
"""What a spreadsheet would read as the start of a formula."""


def test_the_calls_csv_never_starts_a_formula() -> None:
    store = Store(database_url())
    setup = CallSetup("impatient", "hvac_missed_window", 2, 4)
    for starter in STARTERS:
        Practice.start(default_content(), store, setup, starter, team=starter).close()
    rows = list(csv.DictReader(io.StringIO(calls_csv(calls(store)))))
    store.close()
    assert sorted(r["trainee"] for r in rows) == sorted("'" + s for s in STARTERS)
    assert all(r["team"] == r["trainee"] for r in rows)
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)


def test_the_folder_grades_csv_never_starts_a_formula(tmp_path: Path) -> None:
    transcript = "Customer: My order is late.\nAgent: I'm sorry, I'll check it now.\n"
    names = ["=HYPERLINK(1)", "+1", "-2", "@SUM(1)", "\tx"]
    for name in names:
        (tmp_path / f"{name}.txt").write_text(transcript)
    (tmp_path / "=bad.txt").write_text("nothing that reads as a call\n")
    result = CliRunner().invoke(app, ["grade", ".", "--out", "grades.csv", "--workers", "1"])
    assert result.exit_code == 0, result.output
    with (tmp_path / "grades.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["file"] for r in rows) == sorted(f"'{n}.txt" for n in [*names, "=bad"])
    (bad,) = [r for r in rows if r["error"]]
    assert bad["file"] == "'=bad.txt" and bad["error"].startswith("'=bad.txt")
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
