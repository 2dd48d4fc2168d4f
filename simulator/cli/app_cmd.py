"""`defuse app` starts the web app; `defuse coach-passcode` sets the coaches' passcode."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from simulator.cli.output import console, fail
from simulator.storage import StorageError, database_url, describe_url
from simulator.storage.config import (
    ENV_COACH_PASSCODE,
    ENV_HOME,
    MEMORY_WARNING,
    data_dir,
    hash_passcode,
    in_memory,
    passcode_problem,
    save_coach_passcode,
)
from simulator.storage.store import check

_PACKAGE = Path(__file__).resolve().parent.parent
CHECKOUT_APP = _PACKAGE.parent / "streamlit_app.py"
"""The top-level app file of a source checkout (Streamlit's convention)."""
APP = CHECKOUT_APP if CHECKOUT_APP.is_file() else _PACKAGE / "app" / "main.py"
"""What `defuse app` runs: the checkout's streamlit_app.py, or in an installed wheel the
same app's module; both call simulator.app.main.main."""


SERVER_OPTIONS: dict[str, str] = {
    # Always headless: Streamlit's first-run prompt (an email address) would stop a fresh
    # machine's first start, and with no terminal attached it exits with 255.
    "server.headless": "true",
    "browser.gatherUsageStats": "false",
    # Trainees see the app, not Streamlit's developer menu, Deploy button or tracebacks.
    "client.toolbarMode": "minimal",
    "client.showErrorDetails": "none",
}
"""Streamlit's settings for Defuse; .streamlit/config.toml holds the same (a test checks), so
`streamlit run streamlit_app.py` in a checkout behaves as `defuse app` does."""


def server_args(address: str, port: int) -> list[str]:
    """Streamlit's command-line options for serving the app on ``address:port``."""
    args = ["--server.address", address, "--server.port", str(port)]
    for name, value in SERVER_OPTIONS.items():
        args += [f"--{name}", value]
    return args


def app(
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to serve on.")] = 8501,
    address: Annotated[str, typer.Option("--address", help="Address to listen on.")] = "127.0.0.1",
    headless: Annotated[bool, typer.Option("--headless", help="Don't open a browser.")] = False,
) -> None:
    """Open the web app (practice, progress, review, dashboard, drills, content)."""
    try:
        where = check()
    except StorageError as exc:
        fail(str(exc))
    if in_memory(database_url()):
        fail("the web app needs a database that lasts: " + MEMORY_WARNING.removeprefix("warning: "))
    console.print(
        f"Defuse web app on http://{address}:{port} \u00b7 database {where}", markup=False
    )
    args = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        *server_args(address, port),
    ]
    if not headless:
        _open_browser_soon(f"http://{address}:{port}")
    os.execv(sys.executable, args)


def _open_browser_soon(url: str) -> None:
    """Open ``url`` in the default browser once the server is up (a detached helper process).

    Skipped where no browser can be shown (a Linux box without a display, e.g. a container).
    """
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return
    code = f"import time, webbrowser; time.sleep(2.5); webbrowser.open({url!r})"
    subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def coach_passcode(
    show_hash: Annotated[
        bool,
        typer.Option(
            "--hash-only", help=f"Print the hash for {ENV_COACH_PASSCODE} instead of saving it."
        ),
    ] = False,
) -> None:
    """Set the passcode coaches sign in with (stored hashed, never in plain text)."""
    if sys.stdin.isatty():
        passcode = getpass.getpass("New coach passcode: ")
        if getpass.getpass("Again: ") != passcode:
            fail("the two passcodes differ; nothing was saved")
    else:
        passcode = sys.stdin.readline().rstrip("\n")
    problem = passcode_problem(passcode)
    if problem:
        fail(f"{problem}; nothing was saved")
    if show_hash:
        console.print(hash_passcode(passcode), markup=False)
        return
    try:
        path = save_coach_passcode(passcode)
    except OSError as exc:
        fail(
            f"cannot save the passcode in {data_dir()} ({ENV_HOME}): {exc.strerror or exc}; "
            f"set {ENV_HOME} to a folder you can write, or use --hash-only"
        )
    console.print(
        f"saved the passcode's hash to {path} (database {describe_url(database_url())})",
        markup=False,
    )


def demo_data(
    ctx: typer.Context,
    calls: Annotated[int, typer.Option("--calls", min=1, max=2000, help="How many calls.")] = 60,
) -> None:
    """Fill the database with graded sample calls by made-up trainees (names end in 'Demo')."""
    from simulator.cli.content_cmds import load_or_fail  # noqa: PLC0415
    from simulator.demo import seed  # noqa: PLC0415
    from simulator.storage import Store  # noqa: PLC0415

    content = load_or_fail(ctx)
    try:
        store = Store()
    except StorageError as exc:
        fail(str(exc))
    made = seed(content, store, calls)
    console.print(f"stored {made} graded demo calls in {store.where}", markup=False)


def register(application: typer.Typer) -> None:
    """Add the commands to the app."""
    application.command("app")(app)
    application.command("coach-passcode")(coach_passcode)
    application.command("demo-data")(demo_data)
