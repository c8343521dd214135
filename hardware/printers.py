"""Printer drivers behind pos_app.ports.Printer, one per kind of connection, and `open_printer`.

Every failure leaves as PrinterUnavailable with a kind, whatever library raised it, so the print worker
has one thing to catch. USB and serial need optional libraries (pyusb + libusb, pyserial); they are
imported only when such a printer is used, and their absence is a clear NO_DRIVER error, not an
ImportError at start-up: a shop with a network printer needs neither.
"""

from __future__ import annotations

import errno
import os
import select
import time
from typing import Any

from hardware.printer_status import QUERY, status_from_answers
from hardware.printer_tcp import TcpPrinter
from pos_app.ports import Printer, PrinterStatus
from pos_app.printer_config import PrinterConfig
from pos_app.printing_errors import PrinterUnavailable

__all__ = ["FilePrinter", "SerialPrinter", "TcpPrinter", "UsbPrinter", "open_printer"]


class FilePrinter:
    """A device file such as /dev/usb/lp0 (the kernel's usblp driver: no pyusb needed) or a FIFO.

    Opened without O_CREAT: a missing device means an unplugged printer, not a new file to fill.
    """

    def __init__(self, config: PrinterConfig, write_timeout: float = 5.0) -> None:
        self.config = config
        self.write_timeout = write_timeout

    def _open(self) -> int:
        path = self.config.device
        try:
            return os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | os.O_NOCTTY)
        except FileNotFoundError:
            raise PrinterUnavailable.offline(path, "no such device", "设备不存在") from None
        except PermissionError:
            raise PrinterUnavailable.offline(path, "permission denied", "没有写入权限") from None
        except OSError as exc:
            reason = "no reader" if exc.errno == errno.ENXIO else (exc.strerror or str(exc))
            raise PrinterUnavailable.offline(path, reason, "无法打开设备") from None

    def send(self, data: bytes) -> None:
        fd = self._open()
        view, last_progress = memoryview(data), time.monotonic()
        try:
            while view:
                try:
                    written = os.write(fd, view)
                except BlockingIOError:
                    written = 0
                if written:
                    view, last_progress = view[written:], time.monotonic()
                elif time.monotonic() - last_progress > self.write_timeout:
                    raise PrinterUnavailable.timeout(self.config.device)
                else:
                    select.select([], [fd], [], 0.05)
        except OSError:
            raise PrinterUnavailable.disconnected(self.config.device) from None
        finally:
            os.close(fd)

    def status(self) -> PrinterStatus:
        """A device file reports nothing back through this driver: present or not is all we can tell."""
        if os.access(self.config.device, os.W_OK) and not os.path.isdir(self.config.device):
            return PrinterStatus.UNKNOWN
        return PrinterStatus.OFFLINE


class UsbPrinter:
    """A USB printer through python-escpos and pyusb (the printer's bulk endpoints, no kernel driver)."""

    def __init__(self, config: PrinterConfig, timeout: float = 5.0) -> None:
        self.config = config
        self.timeout = timeout

    def _device(self) -> Any:
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import usb as escpos_usb

        if not escpos_usb.is_usable():
            raise PrinterUnavailable.no_driver(
                self.config.where,
                "USB printing needs pyusb and libusb (pip install pyusb; apt-get install libusb-1.0-0)",
                "USB 打印需要 pyusb 和 libusb（pip install pyusb；apt-get install libusb-1.0-0）",
            )
        printer = escpos_usb.Usb(
            self.config.vendor_id, self.config.product_id, timeout=int(self.timeout * 1000)
        )
        try:
            printer.open()
        except DeviceNotFoundError:
            raise PrinterUnavailable.offline(
                self.config.where, "not found or no permission", "未找到设备或没有权限"
            ) from None
        return printer

    def send(self, data: bytes) -> None:
        printer = self._device()
        try:
            printer._raw(data)
        except Exception as exc:  # usb.core.USBTimeoutError / USBError: pyusb is imported lazily
            raise _job_failed(exc, self.config.where) from None
        finally:
            printer.close()

    def status(self) -> PrinterStatus:
        try:
            printer = self._device()
        except PrinterUnavailable:
            return PrinterStatus.OFFLINE
        try:
            printer._raw(QUERY)
            return (
                status_from_answers(bytes(printer._read()) + bytes(printer._read())) or PrinterStatus.UNKNOWN
            )
        except Exception:  # a printer without an IN endpoint, or a read timeout
            return PrinterStatus.UNKNOWN
        finally:
            printer.close()


class SerialPrinter:
    """An RS-232 printer through python-escpos and pyserial; the write timeout grows with the job,
    since at 9600 baud a raster receipt alone takes tens of seconds."""

    def __init__(self, config: PrinterConfig, write_timeout: float = 5.0) -> None:
        self.config = config
        self.write_timeout = write_timeout

    def _device(self, data_size: int) -> Any:
        from escpos.printer import serial as escpos_serial

        if not escpos_serial.is_usable():
            raise PrinterUnavailable.no_driver(
                self.config.where,
                "serial printing needs pyserial (pip install pyserial)",
                "串口打印需要 pyserial（pip install pyserial）",
            )
        printer = escpos_serial.Serial(self.config.device, baudrate=self.config.baudrate, timeout=0.5)
        try:
            printer.open()
        except Exception:
            raise PrinterUnavailable.offline(
                self.config.where, "cannot open the port", "无法打开串口"
            ) from None
        printer.device.write_timeout = self.write_timeout + data_size * 10 / self.config.baudrate
        return printer

    def send(self, data: bytes) -> None:
        printer = self._device(len(data))
        try:
            printer._raw(data)
            printer.device.flush()
        except Exception as exc:  # serial.SerialTimeoutException / SerialException
            raise _job_failed(exc, self.config.where) from None
        finally:
            printer.close()

    def status(self) -> PrinterStatus:
        try:
            printer = self._device(len(QUERY))
        except PrinterUnavailable:
            return PrinterStatus.OFFLINE
        try:
            printer._raw(QUERY)
            return status_from_answers(bytes(printer.device.read(2))) or PrinterStatus.UNKNOWN
        except Exception:
            return PrinterStatus.UNKNOWN
        finally:
            printer.close()


def _job_failed(exc: Exception, where: str) -> PrinterUnavailable:
    """A library's error in the middle of a job: a timeout (jammed, paper out) or a lost connection."""
    if "timeout" in type(exc).__name__.lower() or getattr(exc, "errno", None) == errno.ETIMEDOUT:
        return PrinterUnavailable.timeout(where)
    return PrinterUnavailable.disconnected(where)


def open_printer(config: PrinterConfig, **timeouts: float) -> Printer:
    """The driver for the URL's connection; `timeouts` are the driver's keyword arguments (tests)."""
    drivers: dict[str, Any] = {
        "tcp": TcpPrinter,
        "usb": UsbPrinter,
        "serial": SerialPrinter,
        "file": FilePrinter,
    }
    printer: Printer = drivers[config.scheme](config, **timeouts)
    return printer
