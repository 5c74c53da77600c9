"""Bringing a database to the newest schema with Alembic, from inside the package."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Connection, text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"
# Any fixed number: the advisory lock that serialises migrations of one PostgreSQL database.
MIGRATION_LOCK = 0x5175_7265


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@contextmanager
def migrating(engine: Engine) -> Iterator[Connection]:
    """A connection to migrate ``engine``'s database on, inside one transaction."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # A batch migration rebuilds a SQLite table by copying it and dropping the original;
            # with foreign keys enforced, the drop would delete every row that refers to it.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                if not sqlite:
                    # Processes opening a new database together (a Dask client beside the
                    # workspace) migrate it one after the other; the lock ends with the transaction.
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
                yield conn
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def upgrade(engine: Engine) -> None:
    """Apply every migration the database lacks, in one transaction."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with migrating(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
