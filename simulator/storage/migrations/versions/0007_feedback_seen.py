"""When a trainee last read a call's report, so coach feedback after it shows as new.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add sessions.feedback_seen_at (empty: every call's feedback so far counts as new)."""
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("feedback_seen_at", sa.DateTime, nullable=True))


def downgrade() -> None:
    """Drop the column (plain DROP COLUMN; see 0004 on why not a batch rebuild)."""
    op.execute("ALTER TABLE sessions DROP COLUMN feedback_seen_at")
