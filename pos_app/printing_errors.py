"""Why a receipt did not print, as one typed error the print worker and the status bar choose by kind.

A failed print never undoes a sale (the sale is committed before its receipt prints): the UI offers to
retry or reprint, and says in the cashier's language what to check.
"""

from __future__ import annotations

from enum import Enum

from pos_app.errors import PosError


class PrinterProblem(Enum):
    OFFLINE = "offline"  # nothing answers: switched off, unplugged, wrong address
    TIMEOUT = "timeout"  # connected, but it stopped taking data (jammed, buffer full, paper out)
    PAPER_OUT = "paper_out"
    DISCONNECTED = "disconnected"  # the connection dropped in the middle of a job
    NO_DRIVER = "no_driver"  # a library the connection needs is not installed: a setup problem


class PrinterUnavailable(PosError):
    def __init__(self, problem: PrinterProblem, where: str, en: str, zh: str) -> None:
        super().__init__(en, zh)
        self.problem = problem
        self.where = where

    @property
    def can_retry(self) -> bool:
        """Worth a retry button: the cashier can fix it (paper, cable, power) without a technician."""
        return self.problem is not PrinterProblem.NO_DRIVER

    @classmethod
    def offline(cls, where: str, reason_en: str, reason_zh: str) -> PrinterUnavailable:
        return cls(
            PrinterProblem.OFFLINE,
            where,
            f"Printer not connected ({where}: {reason_en})",
            f"打印机未连接（{where} {reason_zh}）",
        )

    @classmethod
    def timeout(cls, where: str) -> PrinterUnavailable:
        return cls(
            PrinterProblem.TIMEOUT,
            where,
            f"Printer not responding (timed out, {where})",
            f"打印机无响应（超时，{where}）",
        )

    @classmethod
    def paper_out(cls, where: str) -> PrinterUnavailable:
        return cls(
            PrinterProblem.PAPER_OUT, where, f"Printer is out of paper ({where})", f"打印机缺纸（{where}）"
        )

    @classmethod
    def disconnected(cls, where: str) -> PrinterUnavailable:
        return cls(
            PrinterProblem.DISCONNECTED,
            where,
            f"Printer connection lost during printing ({where}); the receipt may be incomplete",
            f"打印中连接断开（{where}），小票可能不完整",
        )

    @classmethod
    def no_driver(cls, where: str, package_en: str, package_zh: str) -> PrinterUnavailable:
        return cls(
            PrinterProblem.NO_DRIVER,
            where,
            f"Cannot use printer {where}: {package_en}",
            f"无法使用打印机 {where}：{package_zh}",
        )
