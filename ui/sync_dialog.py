"""云端同步, for the manager: whom the till syncs with, what waits, what the cloud refused, and 立即同步.

An event the cloud refused (a poison event) is listed here with the cloud's reason: it is kept on the
till, never lost, and no longer holds up the others. A break the cloud found in the tamper-evident
journal is said here in plain words, in red, for the manager to call the administrator.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pos_app.services.sync_state import SyncStatus
from pos_app.services.till import Till
from sync.outcome import SyncOutcome
from ui.qt import QGridLayout, QHBoxLayout, QLabel, QListWidget, QWidget
from ui.sync_worker import SyncWorker
from ui.theme import button, set_prop
from ui.touch_dialog import TouchDialog


class SyncDialog(TouchDialog):
    def __init__(self, till: Till, syncing: SyncWorker, parent: QWidget | None) -> None:
        super().__init__(self.tr("Cloud sync"), parent, fraction=(0.8, 0.8), maximum=(900, 680))
        self._till = till
        self._syncing = syncing
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        self.store_value = self._row(grid, 0, self.tr("Store"))
        self.state_value = self._row(grid, 1, self.tr("Connection"))
        self.pending_value = self._row(grid, 2, self.tr("Waiting to be sent"))
        self.last_value = self._row(grid, 3, self.tr("Last successful sync"))
        self.clock_value = self._row(grid, 4, self.tr("Clock"))
        self.journal_value = self._row(grid, 5, self.tr("Tamper-evident journal"))
        self.journal_value.setObjectName("inlineMessage")  # red when the cloud found it broken
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        self.refused_caption = QLabel(self.tr("Refused by the cloud (kept on this till)"))
        self.refused_caption.setObjectName("sectionCaption")
        self.refused = QListWidget()
        self.refused.setObjectName("refusedEvents")
        self.body.addWidget(self.refused_caption)
        self.body.addWidget(self.refused, 1)
        self.body.addWidget(self.error_label)
        row = QHBoxLayout()
        self.sync_button = button(self.tr("Sync now"), "primary", "syncNow")
        self.sync_button.clicked.connect(self.sync_now)
        close = button(self.tr("Close"), "", "syncClose", footer=True)
        close.clicked.connect(self.reject)
        row.addWidget(self.sync_button)
        row.addStretch(1)
        row.addWidget(close)
        self.body.addLayout(row)
        syncing.run_finished.connect(self._finished)
        self.show_status()

    @staticmethod
    def _row(grid: QGridLayout, row: int, caption: str) -> QLabel:
        value = QLabel()
        value.setWordWrap(True)
        grid.addWidget(QLabel(caption), row, 0)
        grid.addWidget(value, row, 1)
        return value

    def show_status(self) -> None:
        status = self._till.sync_state.status()
        zone = ZoneInfo(self._till.settings().timezone)
        if not status.paired:
            self.store_value.setText(self.tr("Not paired: this till works on its own"))
        else:
            self.store_value.setText(status.store_name)
        self.sync_button.setEnabled(status.paired and not self._syncing.running)
        if self._syncing.online is None:
            self.state_value.setText(status.last_error or "—")
        elif self._syncing.online:
            self.state_value.setText(self.tr("Online"))
        else:
            self.state_value.setText(self.tr("Offline: {reason}").format(reason=status.last_error))
        self.pending_value.setText(self.tr("{count} records").format(count=status.pending))
        self.last_value.setText(
            status.last_success_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
            if status.last_success_at
            else "—"
        )
        if status.clock_is_off:
            self.clock_value.setText(
                self.tr("This till's clock is {seconds} s off the cloud's: set the time").format(
                    seconds=abs(status.clock_skew_s or 0)
                )
            )
        else:
            self.clock_value.setText(self.tr("Right"))
        self._show_journal(status)
        self.refused.clear()
        for event in self._till.sync_state.quarantined():
            when = event.created_at.astimezone(zone).strftime("%m-%d %H:%M")
            self.refused.addItem(f"{when}  {event.kind}  {event.event_id[:8]}  {event.error}")
        self.refused_caption.setVisible(self.refused.count() > 0)
        self.refused.setVisible(self.refused.count() > 0)

    def _show_journal(self, status: SyncStatus) -> None:
        if status.journal_break is not None:
            self.journal_value.setText(status.journal_break.message)
        elif status.journal_waiting:
            self.journal_value.setText(
                self.tr("{count} entries waiting to be sent").format(count=status.journal_waiting)
            )
        else:
            self.journal_value.setText(self.tr("Held by the cloud"))
        set_prop(self.journal_value, "level", "error" if status.journal_break else "")

    def sync_now(self) -> None:
        self.clear_message()
        self.sync_button.setEnabled(False)
        self.show_info(self.tr("Syncing…"))
        self._syncing.sync_now()

    def _finished(self, outcome: SyncOutcome) -> None:
        self.show_status()
        if not outcome.ok:
            self.show_error(outcome.error)
        else:
            self.show_info(
                self.tr("Sent {sent}, received {products} products and {cashiers} cashiers").format(
                    sent=outcome.pushed, products=outcome.products, cashiers=outcome.cashiers
                )
            )
