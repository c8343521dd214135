"""The till's window: the login and sale screens in a stack, a status bar, and the F-key shortcuts."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pos_app.services.auth import Cashier
from pos_app.services.sale import Sale
from pos_app.services.sync_state import SyncStatus
from pos_app.services.till import Till
from pos_app.settings import ShopSettings
from sync.outcome import SyncOutcome
from ui.catalog_loader import CatalogLoader
from ui.login_screen import LoginScreen
from ui.notice_banner_widget import NoticeBannerWidget
from ui.payment_watch import PaymentWatch
from ui.print_worker import PrinterState, PrintWorker
from ui.qt import (
    QAction,
    QApplication,
    QCloseEvent,
    QKeySequence,
    QLabel,
    QMainWindow,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from ui.sale_screen import ACTIONS, PAY_KEY, SaleScreen
from ui.scaling import WindowScaler
from ui.scanner_filter import ScannerFilter
from ui.sync_worker import SyncWorker
from ui.tender_dialog import TenderDialog
from ui.theme import set_prop


class MainWindow(QMainWindow):
    def __init__(self, till: Till) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.till = till
        self.loader = CatalogLoader(till, self)
        self.sales: dict[int, Sale] = {}  # one open Sale per cashier id: a cashier switch keeps each cart
        self.cashier: Cashier | None = None
        self.login_screen = LoginScreen(till)
        self.syncing = SyncWorker(till, self)
        self.payment_watch = PaymentWatch(till, self.syncing, self)
        self.sale_screen = SaleScreen(till, self.loader, self.syncing, self.payment_watch)
        self.stack = QStackedWidget()
        self.stack.setObjectName("mainStack")
        self.stack.addWidget(self.login_screen)
        self.stack.addWidget(self.sale_screen)
        self.notice = NoticeBannerWidget()  # what background payment work did; blocks nothing
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notice)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_status_bar()
        self._build_shortcuts()
        self.login_screen.logged_in.connect(self._logged_in)
        self.login_screen.shop_configured.connect(self._settings_saved)
        self.sale_screen.lock_requested.connect(self.lock)
        self.sale_screen.settings_saved.connect(self._settings_saved)
        self.loader.changed.connect(self._update_status)
        self.printing = PrintWorker(till, self)
        self.printing.state_changed.connect(self._show_printer)
        self.sale_screen.printing_owed.connect(self.printing.kick)
        self.sale_screen.printing_owed.connect(self.syncing.sale_made)  # a sale waits in the outbox
        self.syncing.status_changed.connect(self._show_sync)
        self.syncing.run_finished.connect(self._synced)
        self.payment_watch.notice.connect(self.notice.add)
        self._progress_text = ""
        self.payment_watch.progress.connect(self._payment_progress)
        self.payment_watch.orders_completed.connect(self.printing.kick)
        self.payment_watch.orders_completed.connect(self.syncing.sale_made)
        self.scanner = ScannerFilter(self._catching_scans, self)  # a handheld scan, wherever the focus is
        self.scanner.scanned.connect(self._scanned)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.scanner)
        self.setMinimumSize(960, 640)
        self.scaler = WindowScaler(self)  # fonts and sizes follow the window's size
        self._settings_saved(till.settings())

    def _catching_scans(self) -> bool:
        """The sale screen with no dialog over it (a dialog's fields take typing as it comes) or only the
        payment screen (a scan there is the customer's code, or the next customer's first item once
        paid); and the login screen, where a scan must not become a wrong PIN that counts towards a lock."""
        if not self.isVisible():
            return False
        if self.stack.currentWidget() is self.login_screen:
            return True
        dialog = self.sale_screen.sale_actions.dialog
        return dialog is None or isinstance(dialog, TenderDialog)

    def _scanned(self, code: str) -> None:
        if self.stack.currentWidget() is self.login_screen:
            self.login_screen.scanned_while_locked()
        else:
            self.sale_screen.scanned(code)

    def start_background_loading(self) -> None:
        """Builds the catalog's search index and prints what is owed, in workers, once the window shows."""
        self.loader.reload()
        self.printing.start()
        self.syncing.start()
        self.payment_watch.start()  # what the last run left open: finished in the background

    def closeEvent(self, event: QCloseEvent) -> None:
        self.syncing.stop()
        self.payment_watch.stop()
        super().closeEvent(event)

    # -- status bar -------------------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.shop_label = QLabel()
        self.shop_label.setObjectName("statusShop")
        self.cashier_label = QLabel()
        self.catalog_label = QLabel()
        self.clock_label = QLabel()
        self.clock_label.setObjectName("statusClock")
        self.printer_label = QLabel()
        self.printer_label.setObjectName("statusPrinter")
        self.sync_label = QLabel()
        self.sync_label.setObjectName("statusSync")
        self.sync_label.hide()  # a till that is not paired is a shop on its own: nothing to say
        bar.addWidget(self.shop_label, 1)
        labels = (
            self.sync_label,
            self.printer_label,
            self.cashier_label,
            self.catalog_label,
            self.clock_label,
        )
        for label in labels:
            bar.addPermanentWidget(label)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._clock.start(1000)
        self._tick()
        self._update_status()

    def _tick(self) -> None:
        now = self.till.clock.now().astimezone(ZoneInfo(self.till.settings().timezone))
        self.clock_label.setText(now.strftime("%Y-%m-%d  %H:%M"))

    def _update_status(self) -> None:
        if self.cashier is None:
            self.cashier_label.setText(self.tr("Not logged in"))
        else:
            self.cashier_label.setText(self.tr("Cashier: {name}").format(name=self.cashier.name))
        if self.loader.ready:
            self.catalog_label.setText(self.tr("{count} products").format(count=self.loader.count))
        else:
            self.catalog_label.setText(self.tr("Loading catalog…"))

    def _show_printer(self, state: PrinterState) -> None:
        """The printer's trouble stays in view until a job goes through: receipts are waiting."""
        if not state.configured:
            text, level = self.tr("No printer"), ""
        elif state.problem:
            text = self.tr("Printer: {problem} ({count} waiting)").format(
                problem=state.problem, count=state.pending
            )
            level = "error"
        else:
            text, level = self.tr("Printer ready"), ""
        self.printer_label.setText(text)
        self.printer_label.setToolTip(state.problem)
        set_prop(self.printer_label, "level", level)

    def _show_sync(self, status: SyncStatus) -> None:
        """Online or offline and what waits; a refused record, a wrong clock or a journal the cloud found
        broken stays in view in red."""
        self.sync_label.setVisible(status.paired)
        if self.syncing.online is False:
            text = self.tr("Offline ({count} waiting)").format(count=status.pending)
        else:
            text = self.tr("Cloud: online ({count} waiting)").format(count=status.pending)
        problems = []
        if status.quarantined:
            problems.append(self.tr("{count} refused").format(count=status.quarantined))
        if status.clock_is_off:
            problems.append(self.tr("clock off by {seconds} s").format(seconds=abs(status.clock_skew_s or 0)))
        if status.journal_break is not None:
            problems.append(self.tr("journal broken at entry {seq}").format(seq=status.journal_break.seq))
        if problems:
            text += " · " + " · ".join(problems)
        self.sync_label.setText(text)
        broken = status.journal_break.message if status.journal_break else ""
        self.sync_label.setToolTip("\n".join(t for t in (broken, status.last_error) if t))
        set_prop(self.sync_label, "level", "error" if problems else "")

    def _payment_progress(self, text: str) -> None:
        """A code being given back, on the sale screen until the notice says how it ended."""
        message = self.sale_screen.message
        if text:
            message.info(text)
            self._progress_text = text
        elif self._progress_text and message.text() == self._progress_text:
            message.clear()

    def _synced(self, outcome: SyncOutcome) -> None:
        """New prices or products from the cloud: the sale screen's search index is rebuilt."""
        if outcome.products:
            self.loader.reload()

    def _settings_saved(self, settings: ShopSettings) -> None:
        if self.printing.started:  # the printer's address may have changed
            self.printing.kick()
        self.shop_label.setText(settings.shop_name)
        self.setWindowTitle(self.tr("{shop} – Till").format(shop=settings.shop_name))

    # -- shortcuts --------------------------------------------------------------------------------------
    def _build_shortcuts(self) -> None:
        keys = {name: fkey for name, (fkey, _kind) in ACTIONS.items()} | {"pay": PAY_KEY}
        self.shortcut_actions: dict[str, QAction] = {}
        for name, key in keys.items():
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, n=name: self._shortcut(n))
            self.addAction(action)
            self.shortcut_actions[name] = action

    def _shortcut(self, name: str) -> None:
        if self.stack.currentWidget() is self.sale_screen:
            self.sale_screen.trigger(name)

    # -- who is at the till -----------------------------------------------------------------------------
    def _logged_in(self, cashier: Cashier) -> None:
        sale = self.sales.get(cashier.id)
        if sale is None:
            sale = self.sales[cashier.id] = self.till.new_sale(cashier)
        self.cashier = cashier
        self.sale_screen.set_sale(sale)
        self.stack.setCurrentWidget(self.sale_screen)
        self._update_status()
        self.sale_screen.sale_actions.shifts.after_login()  # no open shift: the float is asked first

    def lock(self) -> None:
        """Back to the login screen; every cashier's open cart stays in memory for their return."""
        open_carts = {cid: sale.totals().item_count for cid, sale in self.sales.items() if len(sale.cart)}
        self.login_screen.reset(locked_by=self.cashier, open_carts=open_carts)
        self.cashier = None
        self.stack.setCurrentWidget(self.login_screen)
        self._update_status()
