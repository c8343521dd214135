"""Taking in what a till pushes: the envelope, then each event checked on its own.

The envelope is checked first (a bad one stores nothing: 422). Then every event is validated against
sync.protocol.Event and the rules a total must keep; a bad event is answered "rejected" with the reason
and the others go on. cloud.records writes the good ones, exactly once.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from pydantic import TypeAdapter, ValidationError

from cloud.db import Database
from cloud.errors import InvalidInput
from cloud.records import Device, Rejected, rejected_refunds_of, rejected_voids, store_batch, store_one
from cloud.refund_records import RefundRejected, check_refund
from cloud.text import storable
from pos_app.clock import Clock
from sync.protocol import (
    MAX_EVENTS_PER_PUSH,
    Event,
    EventResult,
    Order,
    OrderEvent,
    OrderVoidEvent,
    OverrideEvent,
    Refund,
)

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)
_MAX_ERROR = 500
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # times outside these years are a till's clock gone wrong
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def parse_envelope(body: bytes) -> list[dict[str, Any]]:
    """The events of a push body, each an object with a UUID event_id, or InvalidInput (422)."""
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError):
        raise InvalidInput("the body is not JSON") from None
    if not isinstance(doc, dict) or set(doc) != {"events"}:
        raise InvalidInput('the body must be a JSON object {"events": [...]} with no other member')
    events = doc["events"]
    if not isinstance(events, list) or not 1 <= len(events) <= MAX_EVENTS_PER_PUSH:
        raise InvalidInput(f"events must be a list of 1 to {MAX_EVENTS_PER_PUSH} events")
    for index, event in enumerate(events):
        if not isinstance(event, dict):
            raise InvalidInput(f"events[{index}] is not a JSON object")
        if not _is_uuid(event.get("event_id")):
            raise InvalidInput(f"events[{index}].event_id is not a UUID")
    return events


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def store_events(
    db: Database, clock: Clock, device: Device, events: list[dict[str, Any]]
) -> list[EventResult]:
    now = clock.now()
    verdicts: dict[int, EventResult] = {}
    good: list[tuple[int, Event]] = []
    for index, raw in enumerate(events):
        event_id = UUID(raw["event_id"])
        try:
            if not storable(raw):
                raise Rejected("text may not contain NUL characters or lone UTF-16 surrogates")
            event = _EVENT.validate_python(raw)
            check_event(event)
        except ValidationError as exc:
            verdicts[index] = EventResult(event_id=event_id, status="rejected", error=describe(exc))
        except (Rejected, RefundRejected) as exc:
            verdicts[index] = _rejected(event_id, str(exc))
        else:
            good.append((index, event))
    with db.write() as conn:
        for rejected in (rejected_voids, rejected_refunds_of):  # voids first: a refund looks at them
            for position, reason in rejected(conn, device, [e for _, e in good]).items():
                index, event = good[position]
                verdicts[index] = _rejected(event.event_id, reason)
            good = [(i, e) for i, e in good if i not in verdicts]
        if good and store_batch(conn, device, [e for _, e in good], now):
            verdicts.update({i: EventResult(event_id=e.event_id, status="stored") for i, e in good})
        else:
            for index, event in good:  # one at a time: duplicates and clashes are found each on its own
                try:
                    verdicts[index] = EventResult(
                        event_id=event.event_id, status=store_one(conn, device, event, now)
                    )
                except Rejected as exc:
                    verdicts[index] = _rejected(event.event_id, str(exc))
    return [verdicts[i] for i in range(len(events))]


def _rejected(event_id: UUID, reason: str) -> EventResult:
    return EventResult(event_id=event_id, status="rejected", error=reason[:_MAX_ERROR])


def describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False)[:3]:
        where = ".".join(str(p) for p in error["loc"])
        parts.append(f"{where}: {error['msg']}" if where else str(error["msg"]))
    more = exc.error_count() - len(parts)
    text = "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
    return text[:_MAX_ERROR]


# --- the rules an event must keep ---------------------------------------------------------------------


def check_event(event: Event) -> None:
    _moment(event.occurred_at, "occurred_at")
    if isinstance(event, OrderEvent):
        check_order(event.order)
    elif isinstance(event, OverrideEvent):
        _moment(event.override.created_at, "override.created_at")
    elif isinstance(event, OrderVoidEvent):
        _moment(event.void.created_at, "void.created_at")
    else:
        check_refund_times(event.refund)
        check_refund(event.refund)


def check_refund_times(refund: Refund) -> None:
    _moment(refund.created_at, "refund.created_at")
    if refund.business_day is not None:
        _day(refund.business_day, "refund.business_day")


def _moment(moment: datetime, name: str) -> None:
    """A time with its UTC offset, within the years a till can have been in use (a clock gone wrong)."""
    if moment.utcoffset() is None:
        raise Rejected(f"{name} has no UTC offset; times are sent as ISO 8601 with an offset")
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is None or not EARLIEST <= utc < LATEST:
        raise Rejected(f"{name} {moment.isoformat()} is not between {EARLIEST:%Y} and {LATEST:%Y}")


def _day(day: date, name: str) -> None:
    if not EARLIEST.date() <= day < LATEST.date():
        raise Rejected(f"{name} {day.isoformat()} is not between {EARLIEST:%Y} and {LATEST:%Y}")


def check_order(order: Order) -> None:
    _moment(order.created_at, "order.created_at")
    _day(order.business_day, "order.business_day")
    net = sum(line.net_fen for line in order.lines)
    if net != order.total_fen:
        raise Rejected(f"the lines' net_fen add up to {net}, but the order's total_fen is {order.total_fen}")
    paid = sum(tender.amount_fen for tender in order.tenders)
    if paid != order.total_fen:
        raise Rejected(
            f"the tenders' amount_fen add up to {paid}, but the order's total_fen is {order.total_fen}"
        )
    numbers = [line.line_no for line in order.lines]
    if len(set(numbers)) != len(numbers):
        raise Rejected("two lines of the order have the same line_no")
    for line in order.lines:
        if line.voided and line.net_fen != 0:
            raise Rejected(f"line {line.line_no} is voided but its net_fen is {line.net_fen}, not 0")
    uuids = [order.uuid, *(line.uuid for line in order.lines), *(tender.uuid for tender in order.tenders)]
    if len(set(uuids)) != len(uuids):
        raise Rejected("the order, its lines and its tenders must each have their own uuid")
