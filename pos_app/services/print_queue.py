"""Receipts, reprints and drawer openings owed to the printer, printed after the sale and retried.

Printing never blocks or undoes a sale: a sale's receipt job is written in the sale's transaction, and the
UI's print worker calls `run_pending` off the GUI thread. A printer that is down leaves jobs pending with
the reason; jobs the customer can no longer want are abandoned (a receipt after 15 minutes, a drawer after
one: a drawer that springs open minutes later is a risk), and the cashier can reprint from the history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from pos_app import journal
from pos_app.clock import Clock, from_storage, to_storage
from pos_app.errors import PosError
from pos_app.ports import ReceiptPrinter
from pos_app.printing_errors import PrinterUnavailable
from pos_app.services.auth import Approval, OverrideAction
from pos_app.services.fiscal_log import FiscalLog
from pos_app.services.orders import OrderHistory
from pos_app.services.receipts import receipt_for_order
from pos_app.settings import ShopSettings
from pos_app.store.db import Store
from pos_app.store.models import PrintJobRow, new_uuid

PENDING, PRINTED, ABANDONED = "pending", "printed", "abandoned"
RECEIPT, REPRINT, DRAWER = "receipt", "reprint", "drawer"
_JOURNAL_KIND = {REPRINT: journal.REPRINT, DRAWER: journal.DRAWER_OPEN}  # the fiscal print jobs
STALE_AFTER = {RECEIPT: timedelta(minutes=15), REPRINT: timedelta(minutes=15), DRAWER: timedelta(minutes=1)}


@dataclass(frozen=True)
class PrintRun:
    printed: int
    pending: int
    error: PrinterUnavailable | None = None


def new_job(kind: str, order_uuid: str | None, kick_drawer: bool, now: datetime) -> dict[str, object]:
    """The row of a new pending job; the checkout writes a sale's receipt job with it in its transaction."""
    return {
        "uuid": new_uuid(),
        "created_at": now,
        "updated_at": now,
        "kind": kind,
        "order_uuid": order_uuid,
        "kick_drawer": kick_drawer,
        "status": PENDING,
        "attempts": 0,
        "last_error": "",
    }


class PrintQueue:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        settings: Callable[[], ShopSettings],
        orders: OrderHistory,
        journal: FiscalLog,
    ) -> None:
        self._journal = journal
        self._store = store
        self._clock = clock
        self._settings = settings
        self._orders = orders

    def reprint(self, order_uuid: str, on: ReceiptPrinter | None = None) -> int:
        """A copy of a stored order's receipt, marked 重印; the job is also the record of the copy.

        Queued for the configured printer's worker, or printed at once `on` a printer given (the CLI).
        """
        if on is None:
            self._require_printer()
        self._orders.get(order_uuid)  # an unknown order is refused before anything is queued
        job_id = self._add(REPRINT, order_uuid, kick_drawer=False)
        if on is not None:
            self.run_job(job_id, on)
        return job_id

    def open_drawer(self, approval: Approval) -> int:
        """A manager's no-sale drawer opening (the approval records who and why)."""
        self._require_printer()
        approval.spend(OverrideAction.NO_SALE_DRAWER)
        return self._add(DRAWER, None, kick_drawer=True)

    def _require_printer(self) -> None:
        """The drawer hangs off the printer, so both need one configured."""
        if self._settings().printer() is None:
            raise PosError(
                "no receipt printer is configured (shop settings)", "尚未设置小票打印机（请在店铺设置中设置）"
            )

    def pending(self) -> int:
        with self._store.read() as session:
            return int(session.scalar(select(func.count()).where(PrintJobRow.status == PENDING)) or 0)

    def reprints(self) -> int:
        """How many copies were printed (for the day's figures)."""
        with self._store.read() as session:
            query = select(func.count()).where(PrintJobRow.kind == REPRINT, PrintJobRow.status == PRINTED)
            return int(session.scalar(query) or 0)

    def run_pending(self, printer: ReceiptPrinter) -> PrintRun:
        """Prints what is owed, oldest first; stops at the first failure (the printer is down)."""
        printed = 0
        for job_id in self._due_jobs():
            try:
                self.run_job(job_id, printer)
            except PrinterUnavailable as exc:
                return PrintRun(printed, self.pending(), exc)
            printed += 1
        return PrintRun(printed, self.pending())

    def run_job(self, job_id: int, printer: ReceiptPrinter) -> None:
        with self._store.read() as session:
            job = session.get_one(PrintJobRow, job_id)
            kind, order_uuid, kick = job.kind, job.order_uuid, job.kick_drawer
        try:
            if kind == DRAWER:
                printer.open_drawer()
            else:
                assert order_uuid is not None
                receipt = receipt_for_order(
                    self._orders.get(order_uuid), self._settings(), copy=kind == REPRINT
                )
                printer.print_receipt(receipt, kick)
        except PrinterUnavailable as exc:
            self._finish(job_id, PENDING, str(exc))
            raise
        except PosError as exc:  # an order that cannot be read will never print
            self._finish(job_id, ABANDONED, str(exc))
            raise
        self._finish(job_id, PRINTED, "")

    def _due_jobs(self) -> list[int]:
        now = self._clock.now()
        with self._store.unit_of_work() as session:
            jobs = session.scalars(
                select(PrintJobRow).where(PrintJobRow.status == PENDING).order_by(PrintJobRow.id)
            )
            due = []
            for job in jobs:
                if now - from_storage(job.created_at) > STALE_AFTER[job.kind]:
                    job.status = ABANDONED
                    job.updated_at = to_storage(now)
                else:
                    due.append(job.id)
            return due

    def _add(self, kind: str, order_uuid: str | None, kick_drawer: bool) -> int:
        """A reprint or a no-sale drawer opening: the job, and its journal entry, in one transaction."""
        now = self._clock.now()
        with self._store.unit_of_work() as session:
            job = PrintJobRow(**new_job(kind, order_uuid, kick_drawer, to_storage(now)))
            session.add(job)
            session.flush()
            entry = {"order_uuid": order_uuid, "created_at": now.isoformat()}
            self._journal.record(session.connection(), _JOURNAL_KIND[kind], job.uuid, entry, now)
            return job.id

    def _finish(self, job_id: int, status: str, error: str) -> None:
        with self._store.unit_of_work() as session:
            job = session.get_one(PrintJobRow, job_id)
            job.status = status
            job.attempts += 1
            job.last_error = error
            job.updated_at = to_storage(self._clock.now())
