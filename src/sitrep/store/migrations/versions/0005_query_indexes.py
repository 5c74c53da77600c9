"""indexes for the bulletin's and the workspace's queries on large stores

Revision ID: 0005
Revises: 0004
Create Date: 2017-11-08
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# (index, table, columns): documents by publication day (a week's updates), incidents by type
# and place (control, filters), claims by incident (claiming habits).
INDEXES = (
    ("ix_documents_published", "documents", ["published"]),
    ("ix_incidents_sub_event_type_date", "incidents", ["sub_event_type", "date"]),
    ("ix_incidents_place_date", "incidents", ["country", "location", "date"]),
    ("ix_claims_incident", "claims", ["incident_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
