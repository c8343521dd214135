"""Prints what the till owes the printer, off the GUI thread, and tells the status bar how it went.

After each sale (and every few seconds while jobs wait) it runs the print queue in the background; a
printer that is down leaves the jobs pending, and the status bar says why and how many receipts wait.
The sale itself is never held up: it was committed before its receipt was queued.
"""

from __future__ import annotations

from dataclasses import dataclass

from hardware.receipt_printer import EscPosReceiptPrinter
from pos_app.errors import PosError
from pos_app.ports import PrinterStatus
from pos_app.services.print_queue import PrintRun
from pos_app.services.till import Till
from ui.qt import QObject, QTimer, Signal
from ui.worker import run_in_background

RETRY_MS = 5000  # also how often an idle printer is asked for its state


@dataclass(frozen=True)
class PrinterState:
    configured: bool
    pending: int
    problem: str = ""  # the printer's trouble in the cashier's language; empty when it printed


class PrintWorker(QObject):
    state_changed = Signal(object)  # PrinterState

    def __init__(self, till: Till, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._till = till
        self._running = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self.kick)
        self.state = PrinterState(configured=till.settings().printer() is not None, pending=0)

    @property
    def started(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._timer.start()
        self.kick()

    def kick(self) -> None:
        """Print now (after a sale, a reprint or a retry button); one run at a time."""
        if self._running:
            self._again = True
            return
        config = self._till.settings().printer()
        if config is None:
            self._publish(PrinterState(configured=False, pending=0))
            return
        self._running = True
        queue = self._till.printing

        def run() -> tuple[PrintRun, PrinterStatus]:
            printer = EscPosReceiptPrinter(config)
            done = queue.run_pending(printer)
            # with nothing to print, a quick look tells the cashier about paper or power before the next sale
            return (
                done,
                printer.status() if done.error is None and done.pending == 0 else PrinterStatus.UNKNOWN,
            )

        run_in_background(run, self._done, self._failed)

    def _done(self, result: tuple[PrintRun, PrinterStatus]) -> None:
        run, status = result
        problem = str(run.error) if run.error else self._status_problem(status)
        self._finish(PrinterState(True, run.pending, problem))

    def _status_problem(self, status: PrinterStatus) -> str:
        problems = {
            PrinterStatus.PAPER_OUT: self.tr("out of paper"),
            PrinterStatus.OFFLINE: self.tr("offline (check power, cable and cover)"),
            PrinterStatus.TIMEOUT: self.tr("not answering"),
        }
        return problems.get(status, "")

    def _failed(self, exc: BaseException) -> None:
        message = str(exc) if isinstance(exc, PosError) else repr(exc)
        self._finish(PrinterState(True, self._till.printing.pending(), message))

    def _finish(self, state: PrinterState) -> None:
        self._running = False
        self._publish(state)
        if self._again:
            self._again = False
            self.kick()

    def _publish(self, state: PrinterState) -> None:
        self.state = state
        self.state_changed.emit(state)
