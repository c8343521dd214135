"""the payments sandbox's orders, so a demo shop's payments can be queried and refunded after a restart

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 09:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sandbox_orders",
        sa.Column("book", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("book", "key"),
    )


def downgrade() -> None:
    op.drop_table("sandbox_orders")
