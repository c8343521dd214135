"""One report per code held in front of the camera, not thirty a second.

The camera decodes every frame, so a payment code shown for two seconds is read some fifty times; the
till must start one payment, and a can of cola held under the lens must be added once. The window slides:
each sighting restarts it, so a code that stays in view is reported once however long it stays, and the
same code is reported again only after it has been out of sight for the whole window (the cashier took it
away and shows it again, or it is the next identical can).

Handheld scanners need none of this (each trigger pull is meant); this is for the camera path only.
The clock is a monotonic seconds counter, injected so tests need not sleep; wall-clock time (pos_app.clock)
can jump when NTP corrects it, which would either swallow or repeat a scan.
"""

from __future__ import annotations

import time
from collections.abc import Callable

DEFAULT_WINDOW_S = 2.0


class Debouncer:
    def __init__(self, window_s: float = DEFAULT_WINDOW_S, now: Callable[[], float] = time.monotonic) -> None:
        self._window = window_s
        self._now = now
        self._last_seen: dict[str, float] = {}

    def accept(self, text: str) -> bool:
        """True when `text` should be reported now; every call counts as a sighting either way."""
        now = self._now()
        self._forget_older_than(now - self._window)
        fresh = text not in self._last_seen
        self._last_seen[text] = now
        return fresh

    def filter(self, texts: list[str]) -> list[str]:
        """The texts of one frame that should be reported, in order, each at most once."""
        return [text for text in dict.fromkeys(texts) if self.accept(text)]

    def _forget_older_than(self, cutoff: float) -> None:
        # A handful of codes at most are in view at once, so a scan of the dict per call costs nothing
        # and keeps memory bounded over a day of scanning.
        for text in [t for t, seen in self._last_seen.items() if seen < cutoff]:
            del self._last_seen[text]
