"""The day summaries X and Z read (day_sales, day_line_sales, day_tender_sales) always equal the sales rows.

SQLite's triggers keep them; whatever writes or changes orders, lines and tenders (checkout, recovery, a
hand with the sqlite3 shell), the summaries must say what a GROUP BY over the rows says, or a report
would show figures the shop did not sell.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import select

from pos_app.services.till import DB_FILE, Till
from pos_app.store.db import MIGRATIONS
from pos_app.store.models import OrderRow
from tests.pos_app.journal_events import busy_shop

QUARTER = "CAST(strftime('%s', o.created_at) AS INTEGER) / 900"
ITEMS = "CASE WHEN l.unit = 'kg' THEN 1 ELSE l.quantity END"
SUMMARIES = {
    "SELECT * FROM day_sales": f"""SELECT o.business_day, o.cashier_id, {QUARTER}, count(*), sum(o.total_fen),
        sum(o.line_discount_fen + o.order_discount_fen), sum(o.rounding_fen) FROM orders o GROUP BY 1, 2, 3""",
    "SELECT * FROM day_line_sales": f"""SELECT o.business_day, o.cashier_id, l.category, l.tax_rate_bp,
        count(*), sum({ITEMS}), sum(l.net_fen) FROM orders o JOIN order_lines l ON l.order_id = o.id
        WHERE NOT l.voided GROUP BY 1, 2, 3, 4""",
    "SELECT * FROM day_tender_sales": """SELECT o.business_day, t.kind, count(*), sum(t.amount_fen)
        FROM orders o JOIN tenders t ON t.order_id = o.id GROUP BY 1, 2""",
}


def assert_summaries_match(conn: sqlite3.Connection, after: str) -> None:
    for summary, rows in SUMMARIES.items():
        kept = sorted(conn.execute(summary).fetchall())
        summed = sorted(conn.execute(rows).fetchall())
        assert kept == summed, f"after {after}: {summary} disagrees with the rows"


def _pick(conn: sqlite3.Connection, table: str, rng: random.Random) -> int:
    ids = [row[0] for row in conn.execute(f"SELECT id FROM {table}")]
    return rng.choice(ids)


CHANGES = [
    "UPDATE orders SET business_day = date(business_day, '+1 day'), seq = (SELECT max(seq) + 1 FROM orders)"
    " WHERE id = {order}",
    "UPDATE orders SET cashier_id = (SELECT max(id) FROM cashiers) WHERE id = {order}",
    "UPDATE orders SET created_at = datetime(created_at, '+47 minutes') WHERE id = {order}",
    "UPDATE orders SET total_fen = total_fen + 7, rounding_fen = rounding_fen - 3 WHERE id = {order}",
    "UPDATE orders SET id = id + 100000 WHERE id = {order}",
    "DELETE FROM orders WHERE id = {order}",  # its lines and tenders are left behind: the join drops them
    "INSERT INTO orders (uuid, device_id, business_day, seq, order_no, cashier_id, created_at, subtotal_fen,"
    " line_discount_fen, order_discount_fen, rounding_fen, rounding_policy, total_fen, change_fen)"
    " SELECT lower(hex(randomblob(16))), device_id, business_day, (SELECT max(seq) + 1 FROM orders), order_no || 'x', cashier_id,"
    " created_at, subtotal_fen, line_discount_fen, order_discount_fen, rounding_fen, rounding_policy,"
    " total_fen, change_fen FROM orders WHERE id = {order}",
    "UPDATE order_lines SET voided = NOT voided WHERE id = {line}",
    "UPDATE order_lines SET category = '其他', tax_rate_bp = 600 WHERE id = {line}",
    "UPDATE order_lines SET unit = 'kg', quantity = quantity + 250 WHERE id = {line}",
    "UPDATE order_lines SET net_fen = net_fen - 11 WHERE id = {line}",
    "UPDATE order_lines SET order_id = {order} WHERE id = {line}",
    "DELETE FROM order_lines WHERE id = {line}",
    "INSERT INTO order_lines (uuid, order_id, line_no, product_id, barcode, name, unit, quantity,"
    " unit_price_fen, gross_fen, line_discount_fen, order_discount_fen, rounding_fen, net_fen, tax_rate_bp,"
    " category, price_overridden, voided) SELECT lower(hex(randomblob(16))), {order}, 99, product_id,"
    " barcode, name, unit, quantity, unit_price_fen, gross_fen, line_discount_fen, order_discount_fen,"
    " rounding_fen, net_fen, tax_rate_bp, category, price_overridden, voided FROM order_lines WHERE id = {line}",
    "UPDATE tenders SET kind = 'bestpay' WHERE id = {tender}",
    "UPDATE tenders SET amount_fen = amount_fen + 100 WHERE id = {tender}",
    "UPDATE tenders SET order_id = {order} WHERE id = {tender}",
    "DELETE FROM tenders WHERE id = {tender}",
]


def test_after_any_change_to_orders_lines_or_tenders_the_summaries_equal_the_rows(tmp_path: Path) -> None:
    shop = busy_shop(tmp_path / "till", sales_per_day=15)
    shop.till.close()
    conn = sqlite3.connect(tmp_path / "till" / DB_FILE, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")  # a hand at the sqlite3 shell, not the till
    assert_summaries_match(conn, "the sales the till made")
    rng = random.Random(5)
    for n in range(300):
        change = CHANGES[n % len(CHANGES)].format(
            order=_pick(conn, "orders", rng),
            line=_pick(conn, "order_lines", rng),
            tender=_pick(conn, "tenders", rng),
        )
        conn.execute(change)
        assert_summaries_match(conn, change)
    assert conn.execute("SELECT count(*) FROM day_sales").fetchone()[0] > 0


def _report_figures(till: Till, day: date) -> object:
    return replace(till.reports.x(day), made_at=None)


def test_a_till_updated_from_before_the_summaries_sums_its_earlier_sales(tmp_path: Path) -> None:
    shop = busy_shop(tmp_path / "till", sales_per_day=15)
    with shop.till.store.read() as session:
        days = list(session.scalars(select(OrderRow.business_day).distinct().order_by(OrderRow.business_day)))
    assert len(days) == 2
    before = [_report_figures(shop.till, day) for day in days]
    engine = shop.till.store.engine
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")  # the till as it was before migration 0006
    conn = sqlite3.connect(tmp_path / "till" / DB_FILE)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'day_sales'").fetchone() is None
    conn.close()
    shop.till.close()

    again = Till(tmp_path / "till", shop.clock)  # opening it migrates
    assert [_report_figures(again, day) for day in days] == before
    assert before[0].orders > 0  # type: ignore[attr-defined]
    again.close()
    assert_summaries_match(sqlite3.connect(tmp_path / "till" / DB_FILE), "the migration")
