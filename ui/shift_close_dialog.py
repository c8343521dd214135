"""交班: the drawer counted note by note and coin by coin, then the shift closed with that count.

One row per denomination: tap the row, type the pieces on the keypad (or the keyboard; Enter goes to the
next row). The counted total runs below; without blind close the expected cash and the over/short run
beside it. Closing asks once more, stores the count in a worker, then shows the result
(shift_result_widget.py). After `accepted` (the result
was seen), `closed` is what the close recorded.
"""

from __future__ import annotations

from pos_app.reports import DENOMINATIONS_FEN
from pos_app.services.auth import Cashier
from pos_app.services.shifts import ShiftClosed, ShiftView, counted_fen
from pos_app.services.till import Till
from ui.confirm_dialog import ConfirmDialog
from ui.formatting import describe, money
from ui.keypad_widget import BACK, KeypadWidget, edit
from ui.qt import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QPushButton,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.shift_result_widget import ShiftResultWidget, over_short_words
from ui.tender_layout import caption, figure
from ui.theme import button
from ui.touch_dialog import TouchDialog
from ui.worker import run_in_background

MAX_DIGITS = 5  # pieces of one denomination: up to 99999


class ShiftCloseDialog(TouchDialog):
    def __init__(self, till: Till, cashier: Cashier, shift: ShiftView, parent: QWidget | None) -> None:
        super().__init__(self.tr("Close shift"), parent, fraction=(0.94, 0.94), maximum=(1000, 760))
        self.setObjectName("shiftCloseDialog")
        self._till = till
        self._cashier = cashier
        self._shift = shift
        self.counts: dict[int, int] = dict.fromkeys(DENOMINATIONS_FEN, 0)
        self.closed: ShiftClosed | None = None
        self.confirm_dialog: ConfirmDialog | None = None
        self._row = 0
        self._fresh = True  # the next key replaces the selected row's count
        self.pages = QStackedWidget()
        self.pages.addWidget(self._counting_page())
        self.result = ShiftResultWidget()
        self.result.done_button.clicked.connect(self.accept)
        self.pages.addWidget(self.result)
        self.body.addWidget(self.pages, 1)
        self._select(0)
        self._update()

    # -- counting -----------------------------------------------------------------------------------------
    def _counting_page(self) -> QWidget:
        page = QWidget()
        rows = QGridLayout()
        rows.setHorizontalSpacing(12)
        rows.setVerticalSpacing(6)
        self._rows = QButtonGroup(self)
        self.count_buttons: dict[int, QPushButton] = {}
        self.line_labels: dict[int, QLabel] = {}
        for i, fen in enumerate(DENOMINATIONS_FEN):
            name = QLabel(self._denomination(fen))
            name.setObjectName("orderFigure")
            count = button("0", "", f"count{fen}", checkable=True)
            count.clicked.connect(lambda _=False, row=i: self._select(row))
            self._rows.addButton(count, i)
            line = figure(money(0), "orderFigure")
            rows.addWidget(name, i, 0)
            rows.addWidget(count, i, 1)
            rows.addWidget(line, i, 2)
            self.count_buttons[fen] = count
            self.line_labels[fen] = line
        rows.setColumnStretch(1, 1)
        rows.setColumnStretch(2, 1)
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(caption(self.tr("Count the drawer: pieces of each note and coin")))
        left.addLayout(rows)
        left.addStretch(1)
        left.addLayout(self._totals())
        left.addWidget(self.error_label)
        right = QVBoxLayout()
        right.setSpacing(10)
        self.keypad = KeypadWidget()
        self.keypad.pressed.connect(self._key)
        right.addWidget(self.keypad, 1)
        self.close_shift_button = button(self.tr("Close shift"), "primary", "closeShift")
        self.close_shift_button.clicked.connect(self.ask_to_close)
        right.addWidget(self.close_shift_button)
        columns = QHBoxLayout(page)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(24)
        columns.addLayout(left, 5)
        columns.addLayout(right, 4)
        return page

    def _totals(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.counted_label = figure("", "figurePaid")
        grid.addWidget(_right(caption(self.tr("Counted"))), 0, 0)
        grid.addWidget(self.counted_label, 1, 0)
        self.expected_label: QLabel | None = None
        self.over_short_caption: QLabel | None = None
        self.over_short_label: QLabel | None = None
        if self._shift.expected_fen is None:
            note = QLabel(self.tr("Blind close: count what is in the drawer; the manager sees the result"))
            note.setObjectName("cardHint")
            note.setWordWrap(True)
            grid.addWidget(note, 0, 1, 2, 2)
        else:
            self.expected_label = figure(money(self._shift.expected_fen), "figureDue")
            self.over_short_caption = _right(caption(""))
            self.over_short_label = figure("", "figureRest")
            grid.addWidget(_right(caption(self.tr("Expected"))), 0, 1)
            grid.addWidget(self.expected_label, 1, 1)
            grid.addWidget(self.over_short_caption, 0, 2)
            grid.addWidget(self.over_short_label, 1, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        return grid

    def _denomination(self, fen: int) -> str:
        if fen >= 100:
            return self.tr("{yuan} yuan").format(yuan=fen // 100)
        return self.tr("{jiao} jiao").format(jiao=fen // 10)

    def _select(self, row: int) -> None:
        self._row = row % len(DENOMINATIONS_FEN)
        self._fresh = True
        self.count_buttons[DENOMINATIONS_FEN[self._row]].setChecked(True)

    def _key(self, key: str) -> None:
        fen = DENOMINATIONS_FEN[self._row]
        text = "" if self._fresh and key != BACK else str(self.counts[fen] or "")
        text = edit(text, key, max_len=MAX_DIGITS)
        self._fresh = False
        self.counts[fen] = int(text) if text else 0
        self.clear_message()
        self._update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A keyboard works too: digits and Backspace edit the row, Enter and the arrows move."""
        key, text = event.key(), event.text()
        if self.pages.currentIndex() == 0 and text.isdigit():
            self._key(text)
        elif self.pages.currentIndex() == 0 and key == Qt.Key.Key_Backspace:
            self._key(BACK)
        elif self.pages.currentIndex() == 0 and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
            self._select(self._row + 1)
        elif self.pages.currentIndex() == 0 and key == Qt.Key.Key_Up:
            self._select(self._row - 1)
        else:
            super().keyPressEvent(event)

    def _update(self) -> None:
        for fen, pieces in self.counts.items():
            self.count_buttons[fen].setText(str(pieces))
            self.line_labels[fen].setText(money(counted_fen({fen: pieces})))
        counted = counted_fen(self.counts)
        self.counted_label.setText(money(counted))
        over_short = self._shift.over_short_fen(counted)
        if over_short is not None and self.over_short_caption and self.over_short_label:
            caption_text, shown = over_short_words(over_short)
            self.over_short_caption.setText(caption_text)
            self.over_short_label.setText(shown)
            _tone(self.over_short_label, "figurePaid" if over_short == 0 else "figureRest")

    def count(self, fen: int, pieces: int) -> None:
        """Taps the row and types the pieces, as a cashier would (tests and scripts)."""
        self.count_buttons[fen].click()
        self.keypad.type_keys(str(pieces))

    # -- closing ------------------------------------------------------------------------------------------
    def ask_to_close(self) -> None:
        if self.busy:
            return
        counted = money(counted_fen(self.counts))
        dialog = ConfirmDialog(
            self.tr("Close shift"),
            self.tr("Close the shift with {counted} counted? The count cannot be changed afterwards.").format(
                counted=counted
            ),
            self.tr("Close shift"),
            self.tr("Keep counting"),
            self,
        )
        self.confirm_dialog = dialog
        dialog.accepted.connect(self._close)
        dialog.finished.connect(lambda _code: self._confirm_closed(dialog))
        dialog.open()

    def _confirm_closed(self, dialog: ConfirmDialog) -> None:
        if self.confirm_dialog is dialog:
            self.confirm_dialog = None
        dialog.deleteLater()

    def _close(self) -> None:
        self.clear_message()
        self.set_busy(True)
        self.close_shift_button.setEnabled(False)
        till, cashier, counts = self._till, self._cashier, dict(self.counts)
        run_in_background(lambda: till.shifts.close(cashier, counts), self._closed, self._refused)

    def _refused(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.close_shift_button.setEnabled(True)
        self.show_error(describe(exc))

    def _closed(self, closed: ShiftClosed) -> None:
        self.set_busy(False)
        self.closed = closed
        self.result.show_result(closed)
        self.pages.setCurrentIndex(1)
        self.result.done_button.setFocus()

    def reject(self) -> None:
        """Once the shift is closed, closing the dialog any way is the same as Done."""
        if self.closed is not None:
            self.accept()
        else:
            super().reject()


def _right(label: QLabel) -> QLabel:
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return label


def _tone(label: QLabel, name: str) -> None:
    """Even shows green, over or short red: the theme colours the figure by its name."""
    if label.objectName() != name:
        label.setObjectName(name)
        label.style().unpolish(label)
        label.style().polish(label)
