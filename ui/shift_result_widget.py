"""The result of 交班 as the cashier sees it: the counted cash; the expected cash and the over/short too,
unless the close was blind (then those are for the manager's reports only)."""

from __future__ import annotations

from pos_app.services.shifts import ShiftClosed
from ui.formatting import money
from ui.qt import QCoreApplication, QGridLayout, QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget
from ui.tender_layout import caption, figure
from ui.theme import button


def over_short_words(over_short_fen: int) -> tuple[str, str]:
    """The caption and the figure: over (长款) or short (短款) by the amount, or even (平)."""
    if over_short_fen > 0:
        return QCoreApplication.translate("ShiftResult", "Over"), money(over_short_fen)
    if over_short_fen < 0:
        return QCoreApplication.translate("ShiftResult", "Short"), money(-over_short_fen)
    return (
        QCoreApplication.translate("ShiftResult", "Over / short"),
        QCoreApplication.translate("ShiftResult", "Even"),
    )


class ShiftResultWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        figures = QGridLayout()
        figures.setHorizontalSpacing(40)
        figures.setVerticalSpacing(12)
        self.counted = figure("", "tenderChange")
        figures.addWidget(caption(self.tr("Counted")), 0, 0)
        figures.addWidget(self.counted, 0, 1)
        expected_caption = caption(self.tr("Expected"))
        self.expected = figure("", "orderTotal")
        self.over_short_caption = caption("")
        self.over_short = figure("", "orderTotal")
        figures.addWidget(expected_caption, 1, 0)
        figures.addWidget(self.expected, 1, 1)
        figures.addWidget(self.over_short_caption, 2, 0)
        figures.addWidget(self.over_short, 2, 1)
        self._manager_figures = (expected_caption, self.expected, self.over_short_caption, self.over_short)
        for widget in self._manager_figures:
            widget.hide()
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addLayout(figures, 2)
        centred.addStretch(1)
        title = QLabel(self.tr("The shift is closed"))
        title.setObjectName("doneTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_button = button(self.tr("Done"), "primary", "shiftClosedDone", footer=True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        column.addStretch(1)
        column.addWidget(title)
        column.addLayout(centred)
        column.addStretch(2)
        column.addWidget(self.done_button)

    def show_result(self, closed: ShiftClosed) -> None:
        """Blind: the expected and the over/short are neither set nor shown."""
        self.counted.setText(money(closed.counted_fen))
        if not closed.blind:
            self.expected.setText(money(closed.expected_fen))
            caption_text, shown = over_short_words(closed.over_short_fen)
            self.over_short_caption.setText(caption_text)
            self.over_short.setText(shown)
        for widget in self._manager_figures:
            widget.setVisible(not closed.blind)
