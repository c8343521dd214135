"""Rings up realistic orders through the same sale and checkout services the screens use.

For demos, load tests and benchmarks: the clock is moved over the chosen days, inside opening hours. A
share of the orders may be paid by payment code through the till's gateway (the cloud's sandbox in the
demo), with codes the sandbox pays at once.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from pos_app.barcodes import ScaleTemplate
from pos_app.cart import Cart
from pos_app.catalog import Product
from pos_app.payment_attempts import AttemptState
from pos_app.pricing import Discount
from pos_app.scan_codes import CodeKind, classify
from pos_app.services.auth import Cashier
from pos_app.services.checkout import CashTender, CompletedOrder, QrTender
from pos_app.services.till import Till
from pos_app.store.models import new_uuid


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
    qr_orders: int = 0
    opened_shift: bool = False  # no shift was open: one was opened (float 0) before the first order


# A code of each channel's shape (pos_app.scan_codes.PAYMENT_RULES): prefix and length.
_CODE_SHAPES = {
    CodeKind.WECHAT: ("13", 18),
    CodeKind.ALIPAY: ("28", 18),
    CodeKind.UNIONPAY: ("62", 19),
    CodeKind.BESTPAY: ("51", 18),
    CodeKind.ECNY: ("01", 19),
}


def sample_payment_code(kind: CodeKind, rng: random.Random, last_two: int) -> str:
    """A payment code of `kind` whose last two digits pick the sandbox's scenario (00-19: paid at once)."""
    prefix, length = _CODE_SHAPES[kind]
    middle = "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 2))
    return f"{prefix}{middle}{last_two:02d}"


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
    qr_share: float = 0.0,
    channels: tuple[CodeKind, ...] = tuple(_CODE_SHAPES),
) -> SimulationResult:
    rng = random.Random(seed)
    qr_orders = 0
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
    opened_shift = not till.shifts.is_open()
    if opened_shift:  # selling needs an open shift
        clock.current = moments[0].astimezone(UTC)
        till.shifts.open(cashier, 0)
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
        if rng.random() < qr_share and due > 0:
            completed = _pay_by_code(till, sale.cart, cashier, due, rng.choice(channels), rng)
            qr_orders += completed is not None
        else:
            completed = None
        if completed is None:
            completed = till.checkout.pay_cash(sale.cart, cashier, CashTender(_cash_given(due, rng)))
        total += completed.totals.total_fen
        if progress and (done % 100 == 0 or done == orders):
            progress(done, orders)
    return SimulationResult(orders, total, lines, qr_orders, opened_shift)


def _pay_by_code(
    till: Till, cart: Cart, cashier: Cashier, due: int, kind: CodeKind, rng: random.Random
) -> CompletedOrder | None:
    """None when the code did not pay at once: released, so the resolver makes sure it charges nothing."""
    code = sample_payment_code(kind, rng, rng.randrange(20))
    attempt = till.payments.start(cart, cashier, new_uuid(), classify(code), due)
    attempt = till.payments.send(attempt, code, till.settings().shop_name)
    if attempt.state is not AttemptState.PAID:
        till.payments.release(attempt.checkout_uuid)
        return None
    tender = QrTender(attempt.out_trade_no, attempt.channel, due)
    return till.checkout.complete(cart, cashier, [tender], attempt.checkout_uuid)


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
