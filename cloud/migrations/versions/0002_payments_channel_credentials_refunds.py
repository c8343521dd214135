"""payments (device payment API), channel credentials (encrypted), the sandbox's keys, till refunds

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 01:03:10.534928
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sandbox_config",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("ciphertext", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "merchant_channels",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("ciphertext", sa.Text(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
        ),
        sa.PrimaryKeyConstraint("merchant_id"),
    )
    op.create_table(
        "payments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("out_trade_no", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("charged_fen", sa.BigInteger(), nullable=True),
        sa.Column("auth_code_hash", sa.String(length=64), nullable=True),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("order_uuid", sa.Uuid(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("channel_trade_no", sa.String(length=128), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("message", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["devices.id"],
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("merchant_id", "out_trade_no"),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payments_device_id"), ["device_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_order_uuid"), ["order_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_store_id"), ["store_id"], unique=False)

    op.create_table(
        "payment_refunds",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("out_refund_no", sa.String(length=64), nullable=False),
        sa.Column("refund_fen", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.String(length=80), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("channel_refund_no", sa.String(length=128), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("message", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["devices.id"],
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payments.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("merchant_id", "out_refund_no"),
    )
    with op.batch_alter_table("payment_refunds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_refunds_device_id"), ["device_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_refunds_payment_id"), ["payment_id"], unique=False)

    op.create_table(
        "refunds",
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("order_uuid", sa.Uuid(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cashier_uuid", sa.Uuid(), nullable=False),
        sa.Column("manager_uuid", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("total_fen", sa.BigInteger(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["devices.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["received_events.event_id"],
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
        ),
        sa.ForeignKeyConstraint(
            ["order_uuid"],
            ["orders.uuid"],
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
        ),
        sa.PrimaryKeyConstraint("uuid"),
    )
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refunds_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_refunds_merchant_id"), ["merchant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_refunds_order_uuid"), ["order_uuid"], unique=False)
        batch_op.create_index("ix_refunds_store_day", ["store_id", "business_day"], unique=False)

    op.create_table(
        "refund_lines",
        sa.Column("order_line_uuid", sa.Uuid(), nullable=False),
        sa.Column("refund_uuid", sa.Uuid(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_line_uuid"],
            ["order_lines.uuid"],
        ),
        sa.ForeignKeyConstraint(
            ["refund_uuid"],
            ["refunds.uuid"],
        ),
        sa.PrimaryKeyConstraint("order_line_uuid"),
    )
    with op.batch_alter_table("refund_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refund_lines_refund_uuid"), ["refund_uuid"], unique=False)

    op.create_table(
        "refund_tenders",
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("refund_uuid", sa.Uuid(), nullable=False),
        sa.Column("tender_uuid", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["refund_uuid"],
            ["refunds.uuid"],
        ),
        sa.ForeignKeyConstraint(
            ["tender_uuid"],
            ["tenders.uuid"],
        ),
        sa.PrimaryKeyConstraint("uuid"),
    )
    with op.batch_alter_table("refund_tenders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refund_tenders_refund_uuid"), ["refund_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_refund_tenders_tender_uuid"), ["tender_uuid"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("refund_tenders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refund_tenders_tender_uuid"))
        batch_op.drop_index(batch_op.f("ix_refund_tenders_refund_uuid"))

    op.drop_table("refund_tenders")
    with op.batch_alter_table("refund_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refund_lines_refund_uuid"))

    op.drop_table("refund_lines")
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.drop_index("ix_refunds_store_day")
        batch_op.drop_index(batch_op.f("ix_refunds_order_uuid"))
        batch_op.drop_index(batch_op.f("ix_refunds_merchant_id"))
        batch_op.drop_index(batch_op.f("ix_refunds_event_id"))

    op.drop_table("refunds")
    with op.batch_alter_table("payment_refunds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_refunds_payment_id"))
        batch_op.drop_index(batch_op.f("ix_payment_refunds_device_id"))

    op.drop_table("payment_refunds")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_store_id"))
        batch_op.drop_index(batch_op.f("ix_payments_order_uuid"))
        batch_op.drop_index(batch_op.f("ix_payments_device_id"))

    op.drop_table("payments")
    op.drop_table("merchant_channels")
    op.drop_table("sandbox_config")
