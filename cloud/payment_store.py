"""The payments table as the payment service uses it: a row made before the channel call, found by the
merchant's out_trade_no, and moved forward by what a channel answered, never back.

Each function is one short transaction; none is open while a channel is called. The unique
(merchant_id, out_trade_no) decides between two requests that make the same payment at once (INSERT ...
ON CONFLICT DO NOTHING, then the row that is there is read in the same transaction), and every state
change is one conditional UPDATE, so a late "userpaying" can never overwrite a "success", nor a late
"success" a "reversed".

The new row is committed durably (fsync) before the channel is called. A move out of a state that is not
final (unknown, userpaying) is not waited on: lost in a power cut, the payment is back to where it was and
the next query learns the outcome from the channel again. A move out of a final state (a reversal or a
refund of a paid payment) is durable, since a query answers a final state without asking the channel.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from cloud.db import Database, LeanTx
from cloud.models import new_id
from cloud.payment_models import PaymentRow
from cloud.payments.model import PayResult
from cloud.text import clean_line
from sync.payment_protocol import FINAL_PAYMENT_STATES, PaymentStatus

# The states each state may be reached from. "unknown" is where a payment starts and is never re-entered.
MAY_FOLLOW: dict[str, frozenset[str]] = {
    "userpaying": frozenset({"unknown"}),
    "success": frozenset({"unknown", "userpaying"}),
    "failed": frozenset({"unknown", "userpaying"}),
    "closed": frozenset({"unknown", "userpaying"}),
    "reversed": frozenset({"unknown", "userpaying", "success"}),
    "refunded": frozenset({"unknown", "userpaying", "success"}),
}
# Core statements on the table, built once: SQLAlchemy then reuses their compiled SQL (the payment path
# runs a few hundred times a second, and building an ORM statement per call costs more than the SQL).
PAYMENTS = cast(Table, PaymentRow.__table__)
_COLUMNS = tuple(
    PAYMENTS.c[name]
    for name in (
        "id",
        "out_trade_no",
        "channel",
        "amount_fen",
        "charged_fen",
        "auth_code_hash",
        "state",
        "channel_trade_no",
        "reason",
        "message",
        "created_at",
    )
)
_FIND = select(*_COLUMNS).where(
    PAYMENTS.c.merchant_id == bindparam("b_merchant"), PAYMENTS.c.out_trade_no == bindparam("b_no")
)
_BY_ID = select(*_COLUMNS).where(PAYMENTS.c.id == bindparam("b_id"))
_UNIQUE = ("merchant_id", "out_trade_no")
_CREATE = {  # per dialect: no row comes back when the merchant's number is taken
    "sqlite": sqlite.insert(PAYMENTS).on_conflict_do_nothing(index_elements=_UNIQUE).returning(*_COLUMNS),
    "postgresql": postgresql.insert(PAYMENTS)
    .on_conflict_do_nothing(index_elements=_UNIQUE)
    .returning(*_COLUMNS),
}
_ADVANCE = {  # per state reached: UPDATE ... WHERE id = :b_id AND (state = 'x' OR state = 'y')
    state: update(PAYMENTS)
    .where(PAYMENTS.c.id == bindparam("b_id"), or_(*(PAYMENTS.c.state == before for before in sorted(after))))
    .returning(*_COLUMNS)
    for state, after in MAY_FOLLOW.items()
}


def code_hash(auth_code: str) -> str:
    """What is kept of a payment code: enough to tell a retry from another code, useless to pay with."""
    return hashlib.sha256(auth_code.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Payment:
    id: UUID
    out_trade_no: str
    channel: str | None  # None: a tombstone, closed by a cancel before any pay arrived
    amount_fen: int | None
    charged_fen: int | None
    auth_code_hash: str | None
    state: str
    channel_trade_no: str | None
    reason: str
    message: str
    created_at: datetime

    @property
    def final(self) -> bool:
        return self.state in FINAL_PAYMENT_STATES

    @property
    def total_fen(self) -> int:
        """What the order at the channel is for: the charged amount, else the asked one."""
        return self.charged_fen or self.amount_fen or 0

    def status(self, *, reason: str = "", message: str = "") -> PaymentStatus:
        """As the till hears it; a reason passed here (of an answer that changed nothing) fills a blank."""
        assert self.channel is not None, "a tombstone has no status"
        return PaymentStatus.model_validate(
            {
                "out_trade_no": self.out_trade_no,
                "channel": self.channel,
                "state": self.state,
                "amount_fen": self.charged_fen,
                "channel_trade_no": self.channel_trade_no,
                "reason": self.reason or reason,
                "message": self.message or message,
                "created_at": self.created_at,
            }
        )


def find(db: Database, merchant_id: UUID, out_trade_no: str) -> Payment | None:
    with db.lean_read() as tx:
        row = tx.first(_FIND, {"b_merchant": merchant_id, "b_no": out_trade_no})
    return Payment(**row) if row else None


def find_by_id(db: Database, payment_id: UUID) -> Payment:
    with db.lean_read() as tx:
        row = tx.first(_BY_ID, {"b_id": payment_id})
    assert row is not None, f"payment {payment_id} is gone"
    return Payment(**row)


def create(db: Database, values: dict[str, Any]) -> Payment | None:
    """Inserts and commits the row; None when the merchant's out_trade_no is taken (by a retry or a race)."""
    payment, made = create_or_find(db, values)
    return payment if made else None


def create_or_find(
    db: Database, values: dict[str, Any], *, with_row: Callable[[LeanTx], None] | None = None
) -> tuple[Payment, bool]:
    """Inserts and commits the row: (it, True); or (the row there, False) when the merchant's out_trade_no
    is taken (by a retry or a race). with_row: a write committed with it, first (a signed request's nonce)."""
    with db.lean_write() as tx:
        if with_row is not None:
            with_row(tx)
        row = tx.first(_CREATE[db.engine.dialect.name], {"id": new_id(), **values})
        made = row is not None
        if row is None:
            row = tx.first(_FIND, {"b_merchant": values["merchant_id"], "b_no": values["out_trade_no"]})
            assert row is not None, "the insert was refused, so the number is taken"
    return Payment(**row), made


def record(db: Database, payment: Payment, result: PayResult, now: datetime) -> Payment:
    """Stores a channel's answer if it moves the payment forward; returns the row as it stands after."""
    values: dict[str, Any] = {"state": result.state.value, "updated_at": now}
    if result.amount_fen is not None:
        values["charged_fen"] = result.amount_fen
    if result.channel_trade_no:
        values["channel_trade_no"] = clean_line(result.channel_trade_no)[:128]
    if result.failure is not None:
        values["reason"] = result.failure.reason.value
        values["message"] = result.failure.zh[:200]
    return advance(db, payment.id, values)


def advance(db: Database, payment_id: UUID, values: dict[str, Any]) -> Payment:
    """UPDATE ... WHERE the current state may be followed by values['state']; the row as it stands after."""
    allowed = MAY_FOLLOW.get(values["state"], frozenset())
    if allowed:
        with db.lean_write(durable=bool(allowed & FINAL_PAYMENT_STATES)) as tx:
            row = tx.first(_ADVANCE[values["state"]], {**values, "b_id": payment_id})
        if row is not None:
            return Payment(**row)
    return find_by_id(db, payment_id)
