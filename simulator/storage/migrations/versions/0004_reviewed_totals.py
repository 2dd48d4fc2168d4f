"""Reviewed totals: the machine's and the coach's total kept apart on each session.

``sessions.total`` stays the total that counts (overrides applied); ``machine_total`` is
the latest grade's own total and ``coach_total`` the total after coach overrides (NULL
when no coach changed a step). Existing rows are filled from their grades and overrides.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add sessions.machine_total and sessions.coach_total, filled from stored grades."""
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("machine_total", sa.Float, nullable=True))
        batch.add_column(sa.Column("coach_total", sa.Float, nullable=True))
    op.execute(
        "UPDATE sessions SET machine_total = (SELECT g.total FROM grades g "
        "WHERE g.session_id = sessions.id ORDER BY g.id DESC LIMIT 1)"
    )
    op.execute(
        "UPDATE sessions SET coach_total = total WHERE total IS NOT NULL AND EXISTS "
        "(SELECT 1 FROM overrides o WHERE o.session_id = sessions.id)"
    )


def downgrade() -> None:
    """Drop the two columns (sessions.total still holds the total that counts)."""
    # Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): a batch rebuild of `sessions` on
    # SQLite would drop the table, and its ON DELETE CASCADE would take every turn and grade.
    for column in ("coach_total", "machine_total"):
        op.execute(f"ALTER TABLE sessions DROP COLUMN {column}")
