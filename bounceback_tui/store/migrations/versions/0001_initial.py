"""The first schema: applications, their stage events, reflections, wins, growth actions,
and the undo log.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bounceback_tui.store.types import Instant

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("company", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("location", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("applied_at", Instant(), nullable=True),
        sa.Column("last_activity_at", Instant(), nullable=False),
        sa.Column("created_at", Instant(), nullable=False),
        sa.Column("updated_at", Instant(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_applications_stage", "applications", ["stage"])
    op.create_index("ix_applications_last_activity_at", "applications", ["last_activity_at"])

    op.create_table(
        "stage_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "application_id",
            sa.Integer(),
            sa.ForeignKey("applications.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("at", Instant(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_stage_events_application_at", "stage_events", ["application_id", "at"])
    op.create_index("ix_stage_events_at", "stage_events", ["at"])

    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "application_id",
            sa.Integer(),
            sa.ForeignKey("applications.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", Instant(), nullable=False),
        sa.Column("updated_at", Instant(), nullable=False),
        sa.Column("saved_at", Instant(), nullable=True),
        sa.Column("feelings", sa.JSON(), nullable=False),
        sa.Column("mood_before", sa.Integer(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("reasons_text", sa.String(), nullable=False),
        sa.Column("feedback_status", sa.String(), nullable=False),
        sa.Column("feedback_text", sa.String(), nullable=False),
        sa.Column("went_well", sa.String(), nullable=False),
        sa.Column("do_differently", sa.String(), nullable=False),
        sa.Column("taught_me", sa.String(), nullable=False),
        sa.Column("mismatches", sa.JSON(), nullable=False),
        sa.Column("alignment_text", sa.String(), nullable=False),
        sa.Column("direction_text", sa.String(), nullable=False),
        sa.Column("commitment_text", sa.String(), nullable=False),
        sa.Column("commitment_kind", sa.String(), nullable=False),
        sa.Column("commitment_due", sa.Date(), nullable=True),
        sa.Column("next_step", sa.String(), nullable=False),
        sa.Column("mood_after", sa.Integer(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_reflections_status_updated_at", "reflections", ["status", "updated_at"])
    op.create_index("ix_reflections_application_id", "reflections", ["application_id"])

    op.create_table(
        "wins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", Instant(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_wins_at", "wins", ["at"])

    op.create_table(
        "growth_actions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", Instant(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_at", Instant(), nullable=True),
        sa.Column(
            "reflection_id",
            sa.Integer(),
            sa.ForeignKey("reflections.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_growth_actions_done_at", "growth_actions", ["done_at"])
    op.create_index("ix_growth_actions_due_on", "growth_actions", ["due_on"])

    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", Instant(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    for table in ("changes", "growth_actions", "wins", "reflections", "stage_events",
                  "applications"):
        op.drop_table(table)
