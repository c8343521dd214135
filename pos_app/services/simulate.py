"""Rings up realistic orders through the same sale and checkout services the screens use.

For demos, load tests and benchmarks: the clock is moved over the chosen days, inside opening hours.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from pos_app.barcodes import ScaleTemplate
from pos_app.catalog import Product
from pos_app.pricing import Discount
from pos_app.services.auth import Cashier
from pos_app.services.checkout import CashTender
from pos_app.services.till import Till


class SteppingClock:
    """A clock the simulation sets; the till reads it like the real one."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current


@dataclass(frozen=True)
class SimulationResult:
    orders: int
    total_fen: int
    lines: int


def _cash_given(due: int, rng: random.Random) -> int:
    """What customers hand over: the exact sum, or the next 10, 50 or 100 yuan."""
    choice = rng.random()
    if choice < 0.3:
        return due
    step = 1000 if choice < 0.6 else 5000 if choice < 0.85 else 10000
    return (due // step + 1) * step


def simulate(
    till: Till,
    clock: SteppingClock,
    cashier: Cashier,
    orders: int,
    days: int = 1,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> SimulationResult:
    rng = random.Random(seed)
    products = till.catalog.index().products
    pieces = [p for p in products if not p.weighed]
    weighed = [p for p in products if p.weighed]
    if not pieces:
        raise ValueError("the catalog is empty: import one first (or use --demo)")
    template = ScaleTemplate(till.settings().scale_template)
    zone = ZoneInfo(till.settings().timezone)
    today = datetime.now(zone).replace(hour=7, minute=0, second=0, microsecond=0)
    first_day = today - timedelta(days=days - 1)
    minutes_open = 16 * 60  # 07:00 to 23:00
    moments = sorted(
        first_day + timedelta(days=rng.randrange(days), minutes=rng.uniform(0, minutes_open))
        for _ in range(orders)
    )
    total = lines = 0
    for done, moment in enumerate(moments, 1):
        clock.current = moment.astimezone(UTC)
        sale = till.new_sale(cashier)
        for _ in range(rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 8))):
            _add_random_line(sale.scan, sale.add, pieces, weighed, template, rng)
        if rng.random() < 0.05 and sale.cart.lines:
            sale.discount_line(sale.cart.lines[-1].line_id, Discount.percent(5))
        due = sale.totals().total_fen
        lines += len(sale.cart)
        completed = till.checkout.pay_cash(sale.cart, cashier, CashTender(_cash_given(due, rng)))
        total += completed.totals.total_fen
        if progress and (done % 100 == 0 or done == orders):
            progress(done, orders)
    return SimulationResult(orders, total, lines)


def _add_random_line(
    scan: Callable[[str], object],
    add: Callable[[Product, int], object],
    pieces: list[Product],
    weighed: list[Product],
    template: ScaleTemplate,
    rng: random.Random,
) -> None:
    if weighed and rng.random() < 0.15:
        product = rng.choice(weighed)
        grams = rng.randint(150, 2500)
        plu = product.main_barcode
        if template.carries_price:
            scan(template.make(plu, (product.price_fen * grams + 500) // 1000))
        else:
            scan(template.make(plu, grams))
        return
    product = rng.choice(pieces)
    if product.main_barcode:
        scan(product.main_barcode)
        if rng.random() < 0.1:
            add(product, rng.randint(1, 2))
    else:
        add(product, 1)
