"""Network printers (raw TCP, port 9100): the connection most shops' 80 mm printers use.

One connection per job: network printers usually serve one client at a time, and a connection left open
blocks the back-office PC's test print. Failures are told apart because the cashier's answer differs:
refused or unreachable (switch it on, check the cable), accepted but stalled (paper, jam), dropped
mid-job (the receipt may be cut short: reprint). "Sent" means the printer's TCP stack acknowledged every
byte, not that our kernel buffered it: a stalled printer is otherwise reported as a success.
"""

from __future__ import annotations

import contextlib
import fcntl
import select
import socket
import struct
import termios
import time

from hardware.printer_status import QUERY, status_from_answers
from pos_app.ports import PrinterStatus
from pos_app.printer_config import PrinterConfig
from pos_app.printing_errors import PrinterProblem, PrinterUnavailable


def _unacknowledged(sock: socket.socket) -> int | None:
    """Bytes the printer has not acknowledged yet (Linux SIOCOUTQ); None where the OS cannot tell."""
    try:
        raw = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0")
    except OSError:
        return None
    return int(struct.unpack("i", raw)[0])


class TcpPrinter:
    def __init__(
        self,
        config: PrinterConfig,
        connect_timeout: float = 3.0,
        write_timeout: float = 5.0,
        status_timeout: float = 0.5,
        check_paper: bool = True,
    ) -> None:
        self.config = config
        self.connect_timeout = connect_timeout
        self.write_timeout = write_timeout  # the longest the printer may take no data before we give up
        self.status_timeout = status_timeout
        self.check_paper = check_paper
        self._answers_status: bool | None = None  # learnt on the first job: mute printers are not asked again

    @property
    def where(self) -> str:
        return self.config.where

    def _connect(self) -> socket.socket:
        address = (self.config.host, self.config.port)
        try:
            return socket.create_connection(address, timeout=self.connect_timeout)
        except TimeoutError:
            raise PrinterUnavailable.timeout(self.where) from None
        except ConnectionRefusedError:
            raise PrinterUnavailable.offline(self.where, "refused the connection", "拒绝连接") from None
        except socket.gaierror:
            raise PrinterUnavailable.offline(self.where, "unknown host name", "找不到该主机名") from None
        except OSError as exc:
            raise PrinterUnavailable.offline(self.where, exc.strerror or str(exc), "网络不可达") from None

    def _ask_status(self, sock: socket.socket) -> PrinterStatus | None:
        sock.settimeout(self.status_timeout)
        sock.sendall(QUERY)
        answers, deadline = b"", time.monotonic() + self.status_timeout
        while len(answers) < 2 and (left := deadline - time.monotonic()) > 0:
            if not select.select([sock], [], [], left)[0]:
                break
            chunk = sock.recv(16)
            if not chunk:
                break
            answers += chunk
        return status_from_answers(answers)

    def _wait_acknowledged(self, sock: socket.socket) -> None:
        """Waits until the printer took every byte; gives up after write_timeout without progress."""
        pending = _unacknowledged(sock)
        last_progress = time.monotonic()
        while pending:
            if select.select([sock], [], [], 0.01)[0] and not sock.recv(256):
                raise PrinterUnavailable.disconnected(self.where)  # closed with bytes still unread
            now_pending = _unacknowledged(sock)
            if now_pending is None:
                return
            if now_pending < pending:
                last_progress = time.monotonic()
            elif time.monotonic() - last_progress > self.write_timeout:
                raise PrinterUnavailable.timeout(self.where)
            pending = now_pending

    def send(self, data: bytes) -> None:
        sock = self._connect()
        try:
            with sock:
                if self.check_paper and self._answers_status is not False:
                    status = self._ask_status(sock)
                    self._answers_status = status is not None
                    if status is PrinterStatus.PAPER_OUT:
                        raise PrinterUnavailable.paper_out(self.where)
                sock.settimeout(self.write_timeout)
                sock.sendall(data)
                self._wait_acknowledged(sock)
                self._close_politely(sock)
        except TimeoutError:
            raise PrinterUnavailable.timeout(self.where) from None
        except OSError:
            raise PrinterUnavailable.disconnected(self.where) from None

    @staticmethod
    def _close_politely(sock: socket.socket) -> None:
        """Reads what the printer sent back, so closing sends FIN, not a reset that may drop the job."""
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_WR)
            sock.setblocking(False)
            while sock.recv(4096):
                pass

    def status(self) -> PrinterStatus:
        try:
            sock = self._connect()
        except PrinterUnavailable as exc:
            return PrinterStatus.TIMEOUT if exc.problem is PrinterProblem.TIMEOUT else PrinterStatus.OFFLINE
        try:
            with sock:
                return self._ask_status(sock) or PrinterStatus.UNKNOWN
        except OSError:
            return PrinterStatus.UNKNOWN
