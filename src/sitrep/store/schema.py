"""The database tables (SQLAlchemy Core). Alembic migrations under ``migrations/`` create them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

metadata = MetaData()


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, written in UTC and read back with its time zone from either database: SQLite
    keeps none and would hand back naive datetimes where PostgreSQL gives aware ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


sources = Table(
    "sources",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("registry_id", String(80)),
    Column("kind", String(40)),
    Column("country", String(2)),
    Column("affiliation", String(200)),
    Column("reliability", String(1)),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("source_name", String(200)),
    Column("url", Text),
    Column("title", Text),
    Column("published", Date),
    Column("published_time", Time),
    Column("format", String(20), nullable=False),
    Column("language", String(10)),
    Column("external_id", String(200)),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("ingested_at", UtcDateTime(), nullable=False),
    Column("extracted_version", String(40)),
    Column("extracted_at", UtcDateTime()),
    Index("ix_documents_published", "published"),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", UtcDateTime(), nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("type", String(40), nullable=False),
    Column("country", String(2)),
)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("actor_id", String(80), ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("folded", String(300), primary_key=True),
    Column("alias", String(300), nullable=False),
)

places = Table(
    "places",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("country", String(2), nullable=False),
    Column("admin1", String(200)),
    Column("latitude", Float),
    Column("longitude", Float),
)

statements = Table(
    "statements",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("date", Date),
    Column("date_precision", String(10), nullable=False),
    Column("date_explicit", Boolean, nullable=False),
    Column("event_type", String(40)),
    Column("sub_event_type", String(60)),
    Column("weapon", String(60)),
    Column("suicide", Boolean),
    Column("actor1_id", String(80)),
    Column("actor2_id", String(80)),
    Column("claimed_by_id", String(80)),
    Column("claim_channel", String(60)),
    Column("perpetrator_claim", Boolean, nullable=False),
    Column("place_id", String(80)),
    Column("place", JSON),
    Column("actors", JSON),
    Column("killed", JSON, nullable=False),
    Column("wounded", JSON, nullable=False),
    Column("citations", JSON, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("section", Integer, nullable=False, server_default="0"),
    Column("hour", Integer),
    Column("extractor", String(40), nullable=False),
    Index("ix_statements_document", "document_id"),
    Index("ix_statements_date", "date"),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("date", Date, nullable=False),
    Column("country", String(2), nullable=False),
    Column("admin1", String(200)),
    Column("location", String(200), nullable=False),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("event_type", String(40), nullable=False),
    Column("sub_event_type", String(60), nullable=False),
    Column("actor1", String(200)),
    Column("actor2", String(200)),
    Column("killed_best", Integer),
    Column("wounded_best", Integer),
    Column("summary", Text, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    # new | approved | rejected (not an incident) | merged (into ``merged_into``)
    Column("status", String(20), nullable=False, server_default="new"),
    Column("merged_into", String(40)),
    Index("ix_incidents_date", "date"),
    Index("ix_incidents_actor1_date", "actor1", "date"),
    Index("ix_incidents_actor2_date", "actor2", "date"),
    Index("ix_incidents_admin1_date", "admin1", "date"),
    Index("ix_incidents_event_type_date", "event_type", "date"),
    Index("ix_incidents_country", "country"),
    Index("ix_incidents_sub_event_type_date", "sub_event_type", "date"),
    Index("ix_incidents_place_date", "country", "location", "date"),
    Index("ix_incidents_lat_lon", "latitude", "longitude"),
)

incident_statements = Table(
    "incident_statements",
    metadata,
    Column("incident_id", String(40), ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("statement_key", String(40), ForeignKey("statements.key", ondelete="CASCADE"), primary_key=True),
    UniqueConstraint("statement_key", name="uq_incident_statements_statement"),
)

incident_history = Table(
    "incident_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(40), ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("field", String(40), nullable=False),
    Column("old", Text),
    Column("new", Text),
    Column("statement_key", String(40)),
    Column("by", String(80), nullable=False),
    Index("ix_incident_history_incident", "incident_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("statement_key", String(40), ForeignKey("statements.key", ondelete="CASCADE"), primary_key=True),
    Column("incident_id", String(40), ForeignKey("incidents.id", ondelete="SET NULL")),
    Column("actor_id", String(80), nullable=False),
    Column("channel", String(60)),
    Column("claim_date", Date),
    Column("latency_hours", Float),
    Index("ix_claims_incident", "incident_id"),
)

aggregate_claims = Table(
    "aggregate_claims",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("actor", String(200), nullable=False),
    Column("country", String(2)),
    Column("start", Date, nullable=False),
    Column("end", Date, nullable=False),
    Column("figures", JSON, nullable=False),
)

control_changes = Table(
    "control_changes",
    metadata,
    Column("statement_key", String(40), ForeignKey("statements.key", ondelete="CASCADE"), primary_key=True),
    Column("incident_id", String(40), ForeignKey("incidents.id", ondelete="SET NULL")),
    Column("place_id", String(80), nullable=False),
    Column("actor_id", String(80)),
    Column("date", Date, nullable=False),
)

# An analyst's correction of one field, applied over what the statements say at every rebuild.
incident_overrides = Table(
    "incident_overrides",
    metadata,
    Column("incident_id", String(40), ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("field", String(40), primary_key=True),
    Column("value", JSON),
    Column("by", String(80), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("username", String(80), primary_key=True),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("disabled", Boolean, nullable=False, server_default="0"),
)

# Secrets are kept only as SHA-256 digests: a stolen database yields no usable token or session.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("username", String(80), ForeignKey("users.username", ondelete="CASCADE"), nullable=False),
    Column("label", String(200)),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("last_used_at", UtcDateTime()),
)

sessions = Table(
    "sessions",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("username", String(80), ForeignKey("users.username", ondelete="CASCADE"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
)
