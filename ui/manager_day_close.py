"""日结 from the manager screen: a confirmation, a manager's PIN when a cashier is logged in, then the Z.

The Z is made by ReportService.close_day in a worker; the screen then shows the day as it was sealed (its
Z number in the day line and a message), and the service's refusal (a shift still open, an earlier day
not closed) is its own message, with nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pos_app.reports import Report
from pos_app.services.auth import Approval, Cashier, OverrideAction
from ui.confirm_dialog import ConfirmDialog
from ui.formatting import describe, money
from ui.override_dialog import OverrideDialog
from ui.qt import QObject
from ui.touch_dialog import TouchDialog
from ui.worker import run_in_background

if TYPE_CHECKING:
    from ui.manager_screen import ManagerScreen


class DayClose(QObject):
    def __init__(self, screen: ManagerScreen) -> None:
        super().__init__(screen)
        self._screen = screen
        self.dialog: TouchDialog | None = None  # the confirmation or the approval on show
        screen.close_day_button.clicked.connect(self.ask)

    def ask(self) -> None:
        report = self._screen.report
        if report is None or self._screen.busy or self.dialog is not None:
            return
        day = report.business_day
        question = self.tr(
            "Close business day {day} with a Z report?\n"
            "Net sales {net} in {orders} orders. A Z report cannot be changed afterwards; "
            "sales from now on count for the next day."
        ).format(day=day.isoformat(), net=money(report.net_fen), orders=report.orders)
        confirm = ConfirmDialog(
            self.tr("Close the day"), question, self.tr("Close the day"), self.tr("Cancel"), self._screen
        )
        self._open(confirm, lambda: self._confirmed(day))

    def _open(self, dialog: TouchDialog, on_accept: Callable[[], None]) -> None:
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: TouchDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _confirmed(self, day: date) -> None:
        screen = self._screen
        if screen.cashier.is_manager:
            self._close(day, screen.cashier)
            return
        approval_dialog = OverrideDialog(
            screen.till,
            screen.cashier,
            OverrideAction.CLOSE_DAY,
            day.isoformat(),
            self.tr("Closing business day {day} needs a manager's approval").format(day=day.isoformat()),
            screen,
        )
        self._open(approval_dialog, lambda: self._approved(day, approval_dialog.approval))

    def _approved(self, day: date, approval: Approval | None) -> None:
        if approval is None:
            return
        approval.spend(OverrideAction.CLOSE_DAY)
        self._close(day, approval.manager)

    def _close(self, day: date, manager: Cashier) -> None:
        screen, reports = self._screen, self._screen.till.reports
        screen.set_busy(True)
        screen.close_day_button.setEnabled(False)
        screen.show_info(self.tr("Closing business day {day}…").format(day=day.isoformat()))
        run_in_background(lambda: reports.close_day(manager, day), self._closed, self._failed)

    def _closed(self, z: Report) -> None:
        screen = self._screen
        screen.set_busy(False)
        screen.day_closed.emit(z)
        after = z.business_day + timedelta(days=1)  # new records go to the day after a Z
        screen.today = max(screen.today or after, after)
        screen.load(z.business_day)
        screen.show_info(
            self.tr(
                "Business day {day} is closed: Z No. {number}, net sales {net}, grand total {grand}"
            ).format(
                day=z.business_day.isoformat(),
                number=z.z_no,
                net=money(z.net_fen),
                grand=money(z.grand_total_fen or 0),
            )
        )

    def _failed(self, exc: BaseException) -> None:
        self._screen.set_busy(False)
        self._screen.close_day_button.setEnabled(self._screen.report is not None)
        self._screen.show_error(describe(exc))
