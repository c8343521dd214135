"""Keep-alive HTTP/1.1 connections for the channel calls, pooled per host (cloud/payments/transport.py).

A POST is written whole, in one send; its answer is read by Content-Length or in chunks (an answer with
neither runs to the end of the connection), an interim 1xx answer skipped. That is all a channel's API
needs, at a fifth of what http.client costs per call (its headers go through the email package). TLS
is the ssl module's, with the context the transport sets up. Errors: OSError (refused, reset, timeout,
TLS) and MalformedAnswer; a header that would inject a line, or a path with spaces, is a ValueError.
"""

from __future__ import annotations

import re
import select
import socket
import ssl
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from io import BufferedReader

MAX_LINE = 65536  # bytes in the status line or in one header line
MAX_HEADERS = 100
MAX_BODY = 16 * 1024 * 1024  # a channel's answer is a few kilobytes
POOL_SIZE = 64  # idle keep-alive connections kept per host: more than the API's worker threads
_UNSAFE = re.compile(r"[\r\n\x00]")
_UNSAFE_PATH = re.compile(r"[\x00-\x20\x7f]")


class MalformedAnswer(Exception):
    """What came back is not an HTTP/1.x answer we can read."""


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]  # names in lower case; a repeated header's values joined by ", "
    body: bytes
    keep_alive: bool  # the connection may carry the next request


class Connection:
    """One connection to host:port (TLS when a context is given), made by the first request."""

    def __init__(self, host: str, port: int, context: ssl.SSLContext | None) -> None:
        self._address = (host, port)
        self._host = host if port in (80, 443) else f"{host}:{port}"
        self._context = context
        self._socket: socket.socket | None = None
        self._reader: BufferedReader | None = None

    def post(self, path: str, body: bytes, headers: Mapping[str, str], timeout: tuple[float, float]) -> Reply:
        """timeout: (connect, read) seconds; the connect one covers the TLS handshake too."""
        request = _request(path, self._host, body, headers)
        sock, reader = self._open(timeout[0])
        if sock.gettimeout() != timeout[1]:
            sock.settimeout(timeout[1])
        sock.sendall(request)
        return _read_reply(reader)

    @property
    def dropped(self) -> bool:
        """An idle connection with something to read was closed by the server (or is out of step)."""
        if self._socket is None:
            return True
        poller = select.poll()
        poller.register(self._socket, select.POLLIN)
        return bool(poller.poll(0))

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        if self._socket is not None:
            self._socket.close()
        self._socket = self._reader = None

    def _open(self, connect_timeout: float) -> tuple[socket.socket, BufferedReader]:
        if self._socket is not None and self._reader is not None:
            return self._socket, self._reader
        sock = socket.create_connection(self._address, timeout=connect_timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self._context is not None:
                sock = self._context.wrap_socket(sock, server_hostname=self._address[0])
        except BaseException:
            sock.close()
            raise
        self._socket, self._reader = sock, sock.makefile("rb")
        return sock, self._reader


def _request(path: str, host: str, body: bytes, headers: Mapping[str, str]) -> bytes:
    if _UNSAFE_PATH.search(path):
        raise ValueError("the path may not contain spaces or control characters")
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}", f"Content-Length: {len(body)}"]
    for name, value in headers.items():
        if _UNSAFE.search(name) or _UNSAFE.search(value) or ":" in name:
            raise ValueError(f"invalid header {name!r}")
        lines.append(f"{name}: {value}")
    lines.append("\r\n")
    return "\r\n".join(lines).encode("latin-1") + body


def _read_reply(reader: BufferedReader) -> Reply:
    version, status, headers = _head(reader)
    while 100 <= status < 200:  # an interim answer (100 Continue): the real one follows
        version, status, headers = _head(reader)
    chunked = "chunked" in headers.get("transfer-encoding", "").lower()
    length = headers.get("content-length")
    framed = True
    if status in (204, 304):
        body = b""
    elif chunked:
        body = _chunks(reader)
    elif length is not None:
        if not (length.isascii() and length.isdigit()) or int(length) > MAX_BODY:
            raise MalformedAnswer("bad Content-Length")
        body = _exactly(reader, int(length))
    else:  # the answer runs to the end of the connection
        body, framed = reader.read(MAX_BODY + 1), False
        if len(body) > MAX_BODY:
            raise MalformedAnswer("answer too large")
    keep_alive = framed and version == "HTTP/1.1" and "close" not in headers.get("connection", "").lower()
    return Reply(status, headers, body, keep_alive)


def _head(reader: BufferedReader) -> tuple[str, int, dict[str, str]]:
    line = _line(reader)
    if not line:
        raise ConnectionResetError("the server closed the connection without an answer")
    parts = line.decode("latin-1").split(None, 2)
    if (
        len(parts) < 2
        or not parts[0].startswith("HTTP/1.")
        or not (parts[1].isdigit() and len(parts[1]) == 3)
    ):
        raise MalformedAnswer("not an HTTP/1.x status line")
    headers: dict[str, str] = {}
    for _ in range(MAX_HEADERS + 1):
        line = _line(reader)
        if line in (b"\r\n", b"\n"):
            return parts[0], int(parts[1]), headers
        name, colon, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if not colon or not name:
            raise MalformedAnswer("bad header line")
        value = value.strip()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    raise MalformedAnswer("too many headers")


def _line(reader: BufferedReader) -> bytes:
    line = reader.readline(MAX_LINE + 1)
    if len(line) > MAX_LINE:
        raise MalformedAnswer("line too long")
    return line


def _exactly(reader: BufferedReader, size: int) -> bytes:
    data = reader.read(size)
    if len(data) < size:
        raise MalformedAnswer("answer cut short")
    return data


def _chunks(reader: BufferedReader) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        size_field = _line(reader).split(b";", 1)[0].strip()
        try:
            size = int(size_field, 16)
        except ValueError:
            raise MalformedAnswer("bad chunk size") from None
        if size == 0:
            break
        total += size
        if total > MAX_BODY:
            raise MalformedAnswer("answer too large")
        parts.append(_exactly(reader, size))
        if _exactly(reader, 2) != b"\r\n":
            raise MalformedAnswer("bad chunk end")
    while _line(reader) not in (b"\r\n", b"\n", b""):  # trailers
        pass
    return b"".join(parts)


class Pool:
    """Idle keep-alive connections to one host; a connection is in it only between two requests."""

    def __init__(self, host: str, port: int, context: ssl.SSLContext | None) -> None:
        self._host, self._port, self._context = host, port, context
        self._idle: deque[Connection] = deque()

    def take(self) -> Connection:
        while True:
            try:
                connection = self._idle.pop()
            except IndexError:  # none left (another thread may have taken the last one)
                return Connection(self._host, self._port, self._context)
            if not connection.dropped:
                return connection
            connection.close()

    def give(self, connection: Connection) -> None:
        if len(self._idle) < POOL_SIZE:
            self._idle.append(connection)
        else:
            connection.close()

    def close(self) -> None:
        while self._idle:
            self._idle.pop().close()
