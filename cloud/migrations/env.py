"""Alembic environment: cloud.db passes its open connection in `config.attributes['connection']`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import cloud.payment_models  # noqa: F401  (its tables join Base.metadata)
from cloud.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic revision --autogenerate` from the command line
    connection = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://").connect()

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
