"""Applications get a follow-up day (the pipeline's `F`), a summary of their history
(outcome, outcome instant, furthest stage, whether the company answered, closed) so that
stats read one row per application, the folded text the filter searches, and an index in the
pipeline's order so a page at 100,000 applications needs no sort.

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
    op.add_column("applications", sa.Column("closed", sa.Boolean(), nullable=False,
                                            server_default=sa.false()))
    op.add_column("applications", sa.Column("search_text", sa.String(), nullable=False,
                                            server_default=""))
    op.create_index("ix_applications_pipeline_order", "applications",
                    ["closed", sa.text("last_activity_at DESC"), sa.text("id DESC")])
    _fill_summaries()


def _fill_summaries() -> None:
    from bounceback_tui.store.models import search_text, summary_columns

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
            "responded = ?, closed = ? WHERE id = ?",
            (columns["outcome"],
             to_stored(columns["outcome_at"]) if columns["outcome_at"] else None,
             columns["furthest_stage"], int(columns["responded"]), int(columns["closed"]),
             app_id),
        )
    fields = conn.exec_driver_sql(
        "SELECT id, company, role, source, location, notes FROM applications").fetchall()
    for app_id, company, role, source, location, notes in fields:
        conn.exec_driver_sql(
            "UPDATE applications SET search_text = ? WHERE id = ?",
            (search_text({"company": company, "role": role, "source": source,
                          "location": location, "notes": notes}), app_id))


def downgrade() -> None:
    op.drop_index("ix_applications_pipeline_order", "applications")
    with op.batch_alter_table("applications") as batch:
        for column in ("search_text", "closed", "responded", "furthest_stage", "outcome_at",
                       "outcome", "follow_up_on"):
            batch.drop_column(column)
