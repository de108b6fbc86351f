"""An interview held is a job-hunt action (the product notes, issue 14): it counts for the
activity streak and for bounce-back times. Writes to interviews are logged in
`activity_touches` like those to the other activity tables (0003), so the header's streak
memo notices an interview recorded on an old day.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COUNTS = "{row}.starts_at IS NOT NULL"
"""An interview's start is its activity instant (a take-home has none)."""


def trigger_statements() -> list[str]:
    """The three triggers that log writes to interviews (as 0003's do for the others)."""
    new, old = COUNTS.format(row="NEW"), COUNTS.format(row="OLD")
    earliest = "min(coalesce(OLD.starts_at, '~'), coalesce(NEW.starts_at, '~'))"
    return [
        ("CREATE TRIGGER touch_interviews_insert AFTER INSERT ON interviews WHEN "
         f"{new} BEGIN INSERT INTO activity_touches (at) VALUES (NEW.starts_at); END"),
        ("CREATE TRIGGER touch_interviews_delete AFTER DELETE ON interviews WHEN "
         f"{old} BEGIN INSERT INTO activity_touches (at) VALUES (OLD.starts_at); END"),
        ("CREATE TRIGGER touch_interviews_update AFTER UPDATE ON interviews "
         f"WHEN ({new} OR {old}) AND OLD.starts_at IS NOT NEW.starts_at "
         f"BEGIN INSERT INTO activity_touches (at) VALUES ({earliest}); END"),
    ]


def upgrade() -> None:
    for statement in trigger_statements():
        op.execute(statement)


def downgrade() -> None:
    for event in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER touch_interviews_{event}")
