"""vacancy.naics: optional NAICS sector code (exempt sectors of the Montréal/Laval low-wage LMIA freeze)

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-01 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0006"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("vacancy", schema=None) as batch_op:
        batch_op.add_column(sa.Column("naics", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("vacancy", schema=None) as batch_op:
        batch_op.drop_column("naics")
