"""Files and folders only their owner can read: 0700 folders we create, 0600 files we write,
whatever the umask, from their first byte. Used for the database, backups, exports, the chart,
settings and crash logs.

A file is written under a name nobody can guess or plant beforehand (`tempfile.mkstemp`:
O_CREAT|O_EXCL|O_NOFOLLOW, 0600) in the target's own folder, then given its name; so in a
folder someone else can write, they can neither make us write into a file of theirs nor
make us overwrite another file of ours through a link.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class PrivateFileError(OSError):
    """A private file or folder could not be made; the message says which and why."""


class NotARegularFile(PrivateFileError):
    """The target exists and is a device, a FIFO, a socket or a folder: never written."""


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
            continue  # made by someone else meanwhile: not ours to chmod
        except OSError as exc:
            raise PrivateFileError(f"cannot create folder {folder}: {exc.strerror}") from None
        os.chmod(folder, 0o700)  # ours, just made: the umask may have taken bits away


def create_private_file(path: Path) -> None:
    """Create a new empty file readable only by its owner, 0600 from the first byte (never
    following a link). FileExistsError if anything, even a dangling link, has the name."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)  # a umask can only take bits away; this is for odd file systems
    finally:
        os.close(fd)


def write_private_text(path: Path, text: str, *, replace: bool) -> None:
    """Write `text` to `path` (0600) through a new temporary file in the same folder, fsynced,
    then given its name: a crash leaves the old file or the new one, never half of one.

    Without `replace`, an existing name is never replaced, even one taken while we wrote
    (FileExistsError). With it, the name is replaced (a link by that name is replaced, not
    followed). A device, FIFO, socket or folder by that name is refused (NotARegularFile).
    The folder must exist (a typo in a path should not create folders)."""
    _refuse_special(path)
    if not replace and os.path.lexists(path):
        raise FileExistsError(path)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temp, path)
        else:
            _link_new_name(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(path.parent)


def _refuse_special(path: Path) -> None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        raise NotARegularFile(f"{path} is not a regular file (a folder, device, FIFO or "
                              "socket); choose a file name")


def _link_new_name(temp: Path, path: Path) -> None:
    """Give `temp` the name `path` only if nothing has it: a hard link fails when the name
    is taken, so no check-then-rename race can replace a file that appeared meanwhile."""
    try:
        os.link(temp, path, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT on a USB stick, some shares)
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.rename(temp, path)
        return
    temp.unlink()


def _fsync_folder(folder: Path) -> None:
    """Make a new name durable; best effort (some file systems cannot sync a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
