"""cloud schema: tenants, devices, events, orders, catalog, cashiers

Revision ID: 0001
Revises:
Create Date: 2026-11-25 22:13:48.510569
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "merchants",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("pin_pepper", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "stores",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("catalog_version", sa.BigInteger(), nullable=False),
        sa.Column("cashier_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("merchant_id", "name"),
    )
    with op.batch_alter_table("stores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stores_merchant_id"), ["merchant_id"], unique=False)

    op.create_table(
        "cashiers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("store_id", "name"),
        sa.UniqueConstraint("store_id", "version"),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("device_uuid", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("paired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_devices_device_uuid"), ["device_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_devices_store_id"), ["store_id"], unique=False)

    op.create_table(
        "products",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("price_fen", sa.BigInteger(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("tax_rate_bp", sa.BigInteger(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("store_id", "version"),
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_products_store_id"), ["store_id"], unique=False)

    op.create_table(
        "nonces",
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["devices.id"],
        ),
        sa.PrimaryKeyConstraint("device_id", "nonce"),
    )
    with op.batch_alter_table("nonces", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nonces_seen_at"), ["seen_at"], unique=False)

    op.create_table(
        "pairing_codes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["devices.id"],
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pairing_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pairing_codes_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_pairing_codes_store_id"), ["store_id"], unique=False)

    op.create_table(
        "product_barcodes",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("barcode", sa.String(length=32), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
        ),
        sa.PrimaryKeyConstraint("store_id", "barcode"),
    )
    with op.batch_alter_table("product_barcodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_product_barcodes_product_id"), ["product_id"], unique=False)

    op.create_table(
        "received_events",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["devices.id"],
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
        ),
        sa.PrimaryKeyConstraint("event_id"),
    )
    with op.batch_alter_table("received_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_received_events_device_id"), ["device_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_received_events_store_id"), ["store_id"], unique=False)

    op.create_table(
        "orders",
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("order_no", sa.String(length=32), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cashier_uuid", sa.Uuid(), nullable=False),
        sa.Column("cashier_name", sa.String(length=200), nullable=False),
        sa.Column("subtotal_fen", sa.BigInteger(), nullable=False),
        sa.Column("line_discount_fen", sa.BigInteger(), nullable=False),
        sa.Column("order_discount_fen", sa.BigInteger(), nullable=False),
        sa.Column("rounding_fen", sa.BigInteger(), nullable=False),
        sa.Column("rounding_policy", sa.String(length=16), nullable=False),
        sa.Column("total_fen", sa.BigInteger(), nullable=False),
        sa.Column("change_fen", sa.BigInteger(), nullable=False),
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
            ["store_id"],
            ["stores.id"],
        ),
        sa.PrimaryKeyConstraint("uuid"),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_device_id"), ["device_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_orders_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_orders_merchant_id"), ["merchant_id"], unique=False)
        batch_op.create_index("ix_orders_store_day", ["store_id", "business_day"], unique=False)

    op.create_table(
        "overrides",
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("manager_uuid", sa.Uuid(), nullable=False),
        sa.Column("cashier_uuid", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("detail", sa.String(length=2000), nullable=False),
        sa.Column("order_uuid", sa.Uuid(), nullable=True),
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
            ["store_id"],
            ["stores.id"],
        ),
        sa.PrimaryKeyConstraint("uuid"),
    )
    with op.batch_alter_table("overrides", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_overrides_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_overrides_merchant_id"), ["merchant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_overrides_order_uuid"), ["order_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_overrides_store_id"), ["store_id"], unique=False)

    op.create_table(
        "order_lines",
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("order_uuid", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.BigInteger(), nullable=False),
        sa.Column("product_uuid", sa.Uuid(), nullable=True),
        sa.Column("barcode", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_price_fen", sa.BigInteger(), nullable=False),
        sa.Column("gross_fen", sa.BigInteger(), nullable=False),
        sa.Column("line_discount_fen", sa.BigInteger(), nullable=False),
        sa.Column("order_discount_fen", sa.BigInteger(), nullable=False),
        sa.Column("rounding_fen", sa.BigInteger(), nullable=False),
        sa.Column("net_fen", sa.BigInteger(), nullable=False),
        sa.Column("tax_rate_bp", sa.BigInteger(), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("price_overridden", sa.Boolean(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_uuid"],
            ["orders.uuid"],
        ),
        sa.PrimaryKeyConstraint("uuid"),
        sa.UniqueConstraint("order_uuid", "line_no"),
    )
    op.create_table(
        "order_voids",
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("order_uuid", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("override_uuid", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["devices.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["received_events.event_id"],
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
        sa.UniqueConstraint("order_uuid"),
    )
    with op.batch_alter_table("order_voids", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_voids_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_order_voids_store_id"), ["store_id"], unique=False)

    op.create_table(
        "tenders",
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("order_uuid", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("tendered_fen", sa.BigInteger(), nullable=False),
        sa.Column("change_fen", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_uuid"],
            ["orders.uuid"],
        ),
        sa.PrimaryKeyConstraint("uuid"),
    )
    with op.batch_alter_table("tenders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tenders_order_uuid"), ["order_uuid"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tenders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tenders_order_uuid"))

    op.drop_table("tenders")
    with op.batch_alter_table("order_voids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_voids_store_id"))
        batch_op.drop_index(batch_op.f("ix_order_voids_event_id"))

    op.drop_table("order_voids")
    op.drop_table("order_lines")
    with op.batch_alter_table("overrides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_overrides_store_id"))
        batch_op.drop_index(batch_op.f("ix_overrides_order_uuid"))
        batch_op.drop_index(batch_op.f("ix_overrides_merchant_id"))
        batch_op.drop_index(batch_op.f("ix_overrides_event_id"))

    op.drop_table("overrides")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("ix_orders_store_day")
        batch_op.drop_index(batch_op.f("ix_orders_merchant_id"))
        batch_op.drop_index(batch_op.f("ix_orders_event_id"))
        batch_op.drop_index(batch_op.f("ix_orders_device_id"))

    op.drop_table("orders")
    with op.batch_alter_table("received_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_received_events_store_id"))
        batch_op.drop_index(batch_op.f("ix_received_events_device_id"))

    op.drop_table("received_events")
    with op.batch_alter_table("product_barcodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_barcodes_product_id"))

    op.drop_table("product_barcodes")
    with op.batch_alter_table("pairing_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pairing_codes_store_id"))
        batch_op.drop_index(batch_op.f("ix_pairing_codes_code"))

    op.drop_table("pairing_codes")
    with op.batch_alter_table("nonces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nonces_seen_at"))

    op.drop_table("nonces")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_store_id"))

    op.drop_table("products")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_devices_store_id"))
        batch_op.drop_index(batch_op.f("ix_devices_device_uuid"))

    op.drop_table("devices")
    op.drop_table("cashiers")
    with op.batch_alter_table("stores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stores_merchant_id"))

    op.drop_table("stores")
    op.drop_table("merchants")
