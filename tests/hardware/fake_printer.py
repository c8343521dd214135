"""A network printer on 127.0.0.1 for tests, with the ways real ones misbehave.

Modes: 'normal' reads everything and records it; 'stall' accepts and never reads (a jammed printer whose
buffer is full); 'close_mid_job' reads some bytes then hangs up; 'paper_out' answers the real-time status
queries (DLE EOT 1 / DLE EOT 4) with the paper-end bits set. 'normal' answers status queries too when
`answers_status` is set, as Epson-compatible printers do.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field

ONLINE_REPLY = {1: 0x12, 4: 0x12}
PAPER_OUT_REPLY = {1: 0x12 | 0x08, 4: 0x12 | 0x60}


@dataclass
class FakePrinter:
    mode: str = "normal"
    answers_status: bool = False
    close_after: int = 1000
    received: dict[int, bytes] = field(default_factory=dict)  # by connection, in the order they came

    def __post_init__(self) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if self.mode in (
            "stall",
            "close_mid_job",
        ):  # a small window, as a printer's: the client is still sending
            self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(4)
        self._listener.settimeout(0.05)  # so close() stops the accept loop promptly
        self.port = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._done = threading.Condition()
        self._held: list[socket.socket] = []
        self._accepted = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            if self.mode == "stall":
                self._held.append(conn)
                continue
            threading.Thread(target=self._handle, args=(conn, self._accepted), daemon=True).start()
            self._accepted += 1

    def _replies(self) -> dict[int, int] | None:
        if self.mode == "paper_out":
            return PAPER_OUT_REPLY
        return ONLINE_REPLY if self.answers_status else None

    def _handle(self, conn: socket.socket, number: int) -> None:
        received, scanned = bytearray(), 0
        replies = self._replies()
        with conn:
            while True:
                try:
                    wanted = self.close_after - len(received) if self.mode == "close_mid_job" else 65536
                    chunk = conn.recv(wanted)
                except OSError:
                    break
                if not chunk:
                    break
                received += chunk
                if self.mode == "close_mid_job" and len(received) >= self.close_after:
                    break  # closing with unread data sends the client a reset
                while replies and (at := received.find(b"\x10\x04", scanned)) >= 0 and at + 2 < len(received):
                    conn.sendall(bytes((replies.get(received[at + 2], 0x12),)))
                    scanned = at + 3
        with self._done:
            self.received[number] = bytes(received)
            self._done.notify_all()

    def wait_for_jobs(self, count: int, timeout: float = 2.0) -> list[bytes]:
        """What each connection sent, in connection order, once `count` connections have closed."""
        with self._done:
            self._done.wait_for(lambda: len(self.received) >= count, timeout)
            return [self.received[i] for i in sorted(self.received)]

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        for conn in self._held:
            conn.close()
        self._thread.join(timeout=1)


def closed_port() -> int:
    """A loopback port nothing listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
