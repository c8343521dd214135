"""the tills' fiscal journals: each chain with its pinned public key, its entries, where it broke

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 03:04:02.683939
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal_chains",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("device_uuid", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("stored_through", sa.BigInteger(), nullable=False),
        sa.Column("pinned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_entry_at", sa.DateTime(timezone=True), nullable=True),
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
        sa.PrimaryKeyConstraint("merchant_id", "device_uuid"),
    )
    with op.batch_alter_table("journal_chains", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journal_chains_device_id"), ["device_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_journal_chains_store_id"), ["store_id"], unique=False)

    op.create_table(
        "journal_breaks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("device_uuid", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["devices.id"],
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id", "device_uuid"],
            ["journal_chains.merchant_id", "journal_chains.device_uuid"],
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("merchant_id", "device_uuid", "seq"),
    )
    with op.batch_alter_table("journal_breaks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journal_breaks_device_id"), ["device_id"], unique=False)

    op.create_table(
        "journal_entries",
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("device_uuid", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["devices.id"],
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id", "device_uuid"],
            ["journal_chains.merchant_id", "journal_chains.device_uuid"],
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
        ),
        sa.PrimaryKeyConstraint("uuid"),
        sa.UniqueConstraint("merchant_id", "device_uuid", "seq"),
    )
    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journal_entries_device_id"), ["device_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_journal_entries_store_id"), ["store_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_entries_store_id"))
        batch_op.drop_index(batch_op.f("ix_journal_entries_device_id"))

    op.drop_table("journal_entries")
    with op.batch_alter_table("journal_breaks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_breaks_device_id"))

    op.drop_table("journal_breaks")
    with op.batch_alter_table("journal_chains", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_chains_store_id"))
        batch_op.drop_index(batch_op.f("ix_journal_chains_device_id"))

    op.drop_table("journal_chains")
