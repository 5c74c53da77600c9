"""review (status, merges, analysts' corrections), accounts, sessions, API tokens, text search

Revision ID: 0006
Revises: 0005
Create Date: 2017-11-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_incidents_actor1_date", ["actor1", "date"]),
    ("ix_incidents_actor2_date", ["actor2", "date"]),
    ("ix_incidents_admin1_date", ["admin1", "date"]),
    ("ix_incidents_event_type_date", ["event_type", "date"]),
)


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("status", sa.String(length=20), nullable=False, server_default="new"))
        batch.add_column(sa.Column("merged_into", sa.String(length=40), nullable=True))
    # The workspace's filters: by actor on either side, province and event type, each with date.
    for name, columns in INDEXES:
        op.create_index(name, "incidents", columns)
    op.create_table(
        "incident_overrides",
        sa.Column("incident_id", sa.String(length=40), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("incident_id", "field"),
    )
    op.create_table(
        "users",
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("username"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["username"], ["users.username"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("digest"),
    )
    op.create_table(
        "sessions",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["username"], ["users.username"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("digest"),
    )
    # Text search over each incident's summary, place, actors and statements: FTS5 on SQLite,
    # a tsvector with a GIN index on PostgreSQL. The store keeps both up to date on every save.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE incident_search USING fts5(incident_id UNINDEXED, body)")
        op.execute(
            "INSERT INTO incident_search (incident_id, body) "
            "SELECT i.id, i.summary || ' ' || i.location || ' ' || coalesce(i.admin1, '') || ' ' || "
            "coalesce(i.actor1, '') || ' ' || coalesce(i.actor2, '') || ' ' || "
            "coalesce(group_concat(s.text, ' '), '') "
            "FROM incidents i LEFT JOIN incident_statements l ON l.incident_id = i.id "
            "LEFT JOIN statements s ON s.key = l.statement_key GROUP BY i.id"
        )
    else:
        op.execute("ALTER TABLE incidents ADD COLUMN search tsvector")
        op.execute(
            "UPDATE incidents i SET search = to_tsvector('simple', i.summary || ' ' || i.location || ' ' || "
            "coalesce(i.admin1, '') || ' ' || coalesce(i.actor1, '') || ' ' || "
            "coalesce(i.actor2, '') || ' ' || "
            "coalesce((SELECT string_agg(s.text, ' ') FROM incident_statements l "
            "JOIN statements s ON s.key = l.statement_key WHERE l.incident_id = i.id), ''))"
        )
        op.execute("CREATE INDEX ix_incidents_search ON incidents USING gin (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE incident_search")
    else:
        op.execute("DROP INDEX ix_incidents_search")
        op.execute("ALTER TABLE incidents DROP COLUMN search")
    for table in ("sessions", "api_tokens", "users", "incident_overrides"):
        op.drop_table(table)
    for name, _ in INDEXES:
        op.drop_index(name, table_name="incidents")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("merged_into")
        batch.drop_column("status")
