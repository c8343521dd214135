"""The configured printer behind pos_app's ReceiptPrinter port: documents become this printer's bytes."""

from __future__ import annotations

from collections.abc import Sequence

from hardware.printers import open_printer
from hardware.receipt_job import drawer_job, lines_job, receipt_job
from pos_app.ports import PrinterStatus
from pos_app.printer_config import PrinterConfig
from pos_app.receipt import Receipt, ReceiptLine


class EscPosReceiptPrinter:
    def __init__(self, config: PrinterConfig, **timeouts: float) -> None:
        self.config = config
        self.where = config.where
        self._printer = open_printer(config, **timeouts)

    def print_receipt(self, receipt: Receipt, kick_drawer: bool) -> None:
        self._printer.send(receipt_job(receipt, self.config, kick_drawer))

    def print_lines(self, lines: Sequence[ReceiptLine]) -> None:
        """Laid-out lines that are not a sale's receipt (an X or Z report); raises PrinterUnavailable."""
        self._printer.send(lines_job(lines, self.config))

    def open_drawer(self) -> None:
        self._printer.send(drawer_job(self.config))

    def status(self) -> PrinterStatus:
        return self._printer.status()
