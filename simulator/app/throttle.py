"""The old coach passcode's throttle (accounts are throttled in storage/accounts.py, same policy).

One throttle per server process guards the coach passcode, whoever is trying: a passcode
guessed from many browser tabs is still guessed from one server.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.storage.accounts import wait_after

log = logging.getLogger("defuse.sign_in")


@dataclass
class Throttle:
    """Counts failed sign-ins and says how long the next attempt must wait."""

    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    locked_until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def wait(self) -> float:
        """Seconds until another attempt is allowed (0 when one is allowed now)."""
        with self._lock:
            return max(0.0, self.locked_until - self.clock())

    def failed(self) -> float:
        """Record a failed attempt; returns the wait it imposes."""
        with self._lock:
            self.failures += 1
            wait = wait_after(self.failures)
            self.locked_until = self.clock() + wait
            log.warning(
                "coach sign-in failed (%d in a row); next attempt in %.0f s", self.failures, wait
            )
            return wait

    def succeeded(self) -> None:
        """A right passcode clears the count."""
        with self._lock:
            if self.failures:
                log.info("coach sign-in succeeded after %d failed attempts", self.failures)
            self.failures, self.locked_until = 0, 0.0


COACH_SIGN_IN = Throttle()
"""The server's one throttle for the coach passcode."""
