"""The merchant's cloud service: device pairing, the sync endpoints the tills talk to, catalog and reports.

FastAPI over SQLAlchemy 2 (SQLite by default, PostgreSQL in production). It speaks sync.protocol and
sync.signing, and reuses pos_app's pure rules (CSV catalog, PIN hashes) so the till and the cloud agree.
"""
