"""A row of category chips, 常用 (the quick keys) first; arrows page through them when they overflow."""

from __future__ import annotations

from ui.qt import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    Qt,
    QWidget,
    Signal,
)
from ui.theme import button

QUICK = ""  # the key of the quick-keys chip


class CategoryBarWidget(QWidget):
    """Emits `chosen(key)`: a category name, or QUICK for the quick keys."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("categoryBar")
        self._scroll = QScrollArea()
        self._scroll.setObjectName("categoryScroll")
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidgetResizable(True)
        self._scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self._scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str, QPushButton] = {}
        inner = QWidget()
        inner.setObjectName("categoryBarInner")
        self._row = QHBoxLayout(inner)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(8)
        self._row.addStretch(1)
        self._scroll.setWidget(inner)
        self.back_button = self._arrow("‹", -1)
        self.next_button = self._arrow("›", 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.back_button)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(self.next_button)
        self._scroll.horizontalScrollBar().rangeChanged.connect(self._update_arrows)
        self._scroll.horizontalScrollBar().valueChanged.connect(self._update_arrows)
        self._update_arrows()

    def _arrow(self, text: str, direction: int) -> QPushButton:
        arrow = button(text, "arrow", "categoryNext" if direction > 0 else "categoryBack")
        arrow.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        arrow.clicked.connect(lambda: self._page(direction))
        return arrow

    def _page(self, direction: int) -> None:
        bar = self._scroll.horizontalScrollBar()
        bar.setValue(bar.value() + direction * int(self._scroll.viewport().width() * 0.7))

    def _update_arrows(self, *_args: object) -> None:
        bar = self._scroll.horizontalScrollBar()
        overflow = bar.maximum() > 0
        self.back_button.setVisible(overflow)
        self.next_button.setVisible(overflow)
        self.back_button.setEnabled(bar.value() > 0)
        self.next_button.setEnabled(bar.value() < bar.maximum())

    def set_categories(self, categories: list[str], with_quick_keys: bool) -> None:
        for chip in self._buttons.values():
            self._group.removeButton(chip)
            chip.deleteLater()
        self._buttons.clear()
        keys = ([QUICK] if with_quick_keys else []) + categories
        for key in keys:
            chip = button(self.tr("Favourites") if key == QUICK else key, "chip", checkable=True)
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            chip.clicked.connect(lambda _=False, k=key: self.chosen.emit(k))
            self._group.addButton(chip)
            self._row.insertWidget(self._row.count() - 1, chip)
            self._buttons[key] = chip

    def chip_keys(self) -> list[str]:
        return list(self._buttons)

    def select(self, key: str, emit: bool = True) -> None:
        """Marks a chip as current; with `emit`, also emits `chosen` as a tap would."""
        chip = self._buttons.get(key)
        if chip is None:
            return
        if emit:
            chip.click()
        else:
            chip.setChecked(True)
        self._scroll.ensureWidgetVisible(chip)

    def clear_selection(self) -> None:
        """No chip is current (while the grid shows search results)."""
        self._group.setExclusive(False)
        for chip in self._buttons.values():
            chip.setChecked(False)
        self._group.setExclusive(True)

    def current(self) -> str | None:
        checked = self._group.checkedButton()
        return next((k for k, b in self._buttons.items() if b is checked), None)
