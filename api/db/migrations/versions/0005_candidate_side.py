"""candidate side: interests in vacancies; countries stored as ISO 3166 alpha-2 codes

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-01 21:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from regions.countries import UnknownCountryError, normalize_country

revision: str = "0005"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "interest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("vacancy_id", "candidate_id", name="uq_interest_pair"),
    )
    with op.batch_alter_table("interest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interest_candidate_id"), ["candidate_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interest_vacancy_id"), ["vacancy_id"], unique=False)
    _normalize_countries()


def _normalize_countries() -> None:
    """Free-text countries typed before this revision ("GUATEMALA", "gt") become their code ("GT"); values that
    name no country are kept as they are (the API refuses them from now on)."""
    connection = op.get_bind()
    candidate = sa.table("candidate", sa.column("country", sa.String))
    values = [row[0] for row in connection.execute(sa.select(candidate.c.country).distinct())]
    for value in values:
        try:
            code = normalize_country(value or "")
        except UnknownCountryError:
            continue
        if code != value:
            connection.execute(sa.update(candidate).where(candidate.c.country == value).values(country=code))


def downgrade() -> None:
    with op.batch_alter_table("interest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interest_vacancy_id"))
        batch_op.drop_index(batch_op.f("ix_interest_candidate_id"))
    op.drop_table("interest")
