"""Counting failed pairing attempts so an 8-digit code cannot be guessed by brute force.

Kept in the process's memory: enough for one service process (the deployment this repository has); a
service run as several processes would keep these counts in a shared store (the database or Redis).
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import timedelta

from pos_app.clock import Clock

_MAX_KEYS = 10_000  # clients tracked at once; the oldest are forgotten first


class FailureThrottle:
    """Blocks a client after `per_key` failures within the window, and everyone after `overall`."""

    def __init__(self, clock: Clock, per_key: int, overall: int, window_seconds: int) -> None:
        self._clock = clock
        self._per_key = per_key
        self._overall = overall
        self._window = timedelta(seconds=window_seconds)
        self._lock = threading.Lock()
        self._by_key: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()

    def _now(self) -> float:
        return self._clock.now().timestamp()

    def _expire(self, times: deque[float], now: float) -> None:
        horizon = now - self._window.total_seconds()
        while times and times[0] <= horizon:
            times.popleft()

    def blocked(self, key: str) -> bool:
        now = self._now()
        with self._lock:
            self._expire(self._all, now)
            mine = self._by_key.get(key)
            if mine is not None:
                self._expire(mine, now)
                if not mine:
                    del self._by_key[key]
            return len(self._all) >= self._overall or (mine is not None and len(mine) >= self._per_key)

    def failed(self, key: str) -> None:
        now = self._now()
        with self._lock:
            self._all.append(now)
            if key not in self._by_key and len(self._by_key) >= _MAX_KEYS:
                del self._by_key[next(iter(self._by_key))]
            self._by_key.setdefault(key, deque()).append(now)
