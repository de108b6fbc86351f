"""Looking at a database file before opening it, and keeping it and its companions private.

Plain sqlite3 (no SQLAlchemy): the dashboard uses it before its first rows are read.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .errors import Damaged, StoreOpenError
from .failures import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    backups_of,
    damaged_message,
    restore_advice,
    sqlite_code,
)
from .schema import APPLICATION_ID, REVISIONS, SQLITE_MAGIC

# --- private files -------------------------------------------------------------------------


def make_private(path: Path) -> None:
    """Make a database file and its -wal/-shm companions 0600, where they exist."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if stat.S_IMODE(candidate.stat().st_mode) != 0o600:
                os.chmod(candidate, 0o600)


# --- looking at a file without changing it -------------------------------------------------


@dataclass(frozen=True)
class FileState:
    """What a file on disk is, as far as BounceBack is concerned."""

    kind: str  # "new" (missing, empty, or a bare SQLite file) or "bounceback"
    revision: str | None = None


def _inspect_through_sqlite(path: Path) -> FileState:
    """`inspect_file` for a file this process already has open: an ordinary connection,
    whose closing SQLite coordinates with the others (it keeps the descriptor while they
    hold locks). The file was a SQLite database when it was opened."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        (application_id,) = conn.execute("PRAGMA application_id").fetchall()[0]
        if application_id not in (0, APPLICATION_ID):
            raise StoreOpenError(
                f"{path} belongs to another application (SQLite application_id "
                f"0x{application_id:08x}); BounceBack will not touch it")
        tables = {name for (name,) in
                  conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()}
        revision = None
        if "alembic_version" in tables:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            revision = rows[0][0] if rows else None
    except sqlite3.DatabaseError as exc:
        if sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
            raise Damaged(damaged_message(path, str(exc))) from None
        raise StoreOpenError(f"cannot read {path}: {exc}") from None
    finally:
        conn.close()
    return _decide(path, application_id, tables, revision)


def _immutable_connect(path: Path) -> sqlite3.Connection:
    """A read-only connection that creates no -wal/-shm and takes no locks."""
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True)


_OPEN_HERE: set[str] = set()
"""Database files this process has opened through SQLite (see `note_open`)."""


def note_open(path: Path) -> None:
    """Record that this process holds SQLite connections to `path` from now on.

    SQLite's locks are POSIX locks, which belong to the process: closing *any* descriptor
    of the file (Python's `open`, or an `immutable` connection, which takes no locks) drops
    them all. Another process could then take the file for its own and, closing, delete the
    -wal and -shm under our open connections, whose reads go stale and whose writes would
    be lost. So once the file is open here, `inspect_file` looks only through SQLite."""
    _OPEN_HERE.add(str(path.resolve()))


def inspect_file(path: Path) -> FileState:
    """Decide whether `path` may be opened; refuse (StoreOpenError) without changing it."""
    if not path.exists():
        return FileState("new")
    if str(path.resolve()) in _OPEN_HERE:
        return _inspect_through_sqlite(path)
    if path.is_dir():
        raise StoreOpenError(f"{path} is a folder; give the path of a database file")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except PermissionError:
        raise StoreOpenError(f"cannot read {path}: permission denied") from None
    if not header:
        return FileState("new")
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        if backups_of(path):  # it has been backed up as a database: it is damaged
            raise Damaged(f"{path} is not a SQLite database (any more): if it is your "
                          f"BounceBack database, it is damaged; {restore_advice(path)}")
        raise StoreOpenError(
            f"{path} is not a SQLite database; point --db at a BounceBack database or a new file"
        )
    application_id = int.from_bytes(header[68:72], "big")
    if application_id not in (0, APPLICATION_ID):
        raise StoreOpenError(
            f"{path} belongs to another application (SQLite application_id "
            f"0x{application_id:08x}); BounceBack will not touch it"
        )
    try:
        conn = _immutable_connect(path)
        try:
            tables = {
                name
                for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
            raise Damaged(damaged_message(path, str(exc))) from None
        raise StoreOpenError(f"{path} cannot be read as a SQLite database ({exc})") from None
    return _decide(path, application_id, tables, revision)


def _decide(path: Path, application_id: int, tables: set[str],
            revision: str | None) -> FileState:
    """What a SQLite file with this mark, these tables and this schema revision is."""
    if application_id == 0:
        if tables:
            raise StoreOpenError(
                f"{path} is a SQLite database of another application; BounceBack will not touch it"
            )
        return FileState("new")
    if revision is not None and revision not in REVISIONS:
        raise StoreOpenError(
            f"{path} was written by a newer BounceBack (schema {revision}); "
            "upgrade BounceBack to open it"
        )
    return FileState("bounceback", revision)
