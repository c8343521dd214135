"""outbox and sync state: events owed to the cloud, pairing and pull cursors, where a cashier comes from

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 22:11:24.445923
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
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_status_id", ["status", "id"], unique=False)

    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paired_at", sa.DateTime(), nullable=True),
        sa.Column("cloud_url", sa.String(length=200), nullable=False),
        sa.Column("cloud_device_id", sa.String(length=36), nullable=False),
        sa.Column("merchant_name", sa.String(length=200), nullable=False),
        sa.Column("store_name", sa.String(length=200), nullable=False),
        sa.Column("catalog_cursor", sa.Integer(), nullable=False),
        sa.Column("cashier_cursor", sa.Integer(), nullable=False),
        sa.Column("catalog_mastered", sa.Boolean(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("clock_skew_s", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cashiers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=8), server_default="local", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("cashiers", schema=None) as batch_op:
        batch_op.drop_column("origin")

    op.drop_table("sync_state")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_status_id")

    op.drop_table("outbox")
