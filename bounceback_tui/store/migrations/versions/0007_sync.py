"""Sync between a person's machines (issue 17).

- `uid` on the synced tables (applications, stage_events, reflections, wins,
  growth_actions): a random 128-bit hex id, stable across machines, given by a trigger to
  every new row (and now to every existing one). Local integer ids stay local.
- `sync_state`, `sync_updates`, `sync_outbox`, `sync_seen`, `sync_conflicts` (see
  `sync_models`).
- Triggers log every insert, update and delete of a synced row into `sync_outbox`, in the
  same transaction as the change, but only while sync is on and not while remote changes are
  applied (`sync_state.applying`). A file that never syncs logs nothing.

The synced fields of each table are its columns minus the local ones (ids, the columns an
application's events repeat); a later migration that adds a column to a synced table adds it
to `bounceback_tui.store.sync.mapping` with a test.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SYNCED = ("applications", "stage_events", "reflections", "wins", "growth_actions")
ON = "(SELECT enabled AND NOT applying FROM sync_state WHERE id = 1)"


def upgrade() -> None:
    for table in SYNCED:
        # Plain ADD COLUMN, as in 0002: a batch copy would lose AUTOINCREMENT.
        op.add_column(table, sa.Column("uid", sa.String(), nullable=True))
        op.execute(f"UPDATE {table} SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL")
        op.create_index(f"ux_{table}_uid", table, ["uid"], unique=True)
        op.execute(
            f"CREATE TRIGGER {table}_uid AFTER INSERT ON {table} WHEN NEW.uid IS NULL BEGIN "
            f"UPDATE {table} SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END")
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("applying", sa.Boolean(), nullable=False),
        sa.Column("folder", sa.String(), nullable=True),
        sa.Column("space", sa.String(), nullable=True),
        sa.Column("machine", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=True),
        sa.Column("doc_version", sa.Integer(), nullable=False),
        sa.Column("last_exchange", sa.String(), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.execute("INSERT INTO sync_state (id, enabled, applying, seq, doc_version) "
               "VALUES (1, 0, 0, 0, 0)")
    op.create_table(
        "sync_updates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "sync_outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=True),
        sa.Column("uid", sa.String(), nullable=True),
        sa.Column("op", sa.String(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "sync_seen",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ux_sync_seen_name", "sync_seen", ["name"], unique=True)
    op.create_table(
        "sync_mine",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ux_sync_mine", "sync_mine", ["uid", "field"], unique=True)
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reflection_uid", sa.String(), nullable=False),
        sa.Column("revisions", sa.String(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ux_sync_conflicts_reflection", "sync_conflicts", ["reflection_uid"],
                    unique=True)
    for table in SYNCED:
        op.execute(
            f"CREATE TRIGGER {table}_sync_put AFTER INSERT ON {table} WHEN {ON} BEGIN "
            f"INSERT INTO sync_outbox (entity, row_id, op) VALUES ('{table}', NEW.id, 'put'); END")
        op.execute(
            f"CREATE TRIGGER {table}_sync_change AFTER UPDATE ON {table} "
            f"WHEN OLD.uid IS NOT NULL AND {ON} BEGIN "
            f"INSERT INTO sync_outbox (entity, row_id, op) VALUES ('{table}', NEW.id, 'put'); END")
        op.execute(
            f"CREATE TRIGGER {table}_sync_gone AFTER DELETE ON {table} WHEN {ON} BEGIN "
            f"INSERT INTO sync_outbox (entity, row_id, uid, op) "
            f"VALUES ('{table}', OLD.id, OLD.uid, 'gone'); END")


def downgrade() -> None:
    for table in SYNCED:
        for name in ("uid", "sync_put", "sync_change", "sync_gone"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{name}")
    for name in ("sync_conflicts", "sync_mine", "sync_seen", "sync_outbox", "sync_updates",
                 "sync_state"):
        op.drop_table(name)
    for table in SYNCED:
        op.drop_index(f"ux_{table}_uid", table_name=table)
        op.drop_column(table, "uid")
