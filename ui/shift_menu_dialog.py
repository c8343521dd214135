"""The sale screen's 班次 button: the open shift at a glance, and the way to cash in/out and to 交班.

With no open shift it says so and offers 开班. The expected cash is shown unless the shop closes blind.
After `accepted`, `choice` is "open", "cash" or "close".
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pos_app.services.shifts import ShiftView
from ui.formatting import money
from ui.qt import QGridLayout, QHBoxLayout, QLabel, QWidget
from ui.tender_layout import caption
from ui.theme import button
from ui.touch_dialog import TouchDialog

OPEN, CASH, CLOSE = "open", "cash", "close"


class ShiftMenuDialog(TouchDialog):
    def __init__(self, shift: ShiftView | None, timezone: str, parent: QWidget | None) -> None:
        super().__init__(self.tr("Shift"), parent, fraction=(0.7, 0.7), maximum=(720, 480))
        self.setObjectName("shiftMenuDialog")
        self.choice = ""
        self.figures: dict[str, QLabel] = {}
        if shift is None:
            note = QLabel(self.tr("No shift is open on this till. Selling needs an open shift."))
            note.setObjectName("confirmQuestion")
            note.setWordWrap(True)
            self.body.addWidget(note)
        else:
            self.body.addLayout(self._summary(shift, timezone))
        self.body.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(12)
        if shift is None:
            self.open_button = button(self.tr("Open shift"), "primary", "shiftOpen", footer=True)
            self.open_button.clicked.connect(lambda: self._choose(OPEN))
            row.addWidget(self.open_button, 1)
        else:
            self.cash_button = button(self.tr("Cash in / out"), "", "shiftCash", footer=True)
            self.cash_button.clicked.connect(lambda: self._choose(CASH))
            self.close_shift_button = button(self.tr("Close shift"), "primary", "shiftClose", footer=True)
            self.close_shift_button.clicked.connect(lambda: self._choose(CLOSE))
            row.addWidget(self.cash_button, 1)
            row.addWidget(self.close_shift_button, 1)
        self.body.addLayout(row)

    def _summary(self, shift: ShiftView, timezone: str) -> QGridLayout:
        opened = shift.opened_at.astimezone(ZoneInfo(timezone))
        rows = [
            ("opened_at", self.tr("Opened at"), f"{opened:%Y-%m-%d %H:%M}"),
            ("opened_by", self.tr("Opened by"), shift.opened_by),
            ("float", self.tr("Float"), money(shift.float_fen)),
            ("pay_in", self.tr("Paid in"), money(shift.pay_in_fen)),
            ("pay_out", self.tr("Paid out"), money(shift.pay_out_fen)),
        ]
        if shift.expected_fen is None:
            rows.append(("expected", self.tr("Expected in the drawer"), self.tr("not shown (blind close)")))
        else:
            rows.append(("expected", self.tr("Expected in the drawer"), money(shift.expected_fen)))
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(10)
        for i, (key, label, value) in enumerate(rows):
            shown = QLabel(value)
            shown.setObjectName("orderFigure")
            grid.addWidget(caption(label), i, 0)
            grid.addWidget(shown, i, 1)
            self.figures[key] = shown
        grid.setColumnStretch(1, 1)
        return grid

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
