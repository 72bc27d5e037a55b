"""Schema migrations: the Alembic revisions build exactly the tables the code declares, on both databases."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import api.db.account_tables
import api.db.market_tables
import api.db.tables
import api.db.workflow_tables
from api.db.migrate import alembic_config, migrate
from api.db.session import make_engine
from tests.api.conftest import new_pg_database


def test_migrations_match_the_declared_tables(database_url: str) -> None:
    _ = (api.db.tables, api.db.workflow_tables, api.db.market_tables, api.db.account_tables)
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
    expected = {"user", "employer", "candidate", "vacancy", "index_change", "review", "invitation", "interest"}
    assert expected | {"outbox", "auth_session", "access_token", "email_token"} <= tables


def test_revision_0005_turns_free_text_countries_into_iso_codes(
    database_url: str, request: pytest.FixtureRequest
) -> None:
    if database_url.startswith("postgresql"):  # the shared test database is already at head: use a new one
        database_url = new_pg_database(request.getfixturevalue("pg"))
    engine = make_engine(database_url)
    try:
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            connection.execute(
                text(
                    'INSERT INTO "user" (id, role, name, token_hash, regions, created_at) VALUES '
                    "(1, 'candidate', '', 'h1', '', '2026-01-01'), (2, 'candidate', '', 'h2', '', '2026-01-01'),"
                    " (3, 'candidate', '', 'h3', '', '2026-01-01')"
                )
            )
            for i, country in ((1, "GUATEMALA"), (2, "gt"), (3, "Narnia")):
                connection.execute(
                    text(
                        "INSERT INTO candidate (id, user_id, name, email, text, language, years_experience, education,"
                        " french, regions_open, open_to_all_regions, country, status, created_at, updated_at) VALUES "
                        "(:i, :i, 'x', 'x@example.org', '', 'fr', 0, 'NONE', 'NONE', '', false, :c, 'other',"
                        " '2026-01-01', '2026-01-01')"
                    ),
                    {"i": i, "c": country},
                )
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            found = dict(connection.execute(text("SELECT id, country FROM candidate ORDER BY id")).all())
    finally:
        engine.dispose()
    assert found == {1: "GT", 2: "GT", 3: "Narnia"}  # what names no country is left for a person to correct
