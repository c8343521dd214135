"""When a cashier was last at work: the sync's bulk writes wait for a quiet moment, so a sale never waits.

A file in the data directory whose modification time the till moves on every line added and every sale
stored. The sync (the window's worker, or `pos-till sync` in another process) looks at it before each
chunk of a catalog pull and waits while a cashier is busy, up to a limit, so the catalog still arrives
in a shop that never pauses. A file rather than memory, so a sync in another process sees the window.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path

QUIET_S = 3.0  # no line added and no sale stored for this long: the cashier is between customers
LONGEST_WAIT_S = 60.0


class CashierActivity:
    def __init__(self, path: Path, now: Callable[[], float] = time.time) -> None:
        self.path = path
        self._now = now

    def touch(self) -> None:
        """Called on the cashier's path: it must never fail a sale, so a file it cannot write is ignored."""
        with contextlib.suppress(OSError):
            self.path.touch()  # creates it, or moves its modification time to now

    def busy(self) -> bool:
        try:
            return self._now() - self.path.stat().st_mtime < QUIET_S
        except OSError:
            return False

    def wait_for_quiet(self, sleep: Callable[[float], None] = time.sleep) -> None:
        waited = 0.0
        while self.busy() and waited < LONGEST_WAIT_S:
            sleep(0.1)
            waited += 0.1
