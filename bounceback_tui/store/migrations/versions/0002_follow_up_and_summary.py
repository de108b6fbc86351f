"""Applications get a follow-up day (the pipeline's `F`) and a summary of their history
(outcome, outcome instant, furthest stage, whether the company answered), so that stats
read one row per application.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

from bounceback_tui.store.types import Instant, to_stored

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite supports it): a batch "move and copy" would rebuild the table
    # from reflection and lose AUTOINCREMENT, letting ids of deleted applications come back.
    op.add_column("applications", sa.Column("follow_up_on", sa.Date(), nullable=True))
    op.add_column("applications", sa.Column("outcome", sa.String(), nullable=True))
    op.add_column("applications", sa.Column("outcome_at", Instant(), nullable=True))
    op.add_column("applications", sa.Column("furthest_stage", sa.String(), nullable=True))
    op.add_column("applications", sa.Column("responded", sa.Boolean(), nullable=False,
                                            server_default=sa.false()))
    _fill_summaries()


def _fill_summaries() -> None:
    from bounceback_tui.store.models import summary_columns

    conn = op.get_bind()
    rows = conn.exec_driver_sql(
        "SELECT a.id, a.company, e.stage, e.at, e.id FROM applications a "
        "JOIN stage_events e ON e.application_id = a.id ORDER BY a.id, e.at, e.id"
    ).fetchall()
    histories: dict[int, tuple[str, list[tuple[str, datetime, int]]]] = {}
    for app_id, company, stage, at, event_id in rows:
        instant = datetime.fromisoformat(at + "+00:00")
        histories.setdefault(app_id, (company, []))[1].append((stage, instant, event_id))
    for app_id, (company, events) in histories.items():
        columns = summary_columns(app_id, company, events)
        conn.exec_driver_sql(
            "UPDATE applications SET outcome = ?, outcome_at = ?, furthest_stage = ?, "
            "responded = ? WHERE id = ?",
            (columns["outcome"],
             to_stored(columns["outcome_at"]) if columns["outcome_at"] else None,
             columns["furthest_stage"], int(columns["responded"]), app_id),
        )


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        for column in ("responded", "furthest_stage", "outcome_at", "outcome", "follow_up_on"):
            batch.drop_column(column)
