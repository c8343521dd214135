"""SQLAlchemy 2 models of the cloud's database (SQLite or PostgreSQL).

Money is integer fen (BigInteger); times are timezone-aware UTC; the till's records keep the UUIDs the
till made as their primary keys, so a retried or duplicated push can never store a record twice: the
database's constraint decides, not a prior SELECT. Fiscal records (orders, lines, tenders, overrides,
voids, refunds) are only ever inserted; a void or a refund is a record of its own. The payment side's
tables are in cloud/payment_models.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

from sqlalchemy import (
    BigInteger,
    DateTime,
    Dialect,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC in and out: TIMESTAMPTZ on PostgreSQL, naive UTC text on SQLite (which has no zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_id() -> UUID:
    return uuid4()


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime(), int: BigInteger(), UUID: Uuid()}


# --- tenants and devices ----------------------------------------------------------------------------


class MerchantRow(Base):
    __tablename__ = "merchants"
    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Urlsafe base64 of 32 random bytes; the decoded bytes key cashier PIN hashes (pos_app.pin_hash).
    pin_pepper: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


class StoreRow(Base):
    __tablename__ = "stores"
    __table_args__ = (UniqueConstraint("merchant_id", "name"),)
    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    merchant_id: Mapped[UUID] = mapped_column(ForeignKey("merchants.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Per-store counters, only ever raised; each changed product or cashier takes the next value.
    catalog_version: Mapped[int] = mapped_column(default=0)
    cashier_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]


class DeviceRow(Base):
    """One pairing of a till. Re-pairing the same till makes a new row and revokes the old one."""

    __tablename__ = "devices"
    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    store_id: Mapped[UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    device_uuid: Mapped[UUID] = mapped_column(index=True)  # the till's own id
    name: Mapped[str] = mapped_column(String(200))
    # The HMAC key itself (urlsafe base64), needed to verify signatures. Production would encrypt it at
    # rest (envelope encryption with a key from a KMS); it never appears in logs or in any listing.
    secret: Mapped[str] = mapped_column(String(64))
    paired_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]


class PairingCodeRow(Base):
    __tablename__ = "pairing_codes"
    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(8), index=True)
    store_id: Mapped[UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    device_id: Mapped[UUID | None] = mapped_column(ForeignKey("devices.id"))


class NonceRow(Base):
    """Nonces seen per device; the primary key (device_id, nonce) is what refuses a replay."""

    __tablename__ = "nonces"
    device_id: Mapped[UUID] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(index=True)


# --- what the tills push ----------------------------------------------------------------------------


class ReceivedEventRow(Base):
    __tablename__ = "received_events"
    event_id: Mapped[UUID] = mapped_column(primary_key=True)
    device_id: Mapped[UUID] = mapped_column(ForeignKey("devices.id"), index=True)
    store_id: Mapped[UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime]
    received_at: Mapped[datetime]


class OrderRow(Base):
    __tablename__ = "orders"
    __table_args__ = (Index("ix_orders_store_day", "store_id", "business_day"),)
    uuid: Mapped[UUID] = mapped_column(primary_key=True)
    merchant_id: Mapped[UUID] = mapped_column(ForeignKey("merchants.id"), index=True)
    store_id: Mapped[UUID] = mapped_column(ForeignKey("stores.id"))
    device_id: Mapped[UUID] = mapped_column(ForeignKey("devices.id"), index=True)
    event_id: Mapped[UUID] = mapped_column(ForeignKey("received_events.event_id"), index=True)
    order_no: Mapped[str] = mapped_column(String(32))
    business_day: Mapped[date]
    created_at: Mapped[datetime]
    cashier_uuid: Mapped[UUID]
    cashier_name: Mapped[str] = mapped_column(String(200))
    subtotal_fen: Mapped[int]
    line_discount_fen: Mapped[int]
    order_discount_fen: Mapped[int]
    rounding_fen: Mapped[int]
    rounding_policy: Mapped[str] = mapped_column(String(16))
    total_fen: Mapped[int]
    change_fen: Mapped[int]
    received_at: Mapped[datetime]


class OrderLineRow(Base):
    __tablename__ = "order_lines"
    __table_args__ = (UniqueConstraint("order_uuid", "line_no"),)
    uuid: Mapped[UUID] = mapped_column(primary_key=True)
    order_uuid: Mapped[UUID] = mapped_column(ForeignKey("orders.uuid"))
    line_no: Mapped[int]
    product_uuid: Mapped[UUID | None]
    barcode: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(8))
    quantity: Mapped[int]
    unit_price_fen: Mapped[int]
    gross_fen: Mapped[int]
    line_discount_fen: Mapped[int]
    order_discount_fen: Mapped[int]
    rounding_fen: Mapped[int]
    net_fen: Mapped[int]
    tax_rate_bp: Mapped[int]
    category: Mapped[str] = mapped_column(String(64))
    price_overridden: Mapped[bool]
    voided: Mapped[bool]


class TenderRow(Base):
    __tablename__ = "tenders"
    uuid: Mapped[UUID] = mapped_column(primary_key=True)
    order_uuid: Mapped[UUID] = mapped_column(ForeignKey("orders.uuid"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int]
    tendered_fen: Mapped[int]
    change_fen: Mapped[int]
    reference: Mapped[str] = mapped_column(String(64))


class OverrideRow(Base):
    """A manager's approval. Its order may not be pushed yet (a discount approved on a cart): no FK."""

    __tablename__ = "overrides"
    uuid: Mapped[UUID] = mapped_column(primary_key=True)
    merchant_id: Mapped[UUID] = mapped_column(ForeignKey("merchants.id"), index=True)
    store_id: Mapped[UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    device_id: Mapped[UUID] = mapped_column(ForeignKey("devices.id"))
    event_id: Mapped[UUID] = mapped_column(ForeignKey("received_events.event_id"), index=True)
    created_at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(32))
    manager_uuid: Mapped[UUID]
    cashier_uuid: Mapped[UUID | None]
    reason: Mapped[str] = mapped_column(String(2000))
    detail: Mapped[str] = mapped_column(String(2000))
    order_uuid: Mapped[UUID | None] = mapped_column(index=True)


class OrderVoidRow(Base):
    """A completed order voided by a manager; the order itself is never updated. One void per order."""

    __tablename__ = "order_voids"
    uuid: Mapped[UUID] = mapped_column(primary_key=True)
    order_uuid: Mapped[UUID] = mapped_column(ForeignKey("orders.uuid"), unique=True)
    store_id: Mapped[UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    device_id: Mapped[UUID] = mapped_column(ForeignKey("devices.id"))
    event_id: Mapped[UUID] = mapped_column(ForeignKey("received_events.event_id"), index=True)
    created_at: Mapped[datetime]
    override_uuid: Mapped[UUID]


class RefundRow(Base):
    """A refund the till made on one of its orders; lines and tenders below. Only ever inserted."""

    __tablename__ = "refunds"
    __table_args__ = (Index("ix_refunds_store_day", "store_id", "business_day"),)
    uuid: Mapped[UUID] = mapped_column(primary_key=True)
    merchant_id: Mapped[UUID] = mapped_column(ForeignKey("merchants.id"), index=True)
    store_id: Mapped[UUID] = mapped_column(ForeignKey("stores.id"))
    device_id: Mapped[UUID] = mapped_column(ForeignKey("devices.id"))
    event_id: Mapped[UUID] = mapped_column(ForeignKey("received_events.event_id"), index=True)
    order_uuid: Mapped[UUID] = mapped_column(ForeignKey("orders.uuid"), index=True)
    business_day: Mapped[date]
    created_at: Mapped[datetime]
    cashier_uuid: Mapped[UUID]
    manager_uuid: Mapped[UUID]
    reason: Mapped[str] = mapped_column(String(2000))
    total_fen: Mapped[int]
    received_at: Mapped[datetime]


class RefundLineRow(Base):
    """The primary key is the order line: a line is refunded once."""

    __tablename__ = "refund_lines"
    order_line_uuid: Mapped[UUID] = mapped_column(ForeignKey("order_lines.uuid"), primary_key=True)
    refund_uuid: Mapped[UUID] = mapped_column(ForeignKey("refunds.uuid"), index=True)
    amount_fen: Mapped[int]


class RefundTenderRow(Base):
    __tablename__ = "refund_tenders"
    uuid: Mapped[UUID] = mapped_column(primary_key=True)
    refund_uuid: Mapped[UUID] = mapped_column(ForeignKey("refunds.uuid"), index=True)
    tender_uuid: Mapped[UUID] = mapped_column(ForeignKey("tenders.uuid"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int]
    reference: Mapped[str] = mapped_column(String(64))


# --- what the cloud is master of --------------------------------------------------------------------


class ProductRow(Base):
    """Never deleted: a product missing from a re-import becomes inactive with a new version."""

    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("store_id", "version"),)
    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    store_id: Mapped[UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    price_fen: Mapped[int]
    unit: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(64))
    tax_rate_bp: Mapped[int]
    active: Mapped[bool]
    version: Mapped[int]


class ProductBarcodeRow(Base):
    """A code belongs to one product of a store (the primary key says so)."""

    __tablename__ = "product_barcodes"
    store_id: Mapped[UUID] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    barcode: Mapped[str] = mapped_column(String(32), primary_key=True)
    product_id: Mapped[UUID] = mapped_column(ForeignKey("products.id"), index=True)
    position: Mapped[int]


class CashierRow(Base):
    __tablename__ = "cashiers"
    __table_args__ = (UniqueConstraint("store_id", "name"), UniqueConstraint("store_id", "version"))
    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    store_id: Mapped[UUID] = mapped_column(ForeignKey("stores.id"))
    name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool]
    version: Mapped[int]


# --- the tills' fiscal journals (sync/journal_protocol.py; the rules in cloud/journal_rules.py) -------


class JournalChainRow(Base):
    """A till's journal as the cloud holds it. It belongs to the till (its own device_uuid, the id the
    entries name) within a merchant, so it outlives a re-pairing; the first batch pins the public key."""

    __tablename__ = "journal_chains"
    merchant_id: Mapped[UUID] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    device_uuid: Mapped[UUID] = mapped_column(primary_key=True)
    store_id: Mapped[UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    device_id: Mapped[UUID] = mapped_column(ForeignKey("devices.id"), index=True)  # the pairing heard last
    public_key: Mapped[str] = mapped_column(String(64))  # Ed25519, raw, hex
    stored_through: Mapped[int]  # entries 1..stored_through are held, each checked
    pinned_at: Mapped[datetime]
    last_entry_at: Mapped[datetime | None]  # when the newest entry arrived


class JournalEntryRow(Base):
    """One entry of a till's journal, exactly as the till signed it. Only ever inserted."""

    __tablename__ = "journal_entries"
    __table_args__ = (
        UniqueConstraint("merchant_id", "device_uuid", "seq"),
        ForeignKeyConstraint(
            ["merchant_id", "device_uuid"], ["journal_chains.merchant_id", "journal_chains.device_uuid"]
        ),
    )
    uuid: Mapped[UUID] = mapped_column(primary_key=True)
    merchant_id: Mapped[UUID] = mapped_column(ForeignKey("merchants.id"))
    store_id: Mapped[UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    device_id: Mapped[UUID] = mapped_column(ForeignKey("devices.id"), index=True)  # the pairing that sent it
    device_uuid: Mapped[UUID]
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(24))
    business_day: Mapped[date]
    body: Mapped[str] = mapped_column(Text)
    hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[datetime]


class JournalBreakRow(Base):
    """Where the cloud found a till's chain broken; the till's later entries are refused from then on."""

    __tablename__ = "journal_breaks"
    __table_args__ = (
        UniqueConstraint("merchant_id", "device_uuid", "seq"),
        ForeignKeyConstraint(
            ["merchant_id", "device_uuid"], ["journal_chains.merchant_id", "journal_chains.device_uuid"]
        ),
    )
    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    merchant_id: Mapped[UUID] = mapped_column(ForeignKey("merchants.id"))
    device_uuid: Mapped[UUID]
    device_id: Mapped[UUID] = mapped_column(ForeignKey("devices.id"), index=True)  # the pairing that sent it
    seq: Mapped[int]
    code: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(500))
    found_at: Mapped[datetime]
