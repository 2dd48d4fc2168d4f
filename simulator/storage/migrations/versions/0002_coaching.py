"""Coaching: comments on turns, score overrides, drills and their assignments, coach teams.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the coaching tables and link sessions to drills and to the call they branch."""
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "session_id",
            sa.String(32),
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("turn", sa.Integer, nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_comments_session_id", "comments", ["session_id"])
    op.create_table(
        "overrides",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "session_id",
            sa.String(32),
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("step", sa.String(40), nullable=False),
        sa.Column("machine_score", sa.Float, nullable=False),
        sa.Column("coach_score", sa.Float, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("coach", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_overrides_session_id", "overrides", ["session_id"])
    op.create_table(
        "drills",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("pairs", sa.JSON, nullable=False),
        sa.Column("difficulty", sa.Integer, nullable=False),
        sa.Column("pass_mark", sa.Float, nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("repeat", sa.String(20), nullable=False),
        sa.Column("hints_allowed", sa.Boolean, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "drill_id", sa.Integer, sa.ForeignKey("drills.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("trainee_id", sa.Integer, sa.ForeignKey("trainees.id"), nullable=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "coach_teams",
        sa.Column("coach", sa.String(100), primary_key=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), primary_key=True),
    )
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("drill_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("branch_of", sa.String(32), nullable=True))
        batch.add_column(sa.Column("branch_turn", sa.Integer, nullable=True))
        batch.add_column(sa.Column("step_scores", sa.JSON, nullable=True))
        batch.add_column(sa.Column("anti_patterns", sa.JSON, nullable=True))


def downgrade() -> None:
    """Drop the coaching tables and columns."""
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("anti_patterns")
        batch.drop_column("step_scores")
        batch.drop_column("branch_turn")
        batch.drop_column("branch_of")
        batch.drop_column("drill_id")
    for table in ("coach_teams", "assignments", "drills", "overrides", "comments"):
        op.drop_table(table)
