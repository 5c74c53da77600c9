"""initial schema

Revision ID: 0001
Revises:
Create Date: 2017-11-02 (schema of the first release)
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
        "actors",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_name", sa.String(length=200), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=True),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("extracted_version", sa.String(length=40), nullable=True),
        sa.Column("extracted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash"),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("event_type", sa.String(length=40), nullable=False),
        sa.Column("sub_event_type", sa.String(length=60), nullable=False),
        sa.Column("actor1", sa.String(length=200), nullable=True),
        sa.Column("actor2", sa.String(length=200), nullable=True),
        sa.Column("killed_best", sa.Integer(), nullable=True),
        sa.Column("wounded_best", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index("ix_incidents_country", ["country"], unique=False)
        batch_op.create_index("ix_incidents_date", ["date"], unique=False)

    op.create_table(
        "places",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "sources",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("registry_id", sa.String(length=80), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("affiliation", sa.String(length=200), nullable=True),
        sa.Column("reliability", sa.String(length=1), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "actor_aliases",
        sa.Column("actor_id", sa.String(length=80), nullable=False),
        sa.Column("folded", sa.String(length=300), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actors.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("actor_id", "folded"),
    )
    op.create_table(
        "incident_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("statement_key", sa.String(length=40), nullable=True),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_history", schema=None) as batch_op:
        batch_op.create_index("ix_incident_history_incident", ["incident_id"], unique=False)

    op.create_table(
        "statements",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=False),
        sa.Column("date_explicit", sa.Boolean(), nullable=False),
        sa.Column("event_type", sa.String(length=40), nullable=True),
        sa.Column("sub_event_type", sa.String(length=60), nullable=True),
        sa.Column("weapon", sa.String(length=60), nullable=True),
        sa.Column("suicide", sa.Boolean(), nullable=True),
        sa.Column("actor1_id", sa.String(length=80), nullable=True),
        sa.Column("actor2_id", sa.String(length=80), nullable=True),
        sa.Column("claimed_by_id", sa.String(length=80), nullable=True),
        sa.Column("claim_channel", sa.String(length=60), nullable=True),
        sa.Column("perpetrator_claim", sa.Boolean(), nullable=False),
        sa.Column("place_id", sa.String(length=80), nullable=True),
        sa.Column("place", sa.JSON(), nullable=True),
        sa.Column("actors", sa.JSON(), nullable=True),
        sa.Column("killed", sa.JSON(), nullable=False),
        sa.Column("wounded", sa.JSON(), nullable=False),
        sa.Column("citations", sa.JSON(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("extractor", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index("ix_statements_date", ["date"], unique=False)
        batch_op.create_index("ix_statements_document", ["document_id"], unique=False)

    op.create_table(
        "claims",
        sa.Column("statement_key", sa.String(length=40), nullable=False),
        sa.Column("incident_id", sa.String(length=40), nullable=True),
        sa.Column("actor_id", sa.String(length=80), nullable=False),
        sa.Column("channel", sa.String(length=60), nullable=True),
        sa.Column("claim_date", sa.Date(), nullable=True),
        sa.Column("latency_hours", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["statement_key"], ["statements.key"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("statement_key"),
    )
    op.create_table(
        "control_changes",
        sa.Column("statement_key", sa.String(length=40), nullable=False),
        sa.Column("incident_id", sa.String(length=40), nullable=True),
        sa.Column("place_id", sa.String(length=80), nullable=False),
        sa.Column("actor_id", sa.String(length=80), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["statement_key"], ["statements.key"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("statement_key"),
    )
    op.create_table(
        "incident_statements",
        sa.Column("incident_id", sa.String(length=40), nullable=False),
        sa.Column("statement_key", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["statement_key"], ["statements.key"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("incident_id", "statement_key"),
        sa.UniqueConstraint("statement_key", name="uq_incident_statements_statement"),
    )


def downgrade() -> None:
    op.drop_table("incident_statements")
    op.drop_table("control_changes")
    op.drop_table("claims")
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index("ix_statements_document")
        batch_op.drop_index("ix_statements_date")

    op.drop_table("statements")
    with op.batch_alter_table("incident_history", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_history_incident")

    op.drop_table("incident_history")
    op.drop_table("actor_aliases")
    op.drop_table("sources")
    op.drop_table("rejections")
    op.drop_table("places")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_date")
        batch_op.drop_index("ix_incidents_country")

    op.drop_table("incidents")
    op.drop_table("documents")
    op.drop_table("actors")
