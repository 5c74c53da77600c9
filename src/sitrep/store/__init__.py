"""Storage: documents, statements and incidents in SQLite or PostgreSQL (SQLAlchemy + Alembic)."""

from sitrep.store.db import IncidentFilter, Store

__all__ = ["IncidentFilter", "Store"]
