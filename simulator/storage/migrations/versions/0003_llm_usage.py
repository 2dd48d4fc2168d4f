"""LLM usage per session: prompt, cached and completion tokens and the estimated cost.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add sessions.usage."""
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("usage", sa.JSON, nullable=True))


def downgrade() -> None:
    """Drop sessions.usage."""
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("usage")
