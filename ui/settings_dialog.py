"""Shop settings (manager only): name, address, phone, 抹零, discount limit, scale labels, language; and
from here the catalog import (catalog_import_dialog.py) and the till's accounts (cashier_dialog.py)."""

from __future__ import annotations

from pathlib import Path

from hardware.receipt_printer import EscPosReceiptPrinter
from pos_app.camera_config import RESOLUTIONS
from pos_app.errors import PosError
from pos_app.pricing import RoundingPolicy
from pos_app.printer_config import parse_printer_url
from pos_app.receipt import sample_receipt
from pos_app.services.auth import Approval
from pos_app.services.till import Till
from pos_app.settings import ShopSettings
from ui.cashier_dialog import CashierDialog
from ui.catalog_import_dialog import CatalogImportDialog
from ui.catalog_loader import CatalogLoader
from ui.entry_parsing import EntryError, parse_count
from ui.formatting import describe
from ui.qt import (
    QButtonGroup,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QScroller,
    QWidget,
    Signal,
)
from ui.sync_dialog import SyncDialog
from ui.sync_worker import SyncWorker
from ui.theme import button
from ui.touch_dialog import TouchDialog
from ui.worker import run_in_background

LANGUAGES = (("zh_CN", "中文"), ("en", "English"))  # each language is named in itself


class SettingsDialog(TouchDialog):
    saved = Signal(object)  # the ShopSettings now in force

    def __init__(
        self,
        till: Till,
        loader: CatalogLoader,
        syncing: SyncWorker,
        approval: Approval,
        parent: QWidget | None,
    ) -> None:
        super().__init__(self.tr("Shop settings"), parent, fraction=(0.92, 0.94), maximum=(1000, 800))
        self._till = till
        self._loader = loader
        self._syncing = syncing
        self._approval = approval
        self._original_language = till.settings().language
        current = till.settings()
        self.language_changed = False
        self.sub_dialog: TouchDialog | None = None  # the import or cashiers dialog while it is open
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        self.shop_name = self._field(grid, 0, self.tr("Shop name"), current.shop_name)
        self.address = self._field(grid, 1, self.tr("Address"), current.address)
        self.phone = self._field(grid, 2, self.tr("Phone"), current.phone)
        self.rounding = self._choices(
            grid,
            3,
            self.tr("Rounding"),
            [(p.value, p.label()) for p in RoundingPolicy],
            current.rounding,
        )
        self.discount_limit = self._field(
            grid, 4, self.tr("Cashier discount limit (%)"), str(current.discount_limit_percent)
        )
        self.scale_template = self._field(grid, 5, self.tr("Scale label template"), current.scale_template)
        self.language = self._choices(
            grid, 6, self.tr("Language (after restart)"), list(LANGUAGES), current.language
        )
        self.printer_url = self._field(grid, 7, self.tr("Receipt printer"), current.printer_url)
        self.printer_url.setPlaceholderText("tcp://192.168.1.50:9100?encoding=gbk&width=58")
        self.footer = self._field(grid, 8, self.tr("Receipt footer"), current.receipt_footer)
        self.camera = self._field(grid, 9, self.tr("Camera for payment codes"), current.camera)
        self.camera.setPlaceholderText(self.tr("empty: none; 0: the first camera; 1: the second"))
        self.camera_resolution = self._choices(
            grid,
            10,
            self.tr("Camera resolution"),
            [(r, r) for r in RESOLUTIONS],
            current.camera_resolution,
        )
        self.blind_close = self._choices(
            grid,
            11,
            self.tr("Blind close"),
            [("off", self.tr("Off")), ("on", self.tr("On: the cashier counts without seeing the expected cash"))],
            "on" if current.blind_close else "off",
        )
        grid.setColumnStretch(1, 1)
        form = QWidget()
        form.setLayout(grid)
        scroll = QScrollArea()  # the rows are taller than a 1024x768 screen leaves: they scroll by finger
        scroll.setObjectName("plainScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(form)
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.body.addWidget(scroll, 1)
        self.body.addWidget(self.error_label)
        row = QHBoxLayout()
        self.import_button = button(self.tr("Import catalog (CSV)…"), "", "importCatalog")
        self.import_button.clicked.connect(self._choose_file)
        self.cashiers_button = button(self.tr("Cashiers…"), "", "manageCashiers")
        self.cashiers_button.clicked.connect(self.open_cashiers)
        self.sync_button = button(self.tr("Cloud sync…"), "", "openSync")
        self.sync_button.clicked.connect(self.open_sync)
        self.cancel_button = button(self.tr("Cancel"), "", "settingsCancel", footer=True)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = button(self.tr("Save"), "primary", "settingsSave", footer=True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.test_print_button = button(self.tr("Test print"), "", "testPrint")
        self.test_print_button.clicked.connect(self.test_print)
        row.addWidget(self.import_button)
        row.addWidget(self.cashiers_button)
        row.addWidget(self.sync_button)
        row.addWidget(self.test_print_button)
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        self.body.addLayout(row)

    @staticmethod
    def _field(grid: QGridLayout, row: int, caption: str, value: str) -> QLineEdit:
        field = QLineEdit(value)
        grid.addWidget(QLabel(caption), row, 0)
        grid.addWidget(field, row, 1)
        return field

    def _choices(
        self, grid: QGridLayout, row: int, caption: str, options: list[tuple[str, str]], current: str
    ) -> QButtonGroup:
        group = QButtonGroup(self)
        line = QHBoxLayout()
        line.setSpacing(8)
        for i, (value, label) in enumerate(options):
            chip = button(label, "chip", f"choice-{value}", checkable=True)
            chip.setProperty("value", value)
            chip.setChecked(value == current)
            group.addButton(chip, i)
            line.addWidget(chip)
        line.addStretch(1)
        grid.addWidget(QLabel(caption), row, 0)
        grid.addLayout(line, row, 1)
        return group

    @staticmethod
    def _chosen(group: QButtonGroup) -> str:
        checked = group.checkedButton()
        return str(checked.property("value")) if checked is not None else ""

    def choose(self, group: QButtonGroup, value: str) -> None:
        """Taps the option with this value (tests and scripts)."""
        for b in group.buttons():
            if b.property("value") == value:
                b.click()

    # -- saving -----------------------------------------------------------------------------------------
    def settings_from_form(self) -> ShopSettings:
        """The settings as typed; raises InvalidInput (from ShopSettings) or EntryError, changing nothing."""
        try:
            limit = parse_count(self.discount_limit.text())
        except EntryError:
            raise EntryError(self.tr("The discount limit is a whole percentage, 0 to 100")) from None
        return self._till.settings().changed(
            shop_name=self.shop_name.text().strip(),
            address=self.address.text().strip(),
            phone=self.phone.text().strip(),
            rounding=self._chosen(self.rounding),
            discount_limit_percent=limit,
            scale_template=self.scale_template.text().strip(),
            language=self._chosen(self.language),
            printer_url=self.printer_url.text().strip(),
            receipt_footer=self.footer.text().strip(),
            camera=self.camera.text().strip(),
            camera_resolution=self._chosen(self.camera_resolution),
            blind_close=self._chosen(self.blind_close) == "on",
        )

    def save(self) -> None:
        try:
            settings = self.settings_from_form()
        except (PosError, EntryError, ValueError) as err:
            self.show_error(describe(err) if isinstance(err, PosError) else str(err))
            return
        self.set_busy(True)
        self.save_button.setEnabled(False)
        till, approval = self._till, self._approval
        run_in_background(
            lambda: till.save_settings(settings, approval), lambda _: self._saved(settings), self._failed
        )

    def _saved(self, settings: ShopSettings) -> None:
        self.set_busy(False)
        self.language_changed = settings.language != self._original_language
        self.saved.emit(settings)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.save_button.setEnabled(True)
        self.show_error(describe(exc))

    # -- printer ----------------------------------------------------------------------------------------
    def test_print(self) -> None:
        """Prints the sample receipt on the address as typed, before it is saved, as shops set up a printer."""
        try:
            config = parse_printer_url(self.printer_url.text())
        except PosError as err:
            self.show_error(describe(err))
            return
        self.clear_message()
        receipt = sample_receipt()
        receipt.shop_name = self.shop_name.text().strip() or receipt.shop_name
        self.set_busy(True)
        self.test_print_button.setEnabled(False)
        run_in_background(
            lambda: EscPosReceiptPrinter(config).print_receipt(receipt, kick_drawer=False),
            lambda _: self._test_printed(config.where),
            self._test_failed,
        )

    def _test_printed(self, where: str) -> None:
        self.set_busy(False)
        self.test_print_button.setEnabled(True)
        self.show_info(self.tr("Test receipt sent to {printer}").format(printer=where))

    def _test_failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.test_print_button.setEnabled(True)
        self.show_error(describe(exc))

    # -- catalog import ---------------------------------------------------------------------------------
    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import catalog"), "", self.tr("CSV files (*.csv)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Imports with a progress dialog over this one; the outcome is also noted here."""
        dialog = CatalogImportDialog(self._loader, path, self)
        dialog.outcome.connect(lambda ok, text: self.show_info(text) if ok else self.show_error(text))
        self._open_sub_dialog(dialog)
        dialog.start()

    # -- accounts ---------------------------------------------------------------------------------------
    def open_cashiers(self) -> None:
        self._open_sub_dialog(CashierDialog(self._till, self))

    def open_sync(self) -> None:
        self._open_sub_dialog(SyncDialog(self._till, self._syncing, self))

    def _open_sub_dialog(self, dialog: TouchDialog) -> None:
        self.sub_dialog = dialog
        dialog.finished.connect(lambda _code: self._sub_dialog_closed(dialog))
        dialog.open()

    def _sub_dialog_closed(self, dialog: TouchDialog) -> None:
        if self.sub_dialog is dialog:
            self.sub_dialog = None
        dialog.deleteLater()
