"""Fixtures and helpers for the cloud's tests, also meant for the end-to-end tests (tests/e2e).

A real service on loopback: uvicorn in a background thread, spoken to over HTTP with requests. Each
test module gets its own service and database, once on SQLite (a temporary file) and once on
PostgreSQL (a fresh database on the server of scripts/postgres.sh, which must start: no skipping).

    cloud = start_cloud(db_url)                  # LiveCloud: url, db, clock; cloud.stop()
    shop = make_store(cloud)                     # a merchant with one store
    till = pair_device(cloud, shop.store_id)     # Paired: device_id, secret, pin_pepper, ...
    session = till.session(cloud)                # requests.Session signing every request
    session.post("/v1/sync/push", json={"events": [order_event()]})   # tests/cloud/events.py
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
import uvicorn
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from cloud.app import create_app
from cloud.config import Settings
from cloud.context import AppContext
from cloud.db import Database
from cloud.models import Base
from cloud.pairing import new_pairing_code
from cloud.tenants import create_merchant, create_store
from sync.signing import signed_headers

ROOT = Path(__file__).resolve().parents[2]
POS_CLOUD = Path(sys.executable).with_name("pos-cloud")
RECORD_TABLES = ("received_events", "orders", "order_lines", "tenders", "overrides", "order_voids")


# --- the service ---------------------------------------------------------------------------------------


class MovableClock:
    """The service's clock: real time plus an offset a test may move (pairing codes expire)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, **kwargs: float) -> None:
        self.offset += timedelta(**kwargs)

    def reset(self) -> None:
        self.offset = timedelta(0)


@dataclass
class LiveCloud:
    url: str
    db_url: str
    clock: MovableClock
    context: AppContext
    server: uvicorn.Server
    thread: threading.Thread

    @property
    def db(self) -> Database:
        return self.context.db

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def counts(self, tables: tuple[str, ...] = RECORD_TABLES) -> dict[str, int]:
        """Rows per table, to show that a refused request stored nothing."""
        with self.db.read() as conn:
            return {
                t: conn.execute(select(func.count()).select_from(Base.metadata.tables[t])).scalar_one()
                for t in tables
            }

    def http(self) -> requests.Session:
        """An unsigned session whose paths are relative to the service."""
        return BaseUrlSession(self.url)


def start_cloud(db_url: str, clock: MovableClock | None = None, port: int = 0, **settings: Any) -> LiveCloud:
    """Starts the service on a free loopback port (or on `port`, to restart it) and returns once it answers."""
    clock = clock or MovableClock()
    app = create_app(Settings(db_url=db_url, **settings), clock=clock)
    sock = socket.socket(
        socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP
    )  # so asyncio sets TCP_NODELAY
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=5))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the cloud service did not start")
        time.sleep(0.01)
    return LiveCloud(f"http://127.0.0.1:{port}", db_url, clock, app.state.cloud, server, thread)


class BaseUrlSession(requests.Session):
    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 30)
        return super().request(method, f"{self.base_url}{url!s}", *args, **kwargs)


# --- tenants and devices -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shop:
    merchant_id: uuid.UUID
    merchant_name: str
    store_id: uuid.UUID
    store_name: str


def make_store(cloud: LiveCloud, merchant: str | None = None, store: str = "总店") -> Shop:
    """A new merchant (a unique name unless given) with one store, made as the admin CLI makes them."""
    merchant = merchant or f"商户-{secrets.token_hex(4)}"
    merchant_id = create_merchant(cloud.db, cloud.clock, merchant)
    store_id = create_store(cloud.db, cloud.clock, str(merchant_id), store)
    return Shop(merchant_id, merchant, store_id, store)


class DeviceAuth(requests.auth.AuthBase):
    """Signs each request as sync.signing says, over the exact target and body requests will send."""

    def __init__(self, device_id: str, secret: str, skew_seconds: int = 0) -> None:
        self.device_id = device_id
        self.secret = secret
        self.skew_seconds = skew_seconds

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        body = r.body or b""
        if isinstance(body, str):
            body = body.encode()
        now = int(time.time()) + self.skew_seconds
        assert r.method is not None
        r.headers.update(signed_headers(self.device_id, self.secret, r.method, r.path_url, body, now))
        return r


@dataclass(frozen=True)
class Paired:
    device_id: str
    secret: str
    pin_pepper: str
    store_id: str
    merchant_id: str
    device_uuid: str
    answer: dict[str, Any] = field(repr=False)

    def session(self, cloud: LiveCloud, skew_seconds: int = 0) -> BaseUrlSession:
        session = BaseUrlSession(cloud.url)
        session.auth = DeviceAuth(self.device_id, self.secret, skew_seconds)
        return session


def pairing_code(cloud: LiveCloud, store_id: uuid.UUID | str) -> str:
    return new_pairing_code(cloud.db, cloud.clock, str(store_id), ttl_seconds=600).code


def pair_device(
    cloud: LiveCloud, store_id: uuid.UUID | str, device_uuid: str | None = None, name: str = "前台 1"
) -> Paired:
    device_uuid = device_uuid or str(uuid.uuid4())
    body = {"code": pairing_code(cloud, store_id), "device_uuid": device_uuid, "device_name": name}
    answer = requests.post(f"{cloud.url}/v1/devices/pair", json=body, timeout=30)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    return Paired(
        data["device_id"],
        data["device_secret"],
        data["pin_pepper"],
        data["store_id"],
        data["merchant_id"],
        device_uuid,
        data,
    )


def run_cli(*args: str, db_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """`pos-cloud ARGS --db URL` in a subprocess, as an admin types it."""
    extra = ["--db", db_url] if db_url else []
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [str(POS_CLOUD), *args, *extra], capture_output=True, text=True, timeout=60, env=env, check=False
    )


# --- databases -------------------------------------------------------------------------------------------


def postgres_server_url() -> str:
    """The URL scripts/postgres.sh prints (it starts the server, installing it if need be)."""
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "postgres.sh"), "start"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines or not lines[-1].startswith("postgresql"):
        pytest.fail(f"scripts/postgres.sh start failed ({done.returncode}):\n{done.stderr}{done.stdout}")
    return lines[-1]


def _admin_conninfo(server_url: str) -> str:
    url = make_url(server_url)
    return f"host={url.host} port={url.port} user={url.username} dbname={url.database}"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    return postgres_server_url()


def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server for the caller, dropped afterwards."""
    name = f"cloud_test_{secrets.token_hex(6)}"
    admin = _admin_conninfo(server_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('cloud') / 'cloud.db'}"
    else:
        yield from fresh_postgres_database(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="module")
def cloud(db_url: str) -> Iterator[LiveCloud]:
    live = start_cloud(db_url)
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def clock(cloud: LiveCloud) -> Iterator[MovableClock]:
    """The service's clock, put back after the test."""
    try:
        yield cloud.clock
    finally:
        cloud.clock.reset()


@pytest.fixture
def shop(cloud: LiveCloud) -> Shop:
    return make_store(cloud)


@pytest.fixture
def till(cloud: LiveCloud, shop: Shop) -> Paired:
    return pair_device(cloud, shop.store_id)


@pytest.fixture
def signed(cloud: LiveCloud, till: Paired) -> Iterator[BaseUrlSession]:
    with till.session(cloud) as session:
        yield session
