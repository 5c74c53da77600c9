"""The store: one class over SQLAlchemy Core, the same for SQLite and PostgreSQL.

Every write is one transaction. Documents are keyed by content hash and statements by
their span, so ingesting or extracting the same thing twice changes nothing.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    String,
    and_,
    create_engine,
    event,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from sitrep.errors import ReviewError, StoreError
from sitrep.geo import EARTH_RADIUS_KM, haversine_km
from sitrep.kb.normalize import fold_name
from sitrep.kb.registry import KnowledgeBase
from sitrep.model import AggregateClaim, Count, Document, Incident, Statement, Tally
from sitrep.resolve.cluster import (
    CLAIM_WINDOW_DAYS,
    Cluster,
    IncidentBuilder,
    claim_latency_hours,
    cluster,
)
from sitrep.resolve.cluster import incident_id as incident_id_for
from sitrep.store import schema as t
from sitrep.store.codec import from_row, to_row
from sitrep.store.migrate import upgrade

log = logging.getLogger(__name__)


# Statuses an incident passes through in review. Rejected ("not an incident") and merged ones
# are kept, with their history, but left out of queries unless asked for.
STATUSES = ("new", "approved", "rejected", "merged")
LIVE_STATUSES = ("new", "approved")


@dataclass(frozen=True)
class IncidentFilter:
    start: date | None = None
    end: date | None = None
    country: str | None = None
    actor: str | None = None
    """Any name of an actor: the knowledge base's aliases and former names are matched too."""
    sub_event_types: tuple[str, ...] = ()
    claimed: bool = False
    """Only incidents a group claimed."""
    admin1: str | None = None
    event_type: str | None = None
    text: str | None = None
    """Words that must all occur in the summary, place, actors or a statement's text."""
    statuses: tuple[str, ...] = LIVE_STATUSES
    near: tuple[float, float, float] | None = None
    """(latitude, longitude, km): only incidents placed within km of that point."""
    limit: int | None = None
    offset: int = 0


# An analyst may correct these fields; the correction outlives every rebuild from statements.
EDITABLE = (
    "date",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "event_type",
    "sub_event_type",
    "weapon",
    "actor1",
    "actor2",
    "killed",
    "wounded",
    "summary",
)
# The corrected fields kept as incidents columns: their corrections show in history as row
# changes; the weapon has no column, so its correction is logged on its own.
_ROW_FIELDS = frozenset(EDITABLE) - {"weapon"}


def _search_terms(text: str) -> list[str]:
    """Words of a search box, each to be matched as it stands: no query syntax gets through."""
    return re.findall(r"\w+", text.lower())[:12]


def _actor_names(asked: str, kb: KnowledgeBase) -> set[str]:
    """The stored names of the actors ``asked`` names: by any of their names exactly, or, when
    none is named so, by whole words of one ("Nusra" finds the al-Nusra Front's successor)."""
    wanted = fold_name(asked)
    exact = {a.name for a in kb.actors if wanted in {fold_name(n) for n in a.names()}}
    if exact or not wanted:
        return exact
    pattern = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    return {a.name for a in kb.actors if any(pattern.search(fold_name(n)) for n in a.names())}


def apply_overrides(incident: Incident, fields: dict[str, Any]) -> Incident:
    """The incident with an analyst's corrections over what its statements say; a corrected
    toll keeps every source's figure and changes only the figure the bulletin uses."""
    changes: dict[str, Any] = {}
    for name, value in fields.items():
        if name in {"killed", "wounded"}:
            count = getattr(incident, name)
            if value is None:
                changes[name] = None
            elif count is None:
                changes[name] = Count(int(value), int(value), int(value))
            else:
                changes[name] = replace(
                    count, best=int(value), low=min(count.low, int(value)), high=max(count.high, int(value))
                )
        elif name == "date":
            changes[name] = date.fromisoformat(value) if isinstance(value, str) else value
        else:
            changes[name] = value
    return replace(incident, **changes) if changes else incident


# Ids bound in one IN (...) list: well under SQLite's limit of 32,766 variables, and small
# enough for PostgreSQL's planner to treat as a list.
IN_CHUNK = 5000


# Statements in the order their reports were stored and read: resolution depends on order,
# and must not depend on which worker wrote first or on how a database scans a table.
_READING_ORDER = (t.statements.c.document_id, t.statements.c.span_start, t.statements.c.key)


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for n in range(0, len(values), IN_CHUNK):
        yield values[n : n + IN_CHUNK]


def _now() -> datetime:
    return datetime.now(UTC)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
    # SQLite's own trigonometry depends on how it was compiled: distances are measured in Python.
    dbapi_connection.create_function("haversine_km", 4, _haversine_or_none, deterministic=True)


def _haversine_or_none(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> float | None:
    if None in (lat1, lon1, lat2, lon2):
        return None
    return haversine_km(float(lat1), float(lon1), float(lat2), float(lon2))


def _box(lat: float, lon: float, km: float) -> tuple[float, float, float | None, float | None]:
    """(south, north, west, east) around a point, wide enough to hold every place within km;
    no west and east when the circle reaches a pole or crosses the antimeridian."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    south, north = lat - dlat, lat + dlat
    if south <= -90 or north >= 90:
        return max(south, -90), min(north, 90), None, None
    dlon = math.degrees(math.asin(min(1.0, math.sin(km / EARTH_RADIUS_KM) / math.cos(math.radians(lat)))))
    if lon - dlon < -180 or lon + dlon > 180:
        return south, north, None, None
    return south, north, lon - dlon, lon + dlon


class Store:
    """A Sitrep database, migrated to the newest schema when opened."""

    def __init__(self, url: str) -> None:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        try:
            self.engine: Engine = create_engine(url, future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_connect)
            upgrade(self.engine)
            self.postgis = self._has_postgis()
        except (SQLAlchemyError, OSError, ModuleNotFoundError) as exc:
            raise StoreError(f"cannot open database {url.split('@')[-1]}: {exc}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def _has_postgis(self) -> bool:
        """Whether migration 0007 gave incidents a PostGIS geography column."""
        if self.engine.dialect.name != "postgresql":
            return False
        with self.engine.connect() as conn:
            found = conn.execute(
                text(
                    "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                    "AND table_name = 'incidents' AND column_name = 'geog'"
                )
            ).first()
        return found is not None

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
        with self.engine.begin() as conn:
            return self._save_statements(conn, document_id, statements, version)

    def save_extracted(
        self, version: str, documents: Iterable[tuple[int, Iterable[Statement], Iterable[AggregateClaim]]]
    ) -> int:
        """Store what was read from several documents (id, statements, balance sheets) and mark
        them extracted, in one transaction: a commit a document would cost more than the
        writing. Returns how many statements were new."""
        with self.engine.begin() as conn:
            new = 0
            for document_id, statements, claims in documents:
                new += self._save_statements(conn, document_id, statements, version)
                self._save_aggregate_claims(conn, document_id, claims)
            return new

    def _save_statements(
        self, conn: Connection, document_id: int, statements: Iterable[Statement], version: str
    ) -> int:
        rows = [to_row(s, document_id, version) for s in statements]
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
        with self.engine.begin() as conn:
            return self._save_aggregate_claims(conn, document_id, claims)

    def _save_aggregate_claims(
        self, conn: Connection, document_id: int, claims: Iterable[AggregateClaim]
    ) -> int:
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
        known = conn.execute(
            select(t.aggregate_claims.c.document_id).where(t.aggregate_claims.c.document_id == document_id)
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
        """The statements of ``keys``, in that order."""
        rows: list[Any] = []
        for part in _chunks(keys):
            rows += conn.execute(
                select(t.statements, t.documents.c.content_hash)
                .join(t.documents, t.documents.c.id == t.statements.c.document_id)
                .where(t.statements.c.key.in_(part))
            ).all()
        by_key = {row.key: from_row(row, row.content_hash) for row in rows}
        return [by_key[key] for key in keys if key in by_key]

    def _clusters_near(self, conn: Connection, start: date, end: date) -> list[Cluster]:
        ids = (
            conn.execute(
                select(t.incidents.c.id)
                .where(t.incidents.c.date.between(start, end), t.incidents.c.status != "merged")
                .order_by(t.incidents.c.date, t.incidents.c.id)
            )
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
                select(t.incident_statements)
                .join(t.statements, t.statements.c.key == t.incident_statements.c.statement_key)
                .where(t.incident_statements.c.incident_id.in_(part))
                .order_by(*_READING_ORDER)
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
                    select(t.statements.c.key)
                    .where(
                        t.statements.c.key.not_in(linked),
                        t.statements.c.date.is_not(None),
                        t.statements.c.place_id.is_not(None),
                    )
                    .order_by(*_READING_ORDER)
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
        self.optimize()
        return len(touched)

    def optimize(self) -> None:
        """Refresh the query planner's statistics where the database keeps them by request
        (SQLite's ``PRAGMA optimize``: cheap, and it analyses only tables that changed)."""
        if self.engine.dialect.name == "sqlite":
            with self.engine.begin() as conn:
                conn.execute(text("PRAGMA optimize"))

    def _save_incident(
        self, conn: Connection, builder: IncidentBuilder, c: Cluster, by: str = "resolver"
    ) -> Incident:
        incident = builder.build(c)
        if c.id is not None:
            incident = apply_overrides(incident, self._overrides(conn, [c.id]).get(c.id, {}))
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
        is_new = (
            c.id is None
            or conn.execute(select(t.incidents.c.id).where(t.incidents.c.id == c.id)).first() is None
        )
        if is_new:
            conn.execute(t.incidents.insert().values(id=incident.id, created_at=now, **row))
            conn.execute(
                t.incident_history.insert().values(
                    incident_id=incident.id,
                    at=now,
                    field="created",
                    old=None,
                    new=incident.summary,
                    statement_key=new_keys[0] if new_keys else None,
                    by=by,
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
                        by=by,
                    )
                )
            conn.execute(t.incidents.update().where(t.incidents.c.id == incident.id).values(**row))
        if new_keys:
            conn.execute(
                t.incident_statements.insert(),
                [{"incident_id": incident.id, "statement_key": k} for k in new_keys],
            )
        self._index_text(conn, incident, c.statements)
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
        return incident

    def _index_text(self, conn: Connection, incident: Incident, statements: Iterable[Statement]) -> None:
        """Keep the incident's searchable text (summary, place, actors, statements) current."""
        body = " ".join(
            [
                incident.summary,
                incident.location,
                incident.admin1 or "",
                incident.actor1 or "",
                incident.actor2 or "",
            ]
            + [s.text for s in statements]
        )
        if self.engine.dialect.name == "sqlite":
            conn.execute(text("DELETE FROM incident_search WHERE incident_id = :id"), {"id": incident.id})
            conn.execute(
                text("INSERT INTO incident_search (incident_id, body) VALUES (:id, :body)"),
                {"id": incident.id, "body": body},
            )
        else:
            conn.execute(
                text("UPDATE incidents SET search = to_tsvector('simple', :body) WHERE id = :id"),
                {"id": incident.id, "body": body},
            )

    # ------------------------------------------------------------------ review
    # Every action is one transaction and leaves a history row saying who did what and when.

    def _log(self, conn: Connection, incident_id: str, field: str, old: Any, new: Any, by: str) -> None:
        conn.execute(
            t.incident_history.insert().values(
                incident_id=incident_id,
                at=_now(),
                field=field,
                old=None if old is None else str(old),
                new=None if new is None else str(new),
                statement_key=None,
                by=by,
            )
        )

    def _status(self, conn: Connection, incident_id: str) -> str:
        status = conn.execute(select(t.incidents.c.status).where(t.incidents.c.id == incident_id)).scalar()
        if status is None:
            raise ReviewError(f"no incident {incident_id}")
        return str(status)

    def incident(self, builder: IncidentBuilder, incident_id: str) -> Incident | None:
        """One incident by id, whatever its review status."""
        with self.engine.connect() as conn:
            found = self._built(conn, builder, [incident_id])
        return found[0] if found else None

    def statuses(self, ids: list[str]) -> dict[str, str]:
        """The review status of each of ``ids``."""
        c = t.incidents.c
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for part in _chunks(ids):
                out.update(
                    {row.id: row.status for row in conn.execute(select(c.id, c.status).where(c.id.in_(part)))}
                )
        return out

    def status_of(self, incident_id: str) -> tuple[str, str | None] | None:
        """(status, merged into) of an incident, or None when there is no such incident."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.incidents.c.status, t.incidents.c.merged_into).where(t.incidents.c.id == incident_id)
            ).first()
        return None if row is None else (row.status, row.merged_into)

    def statements_of_incident(self, incident_id: str) -> list[dict[str, Any]]:
        """Every statement behind an incident with its report: source, date, URL, text, figures."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    t.statements,
                    t.documents.c.source_name,
                    t.documents.c.published,
                    t.documents.c.url,
                    t.documents.c.title,
                    t.documents.c.language,
                )
                .join(t.incident_statements, t.incident_statements.c.statement_key == t.statements.c.key)
                .join(t.documents, t.documents.c.id == t.statements.c.document_id)
                .where(t.incident_statements.c.incident_id == incident_id)
                .order_by(t.documents.c.published, t.statements.c.span_start)
            ).all()
        return [
            {
                "key": r.key,
                "kind": r.kind,
                "text": r.text,
                "date": r.date.isoformat() if r.date else None,
                "event_type": r.event_type,
                "sub_event_type": r.sub_event_type,
                "place": r.place,
                "actors": r.actors,
                "killed": r.killed,
                "wounded": r.wounded,
                "citations": r.citations,
                "claim_channel": r.claim_channel,
                "source": r.source_name,
                "published": r.published.isoformat() if r.published else None,
                "url": r.url,
                "title": r.title,
                "language": r.language,
            }
            for r in rows
        ]

    def set_status(self, incident_id: str, status: str, by: str, note: str | None = None) -> None:
        """Approve an incident ("approved"), mark it not an incident ("rejected"), or reopen it."""
        if status not in {"new", "approved", "rejected"}:
            raise ReviewError(f"cannot set status {status!r}")
        with self.engine.begin() as conn:
            old = self._status(conn, incident_id)
            if old == "merged":
                raise ReviewError(f"{incident_id} was merged into another incident")
            if old == status:
                return
            conn.execute(t.incidents.update().where(t.incidents.c.id == incident_id).values(status=status))
            self._log(conn, incident_id, "status", old, status + (f": {note}" if note else ""), by)

    def correct(
        self, builder: IncidentBuilder, incident_id: str, fields: dict[str, Any], by: str
    ) -> Incident:
        """An analyst's corrections, kept over every later rebuild from new reports."""
        unknown = sorted(set(fields) - set(EDITABLE))
        if unknown:
            raise ReviewError(f"cannot edit {', '.join(unknown)} (editable: {', '.join(EDITABLE)})")
        with self.engine.begin() as conn:
            if self._status(conn, incident_id) == "merged":
                raise ReviewError(f"{incident_id} was merged into another incident")
            (cluster_,) = self._clusters(conn, [incident_id])
            before = apply_overrides(
                builder.build(cluster_), self._overrides(conn, [incident_id]).get(incident_id, {})
            )
            now = _now()
            for name, value in fields.items():
                stored = value.isoformat() if isinstance(value, date) else value
                self._upsert(
                    conn,
                    t.incident_overrides,
                    [{"incident_id": incident_id, "field": name, "value": stored, "by": by, "at": now}],
                    ["incident_id", "field"],
                )
                old = getattr(before, name)
                if name in {"killed", "wounded"}:
                    old = old.best if old is not None else None
                if name not in _ROW_FIELDS:
                    self._log(conn, incident_id, name, old, stored, by)
            return self._save_incident(conn, builder, cluster_, by=by)

    def merge(self, builder: IncidentBuilder, keep: str, absorb: str, by: str) -> Incident:
        """Two incidents that are one: ``absorb``'s statements, claims and control changes move
        to ``keep``; ``absorb`` stays on record as merged into it."""
        if keep == absorb:
            raise ReviewError("an incident cannot be merged into itself")
        with self.engine.begin() as conn:
            for incident_id in (keep, absorb):
                if self._status(conn, incident_id) == "merged":
                    raise ReviewError(f"{incident_id} was already merged into another incident")
            moved = list(
                conn.execute(
                    select(t.incident_statements.c.statement_key).where(
                        t.incident_statements.c.incident_id == absorb
                    )
                ).scalars()
            )
            conn.execute(
                t.incident_statements.update()
                .where(t.incident_statements.c.incident_id == absorb)
                .values(incident_id=keep)
            )
            for table in (t.claims, t.control_changes):
                conn.execute(table.update().where(table.c.incident_id == absorb).values(incident_id=keep))
            conn.execute(
                t.incidents.update()
                .where(t.incidents.c.id == absorb)
                .values(status="merged", merged_into=keep)
            )
            self._log(conn, absorb, "merged into", None, keep, by)
            self._log(conn, keep, "merged", None, f"{absorb} ({len(moved)} statements)", by)
            (cluster_,) = self._clusters(conn, [keep])
            return self._save_incident(conn, builder, cluster_, by=by)

    def split(
        self, builder: IncidentBuilder, incident_id: str, statement_keys: Iterable[str], by: str
    ) -> Incident:
        """Some of an incident's statements are another incident: they become one, with its own
        id; the rest stay. Returns the new incident."""
        keys = set(statement_keys)
        with self.engine.begin() as conn:
            if self._status(conn, incident_id) == "merged":
                raise ReviewError(f"{incident_id} was merged into another incident")
            (cluster_,) = self._clusters(conn, [incident_id])
            held = {s.key for s in cluster_.statements}
            if not keys or not keys <= held or keys == held:
                raise ReviewError("a split takes some, not all, of the incident's own statements")
            conn.execute(
                t.incident_statements.delete().where(t.incident_statements.c.statement_key.in_(sorted(keys)))
            )
            moving = [s for s in cluster_.statements if s.key in keys]
            new_id = incident_id_for(f"split:{incident_id}:{min(keys)}")
            created = self._save_incident(conn, builder, Cluster(statements=moving, id=new_id), by=by)
            for table in (t.claims, t.control_changes):
                conn.execute(
                    table.update().where(table.c.statement_key.in_(sorted(keys))).values(incident_id=new_id)
                )
            self._log(conn, incident_id, "split", None, f"{new_id} ({len(keys)} statements)", by)
            self._log(conn, new_id, "split from", None, incident_id, by)
            (rest,) = self._clusters(conn, [incident_id])
            self._save_incident(conn, builder, rest, by=by)
            return created

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

    def _query(self, where: IncidentFilter, kb: KnowledgeBase | None) -> Any:
        """The ids matching ``where`` (a SELECT of incidents.id, not yet ordered)."""
        c = t.incidents.c
        query = select(c.id)
        if where.statuses:
            query = query.where(c.status.in_(where.statuses))
        if where.start:
            query = query.where(c.date >= where.start)
        if where.end:
            query = query.where(c.date <= where.end)
        if where.country:
            query = query.where(c.country == where.country.upper())
        if where.admin1:
            query = query.where(c.admin1 == where.admin1)
        if where.event_type:
            query = query.where(c.event_type == where.event_type)
        if where.sub_event_types:
            query = query.where(c.sub_event_type.in_(where.sub_event_types))
        if where.claimed:
            query = query.where(c.id.in_(select(t.claims.c.incident_id)))
        if where.actor:
            names = {where.actor} | (_actor_names(where.actor, kb) if kb is not None else set())
            query = query.where(or_(c.actor1.in_(names), c.actor2.in_(names)))
        if where.text:
            terms = _search_terms(where.text)
            if not terms:
                return query.where(false())
            if self.engine.dialect.name == "sqlite":
                # Each word quoted: FTS5 reads it as a plain term, never as query syntax.
                match = " ".join('"' + term + '"' for term in terms)
                # Joined, not IN (...): the planner then starts from the few hits, not the table.
                hits = (
                    text("SELECT incident_id FROM incident_search WHERE incident_search MATCH :match")
                    .bindparams(match=match)
                    .columns(incident_id=String)
                    .subquery("hits")
                )
                query = query.join_from(t.incidents, hits, hits.c.incident_id == c.id)
            else:
                query = query.where(
                    literal_column("incidents.search").op("@@")(
                        func.plainto_tsquery("simple", " ".join(terms))
                    )
                )
        if where.near is not None:
            query = query.where(self._within(*where.near))
        return query

    def _within(self, lat: float, lon: float, km: float) -> Any:
        """A condition on incidents: placed within ``km`` of (lat, lon)."""
        c = t.incidents.c
        if self.postgis:
            point = func.ST_SetSRID(func.ST_MakePoint(lon, lat), 4326)
            # On the sphere, as resolution and the fallback measure, not on the spheroid.
            return func.ST_DWithin(
                literal_column("incidents.geog"), func.geography(point), km * 1000.0, False
            )
        # The box lets the index on latitude and longitude narrow the rows; the distance decides.
        south, north, west, east = _box(lat, lon, km)
        conditions = [c.latitude.between(south, north)]
        if west is not None and east is not None:
            conditions.append(c.longitude.between(west, east))
        distance: Any
        if self.engine.dialect.name == "sqlite":
            distance = func.haversine_km(c.latitude, c.longitude, lat, lon)
        else:
            dlat = func.radians(c.latitude - lat) / 2
            dlon = func.radians(c.longitude - lon) / 2
            h = func.power(func.sin(dlat), 2) + math.cos(math.radians(lat)) * func.cos(
                func.radians(c.latitude)
            ) * func.power(func.sin(dlon), 2)
            distance = 2 * EARTH_RADIUS_KM * func.asin(func.least(1.0, func.sqrt(h)))
        return and_(*conditions, distance <= km)

    def incidents_near(
        self,
        builder: IncidentBuilder,
        lat: float,
        lon: float,
        km: float,
        where: IncidentFilter | None = None,
        kb: KnowledgeBase | None = None,
    ) -> list[tuple[float, Incident]]:
        """Incidents placed within ``km`` of (lat, lon) that match ``where``, nearest first,
        each with its distance in km: PostGIS's index when the database has it, else a
        bounding box and the haversine distance."""
        found = self.incidents(builder, replace(where or IncidentFilter(), near=(lat, lon, km)), kb)
        placed = [
            (haversine_km(lat, lon, i.latitude, i.longitude), i)
            for i in found
            if i.latitude is not None and i.longitude is not None
        ]
        return sorted(placed, key=lambda pair: (pair[0], pair[1].date, pair[1].id))

    def incidents(
        self, builder: IncidentBuilder, where: IncidentFilter | None = None, kb: KnowledgeBase | None = None
    ) -> list[Incident]:
        """Stored incidents matching ``where``, oldest first (then by id, so pages are stable),
        rebuilt from their statements with the analysts' corrections."""
        where = where or IncidentFilter()
        c = t.incidents.c
        query = self._query(where, kb).order_by(c.date, c.id)
        if where.limit is not None:
            query = query.limit(where.limit).offset(where.offset)
        with self.engine.connect() as conn:
            ids = list(conn.execute(query).scalars())
            return self._built(conn, builder, ids)

    def count(self, where: IncidentFilter | None = None, kb: KnowledgeBase | None = None) -> int:
        """How many incidents match ``where`` (limit and offset aside)."""
        query = self._query(where or IncidentFilter(), kb).subquery()
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(query)).scalar() or 0)

    def _live(self, conn: Connection, ids: list[str]) -> list[str]:
        """Those of ``ids`` not rejected or merged away, in the same order."""
        c = t.incidents.c
        live: set[str] = set()
        for part in _chunks(ids):
            live |= set(
                conn.execute(select(c.id).where(c.id.in_(part), c.status.in_(LIVE_STATUSES))).scalars()
            )
        return [i for i in ids if i in live]

    def _overrides(self, conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for part in _chunks(ids):
            o = t.incident_overrides.c
            for row in conn.execute(select(o.incident_id, o.field, o.value).where(o.incident_id.in_(part))):
                out.setdefault(row.incident_id, {})[row.field] = row.value
        return out

    def _built(self, conn: Connection, builder: IncidentBuilder, ids: list[str]) -> list[Incident]:
        """The incidents of ``ids``, in that order, rebuilt and corrected."""
        clusters = self._clusters(conn, ids)
        overrides = self._overrides(conn, ids)
        return [
            apply_overrides(builder.build(cl), overrides.get(cl.id or "", {}))
            for cl in clusters
            if cl.statements
        ]

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
            incidents = self._built(conn, builder, self._live(conn, sorted(in_week | reported)))
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
            .where(c.sub_event_type.in_(tuple(sub_event_types)), c.date <= day, c.status.in_(LIVE_STATUSES))
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
            c = t.incidents.c
            first = conn.execute(select(func.min(c.date)).where(c.status.in_(LIVE_STATUSES))).scalar()
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
            .where(c.date.between(start, end), c.status.in_(LIVE_STATUSES))
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
