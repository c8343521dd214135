"""The events pos_app writes to the outbox are exactly sync.protocol's, with every UUID the till made."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from pos_app.services.auth import OverrideAction
from pos_app.services.outbox import PENDING
from pos_app.store.models import (
    CashierRow,
    OrderRow,
    OrderVoidRow,
    OutboxRow,
    OverrideRow,
    ProductRow,
)
from sync.protocol import OrderEvent, OrderVoidEvent, OverrideEvent, RefundEvent
from tests.support import make_till
from tests.sync.support import EVENT, rich_sale, void


def outbox(till) -> list[OutboxRow]:  # type: ignore[no-untyped-def]
    with till.store.read() as session:
        return list(session.scalars(select(OutboxRow).order_by(OutboxRow.id)))


def test_a_sale_becomes_an_order_event_with_the_tills_own_uuids(tmp_path: Path) -> None:
    till, cashier, manager = make_till(tmp_path)
    done = rich_sale(till, cashier, manager)
    rows = outbox(till)
    assert [r.kind for r in rows] == ["override", "override", "order"]  # price override, open price, sale
    event = OrderEvent.model_validate_json(rows[-1].payload)  # extra="forbid": no field too many either
    assert str(event.event_id) == rows[-1].event_id and rows[-1].status == PENDING
    order = event.order
    with till.store.read() as session:
        stored = session.scalars(select(OrderRow)).one()
        product_uuids = {p.id: p.uuid for p in session.scalars(select(ProductRow))}
        assert str(order.cashier_uuid) == session.get_one(CashierRow, cashier.id).uuid
        assert str(order.uuid) == stored.uuid == done.uuid
        assert [str(line.uuid) for line in order.lines] == [line.uuid for line in stored.lines]
        assert [str(t.uuid) for t in order.tenders] == [t.uuid for t in stored.tenders]
        assert [str(x.product_uuid) if x.product_uuid else None for x in order.lines] == [
            product_uuids[line.product_id] if line.product_id else None for line in stored.lines
        ]
    assert order.order_no == done.order_no and order.cashier_name == "张三"
    assert order.created_at.utcoffset() is not None and event.occurred_at == order.created_at
    assert sum(line.net_fen for line in order.lines) == order.total_fen == done.totals.total_fen
    assert sum(t.amount_fen for t in order.tenders) == order.total_fen
    assert order.change_fen == 10_000 - order.total_fen
    by_name = {line.name: line for line in order.lines}
    assert by_name["散装糖果"].product_uuid is None  # an open-price line sells no catalog product
    assert by_name["可口可乐 330ml"].price_overridden and by_name["可口可乐 330ml"].unit_price_fen == 300
    assert by_name["苹果 红富士"].unit == "kg" and by_name["苹果 红富士"].quantity == 1234
    assert by_name["口香糖 薄荷味"].voided and by_name["口香糖 薄荷味"].net_fen == 0
    assert by_name["康师傅 红烧牛肉面 105g"].line_discount_fen == 45
    assert len({str(line.uuid) for line in order.lines}) == len(order.lines)


def test_an_override_and_a_void_become_events_naming_the_records_they_belong_to(tmp_path: Path) -> None:
    till, cashier, manager = make_till(tmp_path)
    done = rich_sale(till, cashier, manager)
    void(till, manager, cashier, done.uuid)
    rows = outbox(till)
    assert [r.kind for r in rows] == ["override", "override", "order", "override", "order_void"]
    override = OverrideEvent.model_validate_json(rows[3].payload).override
    void_event = OrderVoidEvent.model_validate_json(rows[4].payload)
    with till.store.read() as session:
        uuids = {c.id: c.uuid for c in session.scalars(select(CashierRow))}
        stored = session.scalars(select(OverrideRow).order_by(OverrideRow.id.desc())).first()
        stored_void = session.scalars(select(OrderVoidRow)).one()
    assert stored is not None
    assert (str(override.uuid), override.action, override.reason) == (stored.uuid, "void_order", "顾客退货")
    assert str(override.manager_uuid) == uuids[manager.id] and str(override.cashier_uuid) == uuids[cashier.id]
    assert str(override.order_uuid) == done.uuid
    assert str(void_event.void.uuid) == stored_void.uuid
    assert str(void_event.void.order_uuid) == done.uuid and void_event.void.override_uuid == override.uuid


def test_every_event_in_the_outbox_parses_as_a_protocol_event_and_no_event_id_repeats(tmp_path: Path) -> None:
    till, cashier, manager = make_till(tmp_path)
    for _ in range(3):
        rich_sale(till, cashier, manager)
    rows = outbox(till)
    events = [EVENT.validate_python(json.loads(r.payload)) for r in rows]
    assert [e.kind for e in events] == [r.kind for r in rows]
    assert len({str(e.event_id) for e in events}) == len(events) == 9


def test_a_refund_becomes_an_event_naming_the_order_its_lines_and_tenders(tmp_path: Path) -> None:
    till, cashier, manager = make_till(tmp_path)
    done = rich_sale(till, cashier, manager)
    approval = till.auth.authorize(
        manager.id, "9999", OverrideAction.REFUND, "顾客退货", cashier, "", done.uuid
    )
    first = till.refunds.lines(done.uuid)[0]
    outcome = till.refunds.refund(done.uuid, [first.line_id], cashier, approval, "顾客退货")
    event = RefundEvent.model_validate_json(outbox(till)[-1].payload)
    refund = event.refund
    with till.store.read() as session:
        order = session.scalars(select(OrderRow)).one()
        line_uuid, tender_uuid = order.lines[0].uuid, order.tenders[0].uuid
        uuids = {c.id: c.uuid for c in session.scalars(select(CashierRow))}
    assert str(refund.uuid) == outcome.refund_uuid and str(refund.order_uuid) == done.uuid
    assert str(refund.manager_uuid) == uuids[manager.id] and str(refund.cashier_uuid) == uuids[cashier.id]
    assert [str(line.order_line_uuid) for line in refund.lines] == [line_uuid]
    assert refund.total_fen == first.net_fen == sum(t.amount_fen for t in refund.tenders)
    assert [str(t.tender_uuid) for t in refund.tenders] == [tender_uuid]
