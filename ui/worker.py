"""Runs slow calls (PIN hashing, the sale commit, index builds, imports) off the GUI thread.

`run_in_background(fn, on_done, on_error)` starts `fn` on Qt's global thread pool; the result, or the
exception, comes back by a queued signal, so both callbacks always run on the GUI thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from pos_app.errors import PosError
from ui.qt import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

# Tasks between start and delivery: holding them here keeps their Python objects (and signals) alive.
_in_flight: set[_Task] = set()


class _Relay(QObject):
    """Created on the GUI thread; a signal emitted from the worker is queued back to it.

    Parented to the application and freed with deleteLater, so it is never deleted inside its own slot.
    """

    finished = Signal(bool, object)

    def __init__(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
        super().__init__(QCoreApplication.instance())
        self._on_done = on_done
        self._on_error = on_error
        self.finished.connect(self._deliver)

    @Slot(bool, object)
    def _deliver(self, ok: bool, payload: object) -> None:
        try:
            if ok:
                self._on_done(payload)
            else:
                assert isinstance(payload, BaseException)
                self._on_error(payload)
        finally:
            _in_flight.difference_update([t for t in _in_flight if t.relay is self])
            self.deleteLater()


class _Task(QRunnable):
    """Not auto-deleted: Python owns it, and `_in_flight` keeps it alive until its result is delivered."""

    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:
            if not isinstance(exc, PosError):
                log.exception("background task failed")
            self.relay.finished.emit(False, exc)
        else:
            self.relay.finished.emit(True, result)


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    pool: QThreadPool | None = None,
) -> None:
    """Call from the GUI thread. `on_done(result)` or `on_error(exception)` runs later on the GUI thread.

    `pool`: a long-running kind of work (a sync with the cloud) gets a pool of its own, so it never
    holds up a sale's commit on the shared one.
    """
    task = _Task(fn, _Relay(on_done, on_error))
    _in_flight.add(task)
    (pool or QThreadPool.globalInstance()).start(task)


def pending() -> int:
    """Tasks started whose callback has not run yet."""
    return len(_in_flight)


def wait_for_background(timeout_ms: int = 10_000) -> bool:
    """For tests and scripts: waits until every started task has delivered its callback.

    Callbacks may start further tasks (log in, then load); the loop waits for those too.
    """
    pool = QThreadPool.globalInstance()
    deadline = time.monotonic() + timeout_ms / 1000
    while _in_flight and time.monotonic() < deadline:
        if not pool.waitForDone(20):  # a task on another pool: waitForDone returns at once
            continue
        QCoreApplication.processEvents()
        time.sleep(0.005)
    QCoreApplication.processEvents()
    return not _in_flight
