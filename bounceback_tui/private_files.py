"""Files and folders only their owner can read: 0700 folders we create, 0600 files we write,
whatever the umask. Used for the database, backups, exports and settings."""

from __future__ import annotations

import os
from pathlib import Path


class PrivateFileError(OSError):
    """A private file or folder could not be made; the message says which and why."""


def ensure_private_dir(path: Path) -> None:
    """Create `path` and missing parents; every folder created here is 0700. Folders that
    already exist are left as they are."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    if not current.is_dir():
        raise PrivateFileError(f"{current} is a file, not a folder; choose another location")
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise PrivateFileError(f"cannot create folder {folder}: {exc.strerror}") from None
        os.chmod(folder, 0o700)


def create_private_file(path: Path) -> None:
    """Create a new empty file readable only by its owner. FileExistsError if it exists."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def write_private_text(path: Path, text: str, *, replace: bool) -> None:
    """Write `text` to `path` (0600) through a temporary file, fsynced, then renamed into
    place: a crash leaves the old file or the new one, never half of one. The folder must
    exist (a typo in a path should not create folders)."""
    if path.exists() and not replace:
        raise FileExistsError(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
