"""Opening the cloud's database: engine set-up per backend, migrations at start, read and write transactions.

SQLite gets WAL, synchronous=FULL (an ack tells the till it may forget the event, so a commit must
survive a power cut), foreign keys and a busy timeout; SQLAlchemy emits BEGIN itself so SAVEPOINTs work
and writers take the lock up front (BEGIN IMMEDIATE) instead of failing on a stale snapshot later.
PostgreSQL runs through psycopg 3 (postgresql+psycopg://).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).with_name("migrations")
_WRITE = "cloud_write"


def head_revision() -> str:
    """The newest migration, read from the file names ('0002_x.py' -> '0002'), without loading Alembic."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _sqlite_on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN (see _sqlite_on_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_on_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


class Database:
    """An engine for one database URL; the schema is migrated to the newest revision when it opens."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.url = url
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
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
    def write(self) -> Iterator[Connection]:
        """One write transaction: commits at the end of the block, rolls back on an exception."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def close(self) -> None:
        self.engine.dispose()
