"""The till's sync with the cloud in the background: push the outbox, pull the catalog and cashiers.

A run is `pos-till sync --once --json` in a process of its own (see sync/outcome.py for why), waited
for on a thread pool of its own, so a long catalog pull never holds up a sale's commit. After a
good run the next comes in a minute, or a few seconds after a sale; after a failed one it waits as
sync.backoff.Backoff says (exponential, jittered, capped), so a shop that lost its network does not
hammer the router. A revoked or unpaired till stops trying until it is paired again. Every run ends
with the status the status bar shows: online or offline, and how many events wait.
"""

from __future__ import annotations

import subprocess
import sys

from pos_app.services.till import Till
from sync.backoff import Backoff
from sync.outcome import SyncOutcome
from ui.qt import QObject, QThreadPool, QTimer, Signal
from ui.worker import run_in_background

INTERVAL_MS = 60_000
AFTER_SALE_MS = 3_000
RUN_TIMEOUT_S = 15 * 60


def run_sync_process(till: Till) -> SyncOutcome:
    """One `pos-till sync --once --json` on this till's data dir; its answer, or why there is none."""
    command = [sys.executable, "-m", "ui.cli", "--data-dir", str(till.data_dir), "sync", "--once", "--json"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return SyncOutcome(error=str(exc))
    lines = done.stdout.strip().splitlines()
    try:
        return SyncOutcome.from_json(lines[-1])
    except (IndexError, ValueError, TypeError):
        return SyncOutcome(
            error=done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "sync failed"
        )


class SyncWorker(QObject):
    status_changed = Signal(object)  # SyncStatus, after every run and on start
    run_finished = Signal(object)  # the SyncOutcome of a run

    def __init__(self, till: Till, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._till = till
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._backoff = Backoff()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)
        self._running = False
        self._again = False  # asked to run while a run was going: one more right after it
        self._stopped = False  # the window closed: a run still under way reports to no one
        self.online: bool | None = None  # None: not known yet (or not paired)

    def start(self) -> None:
        """At start-up: a paired till syncs at once; an unpaired one only shows that it is standalone."""
        self.status_changed.emit(self._till.sync_state.status())
        if self._till.sync_state.is_paired():
            self._timer.start(0)

    def stop(self) -> None:
        """No further runs; one under way finishes on its own (its records are safe either way)."""
        self._stopped = True
        self._timer.stop()

    def sale_made(self) -> None:
        """A sale is in the outbox: send it soon, unless the cloud is known to be away (backoff decides)."""
        if self._running or self._backoff.failures or not self._till.sync_state.is_paired():
            return
        if not self._timer.isActive() or self._timer.remainingTime() > AFTER_SALE_MS:
            self._timer.start(AFTER_SALE_MS)

    def sync_now(self) -> None:
        """Also the manager's 立即同步: runs now, or right after the run under way."""
        if self._stopped:
            return
        if self._running:
            self._again = True
            return
        self._timer.stop()
        self._running = True
        till = self._till
        run_in_background(lambda: run_sync_process(till), self._done, self._failed, self._pool)

    @property
    def running(self) -> bool:
        return self._running

    def _done(self, outcome: SyncOutcome) -> None:
        self._running = False
        if self._stopped:
            return
        self.online = not outcome.offline
        if outcome.ok:
            self._backoff.succeeded()
            self._schedule(0 if self._again else INTERVAL_MS)
        elif outcome.retry:  # offline or a wrong clock: try again later
            self._schedule(0 if self._again else int(self._backoff.failed() * 1000))
        else:  # not paired, revoked: no retry until someone acts (pairs again, or restarts)
            self.online = None
        self._again = False
        self.status_changed.emit(self._till.sync_state.status())
        self.run_finished.emit(outcome)

    def _failed(self, exc: BaseException) -> None:
        self._done(SyncOutcome(error=str(exc), retry=False))

    def _schedule(self, delay_ms: int) -> None:
        self._timer.start(max(0, delay_ms))
