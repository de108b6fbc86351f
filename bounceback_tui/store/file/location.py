"""Looking at a database file before opening it: is it somewhere only its owner can reach,
is it a regular file, is it BounceBack's, can it be written.

Plain os and sqlite3 (no SQLAlchemy): the dashboard uses it before its first rows are read.
Nothing here changes a file: not its contents, not its mode.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import urllib.parse
from pathlib import Path
from typing import NamedTuple

from ..errors import Damaged, StoreOpenError
from ..schema import APPLICATION_ID, REVISIONS, SQLITE_MAGIC
from .sqlite_errors import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    backups_of,
    damaged_message,
    restore_advice,
    sqlite_code,
)

COMPANIONS = ("-wal", "-shm", "-journal")
"""Files SQLite keeps beside a database, which hold its pages as much as the file does."""


class UnsafeLocation(StoreOpenError):
    """The file, a companion or a folder above it could be read or swapped by someone else
    (or is not a regular file): refused, untouched, as ssh's StrictModes refuses a key."""


# --- where the file is, and who else could reach it ----------------------------------------


def _owner(uid: int) -> str:
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"user {uid}"


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _only_mine(gid: int) -> bool:
    """Whether group `gid` is this user's own private group (named after the user, with no
    other member), so that group-writable means writable by this user alone."""
    import grp
    import pwd

    try:
        me = pwd.getpwuid(os.geteuid())
        group = grp.getgrgid(gid)
    except KeyError:
        return False
    if gid != me.pw_gid or group.gr_name != me.pw_name:
        return False
    return all(member == me.pw_name for member in group.gr_mem)


def _others_can_write(st: os.stat_result) -> bool:
    if st.st_mode & stat.S_IWOTH:
        return True
    return bool(st.st_mode & stat.S_IWGRP) and not _only_mine(st.st_gid)


def _check_folder(folder: Path, *, own: bool) -> None:
    """`own`: the database's own folder, which must be ours (or root's) and writable by no
    one else. A folder above it may be writable by others only with the sticky bit (as
    /tmp is), which stops them renaming what is not theirs."""
    st = folder.stat()
    me = os.geteuid()
    if st.st_uid not in (me, 0):
        raise UnsafeLocation(
            f"the folder {folder} belongs to another user ({_owner(st.st_uid)}), who could "
            "read or swap your database there; keep it in a folder of your own")
    if _others_can_write(st) and (own or not st.st_mode & stat.S_ISVTX):
        raise UnsafeLocation(
            f"the folder {folder} can be written by other users (mode "
            f"{stat.S_IMODE(st.st_mode):04o}), who could read or swap your database there; "
            f"run `chmod go-w {folder}` or keep it in a folder of your own")


def _check_file(path: Path, st: os.stat_result, *, shown: Path) -> None:
    me = os.geteuid()
    if st.st_uid != me:
        raise UnsafeLocation(
            f"{shown} belongs to another user ({_owner(st.st_uid)}); BounceBack opens only "
            "files you own. If it is not yours, move it away; if it is, copy it to a file of "
            "your own")
    if _others_can_write(st):
        raise UnsafeLocation(
            f"{shown} can be changed by other users (mode {stat.S_IMODE(st.st_mode):04o}); "
            f"run `chmod go-w {shown}` and try again")


class Location(NamedTuple):  # a NamedTuple: `agenda --line` does not import dataclasses
    """A database path that passed the checks: where it really is, and whether only reading
    is possible (with the reason, said for people)."""

    real: Path
    exists: bool
    read_only: tuple[str, str] | None = None
    """Why the file can only be read, and what would make it writable (for people)."""
    wal_pages: bool = False
    """Whether a -wal beside it holds pages (which an immutable reader would miss)."""


def check_location(path: Path) -> Location:
    """Refuse (UnsafeLocation), touching nothing, a database path that is not a regular
    file or missing; a link to nothing; or a file, -wal, -shm, -journal or folder that belongs
    to another user or that others can write. Say whether the file can only be read: its
    owner's write bit is off (even for root, who ignores it), or its folder is read-only."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise StoreOpenError(f"cannot look at {path}: {exc.strerror}") from None
    real = path
    if st is not None and stat.S_ISLNK(st.st_mode):
        try:
            real = path.resolve(strict=True)
        except (FileNotFoundError, RuntimeError):
            raise UnsafeLocation(
                f"{path} is a link to {os.readlink(path)}, which does not exist; BounceBack "
                "will not create a file through a link: point --db at the file itself") from None
        st = os.stat(real)
    else:
        real = path.absolute()
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise StoreOpenError(f"{path} is a folder; give the path of a database file")
        raise UnsafeLocation(f"{path} is {_kind(st.st_mode)}, not a database file; "
                             "BounceBack left it alone: point --db at a file")
    folder = real.parent
    try:
        _check_ancestors(folder)
    except FileNotFoundError:
        pass  # a folder still to be made (0700, ours)
    if st is not None:
        _check_file(real, st, shown=path)
    wal_pages = False
    for suffix in COMPANIONS:
        companion = Path(f"{real}{suffix}")
        try:
            cst = os.lstat(companion)
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(cst.st_mode):
            raise UnsafeLocation(
                f"{companion} is {'a link' if stat.S_ISLNK(cst.st_mode) else _kind(cst.st_mode)}"
                ", where SQLite keeps part of the database; BounceBack will not use it. Move "
                "it away if you did not make it")
        _check_file(companion, cst, shown=companion)
        if suffix == "-wal" and cst.st_size > 32:  # more than its header: it holds pages
            wal_pages = True
    read_only = None
    if st is not None and not st.st_mode & stat.S_IWUSR:
        read_only = (f"{path} is read-only (its permissions say so)",
                     f"make it writable (chmod u+w {path}) or use another --db")
    elif st is not None and not os.access(folder, os.W_OK):
        read_only = (f"the folder {folder} is read-only", "make it writable or use another --db")
    return Location(real, st is not None, read_only, wal_pages)


def _check_ancestors(folder: Path) -> None:
    """The database's folder and every folder above it. A folder not made yet is skipped:
    BounceBack makes it (0700) and looks again once the file is there."""
    own = True
    current = folder
    while True:
        try:
            _check_folder(current, own=own)
        except FileNotFoundError:
            pass
        own = False
        if current.parent == current:
            return
        current = current.parent


def read_only_message(read_only: tuple[str, str], what: str = "nothing was changed") -> str:
    """One line: the file can only be read, so `what`; and how to make it writable."""
    reason, fix = read_only
    return f"{reason}, so {what}; {fix}"


def sqlite_uri(path: Path, *, read_only: bool, wal_pages: bool = False) -> str:
    """The URI of a connection that never creates the file: read-write, or, for a file that
    may only be read, read-only; immutable (creating no -wal or -shm beside it) unless a
    -wal holds pages it must read."""
    uri = "file:" + urllib.parse.quote(str(path.absolute()))
    if not read_only:
        return uri + "?mode=rw"
    return uri + ("?mode=ro" if wal_pages else "?mode=ro&immutable=1")


# --- looking at a file without changing it -------------------------------------------------


class FileState(NamedTuple):
    """What a file on disk is, as far as BounceBack is concerned."""

    kind: str  # "new" (missing, empty, or a bare SQLite file) or "bounceback"
    revision: str | None = None
    read_only: tuple[str, str] | None = None
    """Why the file can only be read and how to make it writable (for people), or None."""
    wal_pages: bool = False
    """Whether its -wal holds pages (so a reader must go through the -wal)."""


def _inspect_through_sqlite(path: Path, location: Location) -> FileState:
    """`inspect_file` through SQLite itself, which reads the -wal too: for a file this process
    already has open (whose closing SQLite coordinates with the others: it keeps the
    descriptor while they hold locks), and for a file whose -wal holds pages, where a new
    database of another program may keep its first tables."""
    # Read-write where it may be written: such a connection, closing last, also takes away
    # the -wal and -shm it made, as SQLite does; it never creates the file itself.
    # A file that may only be read is read as it is (immutable, making nothing beside it)
    # unless its -wal holds pages: our own connections to it are immutable too, and hold
    # no locks that closing this one could drop.
    read_only = location.read_only is not None
    uri = sqlite_uri(location.real, read_only=read_only,
                     wal_pages=location.wal_pages or not read_only)
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreOpenError(f"cannot read {path}: {exc}") from None
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
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
    return _decide(path, application_id, tables, revision, location)


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
    """Decide whether `path` may be opened; refuse (StoreOpenError) without changing it:
    not its contents, not its mode, nothing beside it."""
    location = check_location(path)
    if not location.exists:
        return FileState("new")
    if str(location.real) in _OPEN_HERE or location.wal_pages:
        return _inspect_through_sqlite(path, location)
    try:
        with location.real.open("rb") as handle:
            header = handle.read(100)
    except PermissionError:
        raise StoreOpenError(f"cannot read {path}: permission denied") from None
    if not header:
        return FileState("new", read_only=location.read_only)
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
        # Immutable: no -wal/-shm made, no locks taken (the -wal holds no pages, see above).
        conn = sqlite3.connect(sqlite_uri(location.real, read_only=True), uri=True)
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
    return _decide(path, application_id, tables, revision, location)


def _decide(path: Path, application_id: int, tables: set[str],
            revision: str | None, location: Location) -> FileState:
    """What a SQLite file with this mark, these tables and this schema revision is."""
    if application_id == 0:
        if tables:
            raise StoreOpenError(
                f"{path} is a SQLite database of another application; BounceBack will not touch it"
            )
        return FileState("new", read_only=location.read_only, wal_pages=location.wal_pages)
    if revision is not None and revision not in REVISIONS:
        raise StoreOpenError(
            f"{path} was written by a newer BounceBack (schema {revision}); "
            "upgrade BounceBack to open it"
        )
    return FileState("bounceback", revision, location.read_only, location.wal_pages)
