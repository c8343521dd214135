"""A real sandbox on loopback for the whole folder: uvicorn in a background thread on a free port.

The adapters talk to it with requests over HTTP, exactly as they would to a channel; the tests move the
sandbox's clock by hand and switch its faults on and off through the same in-process objects. The cloud
service of this folder (tests/cloud/conftest.py's `cloud`, once per database) gets a channel key on
PostgreSQL; on SQLite it makes its key file beside the database, as in production.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
import requests
import uvicorn
from cryptography.fernet import Fernet

from cloud.payments.credentials import MerchantChannels
from cloud.payments.keys import make_sandbox_pair
from cloud.payments.model import PaymentChannel
from cloud.payments.router import adapter_for_channel
from cloud.payments.sandbox import ManualClock, Sandbox, create_sandbox_app
from tests.cloud.conftest import LiveCloud, fresh_postgres_database, start_cloud

CHANNELS = ("wechat", "alipay", "unionpay", "bestpay", "ecny")
TIMEOUT = (2.0, 5.0)


@dataclass
class LiveSandbox:
    base_url: str
    channels: MerchantChannels
    sandbox: Sandbox
    clock: ManualClock
    _adapters: dict[str, PaymentChannel] = field(default_factory=dict)

    def adapter(self, channel: str, channels: MerchantChannels | None = None) -> PaymentChannel:
        """The merchant's adapter for `channel` (kept: loading an RSA key takes ~50 ms), or one for `channels`."""
        if channels is None and channel in self._adapters:
            return self._adapters[channel]
        adapter = adapter_for_channel(channel, channels or self.channels, session=session(), timeout=TIMEOUT)
        if channels is None:
            self._adapters[channel] = adapter
        return adapter


def session() -> requests.Session:
    s = requests.Session()
    s.trust_env = False  # loopback only: never through a proxy from the environment
    return s


@pytest.fixture(scope="session")
def live_sandbox() -> Iterator[LiveSandbox]:
    # IPPROTO_TCP spelled out: asyncio sets TCP_NODELAY on accepted sockets only when the listener's proto
    # says TCP, and without it each keep-alive request waits ~40 ms on Nagle and delayed ACKs.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.bind(("127.0.0.1", 0))
    base_url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    channels, config = make_sandbox_pair(base_url)
    clock = ManualClock()
    sandbox = Sandbox(config, clock)
    server = uvicorn.Server(
        uvicorn.Config(create_sandbox_app(sandbox), log_level="warning", lifespan="off", access_log=False)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the sandbox server did not start")
        time.sleep(0.01)
    yield LiveSandbox(base_url, channels, sandbox, clock)
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="package", params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """As tests/cloud/conftest.py's, for the whole folder: one service per database serves its modules."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('cloud') / 'cloud.db'}"
    else:
        yield from fresh_postgres_database(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="package")
def cloud(db_url: str) -> Iterator[LiveCloud]:
    key = None if db_url.startswith("sqlite") else Fernet.generate_key().decode()
    live = start_cloud(db_url, channel_key=key)
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def live(live_sandbox: LiveSandbox) -> Iterator[LiveSandbox]:
    live_sandbox.sandbox.faults.tamper_signatures = False
    yield live_sandbox
    live_sandbox.sandbox.faults.tamper_signatures = False


def long_ago(seconds: float = 20) -> datetime:
    """A created_at old enough for WeChat's "not sooner than 15 s" reverse rule."""
    return datetime.now(UTC) - timedelta(seconds=seconds)


class CannedServer:
    """A loopback HTTP server that answers every POST with the body (and headers) a test sets."""

    def __init__(self) -> None:
        self.status = 200
        self.body = b""
        self.headers: dict[str, str] = {}
        self.seen: list[tuple[str, dict[str, str], bytes]] = []  # (path, headers, body) of each request
        canned = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                canned.seen.append((self.path, dict(self.headers.items()), body))
                self.send_response(canned.status)
                for name, value in canned.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(canned.body)))
                self.end_headers()
                self.wfile.write(canned.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def canned() -> Iterator[CannedServer]:
    server = CannedServer()
    yield server
    server.close()


def closed_port_url() -> str:
    """A loopback URL where nothing listens: the connection is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
