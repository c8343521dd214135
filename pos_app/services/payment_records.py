"""How the payment service keeps its attempts in SQLite: rows in and out, and the few guarded updates.

A stored final state is never overwritten by a later, vaguer answer (another worker or process may have
settled the attempt first); only a paid attempt may still become cancelled, which reverses it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from pos_app.clock import from_storage, to_storage
from pos_app.payment_attempts import Attempt, AttemptState, Disposition
from pos_app.store.db import Store
from pos_app.store.models import PaymentAttemptRow

NOTHING_TAKEN = (AttemptState.FAILED, AttemptState.CANCELLED)  # final, and no money with the shop
_NEVER_OVERWRITTEN = [s.value for s in NOTHING_TAKEN]


def attempt_row(attempt: Attempt) -> dict[str, object]:
    return {
        "out_trade_no": attempt.out_trade_no,
        "checkout_uuid": attempt.checkout_uuid,
        "channel": attempt.channel,
        "code_masked": attempt.code_masked,
        "amount_fen": attempt.amount_fen,
        "state": attempt.state.value,
        "disposition": attempt.disposition.value,
        "reason": attempt.reason,
        "message": attempt.message,
        "channel_trade_no": attempt.channel_trade_no,
        "created_at": to_storage(attempt.created_at),
        "updated_at": to_storage(attempt.created_at),
    }


def attempt_of(row: PaymentAttemptRow) -> Attempt:
    return Attempt(
        out_trade_no=row.out_trade_no,
        checkout_uuid=row.checkout_uuid,
        channel=row.channel,
        code_masked=row.code_masked,
        amount_fen=row.amount_fen,
        state=AttemptState(row.state),
        disposition=Disposition(row.disposition),
        created_at=from_storage(row.created_at),
        reason=row.reason,
        message=row.message,
        channel_trade_no=row.channel_trade_no,
    )


def attempts_of(store: Store, checkout_uuid: str) -> list[Attempt]:
    with store.read() as session:
        rows = session.scalars(
            select(PaymentAttemptRow)
            .where(PaymentAttemptRow.checkout_uuid == checkout_uuid)
            .order_by(PaymentAttemptRow.id)
        )
        return [attempt_of(row) for row in rows]


def released_unsettled(store: Store) -> list[Attempt]:
    """Attempts no sale keeps that may still hold money."""
    with store.read() as session:
        rows = session.scalars(
            select(PaymentAttemptRow)
            .where(PaymentAttemptRow.disposition == Disposition.RELEASE.value)
            .where(PaymentAttemptRow.state.not_in(_NEVER_OVERWRITTEN))
            .order_by(PaymentAttemptRow.id)
        )
        return [attempt_of(row) for row in rows]


def store_move(store: Store, after: Attempt, now: datetime) -> None:
    with store.transaction() as conn:
        conn.execute(
            update(PaymentAttemptRow)
            .where(PaymentAttemptRow.out_trade_no == after.out_trade_no)
            .where(PaymentAttemptRow.state.not_in(_NEVER_OVERWRITTEN))
            .values(
                state=after.state.value,
                reason=after.reason,
                message=after.message,
                channel_trade_no=after.channel_trade_no,
                updated_at=now,
            )
        )


def release(store: Store, out_trade_no: str, now: datetime) -> None:
    """No sale will keep it (a kept one stays kept): it must end with nothing charged."""
    with store.transaction() as conn:
        conn.execute(
            update(PaymentAttemptRow)
            .where(PaymentAttemptRow.out_trade_no == out_trade_no)
            .where(PaymentAttemptRow.disposition != Disposition.KEPT.value)
            .values(disposition=Disposition.RELEASE.value, updated_at=now)
        )


def hand_over(store: Store, out_trade_no: str, now: datetime) -> None:
    """A released attempt the till could not give back: the merchant does, by hand (the resolver stops)."""
    with store.transaction() as conn:
        conn.execute(
            update(PaymentAttemptRow)
            .where(PaymentAttemptRow.out_trade_no == out_trade_no)
            .where(PaymentAttemptRow.disposition == Disposition.RELEASE.value)
            .values(disposition=Disposition.BY_HAND.value, updated_at=now)
        )


def disposition_of(store: Store, out_trade_no: str) -> Disposition | None:
    with store.read() as session:
        value = session.scalar(
            select(PaymentAttemptRow.disposition).where(PaymentAttemptRow.out_trade_no == out_trade_no)
        )
    return Disposition(value) if value else None
