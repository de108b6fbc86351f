"""The shared space in a folder the person owns (a Syncthing, Dropbox, iCloud or Nextcloud
folder, a USB stick). Nothing in it is plaintext but its version.

    FOLDER/bounceback-sync/space.json                 format, space id, a sealed check
    FOLDER/bounceback-sync/machines/<id>/machine.bbx  the machine's name (sealed)
    FOLDER/bounceback-sync/machines/<id>/<seq>-<token>.bbx   one push each (sealed)

Each machine writes only into its own folder, a whole file at a time (a temporary name,
fsync, rename), and reads the others'. The database itself is never put there.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from .crypto import SyncError, Unreadable, seal, unseal

FORMAT = 1
"""The layout and the document's shape this BounceBack writes and reads."""
SCHEMA = "0008"
"""The database schema whose synced fields the document holds."""
ROOT = "bounceback-sync"
SUFFIX = ".bbx"
PUSH_NAME = re.compile(r"^\d{9,}-[0-9a-f]{8}\.bbx$")
"""A push file's name as `publish` makes it: a sync service's copy of one (Syncthing's
`….sync-conflict-….bbx`, Dropbox's `… (conflicted copy).bbx`) is not one."""


@dataclass(frozen=True)
class Space:
    folder: Path
    """The folder the person chose."""
    space: str
    key: bytes

    @property
    def root(self) -> Path:
        return self.folder / ROOT

    def mine(self, machine: str) -> Path:
        return self.root / "machines" / machine


def _problem(folder: Path, error: OSError, doing: str) -> SyncError:
    reason = error.strerror or type(error).__name__
    return SyncError(f"could not {doing} the shared folder {folder}: {reason}; nothing on "
                     "this machine was changed")


def make(folder: Path, key: bytes) -> Space:
    """A new shared space in `folder` (which must exist); SyncError if one is there."""
    folder = folder.expanduser().resolve()
    if not folder.is_dir():
        raise SyncError(f"{folder} is not a folder; make it (or mount it) first")
    if (folder / ROOT / "space.json").exists():
        raise SyncError(f"{folder} already holds a shared space; use `bounceback sync join "
                        f"{folder}` to take part in it")
    space = secrets.token_hex(8)
    check = seal(key, f"bounceback-space:{space}".encode(), "space.json")
    doc = {"bounceback_sync": FORMAT, "schema": SCHEMA, "space": space,
           "check": base64.b64encode(check).decode()}
    try:
        (folder / ROOT / "machines").mkdir(parents=True, exist_ok=True)
        write_whole(folder / ROOT / "space.json", json.dumps(doc, indent=1).encode())
    except OSError as error:
        raise _problem(folder, error, "write to") from None
    return Space(folder, space, key)


def check_folder(folder: Path) -> None:
    """Refuse a folder with no shared space in it before a phrase is asked about."""
    folder = folder.expanduser().resolve()
    if not folder.is_dir():
        raise SyncError(f"the shared folder {folder} is not there (moved, renamed or not "
                        "mounted?); nothing on this machine was changed")
    if not (folder / ROOT / "space.json").exists():
        raise SyncError(f"{folder} holds no shared space; make one with `bounceback sync "
                        f"init {folder}` on the first machine")


def open_space(folder: Path, key: bytes) -> Space:
    """The shared space in `folder`, checked against the key; one-line SyncError if it is
    missing, newer than this BounceBack, or not opened by the key."""
    folder = folder.expanduser().resolve()
    path = folder / ROOT / "space.json"
    if not folder.is_dir():
        raise SyncError(f"the shared folder {folder} is not there (moved, renamed or not "
                        "mounted?); nothing on this machine was changed")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SyncError(f"{folder} holds no shared space; make one with `bounceback sync "
                        f"init {folder}` on the first machine") from None
    except (OSError, ValueError) as error:
        raise SyncError(f"{path} cannot be read ({error}); nothing on this machine was "
                        "changed") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("bounceback_sync"), int):
        raise SyncError(f"{path} is not a BounceBack shared space")
    if doc["bounceback_sync"] > FORMAT or str(doc.get("schema", "")) > SCHEMA:
        raise SyncError("this shared space is used by a newer BounceBack; update BounceBack "
                        "on this machine to sync (nothing was changed)")
    space = str(doc.get("space", ""))
    try:
        check = unseal(key, base64.b64decode(str(doc.get("check", ""))), "space.json")
    except (Unreadable, ValueError):
        raise SyncError("that recovery phrase does not open this shared space; check the "
                        "words (nothing was changed)") from None
    if check != f"bounceback-space:{space}".encode():
        raise SyncError("that recovery phrase does not open this shared space")
    return Space(folder, space, key)


def raise_schema(space: Space) -> None:
    """Record in the space that its document holds this BounceBack's synced fields, before
    the first push that does: an older BounceBack then stops with one line instead of
    taking in rows it would drop fields of."""
    path = space.root / "space.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if str(doc.get("schema", "")) >= SCHEMA:
            return
        doc["schema"] = SCHEMA
        write_whole(path, json.dumps(doc, indent=1).encode())
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise SyncError(f"could not update {path}: {reason}; nothing on this machine was "
                        "changed") from None


def write_whole(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all: a temporary name, fsync, rename, fsync the folder."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temp, "xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    try:
        descriptor = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def publish(space: Space, machine: str, seq: int, data: bytes) -> str:
    """Seal `data` as this machine's push number `seq`; the file's name in the space."""
    folder = space.mine(machine)
    name = f"machines/{machine}/{seq:09d}-{secrets.token_hex(4)}{SUFFIX}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_whole(space.root / name, seal(space.key, data, name))
    except OSError as error:
        raise _problem(space.folder, error, "write to") from None
    return name


def remove_older(space: Space, machine: str, *, keep: str) -> None:
    """Remove this machine's pushes but `keep` (a whole snapshot of the document): after a
    delete, the folder no longer holds its words in any file this machine wrote."""
    folder = space.mine(machine)
    try:
        names = sorted(p.name for p in folder.iterdir())
    except OSError as error:
        raise _problem(space.folder, error, "read") from None
    for name in names:
        where = f"machines/{machine}/{name}"
        if where != keep and name.endswith(SUFFIX) and name[:1].isdigit():  # copies too
            try:
                (folder / name).unlink()
            except FileNotFoundError:
                pass
            except OSError as error:
                raise _problem(space.folder, error, "remove old files from") from None


def sweep_leftovers(space: Space, machine: str) -> None:
    """Remove half-written files this machine left in its folder when it was killed during
    a write (`write_whole`'s temporary names): one can hold a whole push, words deleted
    since included. Called while this machine's exchange holds the database's write lock,
    so no write of this machine is under way."""
    try:
        names = [p.name for p in space.mine(machine).iterdir()]
    except OSError:
        return
    for name in names:
        if name.startswith(".") and name.endswith(".tmp"):
            try:
                (space.mine(machine) / name).unlink()
            except FileNotFoundError:
                pass
            except OSError as error:
                raise _problem(space.folder, error, "remove old files from") from None


def name_machine(space: Space, machine: str, name: str) -> None:
    where = f"machines/{machine}/machine{SUFFIX}"
    data = json.dumps({"name": name, "format": FORMAT, "schema": SCHEMA}).encode()
    try:
        space.mine(machine).mkdir(parents=True, exist_ok=True)
        write_whole(space.root / where, seal(space.key, data, where))
    except OSError as error:
        raise _problem(space.folder, error, "write to") from None


def machines(space: Space) -> dict[str, str]:
    """Every machine of the space: its id and the name it gave (or "?" if unreadable)."""
    found: dict[str, str] = {}
    try:
        entries = sorted((space.root / "machines").iterdir())
    except OSError as error:
        raise _problem(space.folder, error, "read") from None
    for entry in entries:
        if not entry.is_dir() or entry.name.startswith("."):
            continue
        where = f"machines/{entry.name}/machine{SUFFIX}"
        try:
            info = json.loads(unseal(space.key, (space.root / where).read_bytes(), where))
            found[entry.name] = str(info.get("name", "?"))
        except (OSError, ValueError, Unreadable):
            found[entry.name] = "?"
    return found


def pushes(space: Space, mine: str) -> list[str]:
    """The push files of the other machines, in the order they were written by each."""
    names: list[str] = []
    try:
        folders = sorted((space.root / "machines").iterdir())
    except OSError as error:
        raise _problem(space.folder, error, "read") from None
    for folder in folders:
        if folder.name == mine or not folder.is_dir() or folder.name.startswith("."):
            continue
        try:
            files = sorted(p.name for p in folder.iterdir())
        except OSError as error:
            raise _problem(space.folder, error, "read") from None
        names += [f"machines/{folder.name}/{name}" for name in files
                  if PUSH_NAME.match(name)]
    return names


def own(space: Space, machine: str) -> list[str]:
    """This machine's push files, oldest first."""
    try:
        files = sorted(p.name for p in space.mine(machine).iterdir())
    except FileNotFoundError:
        return []
    except OSError as error:
        raise _problem(space.folder, error, "read") from None
    return [f"machines/{machine}/{name}" for name in files
            if PUSH_NAME.match(name)]


class Vanished(Exception):
    """A push file listed a moment ago is gone (its machine replaced it with a compacted
    one, which the next look finds)."""


def read(space: Space, name: str) -> bytes:
    try:
        blob = (space.root / name).read_bytes()
    except FileNotFoundError:
        raise Vanished(name) from None
    except OSError as error:
        raise _problem(space.folder, error, "read") from None
    return unseal(space.key, blob, name)
