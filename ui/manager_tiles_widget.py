"""The manager screen's figure tiles: the day's net sales first and largest, then what makes it up, then the
drawer's cash. Each tile is a caption, the figure as a manager reads it and a small note (how many)."""

from __future__ import annotations

from pos_app.money import div_round_half_up
from pos_app.reports import Report
from ui.formatting import money
from ui.qt import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget
from ui.theme import set_prop

# key order = reading order: two rows of seven, the net sales tile spanning two columns
SALES_ROW = ("net", "orders", "basket", "gross", "discounts", "rounding")
EVENTS_ROW = ("refunds", "voids", "reprints", "drawer", "cash_expected", "cash_counted", "over_short")
COLUMNS = 7


class FigureTile(QFrame):
    def __init__(self, key: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("managerTile")
        self.key = key
        self.caption = QLabel(caption)
        self.caption.setObjectName("managerTileCaption")
        self.value = QLabel("—")
        self.value.setObjectName("managerTileValue")
        self.note = QLabel()
        self.note.setObjectName("managerTileNote")
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 8)
        column.setSpacing(2)
        column.addWidget(self.caption)
        column.addWidget(self.value)
        column.addWidget(self.note)
        column.addStretch(1)

    def set_figure(self, value: str, note: str = "", level: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)
        set_prop(self.value, "level", level)


class FigureTilesWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        captions = {
            "net": self.tr("Net sales"),
            "orders": self.tr("Orders"),
            "basket": self.tr("Average basket"),
            "gross": self.tr("Gross sales"),
            "discounts": self.tr("Discounts"),
            "rounding": self.tr("Rounding off"),
            "refunds": self.tr("Refunds"),
            "voids": self.tr("Voids"),
            "reprints": self.tr("Reprints"),
            "drawer": self.tr("No-sale opens"),
            "cash_expected": self.tr("Cash expected"),
            "cash_counted": self.tr("Cash counted"),
            "over_short": self.tr("Over / short"),
        }
        self.tiles = {key: FigureTile(key, caption) for key, caption in captions.items()}
        self.tiles["net"].setProperty("kind", "headline")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        grid.addWidget(self.tiles["net"], 0, 0, 1, 2)
        for i, key in enumerate(SALES_ROW[1:], 2):
            grid.addWidget(self.tiles[key], 0, i)
        for i, key in enumerate(EVENTS_ROW):
            grid.addWidget(self.tiles[key], 1, i)
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)

    def value(self, key: str) -> str:
        """The figure on a tile as shown (tests)."""
        return self.tiles[key].value.text()

    def note(self, key: str) -> str:
        return self.tiles[key].note.text()

    def show_report(self, report: Report) -> None:
        t = self.tiles
        orders = report.orders
        if report.grand_total_fen is None:
            t["net"].set_figure(money(report.net_fen), self.tr("gross less voids and refunds"))
        else:  # a Z carries the net of every Z so far
            grand = self.tr("grand total {amount}").format(amount=money(report.grand_total_fen))
            t["net"].set_figure(money(report.net_fen), grand)
        t["orders"].set_figure(str(orders), self.tr("{count} items").format(count=report.items))
        t["basket"].set_figure(money(div_round_half_up(report.gross_fen, orders) if orders else 0))
        t["gross"].set_figure(money(report.gross_fen))
        t["discounts"].set_figure(money(-report.discounts_fen))
        t["rounding"].set_figure(money(-report.rounding_fen))
        t["refunds"].set_figure(money(-report.refunds_fen), self._times(report.refunds))
        t["voids"].set_figure(money(-report.voids_fen), self._times(report.voids))
        t["reprints"].set_figure(str(report.reprints))
        t["drawer"].set_figure(str(report.drawer_opens))
        self._show_cash(report)

    def _times(self, count: int) -> str:
        return self.tr("{count} times").format(count=count)

    def _show_cash(self, report: Report) -> None:
        cash = report.cash
        shifts = self.tr("{count} shifts").format(count=cash.shifts)
        self.tiles["cash_expected"].set_figure(money(cash.expected_fen), shifts)
        if cash.counted_fen is None:
            waiting = self.tr("a shift is open") if cash.shifts else self.tr("no shift")
            self.tiles["cash_counted"].set_figure("—", waiting)
            self.tiles["over_short"].set_figure("—", waiting)
            return
        self.tiles["cash_counted"].set_figure(money(cash.counted_fen), shifts)
        over = cash.over_short_fen or 0
        text = ("+" if over > 0 else "") + money(over)
        level = "" if over == 0 else ("over" if over > 0 else "short")
        note = self.tr("balanced") if over == 0 else (self.tr("over") if over > 0 else self.tr("short"))
        self.tiles["over_short"].set_figure(text, note, level)
