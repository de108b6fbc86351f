"""The tables sync keeps beside the hunt (issue 17, migration 0007). Imported where they are
used, and by the migrations' environment.

- `sync_state`: one row: whether this file takes part in a shared space, where it is, this
  machine's id, the CRDT document's state, the last exchange and what went wrong in it.
- `sync_updates`: what each exchange changed in the document since it was last stored whole.
- `sync_outbox`: every change to a synced row, logged by triggers in the same transaction as
  the change (only while sync is on, and not while remote changes are being applied): what
  the next push publishes.
- `sync_seen`: the files from other machines already applied.
- `sync_conflicts`: reflections edited on two machines before they met: the revisions the
  person is asked to choose between.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, LargeBinary
from sqlmodel import Field, SQLModel

from .models import Application  # noqa: F401  (one metadata for every table)


class SyncState(SQLModel, table=True):
    __tablename__ = "sync_state"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    enabled: bool = False
    applying: bool = False
    folder: str | None = None
    space: str | None = None
    machine: str | None = None
    name: str | None = None
    seq: int = 0
    doc: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    """The document as of the last compaction; `sync_updates` holds what came after."""
    doc_version: int = 0
    """Counts exchanges: a document kept in memory is current while this has not moved."""
    last_exchange: str | None = None
    last_error: str | None = None
    reproject: str | None = None
    """What the next exchange writes from the document again, comma-separated: a table
    name, for every row of it (set by a migration that starts syncing a table: an older
    BounceBack may have taken in its rows without writing them), or `table/uid`, a row that
    arrived before its parent (its files came in another order)."""


class SyncUpdate(SQLModel, table=True):
    __tablename__ = "sync_updates"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    """What one exchange changed in the document (appended; folded into `sync_state.doc`
    every hundred exchanges)."""


class SyncOutbox(SQLModel, table=True):
    __tablename__ = "sync_outbox"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    entity: str
    row_id: int | None = None
    uid: str | None = None
    op: str


class SyncSeen(SQLModel, table=True):
    __tablename__ = "sync_seen"
    __table_args__ = (Index("ux_sync_seen_name", "name", unique=True),
                      {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    name: str


class SyncMine(SQLModel, table=True):
    __tablename__ = "sync_mine"
    __table_args__ = (Index("ux_sync_mine", "uid", "field", unique=True),
                      {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    uid: str
    field: str
    value: str | None = None
    """An application's field as this machine last set it (JSON): if another machine's value
    replaces it, this one goes into the undo log."""


class SyncConflict(SQLModel, table=True):
    __tablename__ = "sync_conflicts"
    __table_args__ = (Index("ux_sync_conflicts_reflection", "reflection_uid", unique=True),
                      {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    reflection_uid: str
    revisions: str
    """JSON: the ids of the revisions that met (heads of the reflection's history)."""
