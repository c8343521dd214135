"""The till against the real cloud on loopback: pair, sell, `pos-till sync --once`, compare to the fen.

Pairing codes, the catalog and the cloud's cashiers are made with the cloud's own code; the till pairs
through the real API and syncs through its CLI in its own process, as in a shop.
"""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

from sqlalchemy import func, insert, select

from cloud.models import OrderLineRow as CloudLineRow
from cloud.models import OrderRow as CloudOrderRow
from cloud.reports import sales_report
from pos_app.services.till import Till
from pos_app.store.models import JournalEntryRow, OrderRow, OrderVoidRow, OutboxRow
from sync.pairing import pair
from sync.worker import connect, run_once
from tests.cloud.conftest import LiveCloud, pairing_code
from tests.support import make_till
from tests.sync.cloud_shop import (
    CLOUD_CASHIER,
    CLOUD_MANAGER,
    COLA,
    GUM,
    ICE_TEA,
    CloudShop,
    cloud_product_id,
    open_cloud_shop,
)
from tests.sync.conftest import pos_till
from tests.sync.support import rich_sale, sell, void


def till_figures(till: Till) -> dict[str, int]:
    """The till's own totals, as the cloud's report counts them: voided orders apart."""
    voided = select(OrderVoidRow.order_id)
    with till.store.read() as session:
        kept = session.execute(
            select(func.count(), func.coalesce(func.sum(OrderRow.total_fen), 0)).where(
                OrderRow.id.not_in(voided)
            )
        ).one()
        gone = session.execute(
            select(func.count(), func.coalesce(func.sum(OrderRow.total_fen), 0)).where(
                OrderRow.id.in_(voided)
            )
        ).one()
    return {"orders": kept[0], "total_fen": kept[1], "voided_orders": gone[0], "voided_fen": gone[1]}


def cloud_figures(cloud: LiveCloud, shop: CloudShop) -> dict[str, int]:
    report = sales_report(cloud.db, shop.store_ref, None)
    assert set(report.by_tender) <= {"cash"} and report.by_tender.get("cash", 0) == report.total_fen
    return {k: getattr(report, k) for k in ("orders", "total_fen", "voided_orders", "voided_fen")}


def outbox_rows(till: Till) -> list[dict[str, object]]:
    with till.store.read() as session:
        return [
            {c.name: getattr(row, c.name) for c in OutboxRow.__table__.columns if c.name != "id"}
            for row in session.scalars(select(OutboxRow).order_by(OutboxRow.id))
        ]


def test_sales_synced_by_the_cli_equal_the_clouds_report_to_the_fen_and_never_twice(
    cloud: LiveCloud, tmp_path: Path
) -> None:
    shop = open_cloud_shop(cloud)
    data = tmp_path / "till"
    till, cashier, manager = make_till(data)
    paired = pos_till(data, "pair", "--cloud", cloud.url, "--code", pairing_code(cloud, shop.store_ref))
    assert paired.returncode == 0, paired.stderr
    secret = json.loads((data / "device-credentials.json").read_text())["device_secret"]
    assert shop.shop.store_name in paired.stdout and secret not in paired.stdout + paired.stderr
    rich_sale(till, cashier, manager)
    sell(till, cashier, "6901234567892", "96385074")
    sell(till, cashier, *("6923644266318",) * 3)
    returned = sell(till, cashier, "6925303721367", "6925303721367")
    void(till, manager, cashier, returned.uuid)
    events = outbox_rows(till)
    assert len(events) == 8  # 4 orders, 3 overrides, 1 void

    first = pos_till(data, "sync", "--once")
    assert first.returncode == 0, first.stderr
    assert f"新存 {len(events)}，重复 0" in first.stdout and "待上传 0 条" in first.stdout
    assert secret not in first.stdout + first.stderr
    with till.store.read() as session:
        entries = session.scalar(select(func.max(JournalEntryRow.seq)))
    assert f"日志：云端已存第 1 至 {entries} 条（本次新增 {entries} 条）" in first.stdout
    figures = till_figures(till)
    assert figures["orders"] == 3 and figures["voided_orders"] == 1
    assert cloud_figures(cloud, shop) == figures
    counts = cloud.counts()

    second = pos_till(data, "sync", "--once")
    assert second.returncode == 0 and "已上传 0 条" in second.stdout
    assert "日志" not in second.stdout  # no new entry: the cloud is not asked about the journal
    assert cloud.counts() == counts and cloud_figures(cloud, shop) == figures

    with till.store.unit_of_work() as session:  # as if every answer had been lost: all sent again
        session.execute(insert(OutboxRow), events)
    retried = pos_till(data, "sync", "--once")
    assert retried.returncode == 0 and f"新存 0，重复 {len(events)}" in retried.stdout
    assert cloud.counts() == counts and cloud_figures(cloud, shop) == figures


def test_the_first_pull_puts_the_clouds_catalog_and_staff_on_the_till(
    cloud: LiveCloud, tmp_path: Path
) -> None:
    shop = open_cloud_shop(cloud)
    till, cashier, manager = make_till(tmp_path)
    before = sell(till, cashier, COLA)  # sold at the till's own price, before pairing
    pair(till, cloud.url, pairing_code(cloud, shop.store_ref))
    client = connect(till)
    summary = run_once(till, client)
    assert summary.ok and summary.push.stored == 1
    assert (summary.pull.products, summary.pull.cashiers) == (7, 2)
    assert (summary.pull.deactivated_products, summary.pull.deactivated_cashiers) == (1, 2)

    cola = till.catalog.by_barcode(COLA)
    assert cola is not None and cola.price_fen == 380
    assert till.catalog.by_barcode(GUM) is None and till.catalog.by_barcode(ICE_TEA) is not None
    staff = {c.name: c for c in till.auth.cashiers()}
    assert set(staff) == {CLOUD_MANAGER[0], CLOUD_CASHIER[0]}  # 张三 and 李店长 are retired
    boss = till.auth.login(staff[CLOUD_MANAGER[0]].id, CLOUD_MANAGER[1])
    assert boss.is_manager
    clerk = till.auth.login(staff[CLOUD_CASHIER[0]].id, CLOUD_CASHIER[1])
    assert not any(c.id in (cashier.id, manager.id) for c in till.auth.cashiers())

    after = sell(till, clerk, COLA, ICE_TEA)
    assert run_once(till, client).push.stored == 1
    with cloud.db.read() as conn:
        products = set(
            conn.execute(
                select(CloudLineRow.product_uuid).where(CloudLineRow.order_uuid == UUID(after.uuid))
            ).scalars()
        )
        seller = conn.execute(
            select(CloudOrderRow.cashier_uuid).where(CloudOrderRow.uuid == UUID(after.uuid))
        ).scalar()
        earlier = conn.execute(
            select(CloudOrderRow.total_fen).where(CloudOrderRow.uuid == UUID(before.uuid))
        ).scalar()
    assert products == {cloud_product_id(cloud, shop, COLA), cloud_product_id(cloud, shop, ICE_TEA)}
    assert seller == shop.cashier_id  # the cloud knows who sold it by the cloud's own id
    assert earlier == 350 and after.totals.total_fen == 380 + 300
    client.close()


def test_a_push_refused_whole_is_bisected_to_the_bad_events_over_http(
    cloud: LiveCloud, tmp_path: Path
) -> None:
    shop = open_cloud_shop(cloud)
    till, cashier, _ = make_till(tmp_path)
    pair(till, cloud.url, pairing_code(cloud, shop.store_ref))
    for _ in range(3):
        sell(till, cashier, COLA)
    with till.store.unit_of_work() as session:
        good = session.scalars(select(OutboxRow).order_by(OutboxRow.id)).first()
        assert good is not None
        huge = json.loads(good.payload) | {"event_id": "0b5c8b8e-5f6e-4c57-9a51-5a0c2e1d1f00"}
        huge["order"] = huge["order"] | {"name": "x" * (5 * 1024 * 1024)}  # over the 4 MiB body limit
        for event_id, payload in (
            ("not-a-uuid", {"kind": "order", "event_id": "not-a-uuid"}),
            (huge["event_id"], huge),
        ):
            session.add(
                OutboxRow(
                    event_id=event_id,
                    kind="order",
                    created_at=good.created_at,
                    payload=json.dumps(payload),
                    status="pending",
                    attempts=0,
                    last_error="",
                    updated_at=good.created_at,
                )
            )
    for _ in range(2):
        sell(till, cashier, COLA)
    summary = run_once(till, connect(till))
    assert summary.ok and summary.push.stored == 5 and summary.pending == 0
    reasons = dict(summary.push.quarantined)
    assert set(reasons) == {"not-a-uuid", huge["event_id"]}
    assert reasons["not-a-uuid"].startswith("422") and reasons[huge["event_id"]].startswith("413")
    assert cloud_figures(cloud, shop)["orders"] == 5
    assert [q.event_id for q in till.sync_state.quarantined()] == ["not-a-uuid", huge["event_id"]]
