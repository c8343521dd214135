"""A till's refunds (sync.protocol.RefundEvent): the rules a refund keeps, and the rows it becomes.

The rules that need no database run with the other checks (cloud.ingest); the ones that do run in the
push's transaction: the refunded order is this store's (stored before, or earlier in the same push) and
not voided, every line and tender named is that order's, no line gives back more than its net and no
tender more than it took. A line is refunded once: the refund_lines primary key says so, so two refunds of
one line, however they race, store one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, select

from cloud.models import (
    Base,
    OrderLineRow,
    OrderRow,
    OrderVoidRow,
    RefundLineRow,
    RefundRow,
    RefundTenderRow,
    TenderRow,
)
from pos_app.clock import business_day
from sync.protocol import Event, Order, OrderEvent, OrderVoidEvent, Refund, RefundEvent

FALLBACK_ZONE = "Asia/Shanghai"  # the business day of a refund sent without one: its date there


class RefundRejected(Exception):
    """A refund that breaks a rule; the message goes back to the till."""


def check_refund(refund: Refund) -> None:
    """The rules within the refund itself."""
    lines = sum(line.amount_fen for line in refund.lines)
    if lines != refund.total_fen:
        raise RefundRejected(
            f"the refund lines' amount_fen add up to {lines}, but the refund's total_fen is {refund.total_fen}"
        )
    back = sum(tender.amount_fen for tender in refund.tenders)
    if back != refund.total_fen:
        raise RefundRejected(
            f"the refund tenders' amount_fen add up to {back}, but the refund's total_fen is {refund.total_fen}"
        )
    if any(line.amount_fen < 0 for line in refund.lines) or any(t.amount_fen < 0 for t in refund.tenders):
        raise RefundRejected("a refund gives money back: no amount_fen may be negative")
    named = [line.order_line_uuid for line in refund.lines]
    if len(set(named)) != len(named):
        raise RefundRejected("the refund names one order line twice")
    uuids = [refund.uuid, *(tender.uuid for tender in refund.tenders)]
    if len(set(uuids)) != len(uuids):
        raise RefundRejected("the refund and its tenders must each have their own uuid")


def refund_rows(
    event: RefundEvent, owner: dict[str, Any], now: datetime
) -> dict[type[Base], list[dict[str, Any]]]:
    """The rows of one refund; `owner` holds merchant_id, store_id, device_id and event_id."""
    refund = event.refund
    created = refund.created_at.astimezone(UTC)
    head = {
        **refund.model_dump(exclude={"lines", "tenders"}),
        "created_at": created,
        "business_day": refund.business_day or business_day(created, FALLBACK_ZONE, time(0)),
        **owner,
        "received_at": now.astimezone(UTC),
    }
    return {
        RefundRow: [head],
        RefundLineRow: [{**line.model_dump(), "refund_uuid": refund.uuid} for line in refund.lines],
        RefundTenderRow: [{**tender.model_dump(), "refund_uuid": refund.uuid} for tender in refund.tenders],
    }


@dataclass
class _OrderFacts:
    lines: dict[UUID, int] = field(default_factory=dict)  # line uuid -> net_fen
    tenders: dict[UUID, int] = field(default_factory=dict)  # tender uuid -> amount_fen
    voided: bool = False


def rejected_refunds(conn: Connection, store_id: UUID, events: list[Event]) -> dict[int, str]:
    """Position in `events` -> reason, for the refunds that break a rule needing the stored orders."""
    wanted = {e.refund.order_uuid for e in events if isinstance(e, RefundEvent)}
    if not wanted:
        return {}
    orders = _stored_facts(conn, store_id, wanted)
    reasons: dict[int, str] = {}
    for position, event in enumerate(events):
        if isinstance(event, OrderEvent) and event.order.uuid in wanted:
            orders[event.order.uuid] = _facts(event.order)
        elif isinstance(event, OrderVoidEvent) and event.void.order_uuid in orders:
            orders[event.void.order_uuid].voided = True
        elif isinstance(event, RefundEvent):
            try:
                _check_against(event.refund, orders.get(event.refund.order_uuid))
            except RefundRejected as exc:
                reasons[position] = str(exc)
    return reasons


def _check_against(refund: Refund, order: _OrderFacts | None) -> None:
    if order is None:
        raise RefundRejected(
            f"order {refund.order_uuid} is unknown to this store; push the order before its refund"
        )
    if order.voided:
        raise RefundRejected(f"order {refund.order_uuid} is voided; a voided order cannot be refunded")
    for line in refund.lines:
        net = order.lines.get(line.order_line_uuid)
        if net is None:
            raise RefundRejected(f"line {line.order_line_uuid} is not a line of order {refund.order_uuid}")
        if line.amount_fen > net:
            raise RefundRejected(
                f"line {line.order_line_uuid} gives back {line.amount_fen} fen, more than its net_fen {net}"
            )
    for tender in refund.tenders:
        took = order.tenders.get(tender.tender_uuid)
        if took is None:
            raise RefundRejected(f"tender {tender.tender_uuid} is not a tender of order {refund.order_uuid}")
        if tender.amount_fen > took:
            raise RefundRejected(
                f"tender {tender.tender_uuid} gives back {tender.amount_fen} fen, more than it took ({took})"
            )


def _facts(order: Order) -> _OrderFacts:
    return _OrderFacts(
        {line.uuid: line.net_fen for line in order.lines}, {t.uuid: t.amount_fen for t in order.tenders}
    )


def _stored_facts(conn: Connection, store_id: UUID, wanted: Iterable[UUID]) -> dict[UUID, _OrderFacts]:
    found = conn.execute(
        select(OrderRow.uuid).where(OrderRow.uuid.in_(wanted), OrderRow.store_id == store_id)
    )
    orders = {uuid: _OrderFacts() for uuid in found.scalars()}
    if not orders:
        return orders
    lines = select(OrderLineRow.uuid, OrderLineRow.order_uuid, OrderLineRow.net_fen)
    for uuid, order_uuid, net in conn.execute(lines.where(OrderLineRow.order_uuid.in_(orders))):
        orders[order_uuid].lines[uuid] = net
    tenders = select(TenderRow.uuid, TenderRow.order_uuid, TenderRow.amount_fen)
    for uuid, order_uuid, amount in conn.execute(tenders.where(TenderRow.order_uuid.in_(orders))):
        orders[order_uuid].tenders[uuid] = amount
    voids = select(OrderVoidRow.order_uuid).where(OrderVoidRow.order_uuid.in_(orders))
    for order_uuid in conn.execute(voids).scalars():
        orders[order_uuid].voided = True
    return orders


def refund_clash(conn: Connection, event: RefundEvent) -> str:
    """Which of the refund's keys is taken (asked only after a constraint refused the insert)."""
    refund = event.refund
    if conn.execute(select(RefundRow.uuid).where(RefundRow.uuid == refund.uuid)).first():
        return f"refund {refund.uuid} already exists; it was pushed before under another event_id"
    lines = [line.order_line_uuid for line in refund.lines]
    taken = conn.execute(
        select(RefundLineRow.order_line_uuid).where(RefundLineRow.order_line_uuid.in_(lines))
    )
    first = taken.scalars().first()
    if first is not None:
        return f"line {first} was refunded before; a line is refunded once"
    return "a tender uuid of this refund is already taken; every record needs its own UUID"
