"""incidents by place: latitude and longitude indexed, and, where PostgreSQL has PostGIS, a
geography column with a spatial index

Revision ID: 0007
Revises: 0006
Create Date: 2017-11-08
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)


def _postgis(bind: sa.Connection) -> bool:
    """Whether PostGIS is, or can be, installed in this database. Without it (SQLite, a server
    without the package, an owner who may not create extensions) places stay plain latitude
    and longitude and the store measures distances itself."""
    if bind.dialect.name != "postgresql":
        return False
    installed = bind.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first()
    if installed is not None:
        return True
    available = bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")).first()
    # PostGIS is not a trusted extension: only a superuser may create it.
    superuser = bind.execute(sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar()
    if available is None or not superuser:
        log.info("PostGIS unavailable: places are filtered by bounding box and haversine distance")
        return False
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    return True


def upgrade() -> None:
    op.create_index("ix_incidents_lat_lon", "incidents", ["latitude", "longitude"])
    if not _postgis(op.get_bind()):
        return
    # Generated from latitude and longitude, so no write path has to remember to keep it.
    op.execute(
        "ALTER TABLE incidents ADD COLUMN geog geography(Point, 4326) GENERATED ALWAYS AS ("
        "CASE WHEN latitude IS NOT NULL AND longitude IS NOT NULL "
        "THEN ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography END) STORED"
    )
    op.execute("CREATE INDEX ix_incidents_geog ON incidents USING gist (geog)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_incidents_geog")
        op.execute("ALTER TABLE incidents DROP COLUMN IF EXISTS geog")
    op.drop_index("ix_incidents_lat_lon", table_name="incidents")
