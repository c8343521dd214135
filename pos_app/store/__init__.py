"""The till's local store: SQLAlchemy models, the SQLite engine, Alembic migrations."""
