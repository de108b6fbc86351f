"""Opening a database file safely: checks before touching it, private permissions,
connection settings, migrations with a backup first, and consistent backups.

Nothing here imports Alembic unless a migration is due.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from ...private_files import PrivateFileError, create_private_file, ensure_private_dir
from ..errors import Damaged, StoreError, StoreOpenError
from .sqlite_errors import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    damaged_message,
    explain,
    explained,
    sqlite_code,
)
from .location import FileState, inspect_file, note_open, read_only_message, sqlite_uri
from ..schema import APPLICATION_ID, HEAD, REVISIONS

__all__ = ["FileState", "inspect_file"]  # kept here for callers

BUSY_TIMEOUT_MS = 10_000
WAL_AUTOCHECKPOINT_PAGES = 1000
"""Checkpoint the -wal into the file once it holds this many pages (SQLite's default, set
here so it never depends on how SQLite was built): about 4 MB at 4 KB pages."""
WAL_SIZE_LIMIT = 6 * 1024 * 1024
"""After a big transaction (an import), the -wal is cut back to this size at its next reuse
instead of keeping its largest size for as long as the dashboard stays open."""
MIGRATIONS_DIR = Path(__file__).parent.parent / "migrations"


def fold(text: str | None) -> str:
    """Case-insensitive form of a text for search (Unicode-aware, unlike SQLite's lower())."""
    return (text or "").casefold()


# --- the engine ----------------------------------------------------------------------------


WRITER_PRAGMAS = (
    "PRAGMA synchronous = FULL",
    f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}",
    f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}",
    "PRAGMA foreign_keys = ON",
    # Deleted rows (a reflection someone removed) are overwritten with zeros, not left in
    # free space: the default of some SQLite builds only (Debian's yes, python.org's no).
    "PRAGMA secure_delete = ON",
)


def _on_connect(dbapi_conn: sqlite3.Connection, record: Any, *, read_only: bool = False) -> None:
    """Every connection's settings; a file that may only be read gets nothing that writes
    (not even the journal mode) and refuses writes itself."""
    # Let SQLAlchemy's "begin" event emit BEGIN itself (SQLAlchemy's documented pysqlite recipe).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    journal = "PRAGMA journal_mode" if read_only else "PRAGMA journal_mode = WAL"
    record.info["journal_mode"] = cursor.execute(journal).fetchone()[0]
    for pragma in ("PRAGMA query_only = ON",) if read_only else WRITER_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()
    dbapi_conn.create_function("bb_fold", 1, fold, deterministic=True)


def _on_begin(conn: Any) -> None:
    if conn.get_execution_options().get("bounceback_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(path: Path, *, read_only: bool = False, wal_pages: bool = False) -> Engine:
    """An engine whose connections use WAL, synchronous=FULL, foreign keys and a busy
    timeout; `engine.execution_options(bounceback_write=True)` begins with BEGIN IMMEDIATE.
    Its connections never create the file; with `read_only`, they only read it and make
    nothing beside it (see `sqlite_uri`)."""
    uri = sqlite_uri(path, read_only=read_only, wal_pages=wal_pages)
    # A URI (which SQLAlchemy's URL cannot carry quoted) through `creator`; the pool is the
    # one SQLAlchemy gives a file database ("sqlite://" alone would mean one in memory).
    engine = create_engine(
        "sqlite://", poolclass=QueuePool,
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
    event.listen(engine, "connect", functools.partial(_on_connect, read_only=read_only))
    event.listen(engine, "begin", _on_begin)
    return engine


@dataclass
class Database:
    """An open database file: its path, engine, and the write flavour of the engine."""

    path: Path
    engine: Engine
    writer: Engine
    journal_mode: str
    migrated_from: str | None = None
    premigration_backup: Path | None = None
    read_only: tuple[str, str] | None = None
    """Why the file may only be read and how to make it writable (for people), or None."""
    wal_pages: bool = False

    def close(self) -> None:
        """Close every pooled connection (the last one checkpoints the WAL)."""
        self.engine.dispose()


def _initialise_file(path: Path) -> None:
    """Mark a new (or not yet migrated) file as BounceBack's and switch it to WAL."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def open_database(path: Path | str) -> Database:
    """Open (creating or migrating as needed) the database at `path`.

    Refuses with StoreOpenError, leaving the file byte-for-byte unchanged (its mode too),
    when it is not SQLite, belongs to another application, was written by a newer
    BounceBack, or is damaged (Damaged, whose message says how to put a backup back); when
    it is not a regular file; and when it, a companion or its folder belongs to another user
    or can be written by others (UnsafeLocation). A file whose permissions make it read-only
    opens for reading only; every change then says why it cannot be made. A full disk, a
    read-only folder, a lock held too long: StorageFailure, in words.
    """
    path = Path(path).expanduser()
    state = inspect_file(path)
    if state.kind == "new" and state.read_only is None:
        try:
            ensure_private_dir(path.parent)
        except PrivateFileError as exc:
            raise StoreOpenError(str(exc)) from None
        try:
            create_private_file(path)  # 0600 from the first byte; never through a link
        except FileExistsError:
            pass  # it was there (empty), or someone made it meanwhile: looked at again below
        except OSError as exc:
            raise StoreOpenError(f"cannot create {path}: {exc.strerror}") from None
        state = inspect_file(path)  # what is there now: ours, private, and still new?
    if state.read_only is not None:
        if state.kind == "new" or state.revision != HEAD:
            needs = "it cannot be set up" if state.kind == "new" else (
                f"it cannot be upgraded to schema {HEAD}, which this BounceBack needs")
            raise StoreOpenError(read_only_message(state.read_only, needs))
        check_whole(path, state)
        return _open_read_only(path, state)
    with explained(path):
        if state.kind != "new":
            check_whole(path, state)
        if state.kind == "new" or state.revision is None:
            # Marked again until migrated: a kill while the first mark was committed leaves
            # a journal whose rollback (by the next connection) takes the mark back out.
            _initialise_file(path)
    engine = make_engine(path)
    note_open(path)
    try:
        with explained(path):
            with engine.connect() as conn:
                journal_mode = conn.connection.info.get("journal_mode", "?")
                revision = _revision(conn)
            if revision is not None and revision not in REVISIONS:
                raise StoreOpenError(
                    f"{path} was written by a newer BounceBack (schema {revision}); "
                    "upgrade BounceBack to open it"
                )
            db = Database(path, engine, engine.execution_options(bounceback_write=True),
                          journal_mode, migrated_from=revision)
            if revision != HEAD:
                if revision is not None:
                    db.premigration_backup = backup_database(
                        path, default_backup_path(path, label=f"before-schema-{HEAD}"),
                        next_free_name=True,
                    )
                _migrate(db)
    except BaseException:
        engine.dispose()
        raise
    return db


def _open_read_only(path: Path, state: FileState) -> Database:
    """A file that may only be read: an engine that never writes or creates anything."""
    engine = make_engine(path, read_only=True, wal_pages=state.wal_pages)
    try:
        with explained(path), engine.connect() as conn:
            journal_mode = conn.connection.info.get("journal_mode", "?")
    except BaseException:
        engine.dispose()
        raise
    note_open(path)
    return Database(path, engine, engine.execution_options(bounceback_write=True),
                    journal_mode, migrated_from=state.revision, read_only=state.read_only,
                    wal_pages=state.wal_pages)


def check_whole(path: Path, state: FileState | None = None) -> None:
    """Refuse a damaged file (Damaged) before anything is written to it: `PRAGMA
    quick_check` reads every page and checks its structure (about 20 ms at 10,000
    applications), through an ordinary connection, so a -wal left by a crash counts (a file
    that may only be read is read as it is, making nothing beside it)."""
    read_only = state is not None and state.read_only is not None
    with _sqlite(path, read_only=read_only, wal_pages=bool(state and state.wal_pages)) as conn:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        found = [row[0] for row in conn.execute("PRAGMA quick_check(1)")]
    if found != ["ok"]:
        lines = [line for text in found for line in str(text).splitlines()
                 if line.strip() and not line.startswith("***")]
        raise Damaged(damaged_message(path, (lines or ["quick_check failed"])[0][:100]))


def _revision(conn: Any) -> str | None:
    exists = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).first()
    if not exists:
        return None
    row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return row[0] if row else None


def _migrate(db: Database) -> None:
    """Bring the schema to HEAD in one BEGIN IMMEDIATE transaction (foreign keys off while
    tables are rebuilt, checked before commit)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.writer.connect() as conn:
        raw = conn.connection.driver_connection
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                # The tables and the mark that makes the file BounceBack's commit together.
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                config.attributes["connection"] = conn
                command.upgrade(config, HEAD)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise StoreError(
                        f"migration to schema {HEAD} would break {len(broken)} references; "
                        "nothing was changed"
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


# --- backups -------------------------------------------------------------------------------


def default_backup_path(db_path: Path, *, label: str = "", folder: Path | None = None) -> Path:
    """A new timestamped file in `folder` (by default the `backups/` folder beside the
    database)."""
    folder = db_path.parent / "backups" if folder is None else folder
    stamp = datetime.now(UTC).astimezone().strftime("%Y%m%d-%H%M%S")
    stem = f"{db_path.stem}-{stamp}" + (f"-{label}" if label else "")
    return _free_name(folder / f"{stem}.db")


def _free_name(wanted: Path) -> Path:
    """`wanted`, or `STEM-2.db`, `STEM-3.db`, … whichever does not exist yet."""
    candidate, counter = wanted, 2
    while os.path.lexists(candidate):
        candidate = wanted.with_name(f"{wanted.stem}-{counter}{wanted.suffix}")
        counter += 1
    return candidate


PARTIAL = re.compile(r"\..+\.partial-(\d+)-[0-9a-f]+(-journal|-wal|-shm)?")
"""A backup being written: `.NAME.partial-PID-TOKEN` (and SQLite's companions of it)."""


def backup_database(source: Path, dest: Path, *, next_free_name: bool = False,
                    read_only: bool = False, wal_pages: bool = False) -> Path:
    """Copy the database at `source` to the new file `dest` (0600) with SQLite's online
    backup, check it with integrity_check, and return its path. Never overwrites: when
    `dest` is taken, refuses, or with `next_free_name` (a name BounceBack chose) takes
    `STEM-2.db`, `STEM-3.db`, … instead. A `read_only` source is read as it is, making
    nothing beside it.

    The copy is written as `.NAME.partial-PID-TOKEN` beside `dest` and takes its name only once
    it is whole and checked, so a crash or `kill -9` never leaves half a backup under the
    name; partial files of processes that are gone are removed by the next backup.
    """
    dest = dest.expanduser()
    if os.path.lexists(dest) and not next_free_name:
        raise StoreError(f"{dest} already exists; choose a new file name")
    try:
        ensure_private_dir(dest.parent)
        remove_stale_partials(dest.parent)
        temp = dest.with_name(f".{dest.name}.partial-{os.getpid()}-{secrets.token_hex(4)}")
        companions = [Path(f"{temp}{suffix}") for suffix in ("-journal", "-wal", "-shm")]
        create_private_file(temp)
    except OSError as exc:
        raise StoreError(f"cannot write {dest}: {exc.strerror or exc}") from None
    try:
        try:
            with (_sqlite(source, read_only=read_only, wal_pages=wal_pages) as src,
                  _sqlite(temp) as dst):
                src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
                result = dst.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.Error as exc:
            damaged = sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB)
            said = explain(exc, source if damaged else dest)
            raise said or StoreError(f"the backup to {dest} failed ({exc}); nothing was "
                                     "written") from exc
        if result != "ok":
            raise StoreError(f"the backup failed its integrity check ({result}); it was removed")
        try:
            _fsync(temp)
            os.chmod(temp, 0o600)
            dest = _publish(temp, dest, next_free_name=next_free_name)
        except OSError as exc:
            raise _backup_os_failure(exc, dest) from exc
    finally:
        for leftover in (temp, *companions):
            with contextlib.suppress(OSError):
                leftover.unlink()
    _fsync(dest.parent)
    return dest


def _publish(temp: Path, dest: Path, *, next_free_name: bool) -> Path:
    """Give the finished copy its name (or the next free one), never replacing a file that
    took it meanwhile; the name it got."""
    while True:
        candidate = _free_name(dest) if next_free_name else dest
        try:
            os.link(temp, candidate)  # fails if the name is taken: no check-then-rename race
            return candidate
        except FileExistsError:
            if not next_free_name:
                raise StoreError(f"{dest} already exists; choose a new file name") from None
        except OSError:  # a file system without hard links
            if os.path.lexists(candidate):
                raise StoreError(f"{candidate} already exists; choose a new file name") from None
            os.rename(temp, candidate)
            return candidate


def _backup_os_failure(exc: OSError, dest: Path) -> StoreError:
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreError(f"the disk holding {dest} is full, so no backup was made; free "
                          "some space and try again")
    return StoreError(f"cannot write {dest}: {exc.strerror or exc}")


def _fsync(path: Path) -> None:
    """Flush a file (or a folder's entries) to the disk; best effort for folders."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        if not path.is_dir():
            raise
    finally:
        os.close(fd)


def remove_stale_partials(folder: Path) -> None:
    """Remove the partial backups (`.NAME.partial-PID-TOKEN`) of processes that no longer
    run."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        match = PARTIAL.fullmatch(entry.name)
        if match and not _running(int(match[1])):
            with contextlib.suppress(OSError):
                entry.unlink()


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # ours: maybe another thread's backup, still being written
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


@contextlib.contextmanager
def _sqlite(path: Path, *, read_only: bool = False,
            wal_pages: bool = False) -> Iterator[sqlite3.Connection]:
    if read_only:
        conn = sqlite3.connect(sqlite_uri(path, read_only=True, wal_pages=wal_pages), uri=True,
                               isolation_level=None)
    else:
        conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()
