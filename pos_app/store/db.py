"""Opening the till's SQLite file: pragmas for durability, migrations at start, clear storage errors."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pos_app.errors import StorageError
from pos_app.store import lean

MIGRATIONS = Path(__file__).with_name("migrations")


def head_revision() -> str:
    """The newest migration, read from the file names ('0002_add_x.py' -> '0002').

    Reading the names costs nothing, where loading Alembic costs a third of a second at every start; a
    test checks this agrees with Alembic's own idea of the head.
    """
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # WAL lets the UI read while a sale commits; FULL makes a committed sale survive a power cut.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def storage_error(exc: BaseException, path: Path) -> StorageError:
    """Turns SQLite's and the OS's words into a message a shop owner can act on."""
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    if "full" in text or code == errno.ENOSPC:
        return StorageError(
            f"The disk holding {path} is full; free some space. Nothing was saved.",
            f"{path} 所在磁盘已满，请清理空间。本次操作未保存任何数据。",
        )
    unwritable = code in (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR)
    if (
        unwritable
        or "readonly" in text
        or "read-only" in text
        or "permission" in text
        or "unable to open" in text
    ):
        return StorageError(
            f"Cannot write to {path}: the folder is read-only or not ours. Nothing was saved.",
            f"无法写入 {path}：目录只读或没有权限。本次操作未保存任何数据。",
        )
    if "locked" in text:
        return StorageError(
            f"{path} is in use by another program (is a second till running?)",
            f"{path} 正被其他程序占用（是否已打开另一个收银程序？）",
        )
    return StorageError(
        f"The till's database {path} cannot be used: {exc}", f"收银数据库 {path} 无法使用：{exc}"
    )


# A write that changes nothing: run first in a transaction that reads and then writes what depends on it
# (the journal's head, the fiscal day, the open shift), it takes SQLite's write lock before the reads, so
# no other process can commit in between.
def take_write_lock(conn: Connection) -> None:
    lean.cursor(conn).execute("UPDATE meta SET value = value WHERE key = 'device_id'")


class Store:
    """The engine and a session factory for one SQLite file; migrations are applied when it opens."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._check_writable(path.parent)
        self.engine: Engine = create_engine(f"sqlite:///{path}")
        event.listen(self.engine, "connect", _on_connect)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        try:
            self.migrate()
        except OperationalError as exc:
            self.engine.dispose()
            raise storage_error(exc.orig or exc, path) from exc

    @staticmethod
    def _check_writable(folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".write-test-{os.getpid()}"  # two tills starting at once each probe their own
            with open(probe, "wb") as fh:
                fh.write(b"ok")
                fh.flush()
                os.fsync(fh.fileno())
            probe.unlink()
        except OSError as exc:
            raise storage_error(exc, folder) from exc

    def migrate(self) -> None:
        with self.engine.connect() as conn:
            has_table = conn.execute(text("SELECT 1 FROM sqlite_master WHERE name='alembic_version'")).first()
            current = (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar() if has_table else None
            )
        if current == head_revision():
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: everything inside commits together or not at all."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except OperationalError as exc:
            raise storage_error(exc.orig or exc, self.path) from exc
        except sqlite3.OperationalError as exc:  # from a lean statement
            raise storage_error(exc, self.path) from exc
        finally:
            session.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction on a plain connection, for hot paths where the ORM's bookkeeping costs too much."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            raise storage_error(exc.orig or exc, self.path) from exc
        except sqlite3.OperationalError as exc:  # from a lean statement
            raise storage_error(exc, self.path) from exc

    def read(self) -> Session:
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()
