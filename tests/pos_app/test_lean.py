"""Lean statements store what SQLAlchemy would: a sale written through them reads back exactly."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Date, DateTime, select
from sqlalchemy.dialects import sqlite

from pos_app.store import lean
from pos_app.store.db import Store
from pos_app.store.models import Meta


def test_times_and_days_are_stored_as_sqlalchemys_sqlite_types_store_them() -> None:
    dialect = sqlite.dialect()
    as_datetime = DateTime().dialect_impl(dialect).bind_processor(dialect)
    as_date = Date().dialect_impl(dialect).bind_processor(dialect)
    assert as_datetime is not None and as_date is not None
    for moment in (datetime(2026, 11, 25, 4, 0), datetime(2026, 11, 25, 23, 59, 59, 999999)):
        assert lean.sql_value(moment) == as_datetime(moment)
    assert lean.sql_value(date(2026, 1, 5)) == as_date(date(2026, 1, 5)) == "2026-01-05"
    assert lean.sql_value(True) == 1 and lean.sql_value("收银") == "收银"


def test_rows_inserted_lean_are_read_back_by_the_models_and_roll_back_with_the_transaction(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "till.sqlite3")
    with store.transaction() as conn:
        lean.insert(conn, "meta", [{"key": "a", "value": "一"}, {"key": "b", "value": "二"}])
    try:
        with store.transaction() as conn:
            lean.insert(conn, "meta", [{"key": "c", "value": "三"}])
            raise RuntimeError("the sale failed after its rows were written")
    except RuntimeError:
        pass
    with store.read() as session:
        kept = dict(session.execute(select(Meta.key, Meta.value).where(Meta.key.in_(["a", "b", "c"]))).all())
    assert kept == {"a": "一", "b": "二"}
    store.close()
