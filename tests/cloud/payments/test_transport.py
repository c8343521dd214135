"""The channels' transport: keep-alive HTTP/1.1 connections reused, answers framed by length or chunks,
a connection the server closed never reused, what is not HTTP no answer, and a proxy's requests carried
by the requests.Session the transport was made for."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
import requests

from cloud.payments.transport import TransportError, post

from .conftest import CannedServer


class ScriptedServer:
    """Loopback HTTP/1.1 on raw sockets: reads each request, sends the next scripted answer as it is
    (bytes), and closes the connection after it when the script says so."""

    def __init__(self, answers: list[tuple[bytes, bool]]) -> None:
        self.answers = answers  # (raw answer, close the connection after it)
        self.connections = 0
        self.requests: list[bytes] = []
        self.closed = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while self.answers:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        while self.answers:
            head = b""
            while not head.endswith(b"\r\n\r\n"):
                line = reader.readline()
                if not line:
                    return
                head += line
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
            self.requests.append(head + reader.read(length))
            answer, close = self.answers.pop(0)
            conn.sendall(answer)
            if close:
                reader.close()
                conn.shutdown(socket.SHUT_RDWR)
                self.closed.set()
                return

    def close(self) -> None:
        self._listener.close()


@pytest.fixture
def plain_session() -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.trust_env = False
        yield session


def ok(body: bytes, *extra: bytes) -> bytes:
    head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n" % len(body) + b"".join(h + b"\r\n" for h in extra)
    return head + b"\r\n" + body


def call(session: requests.Session, server: ScriptedServer, body: bytes = b"<xml/>") -> bytes:
    answer = post(session, server.url + "/pay/micropay", body, {"Content-Type": "text/xml"}, timeout=(2, 2))
    return answer.body


def test_a_kept_alive_connection_carries_the_next_request(plain_session: requests.Session) -> None:
    server = ScriptedServer([(ok(b"first", b"X-Signature: s1"), False), (ok(b"second"), False)])
    try:
        answer = post(plain_session, server.url + "/pay/micropay", b"<xml/>", {"Content-Type": "text/xml"})
        assert (answer.body, answer.headers.get("x-signature")) == (b"first", "s1")
        assert call(plain_session, server, b"<xml>2</xml>") == b"second"
    finally:
        server.close()
    assert server.connections == 1
    assert server.requests[1].startswith(b"POST /pay/micropay HTTP/1.1\r\n")
    assert server.requests[1].endswith(b"\r\n\r\n<xml>2</xml>")


def test_a_chunked_answer_is_read_whole(plain_session: requests.Session) -> None:
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=1\r\n world\r\n0\r\nT: 1\r\n\r\n"
    server = ScriptedServer([(chunked, False), (ok(b"again"), False)])
    try:
        assert call(plain_session, server) == b"hello world"
        assert call(plain_session, server) == b"again"
    finally:
        server.close()
    assert server.connections == 1


def test_a_connection_the_server_closed_is_not_used_again(plain_session: requests.Session) -> None:
    server = ScriptedServer([(ok(b"first"), True), (ok(b"second"), False)])
    try:
        assert call(plain_session, server) == b"first"
        assert server.closed.wait(5)
        assert call(plain_session, server) == b"second"
    finally:
        server.close()
    assert server.connections == 2


def test_an_answer_that_says_close_is_not_kept(plain_session: requests.Session) -> None:
    server = ScriptedServer([(ok(b"first", b"Connection: close"), True), (ok(b"second"), False)])
    try:
        assert call(plain_session, server) == b"first"
        assert call(plain_session, server) == b"second"
    finally:
        server.close()
    assert server.connections == 2


@pytest.mark.parametrize(
    "answer",
    [
        b"garbage\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
)
def test_what_is_not_a_whole_http_answer_is_no_answer(plain_session: requests.Session, answer: bytes) -> None:
    server = ScriptedServer([(answer, True)])
    try:
        with pytest.raises(TransportError, match=r"^no answer"):
            call(plain_session, server)
    finally:
        server.close()


def test_a_request_a_proxy_must_carry_goes_through_the_session(
    plain_session: requests.Session, canned: CannedServer
) -> None:
    canned.body = b"<xml>via the proxy</xml>"
    plain_session.proxies = {"http": canned.url}

    answer = post(
        plain_session, "http://channel.invalid/pay/micropay", b"<xml/>", {"Content-Type": "text/xml"}
    )

    assert answer.body == b"<xml>via the proxy</xml>"
    assert canned.seen[-1][0] == "http://channel.invalid/pay/micropay"  # the absolute form a proxy gets


def test_a_header_that_would_add_a_line_is_refused(plain_session: requests.Session) -> None:
    with pytest.raises(ValueError, match="invalid header"):
        post(plain_session, "http://127.0.0.1:9/x", b"", {"Authorization": "sn\r\nX-Evil: 1"})
