"""The hostile battery's inputs (bench/hostile_battery.py runs them), by class.

Each ``Case`` is one input and, next to it, what a good answer is (``expect`` and ``why``);
files it needs are made in the case's own temp folder by the makers below, and checks after
the run read the case's database back (simulator.storage.Store) or its journal.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from simulator.models.untrusted import storable_text  # noqa: E402
from simulator.moves.text import MAX_TURN_CHARS  # noqa: E402
from simulator.storage import Store  # noqa: E402

Expect = Literal["refused", "accepted", "either"]
Files = Callable[[Path], None]
Check = Callable[["Ctx", "Outcome"], "str | None"]

DOCUMENTED = (
    re.compile(r"^warning: the database is in memory"),  # MEMORY_WARNING
    re.compile(r"^defuse: the call ended before \d+ line"),  # lines piped after the end
    re.compile(r"^defuse: .*(?:offline customer|kept line)"),  # a session notice
    re.compile(r"^defuse: warning: "),  # a Python warning, one line (cli.failures.warning_line)
)
PROBLEM_LINE = re.compile(r"^(?!defuse: )\S.*?(?:\.(?:ya?ml|md))?:\d+: ")
"""A content problem line, printed above `defuse: error: N content problems found`."""
SKIPPED_LINE = re.compile(r"^skipped: ")
"""A file folder grading could not read, listed after the CSV is written."""

PRACTICE = ("practice", "--persona", "impatient", "--scenario", "hvac_missed_window")
PRACTICE_SEEDED = (*PRACTICE, "--seed", "5", "--trainee", "ana", "--report", "json")
CALM = (
    "I'm so sorry about the wasted morning. What happened?",
    "When did the engineer say they would come?",
)
GOOD_TXT = "Customer: My order is late.\nAgent: I'm sorry about that, let me check for you.\n"


# --- cases -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One hostile input and what a good answer to it is."""

    klass: str
    name: str
    args: tuple[str, ...]
    """After `defuse`; ``{tmp}`` is the case's own folder."""
    expect: Expect
    why: str
    """The expectation in words (why refused or accepted is right for this input)."""
    stdin: bytes | None = None
    """None: /dev/null."""
    env: Mapping[str, str | None] = field(default_factory=dict)
    """Over the base environment (``{tmp}`` replaced); None removes a variable."""
    files: Files | None = None
    before: tuple[tuple[tuple[str, ...], bytes | None], ...] = ()
    """Commands run first in the same home and database (setup, not measured)."""
    kept: tuple[str, ...] | None = None
    """Trainee lines that must be in the database (or the journal) afterwards, as stored."""
    says: str | None = None
    """A part the error line must contain (it is specific, not just one line); a|b: either."""
    extra: tuple[re.Pattern[str], ...] = ()
    """More stderr lines that are documented for this input."""
    check: Check | None = None
    """More checks after the run; returns a problem or None."""
    drive: Callable[[Ctx, subprocess.Popen[bytes]], None] | None = None
    """Drives a running process itself (stdin, timing) instead of writing ``stdin`` at once."""
    timeout: float | None = None
    needs: str | None = None
    """A capability the case needs ("mount", "llm"); skipped with the reason when missing."""


@dataclass
class Ctx:
    """Where one case runs."""

    tmp: Path
    env: dict[str, str]
    prefix: list[str]
    timeout: float

    @property
    def db(self) -> str:
        return self.env["DEFUSE_DATABASE_URL"]

    def defuse(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        """Run the CLI in this case's home and database (for setup and checks)."""
        return subprocess.run(
            [*self.prefix, sys.executable, "-m", "simulator", *args],
            input=stdin if stdin is not None else b"",
            capture_output=True,
            cwd=self.tmp,
            env=self.env,
            timeout=max(self.timeout, 60.0),
            check=False,
        )


@dataclass
class Outcome:
    """One run: what came back and what was wrong with it."""

    klass: str
    name: str
    expect: Expect
    why: str
    code: int | None = None
    seconds: float = 0.0
    stdout: str = ""
    stderr: str = ""
    hung: bool = False
    traceback: bool = False
    sql: bool = False
    exception_name: bool = False
    clear: bool = False
    catch_all: bool = False
    typed: int = 0
    lost: int = 0
    skipped: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.skipped is not None or not self.problems

    def json(self) -> dict[str, Any]:
        return {
            "class": self.klass,
            "name": self.name,
            "expect": self.expect,
            "why": self.why,
            "exit": self.code,
            "seconds": round(self.seconds, 2),
            "hung": self.hung,
            "traceback": self.traceback,
            "sql": self.sql,
            "exception_name": self.exception_name,
            "clear": self.clear,
            "catch_all": self.catch_all,
            "typed": self.typed,
            "lost": self.lost,
            "skipped": self.skipped,
            "passed": self.passed,
            "problems": self.problems,
            "output": (self.stderr.strip() or self.stdout.strip())[:200],
        }


# --- file makers -------------------------------------------------------------------------


def write(rel: str, data: bytes | str) -> Files:
    """A file at ``{tmp}/rel``."""

    def make(tmp: Path) -> None:
        path = tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)

    return make


def all_of(*makers: Files) -> Files:
    def make(tmp: Path) -> None:
        for maker in makers:
            maker(tmp)

    return make


def fifo(rel: str) -> Files:
    def make(tmp: Path) -> None:
        path = tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)

    return make


def symlink(rel: str, target: str) -> Files:
    def make(tmp: Path) -> None:
        path = tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target.replace("{tmp}", str(tmp)))

    return make


def folder(rel: str, mode: int | None = None) -> Files:
    def make(tmp: Path) -> None:
        path = tmp / rel
        path.mkdir(parents=True, exist_ok=True)
        if mode is not None:
            path.chmod(mode)

    return make


def device(rel: str, major: int, minor: int) -> Files:
    """A character device node (like /dev/full) inside the case's folder, or a FIFO without root."""

    def make(tmp: Path) -> None:
        path = tmp / rel
        try:
            os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
        except OSError:
            os.mkfifo(path)

    return make


def chmod(rel: str, mode: int) -> Files:
    def make(tmp: Path) -> None:
        (tmp / rel).chmod(mode)

    return make


def sparse(rel: str, size: int) -> Files:
    def make(tmp: Path) -> None:
        path = tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            handle.truncate(size)

    return make


# --- hostile data ------------------------------------------------------------------------


def laughs(levels: int, width: int = 9) -> str:
    """A "billion laughs" YAML: each level ``width`` aliases of the one before."""
    names = [f"l{i}" for i in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [{','.join(['lol'] * width)}]"]
    for before, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{','.join([f'*{before}'] * width)}]")
    return "\n".join(lines) + "\n"


def merge_bomb(levels: int) -> str:
    """Billion laughs through merge keys (``<<: *a``) instead of lists."""
    lines = ["a0: &a0 {x: lol, y: lol}"]
    for i in range(1, levels):
        keys = ", ".join(f"k{j}: *a{i - 1}" for j in range(9))
        lines.append(f"a{i}: &a{i} {{<<: *a{i - 1}, {keys}}}")
    return "\n".join(lines) + "\n"


def nested_yaml(kind: str, depth: int) -> str:
    if kind == "flow-list":
        return "[" * depth + "]" * depth + "\n"
    if kind == "flow-map":
        return "{a: " * depth + "1" + "}" * depth + "\n"
    if kind == "block":
        return "a:\n" + "".join("  " * i + "- \n" for i in range(depth))
    return "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v\n"


def nested_json(depth: int) -> str:
    return '{"turns": ' + "[" * depth + "]" * depth + "}"


BIG_INT = "9" * 5000


def transcript_lines(turns: int, words: int = 8) -> str:
    out = []
    for n in range(turns):
        who = "Customer" if n % 2 == 0 else "Agent"
        out.append(f"{who}: " + " ".join(f"word{n}x{w}" for w in range(words)))
    return "\n".join(out) + "\n"


def good_folder(rel: str = "calls") -> Files:
    return all_of(
        write(f"{rel}/good1.txt", GOOD_TXT),
        write(
            f"{rel}/good2.json",
            json.dumps(
                {
                    "turns": [
                        {"speaker": "customer", "text": "The heater is broken again."},
                        {"speaker": "agent", "text": "I'm sorry. What happened this time?"},
                    ]
                }
            ),
        ),
        write(
            f"{rel}/good3.csv",
            "speaker,text\ncustomer,I was charged twice.\nagent,I'm sorry. I'll refund it today.\n",
        ),
    )


def piped(*lines: str | bytes, end: bool = True, log: Sequence[str | bytes] = ()) -> bytes:
    """Piped practice input: trainee lines, then /end and call-log lines."""
    parts = [
        line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line for line in lines
    ]
    if end:
        parts.append(b"/end")
    parts += [line.encode() if isinstance(line, str) else line for line in log]
    return b"\n".join(parts) + b"\n"


def as_stored(raw: bytes) -> str:
    """A piped line as the session stores it: bad bytes as U+FFFD, NUL and controls removed."""
    return storable_text(raw.decode("utf-8", "surrogateescape")).strip()


# --- checks after a run ------------------------------------------------------------------


def sessions(ctx: Ctx) -> list[Any]:
    db = ctx.tmp / "db" / "defuse.db"
    if not db.exists():
        return []
    store = Store(f"sqlite:///{db}")
    try:
        return [store.load(row.id) for row in store.history(None, 1000)]
    finally:
        store.close()


def _journal(ctx: Ctx) -> list[str]:
    found = []
    for path in sorted((ctx.tmp / "home" / "journal").glob("*.jsonl")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            try:
                found.append(json.loads(raw)["text"])
            except (ValueError, KeyError, TypeError):
                continue
    return found


def agent_lines(ctx: Ctx) -> list[str]:
    """Every trainee line in the database and in the journal, oldest call first."""
    said = [t.text for s in reversed(sessions(ctx)) for t in s.turns if t.speaker == "agent"]
    return said + _journal(ctx)


def gradable(ctx: Ctx, out: Outcome) -> str | None:
    """The piped call is graded, or a resume with a call-log line grades it."""
    stored = sessions(ctx)
    if len(stored) != 1:
        return f"expected one stored call, found {len(stored)}"
    record = stored[0]
    if record.grade is not None:
        return None
    done = ctx.defuse(
        "practice", "--resume", record.id, "--report", "json", stdin=b"log.trigger: fixed\n"
    )
    try:
        graded = json.loads(done.stdout)["grade"] is not None
    except (ValueError, KeyError, TypeError):
        graded = False
    if done.returncode != 0 or not graded:
        tail = done.stderr.decode(errors="replace").strip()[:120]
        return f"the call cannot be graded after it (resume exit {done.returncode}: {tail})"
    return None


def csv_rows(rel: str, good: Sequence[str], bad: Sequence[str]) -> Check:
    """The CSV at ``rel`` has a total for every good file and an error for every bad one."""

    def check(ctx: Ctx, out: Outcome) -> str | None:
        path = ctx.tmp / rel
        if not path.is_file():
            return f"no CSV written at {rel}"
        import csv  # noqa: PLC0415

        rows = {Path(r["file"].lstrip("'")).name: r for r in csv.DictReader(path.open())}
        missing = [g for g in good if not rows.get(g, {}).get("total")]
        unlisted = [b for b in bad if not rows.get(b, {}).get("error")]
        if missing or unlisted:
            return f"good rows missing: {missing}; bad files not listed: {unlisted}"
        return None

    return check


def trainee_named(name: str) -> Check:
    def check(ctx: Ctx, out: Outcome) -> str | None:
        names = [s.trainee for s in sessions(ctx)]
        return None if names == [name] else f"trainee stored as {names!r}, expected {name!r}"

    return check


def no_call_stored(ctx: Ctx, out: Outcome) -> str | None:
    stored = sessions(ctx)
    return f"{len(stored)} call(s) stored by a refused start" if stored else None


def nothing_kept_in_memory(ctx: Ctx, out: Outcome) -> str | None:
    return None if "in memory" in out.stderr else "no warning that the database is in memory"


# --- the battery -------------------------------------------------------------------------


def runaway_yaml() -> list[Case]:
    """Runaway and broken YAML through `validate DIR`, `--content-dir` and DEFUSE_CONTENT_DIR."""
    payloads: list[tuple[str, str, Files]] = []
    for levels, width in ((5, 9), (7, 9), (9, 9), (12, 9), (6, 40)):
        text = laughs(levels, width)
        # Up to 9^5 values it is only an invalid persona; beyond MAX_NODES it is the aliases.
        says = "aliases" if width**levels > 100_000 else "bomb.yaml"
        payloads.append((f"laughs-{levels}x{width}", says, write("c/personas/bomb.yaml", text)))
    payloads.append(("laughs-in-scenario", "aliases", write("c/scenarios/bomb.yaml", laughs(9))))
    payloads.append(("laughs-in-rubric", "aliases", write("c/rubrics/bomb.yaml", laughs(9))))
    payloads.append(
        ("laughs-in-phrases", "aliases", write("c/rubrics/phrases/bomb.yaml", laughs(9)))
    )
    payloads.append(("laughs-in-lines", "aliases", write("c/personas/lines/bomb.yaml", laughs(9))))
    payloads.append(("merge-key-bomb", "bomb.yaml", write("c/personas/bomb.yaml", merge_bomb(9))))
    for kind, depth in (
        ("flow-list", 60),
        ("flow-list", 5000),
        ("flow-list", 200_000),
        ("flow-map", 3000),
        ("block", 80),
        ("block-map", 400),
    ):
        payloads.append(
            (
                f"nested-{kind}-{depth}",
                "levels deep",
                write("c/personas/bomb.yaml", nested_yaml(kind, depth)),
            )
        )
    payloads += [
        (
            "python-tag",
            "bomb.yaml",
            write(
                "c/personas/bomb.yaml", '!!python/object/apply:os.system ["touch {tmp}/pwned"]\n'
            ),
        ),
        ("many-nodes", "bomb.yaml", write("c/personas/bomb.yaml", "[" + "1," * 300_000 + "1]\n")),
        ("3MB-scalar", "bomb.yaml", write("c/personas/bomb.yaml", "id: " + "x" * 3_000_000 + "\n")),
        ("not-utf8", "bomb.yaml", write("c/personas/bomb.yaml", b"id: caf\xe9\ntitle: \xff\xfe\n")),
        ("binary", "bomb.yaml", write("c/personas/bomb.yaml", bytes(range(256)) * 4)),
        ("empty", "bomb.yaml", write("c/personas/bomb.yaml", b"")),
        ("a-list", "bomb.yaml", write("c/personas/bomb.yaml", "- 1\n- 2\n")),
        ("tabs", "bomb.yaml", write("c/personas/bomb.yaml", "id: x\n\ttitle: y\n")),
        ("fifo", "bomb.yaml", fifo("c/personas/bomb.yaml")),
        ("dangling-link", "bomb.yaml", symlink("c/personas/bomb.yaml", "{tmp}/nowhere.yaml")),
        ("a-folder-named-yaml", "bomb.yaml", folder("c/personas/bomb.yaml")),
        (
            "unreadable",
            "bomb.yaml",
            all_of(write("c/personas/bomb.yaml", "id: x\n"), chmod("c/personas/bomb.yaml", 0)),
        ),
    ]
    routes: tuple[tuple[str, tuple[str, ...], dict[str, str | None]], ...] = (
        ("validate", ("validate", "{tmp}/c"), {}),
        ("content-dir", ("--content-dir", "{tmp}/c", "personas"), {}),
        ("env", ("scenarios",), {"DEFUSE_CONTENT_DIR": "{tmp}/c"}),
    )
    cases = []
    for name, says, files in payloads:
        for route, args, env in routes:
            cases.append(
                Case(
                    "runaway_yaml",
                    f"{route}:{name}",
                    args,
                    "refused",
                    "bounded before it is built: a located content problem, exit 1",
                    env=env,
                    files=files,
                    says=says,
                    extra=(PROBLEM_LINE,),
                    check=lambda ctx, out: (
                        "a python tag ran" if (ctx.tmp / "pwned").exists() else None
                    ),
                )
            )
    cases += [
        Case(
            "runaway_yaml",
            "content-dir:missing-folder",
            ("--content-dir", "{tmp}/nope", "personas"),
            "refused",
            "a content folder that does not exist is named",
            extra=(PROBLEM_LINE,),
            says="nope",
        ),
        Case(
            "runaway_yaml",
            "content-dir:a-file",
            ("--content-dir", "{tmp}/f", "personas"),
            "refused",
            "a file given as a content folder is named",
            extra=(PROBLEM_LINE,),
            files=write("f", "x"),
            says="f",
        ),
        Case(
            "runaway_yaml",
            "env:empty-parts",
            ("personas",),
            "accepted",
            "empty parts of DEFUSE_CONTENT_DIR are ignored, as PATH does",
            env={"DEFUSE_CONTENT_DIR": ":::"},
        ),
        Case(
            "runaway_yaml",
            "validate:not-a-folder",
            ("validate", "{tmp}/f"),
            "refused",
            "validate of a file says it wants a folder",
            files=write("f", "x"),
            says="folder",
        ),
    ]
    return cases


def huge_inputs() -> list[Case]:
    """Inputs far over the limits: refused quickly, never read for minutes."""
    big_text = "sorry about that, " * (2_000_000 // 18)
    cases = [
        Case(
            "huge_inputs",
            "detect:2MB-text",
            ("detect",),
            "refused",
            "a 2 MB utterance is over MAX_TURN_CHARS: refused with its line number",
            stdin=json.dumps({"id": "x", "text": big_text}).encode() + b"\n",
            says="stdin line 1",
        ),
        Case(
            "huge_inputs",
            "detect:2MB-one-word",
            ("detect",),
            "refused",
            "one 2 MB token is refused like any long utterance",
            stdin=json.dumps({"text": "a" * 2_000_000}).encode() + b"\n",
            says="stdin line 1",
        ),
        Case(
            "huge_inputs",
            "detect:2MB-context",
            ("detect",),
            "refused",
            "text and context count together",
            stdin=json.dumps({"text": "hi", "context": "b " * 1_000_000}).encode() + b"\n",
            says="stdin line 1",
        ),
        Case(
            "huge_inputs",
            "detect:2MB-not-json",
            ("detect",),
            "refused",
            "2 MB of non-JSON is one not-JSON line",
            stdin=b"x" * 2_000_000 + b"\n",
            says="stdin line 1",
        ),
        Case(
            "huge_inputs",
            "detect:2MB-no-newline",
            ("detect",),
            "refused",
            "a last line without a newline is still read and refused",
            stdin=json.dumps({"text": big_text}).encode(),
            says="stdin line 1",
        ),
        Case(
            "huge_inputs",
            "detect:good-then-2MB",
            ("detect",),
            "refused",
            "the good line before is written, then the huge one refused",
            stdin=b'{"text": "Hello."}\n' + json.dumps({"text": big_text}).encode() + b"\n",
            says="stdin line 2",
            check=lambda ctx, out: (
                None if len(out.stdout.splitlines()) == 1 else "the good line's result is missing"
            ),
        ),
        Case(
            "huge_inputs",
            "detect:3000-lines",
            ("detect",),
            "accepted",
            "many ordinary lines are labelled in bounded time",
            stdin=b"".join(
                json.dumps(
                    {"id": n, "text": f"I'm sorry, I'll call you by {n % 12 + 1} pm."}
                ).encode()
                + b"\n"
                for n in range(3000)
            ),
            check=lambda ctx, out: (
                None
                if len(out.stdout.splitlines()) == 3000
                else f"{len(out.stdout.splitlines())} of 3000 lines labelled"
            ),
        ),
        Case(
            "huge_inputs",
            "detect:max-length-line",
            ("detect",),
            "accepted",
            f"a line of exactly {MAX_TURN_CHARS:,} characters is labelled",
            stdin=json.dumps({"text": ("sorry " * MAX_TURN_CHARS)[:MAX_TURN_CHARS]}).encode()
            + b"\n",
        ),
    ]
    for ext in ("txt", "json", "csv"):
        body = {
            "txt": "Customer: hi\n" + "Agent: " + "sorry " * 250_000 + "\n",
            "json": json.dumps({"turns": [{"speaker": "agent", "text": "sorry " * 250_000}]}),
            "csv": "speaker,text\nagent," + "sorry " * 250_000 + "\n",
        }[ext]
        cases.append(
            Case(
                "huge_inputs",
                f"grade:1.5MB-{ext}",
                ("grade", f"{{tmp}}/call.{ext}"),
                "refused",
                "over MAX_BYTES: refused before it is read",
                files=write(f"call.{ext}", body),
                says="byte limit",
            )
        )
    cases += [
        Case(
            "huge_inputs",
            "grade:10GB-sparse",
            ("grade", "{tmp}/call.txt"),
            "refused",
            "a 10 GB file is refused by its size, never read",
            files=sparse("call.txt", 10 * 2**30),
            says="byte limit",
        ),
        Case(
            "huge_inputs",
            "grade:1200-turns",
            ("grade", "{tmp}/call.txt"),
            "refused",
            "over MAX_TURNS",
            files=write("call.txt", transcript_lines(1200, 3)),
            says="turns",
        ),
        Case(
            "huge_inputs",
            "grade:one-huge-turn",
            ("grade", "{tmp}/call.txt"),
            "refused",
            "a turn over MAX_TURN_CHARS (a missing speaker label)",
            files=write("call.txt", "Customer: hi\nAgent: " + "sorry " * 60_000 + "\n"),
            says="characters",
        ),
        Case(
            "huge_inputs",
            "grade:900-turns-ok",
            ("grade", "{tmp}/call.txt", "--format", "json"),
            "accepted",
            "a long call within the limits is graded in bounded time",
            files=write("call.txt", transcript_lines(900, 10)),
        ),
        Case(
            "huge_inputs",
            "practice:2MB-line",
            PRACTICE_SEEDED,
            "refused",
            "a trainee line over MAX_TURN_CHARS is refused with the limit and --resume",
            stdin=piped(CALM[0], "sorry " * 350_000),
            kept=(CALM[0],),
            says="--resume",
        ),
        Case(
            "huge_inputs",
            "practice:2MB-line-no-newline",
            PRACTICE_SEEDED,
            "refused",
            "the same without a final newline",
            stdin=CALM[0].encode() + b"\n" + b"sorry " * 350_000,
            kept=(CALM[0],),
            says="--resume",
        ),
        Case(
            "huge_inputs",
            "practice:1000-lines",
            (*PRACTICE_SEEDED[:-2], "--max-turns", "200", "--report", "json"),
            "accepted",
            "more lines than turns: the call ends and the rest are counted, not hung on",
            stdin=piped(*(f"{CALM[1]} Ref {n}." for n in range(1000))),
            extra=DOCUMENTED,
            timeout=60,
        ),
    ]
    return cases


def malformed_transcripts() -> list[Case]:
    """Transcripts no grader can read: one line naming the file (and line) and the fix."""
    bad: list[tuple[str, str, bytes | str | Files, str]] = [
        (
            "unknown-speaker-mid-file",
            "txt",
            "Customer: My order is late.\nAgent: Sorry, let me check.\nManager: Useless.\n",
            ":3: unknown speaker",
        ),
        ("unknown-speaker-first", "txt", "Bot: hello\nAgent: hi\n", ":1: unknown speaker"),
        ("no-speaker", "txt", "hello there\nhow are you\n", ":1:"),
        ("only-customer", "txt", "Customer: hello\nCustomer: anyone?\n", "no agent turns"),
        (
            "csv-unknown-speaker",
            "csv",
            "speaker,text\ncustomer,hi\nrobot,beep\n",
            "unknown speaker",
        ),
        ("csv-no-header", "csv", "customer,hi\nagent,hello\n", "header"),
        ("csv-field-over-128KB", "csv", 'speaker,text\ncustomer,"' + "x" * 200_000 + '"\n', "CSV"),
        ("csv-unclosed-quote", "csv", 'speaker,text\ncustomer,"hi\nagent,hello\n', ""),
        ("json-nested-1000", "json", nested_json(1000), "nested too deeply"),
        ("json-nested-100000", "json", nested_json(100_000), "nested too deeply"),
        (
            "json-nested-object",
            "json",
            '{"turns": [' + '{"a":' * 50_000 + "1" + "}" * 50_000 + "]}",
            "",
        ),
        ("json-big-int", "json", '{"turns": [], "x": ' + BIG_INT + "}", "4,300 digits"),
        (
            "json-big-int-in-turn",
            "json",
            '{"turns": [{"speaker": "agent", "text": ' + BIG_INT + "}]}",
            "4,300 digits",
        ),
        ("json-top-level-list", "json", '[{"speaker": "agent", "text": "hi"}]', "JSON object"),
        ("json-truncated", "json", '{"turns": [{"speaker": "agent", "te', "not valid JSON"),
        ("json-turns-not-list", "json", '{"turns": "hello"}', "turns"),
        ("json-bad-speaker", "json", '{"turns": [{"speaker": "bot", "text": "hi"}]}', "turns"),
        ("json-nan", "json", '{"turns": [{"speaker": "agent", "text": NaN}]}', "turns"),
        (
            "json-call-log-wrong-type",
            "json",
            '{"turns": [{"speaker": "agent", "text": "hi"}], "call_log": [1, 2]}',
            "call_log",
        ),
        ("binary", "txt", bytes(range(256)) * 8, "binary"),
        ("png", "json", b"\x89PNG\r\n\x1a\n" + bytes(300), "binary"),
        ("invalid-utf8-txt", "txt", b"Customer: caf\xe9\nAgent: \xff sorry\n", "UTF-8"),
        ("invalid-utf8-csv", "csv", b"speaker,text\ncustomer,caf\xe9\nagent,ok\n", "UTF-8"),
        (
            "invalid-utf8-json",
            "json",
            b'{"turns": [{"speaker": "agent", "text": "\xff"}]}',
            "UTF-8",
        ),
        ("utf16", "txt", "Customer: hi\nAgent: hello\n".encode("utf-16"), ""),
        ("empty", "txt", b"", "empty"),
        ("whitespace-only", "txt", b" \n\t\n  \n", "empty"),
        ("bom-only", "txt", b"\xef\xbb\xbf", "empty"),
        ("fifo", "txt", fifo("call.txt"), "call.txt"),
        ("dangling-link", "txt", symlink("call.txt", "{tmp}/gone.txt"), "call.txt"),
        (
            "link-loop",
            "txt",
            all_of(symlink("call.txt", "{tmp}/loop.txt"), symlink("loop.txt", "{tmp}/call.txt")),
            "call.txt",
        ),
        ("a-folder-named-txt", "txt", folder("call.txt"), "call.txt"),
        (
            "unreadable",
            "txt",
            all_of(write("call.txt", GOOD_TXT), chmod("call.txt", 0)),
            "call.txt",
        ),
        ("dev-zero", "txt", symlink("call.txt", "/dev/zero"), "call.txt"),
    ]
    cases = []
    for name, ext, data, says in bad:
        files = data if callable(data) else write(f"call.{ext}", data)
        cases.append(
            Case(
                "malformed_transcripts",
                f"grade:{name}",
                ("grade", f"{{tmp}}/call.{ext}"),
                "refused",
                "one line naming the file and what is wrong",
                files=files,
                says=says or f"call.{ext}",
            )
        )
    cases += [
        Case(
            "malformed_transcripts",
            "grade:missing-file",
            ("grade", "{tmp}/nope.txt"),
            "refused",
            "a missing file is named",
            says="nope.txt",
        ),
        Case(
            "malformed_transcripts",
            "grade:indented-continuation-ok",
            ("grade", "{tmp}/call.txt"),
            "accepted",
            "an indented 'First:' line continues the turn above (not a speaker)",
            files=write(
                "call.txt", "Customer: Late.\nAgent: Two things:\n  First: a refund today.\n"
            ),
        ),
        Case(
            "malformed_transcripts",
            "grade:call-log-missing",
            ("grade", "{tmp}/call.txt", "--call-log", "{tmp}/nope.json"),
            "refused",
            "a missing call log is named",
            files=write("call.txt", GOOD_TXT),
            says="nope.json",
        ),
        Case(
            "malformed_transcripts",
            "grade:call-log-nested",
            ("grade", "{tmp}/call.txt", "--call-log", "{tmp}/log.json"),
            "refused",
            "a deeply nested call log is one line",
            files=all_of(
                write("call.txt", GOOD_TXT), write("log.json", "[" * 100_000 + "]" * 100_000)
            ),
            says="log.json",
        ),
        Case(
            "malformed_transcripts",
            "grade:call-log-big-int",
            ("grade", "{tmp}/call.txt", "--call-log", "{tmp}/log.json"),
            "refused",
            "a call log with a 5,000-digit number is one line",
            files=all_of(
                write("call.txt", GOOD_TXT), write("log.json", '{"trigger": ' + BIG_INT + "}")
            ),
            says="log.json",
        ),
        Case(
            "malformed_transcripts",
            "grade:call-log-unknown-field",
            ("grade", "{tmp}/call.txt", "--call-log", "{tmp}/log.txt"),
            "refused",
            "an unknown call-log field is named",
            files=all_of(write("call.txt", GOOD_TXT), write("log.txt", "mood: angry\n")),
            says="mood",
        ),
        Case(
            "malformed_transcripts",
            "grade:call-log-binary",
            ("grade", "{tmp}/call.txt", "--call-log", "{tmp}/log.txt"),
            "refused",
            "a binary call log is one line",
            files=all_of(write("call.txt", GOOD_TXT), write("log.txt", b"\xff\xfe\x00\x01" * 100)),
            says="log.txt",
        ),
    ]
    return cases


def bad_numbers_and_options() -> list[Case]:
    """Numbers out of range and names that do not exist: refused at input, nothing stored."""
    cases = []
    seeds = {
        "2^31": str(2**31),
        "2^63": str(2**63),
        "2^64": str(2**64),
        "2^70": str(2**70),
        "negative": "-1",
        "5000-digits": BIG_INT,
        "not-a-number": "abc",
        "float": "1.5",
        "exponent": "1e3",
    }
    for name, value in seeds.items():
        cases.append(
            Case(
                "bad_numbers",
                f"practice:seed-{name}",
                (*PRACTICE, "--seed", value),
                "refused",
                "a seed the database cannot hold (or not a whole number) is refused at input",
                stdin=b"hi\n",
                says="seed",
                check=no_call_stored,
            )
        )
    for option, values in (
        ("--difficulty", ("0", "4", "-1", "99999999999999999999", BIG_INT, "hard")),
        ("--max-turns", ("0", "201", str(2**64))),
    ):
        for value in values:
            cases.append(
                Case(
                    "bad_numbers",
                    f"practice:{option[2:]}-{value[:12]}",
                    (*PRACTICE, option, value),
                    "refused",
                    "out of its documented range",
                    stdin=b"hi\n",
                    says=option,
                    check=no_call_stored,
                )
            )
    for port in ("99999", "0", "-1", "http", BIG_INT):
        cases.append(
            Case(
                "bad_numbers",
                f"app:port-{port[:12]}",
                ("app", "--headless", "--port", port),
                "refused",
                "a port outside 1-65535 is refused before anything starts",
                says="--port",
            )
        )
    for limit in ("0", "-5", str(2**63), str(10**30), BIG_INT):
        cases.append(
            Case(
                "bad_numbers",
                f"history:limit-{limit[:12]}",
                ("history", "--limit", limit),
                "refused",
                "a limit outside the range a database can take",
                says="--limit",
            )
        )
    for workers in ("0", str(10**30)):
        cases.append(
            Case(
                "bad_numbers",
                f"grade:workers-{workers[:12]}",
                ("grade", "{tmp}/calls", "--out", "{tmp}/g.csv", "--workers", workers),
                "refused",
                "a number of worker processes no machine has",
                files=good_folder(),
                says="--workers",
            )
        )
    cases += [
        Case(
            "bad_numbers",
            "demo-data:calls-0",
            ("demo-data", "--calls", "0"),
            "refused",
            "below its range",
            says="--calls",
        ),
        Case(
            "bad_numbers",
            "detect:big-int-id",
            ("detect",),
            "refused",
            "an integer over 4,300 digits in a JSON line: the line is named",
            stdin=b'{"id": ' + BIG_INT.encode() + b', "text": "hello"}\n',
            says="stdin line 1",
        ),
        Case(
            "bad_numbers",
            "detect:nested-line",
            ("detect",),
            "refused",
            "a line nested too deeply for JSON: the line is named",
            stdin=b"[" * 200_000 + b"]" * 200_000 + b"\n",
            says="stdin line 1",
        ),
        Case(
            "bad_numbers",
            "detect:not-an-object",
            ("detect",),
            "refused",
            "a JSON value that is not an utterance object",
            stdin=b"[1, 2]\n",
            says="stdin line 1",
        ),
        Case(
            "bad_numbers",
            "practice:unknown-persona",
            ("practice", "--persona", "nobody"),
            "refused",
            "an unknown persona lists the known ones",
            stdin=b"hi\n",
            says="unknown persona",
            check=no_call_stored,
        ),
        Case(
            "bad_numbers",
            "practice:unknown-scenario",
            ("practice", "--scenario", "../../etc/passwd"),
            "refused",
            "an unknown scenario lists the known ones",
            stdin=b"hi\n",
            says="unknown scenario",
            check=no_call_stored,
        ),
        Case(
            "bad_numbers",
            "practice:empty-persona",
            ("practice", "--persona", ""),
            "refused",
            "an empty persona id is unknown",
            stdin=b"hi\n",
            says="persona",
            check=no_call_stored,
        ),
        Case(
            "bad_numbers",
            "practice:mismatched-pair",
            (
                "practice",
                "--persona",
                "entitled",
                "--scenario",
                "law_filing_deadline",
                "--seed",
                "1",
            ),
            "either",
            "a persona the case does not list: played anyway or refused in one line",
            stdin=b"/end\n",
        ),
        Case(
            "bad_numbers",
            "practice:trainee-101-chars",
            (*PRACTICE, "--trainee", "x" * 101),
            "refused",
            "longer than a name the database keeps",
            stdin=b"hi\n",
            says="trainee name",
            check=no_call_stored,
        ),
        Case(
            "bad_numbers",
            "practice:team-150-chars",
            (*PRACTICE, "--team", "t" * 150),
            "refused",
            "longer than a team name the database keeps",
            stdin=b"hi\n",
            says="team name",
            check=no_call_stored,
        ),
        Case(
            "bad_numbers",
            "practice:actor-unknown",
            (*PRACTICE, "--actor", "robot"),
            "refused",
            "not one of offline or llm",
            stdin=b"hi\n",
            says="--actor",
        ),
        Case(
            "bad_numbers",
            "practice:offline-with-model",
            (*PRACTICE, "--actor", "offline", "--model", "openai:x"),
            "refused",
            "contradictory flags are named",
            stdin=b"hi\n",
            says="--model",
        ),
        Case(
            "bad_numbers",
            "grade:unknown-rubric",
            ("grade", "{tmp}/call.txt", "--rubric", "nope"),
            "refused",
            "an unknown rubric is named",
            files=write("call.txt", GOOD_TXT),
            says="nope",
        ),
        Case(
            "bad_numbers",
            "grade:unknown-persona",
            ("grade", "{tmp}/call.txt", "--persona", "nope"),
            "refused",
            "an unknown persona is named",
            files=write("call.txt", GOOD_TXT),
            says="unknown persona",
        ),
        Case(
            "bad_numbers",
            "grade:format-unknown",
            ("grade", "{tmp}/call.txt", "--format", "pdf"),
            "refused",
            "an output format that does not exist",
            files=write("call.txt", GOOD_TXT),
            says="--format",
        ),
        Case(
            "bad_numbers",
            "unknown-command",
            ("explode",),
            "refused",
            "a command that does not exist",
            says="explode",
        ),
        Case(
            "bad_numbers",
            "unknown-option",
            ("history", "--everything"),
            "refused",
            "an option that does not exist",
            says="--everything",
        ),
    ]
    return cases


def _llm_env(extra: Mapping[str, str | None]) -> dict[str, str | None]:
    return {"OPENAI_BASE_URL": "{llm}", "OPENAI_API_KEY": "sk-test", **extra}


LLM_PRACTICE = (*PRACTICE, "--seed", "2", "--model", "openai:fake-customer", "--report", "json")


def bad_environment() -> list[Case]:
    """Configuration that cannot work: one line naming the variable and the fix, at start."""
    url = "DEFUSE_DATABASE_URL"
    cases = []
    databases: list[tuple[str, str, Files | None, str, Expect]] = [
        ("missing-folder", "sqlite:///{tmp}/no/such/dir/x.db", None, "", "accepted"),
        ("parent-is-a-file", "sqlite:///{tmp}/f/x.db", write("f", "x"), "cannot", "refused"),
        ("under-proc", "sqlite:////proc/defuse/x.db", None, "cannot", "refused"),
        ("a-folder", "sqlite:///{tmp}/d", folder("d"), "", "refused"),
        (
            "not-a-database",
            "sqlite:///{tmp}/x.db",
            write("x.db", "hello, I am text\n" * 100),
            "not a database",
            "refused",
        ),
        (
            "sqlite-header-garbage",
            "sqlite:///{tmp}/x.db",
            write("x.db", b"SQLite format 3\x00" + os.urandom(4096)),
            "database",
            "refused",
        ),
        ("read-only-file", "sqlite:///{tmp}/ro.db", None, "read-only|readonly", "refused"),
        ("read-only-folder", "sqlite:///{tmp}/rodir/x.db", folder("rodir", 0o555), "", "refused"),
        (
            "read-only-uri",
            "sqlite:///file:{tmp}/ro.db?mode=ro&uri=true",
            None,
            "read-only|readonly",
            "refused",
        ),
        ("bad-scheme", "mysqlx://u@h/db", None, "mysqlx", "refused"),
        ("not-a-url", "just some words", None, "database URL", "refused"),
        ("empty-sqlite-path", "sqlite:///", None, "", "either"),
        ("postgres-refused", "postgresql+psycopg://u@127.0.0.1:1/db", None, "database", "refused"),
        ("unknown-driver", "postgresql+nodriver://u@h/db", None, "driver", "refused"),
    ]
    for name, value, db_files, says, db_expect in databases:
        for command in (("history",), (*PRACTICE, "--seed", "1")):
            stdin = b"hello\n/end\n" if command[0] == "practice" else None
            before: tuple[tuple[tuple[str, ...], bytes | None], ...] = ()
            env: dict[str, str | None] = {url: value}
            files, expect = db_files, db_expect
            if name == "read-only-file":
                files = all_of(write("ro.db", b""), chmod("ro.db", 0o444))
            if name == "read-only-uri":
                # a real database, opened read-only through SQLite's URI parameters; only
                # reading it (history) may work
                files = None
                before = ((("history",), None),)
                env = {url: "sqlite:///file:{tmp}/db/defuse.db?mode=ro&uri=true"}
                expect = "either" if command[0] == "history" else "refused"
            cases.append(
                Case(
                    "bad_environment",
                    f"{command[0]}:db-{name}",
                    command,
                    expect,
                    "one line naming the database and what to fix; a folder that can be made is made",
                    stdin=stdin,
                    env=env,
                    files=files,
                    before=before,
                    says=says or None,
                )
            )
    cases += [
        Case(
            "bad_environment",
            "history:db-newer-version",
            ("history",),
            "refused",
            "a database written by a newer version says so",
            before=((("history",), None),),
            says="newer",
            needs="newer-db",
        ),
        Case(
            "bad_environment",
            "history:in-memory",
            ("history",),
            "accepted",
            "sqlite:// works for one command and warns that nothing is kept",
            env={url: "sqlite://"},
            extra=DOCUMENTED,
            check=nothing_kept_in_memory,
        ),
        Case(
            "bad_environment",
            "practice:in-memory",
            (*PRACTICE, "--seed", "1"),
            "accepted",
            "a call in memory is played and warned about",
            stdin=b"hello\n/end\n",
            env={url: "sqlite://"},
            extra=DOCUMENTED,
            check=nothing_kept_in_memory,
        ),
        Case(
            "bad_environment",
            "app:in-memory",
            ("app", "--headless"),
            "refused",
            "the web app refuses a database that does not last",
            env={url: "sqlite://"},
            says="in memory",
        ),
    ]
    homes: list[tuple[str, str, Files | None]] = [
        ("a-file", "{tmp}/f", write("f", "x")),
        ("under-proc", "/proc/defuse-home", None),
        ("under-dev-null", "/dev/null/home", None),
        ("read-only-folder", "{tmp}/ro/home", folder("ro", 0o555)),
    ]
    for name, value, files in homes:
        for command, stdin in (
            (("history",), None),
            ((*PRACTICE, "--seed", "1"), b"hello\n/end\n"),
            (("coach-passcode",), b"river stone lantern\n"),
        ):
            cases.append(
                Case(
                    "bad_environment",
                    f"{command[0]}:home-{name}",
                    command,
                    "refused",
                    "an unwritable DEFUSE_HOME is named with the fix",
                    stdin=stdin,
                    env={"DEFUSE_HOME": value, url: None},
                    files=files,
                    says="cannot create" if command[0] != "coach-passcode" else "DEFUSE_HOME",
                )
            )
    prices: list[tuple[str, Files | None, str]] = [
        ("missing", None, "price"),
        ("not-yaml", write("p.yaml", "{{{ not: yaml"), "p.yaml"),
        (
            "wrong-types",
            write("p.yaml", "fake-customer: {prompt: cheap, completion: [1]}\n"),
            "p.yaml",
        ),
        (
            "negative",
            write("p.yaml", "openai:fake-customer: {prompt: -1, completion: -2}\n"),
            "p.yaml",
        ),
        ("a-list", write("p.yaml", "- 1\n- 2\n"), "p.yaml"),
        ("empty", write("p.yaml", ""), "p.yaml"),
        ("binary", write("p.yaml", bytes(range(256))), "p.yaml"),
        ("laughs", write("p.yaml", laughs(9)), "p.yaml"),
        ("a-folder", folder("p.yaml"), "p.yaml"),
    ]
    for name, files, says in prices:
        env = {"DEFUSE_PRICES": "{tmp}/p.yaml"}
        cases.append(
            Case(
                "bad_environment",
                f"practice-llm:prices-{name}",
                LLM_PRACTICE,
                "refused",
                "a bad DEFUSE_PRICES stops an LLM call before it starts, in one line",
                stdin=b"hello\n/end\n",
                env=_llm_env(env),
                files=files,
                says=says,
                check=no_call_stored,
                needs="llm",
            )
        )
    cases.append(
        Case(
            "bad_environment",
            "practice-offline:prices-not-yaml",
            (*PRACTICE, "--seed", "1"),
            "accepted",
            "the offline customer has no prices: a bad DEFUSE_PRICES does not stop it",
            stdin=b"hello\n/end\n",
            env={"DEFUSE_PRICES": "{tmp}/p.yaml"},
            files=write("p.yaml", "{{{"),
        )
    )
    for value in ("abc", "-1", "0", "nan", "inf", "1e400", " "):
        cases.append(
            Case(
                "bad_environment",
                f"practice-llm:deadline-{value.strip() or 'blank'}",
                LLM_PRACTICE,
                "refused" if value.strip() else "either",
                "DEFUSE_TURN_DEADLINE must be a positive, finite number of seconds"
                + ("" if value.strip() else " (blank: unset, or refused)"),
                stdin=b"hello\n/end\n",
                env=_llm_env({"DEFUSE_TURN_DEADLINE": value}),
                says="DEFUSE_TURN_DEADLINE" if value.strip() else None,
                extra=DOCUMENTED,
                needs="llm",
            )
        )
    for name, value in (
        ("garbage", "garbage"),
        ("colon-only", ":"),
        ("no-model", "openai:"),
        ("unknown-provider", "acme:gpt-9"),
        ("newline", "openai:x\ny"),
        ("huge", "openai:" + "x" * 100_000),
    ):
        cases.append(
            Case(
                "bad_environment",
                f"practice-llm:model-{name}",
                (*PRACTICE, "--seed", "1", "--actor", "llm"),
                "refused",
                "DEFUSE_MODEL that names no usable model is one line before the call",
                stdin=b"hello\n/end\n",
                env=_llm_env({"DEFUSE_MODEL": value}),
                check=no_call_stored,
                needs="llm",
            )
        )
    cases += [
        *(
            Case(
                "bad_environment",
                f"{args[0]}:stdout-{encoding}",
                args,
                "accepted",
                "a terminal that cannot show every character (an ASCII or Latin-1 locale) "
                "gets replacements, not a crash",
                stdin=stdin,
                env={"PYTHONIOENCODING": encoding},
                before=ONE_CALL if args[0] in ("history", "show") else (),
                extra=DOCUMENTED,
            )
            for encoding in ("ascii", "latin-1")
            for args, stdin in (
                (("history",), None),
                (("show", "{first_id}"), None),
                (
                    (*PRACTICE, "--seed", "5", "--report", "text"),
                    piped(CALM[0], "Caf\u00e9 \u2014 ok \U0001f44d"),
                ),
                (("validate",), None),
            )
        ),
        Case(
            "bad_environment",
            "practice-llm:server-down",
            LLM_PRACTICE,
            "refused",
            "an unreachable OPENAI_BASE_URL is named before the call",
            stdin=b"hello\n/end\n",
            env={"OPENAI_BASE_URL": "http://127.0.0.1:1/v1", "OPENAI_API_KEY": "sk-test"},
            says="OPENAI_BASE_URL",
            check=no_call_stored,
        ),
        Case(
            "bad_environment",
            "practice-llm:base-url-garbage",
            LLM_PRACTICE,
            "refused",
            "a base URL that is not a URL is one line",
            stdin=b"hello\n/end\n",
            env={"OPENAI_BASE_URL": "not a url at all", "OPENAI_API_KEY": "sk-test"},
            check=no_call_stored,
        ),
        Case(
            "bad_environment",
            "practice-llm:no-key",
            (*PRACTICE, "--actor", "llm"),
            "refused",
            "no key or server for the LLM customer says what to set",
            stdin=b"hello\n/end\n",
            says="OPENAI_API_KEY",
        ),
    ]
    return cases


def bad_trainee_lines() -> list[Case]:
    """Lines a trainee might type or pipe: stored as the session stores them, or refused."""
    raw_lines: list[tuple[str, bytes]] = [
        ("invalid-utf8-latin1", "I'm sorry, caf\xe9 the wait.".encode("latin-1")),
        ("invalid-utf8-ff", b"Sorry \xff\xfe about that."),
        ("truncated-sequence", b"Sorry about that \xc3"),
        ("overlong-slash", b"Sorry \xc0\xaf about that."),
        ("encoded-surrogate", b"Sorry \xed\xa0\x80 about that."),
        ("nul-inside", b"I'm sorry\x00 about the wait."),
        ("ansi-escape", b"\x1b[31mI'm sorry\x1b[0m about the wait.\x07"),
        ("delete-char", b"Sorry\x7f about the wait."),
        ("rtl-override", "Sorry \u202eabout\u202c the wait.".encode()),
        ("zero-width", "So\u200brry about the wa\u200dit.".encode()),
        ("emoji", "Sorry about that \U0001f62c\U0001f44d".encode()),
        ("combining-marks", ("Sorry " + "a\u0301" * 3000).encode()),
        ("sql-text", b"Sorry'); DROP TABLE turns;-- about that."),
        ("markup", b"<script>alert(1)</script> **sorry** [x](http://evil.example)"),
        ("format-braces", b"Sorry {persona} {0} %s %(x)s about that."),
        ("bom-first", b"\xef\xbb\xbfI'm sorry about the wait."),
        ("exactly-limit", ("sorry " * MAX_TURN_CHARS)[:MAX_TURN_CHARS].encode()),
        ("limit-in-multibyte", ("\u00e9" * MAX_TURN_CHARS).encode()),
    ]
    cases = []
    # Strict variants also echo each line (--report text), so output encoding is tried too.
    echoed = (*PRACTICE_SEEDED[:-1], "text")
    for name, raw in raw_lines:
        for strict in (False, True):
            env: dict[str, str | None] = {"PYTHONIOENCODING": "utf-8"} if strict else {}
            cases.append(
                Case(
                    "trainee_lines",
                    f"practice:{name}" + (":strict-stdin" if strict else ""),
                    echoed if strict else PRACTICE_SEEDED,
                    "accepted",
                    "stored as the session stores text (bad bytes as U+FFFD, controls removed), "
                    "with every line around it"
                    + (" -- also where stdin decodes strictly (a UTF-8 locale)" if strict else ""),
                    stdin=piped(CALM[0], raw, CALM[1]),
                    env=env,
                    kept=(CALM[0], as_stored(raw), CALM[1]),
                    extra=DOCUMENTED,
                )
            )
    refused: list[tuple[str, bytes, str]] = [
        ("over-limit", b"s" * (MAX_TURN_CHARS + 1), "at most"),
        ("over-limit-after-nul-removal", b"s" * MAX_TURN_CHARS + b"\x00" * 50 + b"s", "at most"),
        ("only-nul", b"\x00\x00\x00", "empty"),
        ("only-controls", b"\x01\x02\x1b", "empty"),
    ]
    for name, raw, says in refused:
        for strict in (False, True):
            env = {"PYTHONIOENCODING": "utf-8"} if strict else {}
            cases.append(
                Case(
                    "trainee_lines",
                    f"practice:{name}" + (":strict-stdin" if strict else ""),
                    PRACTICE_SEEDED,
                    "refused",
                    "refused with a message that says why and how to resume; the line before kept",
                    stdin=piped(CALM[0], raw, CALM[1]),
                    env=env,
                    kept=(CALM[0],),
                    says=says,
                )
            )
    cases += [
        Case(
            "trainee_lines",
            "practice:crlf-lines",
            PRACTICE_SEEDED,
            "accepted",
            "Windows line ends are line ends",
            stdin=f"{CALM[0]}\r\n{CALM[1]}\r\n/end\r\n".encode(),
            kept=CALM,
        ),
        Case(
            "trainee_lines",
            "practice:cr-only-lines",
            PRACTICE_SEEDED,
            "accepted",
            "old Mac line ends are line ends too",
            stdin=f"{CALM[0]}\r{CALM[1]}\r/end\r".encode(),
            kept=CALM,
        ),
        Case(
            "trainee_lines",
            "practice:surrogate-trainee-name-env",
            (*PRACTICE, "--seed", "5", "--report", "json"),
            "accepted",
            "a trainee name with bytes that are not UTF-8 (DEFUSE_TRAINEE) is stored as names "
            "are, U+FFFD for the bad byte",
            stdin=piped(CALM[0]),
            env={"DEFUSE_TRAINEE": "ana\udce9"},
            kept=(CALM[0],),
            check=trainee_named("ana\ufffd"),
        ),
        Case(
            "trainee_lines",
            "practice:surrogate-trainee-and-team-args",
            (*PRACTICE, "--seed", "5", "--trainee", "b\udcffo", "--team", "n\udce9rd"),
            "accepted",
            "the same for --trainee and --team given as bytes that are not UTF-8",
            stdin=piped(CALM[0]),
            kept=(CALM[0],),
            check=trainee_named("b\ufffdo"),
        ),
        Case(
            "trainee_lines",
            "practice:stdin-closed-at-once",
            PRACTICE_SEEDED,
            "accepted",
            "no input: the call ends and is stored",
        ),
    ]
    return cases


def call_log_lines() -> list[Case]:
    """Bad call-log lines after a piped call: the call stays stored and gradable."""
    cases = []
    bad: list[tuple[str, Sequence[bytes | str], Expect, str | None]] = [
        ("unknown-field", ["log.unknown: x"], "refused", "unknown call-log field"),
        ("empty-name", ["log.: x"], "refused", "unknown call-log field"),
        ("upper-case-name", ["log.TRIGGER: x"], "refused", "unknown call-log field"),
        (
            "bad-then-good",
            ["log.mood: x", "log.trigger: late"],
            "refused",
            "unknown call-log field",
        ),
        ("empty-value", ["log.trigger:"], "accepted", None),
        ("no-colon", ["log.trigger"], "accepted", None),
        ("nul-value", [b"log.trigger: late\x00 engineer"], "accepted", None),
        ("invalid-utf8-value", [b"log.trigger: caf\xe9 late"], "accepted", None),
        ("huge-value", ["log.trigger: " + "late " * 100_000], "either", None),
        (
            "every-field-huge",
            [
                f"log.{f}: " + "x" * 9000
                for f in (
                    "trigger",
                    "customer_state",
                    "desired_outcome",
                    "promise_made",
                    "root_cause",
                    "needed_fix",
                )
            ],
            "accepted",
            None,
        ),
        ("repeated-field", ["log.trigger: a", "log.trigger: b"], "accepted", None),
        ("before-any-turn", ["log.trigger: first"], "accepted", None),
    ]
    for name, log, expect, says in bad:
        for strict in (False, True):
            if strict and not any(isinstance(x, bytes) for x in log) and name != "unknown-field":
                continue
            cases.append(
                Case(
                    "call_log_lines",
                    f"practice:log-{name}" + (":strict-stdin" if strict else ""),
                    PRACTICE_SEEDED,
                    expect,
                    "the call and its turns are stored; a bad field is named and the call can "
                    "still be graded (by --resume with the call log)",
                    stdin=piped(CALM[0], CALM[1], log=log)
                    if name != "before-any-turn"
                    else piped(*[x if isinstance(x, bytes) else x.encode() for x in log], CALM[0]),
                    env={"PYTHONIOENCODING": "utf-8"} if strict else {},
                    kept=CALM if name != "before-any-turn" else (CALM[0],),
                    says=says,
                    extra=DOCUMENTED,
                    check=gradable,
                    timeout=40,
                )
            )
    return cases


def grade_folders() -> list[Case]:
    """`grade DIR --out` with one bad file among good ones, and --out paths that cannot work."""
    good = ("good1.txt", "good2.json", "good3.csv")
    bad: list[tuple[str, str, Files]] = [
        ("deep-json", "deep.json", write("calls/deep.json", nested_json(100_000))),
        (
            "big-int-json",
            "big.json",
            write("calls/big.json", '{"turns": [], "n": ' + BIG_INT + "}"),
        ),
        (
            "csv-over-128KB",
            "huge.csv",
            write("calls/huge.csv", 'speaker,text\ncustomer,"' + "x" * 200_000 + '"\n'),
        ),
        ("binary", "bin.txt", write("calls/bin.txt", bytes(range(256)) * 4)),
        ("invalid-utf8", "latin.txt", write("calls/latin.txt", b"Customer: caf\xe9\nAgent: ok\n")),
        ("empty", "empty.txt", write("calls/empty.txt", b"")),
        (
            "unknown-speaker",
            "who.txt",
            write("calls/who.txt", "Customer: hi\nAgent: yo\nBoss: no\n"),
        ),
        ("1.5MB", "big.txt", write("calls/big.txt", "Agent: " + "x " * 800_000)),
        (
            "unreadable",
            "locked.txt",
            all_of(write("calls/locked.txt", GOOD_TXT), chmod("calls/locked.txt", 0)),
        ),
    ]
    cases = []
    for workers in ("1", "2"):
        for name, bad_name, files in bad:
            cases.append(
                Case(
                    "grade_folder",
                    f"grade-dir:{name}:workers-{workers}",
                    ("grade", "{tmp}/calls", "--out", "{tmp}/grades.csv", "--workers", workers),
                    "accepted",
                    "the good rows are written, the bad file listed with its reason",
                    files=all_of(good_folder(), files),
                    extra=(SKIPPED_LINE,),
                    check=csv_rows("grades.csv", good, (bad_name,)),
                )
            )
    # Files grading never opens: a FIFO (would block), a folder and a link named like transcripts.
    cases.append(
        Case(
            "grade_folder",
            "grade-dir:fifo-folder-link",
            ("grade", "{tmp}/calls", "--out", "{tmp}/grades.csv"),
            "accepted",
            "a FIFO, a folder and a dangling link named *.txt are not read and do not block",
            files=all_of(
                good_folder(),
                fifo("calls/pipe.txt"),
                folder("calls/dir.txt"),
                symlink("calls/gone.txt", "{tmp}/nowhere"),
            ),
            extra=(SKIPPED_LINE,),
            check=csv_rows("grades.csv", good, ()),
        )
    )
    outs: list[tuple[str, str, Files | None, str]] = [
        ("out-is-a-folder", "{tmp}/calls", None, "--out"),
        ("out-in-missing-folder", "{tmp}/missing/g.csv", None, "--out"),
        ("out-parent-is-a-file", "{tmp}/f/g.csv", write("f", "x"), "--out"),
        ("out-read-only-folder", "{tmp}/ro/g.csv", folder("ro", 0o555), "g.csv"),
        # Inside the case's folder: a CSV moved over a real /dev/full would replace the device.
        ("out-a-fifo", "{tmp}/pipe.csv", fifo("pipe.csv"), "regular file"),
        ("out-a-device", "{tmp}/full", device("full", 1, 7), "regular file"),
    ]
    for name, out, files, says in outs:
        cases.append(
            Case(
                "grade_folder",
                f"grade-dir:{name}",
                ("grade", "{tmp}/calls", "--out", out),
                "refused",
                "an --out that cannot be written is named before or instead of a half file",
                files=all_of(good_folder(), *(f for f in (files,) if f is not None)),
                says=says,
            )
        )
    cases += [
        Case(
            "grade_folder",
            "grade-dir:no-out",
            ("grade", "{tmp}/calls"),
            "refused",
            "a folder needs --out",
            files=good_folder(),
            says="--out",
        ),
        Case(
            "grade_folder",
            "grade-dir:empty-folder",
            ("grade", "{tmp}/calls", "--out", "{tmp}/g.csv"),
            "refused",
            "nothing to grade",
            files=folder("calls"),
            says="no .json",
        ),
        Case(
            "grade_folder",
            "grade-dir:all-bad",
            ("grade", "{tmp}/calls", "--out", "{tmp}/g.csv"),
            "either",
            "every file bad: the CSV lists them all",
            files=all_of(write("calls/a.txt", b""), write("calls/b.json", "[")),
            extra=(SKIPPED_LINE,),
        ),
    ]
    return cases


def rubric_loops() -> list[Case]:
    """Rubrics that extend each other in a loop or extend nothing."""

    def rubric(rid: str, extends: str) -> str:
        return f'id: {rid}\ntitle: {rid}\nversion: "1"\nextends: {extends}\nweights: {{stay_calm: 5}}\n'

    sets: list[tuple[str, Files, str]] = [
        ("self", write("c/rubrics/a.yaml", rubric("alpha", "alpha")), "loop"),
        (
            "two",
            all_of(
                write("c/rubrics/a.yaml", rubric("alpha", "beta")),
                write("c/rubrics/b.yaml", rubric("beta", "alpha")),
            ),
            "loop",
        ),
        (
            "three",
            all_of(
                write("c/rubrics/a.yaml", rubric("alpha", "beta")),
                write("c/rubrics/b.yaml", rubric("beta", "gamma")),
                write("c/rubrics/g.yaml", rubric("gamma", "alpha")),
            ),
            "loop",
        ),
        ("unknown", write("c/rubrics/a.yaml", rubric("alpha", "nowhere")), "nowhere"),
        (
            "shipped-overridden-into-loop",
            all_of(
                write("c/rubrics/s.yaml", rubric("six_step", "alpha")),
                write("c/rubrics/a.yaml", rubric("alpha", "six_step")),
            ),
            "loop",
        ),
    ]
    cases = []
    for name, files, says in sets:
        for route, args in (
            ("validate", ("validate", "{tmp}/c")),
            ("grade", ("--content-dir", "{tmp}/c", "grade", "{tmp}/call.txt", "--rubric", "alpha")),
            ("practice", ("--content-dir", "{tmp}/c", *PRACTICE, "--seed", "1")),
        ):
            cases.append(
                Case(
                    "rubric_loops",
                    f"{route}:extends-{name}",
                    args,
                    "refused",
                    "a rubric loop is a located content problem, never a crash when grading",
                    stdin=b"hello\n/end\n" if route == "practice" else None,
                    files=all_of(files, write("call.txt", GOOD_TXT)),
                    says=says,
                    extra=(PROBLEM_LINE,),
                )
            )
    chain = all_of(
        *(
            write(f"c/rubrics/r{i}.yaml", rubric(f"r{i}", f"r{i - 1}" if i else "six_step"))
            for i in range(60)
        )
    )
    cases.append(
        Case(
            "rubric_loops",
            "grade:extends-chain-60",
            ("--content-dir", "{tmp}/c", "grade", "{tmp}/call.txt", "--rubric", "r59"),
            "either",
            "a 60-deep chain without a loop: graded, or refused as too deep in one line",
            files=all_of(chain, write("call.txt", GOOD_TXT)),
            extra=(PROBLEM_LINE,),
        )
    )
    return cases


ADMIN = (
    (("accounts", "add-team", "north"), None),
    (("accounts", "add", "root", "--role", "admin", "--password-stdin"), b"river stone lantern\n"),
)


def accounts_input() -> list[Case]:
    """`defuse accounts` with bad input: refused, nothing saved."""
    cases = []
    for name, password in (
        ("short", b"short"),
        ("digits", b"12345678901"),
        ("common", b"password123"),
        ("repeated", b"aaaaaaaaaaaa"),
        ("blank", b"   "),
    ):
        cases.append(
            Case(
                "accounts",
                f"add:weak-{name}",
                ("accounts", "add", "ana", "--team", "north", "--password-stdin"),
                "refused",
                "a weak password is refused and nothing is saved",
                stdin=password + b"\n",
                before=ADMIN,
                says="nothing was saved" if name != "blank" else "password",
            )
        )
    for name, username in (
        ("one-char", "a"),
        ("101-chars", "a" * 101),
        ("space", "ana smith"),
        ("path", "../etc"),
        ("empty", ""),
        ("unicode", "\u00e1na"),
        ("dash-first", "-ana"),
    ):
        cases.append(
            Case(
                "accounts",
                f"add:username-{name}",
                ("accounts", "add", "--password-stdin", "--", username)
                if username.startswith("-")
                else ("accounts", "add", username, "--password-stdin"),
                "refused",
                "a username outside 2-100 letters, digits, . _ - @ + is refused",
                stdin=b"river stone lantern\n",
                before=ADMIN,
            )
        )
    cases += [
        Case(
            "accounts",
            "add:unknown-team",
            ("accounts", "add", "ana", "--team", "sout", "--password-stdin"),
            "refused",
            "a typo in a team is refused, never made a team",
            stdin=b"river stone lantern\n",
            before=ADMIN,
            says="sout",
        ),
        Case(
            "accounts",
            "add:no-password-on-stdin",
            ("accounts", "add", "ana", "--password-stdin"),
            "refused",
            "no password on standard input says how to give one",
            before=ADMIN,
            says="password",
        ),
        Case(
            "accounts",
            "add:password-invalid-utf8",
            ("accounts", "add", "ana", "--password-stdin"),
            "either",
            "a password with bytes that are not UTF-8: saved, or refused in one line",
            stdin=b"river \xff stone lantern\n",
            before=ADMIN,
        ),
        Case(
            "accounts",
            "add:password-invalid-utf8:strict-stdin",
            ("accounts", "add", "ana", "--password-stdin"),
            "either",
            "the same where stdin decodes strictly",
            stdin=b"river \xff stone lantern\n",
            env={"PYTHONIOENCODING": "utf-8"},
            before=ADMIN,
        ),
        Case(
            "accounts",
            "add:password-nul",
            ("accounts", "add", "ana", "--password-stdin"),
            "either",
            "a password with a NUL: saved, or refused in one line",
            stdin=b"river\x00stone lantern\n",
            before=ADMIN,
        ),
        Case(
            "accounts",
            "add:password-1MB",
            ("accounts", "add", "ana", "--password-stdin"),
            "either",
            "a megabyte password: bounded (saved or refused), never a hang",
            stdin=b"river stone " * 90_000 + b"\n",
            before=ADMIN,
        ),
        Case(
            "accounts",
            "add:duplicate",
            ("accounts", "add", "root", "--password-stdin"),
            "refused",
            "an existing account is named",
            stdin=b"river stone lantern\n",
            before=ADMIN,
            says="already",
        ),
        Case(
            "accounts",
            "add:unknown-role",
            ("accounts", "add", "ana", "--role", "god", "--password-stdin"),
            "refused",
            "a role that does not exist",
            stdin=b"river stone lantern\n",
            before=ADMIN,
            says="role",
        ),
        Case(
            "accounts",
            "add-team:blank",
            ("accounts", "add-team", "   "),
            "refused",
            "a blank team name",
            before=ADMIN,
            says="team name",
        ),
        Case(
            "accounts",
            "add-team:101-chars",
            ("accounts", "add-team", "t" * 101),
            "refused",
            "a team name too long to keep",
            before=ADMIN,
            says="team name",
        ),
        Case(
            "accounts",
            "add-team:not-utf8-name",
            ("accounts", "add-team", "n\udce9rd"),
            "either",
            "a team name given as bytes that are not UTF-8: kept as U+FFFD or refused in one line",
            before=ADMIN,
        ),
        Case(
            "accounts",
            "add-team:duplicate",
            ("accounts", "add-team", "north"),
            "refused",
            "an existing team",
            before=ADMIN,
            says="already",
        ),
        Case(
            "accounts",
            "set:unknown-account",
            ("accounts", "set", "nobody", "--role", "coach"),
            "refused",
            "an account that does not exist",
            before=ADMIN,
            says="nobody",
        ),
        Case(
            "accounts",
            "set:disable-and-enable",
            ("accounts", "set", "root", "--disable", "--enable"),
            "refused",
            "contradictory flags",
            before=ADMIN,
            says="--disable",
        ),
        Case(
            "accounts",
            "set:last-admin-demoted",
            ("accounts", "set", "root", "--role", "trainee"),
            "refused",
            "the only admin cannot be demoted",
            before=ADMIN,
            says="only admin",
        ),
        Case(
            "accounts",
            "coach-teams:not-a-coach",
            ("accounts", "coach-teams", "ana", "north"),
            "refused",
            "a trainee cannot review teams",
            before=(
                *ADMIN,
                (("accounts", "add", "ana", "--password-stdin"), b"river stone lantern\n"),
            ),
            says="ana",
        ),
        Case(
            "accounts",
            "coach-teams:unknown-team",
            ("accounts", "coach-teams", "root", "nowhere"),
            "refused",
            "an unknown team",
            before=ADMIN,
            says="nowhere",
        ),
        Case(
            "accounts",
            "coach-passcode:weak",
            ("coach-passcode",),
            "refused",
            "a weak passcode is refused",
            stdin=b"123456\n",
            says="nothing was saved",
        ),
        Case(
            "accounts",
            "coach-passcode:empty-stdin",
            ("coach-passcode",),
            "refused",
            "no passcode on stdin",
        ),
    ]
    return cases


ONE_CALL = (((*PRACTICE, "--seed", "3", "--trainee", "ana"), b"Hello.\n/end\n"),)


def stored_ids() -> list[Case]:
    """`defuse show`, `history` and `--resume` with ids that do not name one call."""
    cases = []
    for name, value, says in (
        ("unknown", "0123456789ab", "no session"),
        ("empty", "", "session"),
        ("percent", "%", "session"),
        ("underscore", "_", "session"),
        ("10000-chars", "a" * 10_000, "session"),
        ("quote", "x' OR '1'='1", "session"),
        ("newline", "ab\ncd", "session"),
    ):
        for command in (
            ("show", value),
            ("show", value, "--format", "json"),
            ("practice", "--resume", value),
        ):
            cases.append(
                Case(
                    "stored_ids",
                    f"{command[0]}{':json' if 'json' in command else ''}:{name}",
                    command,
                    "refused",
                    "an id that names no call (wildcards are not ids) is refused in one line",
                    stdin=b"Hello.\n" if command[0] == "practice" else None,
                    before=ONE_CALL,
                    says=says,
                )
            )
    cases += [
        Case(
            "stored_ids",
            "history:unknown-trainee",
            ("history", "--trainee", "nobody"),
            "accepted",
            "no calls for a name is an empty list",
            before=ONE_CALL,
        ),
        Case(
            "stored_ids",
            "history:wildcard-trainee",
            ("history", "--trainee", "%", "--format", "json"),
            "accepted",
            "a wildcard is a name, not a pattern: no calls",
            before=ONE_CALL,
            check=lambda ctx, out: None if out.stdout.strip() == "[]" else "% matched calls",
        ),
        Case(
            "stored_ids",
            "practice:resume-graded",
            ("practice", "--resume", "{first_id}"),
            "refused",
            "a graded call cannot be resumed; show it instead",
            stdin=b"Hello.\n",
            before=ONE_CALL,
            says="graded",
        ),
        Case(
            "stored_ids",
            "judge-batch:unknown",
            ("judge-batch", "batch_nope"),
            "refused",
            "a batch with no LLM configured says what to set",
        ),
    ]
    return cases


def locked_and_full() -> list[Case]:
    """The database locked past its timeout, or the disk full, mid-call: the lines are kept."""
    return [
        Case(
            "trainee_lines",
            "practice:database-locked-20s",
            PRACTICE_SEEDED,
            "refused",
            "the line is kept in the journal and sent on --resume; the trainee is told",
            drive=drive_locked,
            kept=(CALM[0], "Let me look into that for you now.", CALM[1]),
            says="--resume",
            timeout=90,
        ),
        Case(
            "trainee_lines",
            "practice:disk-full",
            PRACTICE_SEEDED,
            "refused",
            "the line is kept in the journal and sent on --resume; the trainee is told",
            drive=drive_disk_full,
            kept=(CALM[0], "Let me look into that for you now.", CALM[1]),
            says="--resume",
            timeout=90,
            needs="mount",
        ),
    ]


def _wait_for_turns(db: Path, count: int, proc: subprocess.Popen[bytes], limit: float) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                (n,) = conn.execute(
                    "select count(*) from turns where speaker = 'customer'"
                ).fetchone()
            if n >= count:
                return True
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    return False


def resume_all(ctx: Ctx) -> None:
    """Resume every stored call with /end, as the trainee would after being told to."""
    for record in sessions(ctx):
        if record.outcome is None:
            ctx.defuse("practice", "--resume", record.id, "--report", "json", stdin=b"/end\n")


def drive_locked(ctx: Ctx, proc: subprocess.Popen[bytes]) -> None:
    """One line answered, then the database locked for 20 s while two more are piped."""
    assert proc.stdin is not None
    db = ctx.tmp / "db" / "defuse.db"
    proc.stdin.write(CALM[0].encode() + b"\n")
    proc.stdin.flush()
    if not _wait_for_turns(db, 2, proc, 30):
        return
    lock = sqlite3.connect(db, timeout=30, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        proc.stdin.write(b"Let me look into that for you now.\n" + CALM[1].encode() + b"\n/end\n")
        proc.stdin.close()
        proc.wait(timeout=60)
    finally:
        lock.execute("ROLLBACK")
        lock.close()


def drive_disk_full(ctx: Ctx, proc: subprocess.Popen[bytes]) -> None:
    """One line answered, then the database's disk filled while two more are piped."""
    assert proc.stdin is not None
    db = ctx.tmp / "db" / "defuse.db"
    proc.stdin.write(CALM[0].encode() + b"\n")
    proc.stdin.flush()
    if not _wait_for_turns(db, 2, proc, 30):
        return
    filler = ctx.tmp / "db" / "filler"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    try:
        proc.stdin.write(b"Let me look into that for you now.\n" + CALM[1].encode() + b"\n/end\n")
        proc.stdin.close()
        proc.wait(timeout=60)
    finally:
        filler.unlink()


def all_cases() -> list[Case]:
    return [
        *runaway_yaml(),
        *huge_inputs(),
        *malformed_transcripts(),
        *bad_numbers_and_options(),
        *bad_environment(),
        *bad_trainee_lines(),
        *locked_and_full(),
        *call_log_lines(),
        *grade_folders(),
        *rubric_loops(),
        *accounts_input(),
        *stored_ids(),
    ]
