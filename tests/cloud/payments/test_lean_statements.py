"""The payment rows as the lean transactions of cloud/db.py write and read them are the rows SQLAlchemy's own
execution path writes and reads: the same UUIDs, the same aware UTC times, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cloud.payment_store import PAYMENTS, create_or_find, find
from tests.cloud.conftest import LiveCloud, Shop, make_store, pair_device


@pytest.fixture(scope="module")
def shop(cloud: LiveCloud) -> Shop:
    return make_store(cloud)


def values(shop: Shop, device_id: uuid.UUID, out_trade_no: str, when: datetime) -> dict[str, object]:
    return {
        "merchant_id": shop.merchant_id,
        "store_id": shop.store_id,
        "device_id": device_id,
        "out_trade_no": out_trade_no,
        "channel": "wechat",
        "amount_fen": 1234,
        "auth_code_hash": "0" * 64,
        "subject": "好又多便利店",
        "order_uuid": uuid.uuid4(),
        "state": "unknown",
        "reason": "",
        "message": "",
        "created_at": when,
        "updated_at": when,
    }


def test_a_row_written_lean_reads_back_the_same_both_ways(cloud: LiveCloud, shop: Shop) -> None:
    device_id = uuid.UUID(pair_device(cloud, shop.store_id).device_id)
    shanghai_noon = datetime(2026, 11, 25, 12, 0, 0, 123456, tzinfo=timezone(timedelta(hours=8)))
    given = values(shop, device_id, uuid.uuid4().hex, shanghai_noon)

    made, new = create_or_find(cloud.db, given)
    found = find(cloud.db, shop.merchant_id, str(given["out_trade_no"]))
    with cloud.db.read() as conn:
        stored = conn.execute(select(PAYMENTS).where(PAYMENTS.c.id == made.id)).one()._mapping

    assert new and found == made
    assert made.created_at == datetime(2026, 11, 25, 4, 0, 0, 123456, tzinfo=UTC)
    assert made.created_at.tzinfo == UTC
    for name, value in stored.items():  # SQLAlchemy's read of what the lean INSERT wrote
        assert value == (given[name] if name in given else getattr(made, name, None)), name


def test_a_taken_number_finds_the_row_there_and_a_failed_write_changes_nothing(
    cloud: LiveCloud, shop: Shop
) -> None:
    device_id = uuid.UUID(pair_device(cloud, shop.store_id).device_id)
    number = uuid.uuid4().hex
    first, _ = create_or_find(cloud.db, values(shop, device_id, number, datetime.now(UTC)))

    again, new = create_or_find(cloud.db, values(shop, device_id, number, datetime.now(UTC)))
    assert (again, new) == (first, False)

    other = uuid.uuid4().hex
    unknown_device = values(shop, uuid.uuid4(), other, datetime.now(UTC))  # a foreign key refuses it
    with pytest.raises(IntegrityError):
        create_or_find(cloud.db, unknown_device)
    assert find(cloud.db, shop.merchant_id, other) is None
