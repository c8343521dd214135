"""报表: the manager's screen over one business day (today, the fiscal day, unless ◀ ▶ move it).

Three pages: 概览 (the figure tiles, sales by hour and the tender mix), 明细 (tenders, cashiers, categories,
tax by rate) and 订单 (the orders behind a bar, a slice or a tender row, each with its receipt). Below:
print the X report, export it as PDF or CSV, and 日结 (ui/manager_day_close.py).

The report is computed in a worker (an X over a very busy day takes up to a second); the screen says 加载中
meanwhile, and an answer for a day no longer on show is dropped. A day already closed shows its Z exactly
as it was sealed.
"""

from __future__ import annotations

from datetime import date, timedelta

from pos_app.report_errors import DayNotClosed
from pos_app.reports import Report, ReportKind
from pos_app.services.auth import Cashier
from pos_app.services.reports import ReportService
from pos_app.services.till import Till
from ui.formatting import describe
from ui.manager_charts import HourChartView, TenderChartView
from ui.manager_day_close import DayClose
from ui.manager_exports import ReportExports
from ui.manager_orders_page import ManagerOrdersPage, OrderFilter
from ui.manager_tables import ManagerTablesPage
from ui.manager_tiles_widget import FigureTilesWidget
from ui.qt import QButtonGroup, QHBoxLayout, QLabel, QStackedWidget, Qt, QVBoxLayout, QWidget, Signal
from ui.theme import button
from ui.touch_dialog import TouchDialog
from ui.worker import run_in_background

OVERVIEW, DETAILS, ORDERS = range(3)


def fetch_report(reports: ReportService, day: date | None) -> Report:
    """The day's Z if it was closed, else its X so far; no day: today's X (the fiscal day's)."""
    if day is None:
        return reports.x()
    try:
        return reports.z(day)
    except DayNotClosed:
        return reports.x(day)


class ManagerScreen(TouchDialog):
    printing_owed = Signal()  # a report or a receipt copy was queued for the printer
    day_closed = Signal(object)  # the Z Report, once stored

    def __init__(self, till: Till, cashier: Cashier, manager: Cashier, parent: QWidget | None) -> None:
        super().__init__(self.tr("Reports"), parent, fraction=(1.0, 1.0), maximum=(4000, 3000))
        self.till = till
        self.cashier = cashier  # who is logged in
        self.manager = manager  # who let the screen open: the logged-in manager, or the one who approved
        self.today: date | None = None  # the fiscal day, as the first report says
        self.day: date | None = None  # the day on show
        self.report: Report | None = None
        self._asked = 0  # the newest report asked for; older answers are dropped
        self._closed = False
        self.finished.connect(self._mark_closed)
        self.body.addLayout(self._top_bar())
        self.pages = QStackedWidget()
        self.loading = QLabel(self.tr("Loading…"))
        self.loading.setObjectName("gridNote")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tiles = FigureTilesWidget()
        self.hour_chart = HourChartView()
        self.tender_chart = TenderChartView()
        self.tables = ManagerTablesPage()
        self.orders = ManagerOrdersPage(till, self)
        for page in (self._overview(), self.tables, self.orders, self.loading):
            self.pages.addWidget(page)
        self.body.addWidget(self.pages, 1)
        self.body.addWidget(self.error_label)
        self.body.addLayout(self._footer())
        self.hour_chart.hour_chosen.connect(lambda hour: self.drill(OrderFilter(self._shown(), hour=hour)))
        self.tender_chart.tender_chosen.connect(
            lambda kind: self.drill(OrderFilter(self._shown(), tender=kind))
        )
        self.tables.tender_chosen.connect(lambda kind: self.drill(OrderFilter(self._shown(), tender=kind)))
        self.orders.receipts.reprinted.connect(lambda _number: self.printing_owed.emit())
        self.day_close = DayClose(self)
        self.exports = ReportExports(self)
        self.load(None)

    def _top_bar(self) -> QHBoxLayout:
        self.prev_button = button("◀", "arrow", "managerPrevDay")
        self.prev_button.setToolTip(self.tr("The day before"))
        self.prev_button.clicked.connect(lambda: self._move(-1))
        self.day_label = QLabel()
        self.day_label.setObjectName("managerDay")
        self.day_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = button("▶", "arrow", "managerNextDay")
        self.next_button.setToolTip(self.tr("The day after"))
        self.next_button.clicked.connect(lambda: self._move(1))
        self.today_button = button(self.tr("Today"), "chip", "managerToday")
        self.today_button.clicked.connect(lambda: self.load(None))
        self.page_group = QButtonGroup(self)
        self.page_buttons = {
            OVERVIEW: button(self.tr("Overview"), "chip", "managerOverview", checkable=True),
            DETAILS: button(self.tr("Details"), "chip", "managerDetails", checkable=True),
            ORDERS: button(self.tr("Orders"), "chip", "managerOrders", checkable=True),
        }
        row = QHBoxLayout()
        row.setSpacing(8)
        for widget in (self.prev_button, self.day_label, self.next_button, self.today_button):
            row.addWidget(widget)
        row.addStretch(1)
        for page, chip in self.page_buttons.items():
            self.page_group.addButton(chip, page)
            row.addWidget(chip)
        self.page_buttons[OVERVIEW].setChecked(True)
        self.page_group.idClicked.connect(self.show_page)
        return row

    def _overview(self) -> QWidget:
        page = QWidget()
        charts = QHBoxLayout()
        charts.setSpacing(12)
        charts.addWidget(self.hour_chart, 1)
        charts.addWidget(self.tender_chart, 1)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(self.tiles)
        column.addLayout(charts, 1)
        return page

    def _footer(self) -> QHBoxLayout:
        self.print_button = button(self.tr("Print X report"), "", "managerPrint", footer=True)
        self.pdf_button = button(self.tr("Export PDF"), "", "managerPdf", footer=True)
        self.csv_button = button(self.tr("Export CSV"), "", "managerCsv", footer=True)
        self.close_day_button = button(self.tr("Close the day (Z)"), "danger", "managerCloseDay", footer=True)
        row = QHBoxLayout()
        row.setSpacing(10)
        for b in (self.print_button, self.pdf_button, self.csv_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.close_day_button)
        return row

    def _mark_closed(self, _code: int) -> None:
        self._closed = True

    # -- the day on show --------------------------------------------------------------------------------
    def load(self, day: date | None) -> None:
        """Computes the day's report in a worker (today's with None); 加载中 until it arrives."""
        self._asked += 1
        asked, reports = self._asked, self.till.reports
        self.report = None
        self.clear_message()
        self._show_loading(day)
        run_in_background(
            lambda: fetch_report(reports, day),
            lambda report: self._loaded(asked, day is None, report),
            lambda exc: self._failed(asked, exc),
        )

    def _move(self, days: int) -> None:
        day = self._shown() + timedelta(days=days)
        if self.today is None or day <= self.today:
            self.load(day)

    def _shown(self) -> date:
        assert self.day is not None, "no day loaded yet"
        return self.day

    def _show_loading(self, day: date | None) -> None:
        if day is not None:
            self.day = day
            self.day_label.setText(self._day_text(day, None))
        elif self.day is None:
            self.day_label.setText(self.tr("Today"))
        for b in (self.print_button, self.pdf_button, self.csv_button, self.close_day_button):
            b.setEnabled(False)
        self.prev_button.setEnabled(False)
        self.next_button.setEnabled(False)
        self.loading.setText(self.tr("Loading…"))
        self.pages.setCurrentWidget(self.loading)

    def _loaded(self, asked: int, is_today: bool, report: Report) -> None:
        if asked != self._asked or self._closed:
            return
        if is_today:
            self.today = report.business_day
        self.report, self.day = report, report.business_day
        self.day_label.setText(self._day_text(report.business_day, report))
        self.tiles.show_report(report)
        self.hour_chart.show_hours(report.hours)
        self.tender_chart.show_tenders(report.tenders)
        self.tables.show_report(report)
        closed = report.kind is ReportKind.Z
        self.print_button.setText(self.tr("Print Z report") if closed else self.tr("Print X report"))
        for b in (self.print_button, self.pdf_button, self.csv_button):
            b.setEnabled(True)
        self.close_day_button.setEnabled(not closed)
        self.close_day_button.setToolTip(self.tr("This day is closed") if closed else "")
        self.prev_button.setEnabled(True)
        self.next_button.setEnabled(self.today is None or report.business_day < self.today)
        self.today_button.setEnabled(report.business_day != self.today)
        page = self.page_group.checkedId()
        listed = self.orders.filter
        if page == ORDERS and (listed is None or listed.day != report.business_day):
            self.orders.show_orders(OrderFilter(report.business_day))
        self.pages.setCurrentIndex(page)

    def _failed(self, asked: int, exc: BaseException) -> None:
        if asked != self._asked or self._closed:
            return
        self.loading.setText(describe(exc))
        self.prev_button.setEnabled(self.day is not None)
        self.next_button.setEnabled(self.day is not None and self.today is not None and self.day < self.today)

    def _day_text(self, day: date, report: Report | None) -> str:
        weekdays = (
            self.tr("Mon"),
            self.tr("Tue"),
            self.tr("Wed"),
            self.tr("Thu"),
            self.tr("Fri"),
            self.tr("Sat"),
            self.tr("Sun"),
        )
        text = f"{day.isoformat()} {weekdays[day.weekday()]}"
        if day == self.today:
            text += "  ·  " + self.tr("today")
        if report is not None and report.z_no is not None:
            text += "  ·  " + self.tr("closed, Z No. {number}").format(number=report.z_no)
        return text

    # -- pages ------------------------------------------------------------------------------------------
    def show_page(self, page: int) -> None:
        self.page_buttons[page].setChecked(True)
        stale = self.orders.filter is None or self.orders.filter.day != self.day
        if page == ORDERS and self.day is not None and stale:
            self.orders.show_orders(OrderFilter(self.day))
        if self.report is not None:
            self.pages.setCurrentIndex(page)

    def drill(self, wanted: OrderFilter) -> None:
        """A bar, a slice or a tender row: the orders behind it, on the 订单 page."""
        self.orders.show_orders(wanted)
        self.show_page(ORDERS)
