"""Paying, querying and cancelling for a paired till: the payment row first, then the channel, then the answer.

pay: the code is classified (pos_app.scan_codes) and routed to the merchant's adapter. A code that is no
payment code, or of a channel no adapter speaks (JD Pay), is refused with a 422 Problem and nothing is
stored: there is no channel to keep it under. A channel the merchant has not opened is a stored "failed"
payment (reason channel_not_configured, the cashier's words in message). Otherwise the row is committed
as "unknown" and only then is the channel called, outside any transaction.

A known out_trade_no: a tombstone answers "closed" (order_closed); another code or amount is a 409
out_trade_no_reused; a final state is answered as stored; otherwise the channel's pay is called again with
the same number and code, which every channel treats as the same order (so two racing pays make one).

cancel of a number never seen stores a closed tombstone with no channel and answers done; of a known
one calls reverse and stores "reversed" when it is done. Another merchant's numbers are never found.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from cloud.channel_book import ChannelBook
from cloud.db import Database, LeanTx
from cloud.errors import CloudError, Conflict, NotFound
from cloud.payment_store import Payment, advance, code_hash, create_or_find, find, record
from cloud.payments.errors import ChannelNotConfigured, ChannelNotSupported
from cloud.payments.failures import FailureReason, failure
from cloud.payments.model import PaymentChannel, PayRequest, PayResult, ReverseState
from cloud.records import Device
from pos_app.clock import Clock
from pos_app.scan_codes import classify
from sync.payment_protocol import CancelResult, ChannelList, PayCommand, PaymentStatus

log = logging.getLogger(__name__)

CLOSED = failure(FailureReason.ORDER_CLOSED, "closed by cancel")
REFUNDED_NO_REVERSE = "该笔支付已有退款，不能撤销；如需退还余款请使用退款"


class PaymentNotFound(NotFound):
    code = "payment_not_found"


class OutTradeNoReused(Conflict):
    code = "out_trade_no_reused"


class CodeNotPayable(CloudError):
    status = 422
    code = "not_a_payment_code"


class PaymentService:
    def __init__(self, db: Database, clock: Clock, book: ChannelBook) -> None:
        self.db = db
        self.clock = clock
        self.book = book

    # -- pay ------------------------------------------------------------------------------------------

    def pay(
        self, device: Device, command: PayCommand, *, with_row: Callable[[LeanTx], None] | None = None
    ) -> PaymentStatus:
        """with_row: a write to commit with the payment row (the request's nonce, cloud/auth.py)."""
        scanned = classify(command.auth_code)
        if not scanned.is_payment:
            raise CodeNotPayable("这不是付款码，请扫描顾客的付款码")
        channel = scanned.kind.value
        adapter: PaymentChannel | None = None
        refusal = ""
        try:
            adapter = self.book.adapter(device.merchant_id, channel)
        except ChannelNotSupported as exc:
            raise CloudError(exc.zh, code=exc.code, status=422) from None
        except ChannelNotConfigured as exc:
            refusal = exc.zh
        hashed = code_hash(command.auth_code)
        now = self.clock.now()
        known, made = create_or_find(
            self.db,
            {
                "merchant_id": device.merchant_id,
                "store_id": device.store_id,
                "device_id": device.id,
                "out_trade_no": command.out_trade_no,
                "channel": channel,
                "amount_fen": command.amount_fen,
                "auth_code_hash": hashed,
                "subject": command.subject,
                "order_uuid": command.order_uuid,
                "state": "failed" if refusal else "unknown",
                "reason": FailureReason.CHANNEL_NOT_CONFIGURED.value if refusal else "",
                "message": refusal,
                "created_at": now,
                "updated_at": now,
            },
            with_row=with_row,
        )
        if made:
            return self._charge(device, known, command, adapter) if adapter else known.status()
        if known.channel is None:
            return PaymentStatus.model_validate(
                {
                    "out_trade_no": command.out_trade_no,
                    "channel": channel,
                    "state": "closed",
                    "reason": CLOSED.reason.value,
                    "message": CLOSED.zh,
                    "created_at": known.created_at,
                }
            )
        if known.auth_code_hash != hashed or known.amount_fen != command.amount_fen:
            raise OutTradeNoReused(
                f"out_trade_no {command.out_trade_no} was used for another payment code or amount; "
                "a new payment needs a new out_trade_no"
            )
        if known.final or adapter is None:
            return known.status()
        return self._charge(device, known, command, adapter)

    def _charge(
        self, device: Device, payment: Payment, command: PayCommand, adapter: PaymentChannel
    ) -> PaymentStatus:
        result = adapter.pay(
            PayRequest(
                out_trade_no=command.out_trade_no,
                auth_code=command.auth_code,
                amount_fen=command.amount_fen,
                subject=command.subject,
                store_id=device.store_id.hex,
                terminal_id=device.id.hex,
            )
        )
        if result.amount_fen is not None and result.amount_fen != command.amount_fen:
            log.error(
                "%s charged %d fen for %s, asked %d",
                payment.channel,
                result.amount_fen,
                payment.out_trade_no,
                command.amount_fen,
            )
        return self._stored(payment, result)

    def _stored(self, payment: Payment, result: PayResult) -> PaymentStatus:
        stored = record(self.db, payment, result, self.clock.now())
        why = result.failure
        return stored.status(reason=why.reason.value, message=why.zh) if why else stored.status()

    # -- query ----------------------------------------------------------------------------------------

    def query(self, device: Device, out_trade_no: str) -> PaymentStatus:
        payment = self.known(device, out_trade_no)
        if payment.final:
            return payment.status()
        assert payment.channel is not None
        result = self.book.adapter(device.merchant_id, payment.channel).query(out_trade_no)
        return self._stored(payment, result)

    def known(self, device: Device, out_trade_no: str) -> Payment:
        """The merchant's payment with a channel; a number never paid (or only cancelled) is not found."""
        payment = find(self.db, device.merchant_id, out_trade_no)
        if payment is None or payment.channel is None:
            raise PaymentNotFound(f"no payment {out_trade_no} was made here")
        return payment

    # -- cancel ---------------------------------------------------------------------------------------

    def cancel(self, device: Device, out_trade_no: str) -> CancelResult:
        payment = find(self.db, device.merchant_id, out_trade_no)
        if payment is None:
            payment = self._tombstone(device, out_trade_no)
        if payment.channel is None:
            return CancelResult(
                out_trade_no=out_trade_no, channel=None, outcome="done", state="closed", money_returned=False
            )
        channel = payment.channel

        def answer(outcome: str, **more: object) -> CancelResult:
            return CancelResult.model_validate(
                {"out_trade_no": out_trade_no, "channel": channel, "outcome": outcome, **more}
            )

        if payment.state in ("failed", "closed", "reversed"):
            return answer(
                "done", state=payment.state, money_returned=None if payment.state == "reversed" else False
            )
        if payment.state == "refunded":
            return answer(
                "refused",
                state="refunded",
                reason=FailureReason.REVERSE_REFUSED.value,
                message=REFUNDED_NO_REVERSE,
            )
        result = self.book.adapter(device.merchant_id, channel).reverse(out_trade_no, payment.created_at)
        why = result.failure
        reason, message = (why.reason.value, why.zh) if why else ("", "")
        if result.state is ReverseState.DONE:
            stored = advance(self.db, payment.id, {"state": "reversed", "updated_at": self.clock.now()})
            returned = result.money_returned
            if returned is None and payment.state == "success":
                returned = True
            return answer("done", state=stored.state, money_returned=returned)
        if result.state is ReverseState.TOO_EARLY:
            return answer("too_early", state=payment.state, not_before=result.not_before)
        if result.state is ReverseState.REFUSED:
            return answer("refused", state=payment.state, reason=reason, message=message)
        return answer("retry", state=payment.state, reason=reason, message=message)

    def _tombstone(self, device: Device, out_trade_no: str) -> Payment:
        now = self.clock.now()
        payment, made = create_or_find(
            self.db,
            {
                "merchant_id": device.merchant_id,
                "store_id": device.store_id,
                "device_id": device.id,
                "out_trade_no": out_trade_no,
                "channel": None,
                "amount_fen": None,
                "auth_code_hash": None,
                "subject": "",
                "state": "closed",
                "reason": CLOSED.reason.value,
                "message": CLOSED.zh,
                "created_at": now,
                "updated_at": now,
            },
        )
        if made:
            log.info("cancel of %s before any pay: the number is closed", out_trade_no)
        return payment  # when not made: a pay made it a moment ago

    # -- channels -------------------------------------------------------------------------------------

    def channels(self, device: Device) -> ChannelList:
        return ChannelList.model_validate({"channels": self.book.open_channels(device.merchant_id)})
