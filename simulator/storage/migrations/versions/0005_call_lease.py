"""Call lease: one live writer per call.

A process that plays a call holds its lease (``lease_owner``) until ``lease_until``; a
second process that tries to resume the same call while the lease is live is refused.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add sessions.lease_owner and sessions.lease_until (no lease on existing calls)."""
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("lease_owner", sa.String(64), nullable=True))
        batch.add_column(sa.Column("lease_until", sa.DateTime, nullable=True))


def downgrade() -> None:
    """Drop the lease columns (plain DROP COLUMN; see 0004 on why not a batch rebuild)."""
    for column in ("lease_until", "lease_owner"):
        op.execute(f"ALTER TABLE sessions DROP COLUMN {column}")
