"""The outbox event is written in the same transaction as its record: both exist, or neither does."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from pos_app.services.auth import OverrideAction
from pos_app.services.checkout import CashTender
from pos_app.store.models import OrderCounterRow, OrderRow, OrderVoidRow, OutboxRow, OverrideRow
from tests.support import CASHIER_PIN, MANAGER_PIN, FakeClock, kill_while_selling, make_till


def count(till, model) -> int:  # type: ignore[no-untyped-def]
    with till.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def fail_inserts_into(till, table: str) -> None:  # type: ignore[no-untyped-def]
    """From now on every INSERT into `table` fails, as a full disk or a crash would stop it."""
    with till.store.engine.begin() as conn:
        conn.execute(
            text(f"CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'no'); END")
        )


@pytest.mark.parametrize("failing", ["tenders", "outbox"])
def test_a_sale_that_fails_before_commit_leaves_neither_order_nor_event(tmp_path: Path, failing: str) -> None:
    till, cashier, _ = make_till(tmp_path)
    sale = till.new_sale(cashier)
    sale.scan("6901234567892")
    fail_inserts_into(till, failing)
    with pytest.raises(Exception, match="no"):
        till.checkout.pay_cash(sale.cart, cashier, CashTender(500))
    assert (count(till, OrderRow), count(till, OutboxRow), count(till, OrderCounterRow)) == (0, 0, 0)
    assert len(sale.cart) == 1  # still on screen, to retry


def test_a_sale_stores_exactly_one_event_for_its_order(tmp_path: Path) -> None:
    till, cashier, _ = make_till(tmp_path)
    sale = till.new_sale(cashier)
    sale.scan("6901234567892")
    done = till.checkout.pay_cash(sale.cart, cashier, CashTender(500))
    with till.store.read() as session:
        event = session.scalars(select(OutboxRow)).one()
    assert event.kind == "order" and json.loads(event.payload)["order"]["uuid"] == done.uuid


def test_an_override_whose_event_cannot_be_written_is_not_recorded(tmp_path: Path) -> None:
    till, cashier, manager = make_till(tmp_path)
    fail_inserts_into(till, "outbox")
    with pytest.raises(Exception, match="no"):
        till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.PRICE_OVERRIDE, "标价错误", cashier)
    assert (count(till, OverrideRow), count(till, OutboxRow)) == (0, 0)
    assert till.auth.login(cashier.id, CASHIER_PIN).id == cashier.id


def test_a_void_whose_event_cannot_be_written_leaves_the_order_as_it_was(tmp_path: Path) -> None:
    till, cashier, manager = make_till(tmp_path)
    sale = till.new_sale(cashier)
    sale.scan("6901234567892")
    done = till.checkout.pay_cash(sale.cart, cashier, CashTender(350))
    approval = till.auth.authorize(
        manager.id, MANAGER_PIN, OverrideAction.VOID_ORDER, "顾客退货", cashier, order_uuid=done.uuid
    )
    events = count(till, OutboxRow)
    fail_inserts_into(till, "outbox")
    with pytest.raises(Exception, match="no"):
        till.orders.void(done.uuid, approval)
    assert count(till, OrderVoidRow) == 0 and count(till, OutboxRow) == events
    assert not till.orders.get(done.uuid).voided


def test_kill_9_while_selling_leaves_every_order_with_its_one_event_and_no_event_alone(
    tmp_path: Path,
) -> None:
    till, _, _ = make_till(tmp_path, FakeClock())
    till.close()
    kill_while_selling(tmp_path)
    conn = sqlite3.connect(tmp_path / "till.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    orders = dict(conn.execute("SELECT uuid, total_fen FROM orders").fetchall())
    events = [json.loads(p) for (p,) in conn.execute("SELECT payload FROM outbox WHERE kind = 'order'")]
    assert len(orders) > 10
    assert sorted(e["order"]["uuid"] for e in events) == sorted(orders)  # one each, none alone
    assert all(e["order"]["total_fen"] == orders[e["order"]["uuid"]] for e in events)
    assert conn.execute("SELECT count(*) FROM outbox WHERE status != 'pending'").fetchone() == (0,)
