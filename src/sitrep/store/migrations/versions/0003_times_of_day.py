"""documents keep their time of publication, statements the hour of their event or claim

Revision ID: 0003
Revises: 0002
Create Date: 2017-11-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("published_time", sa.Time(), nullable=True))
    with op.batch_alter_table("statements") as batch:
        batch.add_column(sa.Column("hour", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("hour")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("published_time")
