"""The SQLite file: migrations, durability pragmas, and a schema that matches the models."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from pos_app.store.db import MIGRATIONS, Store, head_revision
from pos_app.store.models import Base


def test_a_new_file_is_migrated_to_the_models_schema(tmp_path: Path) -> None:
    store = Store(tmp_path / "till.sqlite3")
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        revision = MigrationContext.configure(conn).get_current_revision()
    assert diff == [], f"models and migrations disagree: {diff}"
    assert revision is not None
    store.close()


def test_the_store_runs_in_wal_with_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    store = Store(tmp_path / "till.sqlite3")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    store.close()


def test_reopening_an_up_to_date_file_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "till.sqlite3"
    store = Store(path)
    with store.unit_of_work() as session:
        session.execute(text("INSERT INTO meta (key, value) VALUES ('k', 'v')"))
    store.close()
    again = Store(path)
    with again.engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM meta WHERE key='k'")).scalar() == "v"
    again.close()
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_the_head_read_from_file_names_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()
