"""A hostile tester against the real CLI (issue 15): bad inputs by class, each in its own process.

Run: .venv/bin/python bench/hostile_battery.py [--jobs 2] [--timeout 20] [--only CLASS] [--json]

Every input runs `python -m simulator ...` in a subprocess with its own temp DEFUSE_HOME and
SQLite DEFUSE_DATABASE_URL, stdin from a pipe (or /dev/null), and a time limit: 20 s, 40 s in
LLM mode (which imports its SDK first), more where a case says so (a database locked for 20 s);
over it the process group is killed and counted as a hang. As root, the process runs without
CAP_DAC_OVERRIDE (setpriv), so unreadable and unwritable files behave as they do for a normal
user. The inputs are in bench/hostile_cases.py, each with what a good answer is next to it:

- ``refused``: a non-zero exit and exactly one ``defuse: error: ...`` line (content problems
  may come before it as ``file:line: field: ...`` lines, as the README documents);
- ``accepted``: exit 0 with no error line (documented warnings allowed);
- ``either``: one of the two.

On top of that, for every input: no Python traceback on stdout or stderr, no SQL and no
exception class names on stderr, and, for inputs with trainee lines, every line that must be
kept is in the database afterwards (read back with simulator.storage.Store) or in the call's
journal. The table counts, by class: inputs tried, clear answers, hangs, typed lines lost and
failures; every failure is listed with the first 200 characters of its output. Exits 1 when
anything fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from hostile_cases import (
    DOCUMENTED,
    PROBLEM_LINE,
    REPO,
    Case,
    Ctx,
    Outcome,
    agent_lines,
    all_cases,
    resume_all,
    sessions,
)

TIMEOUT_S = 20.0
TRACEBACK = "Traceback (most recent call last)"
SQL = re.compile(r"\[SQL:|\b(?:SELECT|INSERT INTO|UPDATE|DELETE FROM)\b|\bsqlite3\.|psycopg\.")
EXCEPTION_NAME = re.compile(
    r"\b[A-Z][A-Za-z0-9]*(?:Error|Exception|Warning)\b|\bKeyboardInterrupt\b|\bStopIteration\b"
)
GENERIC = "something unexpected failed"
CATCH_ALL = "(DEFUSE_DEBUG=1 shows the details)"


# --- running -----------------------------------------------------------------------------


def base_env(tmp: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DEFUSE_", "OPENAI_", "PYTHON", "ANTHROPIC_"))
    }
    env.update(
        DEFUSE_HOME=str(tmp / "home"),
        DEFUSE_DATABASE_URL=f"sqlite:///{tmp / 'db' / 'defuse.db'}",
        DEFUSE_TRAINEE="hostile",
        COLUMNS="100",
    )
    return env


def privilege_prefix() -> list[str]:
    """As root, drop the capabilities that ignore file permissions (so 0o000 means no)."""
    if os.geteuid() == 0 and shutil.which("setpriv"):
        return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    return []


class Services:
    """What some cases need: a stand-in OpenAI server, a small filesystem to fill."""

    def __init__(self) -> None:
        self.llm_url: str | None = None
        self._server: Any = None
        self.mount_ok = os.geteuid() == 0 and shutil.which("mount") is not None

    def start_llm(self) -> None:
        try:
            sys.path.insert(0, str(REPO / "tests"))
            from fake_openai import serve  # noqa: PLC0415

            self._server = serve(0)
            self.llm_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        except Exception as exc:
            print(f"stand-in LLM server not started: {exc}", file=sys.stderr)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()


def _fill(text: str, tmp: Path, services: Services, first_id: str = "") -> str:
    return (
        text.replace("{tmp}", str(tmp))
        .replace("{llm}", services.llm_url or "")
        .replace("{first_id}", first_id)
    )


def _mount_small_fs(path: Path) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def _make_newer(ctx: Ctx) -> None:
    db = ctx.tmp / "db" / "defuse.db"
    with sqlite3.connect(db) as conn:
        conn.execute("update alembic_version set version_num = 'ffff_from_the_future'")


def run_case(case: Case, services: Services, timeout: float) -> Outcome:
    out = Outcome(case.klass, case.name, case.expect, case.why)
    if case.needs == "llm" and services.llm_url is None:
        out.skipped = "no stand-in LLM server"
        return out
    if case.needs == "mount" and not services.mount_ok:
        out.skipped = "needs root to mount a small filesystem"
        return out
    # LLM mode imports its SDK and checks the stand-in server first: twice the time.
    limit = case.timeout or (2 * timeout if case.needs == "llm" else timeout)
    with tempfile.TemporaryDirectory(prefix="defuse-hostile-") as name:
        tmp = Path(name)
        mounted = False
        try:
            if case.needs == "mount":
                mounted = _mount_small_fs(tmp / "db")
                if not mounted:
                    out.skipped = "mount failed"
                    return out
            ctx = Ctx(tmp, base_env(tmp), privilege_prefix(), limit)
            _run(case, ctx, services, out, limit)
        except Exception as exc:
            out.problems.append(f"the battery failed on this case: {type(exc).__name__}: {exc}")
        finally:
            if mounted:
                subprocess.run(["umount", "-l", str(tmp / "db")], check=False)
            _unlock(tmp)
    return out


def _unlock(tmp: Path) -> None:
    """Give back permissions taken away, so the temp folder can be removed."""
    for path in [tmp, *tmp.rglob("*")]:
        try:
            if not path.is_symlink():
                path.chmod(0o700)
        except OSError:
            continue


def _run(case: Case, ctx: Ctx, services: Services, out: Outcome, limit: float) -> None:
    tmp = ctx.tmp
    if case.files:
        case.files(tmp)
    for args, stdin in case.before:
        done = ctx.defuse(*(_fill(a, tmp, services) for a in args), stdin=stdin)
        if done.returncode != 0:
            out.problems.append(f"setup {' '.join(args)[:60]} failed: {done.stderr[:120]!r}")
            return
    if case.needs == "newer-db":
        _make_newer(ctx)
    first_id = ""
    if "{first_id}" in " ".join(case.args):
        first_id = sessions(ctx)[0].id
    for key, value in case.env.items():
        if value is None:
            ctx.env.pop(key, None)
        else:
            ctx.env[key] = _fill(value, tmp, services)
    args = [_fill(a, tmp, services, first_id) for a in case.args]
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*ctx.prefix, sys.executable, "-m", "simulator", *args],
        stdin=subprocess.PIPE if (case.stdin is not None or case.drive) else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp,
        env=ctx.env,
        start_new_session=True,
    )
    stdout, stderr = _communicate(case, ctx, proc, limit, out)
    out.seconds = time.perf_counter() - started
    out.code = proc.returncode
    out.stdout = stdout.decode("utf-8", "replace")
    out.stderr = stderr.decode("utf-8", "replace")
    judge(case, ctx, out)


def _communicate(
    case: Case, ctx: Ctx, proc: subprocess.Popen[bytes], limit: float, out: Outcome
) -> tuple[bytes, bytes]:
    if case.drive is None:
        try:
            return proc.communicate(case.stdin, timeout=limit)
        except subprocess.TimeoutExpired:
            out.hung = True
            os.killpg(proc.pid, signal.SIGKILL)
            return proc.communicate()
    chunks: dict[str, bytes] = {}

    def drain(name: str, stream: Any) -> None:
        chunks[name] = stream.read()

    readers = [
        threading.Thread(target=drain, args=("out", proc.stdout), daemon=True),
        threading.Thread(target=drain, args=("err", proc.stderr), daemon=True),
    ]
    for reader in readers:
        reader.start()
    timer = threading.Timer(limit, lambda: _hang(proc, out))
    timer.start()
    try:
        case.drive(ctx, proc)
        proc.wait()
    finally:
        timer.cancel()
    for reader in readers:
        reader.join()
    if case.kept is not None and proc.returncode != 0:
        resume_all(ctx)
    return chunks.get("out", b""), chunks.get("err", b"")


def _hang(proc: subprocess.Popen[bytes], out: Outcome) -> None:
    if proc.poll() is None:
        out.hung = True
        os.killpg(proc.pid, signal.SIGKILL)


def judge(case: Case, ctx: Ctx, out: Outcome) -> None:
    """Fill in what was wrong with one run."""
    both = out.stdout + out.stderr
    out.traceback = TRACEBACK in both
    out.sql = bool(SQL.search(out.stderr))
    out.exception_name = bool(EXCEPTION_NAME.search(out.stderr)) or "Traceback" in out.stderr
    out.catch_all = CATCH_ALL in out.stderr
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    allowed = (*DOCUMENTED, *case.extra)
    rest = [line for line in lines if not any(p.search(line) for p in allowed)]
    errors = [line for line in rest if line.startswith("defuse: error: ")]
    refused_clearly = (
        out.code not in (0, None)
        and len(rest) == 1
        and len(errors) == 1
        and GENERIC not in errors[0]
        and (case.says is None or _says(case.says, errors[0]) or _says_above(case, lines))
    )
    accepted_cleanly = out.code == 0 and not rest
    if case.expect == "refused":
        out.clear = refused_clearly
    elif case.expect == "accepted":
        out.clear = accepted_cleanly
    else:
        out.clear = refused_clearly or accepted_cleanly
    if out.hung:
        out.problems.append(f"hung: killed after {out.seconds:.1f} s")
    if out.traceback:
        out.problems.append("Python traceback in the output")
    if out.sql:
        out.problems.append("SQL in the error output")
    if out.exception_name:
        out.problems.append("an exception class name in the error output")
    if not out.hung and not out.clear:
        out.problems.append(_unclear(case, out, rest))
    if case.kept is not None:
        _count_lost(case, ctx, out)
    if case.check is not None and not out.hung:
        problem = case.check(ctx, out)
        if problem:
            out.problems.append(problem)


def _says(says: str, line: str) -> bool:
    """``says`` (alternatives split by |) is in ``line``, in any case."""
    return any(part.lower() in line.lower() for part in says.split("|"))


def _says_above(case: Case, lines: list[str]) -> bool:
    """For content problems the specific part is on the problem lines above the error."""
    return case.says is not None and any(
        _says(case.says, line) for line in lines if PROBLEM_LINE.search(line)
    )


def _unclear(case: Case, out: Outcome, rest: list[str]) -> str:
    if case.expect == "accepted" and out.code != 0:
        return f"refused (exit {out.code}) an input that should be accepted"
    if case.expect == "refused" and out.code == 0:
        return "accepted (exit 0) an input that should be refused"
    if len(rest) != 1:
        return f"{len(rest)} unexplained stderr lines instead of one `defuse: error:` line"
    if GENERIC in rest[0]:
        return "only the generic 'something unexpected failed' line"
    if not rest[0].startswith("defuse: error: "):
        return "the error line does not start with `defuse: error:`"
    return f"the error does not say {case.says!r}"


def _count_lost(case: Case, ctx: Ctx, out: Outcome) -> None:
    assert case.kept is not None
    out.typed = len(case.kept)
    try:
        found = Counter(agent_lines(ctx))
    except Exception as exc:
        out.problems.append(f"cannot read the database back: {exc}")
        out.lost = len(case.kept)
        return
    quoted = out.stderr
    missing = Counter(case.kept) - found
    lost = [line for line in missing.elements() if line not in quoted]
    out.lost = len(lost)
    if lost:
        shown = "; ".join(line[:40] for line in lost)
        out.problems.append(f"{len(lost)} typed line(s) lost: {shown}")


# --- reporting ---------------------------------------------------------------------------


def table(outcomes: list[Outcome]) -> str:
    classes: dict[str, list[Outcome]] = {}
    for o in outcomes:
        classes.setdefault(o.klass, []).append(o)
    head = f"{'class':<22} {'tried':>5} {'clear':>5} {'hangs':>5} {'lost':>4} {'catch-all':>9} {'failures':>8} {'skipped':>7}"
    rows = [head, "-" * len(head)]
    total = Counter[str]()
    for klass, items in classes.items():
        ran = [o for o in items if o.skipped is None]
        counts = {
            "tried": len(ran),
            "clear": sum(o.clear for o in ran),
            "hangs": sum(o.hung for o in ran),
            "lost": sum(o.lost for o in ran),
            "catch": sum(o.catch_all for o in ran),
            "failures": sum(not o.passed for o in ran),
            "skipped": len(items) - len(ran),
        }
        total.update(counts)
        rows.append(_row(klass, counts))
    rows.append("-" * len(head))
    rows.append(_row("total", dict(total)))
    return "\n".join(rows)


def _row(name: str, c: Mapping[str, int]) -> str:
    return (
        f"{name:<22} {c.get('tried', 0):>5} {c.get('clear', 0):>5} {c.get('hangs', 0):>5} "
        f"{c.get('lost', 0):>4} {c.get('catch', 0):>9} {c.get('failures', 0):>8} "
        f"{c.get('skipped', 0):>7}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="inputs run at once (default 2)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds per input")
    parser.add_argument("--only", action="append", help="a class or a name part (repeatable)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--list", action="store_true", help="list the inputs and exit")
    options = parser.parse_args(argv)
    cases = all_cases()
    if options.only:
        cases = [
            c
            for c in cases
            if any(o in (c.klass, *c.name.split(":")) or o in c.name for o in options.only)
        ]
    if options.list:
        for case in cases:
            print(f"{case.klass:<22} {case.name:<55} {case.expect:<8} {case.why}")
        print(f"{len(cases)} inputs")
        return 0
    services = Services()
    if any(c.needs == "llm" for c in cases):
        services.start_llm()
    started = time.perf_counter()
    done = 0

    def one(case: Case) -> Outcome:
        nonlocal done
        result = run_case(case, services, options.timeout)
        done += 1
        if not options.json:
            mark = "skip" if result.skipped else ("ok" if result.passed else "FAIL")
            print(
                f"[{done:>3}/{len(cases)}] {mark:<4} {result.seconds:5.1f}s {case.klass}/{case.name}",
                file=sys.stderr,
                flush=True,
            )
        return result

    try:
        with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
            outcomes = list(pool.map(one, cases))
    finally:
        services.stop()
    failures = [o for o in outcomes if not o.passed]
    if options.json:
        print(
            json.dumps(
                {
                    "seconds": round(time.perf_counter() - started, 1),
                    "tried": sum(o.skipped is None for o in outcomes),
                    "failures": len(failures),
                    "inputs": [o.json() for o in outcomes],
                },
                indent=2,
            )
        )
    else:
        print(table(outcomes))
        print(
            f"\n{len(outcomes)} inputs in {time.perf_counter() - started:.0f} s; {len(failures)} failed"
        )
        for o in failures:
            print(
                f"\nFAIL {o.klass}/{o.name} (exit {o.code}, {o.seconds:.1f} s): {'; '.join(o.problems)}"
            )
            print("  output: " + (o.stderr.strip() or o.stdout.strip())[:200].replace("\n", "\\n"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
