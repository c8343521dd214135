"""What must hold after a till died mid-payment and its resolver ran: the customer is charged exactly once
and the sale is recorded exactly once, or nothing stays charged and there is no sale.

The cloud's word on each attempt is asked with the till's own credentials (the payment API's query),
which asks the channel (the sandbox) when it does not know yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from pos_app.services.till import Till
from pos_app.store.models import OrderRow, PaymentAttemptRow, TenderRow
from pos_app.sync_errors import PaymentTradeUnknown
from sync.payment_gateway import TillGateway

MONEY_TAKEN = ("success", "refunded")


@dataclass(frozen=True)
class Verdict:
    sales: int  # orders stored for the checkout
    charged: int  # attempts the cloud says took money (and kept it)
    pending: int  # attempts the till still has not settled
    ok: bool
    detail: str


def verdict(data_dir: Path) -> Verdict:
    till = Till(data_dir)
    gateway = TillGateway(till)()
    try:
        with till.store.read() as session:
            attempts = session.execute(
                select(
                    PaymentAttemptRow.out_trade_no, PaymentAttemptRow.checkout_uuid, PaymentAttemptRow.state
                )
            ).all()
            orders = session.execute(select(OrderRow.uuid, OrderRow.id)).all()
            qr_tenders = set(
                session.scalars(
                    select(TenderRow.reference).where(TenderRow.kind != "cash", TenderRow.kind != "card")
                )
            )
        cloud: dict[str, str] = {}
        for a in attempts:
            try:
                cloud[a.out_trade_no] = gateway.query(a.out_trade_no).state
            except PaymentTradeUnknown:
                cloud[a.out_trade_no] = "never_seen"
        charged = [no for no, state in cloud.items() if state in MONEY_TAKEN]
        pending = [a.out_trade_no for a in attempts if a.state not in ("paid", "failed", "cancelled")]
        checkouts = {a.checkout_uuid for a in attempts}
        sales = [o for o in orders if o.uuid in checkouts]
        ok = (
            len(sales) <= 1
            and not pending
            and sorted(charged) == sorted(no for no in cloud if no in qr_tenders)
            and (len(sales) == 1) == bool(charged)
        )
        detail = f"sales={len(sales)} cloud={cloud} tenders={sorted(qr_tenders)} pending={pending}"
        return Verdict(len(sales), len(charged), len(pending), ok, detail)
    finally:
        gateway.close()
        till.close()
