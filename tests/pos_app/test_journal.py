"""Appending to the fiscal journal: gapless, chained, canonical, signed, and in the event's own transaction."""

from __future__ import annotations

import json
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from pos_app.journal import (
    GENESIS,
    JOURNAL_START,
    SALE,
    body_of,
    canonical,
    hash_of,
    link_of,
    receipt_qr,
    short_code,
    signature_ok,
)
from pos_app.services.audit_chain import body_text
from pos_app.services.audit_sales import render_sales
from pos_app.services.auth import OverrideAction
from pos_app.services.checkout import CardTender, CashTender
from pos_app.services.outbox import order_payload
from pos_app.store.models import JournalEntryRow, OrderRow
from tests.pos_app.journal_events import busy_shop
from tests.support import MANAGER_PIN, FakeClock, make_till


def entries(till) -> list[JournalEntryRow]:  # type: ignore[no-untyped-def]
    with till.store.read() as session:
        return list(session.scalars(select(JournalEntryRow).order_by(JournalEntryRow.seq)))


def sell(till, cashier, *codes: str) -> str:  # type: ignore[no-untyped-def]
    sale = till.new_sale(cashier)
    for code in codes or ("6901234567892",):
        sale.scan(code)
    return till.checkout.pay_cash(sale.cart, cashier, CashTender(10_000)).uuid


def fail_inserts_into(till, table: str) -> None:  # type: ignore[no-untyped-def]
    with till.store.engine.begin() as conn:
        conn.execute(
            text(f"CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'no'); END")
        )


def test_the_journal_starts_with_the_till_public_key_and_runs_gapless_linked_and_signed(
    tmp_path: Path,
) -> None:
    till, cashier, _ = make_till(tmp_path)
    for _ in range(3):
        sell(till, cashier)
    rows = entries(till)
    assert [row.seq for row in rows] == list(range(1, len(rows) + 1))
    start = json.loads(rows[0].body)
    assert rows[0].kind == JOURNAL_START and start["prev"] == GENESIS
    assert start["data"]["public_key"] == till.journal.public_key_hex
    assert [row.kind for row in rows[-3:]] == [SALE] * 3
    for before, row in pairwise(rows):
        assert json.loads(row.body)["prev"] == link_of(before.hash, before.signature)
    for row in rows:
        body = json.loads(row.body)
        assert canonical(body) == row.body.encode()  # keys sorted, no spaces: the one byte form
        assert row.hash == hash_of(row.body.encode())
        assert signature_ok(till.journal.public_key_hex, row.hash, row.signature)
        assert (body["seq"], body["kind"], body["ref"], body["device"]) == (
            row.seq, row.kind, row.ref_uuid, till.device_id,
        )  # fmt: skip


def test_a_sale_entry_holds_the_order_as_the_outbox_sends_it_and_the_receipt_code_names_it(
    tmp_path: Path,
) -> None:
    till, cashier, _ = make_till(tmp_path)
    sale = till.new_sale(cashier)
    sale.scan("6901234567892")
    sale.scan("96385074")
    done = till.checkout.complete(sale.cart, cashier, [CardTender(200, "778899"), CashTender(1000)])
    entry = entries(till)[-1]
    with till.store.engine.connect() as conn:
        order_id = conn.execute(select(OrderRow.id).where(OrderRow.uuid == done.uuid)).scalar_one()
        assert json.loads(entry.body)["data"] == order_payload(conn, order_id)
    assert done.journal_code == short_code(entry.seq, 500, entry.hash) == f"J{entry.seq}-500-{entry.hash[:8]}"
    view = till.orders.get(done.uuid)
    assert view.journal_code == done.journal_code
    assert view.journal_qr == receipt_qr(till.device_id, entry.seq, 500, entry.hash)
    assert view.journal_qr == f"TILLJ:{till.device_id}:{entry.seq}:500:{entry.hash[:16]}"


@pytest.mark.parametrize("failing", ["journal_entries", "tenders"])
def test_a_sale_and_its_entry_are_stored_together_or_not_at_all(tmp_path: Path, failing: str) -> None:
    till, cashier, _ = make_till(tmp_path)
    before = len(entries(till))
    fail_inserts_into(till, failing)
    with pytest.raises(Exception, match="no"):
        sell(till, cashier)
    with till.store.read() as session:
        assert session.scalar(select(func.count()).select_from(OrderRow)) == 0
    assert len(entries(till)) == before


def test_a_float_or_an_unknown_kind_is_refused_and_nothing_is_appended(tmp_path: Path) -> None:
    till, _, _ = make_till(tmp_path, FakeClock())
    before = len(entries(till))
    for kind, data in ((SALE, {"total": 12.5}), ("coffee_break", {"minutes": 15})):
        with pytest.raises(ValueError), till.store.transaction() as conn:
            till.journal.record(conn, kind, "ref", data, till.clock.now())
    assert len(entries(till)) == before
    with pytest.raises(ValueError, match="float"):
        canonical({"lines": [{"net": 1.0}]})


def test_the_verifier_composes_exactly_the_body_the_journal_writes(tmp_path: Path) -> None:
    """The verify's fast path compares stored bodies with text it composes (audit_chain.body_text) from
    the sales SQLite renders (audit_sales.render_sales): both must be byte for byte what the journal and
    the outbox write, for every shape of sale (weighed, removed lines, discounts, split tenders, codes)."""
    shop = busy_shop(tmp_path, sales_per_day=12)
    till = shop.till
    with till.store.engine.connect() as conn:
        ids = list(conn.execute(select(OrderRow.id).order_by(OrderRow.id)).scalars())
        rendered = render_sales(conn, ids)
        render_sales_one_by_one = render_sales(conn, ids[::7])  # scattered ids take the other query
        for order_id in ids:
            assert rendered[order_id].data(None) == canonical(order_payload(conn, order_id))
            assert rendered[order_id].sums is None  # every sale adds up
        for order_id, sale in render_sales_one_by_one.items():
            assert sale.data(None) == rendered[order_id].data(None)
    for row in entries(till)[-5:]:
        body = json.loads(row.body)
        fields = {k: body[k] for k in ("device", "seq", "uuid", "kind", "ref", "day", "at", "prev")}
        composed = body_text(**fields, data_json=canonical(body["data"]))
        assert composed == row.body.encode()
        assert composed == body_of(
            **{**fields, "day": row.business_day, "at": _at(body["at"])}, data=body["data"]
        )


def _at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def test_a_name_with_quotes_backslashes_and_control_characters_still_renders_exactly(tmp_path: Path) -> None:
    till, cashier, manager = make_till(tmp_path)
    sale = till.new_sale(cashier)
    approval = till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.OPEN_PRICE, "无条码商品", cashier)
    sale.add_open_price('店长"特价"\\ 茶\t叶\x01 🍵', 1234, approval)
    uuid = till.checkout.pay_cash(sale.cart, cashier, CashTender(2000)).uuid
    with till.store.engine.connect() as conn:
        order_id = conn.execute(select(OrderRow.id).where(OrderRow.uuid == uuid)).scalar_one()
        payload = order_payload(conn, order_id)
        assert payload["lines"][0]["product_uuid"] is None and "\x01" in payload["lines"][0]["name"]
        assert render_sales(conn, [order_id])[order_id].data(None) == canonical(payload)
    assert till.audit.verify().ok
