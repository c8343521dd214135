"""A till of merchant A can neither read nor change merchant B's data."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select

from cloud.catalog import import_rows
from cloud.models import OrderRow, OrderVoidRow
from pos_app.catalog import Unit
from pos_app.catalog_csv import CatalogRow
from tests.cloud.conftest import LiveCloud, make_store, pair_device
from tests.cloud.events import order_event, statuses, void_event


def _row(line: int, code: str, name: str) -> CatalogRow:
    return CatalogRow(line, (code,), name, 350, Unit.PIECE, "饮料", 1300)


def test_a_till_pulls_only_its_own_stores_catalog(cloud: LiveCloud) -> None:
    a, b = make_store(cloud), make_store(cloud)
    other_store_of_a = make_store(cloud, merchant=a.merchant_name + "-2")
    import_rows(cloud.db, a.store_id, [_row(2, "6901234567892", "A 的可乐")])
    import_rows(cloud.db, b.store_id, [_row(2, "6920459905012", "B 的矿泉水")])
    import_rows(cloud.db, other_store_of_a.store_id, [_row(2, "6925303721367", "别的店")])
    with pair_device(cloud, a.store_id).session(cloud) as till_a:
        names = [p["name"] for p in till_a.get("/v1/sync/catalog").json()["products"]]
        cashiers = till_a.get("/v1/sync/cashiers").json()["cashiers"]
    assert names == ["A 的可乐"]
    assert cashiers == []


def test_an_order_uuid_of_another_merchant_is_rejected_and_left_alone(cloud: LiveCloud) -> None:
    a, b = make_store(cloud), make_store(cloud)
    till_a, till_b = pair_device(cloud, a.store_id), pair_device(cloud, b.store_id)
    theirs = order_event(lines=2, price_fen=500)
    with till_b.session(cloud) as session_b:
        assert statuses(session_b.post("/v1/sync/push", json={"events": [theirs]})) == ["stored"]
    forged = order_event(lines=1, price_fen=1, order_uuid=theirs["order"]["uuid"])
    replayed_id = json.loads(json.dumps(theirs))  # B's very event, sent by A's till
    void = void_event(theirs["order"]["uuid"])
    with till_a.session(cloud) as session_a:
        results = session_a.post("/v1/sync/push", json={"events": [forged, replayed_id, void]}).json()
    assert [r["status"] for r in results["results"]] == ["rejected", "rejected", "rejected"]
    key = uuid.UUID(theirs["order"]["uuid"])
    with cloud.db.read() as conn:
        row = conn.execute(
            select(OrderRow.store_id, OrderRow.total_fen, OrderRow.device_id).where(OrderRow.uuid == key)
        ).one()
        voided = conn.execute(select(OrderVoidRow.uuid).where(OrderVoidRow.order_uuid == key)).first()
    assert (row.store_id, row.total_fen, str(row.device_id)) == (b.store_id, 1000, till_b.device_id)
    assert voided is None
