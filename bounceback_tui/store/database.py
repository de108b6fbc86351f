"""Opening a database file safely: checks before touching it, private permissions,
connection settings, migrations with a backup first, and consistent backups.

Nothing here imports Alembic unless a migration is due.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event

from ..private_files import PrivateFileError, create_private_file, ensure_private_dir
from .errors import StoreError, StoreOpenError
from .files import FileState, inspect_file, make_private
from .schema import APPLICATION_ID, HEAD, REVISIONS

__all__ = ["FileState", "inspect_file", "make_private"]  # kept here for callers

BUSY_TIMEOUT_MS = 10_000
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def fold(text: str | None) -> str:
    """Case-insensitive form of a text for search (Unicode-aware, unlike SQLite's lower())."""
    return (text or "").casefold()


# --- the engine ----------------------------------------------------------------------------


def _on_connect(dbapi_conn: sqlite3.Connection, record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (SQLAlchemy's documented pysqlite recipe).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    record.info["journal_mode"] = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()
    dbapi_conn.create_function("bb_fold", 1, fold, deterministic=True)


def _on_begin(conn: Any) -> None:
    if conn.get_execution_options().get("bounceback_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    """An engine whose connections use WAL, synchronous=FULL, foreign keys and a busy
    timeout; `engine.execution_options(bounceback_write=True)` begins with BEGIN IMMEDIATE."""
    engine = create_engine(URL.create("sqlite", database=str(path)))
    event.listen(engine, "connect", _on_connect)
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

    def close(self) -> None:
        """Close every pooled connection (the last one checkpoints the WAL)."""
        self.engine.dispose()


def _initialise_file(path: Path) -> None:
    """Mark a new (or empty) file as BounceBack's and switch it to WAL."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def open_database(path: Path | str) -> Database:
    """Open (creating or migrating as needed) the database at `path`.

    Refuses with StoreOpenError, leaving the file byte-for-byte unchanged, when it is not
    SQLite, belongs to another application, or was written by a newer BounceBack.
    """
    path = Path(path).expanduser()
    state = inspect_file(path)
    if state.kind == "new":
        try:
            ensure_private_dir(path.parent)
        except PrivateFileError as exc:
            raise StoreOpenError(str(exc)) from None
        if not path.exists():
            try:
                create_private_file(path)
            except FileExistsError:
                state = inspect_file(path)  # created by someone else meanwhile: look again
            except OSError as exc:
                raise StoreOpenError(f"cannot create {path}: {exc.strerror}") from None
        if state.kind == "new":
            make_private(path)
            _initialise_file(path)
    make_private(path)
    engine = make_engine(path)
    try:
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
                    path, default_backup_path(path, label=f"before-schema-{HEAD}")
                )
            _migrate(db)
    except BaseException:
        engine.dispose()
        raise
    make_private(path)
    return db


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


def default_backup_path(db_path: Path, *, label: str = "") -> Path:
    """A new timestamped file in the `backups/` folder beside the database."""
    folder = db_path.parent / "backups"
    stamp = datetime.now(UTC).astimezone().strftime("%Y%m%d-%H%M%S")
    stem = f"{db_path.stem}-{stamp}" + (f"-{label}" if label else "")
    candidate = folder / f"{stem}.db"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}.db"
        counter += 1
    return candidate


def backup_database(source: Path, dest: Path) -> Path:
    """Copy the database at `source` to the new file `dest` (0600) with SQLite's online
    backup, check it with integrity_check, and return its path. Never overwrites."""
    dest = dest.expanduser()
    try:
        ensure_private_dir(dest.parent)
        create_private_file(dest)
    except FileExistsError:
        raise StoreError(f"{dest} already exists; choose a new file name") from None
    except OSError as exc:
        raise StoreError(f"cannot write {dest}: {exc.strerror}") from None
    try:
        with _sqlite(source) as src, _sqlite(dest) as dst:
            src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            result = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise StoreError(f"the backup failed its integrity check ({result}); it was removed")
    except BaseException:
        for leftover in (dest, Path(f"{dest}-wal"), Path(f"{dest}-shm"), Path(f"{dest}-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise
    os.chmod(dest, 0o600)
    return dest


@contextlib.contextmanager
def _sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()
