"""挂单 / 取单: carts put aside for a while, kept in the store so they survive a restart."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from pos_app.cart import Cart
from pos_app.clock import Clock, from_storage, to_storage
from pos_app.errors import PosError
from pos_app.services.auth import Cashier
from pos_app.settings import ShopSettings
from pos_app.store.db import Store
from pos_app.store.models import HeldOrderRow


@dataclass(frozen=True)
class HeldOrder:
    id: int
    label: str
    created_at: datetime
    total_fen: int
    lines: int


class HeldOrders:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def hold(self, cart: Cart, cashier: Cashier, label: str, settings: ShopSettings) -> HeldOrder:
        cart.require_lines()
        now = self._clock.now()
        rounding = settings.rounding
        default_label = f"挂单 {now.astimezone(ZoneInfo(settings.timezone)):%H:%M}"
        total = cart.totals(rounding).total_fen
        with self._store.unit_of_work() as session:
            row = HeldOrderRow(
                created_at=to_storage(now),
                cashier_id=cashier.id,
                label=label.strip()[:64] or default_label,
                total_fen=total,
                cart_json=json.dumps(cart.to_dict(), ensure_ascii=False),
            )
            session.add(row)
            session.flush()
            held = HeldOrder(row.id, row.label, now, total, len(cart))
        cart.clear()
        return held

    def list(self) -> list[HeldOrder]:
        with self._store.read() as session:
            rows = session.scalars(select(HeldOrderRow).order_by(HeldOrderRow.id)).all()
            return [
                HeldOrder(
                    r.id,
                    r.label,
                    from_storage(r.created_at),
                    r.total_fen,
                    len(json.loads(r.cart_json)["lines"]),
                )
                for r in rows
            ]

    def recall(self, held_id: int) -> Cart:
        """Takes the held cart back out; it is gone from the list once recalled."""
        with self._store.unit_of_work() as session:
            row = session.get(HeldOrderRow, held_id)
            if row is None:
                raise PosError("that held order was already recalled", "该挂单已被取出")
            cart = Cart.from_dict(json.loads(row.cart_json))
            session.delete(row)
        return cart
