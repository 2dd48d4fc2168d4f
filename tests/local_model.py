"""The real local model for tests and benches: llama.cpp's server with SmolLM2 on 127.0.0.1.

The start script lives in ../shared/tools/llama-server beside the checkout (see its
README). ``start_local_model`` picks a free port in a fixed range, starts the server and
returns its base URL and pid; ``why_not`` says in one line why it cannot run here.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import urllib.request
from dataclasses import dataclass
from pathlib import Path

START = (Path(__file__).parents[1] / ".." / "shared" / "tools" / "llama-server" / "start").resolve()
PORTS = range(18700, 18760)
MODEL = "openai:smollm2"


@dataclass(frozen=True)
class LocalModel:
    """A running server: its OpenAI-compatible base URL and its process id."""

    url: str
    pid: int

    def stop(self) -> None:
        """End the server this run started."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)


class Unavailable(Exception):
    """The local model cannot run here; the message says why, in one line."""


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_local_model(cache: Path | None = None) -> LocalModel:
    """Start the server on the first free port of ``PORTS``; Unavailable if it cannot."""
    if not START.is_file():
        raise Unavailable(f"no local model: {START} is missing (clone ../shared beside the repo)")
    port = next((p for p in PORTS if _free(p)), None)
    if port is None:
        raise Unavailable(f"no free port in {PORTS.start}-{PORTS.stop - 1} for the local model")
    folder = cache or Path(
        os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"), "defuse-local-model"
    )
    folder.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            [str(START), str(port), str(folder)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Unavailable(f"the local model did not start: {exc}") from None
    if done.returncode != 0 or not done.stdout.strip().startswith("http"):
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise Unavailable(f"the local model did not start: {reason}")
    pid = int((folder / "server.pid").read_text().strip())
    running = LocalModel(done.stdout.strip().splitlines()[-1], pid)
    _warm_up(running.url)
    return running


def _warm_up(url: str) -> None:
    """One tiny completion, so the first test's turns do not pay for a cold model.

    Its pages are mapped in on first use; on a busy host that first call alone can take longer
    than a turn's deadline, and the call under test would then fall back to the offline
    customer for a reason that has nothing to do with Defuse. A failure here is left to the
    tests to report.
    """
    body = json.dumps(
        {
            "model": MODEL.split(":", 1)[1],
            "messages": [{"role": "user", "content": "Hi"}],
            "max_tokens": 4,
        }
    ).encode()
    request = urllib.request.Request(
        f"{url}/chat/completions", body, {"Content-Type": "application/json"}
    )
    with contextlib.suppress(OSError, ValueError):
        urllib.request.urlopen(request, timeout=120).read()
