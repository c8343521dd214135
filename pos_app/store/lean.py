"""Plain sqlite3 statements inside a SQLAlchemy transaction, for the statements every sale runs.

SQLAlchemy spends 60-90 µs of Python on each statement it executes; a sale runs a dozen, about a third of
its commit. These helpers run the same SQL on the DBAPI cursor of the caller's Connection (so in the same
transaction, committed or rolled back with it), and store values as SQLAlchemy would: a datetime as its
SQLite DATETIME text, a date as ISO text, a bool as 0/1 (tests/pos_app/test_lean.py holds them to
SQLAlchemy's own processors). Errors are sqlite3's; Store.transaction turns them into StorageError too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection


def cursor(conn: Connection) -> sqlite3.Cursor:
    """A cursor on the connection `conn` runs on, inside its transaction."""
    driver = conn.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver.cursor()


def stored_time(moment: datetime) -> str:
    """A naive UTC datetime as SQLAlchemy's SQLite DATETIME keeps it ('2026-11-25 04:00:00.000000')."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def sql_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return stored_time(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


def insert(conn: Connection, table: str, rows: Sequence[Mapping[str, Any]]) -> int:
    """Inserts `rows` (each with the same keys, the column names) into `table`; returns the last rowid."""
    columns = tuple(rows[0])
    cur = cursor(conn)
    sql = _insert_sql(table, columns)
    values = [tuple(sql_value(row[c]) for c in columns) for row in rows]
    if len(values) == 1:
        cur.execute(sql, values[0])
    else:
        cur.executemany(sql, values)
    return int(cur.lastrowid or 0)


def rows(conn: Connection, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """The rows of one query, parameters as `?`, values converted with sql_value."""
    return cursor(conn).execute(sql, [sql_value(p) for p in params]).fetchall()
