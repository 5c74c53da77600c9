"""What the watcher knows of each watched source: HTTP validators for conditional requests,
when it last worked or failed and why, how many failures in a row (for backoff), when it is
next due, and how many items it has yielded. `sitrep sources` prints it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Integer, String, Table, Text, select

from sitrep.store.db import Store
from sitrep.store.schema import UtcDateTime, metadata

watched_sources = Table(
    "watched_sources",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("target", Text, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_checked_at", UtcDateTime()),
    Column("last_success_at", UtcDateTime()),
    Column("last_error_at", UtcDateTime()),
    Column("last_error", Text),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("next_due_at", UtcDateTime()),
    Column("items_seen", Integer, nullable=False, server_default="0"),
    Column("documents_added", Integer, nullable=False, server_default="0"),
)


@dataclass(frozen=True)
class SourceState:
    name: str
    kind: str
    target: str
    etag: str | None = None
    last_modified: str | None = None
    last_checked_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error_at: datetime | None = None
    last_error: str | None = None
    failures: int = 0
    next_due_at: datetime | None = None
    items_seen: int = 0
    documents_added: int = 0

    @property
    def healthy(self) -> bool:
        return self.failures == 0 and self.last_success_at is not None

    def to_json(self) -> dict[str, Any]:
        def stamp(moment: datetime | None) -> str | None:
            return moment.isoformat() if moment else None

        return {
            "name": self.name,
            "kind": self.kind,
            "target": self.target,
            "healthy": self.healthy,
            "last_checked": stamp(self.last_checked_at),
            "last_success": stamp(self.last_success_at),
            "last_error": self.last_error,
            "last_error_at": stamp(self.last_error_at),
            "failures_in_a_row": self.failures,
            "next_due": stamp(self.next_due_at),
            "items_seen": self.items_seen,
            "documents_added": self.documents_added,
        }


class SourceHealth:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, name: str) -> SourceState | None:
        with self.store.engine.connect() as conn:
            row = conn.execute(select(watched_sources).where(watched_sources.c.name == name)).first()
        return None if row is None else self._state(row)

    def all(self) -> list[SourceState]:
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(watched_sources).order_by(watched_sources.c.name)).all()
        return [self._state(r) for r in rows]

    @staticmethod
    def _state(row: Any) -> SourceState:
        return SourceState(
            name=row.name,
            kind=row.kind,
            target=row.target,
            etag=row.etag,
            last_modified=row.last_modified,
            last_checked_at=row.last_checked_at,
            last_success_at=row.last_success_at,
            last_error_at=row.last_error_at,
            last_error=row.last_error,
            failures=row.failures,
            next_due_at=row.next_due_at,
            items_seen=row.items_seen,
            documents_added=row.documents_added,
        )

    def save(self, state: SourceState) -> None:
        values = {
            "kind": state.kind,
            "target": state.target,
            "etag": state.etag,
            "last_modified": state.last_modified,
            "last_checked_at": state.last_checked_at,
            "last_success_at": state.last_success_at,
            "last_error_at": state.last_error_at,
            "last_error": state.last_error,
            "failures": state.failures,
            "next_due_at": state.next_due_at,
            "items_seen": state.items_seen,
            "documents_added": state.documents_added,
        }
        with self.store.engine.begin() as conn:
            exists = conn.execute(
                select(watched_sources.c.name).where(watched_sources.c.name == state.name)
            ).first()
            if exists:
                conn.execute(
                    watched_sources.update().where(watched_sources.c.name == state.name).values(**values)
                )
            else:
                conn.execute(watched_sources.insert().values(name=state.name, **values))
