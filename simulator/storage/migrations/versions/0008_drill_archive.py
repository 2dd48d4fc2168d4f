"""Drills can be archived: kept with their calls, no longer shown as due.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add drills.archived (every existing drill stays active)."""
    with op.batch_alter_table("drills") as batch:
        batch.add_column(
            sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    """Drop the column (plain DROP COLUMN; see 0004 on why not a batch rebuild)."""
    op.execute("ALTER TABLE drills DROP COLUMN archived")
