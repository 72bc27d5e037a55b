"""Schema migrations: the Alembic revisions build exactly the tables the code declares, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import api.db.tables
import api.db.workflow_tables
from api.db.migrate import migrate
from api.db.session import make_engine


def test_migrations_match_the_declared_tables(database_url: str) -> None:
    _ = (api.db.tables, api.db.workflow_tables)
    migrate(database_url)
    migrate(database_url)  # idempotent: already at head
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, SQLModel.metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert diff == [], f"the models changed without a migration: {diff}"
    assert {"user", "employer", "candidate", "vacancy", "index_change", "review", "invitation"} <= tables
