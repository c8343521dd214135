"""取单: the carts put aside, newest last; tapping one takes it back into the sale."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pos_app.services.held_orders import HeldOrder
from ui.formatting import money
from ui.qt import QLabel, QPushButton, QScrollArea, QScroller, QVBoxLayout, QWidget
from ui.theme import button
from ui.touch_dialog import TouchDialog


class HeldOrdersDialog(TouchDialog):
    """After `accepted`, `held_id` is the held order the cashier tapped."""

    def __init__(self, held: list[HeldOrder], timezone: str, parent: QWidget | None) -> None:
        super().__init__(self.tr("Recall a held order"), parent, fraction=(0.7, 0.85), maximum=(760, 760))
        self.held_id: int | None = None
        self.order_buttons: list[QPushButton] = []
        zone = ZoneInfo(timezone)
        if not held:
            empty = QLabel(self.tr("No orders are on hold"))
            empty.setObjectName("gridNote")
            self.body.addWidget(empty, 1)
            return
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setSpacing(8)
        for order in held:
            when = order.created_at.astimezone(zone).strftime("%H:%M")
            text = self.tr("{label}   {time}   {lines} lines   {total}").format(
                label=order.label, time=when, lines=order.lines, total=money(order.total_fen)
            )
            b = button(text, "listItem", f"held{order.id}")
            b.clicked.connect(lambda _=False, i=order.id: self._choose(i))
            column.addWidget(b)
            self.order_buttons.append(b)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("plainScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.body.addWidget(scroll, 1)

    def _choose(self, held_id: int) -> None:
        self.held_id = held_id
        self.accept()
