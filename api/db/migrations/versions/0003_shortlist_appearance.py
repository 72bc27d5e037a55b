"""shortlist appearances: which candidates a vacancy's shortlist has shown (an employer invites only those)

Revision ID: 0003
Revises: 0007
Create Date: 2026-12-01 22:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shortlist_appearance",
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("vacancy_id", "candidate_id"),
    )
    with op.batch_alter_table("shortlist_appearance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shortlist_appearance_candidate_id"), ["candidate_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("shortlist_appearance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shortlist_appearance_candidate_id"))
    op.drop_table("shortlist_appearance")
