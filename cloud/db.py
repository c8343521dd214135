"""Opening the cloud's database: engine set-up per backend, migrations at start, read and write transactions.

SQLite gets WAL, synchronous=FULL (an ack tells the till it may forget the event, so a commit must
survive a power cut), foreign keys and a busy timeout; SQLAlchemy emits BEGIN itself so SAVEPOINTs work
and writers take the lock up front (BEGIN IMMEDIATE) instead of failing on a stale snapshot later.
PostgreSQL runs through psycopg 3 (postgresql+psycopg://).

SQLite has one writer at a time; the writers of this process queue on a lock of their own before BEGIN
IMMEDIATE, so each starts the moment the one before commits, instead of sleeping in SQLite's busy handler
(which backs off by whole milliseconds while the writer ahead waits on its fsync). Other processes (the
admin CLI) still meet the busy timeout.

write(durable=False) is for a write whose loss in a power cut is harmless because it can be learnt again
(a nonce, a payment's outcome the channel still knows): it commits without waiting for the disk
(SQLite synchronous=NORMAL in WAL, PostgreSQL synchronous_commit=off), so it costs no fsync, yet stays
atomic and in order: a later durable commit makes it durable too.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

MIGRATIONS = Path(__file__).with_name("migrations")
_WRITE = "cloud_write"
_DURABLE = "cloud_durable"
_SYNCHRONOUS = "cloud_synchronous"  # the connection's current PRAGMA synchronous, in its pool record


def head_revision() -> str:
    """The newest migration, read from the file names ('0002_x.py' -> '0002'), without loading Alembic."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _sqlite_on_connect(dbapi_conn: sqlite3.Connection, record: Any) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN (see _sqlite_on_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()
    record.info[_SYNCHRONOUS] = "FULL"


def _sqlite_on_begin(conn: Connection) -> None:
    """BEGIN (IMMEDIATE for a write), with synchronous set for this commit when it differs from what the
    connection has. Straight on the sqlite3 connection: a statement through SQLAlchemy costs more than
    the BEGIN itself, and every request begins several transactions."""
    options = conn.get_execution_options()
    pooled = conn.connection
    raw = pooled.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    try:
        if options.get(_WRITE):
            level = "FULL" if options.get(_DURABLE, True) else "NORMAL"
            if pooled.info.get(_SYNCHRONOUS) != level:  # outside the transaction, as SQLite wants it
                raw.execute(f"PRAGMA synchronous={level}")
                pooled.info[_SYNCHRONOUS] = level
            raw.execute("BEGIN IMMEDIATE")
        else:
            raw.execute("BEGIN")
    except sqlite3.Error as exc:  # e.g. still locked after busy_timeout: as SQLAlchemy would raise it
        raise OperationalError("BEGIN", None, exc) from exc


class Database:
    """An engine for one database URL; the schema is migrated to the newest revision when it opens."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.url = url
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self._writer = threading.RLock() if self.is_sqlite else contextlib.nullcontext()
        if self.is_sqlite:
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(parsed, pool_size=10, max_overflow=20)
            event.listen(self.engine, "connect", _sqlite_on_connect)
            event.listen(self.engine, "begin", _sqlite_on_begin)
        else:
            self.engine = create_engine(parsed, pool_size=10, max_overflow=20, pool_pre_ping=True)
        try:
            self.migrate()
        except Exception:
            self.engine.dispose()
            raise

    def migrate(self) -> None:
        with self.engine.connect() as conn:
            current = None
            if inspect(conn).has_table("alembic_version"):
                current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if current == head_revision():
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.write() as conn:
            if not self.is_sqlite:  # two services starting at once: one migrates, the other waits
                conn.execute(text("SELECT pg_advisory_xact_lock(7008001)"))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    @contextmanager
    def write(self, *, durable: bool = True) -> Iterator[Connection]:
        """One write transaction: commits at the end of the block, rolls back on an exception."""
        with self._writer, self.engine.connect() as conn:
            conn = conn.execution_options(**{_WRITE: True, _DURABLE: durable})
            with conn.begin():
                if not durable and not self.is_sqlite:
                    conn.execute(text("SET LOCAL synchronous_commit = off"))
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def close(self) -> None:
        self.engine.dispose()
