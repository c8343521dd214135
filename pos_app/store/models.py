"""SQLAlchemy 2 models of the till's SQLite store. Money in fen, time as naive UTC, UUIDs as text."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def new_uuid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Key-value facts about this till: its device UUID."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ProductRow(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200))
    initials: Mapped[str] = mapped_column(String(200), index=True)
    price_fen: Mapped[int]
    unit: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(64), index=True)
    tax_rate_bp: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime]
    barcodes: Mapped[list[BarcodeRow]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="BarcodeRow.position"
    )


class BarcodeRow(Base):
    """A product has one or more codes (GTINs or an in-store PLU); a code belongs to one product."""

    __tablename__ = "product_barcodes"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    product: Mapped[ProductRow] = relationship(back_populates="barcodes")


class QuickKeyRow(Base):
    __tablename__ = "quick_keys"
    slot: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))


class CashierRow(Base):
    __tablename__ = "cashiers"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # cashier | manager
    pin_hash: Mapped[str] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    # local: made on this till, PIN peppered with the till's pepper; cloud: pulled from the merchant's
    # cloud, PIN peppered with the merchant's pepper
    origin: Mapped[str] = mapped_column(String(8), default="local", server_default="local")


class OrderCounterRow(Base):
    """The last order number handed out on a business day: numbers are gapless per device and day."""

    __tablename__ = "order_counters"
    business_day: Mapped[date] = mapped_column(primary_key=True)
    last_seq: Mapped[int]


class OrderRow(Base):
    __tablename__ = "orders"
    __table_args__ = (UniqueConstraint("device_id", "business_day", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    device_id: Mapped[str] = mapped_column(String(36))
    business_day: Mapped[date] = mapped_column(index=True)
    seq: Mapped[int]
    order_no: Mapped[str] = mapped_column(String(32), index=True)
    cashier_id: Mapped[int] = mapped_column(ForeignKey("cashiers.id"))
    created_at: Mapped[datetime] = mapped_column(index=True)
    subtotal_fen: Mapped[int]
    line_discount_fen: Mapped[int]
    order_discount_fen: Mapped[int]
    rounding_fen: Mapped[int]
    rounding_policy: Mapped[str] = mapped_column(String(16))
    total_fen: Mapped[int]
    change_fen: Mapped[int]
    lines: Mapped[list[OrderLineRow]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLineRow.line_no"
    )
    tenders: Mapped[list[TenderRow]] = relationship(back_populates="order", cascade="all, delete-orphan")


class OrderLineRow(Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"), index=True)
    line_no: Mapped[int]
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    barcode: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(8))
    quantity: Mapped[int]  # pieces, or grams
    unit_price_fen: Mapped[int]
    gross_fen: Mapped[int]
    line_discount_fen: Mapped[int]
    order_discount_fen: Mapped[int]
    rounding_fen: Mapped[int]
    net_fen: Mapped[int]
    tax_rate_bp: Mapped[int]
    category: Mapped[str] = mapped_column(String(64))
    price_overridden: Mapped[bool]
    voided: Mapped[bool] = mapped_column(default=False)  # removed before payment; amounts are then 0
    order: Mapped[OrderRow] = relationship(back_populates="lines")


class TenderRow(Base):
    __tablename__ = "tenders"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # cash, card, wechat, alipay, unionpay, bestpay, ecny
    amount_fen: Mapped[int]  # what this tender paid of the total
    tendered_fen: Mapped[int]  # what the customer handed over (cash)
    change_fen: Mapped[int]
    reference: Mapped[str] = mapped_column(String(64), default="")
    order: Mapped[OrderRow] = relationship(back_populates="tenders")


class OverrideRow(Base):
    """A manager's approval of one restricted action: who approved, for whom, what and why."""

    __tablename__ = "overrides"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(32))
    manager_id: Mapped[int] = mapped_column(ForeignKey("cashiers.id"))
    cashier_id: Mapped[int | None] = mapped_column(ForeignKey("cashiers.id"))
    reason: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text, default="")
    order_uuid: Mapped[str | None] = mapped_column(String(36))


class OrderVoidRow(Base):
    """Voiding a completed order is a new record beside it; the order itself is never changed."""

    __tablename__ = "order_voids"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"), unique=True)
    created_at: Mapped[datetime]
    override_id: Mapped[int] = mapped_column(ForeignKey("overrides.id"))


class HeldOrderRow(Base):
    """挂单: a cart put aside, kept as JSON until it is recalled (取单)."""

    __tablename__ = "held_orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime]
    cashier_id: Mapped[int] = mapped_column(ForeignKey("cashiers.id"))
    label: Mapped[str] = mapped_column(String(64))
    total_fen: Mapped[int]
    cart_json: Mapped[str] = mapped_column(Text)


Index("ix_orders_day_seq", OrderRow.business_day, OrderRow.seq)


# The day's sales summed as they are written, so an X or Z over 100,000 orders reads a few hundred rows.
# SQLite's own triggers keep them (migration 0006): after any insert, update or delete of orders,
# order_lines or tenders, each table equals the GROUP BY over the rows it names, and a group with no rows
# left has no row. They are a copy for speed, never a record: `audit verify` recomputes from the journal.


class DaySalesRow(Base):
    """The orders of a business day by cashier and UTC quarter-hour (the hours of a report)."""

    __tablename__ = "day_sales"
    __table_args__ = ({"sqlite_with_rowid": False},)
    business_day: Mapped[date] = mapped_column(primary_key=True)
    cashier_id: Mapped[int] = mapped_column(primary_key=True)
    quarter: Mapped[int] = mapped_column(primary_key=True)  # seconds since 1970 // 900
    orders: Mapped[int]
    total_fen: Mapped[int]
    discount_fen: Mapped[int]  # line and order discounts
    rounding_fen: Mapped[int]  # signed, as orders store it


class DayLineSalesRow(Base):
    """The lines sold on a business day (removed lines left out) by cashier, category and tax rate."""

    __tablename__ = "day_line_sales"
    __table_args__ = ({"sqlite_with_rowid": False},)
    business_day: Mapped[date] = mapped_column(primary_key=True)
    cashier_id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(64), primary_key=True)
    tax_rate_bp: Mapped[int] = mapped_column(primary_key=True)
    lines: Mapped[int]
    items: Mapped[int]  # pieces; a weighed line is one item
    net_fen: Mapped[int]


class DayTenderSalesRow(Base):
    """The tenders of a business day's orders by kind."""

    __tablename__ = "day_tender_sales"
    __table_args__ = ({"sqlite_with_rowid": False},)
    business_day: Mapped[date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    tenders: Mapped[int]
    amount_fen: Mapped[int]


class PrintJobRow(Base):
    """A receipt, reprint or drawer opening owed to the printer; a failed print waits here for a retry.

    A sale's receipt job is written in the sale's own transaction, so a crash between the commit and the
    print cannot lose it; a reprint job is also the record that a copy was printed.
    """

    __tablename__ = "print_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(16))  # receipt | reprint | drawer
    order_uuid: Mapped[str | None] = mapped_column(String(36))
    kick_drawer: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending | printed | abandoned
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]


class OutboxRow(Base):
    """An event owed to the cloud (a sale, a void, an override), written in the record's own transaction.

    Pending events are pushed oldest first and deleted only once the cloud has acknowledged them; an event
    the cloud will never accept is set aside as quarantined, with the cloud's reason, so it blocks nothing.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_id", "status", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # order | override | order_void
    created_at: Mapped[datetime]
    payload: Mapped[str] = mapped_column(Text)  # the event's JSON, shaped as sync.protocol says
    status: Mapped[str] = mapped_column(String(16))  # pending | quarantined
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]


class SyncStateRow(Base):
    """The till's one row of sync state: whom it is paired with, the pull cursors, the last outcome.

    The device secret is not here: it lives in the credentials file beside the database (mode 0600).
    """

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    paired_at: Mapped[datetime | None]
    cloud_url: Mapped[str] = mapped_column(String(200), default="")
    cloud_device_id: Mapped[str] = mapped_column(String(36), default="")
    merchant_name: Mapped[str] = mapped_column(String(200), default="")
    store_name: Mapped[str] = mapped_column(String(200), default="")
    catalog_cursor: Mapped[int] = mapped_column(default=0)
    cashier_cursor: Mapped[int] = mapped_column(default=0)
    catalog_mastered: Mapped[bool] = mapped_column(default=False)  # the first full pull has completed
    last_attempt_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    clock_skew_s: Mapped[int | None]  # the cloud's clock minus the till's, at the last response


class CheckoutRow(Base):
    """A cart being paid with a payment code: written before the first code is charged, so that after a
    crash the resolver can still finish the sale (or give the money back). Its uuid becomes the order's.
    """

    __tablename__ = "checkouts"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime]
    cashier_id: Mapped[int | None] = mapped_column(ForeignKey("cashiers.id"))  # None: a test payment
    cart_json: Mapped[str] = mapped_column(Text)  # "null": not a sale (the installer's test payment)
    total_fen: Mapped[int]
    state: Mapped[str] = mapped_column(String(16), index=True)  # open | completed | abandoned
    updated_at: Mapped[datetime]


class PaymentAttemptRow(Base):
    """One payment code charged through the cloud, written before the request leaves.

    state follows the cloud's answers (pos_app/payment_attempts.py); disposition says what the till wants:
    open (its checkout is still being paid), kept (a tender of a stored sale), release (must end uncharged:
    the resolver cancels it, which reverses any money taken).
    """

    __tablename__ = "payment_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    out_trade_no: Mapped[str] = mapped_column(String(32), unique=True)
    checkout_uuid: Mapped[str] = mapped_column(String(36), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    code_masked: Mapped[str] = mapped_column(String(40))
    amount_fen: Mapped[int]
    state: Mapped[str] = mapped_column(String(16), index=True)
    disposition: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str] = mapped_column(String(64), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    channel_trade_no: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RefundRow(Base):
    """Money given back for lines of a stored sale, approved by a manager; the order itself is unchanged."""

    __tablename__ = "refunds"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(index=True)
    cashier_id: Mapped[int] = mapped_column(ForeignKey("cashiers.id"))
    override_id: Mapped[int] = mapped_column(ForeignKey("overrides.id"))
    reason: Mapped[str] = mapped_column(Text)
    total_fen: Mapped[int]
    state: Mapped[str] = mapped_column(String(16), index=True)  # pending | done | failed
    message: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]


class RefundLineRow(Base):
    __tablename__ = "refund_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    refund_id: Mapped[int] = mapped_column(ForeignKey("refunds.id", ondelete="RESTRICT"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id", ondelete="RESTRICT"), index=True)
    amount_fen: Mapped[int]


class RefundTenderRow(Base):
    """What goes back through one tender of the order; a QR part carries its out_refund_no from the start."""

    __tablename__ = "refund_tenders"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    refund_id: Mapped[int] = mapped_column(ForeignKey("refunds.id", ondelete="RESTRICT"), index=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tenders.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int]
    out_refund_no: Mapped[str | None] = mapped_column(String(64), unique=True)
    reference: Mapped[str] = mapped_column(String(64), default="")
    state: Mapped[str] = mapped_column(String(16))  # pending | done | failed
    message: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]


class JournalEntryRow(Base):
    """One fiscal event in the tamper-evident journal (pos_app/journal.py says how an entry is formed).

    Appended in the event's own transaction; never updated or deleted. `body` is the canonical JSON that
    was hashed and signed; the other columns repeat what the body says, for queries and reports.
    """

    __tablename__ = "journal_entries"
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # gapless from 1
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    ref_uuid: Mapped[str] = mapped_column(String(36), index=True)  # the fiscal record it is about
    business_day: Mapped[date] = mapped_column(index=True)
    created_at: Mapped[datetime]
    body: Mapped[str] = mapped_column(Text)
    hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))


Index("ix_journal_kind_day", JournalEntryRow.kind, JournalEntryRow.business_day)


class ShiftRow(Base):
    """A shift opened on this till with a cash float; its close is a record of its own (ShiftCloseRow)."""

    __tablename__ = "shifts"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    opened_at: Mapped[datetime] = mapped_column(index=True)
    cashier_id: Mapped[int] = mapped_column(ForeignKey("cashiers.id"))
    float_fen: Mapped[int]
    business_day: Mapped[date] = mapped_column(index=True)


class CashMovementRow(Base):
    """Cash put into (pay_in) or taken out of (pay_out) the drawer during a shift, with the reason."""

    __tablename__ = "cash_movements"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime]
    cashier_id: Mapped[int] = mapped_column(ForeignKey("cashiers.id"))
    kind: Mapped[str] = mapped_column(String(8))  # pay_in | pay_out
    amount_fen: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)


class ShiftCloseRow(Base):
    """Closing a shift: the cash counted by denomination against what the drawer should hold."""

    __tablename__ = "shift_closes"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id", ondelete="RESTRICT"), unique=True)
    closed_at: Mapped[datetime]
    cashier_id: Mapped[int] = mapped_column(ForeignKey("cashiers.id"))
    counts_json: Mapped[str] = mapped_column(Text)  # {"10000": 3, "50": 2}: fen per note or coin -> count
    counted_fen: Mapped[int]
    expected_fen: Mapped[int]
    blind: Mapped[bool]  # the cashier counted without seeing the expected figure


class ZReportRow(Base):
    """A closed business day: its sequential number and frozen figures, with the perpetual grand total."""

    __tablename__ = "z_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    z_no: Mapped[int] = mapped_column(unique=True)
    business_day: Mapped[date] = mapped_column(unique=True)
    created_at: Mapped[datetime]
    cashier_id: Mapped[int] = mapped_column(ForeignKey("cashiers.id"))
    orders: Mapped[int]
    gross_fen: Mapped[int]
    refunds_fen: Mapped[int]
    net_fen: Mapped[int]
    grand_total_fen: Mapped[int]  # the net of every Z up to and including this one
    report_json: Mapped[str] = mapped_column(Text)  # the whole report as it was closed
