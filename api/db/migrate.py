"""Schema migrations with Alembic (``api/db/migrations``), applied at every start."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from api.db.session import make_engine

log = logging.getLogger("passerelle.db")
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic configuration pointing at the packaged migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate_engine(engine: Engine) -> None:
    """Upgrade the database behind ``engine`` to the latest revision.

    Args:
        engine: the database to migrate.
    """
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def migrate(database_url: str) -> None:
    """Upgrade the database at ``database_url`` to the latest revision.

    Args:
        database_url: a SQLAlchemy URL.
    """
    engine = make_engine(database_url)
    try:
        migrate_engine(engine)
    finally:
        engine.dispose()
