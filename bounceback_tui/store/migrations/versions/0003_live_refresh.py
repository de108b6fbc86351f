"""What a change made elsewhere costs the open dashboard (issue 13).

- An index on the applications' outcomes in the metrics' order: the header's "no's since the
  last yes" reads the last yes and counts the no's after it from the index instead of
  scanning every application (~2 ms at 10,000).
- `activity_touches`: triggers on the four tables that hold activity (stage events, saved
  reflections, wins, growth actions done) record the earliest instant each write touched; the
  newest 256 are kept. The header's streak remembers the run of active days before the recent
  ones and, on a change, asks only "did a write since then touch an instant before them?"
  (one seek) instead of checking every older row (~2 ms at 10,000). Instants only, no words.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

KEEP = 256
"""How many touches are kept (a reader that missed more reads everything again)."""

EARLIEST = "min(coalesce({a}, '~'), coalesce({b}, '~'))"
"""The earlier of two stored instants, either of which may be NULL ('~' sorts last)."""

# (table, the instant column, when a row's instant counts as activity: for OLD and NEW rows)
ACTIVITY = (
    ("stage_events", "at", "1"),
    ("reflections", "saved_at", "{row}.status = 'saved'"),
    ("wins", "at", "1"),
    ("growth_actions", "done_at", "{row}.done_at IS NOT NULL"),
)


def trigger_statements() -> list[str]:
    """CREATE TRIGGER statements that log every write to the activity tables."""
    statements = []
    for table, column, counts in ACTIVITY:
        new, old = counts.format(row="NEW"), counts.format(row="OLD")
        statements += [
            (f"CREATE TRIGGER touch_{table}_insert AFTER INSERT ON {table} WHEN {new} "
             f"BEGIN INSERT INTO activity_touches (at) VALUES (coalesce(NEW.{column}, '~'));"
             " END"),
            (f"CREATE TRIGGER touch_{table}_delete AFTER DELETE ON {table} WHEN {old} "
             f"BEGIN INSERT INTO activity_touches (at) VALUES (coalesce(OLD.{column}, '~'));"
             " END"),
            (f"CREATE TRIGGER touch_{table}_update AFTER UPDATE ON {table} "
             f"WHEN ({new} OR {old}) AND (OLD.{column} IS NOT NEW.{column} OR {new} IS NOT "
             f"{old}) BEGIN INSERT INTO activity_touches (at) VALUES "
             f"({EARLIEST.format(a=f'OLD.{column}', b=f'NEW.{column}')}); END"),
        ]
    statements.append(
        "CREATE TRIGGER activity_touches_keep AFTER INSERT ON activity_touches "
        f"WHEN NEW.id % {KEEP} = 0 "
        f"BEGIN DELETE FROM activity_touches WHERE id <= NEW.id - {KEEP}; END")
    return statements


def upgrade() -> None:
    op.create_index("ix_applications_outcome_at", "applications",
                    ["outcome", "outcome_at", "id"])
    op.create_table(
        "activity_touches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.String(), nullable=False),
        sqlite_autoincrement=True,
    )
    for statement in trigger_statements():
        op.execute(statement)


def downgrade() -> None:
    for table, _column, _counts in ACTIVITY:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER touch_{table}_{event}")
    op.execute("DROP TRIGGER activity_touches_keep")
    op.drop_table("activity_touches")
    op.drop_index("ix_applications_outcome_at", table_name="applications")
