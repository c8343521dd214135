"""SQLAlchemy models of the payment side: the payments the cloud made for its tills, their channel
refunds, and the merchants' channel credentials (encrypted) with the sandbox's persisted keys.

A payment row is written, and committed, before its channel is called, so a crash mid-call leaves a row
that query and cancel resolve. (merchant_id, out_trade_no) and (merchant_id, out_refund_no) are unique:
the database, not a prior SELECT, decides which of two racing requests made the row.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloud.models import Base, new_id


class PaymentRow(Base):
    """One out_trade_no of one merchant. A tombstone (a cancel of a number never seen) has no channel,
    no amount and no code hash, and is closed: a later pay with its number is refused."""

    __tablename__ = "payments"
    __table_args__ = (UniqueConstraint("merchant_id", "out_trade_no"),)
    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    merchant_id: Mapped[UUID] = mapped_column(ForeignKey("merchants.id"))
    store_id: Mapped[UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    device_id: Mapped[UUID] = mapped_column(ForeignKey("devices.id"), index=True)
    out_trade_no: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str | None] = mapped_column(String(16))
    amount_fen: Mapped[int | None]  # what the till asked
    charged_fen: Mapped[int | None]  # what the channel says it took
    auth_code_hash: Mapped[str | None] = mapped_column(String(64))  # sha256 hex; the code is never kept
    subject: Mapped[str] = mapped_column(String(40))
    order_uuid: Mapped[UUID | None] = mapped_column(index=True)
    state: Mapped[str] = mapped_column(String(16))  # sync.payment_protocol.PaymentStateName
    channel_trade_no: Mapped[str | None] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(String(32))  # FailureReason value, or ""
    message: Mapped[str] = mapped_column(String(200))  # the cashier's words (Chinese)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PaymentRefundRow(Base):
    __tablename__ = "payment_refunds"
    __table_args__ = (UniqueConstraint("merchant_id", "out_refund_no"),)
    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    merchant_id: Mapped[UUID] = mapped_column(ForeignKey("merchants.id"))
    payment_id: Mapped[UUID] = mapped_column(ForeignKey("payments.id"), index=True)
    device_id: Mapped[UUID] = mapped_column(ForeignKey("devices.id"), index=True)
    out_refund_no: Mapped[str] = mapped_column(String(64))
    refund_fen: Mapped[int]
    note: Mapped[str] = mapped_column(String(80))  # the till's reason for the refund
    state: Mapped[str] = mapped_column(String(16))  # unknown, refunded, failed
    channel_refund_no: Mapped[str | None] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class MerchantChannelsRow(Base):
    """cloud.payments.credentials.MerchantChannels as JSON, Fernet-encrypted; version counts the changes,
    so every process of the service sees a `channels set` made by another one."""

    __tablename__ = "merchant_channels"
    merchant_id: Mapped[UUID] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    ciphertext: Mapped[str] = mapped_column(Text)
    version: Mapped[int]
    updated_at: Mapped[datetime]


class SandboxConfigRow(Base):
    """The one sandbox's keys (its SandboxConfig and the matching merchant credentials), encrypted like the
    channels, so `serve --sandbox` knows after a restart the credentials `channels sandbox` handed out."""

    __tablename__ = "sandbox_config"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # always 1
    ciphertext: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class SandboxOrderRow(Base):
    """One order of the payments sandbox (`serve --sandbox`, demo only), as its order book keeps it: a demo
    shop's payments can still be queried, reversed and refunded after the service restarts."""

    __tablename__ = "sandbox_orders"
    book: Mapped[str] = mapped_column(String(16), primary_key=True)  # wechat, alipay or generic
    key: Mapped[str] = mapped_column(String(160), primary_key=True)  # the book's key: out_trade_no, ...
    state: Mapped[str] = mapped_column(Text)  # JSON (cloud.payments.sandbox.engine)
    updated_at: Mapped[datetime]
