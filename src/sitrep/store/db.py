"""The store: one class over SQLAlchemy Core, the same for SQLite and PostgreSQL.

Every write is one transaction. Documents are keyed by content hash and statements by
their span, so ingesting or extracting the same thing twice changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from sitrep.errors import StoreError
from sitrep.kb.normalize import fold_name
from sitrep.kb.registry import KnowledgeBase
from sitrep.model import AggregateClaim, Document, Incident, Statement, Tally
from sitrep.resolve.cluster import CLAIM_WINDOW_DAYS, Cluster, IncidentBuilder, claim_latency_hours, cluster
from sitrep.store import schema as t
from sitrep.store.codec import from_row, to_row
from sitrep.store.migrate import upgrade

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IncidentFilter:
    start: date | None = None
    end: date | None = None
    country: str | None = None
    actor: str | None = None
    sub_event_types: tuple[str, ...] = ()
    claimed: bool = False
    """Only incidents a group claimed."""


# Ids bound in one IN (...) list: well under SQLite's limit of 32,766 variables, and small
# enough for PostgreSQL's planner to treat as a list.
IN_CHUNK = 5000


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for n in range(0, len(values), IN_CHUNK):
        yield values[n : n + IN_CHUNK]


def _now() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


class Store:
    """A Sitrep database, migrated to the newest schema when opened."""

    def __init__(self, url: str) -> None:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        try:
            self.engine: Engine = create_engine(url, future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            upgrade(self.engine)
        except (SQLAlchemyError, OSError, ModuleNotFoundError) as exc:
            raise StoreError(f"cannot open database {url.split('@')[-1]}: {exc}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def _insert(self, table: Any) -> Any:
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        return dialect.insert(table)

    def _upsert(self, conn: Connection, table: Any, rows: list[dict[str, Any]], keys: list[str]) -> None:
        if not rows:
            return
        stmt = self._insert(table)
        update = {c: stmt.excluded[c] for c in rows[0] if c not in keys}
        stmt = (
            stmt.on_conflict_do_update(index_elements=keys, set_=update)
            if update
            else stmt.on_conflict_do_nothing(index_elements=keys)
        )
        conn.execute(stmt, rows)

    # -- knowledge ------------------------------------------------------------------------

    def sync_kb(self, kb: KnowledgeBase) -> None:
        """Copy the registry's actors, aliases, places and sources into the database."""
        with self.engine.begin() as conn:
            self._upsert(
                conn,
                t.actors,
                [{"id": a.id, "name": a.name, "type": a.type, "country": a.country} for a in kb.actors],
                ["id"],
            )
            aliases = {}
            for a in kb.actors:
                for name in a.names():
                    aliases[(a.id, fold_name(name))] = {
                        "actor_id": a.id,
                        "folded": fold_name(name),
                        "alias": name,
                    }
            self._upsert(conn, t.actor_aliases, list(aliases.values()), ["actor_id", "folded"])
            self._upsert(
                conn,
                t.places,
                [
                    {
                        "id": p.id,
                        "name": p.name,
                        "kind": p.kind,
                        "country": p.country,
                        "admin1": p.admin1,
                        "latitude": p.lat,
                        "longitude": p.lon,
                    }
                    for p in kb.places
                ],
                ["id"],
            )
            self._upsert(
                conn,
                t.sources,
                [
                    {
                        "name": s.name,
                        "registry_id": s.id,
                        "kind": s.kind,
                        "country": s.country,
                        "affiliation": s.affiliation,
                        "reliability": s.reliability,
                    }
                    for s in kb.sources
                ],
                ["name"],
            )

    # -- documents ------------------------------------------------------------------------

    def add_document(self, doc: Document, origin: str | None = None) -> tuple[int, bool]:
        """Store ``doc`` unless its text is already stored: (its id, whether it is new)."""
        with self.engine.begin() as conn:
            existing = conn.execute(
                select(t.documents.c.id).where(t.documents.c.content_hash == doc.hash)
            ).scalar()
            if existing is not None:
                return int(existing), False
            result = conn.execute(
                t.documents.insert().values(
                    content_hash=doc.hash,
                    source_name=doc.source,
                    url=doc.url,
                    title=doc.title,
                    published=doc.published,
                    published_time=doc.published_time,
                    format=doc.format,
                    language=doc.language,
                    external_id=doc.external_id,
                    origin=origin,
                    text=doc.text,
                    ingested_at=_now(),
                )
            )
            if doc.source:
                conn.execute(
                    self._insert(t.sources)
                    .values(name=doc.source)
                    .on_conflict_do_nothing(index_elements=["name"])
                )
            key = result.inserted_primary_key
            assert key is not None  # an insert that did not conflict returns its key
            return int(key[0]), True

    def add_rejection(self, origin: str, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(t.rejections.insert().values(origin=origin, reason=reason, at=_now()))

    def pending_documents(self, version: str) -> list[tuple[int, Document]]:
        """Documents not yet extracted by extractor ``version``."""
        c = t.documents.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.documents)
                .where(or_(c.extracted_version.is_(None), c.extracted_version != version))
                .order_by(c.id)
            ).all()
        return [
            (
                row.id,
                Document(
                    text=row.text,
                    source=row.source_name,
                    published=row.published,
                    url=row.url,
                    title=row.title,
                    format=row.format,
                    language=row.language,
                    external_id=row.external_id,
                    published_time=row.published_time,
                ),
            )
            for row in rows
        ]

    def save_statements(self, document_id: int, statements: Iterable[Statement], version: str) -> int:
        """Store a document's statements and mark it extracted; returns how many were new."""
        rows = [to_row(s, document_id, version) for s in statements]
        with self.engine.begin() as conn:
            new = 0
            if rows:
                keys = [r["key"] for r in rows]
                known = set(
                    conn.execute(select(t.statements.c.key).where(t.statements.c.key.in_(keys))).scalars()
                )
                fresh = [r for r in rows if r["key"] not in known]
                if fresh:
                    conn.execute(t.statements.insert(), fresh)
                new = len(fresh)
            conn.execute(
                t.documents.update()
                .where(t.documents.c.id == document_id)
                .values(extracted_version=version, extracted_at=_now())
            )
        return new

    def save_aggregate_claims(self, document_id: int, claims: Iterable[AggregateClaim]) -> int:
        """Store a report's balance sheet (at most one a report); returns how many were new."""
        rows = [
            {
                "document_id": document_id,
                "actor": c.group,
                "country": c.country,
                "start": c.start,
                "end": c.end,
                "figures": c.figures,
            }
            for c in claims
        ][:1]
        if not rows:
            return 0
        with self.engine.begin() as conn:
            known = conn.execute(
                select(t.aggregate_claims.c.document_id).where(
                    t.aggregate_claims.c.document_id == document_id
                )
            ).first()
            if known is not None:
                return 0
            conn.execute(t.aggregate_claims.insert(), rows)
        return 1

    def aggregate_claims(self) -> list[AggregateClaim]:
        """Every stored balance sheet, with the report it came from."""
        a, d = t.aggregate_claims.c, t.documents.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(a.actor, a.country, a.start, a.end, a.figures, d.source_name, d.published, d.title)
                .select_from(t.aggregate_claims.join(t.documents, d.id == a.document_id))
                .order_by(a.start, a.actor)
            ).all()
        return [
            AggregateClaim(
                row.actor,
                row.country,
                row.start,
                row.end,
                dict(row.figures),
                row.source_name,
                row.published,
                row.title,
            )
            for row in rows
        ]

    # -- incidents ------------------------------------------------------------------------

    def _statements_of(self, conn: Connection, keys: list[str]) -> list[Statement]:
        rows: list[Any] = []
        for part in _chunks(keys):
            rows += conn.execute(
                select(t.statements, t.documents.c.content_hash)
                .join(t.documents, t.documents.c.id == t.statements.c.document_id)
                .where(t.statements.c.key.in_(part))
            ).all()
        return [from_row(row, row.content_hash) for row in rows]

    def _clusters_near(self, conn: Connection, start: date, end: date) -> list[Cluster]:
        ids = (
            conn.execute(select(t.incidents.c.id).where(t.incidents.c.date.between(start, end)))
            .scalars()
            .all()
        )
        return self._clusters(conn, list(ids))

    def _clusters(self, conn: Connection, ids: list[str]) -> list[Cluster]:
        if not ids:
            return []
        links = [
            link
            for part in _chunks(ids)
            for link in conn.execute(
                select(t.incident_statements).where(t.incident_statements.c.incident_id.in_(part))
            ).all()
        ]
        by_key = {s.key: s for s in self._statements_of(conn, [link.statement_key for link in links])}
        clusters: dict[str, Cluster] = {i: Cluster(id=i) for i in ids}
        for link in links:
            clusters[link.incident_id].statements.append(by_key[link.statement_key])
        return [clusters[i] for i in ids]

    def resolve(self, builder: IncidentBuilder) -> int:
        """Attach every unlinked statement to an incident; returns the incidents touched."""
        with self.engine.begin() as conn:
            linked = select(t.incident_statements.c.statement_key)
            keys = (
                conn.execute(
                    select(t.statements.c.key).where(
                        t.statements.c.key.not_in(linked),
                        t.statements.c.date.is_not(None),
                        t.statements.c.place_id.is_not(None),
                    )
                )
                .scalars()
                .all()
            )
            fresh = self._statements_of(conn, list(keys))
            if not fresh:
                return 0
            dates = [s.date for s in fresh if s.date is not None]
            window = timedelta(days=CLAIM_WINDOW_DAYS + 1)
            existing = self._clusters_near(conn, min(dates) - window, max(dates) + window)
            before = {c.id: len(c.statements) for c in existing}
            clusters = cluster(fresh, existing)
            touched = [c for c in clusters if c.id is None or len(c.statements) != before.get(c.id)]
            for c in touched:
                self._save_incident(conn, builder, c)
            return len(touched)

    def _save_incident(self, conn: Connection, builder: IncidentBuilder, c: Cluster) -> None:
        incident = builder.build(c)
        now = _now()
        row = {
            "date": incident.date,
            "country": incident.country,
            "admin1": incident.admin1,
            "location": incident.location,
            "latitude": incident.latitude,
            "longitude": incident.longitude,
            "event_type": incident.event_type,
            "sub_event_type": incident.sub_event_type,
            "actor1": incident.actor1,
            "actor2": incident.actor2,
            "killed_best": incident.killed.best if incident.killed else None,
            "wounded_best": incident.wounded.best if incident.wounded else None,
            "summary": incident.summary,
            "updated_at": now,
        }
        linked = set(
            conn.execute(
                select(t.incident_statements.c.statement_key).where(
                    t.incident_statements.c.incident_id == incident.id
                )
            ).scalars()
        )
        new_keys = [s.key for s in c.statements if s.key not in linked]
        if c.id is None:
            conn.execute(t.incidents.insert().values(id=incident.id, created_at=now, **row))
            conn.execute(
                t.incident_history.insert().values(
                    incident_id=incident.id,
                    at=now,
                    field="created",
                    old=None,
                    new=incident.summary,
                    statement_key=new_keys[0] if new_keys else None,
                    by="resolver",
                )
            )
        else:
            old = conn.execute(select(t.incidents).where(t.incidents.c.id == incident.id)).one()
            for name, value in row.items():
                if name == "updated_at" or getattr(old, name) == value:
                    continue
                conn.execute(
                    t.incident_history.insert().values(
                        incident_id=incident.id,
                        at=now,
                        field=name,
                        old=str(getattr(old, name)),
                        new=str(value),
                        statement_key=new_keys[-1] if new_keys else None,
                        by="resolver",
                    )
                )
            conn.execute(t.incidents.update().where(t.incidents.c.id == incident.id).values(**row))
        if new_keys:
            conn.execute(
                t.incident_statements.insert(),
                [{"incident_id": incident.id, "statement_key": k} for k in new_keys],
            )
        for s in c.statements:
            if s.key not in new_keys:
                continue
            if s.claimed_by is not None:
                latency = claim_latency_hours(s, c.events, incident.date)
                self._upsert(
                    conn,
                    t.claims,
                    [
                        {
                            "statement_key": s.key,
                            "incident_id": incident.id,
                            "actor_id": s.claimed_by.id,
                            "channel": s.claim_channel,
                            "claim_date": s.date,
                            "latency_hours": latency,
                        }
                    ],
                    ["statement_key"],
                )
            if s.kind == "control" and s.place is not None and s.date is not None:
                self._upsert(
                    conn,
                    t.control_changes,
                    [
                        {
                            "statement_key": s.key,
                            "incident_id": incident.id,
                            "place_id": s.place.id,
                            "actor_id": s.actor1.id if s.actor1 else None,
                            "date": s.date,
                        }
                    ],
                    ["statement_key"],
                )

    def history(self, incident_id: str) -> list[dict[str, Any]]:
        """What changed in an incident, when, and on which report's statement, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    t.incident_history.c.at,
                    t.incident_history.c.field,
                    t.incident_history.c.old,
                    t.incident_history.c.new,
                    t.incident_history.c.by,
                    t.incident_history.c.statement_key,
                    t.documents.c.source_name,
                    t.documents.c.published,
                    t.statements.c.text,
                )
                .select_from(
                    t.incident_history.outerjoin(
                        t.statements, t.statements.c.key == t.incident_history.c.statement_key
                    ).outerjoin(t.documents, t.documents.c.id == t.statements.c.document_id)
                )
                .where(t.incident_history.c.incident_id == incident_id)
                .order_by(t.incident_history.c.id)
            ).all()
        return [
            {
                "at": row.at.isoformat(),
                "field": row.field,
                "old": row.old,
                "new": row.new,
                "by": row.by,
                "source": row.source_name,
                "published": row.published.isoformat() if row.published else None,
                "statement": row.text,
            }
            for row in rows
        ]

    def incidents(
        self, builder: IncidentBuilder, where: IncidentFilter | None = None, kb: KnowledgeBase | None = None
    ) -> list[Incident]:
        """Stored incidents, oldest first, rebuilt from their statements."""
        where = where or IncidentFilter()
        c = t.incidents.c
        query = select(c.id).order_by(c.date, c.id)
        if where.start:
            query = query.where(c.date >= where.start)
        if where.end:
            query = query.where(c.date <= where.end)
        if where.country:
            query = query.where(c.country == where.country.upper())
        if where.sub_event_types:
            query = query.where(c.sub_event_type.in_(where.sub_event_types))
        if where.claimed:
            query = query.where(c.id.in_(select(t.claims.c.incident_id)))
        if where.actor:
            names = {where.actor}
            if kb is not None:
                wanted = fold_name(where.actor)
                names |= {a.name for a in kb.actors if wanted in {fold_name(n) for n in a.names()}}
            query = query.where(or_(c.actor1.in_(names), c.actor2.in_(names)))
        with self.engine.connect() as conn:
            ids = list(conn.execute(query).scalars())
            clusters = self._clusters(conn, ids)
        return [builder.build(cl) for cl in clusters]

    def incidents_touching(self, builder: IncidentBuilder, start: date, end: date) -> list[Incident]:
        """Incidents that happened in [start, end] or were reported on in it (updates)."""
        with self.engine.connect() as conn:
            c = t.incidents.c
            in_week = set(conn.execute(select(c.id).where(c.date.between(start, end))).scalars())
            published = select(t.documents.c.id).where(t.documents.c.published.between(start, end))
            statements = select(t.statements.c.key).where(t.statements.c.document_id.in_(published))
            reported = set(
                conn.execute(
                    select(t.incident_statements.c.incident_id).where(
                        t.incident_statements.c.statement_key.in_(statements)
                    )
                ).scalars()
            )
            ids = sorted(in_week | reported)
            clusters = self._clusters(conn, ids)
        incidents = [builder.build(cl) for cl in clusters]
        return sorted(incidents, key=lambda i: (i.date, i.id))

    def latest_of_each_place(
        self, builder: IncidentBuilder, sub_event_types: Iterable[str], day: date
    ) -> list[Incident]:
        """For each place, its latest incident of these types on or before ``day`` (the last
        change of control of every place, say), found by the database."""
        c = t.incidents.c
        ranked = (
            select(
                c.id,
                func.row_number()
                .over(partition_by=(c.country, c.location), order_by=(c.date.desc(), c.id.desc()))
                .label("rank"),
            )
            .where(c.sub_event_type.in_(tuple(sub_event_types)), c.date <= day)
            .subquery()
        )
        with self.engine.connect() as conn:
            ids = list(
                conn.execute(select(ranked.c.id).where(ranked.c.rank == 1).order_by(ranked.c.id)).scalars()
            )
            clusters = self._clusters(conn, ids)
        return sorted((builder.build(cl) for cl in clusters), key=lambda i: (i.date, i.id))

    def first_incident_date(self) -> date | None:
        """The date of the earliest stored incident: where the store's coverage begins."""
        with self.engine.connect() as conn:
            first = conn.execute(select(func.min(t.incidents.c.date))).scalar()
        return first if isinstance(first, date) or first is None else date.fromisoformat(str(first))

    def tallies(self, start: date, end: date, leave_out: Iterable[str] = ()) -> list[Tally]:
        """Incidents, killed and wounded a day and a country from ``start`` to ``end``, counted
        by the database (trends over many weeks without rebuilding each incident)."""
        c = t.incidents.c
        query = (
            select(
                c.date,
                c.country,
                func.count(),
                func.coalesce(func.sum(c.killed_best), 0),
                func.coalesce(func.sum(c.wounded_best), 0),
            )
            .where(c.date.between(start, end))
            .group_by(c.date, c.country)
            .order_by(c.date, c.country)
        )
        left_out = tuple(leave_out)
        if left_out:
            query = query.where(c.sub_event_type.not_in(left_out))
        with self.engine.connect() as conn:
            return [
                Tally(day, country, int(n), int(k), int(w)) for day, country, n, k, w in conn.execute(query)
            ]

    def counts(self) -> dict[str, int]:
        """How many rows each main table holds."""
        with self.engine.connect() as conn:
            return {
                name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
                for name, table in (
                    ("documents", t.documents),
                    ("statements", t.statements),
                    ("incidents", t.incidents),
                    ("claims", t.claims),
                    ("control_changes", t.control_changes),
                    ("aggregate_claims", t.aggregate_claims),
                    ("rejections", t.rejections),
                )
            }

    def iter_rejections(self) -> Iterator[tuple[str, str]]:
        with self.engine.connect() as conn:
            for row in conn.execute(select(t.rejections).order_by(t.rejections.c.id)):
                yield row.origin, row.reason
