"""Opening the cloud's database: engine set-up per backend, migrations at start, read and write transactions.

SQLite gets WAL, synchronous=FULL (an ack tells the till it may forget the event, so a commit must
survive a power cut), foreign keys and a busy timeout. The sqlite3 module's own transaction handling is
off: write() and read() emit BEGIN themselves, so SAVEPOINTs work and writers take the lock up front
(BEGIN IMMEDIATE) instead of failing on a stale snapshot later. (A connection taken from the engine
directly runs each statement on its own: transactions go through write() and read().)
PostgreSQL runs through psycopg 3 (postgresql+psycopg://).

SQLite has one writer at a time; the writers of this process queue on a lock of their own before BEGIN
IMMEDIATE, so each starts the moment the one before commits, instead of sleeping in SQLite's busy handler
(which backs off by whole milliseconds while the writer ahead waits on its fsync). Other processes (the
admin CLI) still meet the busy timeout.

write(durable=False) is for a write whose loss in a power cut is harmless because it can be learnt again
(a nonce, a payment's outcome the channel still knows): it commits without waiting for the disk
(SQLite synchronous=NORMAL in WAL, PostgreSQL synchronous_commit=off), so it costs no fsync, yet stays
atomic and in order: a later durable commit makes it durable too.

lean_write() and lean_read() are the same transactions for the few statements every payment runs (the
device, its nonce, the payment row): a LeanTx runs a Core statement on the DBAPI cursor of a pooled
connection, compiled once per set of parameter names by SQLAlchemy for the dialect, its parameters and
result columns converted by the SQLAlchemy types' own processors, and DBAPI errors raised as SQLAlchemy
raises them (IntegrityError, OperationalError). SQLAlchemy's execution path costs a few times what such
a statement costs on SQLite; everything else goes through write() and read().
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Dialect, Engine, PoolProxiedConnection, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

MIGRATIONS = Path(__file__).with_name("migrations")
_ASYNCHRONOUS_COMMIT = text("SET LOCAL synchronous_commit = off")
_SYNCHRONOUS = "cloud_synchronous"  # the connection's current PRAGMA synchronous, in its pool record
_LEAN_KEPT = 8  # SQLite connections the lean transactions keep for themselves, at most


def head_revision() -> str:
    """The newest migration, read from the file names ('0002_x.py' -> '0002'), without loading Alembic."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _sqlite_on_connect(dbapi_conn: sqlite3.Connection, record: Any) -> None:
    dbapi_conn.isolation_level = None  # write() and read() emit BEGIN (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()
    record.info[_SYNCHRONOUS] = "FULL"


def _sqlite_begin(pooled: PoolProxiedConnection, *, write: bool, durable: bool) -> None:
    """BEGIN (IMMEDIATE for a write), with synchronous set for this commit when it differs from what the
    connection has. Straight on the sqlite3 connection, by write() and read() rather than in a "begin"
    event: a connection event makes SQLAlchemy dispatch events around every statement, and a statement
    through SQLAlchemy costs more than the BEGIN itself."""
    raw = pooled.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    try:
        if write:
            level = "FULL" if durable else "NORMAL"
            if pooled.info.get(_SYNCHRONOUS) != level:  # outside the transaction, as SQLite wants it
                raw.execute(f"PRAGMA synchronous={level}")
                pooled.info[_SYNCHRONOUS] = level
            raw.execute("BEGIN IMMEDIATE")
        else:
            raw.execute("BEGIN")
    except sqlite3.Error as exc:  # e.g. still locked after busy_timeout: as SQLAlchemy would raise it
        raise OperationalError("BEGIN", None, exc) from exc


Processor = Callable[[Any], Any] | None
_GIVEN = object()  # a parameter the caller gives (not a literal of the statement)


class _Compiled:
    """A statement as its dialect runs it for one set of parameter names: its SQL and processors."""

    def __init__(self, statement: ClauseElement, dialect: Dialect, names: frozenset[str]) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=sorted(names))
        assert isinstance(compiled, SQLCompiler)
        # A column default SQLAlchemy would compute (an INSERT's new id) must be given instead.
        assert not (compiled.insert_prefetch or compiled.update_prefetch), f"give every value: {compiled}"
        assert not compiled.escaped_bind_names, compiled
        binds = compiled.binds
        assert not any(bind.expanding or bind.literal_execute for bind in binds.values()), compiled
        self.sql = str(compiled)
        self.positional = dialect.positional
        order = compiled.positiontup if dialect.positional else list(binds)
        assert order is not None
        self._parameters = [
            (
                name,
                _GIVEN if binds[name].required else binds[name].effective_value,
                binds[name].type.dialect_impl(dialect).bind_processor(dialect),
            )
            for name in order
        ]
        self._columns = [
            (column.key, column.type.dialect_impl(dialect).result_processor(dialect, None))
            for column in getattr(statement, "exported_columns", ())
        ]

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        bound = []
        for name, literal, process in self._parameters:
            value = values[name] if literal is _GIVEN else values.get(name, literal)
            bound.append(value if process is None or value is None else process(value))
        return (
            tuple(bound)
            if self.positional
            else dict(zip((p[0] for p in self._parameters), bound, strict=True))
        )

    def row(self, raw: tuple[Any, ...]) -> dict[str, Any]:
        return {
            name: value if process is None or value is None else process(value)
            for (name, process), value in zip(self._columns, raw, strict=True)
        }


class LeanTx:
    """Statements in one transaction of lean_write() or lean_read() (see the module docstring)."""

    def __init__(self, db: Database, cursor: Any) -> None:
        self._db = db
        self._cursor = cursor

    def run(self, statement: ClauseElement, values: Mapping[str, Any]) -> None:
        self._execute(statement, values)

    def first(self, statement: ClauseElement, values: Mapping[str, Any]) -> dict[str, Any] | None:
        """The first row the statement returns, by column key, or None."""
        compiled = self._execute(statement, values)
        raw = self._cursor.fetchone()
        return None if raw is None else compiled.row(raw)

    def _execute(self, statement: ClauseElement, values: Mapping[str, Any]) -> _Compiled:
        compiled = self._db.compiled(statement, frozenset(values))
        parameters = compiled.parameters(values)
        dbapi = self._db.engine.dialect.loaded_dbapi
        try:
            self._cursor.execute(compiled.sql, parameters)
        except dbapi.Error as exc:
            raise DBAPIError.instance(compiled.sql, parameters, exc, dbapi.Error) from exc
        return compiled


class Database:
    """An engine for one database URL; the schema is migrated to the newest revision when it opens."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.url = url
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self._writer = threading.RLock() if self.is_sqlite else contextlib.nullcontext()
        self._compiled: dict[tuple[int, frozenset[str]], tuple[ClauseElement, _Compiled]] = {}
        self._lean_idle: list[PoolProxiedConnection] = []  # SQLite connections kept out of the pool
        if self.is_sqlite:
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(parsed, pool_size=10, max_overflow=20)
            event.listen(self.engine, "connect", _sqlite_on_connect)
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
            if self.is_sqlite:
                _sqlite_begin(conn.connection, write=True, durable=durable)
            with conn.begin():
                if not durable and not self.is_sqlite:
                    conn.execute(_ASYNCHRONOUS_COMMIT)
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            if self.is_sqlite:
                _sqlite_begin(conn.connection, write=False, durable=False)
            with conn.begin():
                yield conn

    @contextmanager
    def lean_write(self, *, durable: bool = True) -> Iterator[LeanTx]:
        """write() for LeanTx statements."""
        with self._writer:
            yield from self._lean(write=True, durable=durable)

    @contextmanager
    def lean_read(self) -> Iterator[LeanTx]:
        """read() for LeanTx statements."""
        yield from self._lean(write=False, durable=False)

    def _lean(self, *, write: bool, durable: bool) -> Iterator[LeanTx]:
        pooled = self._take_lean()
        try:
            with contextlib.closing(pooled.cursor()) as cursor:
                if self.is_sqlite:
                    _sqlite_begin(pooled, write=write, durable=durable)
                elif write and not durable:
                    cursor.execute("SET LOCAL synchronous_commit = off")
                yield LeanTx(self, cursor)
            pooled.commit()
        except BaseException:
            self._drop_lean(pooled)
            raise
        self._give_lean(pooled)

    def _take_lean(self) -> PoolProxiedConnection:
        """SQLite: a connection kept by the lean transactions, last used first (its page cache is the
        freshest); the engine's pool costs more than a lean statement. PostgreSQL: the pool's (it pings)."""
        try:
            return self._lean_idle.pop()
        except IndexError:
            return self.engine.raw_connection()

    def _give_lean(self, pooled: PoolProxiedConnection) -> None:
        if self.is_sqlite and len(self._lean_idle) < _LEAN_KEPT:
            self._lean_idle.append(pooled)
        else:
            pooled.close()

    def _drop_lean(self, pooled: PoolProxiedConnection) -> None:
        """After an exception: rolled back and handed back to the pool, or invalidated if even that fails."""
        try:
            pooled.rollback()
        except Exception:
            pooled.invalidate()
        pooled.close()

    def compiled(self, statement: ClauseElement, names: frozenset[str]) -> _Compiled:
        key = (id(statement), names)
        found = self._compiled.get(key)
        if found is None:  # kept with its statement, so that the id cannot be another's
            found = self._compiled.setdefault(
                key, (statement, _Compiled(statement, self.engine.dialect, names))
            )
        return found[1]

    def close(self) -> None:
        while self._lean_idle:
            self._lean_idle.pop().close()
        self.engine.dispose()
