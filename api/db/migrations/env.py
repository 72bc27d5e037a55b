"""Alembic environment: migrates the connection handed over by ``api.db.migrate`` (or the URL in the config)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import api.db.account_tables
import api.db.market_tables
import api.db.tables
import api.db.workflow_tables
from api.db.session import make_engine

target_metadata = SQLModel.metadata
_ = (api.db.tables, api.db.market_tables, api.db.account_tables)


def run_migrations() -> None:
    """Run the migrations on the given connection, or on a fresh engine for ``sqlalchemy.url``."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        engine = make_engine(context.config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as fresh:
            _run(fresh)
        engine.dispose()
    else:
        _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
