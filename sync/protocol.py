"""The sync wire protocol: the pydantic models both the till (sync/) and the service (cloud/) speak.

Money is integer fen, time is UTC (ISO 8601 with offset), every record carries the UUID the till made.
Version 1 lives under /v1. The till pushes events (its sales are its own) and pulls the catalog and
cashier accounts by a version cursor (the cloud is the master of those once the till is paired).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

MAX_EVENTS_PER_PUSH = 500
MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_PULL_PAGE = 5000

Fen = Annotated[int, Field(ge=-(10**12), le=10**12)]
Count = Annotated[int, Field(ge=0, le=10**9)]
ShortText = Annotated[str, Field(max_length=200)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- pairing ----------------------------------------------------------------


class PairRequest(Model):
    code: Annotated[str, Field(pattern=r"^\d{8}$")]
    device_uuid: UUID
    device_name: ShortText = ""


class PairResponse(Model):
    device_id: UUID  # the device's id at the cloud: the X-Device-Id of every signed request
    device_secret: Annotated[str, Field(min_length=43)]  # urlsafe base64 of 32 random bytes
    pin_pepper: Annotated[str, Field(min_length=43)]  # the merchant's pepper for cashier PIN hashes
    merchant_id: UUID
    merchant_name: ShortText
    store_id: UUID
    store_name: ShortText
    server_time: datetime


# --- push: the till's events ------------------------------------------------


class OrderLine(Model):
    uuid: UUID
    line_no: Annotated[int, Field(ge=1, le=10_000)]
    product_uuid: UUID | None
    barcode: Annotated[str, Field(max_length=32)]
    name: ShortText
    unit: Annotated[str, Field(max_length=8)]
    quantity: Count  # pieces, or grams for weighed goods
    unit_price_fen: Fen
    gross_fen: Fen
    line_discount_fen: Fen
    order_discount_fen: Fen
    rounding_fen: Fen
    net_fen: Fen
    tax_rate_bp: Annotated[int, Field(ge=0, le=10_000)]
    category: Annotated[str, Field(max_length=64)]
    price_overridden: bool
    voided: bool  # removed before payment; its amounts are then 0


class Tender(Model):
    uuid: UUID
    kind: Annotated[str, Field(max_length=16)]  # cash, card, wechat, alipay, unionpay, bestpay, ecny
    amount_fen: Fen
    tendered_fen: Fen
    change_fen: Fen
    reference: Annotated[str, Field(max_length=64)] = ""


class Order(Model):
    uuid: UUID
    order_no: Annotated[str, Field(max_length=32)]
    business_day: date
    created_at: datetime
    cashier_uuid: UUID
    cashier_name: ShortText
    subtotal_fen: Fen
    line_discount_fen: Fen
    order_discount_fen: Fen
    rounding_fen: Fen
    rounding_policy: Annotated[str, Field(max_length=16)]
    total_fen: Fen
    change_fen: Fen
    lines: Annotated[list[OrderLine], Field(min_length=1, max_length=2000)]
    tenders: Annotated[list[Tender], Field(min_length=1, max_length=50)]


class Override(Model):
    uuid: UUID
    created_at: datetime
    action: Annotated[str, Field(max_length=32)]
    manager_uuid: UUID
    cashier_uuid: UUID | None
    reason: Annotated[str, Field(max_length=2000)]
    detail: Annotated[str, Field(max_length=2000)] = ""
    order_uuid: UUID | None


class OrderVoid(Model):
    uuid: UUID
    order_uuid: UUID
    created_at: datetime
    override_uuid: UUID


class RefundLine(Model):
    order_line_uuid: UUID
    amount_fen: Fen  # the line's net (its share of order discounts and 抹零 already taken off)


class RefundTender(Model):
    """What went back through one of the order's tenders: QR through the channel, cash from the drawer."""

    uuid: UUID
    tender_uuid: UUID  # the order's tender the money goes back through
    kind: Annotated[str, Field(max_length=16)]
    amount_fen: Fen
    reference: Annotated[str, Field(max_length=64)] = ""  # out_refund_no, or the card terminal's trace


class Refund(Model):
    uuid: UUID
    order_uuid: UUID
    created_at: datetime
    # The till's business day of the refund (it counts on that day's reports, not on the sale's);
    # None: the cloud takes created_at's date in Asia/Shanghai.
    business_day: date | None = None
    cashier_uuid: UUID
    manager_uuid: UUID  # who approved it
    reason: Annotated[str, Field(max_length=2000)]
    total_fen: Fen
    lines: Annotated[list[RefundLine], Field(min_length=1, max_length=2000)]
    tenders: Annotated[list[RefundTender], Field(min_length=1, max_length=50)]


class OrderEvent(Model):
    kind: Literal["order"] = "order"
    event_id: UUID
    occurred_at: datetime
    order: Order


class OverrideEvent(Model):
    kind: Literal["override"] = "override"
    event_id: UUID
    occurred_at: datetime
    override: Override


class OrderVoidEvent(Model):
    kind: Literal["order_void"] = "order_void"
    event_id: UUID
    occurred_at: datetime
    void: OrderVoid


class RefundEvent(Model):
    kind: Literal["refund"] = "refund"
    event_id: UUID
    occurred_at: datetime
    refund: Refund


Event = Annotated[OrderEvent | OverrideEvent | OrderVoidEvent | RefundEvent, Field(discriminator="kind")]


class PushRequest(Model):
    events: Annotated[list[Event], Field(min_length=1, max_length=MAX_EVENTS_PER_PUSH)]


class EventResult(Model):
    event_id: UUID
    # stored: new and kept; duplicate: kept before (a retry), also an ack; rejected: will never be
    # accepted as sent (a poison event), with the reason; the till sets it aside and goes on.
    status: Literal["stored", "duplicate", "rejected"]
    error: str = ""


class PushResponse(Model):
    results: list[EventResult]


# --- pull: what the cloud is master of -------------------------------------


class Product(Model):
    uuid: UUID
    name: ShortText
    barcodes: Annotated[list[Annotated[str, Field(max_length=32)]], Field(max_length=20)]
    price_fen: Fen
    unit: Annotated[str, Field(max_length=8)]
    category: Annotated[str, Field(max_length=64)]
    tax_rate_bp: Annotated[int, Field(ge=0, le=10_000)]
    active: bool
    version: Annotated[int, Field(ge=1)]


class CatalogPage(Model):
    products: list[Product]
    next_cursor: Annotated[int, Field(ge=0)]  # ask again with after=next_cursor
    has_more: bool


class Cashier(Model):
    uuid: UUID
    name: ShortText
    role: Literal["cashier", "manager"]
    pin_hash: Annotated[str, Field(max_length=200)]  # argon2id, peppered with the merchant's pepper
    active: bool
    version: Annotated[int, Field(ge=1)]


class CashierPage(Model):
    cashiers: list[Cashier]
    next_cursor: Annotated[int, Field(ge=0)]
    has_more: bool


class Problem(Model):
    """Every 4xx/5xx body: a stable machine code and a human sentence."""

    code: str
    message: str
