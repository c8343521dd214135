"""Refunding a paid payment through its channel, for a paired till, once per out_refund_no.

The payment must be the merchant's and paid (success, or refunded in part; one not final yet is asked of
its channel first); otherwise 404 payment_not_found or 409 payment_not_refundable, and nothing is stored. A new out_refund_no is written,
and committed, before the channel is called: in the same transaction, with the payment row locked, the
refunds accepted or still pending are added up, and one that would take more than was paid is stored
"failed" (refund_exceeds) without asking the channel. A known out_refund_no for another payment or amount
is a 409 out_refund_no_reused; a final one is answered as stored; a pending one asks the channel again
with the same number, which it de-duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from cloud.channel_book import ChannelBook
from cloud.db import Database
from cloud.errors import Conflict
from cloud.payment_models import PaymentRefundRow, PaymentRow
from cloud.payment_service import PaymentService
from cloud.payment_store import Payment, advance
from cloud.payments.failures import FailureReason, failure
from cloud.payments.model import RefundResult
from cloud.records import Device
from cloud.text import clean_line
from pos_app.clock import Clock
from sync.payment_protocol import RefundCommand, RefundStatus

REFUNDABLE = ("success", "refunded")
HOLDING = ("unknown", "refunded")  # refunds that count against what is left to refund
EXCEEDS = failure(FailureReason.REFUND_EXCEEDS, "checked by the cloud")
_COLUMNS = (
    PaymentRefundRow.id,
    PaymentRefundRow.payment_id,
    PaymentRefundRow.out_refund_no,
    PaymentRefundRow.refund_fen,
    PaymentRefundRow.state,
    PaymentRefundRow.reason,
    PaymentRefundRow.message,
)


class OutRefundNoReused(Conflict):
    code = "out_refund_no_reused"


class PaymentNotRefundable(Conflict):
    code = "payment_not_refundable"


@dataclass(frozen=True)
class _Refund:
    id: UUID
    payment_id: UUID
    out_refund_no: str
    refund_fen: int
    state: str
    reason: str
    message: str

    @property
    def final(self) -> bool:
        return self.state != "unknown"


class RefundService:
    def __init__(self, db: Database, clock: Clock, book: ChannelBook, payments: PaymentService) -> None:
        self.db = db
        self.clock = clock
        self.book = book
        self.payments = payments

    def refund(self, device: Device, command: RefundCommand) -> RefundStatus:
        payment = self.payments.known(device, command.out_trade_no)
        refund = self._find(device.merchant_id, command.out_refund_no)
        if refund is None and not payment.final:  # the till saw it paid, the cloud may not have kept that
            self.payments.query(device, command.out_trade_no)
            payment = self.payments.known(device, command.out_trade_no)
        if refund is None:
            if payment.state not in REFUNDABLE:
                raise PaymentNotRefundable(f"这笔支付没有成功（状态 {payment.state}），不能退款")
            refund = self._create(device, payment, command)
        if refund.payment_id != payment.id or refund.refund_fen != command.refund_fen:
            raise OutRefundNoReused(
                f"out_refund_no {command.out_refund_no} was used for another payment or amount; "
                "a new refund needs a new out_refund_no"
            )
        if not refund.final:
            assert payment.channel is not None
            adapter = self.book.adapter(device.merchant_id, payment.channel)
            answer = adapter.refund(
                payment.out_trade_no, refund.out_refund_no, refund.refund_fen, payment.total_fen
            )
            refund = self._record(refund, answer)
        return self._status(payment, refund)

    def _status(self, payment: Payment, refund: _Refund) -> RefundStatus:
        return RefundStatus.model_validate(
            {
                "out_trade_no": payment.out_trade_no,
                "out_refund_no": refund.out_refund_no,
                "channel": payment.channel,
                "state": refund.state,
                "refund_fen": refund.refund_fen,
                "reason": refund.reason,
                "message": refund.message,
            }
        )

    def _find(self, merchant_id: UUID, out_refund_no: str) -> _Refund | None:
        with self.db.read() as conn:
            row = conn.execute(
                select(*_COLUMNS).where(
                    PaymentRefundRow.merchant_id == merchant_id,
                    PaymentRefundRow.out_refund_no == out_refund_no,
                )
            ).first()
        return _Refund(**row._mapping) if row else None

    def _create(self, device: Device, payment: Payment, command: RefundCommand) -> _Refund:
        """The new refund, pending or (when it would take more than is left) failed; a racing twin's row."""
        now = self.clock.now()
        values: dict[str, Any] = {
            "merchant_id": device.merchant_id,
            "payment_id": payment.id,
            "device_id": device.id,
            "out_refund_no": command.out_refund_no,
            "refund_fen": command.refund_fen,
            "note": clean_line(command.reason)[:80],
            "state": "unknown",
            "reason": "",
            "message": "",
            "created_at": now,
            "updated_at": now,
        }
        try:
            with self.db.write() as conn:
                # The payment row's lock makes two refunds of one payment add up one after the other.
                conn.execute(select(PaymentRow.id).where(PaymentRow.id == payment.id).with_for_update())
                held = conn.execute(
                    select(func.coalesce(func.sum(PaymentRefundRow.refund_fen), 0)).where(
                        PaymentRefundRow.payment_id == payment.id, PaymentRefundRow.state.in_(HOLDING)
                    )
                ).scalar_one()
                if held + command.refund_fen > payment.total_fen:
                    values.update(state="failed", reason=EXCEEDS.reason.value, message=EXCEEDS.zh)
                row = conn.execute(insert(PaymentRefundRow).values(**values).returning(*_COLUMNS)).one()
        except IntegrityError:
            raced = self._find(device.merchant_id, command.out_refund_no)
            assert raced is not None, "the insert was refused, so the number is taken"
            return raced
        return _Refund(**row._mapping)

    def _record(self, refund: _Refund, answer: RefundResult) -> _Refund:
        now = self.clock.now()
        state = {"refunded": "refunded", "failed": "failed"}.get(answer.state.value)
        if state is not None:
            why = answer.failure
            values: dict[str, Any] = {"state": state, "updated_at": now}
            if answer.channel_refund_no:
                values["channel_refund_no"] = clean_line(answer.channel_refund_no)[:128]
            if why is not None:
                values.update(reason=why.reason.value, message=why.zh[:200])
            with self.db.write(durable=False) as conn:  # lost: the retry asks the channel again
                conn.execute(
                    update(PaymentRefundRow)
                    .where(PaymentRefundRow.id == refund.id, PaymentRefundRow.state == "unknown")
                    .values(**values)
                )
            if state == "refunded":
                advance(self.db, refund.payment_id, {"state": "refunded", "updated_at": now})
        with self.db.read() as conn:
            row = conn.execute(select(*_COLUMNS).where(PaymentRefundRow.id == refund.id)).one()
        stored = _Refund(**row._mapping)
        if not stored.final and answer.failure is not None:  # say why it is still pending
            return replace(stored, reason=answer.failure.reason.value, message=answer.failure.zh)
        return stored
