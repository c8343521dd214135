"""The schema: migrations match the models on both backends, the head is read right, times stay UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select

from cloud.db import MIGRATIONS, Database, head_revision
from cloud.models import Base, MerchantRow
from cloud.tenants import create_merchant
from tests.cloud.conftest import LiveCloud


def test_the_head_read_from_file_names_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == head_revision()


def test_the_migrated_schema_matches_the_models(cloud: LiveCloud) -> None:
    with cloud.db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == []


def test_opening_a_migrated_database_again_changes_nothing(cloud: LiveCloud) -> None:
    Database(cloud.db_url).close()


def test_times_come_back_as_aware_utc(cloud: LiveCloud) -> None:
    class Shanghai:
        def now(self) -> datetime:
            return datetime(2026, 11, 25, 12, 0, tzinfo=timezone(timedelta(hours=8)))

    merchant_id = create_merchant(cloud.db, Shanghai(), "时区测试")
    with cloud.db.read() as conn:
        created = conn.execute(
            select(MerchantRow.created_at).where(MerchantRow.id == merchant_id)
        ).scalar_one()
    assert created == datetime(2026, 11, 25, 4, 0, tzinfo=UTC)
    assert created.tzinfo == UTC
