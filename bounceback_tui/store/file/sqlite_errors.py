"""SQLite's failures, said for people: a damaged file (and how to put a backup back), a full
disk, a read-only file or folder, a file kept locked too long. One line each.

Plain sqlite3 and os: the open path uses this before SQLAlchemy is involved.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..errors import Damaged, StorageFailure, StoreError

# SQLite's primary result codes (https://sqlite.org/rescode.html).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26

DISK_NEARLY_FULL = 1024 * 1024
"""Less free space than this, and an I/O failure is taken for a full disk."""


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code behind `exc` (a sqlite3 error, or SQLAlchemy's
    wrapper of one), or None when it is not SQLite's."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if not isinstance(orig, sqlite3.Error) or not isinstance(code, int):
        return None
    return code & 0xFF


def _detail(exc: BaseException) -> str:
    orig = getattr(exc, "orig", exc)
    return " ".join(str(orig).split())[:100]


def disk_is_full(folder: Path) -> bool:
    """Whether the file system holding `folder` has (next to) no room left for us."""
    try:
        st = os.statvfs(folder)
    except OSError:
        return False
    blocks = st.f_bfree if os.geteuid() == 0 else st.f_bavail  # root may use reserved space
    return blocks * st.f_frsize < DISK_NEARLY_FULL or (st.f_files > 0 and st.f_favail == 0)


def explain(exc: BaseException, path: Path) -> StoreError | None:
    """What a SQLite failure on the database at `path` means for the person, or None when it
    is not one they can do something about (a bug: let it propagate)."""
    code = sqlite_code(exc)
    if code is None:
        return None
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return Damaged(damaged_message(path, _detail(exc)))
    if code == SQLITE_FULL or (
            code in (SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_READONLY) and
            disk_is_full(path.parent)):
        return StorageFailure(f"the disk holding {path} is full, so nothing was changed; "
                              "free some space and try again")
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return StorageFailure(f"{path} is read-only (the file, its folder or its disk), so "
                              "nothing was changed; make it writable or use another --db")
    if code == SQLITE_CANTOPEN:
        return StorageFailure(
            f"cannot open {path}: SQLite needs to create {path.name}-wal and {path.name}-shm "
            f"beside it; check that you can write to {path.absolute().parent}. Nothing was changed")
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StorageFailure(f"{path} stayed locked by another BounceBack for too long, so "
                              "nothing was changed; try again")
    if code == SQLITE_IOERR:
        return StorageFailure(f"the disk failed to read or write {path} ({_detail(exc)}), so "
                              "nothing was changed; check the disk")
    return None


# --- a damaged file, and the way back ------------------------------------------------------


def backups_of(path: Path) -> list[Path]:
    """The backups `bounceback backup` made of `path` into the backups folder beside it,
    newest first."""
    folder = path.parent / "backups"
    pattern = re.compile(re.escape(path.stem) + r"-\d{8}-\d{6}(-.*)?\.db")
    try:
        found = [p for p in folder.iterdir() if pattern.fullmatch(p.name) and p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def restore_advice(path: Path) -> str:
    """How to put the latest backup back in place of a damaged `path`: a command to run,
    which keeps the damaged file (and its -wal/-shm) aside instead of deleting it."""
    backups = backups_of(path)
    if not backups:
        return (f"copy a backup over it (cp BACKUP {shlex.quote(str(path))}); there are none "
                f"in {path.absolute().parent / 'backups'}, where `bounceback backup` keeps them")
    aside = path.with_name(f"{path.name}.damaged")
    counter = 2
    while aside.exists():
        aside = path.with_name(f"{path.name}.damaged-{counter}")
        counter += 1
    steps = [f"mv {shlex.quote(str(path))} {shlex.quote(str(aside))}"]
    for suffix in ("-wal", "-shm"):  # a -wal left beside it would be replayed onto the backup
        if Path(f"{path}{suffix}").exists():
            steps.append(f"mv {shlex.quote(f'{path}{suffix}')} {shlex.quote(f'{aside}{suffix}')}")
    steps.append(f"cp {shlex.quote(str(backups[0]))} {shlex.quote(str(path))}")
    return "to put your latest backup back, run: " + " && ".join(steps)


def damaged_message(path: Path, detail: str) -> str:
    """One line: `path` is damaged, was left as it is, and how to restore a backup."""
    return (f"{path} is damaged ({detail}); BounceBack left it as it is. "
            f"{_cap(restore_advice(path))}")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@contextlib.contextmanager
def explained(path: Path) -> Iterator[None]:
    """Turn a SQLite failure on `path` into the StoreError that says it for people; other
    exceptions (bugs) pass through unchanged."""
    try:
        yield
    except StoreError:
        raise
    except Exception as exc:
        said = explain(exc, path)
        if said is None:
            raise
        raise said from exc
