"""The week's rows travel too (issue 17): interviews, people, their parts in applications and
interviews, and an application's details (pay, posting, deadline, excitement, tags).

- `uid` on each of them, given by a trigger as in 0007. Two of them are not random, so that
  the same thing made on two machines apart is one row once they meet:
  - an application's details: the application's own uid (there is one details row per
    application);
  - a person's part in an application or an interview: the uids it joins (and the part), so
    linking the same person twice apart does not break the one-link-per-part rule.
- The same outbox triggers as 0007 (only while sync is on and not while remote changes are
  applied); a details row is named by its application's id.
- `sync_state.reproject`: the tables whose rows the next exchange writes from the document
  (an older BounceBack may have taken them in without writing them).

The synced fields are listed in `bounceback_tui.store.sync.mapping`; a test fails if a column
is added here without saying whether it travels.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ON = "(SELECT enabled AND NOT applying FROM sync_state WHERE id = 1)"

RANDOM = "lower(hex(randomblob(16)))"
APP_UID = "(SELECT uid FROM applications WHERE id = {row}.application_id)"
CONTACT_UID = "(SELECT uid FROM contacts WHERE id = {row}.contact_id)"
INTERVIEW_UID = "(SELECT uid FROM interviews WHERE id = {row}.interview_id)"

TABLES: dict[str, tuple[str, str]] = {
    # table: (the column that names a row, the uid a new row gets)
    "contacts": ("id", RANDOM),
    "interviews": ("id", RANDOM),
    "application_details": ("application_id", APP_UID),
    "application_contacts": (
        "id", f"{APP_UID} || '/' || {CONTACT_UID} || '/' || {{row}}.part"),
    "interview_contacts": ("id", f"{INTERVIEW_UID} || '/' || {CONTACT_UID}"),
}


def upgrade() -> None:
    for table, (key, made) in TABLES.items():
        op.add_column(table, sa.Column("uid", sa.String(), nullable=True))
        op.execute(f"UPDATE {table} SET uid = {made.format(row=table)} WHERE uid IS NULL")
        op.create_index(f"ux_{table}_uid", table, ["uid"], unique=True)
        op.execute(
            f"CREATE TRIGGER {table}_uid AFTER INSERT ON {table} WHEN NEW.uid IS NULL BEGIN "
            f"UPDATE {table} SET uid = {made.format(row='NEW')} WHERE {key} = NEW.{key}; END")
        op.execute(
            f"CREATE TRIGGER {table}_sync_put AFTER INSERT ON {table} WHEN {ON} BEGIN "
            f"INSERT INTO sync_outbox (entity, row_id, op) VALUES ('{table}', NEW.{key}, 'put'); "
            "END")
        op.execute(
            f"CREATE TRIGGER {table}_sync_change AFTER UPDATE ON {table} "
            f"WHEN OLD.uid IS NOT NULL AND {ON} BEGIN "
            f"INSERT INTO sync_outbox (entity, row_id, op) VALUES ('{table}', NEW.{key}, 'put'); "
            "END")
        op.execute(
            f"CREATE TRIGGER {table}_sync_gone AFTER DELETE ON {table} WHEN {ON} BEGIN "
            f"INSERT INTO sync_outbox (entity, row_id, uid, op) "
            f"VALUES ('{table}', OLD.{key}, OLD.uid, 'gone'); END")
    # An older BounceBack may have applied pushes that held these tables' rows (it read the
    # space just before a newer one raised its schema) without writing them: the next
    # exchange writes every one of them from the document.
    op.add_column("sync_state", sa.Column("reproject", sa.String(), nullable=True))
    op.execute(f"UPDATE sync_state SET reproject = '{','.join(TABLES)}'")
    # A hunt that already syncs sends its week's rows with the next push.
    for table, (key, _made) in TABLES.items():
        op.execute(f"INSERT INTO sync_outbox (entity, row_id, op) SELECT '{table}', {key}, "
                   f"'put' FROM {table} WHERE (SELECT enabled FROM sync_state WHERE id = 1)")

def downgrade() -> None:
    op.drop_column("sync_state", "reproject")
    op.execute("DELETE FROM sync_outbox WHERE entity IN "
               f"({', '.join(repr(t) for t in TABLES)})")
    for table in TABLES:
        for name in ("uid", "sync_put", "sync_change", "sync_gone"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{name}")
        op.drop_index(f"ux_{table}_uid", table_name=table)
        op.drop_column(table, "uid")
