"""A loopback HTTP/1.1 proxy that loses what networks lose: the cloud's answers, whole requests, the server.

It sits between the till's sync client and a real cloud server and, request by request, asks its policy
what to do:
- PASS: forward the request and deliver the answer;
- DROP_RESPONSE: forward the request, let the server finish (and commit), then close the connection
  without a byte of the answer, as a lost response after the server committed;
- REFUSE: close the connection before anything reaches the server, as a dead network;
- HALF_REQUEST: forward half of the request's body, then call `on_half` (a test kills the server
  there) and close: the server dies in the middle of a push.
Only Content-Length bodies are understood, which is what requests and uvicorn send for JSON.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Callable
from enum import Enum


class Fate(Enum):
    PASS = "pass"
    DROP_RESPONSE = "drop_response"
    REFUSE = "refuse"
    HALF_REQUEST = "half_request"


Policy = Callable[[str, str], Fate]  # (method, path) -> what happens to this request


class _Closed(Exception):
    pass


def _read_message(stream: socket.socket, buffer: bytearray) -> bytes:
    """One HTTP message (head and Content-Length body) from the stream; the rest stays in buffer."""
    while b"\r\n\r\n" not in buffer:
        chunk = stream.recv(65536)
        if not chunk:
            raise _Closed()
        buffer += chunk
    head_end = buffer.index(b"\r\n\r\n") + 4
    length = 0
    for line in bytes(buffer[:head_end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(buffer) < head_end + length:
        chunk = stream.recv(65536)
        if not chunk:
            raise _Closed()
        buffer += chunk
    message = bytes(buffer[: head_end + length])
    del buffer[: head_end + length]
    return message


class LossyProxy:
    def __init__(self, target_port: int, policy: Policy, on_half: Callable[[], None] | None = None):
        self.target_port = target_port
        self.policy = policy
        self.on_half = on_half
        self.seen: list[tuple[str, str, Fate]] = []
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._serve(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LossyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        from_client, from_server = bytearray(), bytearray()
        try:
            while True:
                request = _read_message(client, from_client)
                method, path = request.split(b" ", 2)[:2]
                fate = self.policy(method.decode(), path.decode())
                self.seen.append((method.decode(), path.decode(), fate))
                if fate is Fate.REFUSE:
                    return
                if upstream is None:
                    upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=30)
                if fate is Fate.HALF_REQUEST:
                    head_end = request.index(b"\r\n\r\n") + 4
                    upstream.sendall(request[: head_end + (len(request) - head_end) // 2])
                    if self.on_half is not None:
                        self.on_half()
                    return
                upstream.sendall(request)
                response = _read_message(upstream, from_server)
                if fate is Fate.DROP_RESPONSE:
                    return
                client.sendall(response)
        except (_Closed, OSError):
            return
        finally:
            if upstream is not None:
                upstream.close()
            client.close()
