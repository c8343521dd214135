"""The manager screen's 打印 and 导出 buttons: the report on show, to the receipt printer or to a file.

No file dialog for a finger to fight with: a file goes to the data directory's exports/ folder under a
name that says which report it is (x-report-2026-11-25-1840.csv, z-report-0003-2026-11-25.pdf), and the
message says where. The CSV and the printing run in a worker; the PDF is drawn on the GUI thread (a
fifth of a second), because ui/report_pdf.py sets the application's font on its way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from hardware.receipt_printer import EscPosReceiptPrinter
from pos_app.errors import InvalidInput, PosError
from pos_app.report_csv import report_csv
from pos_app.report_text import report_lines
from pos_app.reports import Report, ReportKind
from pos_app.settings import ShopSettings
from pos_app.store.db import storage_error
from ui.formatting import describe
from ui.qt import QApplication, QObject
from ui.report_pdf import write_report_pdf
from ui.worker import run_in_background

if TYPE_CHECKING:
    from ui.manager_screen import ManagerScreen

EXPORTS_DIR = "exports"


def export_path(data_dir: Path, report: Report, timezone: str, suffix: str) -> Path:
    """A Z is named by its number and day (the same file every time); an X also by the minute it was made."""
    day = report.business_day.isoformat()
    if report.kind is ReportKind.Z:
        name = f"z-report-{report.z_no or 0:04d}-{day}"
    else:
        name = f"x-report-{day}-{report.made_at.astimezone(ZoneInfo(timezone)):%H%M}"
    return data_dir / EXPORTS_DIR / f"{name}.{suffix}"


def write_csv(path: Path, report: Report, timezone: str) -> Path:
    text = report_csv(report, timezone)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except OSError as exc:
        raise storage_error(exc, path) from exc
    return path


def print_report(report: Report, settings: ShopSettings) -> str:
    """The report's text form on the receipt printer, at its paper's width; returns where it went."""
    config = settings.printer()
    if config is None:
        raise InvalidInput(
            "no receipt printer is configured (shop settings)", "尚未设置小票打印机（请在店铺设置中设置）"
        )
    EscPosReceiptPrinter(config).print_lines(report_lines(report, config.paper.columns, settings.timezone))
    return config.where


class ReportExports(QObject):
    def __init__(self, screen: ManagerScreen) -> None:
        super().__init__(screen)
        self._screen = screen
        screen.print_button.clicked.connect(self.print_report)
        screen.pdf_button.clicked.connect(self.export_pdf)
        screen.csv_button.clicked.connect(self.export_csv)

    def _report(self) -> Report | None:
        """The report on show, unless one is loading or another button's work is running."""
        return None if self._screen.busy else self._screen.report

    def export_csv(self) -> None:
        report = self._report()
        if report is None:
            return
        till = self._screen.till
        timezone = till.settings().timezone
        path = export_path(till.data_dir, report, timezone, "csv")
        self._run(lambda: write_csv(path, report, timezone), self._saved)

    def export_pdf(self) -> None:
        report = self._report()
        app = QApplication.instance()
        if report is None or not isinstance(app, QApplication):
            return
        till = self._screen.till
        timezone = till.settings().timezone
        path = export_path(till.data_dir, report, timezone, "pdf")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_report_pdf(report, timezone, path, app)
        except OSError as exc:
            self._screen.show_error(describe(storage_error(exc, path)))
        except PosError as exc:
            self._screen.show_error(describe(exc))
        else:
            self._saved(path)

    def print_report(self) -> None:
        report = self._report()
        if report is None:
            return
        settings = self._screen.till.settings()
        self._run(lambda: print_report(report, settings), self._printed)

    def _printed(self, where: object) -> None:
        self._screen.show_info(self.tr("The report was printed on {printer}").format(printer=where))

    def _run(self, work: Callable[[], object], done: Callable[[object], None]) -> None:
        self._screen.set_busy(True)
        self._screen.show_info(self.tr("Working…"))
        run_in_background(work, lambda result: self._done(done, result), self._failed)

    def _done(self, done: Callable[[object], None], result: object) -> None:
        self._screen.set_busy(False)
        done(result)

    def _saved(self, path: object) -> None:
        self._screen.show_info(self.tr("Saved to {path}").format(path=path))

    def _failed(self, exc: BaseException) -> None:
        self._screen.set_busy(False)
        self._screen.show_error(describe(exc))
