"""Sync between a person's machines: pycrdt (Yrs, the Rust Yjs) merges, SQLite stays the
store, a folder the person owns carries sealed files (see `folder`).

The shared document holds one map per synced table (`mapping`): row uid → the row's fields,
with `gone` set when a row was deleted (a tombstone; keys are never removed, so a delete
and an edit made apart both arrive and the delete wins). A stage change is a new event row,
so history only grows. Two machines that set one plain field apart end with one value, the
same on both (the CRDT's order). A reflection is a set of revisions, each with the revisions
it follows: two machines that edited it apart keep both, the row shows the later one, and
`sync_conflicts` names the reflection so the person can choose.

One exchange is one SQLite transaction (BEGIN IMMEDIATE): the changes the triggers logged
since the last push go into the document, the other machines' new files are applied, what
they changed is written into the rows (the computed columns of each touched application
again), this machine's push is written to the folder, and the outbox is emptied. A kill at
any point leaves either the whole exchange or none of it in the database. A push file
written by an exchange that then rolled back holds changes the outbox still has: the next
exchange applies that file to the document first (`_resume_own`), so the outbox's values,
and any edit made since, land after it rather than beside it.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import folder as shared
from .crypto import SyncError, Unreadable, key_of, new_key, phrase_of
from .mapping import ACTIONS, APPLICATIONS, BY_NAME, ENTITIES, EVENTS, REFLECTION_CONTENT, Entity

ACKS = "acks"
"""The document's map of what each machine had taken in of the others when it last pushed:
machine → {other machine: the highest number of its pushes applied}. Tells a change made
after seeing this machine's from one made at the same time (`_keep_what_lost`)."""

if TYPE_CHECKING:
    from pycrdt import Doc, Map

    from ..service import Store


@dataclass
class Exchange:
    """What one exchange did."""

    sent: int = 0
    """Rows this machine's push carried."""
    received: int = 0
    """Files from other machines applied."""
    changed: int = 0
    """Rows written from them."""
    refused: list[str] = field(default_factory=list)
    """One line per file that could not be applied (it is tried again next time)."""
    conflicts: int = 0
    """Reflections with two versions waiting for the person's choice."""
    forgotten: bool = False
    """Something was deleted: this machine's files in the shared folder were replaced by
    one without it (copies a sync provider keeps in its history are ciphertext)."""


@dataclass(frozen=True)
class Status:
    enabled: bool
    folder: str | None
    machine: str | None
    name: str | None
    others: dict[str, str]
    last_exchange: str | None
    pending: int
    conflicts: int
    last_error: str | None


# --- the key ---------------------------------------------------------------------------------


def key_path(space: str) -> Path:
    from ...paths import config_dir

    return config_dir() / "sync" / f"{space}.key"


def _save_key(space: str, key: bytes) -> None:
    from ...private_files import ensure_private_dir, write_private_text

    path = key_path(space)
    ensure_private_dir(path.parent)
    write_private_text(path, key.hex() + "\n", replace=True)


def _load_key(space: str) -> bytes:
    path = key_path(space)
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        raise SyncError(f"this machine's key for the shared space is missing ({path}); join "
                        "again with the recovery phrase") from None
    except (OSError, ValueError):
        raise SyncError(f"this machine's key for the shared space ({path}) cannot be read; "
                        "join again with the recovery phrase") from None


# --- set-up ------------------------------------------------------------------------------------


def _machine_name() -> str:
    import socket

    return socket.gethostname() or "this machine"


def init(store: Store, folder: Path, *, name: str | None = None) -> str:
    """Make a shared space in `folder` and put this hunt in it (the first push); the
    recovery phrase (print it once)."""
    _refuse_if_on(store)
    key = new_key()
    space = shared.make(folder, key)
    _start(store, space, name or _machine_name())
    exchange(store)
    return phrase_of(key)


def join(store: Store, folder: Path, phrase: str, *, name: str | None = None) -> Exchange:
    """Take part in the shared space in `folder`: this hunt's rows go in, the others' come
    out (one exchange)."""
    _refuse_if_on(store)
    shared.check_folder(folder)
    key = key_of(phrase)
    space = shared.open_space(folder, key)
    _start(store, space, name or _machine_name())
    return exchange(store)


def _refuse_if_on(store: Store) -> None:
    state = _state(store)
    if state["enabled"]:
        raise SyncError(f"this hunt already syncs with {state['folder']}; `bounceback sync "
                        "status` says more")


def _start(store: Store, space: shared.Space, name: str) -> None:
    machine = secrets.token_hex(6)
    _save_key(space.space, space.key)
    shared.name_machine(space, machine, name)
    with store.raw_write() as conn:
        conn.execute(
            "UPDATE sync_state SET enabled = 1, applying = 0, folder = ?, space = ?, "
            "machine = ?, name = ?, seq = 0, doc = NULL, doc_version = doc_version + 1, "
            "last_exchange = NULL, last_error = NULL WHERE id = 1",
            (str(space.folder), space.space, machine, name))
        conn.execute("DELETE FROM sync_updates")
        conn.execute("DELETE FROM sync_outbox")
        conn.execute("DELETE FROM sync_seen")
        conn.execute("DELETE FROM sync_conflicts")
        for entity in ENTITIES:  # everything already here goes out with the first push
            conn.execute(f"INSERT INTO sync_outbox (entity, row_id, op) "
                         f"SELECT '{entity.name}', {entity.key}, 'put' FROM {entity.name}")


# --- the state ---------------------------------------------------------------------------------


def _state(store: Store) -> dict[str, Any]:
    with store.raw_read() as conn:
        row = conn.execute(
            "SELECT enabled, folder, space, machine, name, seq, last_exchange, last_error "
            "FROM sync_state WHERE id = 1").fetchone()
    keys = ("enabled", "folder", "space", "machine", "name", "seq", "last_exchange",
            "last_error")
    return dict(zip(keys, row, strict=True))


def status(store: Store) -> Status:
    state = _state(store)
    others: dict[str, str] = {}
    with store.raw_read() as conn:
        pending = conn.execute("SELECT count(*) FROM (SELECT DISTINCT entity, row_id "
                               "FROM sync_outbox)").fetchone()[0]
        conflicts = conn.execute("SELECT count(*) FROM sync_conflicts").fetchone()[0]
    if state["enabled"]:
        try:
            space = shared.open_space(Path(state["folder"]), _load_key(state["space"]))
            others = {machine: name for machine, name in shared.machines(space).items()
                      if machine != state["machine"]}
        except SyncError as error:
            state["last_error"] = str(error)
    return Status(bool(state["enabled"]), state["folder"], state["machine"], state["name"],
                  others, state["last_exchange"], pending, conflicts, state["last_error"])


# --- the exchange ------------------------------------------------------------------------------


def exchange(store: Store) -> Exchange:
    """Send this machine's changes and apply the others' (see the module's docstring)."""
    state = _state(store)
    if not state["enabled"]:
        raise SyncError("this hunt does not sync yet; start with `bounceback sync init "
                        "FOLDER` (first machine) or `bounceback sync join FOLDER`")
    try:
        space = shared.open_space(Path(state["folder"]), _load_key(state["space"]))
        shared.raise_schema(space)
        return _exchange(store, space, state["machine"])
    except SyncError as error:
        _note_error(store, str(error))
        raise


def _note_error(store: Store, message: str | None) -> None:
    try:
        with store.raw_write() as conn:
            conn.execute("UPDATE sync_state SET last_error = ? WHERE id = 1", (message,))
    except Exception:  # noqa: BLE001 - the error being reported matters more
        pass


_GONE = '{"gone":true}'
"""A deleted packed row (a tombstone)."""

_DOCS: dict[str, tuple[int, Any]] = {}
"""The document of each open database file, with the `doc_version` it matches: an exchange
in a long-running process (the dashboard, --watch) does not read the whole of it again."""
COMPACT_AFTER = 100
"""Exchanges whose changes are kept apart before the document is stored whole again."""
FILES_KEPT = 64
"""This machine's push files in the shared folder before they are merged into one (the
folder then holds a few files per machine, not one per change ever made)."""


def _document(conn: sqlite3.Connection, path: str, version: int) -> Any:
    from pycrdt import Doc

    cached = _DOCS.get(path)
    if cached is not None and cached[0] == version:
        return cached[1]
    doc = Doc()
    blob = conn.execute("SELECT doc FROM sync_state WHERE id = 1").fetchone()[0]
    if blob:
        doc.apply_update(blob)
    for (data,) in conn.execute("SELECT data FROM sync_updates ORDER BY id"):
        doc.apply_update(data)
    return doc


def load_document(store: Store) -> Any:
    """The shared document as this machine has it (for `status` and tests)."""
    with store.raw_read() as conn:
        return _document(conn, "", -1)


def _exchange(store: Store, space: shared.Space, machine: str,
              edit: Any = None) -> Exchange:
    path = str(store.path)
    try:
        return _exchange_in(store, space, machine, path, edit)
    except BaseException:
        _DOCS.pop(path, None)  # the transaction rolled back: the document in memory is ahead
        raise


def _exchange_in(store: Store, space: shared.Space, machine: str, path: str,
                 edit: Any = None) -> Exchange:
    result = Exchange()
    with store.raw_write() as conn:
        seq, version = conn.execute(
            "SELECT seq, doc_version FROM sync_state WHERE id = 1").fetchone()
        shared.sweep_leftovers(space, machine)
        doc = _document(conn, path, version)
        maps = {entity.name: doc.get(entity.name, type=_map_type()) for entity in ENTITIES}
        start = doc.get_state()
        touched: dict[str, set[str]] = {entity.name: set() for entity in ENTITIES}
        # 0. this machine's own files of an exchange that then rolled back (killed after its
        # push was written): the document takes them first, so what changed here since is
        # newer than what they hold, not set at the same time (a later edit would lose)
        before = start
        seq, resumed = _resume_own(space, machine, seq, doc, maps, touched)
        # 1. what changed here since the last push
        if edit is not None:  # a choice between versions: rows first, then the document
            edit(conn, maps)
        deleted_here = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM sync_outbox WHERE op = 'gone')").fetchone()[0]
        pushed: dict[str, dict[str, Any]] = {}
        revived: set[str] = set()
        result.sent = _take_outbox(conn, doc, maps, machine, pushed, revived)
        _revive_children(doc, maps, revived, touched)
        if edit is not None:
            result.sent += edit.finish(conn, maps, machine)
        seen = {row[0] for row in conn.execute("SELECT name FROM sync_seen")}
        acks = doc.get(ACKS, type=_map_type())
        if result.sent:  # what the person here had seen of the others when making them
            _acknowledge(acks, machine, seen)
        delta = doc.get_update(before) if result.sent else b""
        # 2. what the others pushed; per row, the least each file that changed it had seen
        # of this machine's pushes (`heard`: a change made after seeing ours replaced it on
        # purpose; one made without seeing it was made at the same time, and ours lost)
        fresh: dict[str, set[str]] = {entity.name: set() for entity in ENTITIES}
        heard: dict[tuple[str, str], int] = {}
        subscriptions = [(m, m.observe_deep(_collector(fresh[name], BY_NAME[name].flat)))
                         for name, m in maps.items()]
        applied: list[str] = []
        listed = shared.pushes(space, machine)
        try:
            for name in listed:
                if name in seen:
                    continue
                try:
                    doc.apply_update(shared.read(space, name))
                except shared.Vanished:
                    continue  # merged into a newer file of its machine, read next time
                except Unreadable as error:
                    result.refused.append(str(error))
                    continue
                except ValueError:
                    result.refused.append(f"{name} is damaged (not a document update)")
                    continue
                applied.append(name)
                _hear(fresh, touched, heard, _acked(acks, name, machine))
        finally:
            for m, subscription in subscriptions:
                m.unobserve(subscription)
            _hear(fresh, touched, heard, 0)
        result.received = len(applied)
        again = conn.execute("SELECT reproject FROM sync_state WHERE id = 1").fetchone()[0]
        for name in filter(None, (again or "").split(",")):
            table, _, uid = name.partition("/")
            if table in maps and uid:  # a row that waited for its parent
                touched[table].add(uid)
            elif table in maps:  # every row of a table this BounceBack newly syncs
                touched[table].update(_uids(BY_NAME[table], maps[table]))
        # 3. into the rows
        conn.execute("UPDATE sync_state SET applying = 1 WHERE id = 1")
        waiting: set[str] = set()
        with doc.transaction():  # reads only: one transaction, not one per read
            result.changed, deleted_there = _project(conn, maps, touched, waiting, heard)
        _keep_what_lost(conn, pushed, touched, heard, seq + 1)  # the number our push takes
        conn.execute("UPDATE sync_state SET applying = 0 WHERE id = 1")
        result.conflicts = conn.execute("SELECT count(*) FROM sync_conflicts").fetchone()[0]
        # 4. this machine's push, then the bookkeeping, in the same transaction
        forget = bool(deleted_here or deleted_there)
        if forget:  # deleting means deleted, also in the shared folder: see _compact
            seq += 1
            published = shared.publish(space, machine, seq, doc.get_update())
            shared.remove_older(space, machine, keep=published)
        elif delta:
            seq += 1
            shared.publish(space, machine, seq, delta)
            seq = _merge_own(space, machine, seq)
        conn.executemany("INSERT OR IGNORE INTO sync_seen (name) VALUES (?)",
                         [(name,) for name in applied])
        gone = seen - set(listed)  # files their machines merged or removed: never again
        conn.executemany("DELETE FROM sync_seen WHERE name = ?", [(name,) for name in gone])
        conn.execute("DELETE FROM sync_outbox")
        if delta or applied or resumed:
            conn.execute("INSERT INTO sync_updates (data) VALUES (?)",
                         (doc.get_update(start),))
            kept = conn.execute("SELECT count(*) FROM sync_updates").fetchone()[0]
            if forget:  # the -wal may hold the old document's pages: scrubbed at close
                from ..erasure import SCRUB_DUE

                marks = conn.execute("PRAGMA user_version").fetchone()[0] or 0
                conn.execute(f"PRAGMA user_version = {marks | SCRUB_DUE}")
            if kept > COMPACT_AFTER or forget:
                conn.execute("UPDATE sync_state SET doc = ? WHERE id = 1", (doc.get_update(),))
                conn.execute("DELETE FROM sync_updates")
        now = datetime.now(UTC).isoformat(timespec="seconds")
        conn.execute("UPDATE sync_state SET seq = ?, doc_version = ?, last_exchange = ?, "
                     "last_error = ?, reproject = ? WHERE id = 1",
                     (seq, version + 1, now,
                      "; ".join(result.refused)[:500] if result.refused else None,
                      ",".join(sorted(waiting)) or None))
    _DOCS[path] = (version + 1, doc)
    if forget:
        store.forget_later()  # the old pages of the document leave the -wal when it closes
        result.forgotten = True
    return result


def _mine_key(entity: Entity, uid: str) -> str:
    """How `sync_mine` names a row's fields (a details row shares its application's uid)."""
    return uid if entity is APPLICATIONS else f"{entity.name}/{uid}"


def _resume_own(space: shared.Space, machine: str, seq: int, doc: Doc,
                maps: dict[str, Map], touched: dict[str, set[str]]) -> tuple[int, bool]:
    """Apply this machine's push files numbered past `seq`, the last one it committed: what
    an exchange killed between writing its push and committing left (the other machines
    may have read it already). What they hold beyond this machine's own rows (a whole
    snapshot holds the others' changes too) is written into the rows with the rest
    (`touched`). The new `seq` (past theirs, so the next push is named after them) and
    whether there were any."""
    later = [(_number(name.rsplit("/", 1)[1]), name) for name in shared.own(space, machine)]
    later = [(number, name) for number, name in later if number > seq]
    if not later:
        return seq, False
    subscriptions = [(m, m.observe_deep(_collector(touched[name], BY_NAME[name].flat)))
                     for name, m in maps.items()]
    try:
        for _, name in sorted(later):
            try:
                doc.apply_update(shared.read(space, name))
            except (shared.Vanished, Unreadable, ValueError):
                continue  # gone or damaged: the outbox still holds what it held
    finally:
        for m, subscription in subscriptions:
            m.unobserve(subscription)
    return max(number for number, _ in later), True


def _merge_own(space: shared.Space, machine: str, seq: int) -> int:
    """Past `FILES_KEPT` files, this machine's pushes become one (the same changes, merged):
    the others apply it once more, which changes nothing. The new `seq`."""
    from pycrdt import merge_updates

    names = shared.own(space, machine)
    if len(names) <= FILES_KEPT:
        return seq
    try:
        merged = merge_updates(*(shared.read(space, name) for name in names))
    except (Unreadable, shared.Vanished, ValueError):
        return seq  # a damaged or missing file of ours: leave them all as they are
    seq += 1
    kept = shared.publish(space, machine, seq, merged)
    shared.remove_older(space, machine, keep=kept)
    return seq


def _acknowledge(acks: Map, machine: str, seen: set[str]) -> None:
    """Put into this push what this machine had taken in of each other machine (the highest
    number of their pushes applied here), never less than it said before: merged files
    leave the seen list."""
    said = json.loads(acks.get(machine) or "{}")
    for name in seen:
        _, other, file = name.split("/", 2)
        said[other] = max(said.get(other, 0), _number(file))
    text = json.dumps(said, sort_keys=True)
    if acks.get(machine) != text:
        acks[machine] = text


def _acked(acks: Map, name: str, machine: str) -> int:
    """The highest push of `machine` that the machine of the file `name` had taken in when
    its person made the changes in it (0: none, or a BounceBack that does not say)."""
    said = acks.get(name.split("/", 2)[1])
    try:
        return int(json.loads(said).get(machine, 0)) if said else 0
    except (ValueError, TypeError, AttributeError):
        return 0


def _hear(fresh: dict[str, set[str]], touched: dict[str, set[str]],
          heard: dict[tuple[str, str], int], acked: int) -> None:
    """The rows one file changed join `touched`; each keeps the least any file that changed
    it had seen of this machine (`acked`)."""
    for table, uids in fresh.items():
        touched[table] |= uids
        for uid in uids:
            heard[(table, uid)] = min(heard.get((table, uid), acked), acked)
        uids.clear()


def _number(file: str) -> int:
    """A push file's number (`000000012-….bbx` → 12)."""
    try:
        return int(file.split("-", 1)[0])
    except ValueError:
        return 0


def _keep_what_lost(conn: sqlite3.Connection, pushed: dict[str, dict[str, Any]],
                    touched: dict[str, set[str]], heard: dict[tuple[str, str], int],
                    push: int) -> None:
    """A field changed here and on another machine at the same time keeps one value, the
    same everywhere; when the other machine's replaces the one this machine set (in this
    exchange or an earlier one), ours goes into the undo log ("changed on the other machine
    — u restores yours"). A change made there after it had taken in ours (`heard` reaches
    the number of the push that carried ours) replaced it on purpose: nothing lost."""
    conn.executemany(
        "INSERT INTO sync_mine (uid, field, value) VALUES (?, ?, ?) ON CONFLICT (uid, field) "
        "DO UPDATE SET value = excluded.value",
        [(key, name, json.dumps({"v": value, "push": push})) for key, fields in pushed.items()
         for name, value in fields.items()])
    for entity in ENTITIES:
        if entity.undo is None:
            continue
        for uid in sorted(touched[entity.name]):
            key = _mine_key(entity, uid)
            mine: dict[str, Any] = {}
            carried: dict[str, int] = {}
            for name, value in conn.execute(
                    "SELECT field, value FROM sync_mine WHERE uid = ?", (key,)):
                kept = json.loads(value)
                if isinstance(kept, dict) and set(kept) == {"v", "push"}:
                    mine[name], carried[name] = kept["v"], kept["push"]
                else:  # kept by an earlier BounceBack: which push carried it is not known
                    mine[name] = kept
            if not mine:
                continue
            columns = sorted(mine)
            row = conn.execute(f"SELECT {entity.key}, {', '.join(columns)} FROM {entity.name} "
                               "WHERE uid = ?", (uid,)).fetchone()
            if row is None:
                conn.execute("DELETE FROM sync_mine WHERE uid = ?", (key,))
                continue
            row_id, *now = row
            changed = {name: mine[name] for name, value in zip(columns, now, strict=True)
                       if value != mine[name]}
            if not changed:
                continue
            conn.executemany("DELETE FROM sync_mine WHERE uid = ? AND field = ?",
                             [(key, name) for name in changed])
            seen_ours = heard.get((entity.name, uid), 0)
            lost = {name: value for name, value in changed.items()
                    if name not in carried or carried[name] > seen_ours}
            if not lost:
                continue
            label, payload = _undo_of(conn, entity, row_id, lost)
            conn.execute(
                "INSERT INTO changes (at, action, summary, payload) VALUES (?, ?, ?, ?)",
                (_stored_now(), entity.undo, f"{label}: {', '.join(sorted(lost))} changed on "
                 "the other machine (u restores yours)", json.dumps(payload)))


_INSTANTS = frozenset({"starts_at", "due_at", "created_at", "updated_at"})
"""Columns of the week's rows that `undo` reads as instants."""


def _undo_of(conn: sqlite3.Connection, entity: Entity, row_id: int,
             lost: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """What the undo log says of fields that lost, and what puts them back (the payload
    `Store.undo` reads for that action)."""
    def application(app_id: int) -> str:
        company, role = conn.execute("SELECT company, role FROM applications WHERE id = ?",
                                     (app_id,)).fetchone()
        return f"{company} — {role}" if role else company

    if entity is APPLICATIONS:
        return application(row_id), {"application_id": row_id, "before": lost}
    if entity.name == "contacts":
        name = conn.execute("SELECT name FROM contacts WHERE id = ?", (row_id,)).fetchone()[0]
        return name, {"contact_id": row_id, "before": lost}
    if entity.name == "interviews":
        app_id = conn.execute("SELECT application_id FROM interviews WHERE id = ?",
                              (row_id,)).fetchone()[0]
        before = {name: ({"instant": value} if name in _INSTANTS and value else value)
                  for name, value in lost.items()}
        return f"{application(app_id)} interview", {
            "interview_id": row_id, "before": before}
    # an application's details: undo puts the whole row back
    names = [name for name in entity.fields]
    row = conn.execute(f"SELECT {', '.join(names)} FROM application_details "
                       "WHERE application_id = ?", (row_id,)).fetchone()
    before = {**dict(zip(names, row, strict=True)), **lost}
    tags = before.get("tags")
    before["tags"] = json.loads(tags) if isinstance(tags, str) else (tags or [])
    return f"{application(row_id)} details", {"application_id": row_id, "before": before}


def _is_gone(entry: Any) -> bool:
    if entry is None:
        return False
    if isinstance(entry, str):
        return entry == _GONE
    return bool(entry.get("gone"))


@dataclass(frozen=True)
class Version:
    """One of the versions of a reflection edited on two machines."""

    revision: str
    machine: str
    """The name of the machine it was written on."""
    at: str
    content: dict[str, Any]


def versions(store: Store) -> list[tuple[int, str, list[Version]]]:
    """The reflections edited on two machines before they met: (local id, uid, versions)."""
    with store.raw_read() as conn:
        waiting = conn.execute(
            "SELECT r.id, c.reflection_uid, c.revisions FROM sync_conflicts c "
            "JOIN reflections r ON r.uid = c.reflection_uid ORDER BY r.id").fetchall()
        folder, space = conn.execute(
            "SELECT folder, space FROM sync_state WHERE id = 1").fetchone()
        doc = _document(conn, str(store.path), conn.execute(
            "SELECT doc_version FROM sync_state WHERE id = 1").fetchone()[0])
    if not waiting:
        return []
    names: dict[str, str] = {}
    try:
        names = shared.machines(shared.open_space(Path(folder), _load_key(space)))
    except SyncError:
        pass
    found = []
    revisions_of = doc.get("reflections", type=_map_type())
    for local_id, uid, heads in waiting:
        revisions = revisions_of.get(uid).get("revisions")
        listed = []
        for head in json.loads(heads):
            revision = json.loads(revisions[head])
            listed.append(Version(head, names.get(revision.get("machine", ""), "another machine"),
                                  revision.get("at", ""), revision["content"]))
        found.append((local_id, uid, sorted(listed, key=lambda v: (v.at, v.revision))))
    return found


def choose(store: Store, reflection_uid: str, keep: str) -> Exchange:
    """Settle a reflection edited on two machines: `keep` is the revision to keep, or
    "both" (the other version becomes a reflection of its own). The choice is sent at
    once, so every machine shows the same."""
    state = _state(store)
    if not state["enabled"]:
        raise SyncError("this hunt does not sync")
    space = shared.open_space(Path(state["folder"]), _load_key(state["space"]))
    return _exchange(store, space, state["machine"], _Choice(reflection_uid, keep))


class _Choice:
    def __init__(self, uid: str, keep: str) -> None:
        self.uid, self.keep = uid, keep

    def __call__(self, conn: sqlite3.Connection, maps: dict[str, Map]) -> None:
        entry = maps["reflections"].get(self.uid)
        if entry is None:
            raise SyncError("that reflection is not in the shared space")
        revisions = entry.get("revisions")
        self.heads = _heads(revisions)
        if len(self.heads) < 2:
            raise SyncError("that reflection has one version now; nothing to choose")
        winner = _winner(revisions, self.heads)
        kept = winner if self.keep == "both" else self.keep
        if kept not in self.heads:
            raise SyncError("that version is not one of the two")
        self.content = json.loads(revisions[kept])["content"]
        if self.keep == "both":  # the other one goes on as a reflection of its own
            other = next(head for head in sorted(self.heads) if head != winner)
            content = json.loads(revisions[other])["content"]
            row = conn.execute("SELECT application_id, created_at FROM reflections "
                               "WHERE uid = ?", (self.uid,)).fetchone()
            names = ["application_id", "created_at", "revision", *REFLECTION_CONTENT]
            conn.execute(f"INSERT INTO reflections ({', '.join(names)}) VALUES "
                         f"({', '.join('?' for _ in names)})",
                         [row[0], row[1], 1, *(content[name] for name in REFLECTION_CONTENT)])
        conn.execute("UPDATE sync_state SET applying = 1 WHERE id = 1")
        conn.execute(f"UPDATE reflections SET {', '.join(f'{c} = ?' for c in REFLECTION_CONTENT)}"
                     ", revision = revision + 1 WHERE uid = ?",
                     [*(self.content[name] for name in REFLECTION_CONTENT), self.uid])
        conn.execute("UPDATE sync_state SET applying = 0 WHERE id = 1")
        conn.execute("DELETE FROM sync_conflicts WHERE reflection_uid = ?", (self.uid,))

    def finish(self, conn: sqlite3.Connection, maps: dict[str, Map], machine: str) -> int:
        """The revision that follows both: every machine then shows the chosen one."""
        revisions = maps["reflections"].get(self.uid).get("revisions")
        revisions[secrets.token_hex(8)] = json.dumps({
            "content": self.content, "after": sorted(self.heads), "machine": machine,
            "at": max(json.loads(revisions[head]).get("at", "") for head in self.heads)})
        return 1


def _map_type() -> type[Map]:
    from pycrdt import Map

    return Map


def _collector(into: set[str], flat: bool = False) -> Any:
    def collect(events: Iterable[Any]) -> None:
        for event in events:
            path = list(event.path)
            if path:
                into.add(str(path[0]))
            elif flat:
                into.update(str(key).partition("/")[0] for key in event.keys)
            else:
                into.update(str(key) for key in event.keys)
    return collect


_BLANKS: dict[str, dict[str, Any]] = {}
"""Per synced table, the value each field has until someone sets it: '' for a text that
cannot be NULL, '[]' for a list, None for what may be empty (read from the file's schema)."""


def _blanks(conn: sqlite3.Connection, entity: Entity) -> dict[str, Any]:
    if entity.name not in _BLANKS:
        found: dict[str, Any] = {}
        for _cid, name, kind, notnull, _default, _pk in conn.execute(
                f"PRAGMA table_info({entity.name})"):
            if name not in entity.fields:
                continue
            if not notnull:
                found[name] = None
            elif kind.upper() in ("VARCHAR", "TEXT"):
                found[name] = ""
            elif kind.upper() == "JSON":
                found[name] = "[]"
        _BLANKS[entity.name] = found
    return _BLANKS[entity.name]


def _uids(entity: Entity, target: Map) -> set[str]:
    keys = [str(key) for key in target.keys()]
    return {key.partition("/")[0] for key in keys} if entity.flat else set(keys)


def _names(entity: Entity) -> tuple[str, ...]:
    """What a row of `entity` holds in the document (references by the name of what they
    name)."""
    return (*entity.fields, *(target[:-1] for _, target in entity.references))


def _entry(entity: Entity, target: Map, uid: str) -> Any:
    """A row as the document holds it: a map, a packed text, or (flat) a dict of its keys."""
    if not entity.flat:
        return target.get(uid)
    values = {name: target.get(f"{uid}/{name}", _ABSENT)
              for name in (*_names(entity), "gone")}
    return {name: value for name, value in values.items() if value is not _ABSENT} or None


_ABSENT = object()
"""What `Map.get` gives for a key the map does not hold (None is a value a field can have)."""


def _put_flat(entity: Entity, target: Map, uid: str,
              values: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    changed = {}
    if target.get(f"{uid}/gone"):  # deleted, then put back here (undo)
        target[f"{uid}/gone"] = False
    blanks = _BLANKS.get(entity.name, {})
    for key, value in values.items():
        if f"{uid}/{key}" not in target and key in blanks and value == blanks[key]:
            continue  # never set anywhere: left for the other machines to fill in
        if f"{uid}/{key}" not in target or target.get(f"{uid}/{key}") != value:
            target[f"{uid}/{key}"] = value
            changed[key] = value
    return bool(changed), changed


def _forget_flat(entity: Entity, target: Map, uid: str) -> None:
    target[f"{uid}/gone"] = True
    for name in _names(entity):
        if f"{uid}/{name}" in target:
            target.pop(f"{uid}/{name}")


# --- local rows into the document ---------------------------------------------------------------


def _take_outbox(conn: sqlite3.Connection, doc: Doc, maps: dict[str, Map], machine: str,
                 pushed: dict[str, dict[str, Any]] | None = None,
                 revived: set[str] | None = None) -> int:
    from pycrdt import Map

    logged = conn.execute("SELECT entity, row_id, uid, op FROM sync_outbox ORDER BY id").fetchall()
    latest: dict[tuple[str, int], tuple[str | None, str]] = {}
    for entity, row_id, uid, op in logged:
        latest[(entity, row_id)] = (uid, op)
    sent = 0
    for entity in ENTITIES:
        _blanks(conn, entity)
    with doc.transaction():
        for entity in ENTITIES:
            for (name, row_id), (uid, op) in latest.items():
                if name != entity.name:
                    continue
                target = maps[entity.name]
                if op == "gone":
                    if uid and entity.packed:
                        if target.get(uid) != _GONE:
                            target[uid] = _GONE
                        sent += 1
                    elif uid and entity.flat:
                        _forget_flat(entity, target, uid)
                        sent += 1
                    elif uid:
                        entry = target.get(uid)
                        if entry is None:
                            target[uid] = Map({"gone": True})
                        else:
                            _forget_fields(entry)
                        sent += 1
                    continue
                row = _read_row(conn, entity, row_id)
                if row is None:  # deleted later in the same span: its 'gone' says it
                    continue
                uid = row.pop("uid")
                if entity is BY_NAME["reflections"]:
                    sent += _put_reflection(target, uid, row, machine)
                elif entity.packed:
                    packed = json.dumps(row, sort_keys=True, separators=(",", ":"))
                    if target.get(uid) != packed:
                        target[uid] = packed
                        sent += 1
                else:
                    if revived is not None and entity is APPLICATIONS \
                            and _is_gone(target.get(uid)):
                        revived.add(uid)  # deleted, and put back here (undo)
                    put, changed = (_put_flat(entity, target, uid, row) if entity.flat
                                    else _put(entity, target, uid, row))
                    sent += put
                    changed = {k: v for k, v in changed.items() if k in entity.fields}
                    if pushed is not None and entity.undo and changed:
                        pushed[_mine_key(entity, uid)] = changed
    return sent


def _revive_children(doc: Doc, maps: dict[str, Map], revived: set[str],
                     touched: dict[str, set[str]]) -> None:
    """An application put back by undo gets back what the other machine gave it while it
    was deleted here (an interview, a stage, a person's part, a reflection's link): such a
    row was never written on a machine that had the application deleted. Each is written
    here (`touched`) and said once more in the document, so every machine writes it again
    (rare: only after an undone delete, so the whole maps may be read)."""
    if not revived:
        return
    interviews: set[str] = set()
    with doc.transaction():
        for entity in ENTITIES:
            if entity is APPLICATIONS or not entity.references:
                continue
            target = maps[entity.name]
            parents = {"application": revived, "interview": interviews}
            for uid in list(target.keys()) if not entity.flat else []:
                entry = target.get(uid)
                if _is_gone(entry):
                    continue
                values = json.loads(entry) if entity.packed else entry
                key = next((k for k in parents if values.get(k) in parents[k]), None)
                if key is None:
                    continue
                if entity.packed:
                    target[uid] = entry  # the same value again: news to every machine
                else:
                    entry[key] = entry.get(key)
                touched[entity.name].add(uid)
                if entity.name == "interviews":
                    interviews.add(uid)
            if entity.flat:  # an application's details are keyed by its own uid
                for key in list(target.keys()):
                    uid = key.partition("/")[0]
                    if uid in revived and uid not in touched[entity.name]:
                        target[key] = target.get(key)
                        touched[entity.name].add(uid)


def _forget_fields(entry: Map) -> None:
    """A deleted row keeps only its tombstone: every field (a reflection's every revision)
    is removed, so the next whole encoding of the document holds none of its words."""
    if not entry.get("gone"):
        entry["gone"] = True
    for key in [key for key in entry.keys() if key != "gone"]:
        value = entry.get(key)
        if key == "revisions" and value is not None and hasattr(value, "keys"):
            for revision in list(value.keys()):
                value.pop(revision)
        entry.pop(key)


def _read_row(conn: sqlite3.Connection, entity: Entity, row_id: int) -> dict[str, Any] | None:
    columns = ["uid", *entity.fields, *(column for column, _ in entity.references)]
    if entity is BY_NAME["reflections"]:
        columns += REFLECTION_CONTENT
    row = conn.execute(f"SELECT {', '.join(columns)} FROM {entity.name} "
                       f"WHERE {entity.key} = ?", (row_id,)).fetchone()
    if row is None:
        return None
    values = dict(zip(columns, row, strict=True))
    for column, target in entity.references:
        local = values.pop(column)
        values[target[:-1]] = (
            None if local is None else conn.execute(
                f"SELECT uid FROM {target} WHERE id = ?", (local,)).fetchone()[0])
    return values


def _put(entity: Entity, target: Map, uid: str,
         values: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    """Set the fields that differ: whether anything was sent, and which fields of a row
    already shared were changed here (what the other machine may have changed too)."""
    from pycrdt import Map

    blanks = _BLANKS.get(entity.name, {})
    entry = target.get(uid)
    if entry is None:
        target[uid] = Map({key: value for key, value in values.items()
                           if key not in blanks or value != blanks[key]})
        return True, {}
    if entry.get("gone"):  # deleted, then put back here (undo): it comes back everywhere
        entry["gone"] = False
        for key, value in values.items():
            entry[key] = value
        return True, {}
    changed = {}
    for key, value in values.items():
        if key not in entry and key in blanks and value == blanks[key]:
            continue  # blank here, and never set: nothing to say
        if entry.get(key) != value:
            entry[key] = value
            changed[key] = value
    return bool(changed), changed


def _put_reflection(target: Map, uid: str, values: dict[str, Any], machine: str) -> int:
    from pycrdt import Map

    content = {key: values[key] for key in REFLECTION_CONTENT}
    entry = target.get(uid)
    if entry is None:
        entry = target[uid] = Map({"application": values.get("application"),
                                   "created_at": values["created_at"], "revisions": Map()})
    else:
        if entry.get("gone"):  # deleted, then put back here: it comes back everywhere
            entry["gone"] = False
            entry["created_at"] = values["created_at"]
        if entry.get("application") != values.get("application"):
            entry["application"] = values.get("application")
    revisions = entry.get("revisions")
    if revisions is None:
        revisions = entry["revisions"] = Map()
    heads = _heads(revisions)
    winner = _winner(revisions, heads)
    if winner is not None and json.loads(revisions[winner])["content"] == content:
        return 0
    revisions[secrets.token_hex(8)] = json.dumps({
        "content": content, "after": [winner] if winner else [], "machine": machine,
        "at": values.get("updated_at") or ""})
    return 1


def _heads(revisions: Map) -> set[str]:
    followed: set[str] = set()
    every = {}
    for key in list(revisions.keys()):
        every[key] = json.loads(revisions[key])
        followed.update(every[key].get("after", []))
    return {key for key in every if key not in followed}


def _winner(revisions: Map, heads: set[str]) -> str | None:
    if not heads:
        return None
    return max(heads, key=lambda head: (json.loads(revisions[head]).get("at", ""), head))


# --- the document into local rows ---------------------------------------------------------------


def _project(conn: sqlite3.Connection, maps: dict[str, Map], touched: dict[str, set[str]],
             waiting: set[str], heard: dict[tuple[str, str], int]) -> tuple[int, bool]:
    """Write the `touched` rows of the document into the tables (parents first). A row
    whose parent has not arrived yet (files of two machines, or two files of one, can come
    in any order) goes into `waiting` ("table/uid"), written again at each exchange until
    it is there; not when the parent was deleted. How many rows were written, and whether
    the other machines' files (`heard`) deleted any."""
    changed = 0
    deleted = False
    refresh: set[int] = set()
    ids = _Ids(conn)
    for entity in ENTITIES:
        uids = sorted(touched[entity.name])
        # many rows (a machine joining): the whole map read at once, not key by key
        whole = _whole(entity, maps[entity.name]) if len(uids) > MANY_ROWS else None
        for uid in uids:
            if whole is not None:
                values = whole.get(uid)
            else:
                entry = _entry(entity, maps[entity.name], uid)
                values = (None if entry is None else json.loads(entry) if entity.packed
                          else entry if entity.flat else entry.to_py())
            if values is None:
                continue
            if not deleted and values.get("gone") and (entity.name, uid) in heard:
                deleted = True

            def wait(target: str, parent: str, row: str = f"{entity.name}/{uid}") -> None:
                if not _is_gone(_entry(BY_NAME[target], maps[target], parent)):
                    waiting.add(row)

            if entity is BY_NAME["reflections"]:
                changed += _project_reflection(conn, ids, uid, values, wait)
            else:
                changed += _project_row(conn, ids, entity, uid, values, refresh, wait)
    _refresh_applications(conn, refresh)
    return changed, deleted


MANY_ROWS = 256
"""Past this many rows of one table, a projection reads the table (and its map in the
document) whole rather than row by row: a machine joining writes every row."""


def _whole(entity: Entity, target: Map) -> dict[str, dict[str, Any]]:
    """Every row of a map as `_entry` gives one, read in one go (the map's JSON, made by Yrs
    in one call: `to_py` walks it key by key in Python)."""
    raw = json.loads(str(target)) if len(target) else {}
    if entity.packed:
        return {uid: json.loads(text) for uid, text in raw.items()}
    if entity.flat:
        rows: dict[str, dict[str, Any]] = {}
        for key, value in raw.items():
            uid, _, name = key.partition("/")
            rows.setdefault(uid, {})[name] = value
        return rows
    return raw


class _Ids:
    """Local ids by uid for one projection: a few rows are looked up one by one; a table
    asked about often (a machine joining writes every row) is read whole, once."""


    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.whole: dict[str, dict[str, int]] = {}
        self.asked: dict[str, int] = {}

    def get(self, table: str, uid: str | None) -> int | None:
        if uid is None:
            return None
        known = self.whole.get(table)
        if known is not None:
            return known.get(uid)
        key = BY_NAME[table].key
        self.asked[table] = asked = self.asked.get(table, 0) + 1
        if asked > MANY_ROWS:
            self.whole[table] = known = dict(self.conn.execute(
                f"SELECT uid, {key} FROM {table} WHERE uid IS NOT NULL"))
            return known.get(uid)
        row = self.conn.execute(f"SELECT {key} FROM {table} WHERE uid = ?", (uid,)).fetchone()
        return None if row is None else row[0]

    def added(self, table: str, uid: str, row_id: int) -> None:
        known = self.whole.get(table)
        if known is not None:
            known[uid] = row_id

    def deleted(self) -> None:
        """A row was deleted: rows of other tables may have gone with it (cascades)."""
        self.whole.clear()


def _project_row(conn: sqlite3.Connection, ids: _Ids, entity: Entity, uid: str,
                 values: dict[str, Any], refresh: set[int], wait: Any) -> int:
    row_id = ids.get(entity.name, uid)
    if values.get("gone"):
        if row_id is None:
            return 0
        if entity is EVENTS:
            refresh.add(conn.execute("SELECT application_id FROM stage_events WHERE id = ?",
                                     (row_id,)).fetchone()[0])
        conn.execute(f"DELETE FROM {entity.name} WHERE {entity.key} = ?", (row_id,))
        ids.deleted()
        if entity is APPLICATIONS:
            refresh.discard(row_id)
        return 1
    columns = {name: values.get(name) for name in entity.fields if name in values}
    if row_id is None:
        columns = {**_blanks(conn, entity), **columns}
    for column, target in entity.references:
        parent = values.get(target[:-1])
        local = ids.get(target, parent)
        if local is None and parent is not None:
            wait(target, parent)  # not here yet: written again when it is
            if column not in entity.loose:
                return 0  # nothing to hang it on (yet, or ever when its parent was deleted)
        columns[column] = local
    if entity is APPLICATIONS:
        from ..models import search_text

        columns["search_text"] = search_text(columns)
    if "updated_at" in entity.local:  # when this machine's row last changed
        columns["updated_at"] = _stored_now()
    if row_id is None:
        if entity is APPLICATIONS:  # until its events arrive, a saved idea made then
            created = columns.get("created_at") or _stored_now()
            columns.update(stage="saved", last_activity_at=created, responded=0, closed=0,
                           stage_dated=1, outcome_dated=1)
        names = [*columns, "uid"]
        cursor = conn.execute(f"INSERT INTO {entity.name} ({', '.join(names)}) VALUES "
                              f"({', '.join('?' for _ in names)})", [*columns.values(), uid])
        row_id = cursor.lastrowid if entity.key == "id" else columns[entity.key]
        ids.added(entity.name, uid, row_id)  # type: ignore[arg-type]
    else:
        conn.execute(f"UPDATE {entity.name} SET {', '.join(f'{c} = ?' for c in columns)} "
                     f"WHERE {entity.key} = ?", [*columns.values(), row_id])
    if entity is APPLICATIONS:
        refresh.add(row_id)  # type: ignore[arg-type]
    elif entity is EVENTS:
        refresh.add(columns["application_id"])
    return 1


def _project_reflection(conn: sqlite3.Connection, ids: _Ids, uid: str,
                        values: dict[str, Any], wait: Any) -> int:
    row_id = ids.get("reflections", uid)
    if values.get("gone"):
        if row_id is not None:
            conn.execute("DELETE FROM reflections WHERE id = ?", (row_id,))
            ids.deleted()
        conn.execute("DELETE FROM sync_conflicts WHERE reflection_uid = ?", (uid,))
        return int(row_id is not None)
    revisions = {key: json.loads(text) for key, text in (values.get("revisions") or {}).items()}
    followed = {after for revision in revisions.values() for after in revision.get("after", [])}
    heads = sorted(key for key in revisions if key not in followed)
    if not heads:
        return 0
    winner = max(heads, key=lambda head: (revisions[head].get("at", ""), head))
    if len(heads) > 1:
        conn.execute("INSERT INTO sync_conflicts (reflection_uid, revisions) VALUES (?, ?) "
                     "ON CONFLICT (reflection_uid) DO UPDATE SET revisions = excluded.revisions",
                     (uid, json.dumps(heads)))
    else:
        conn.execute("DELETE FROM sync_conflicts WHERE reflection_uid = ?", (uid,))
    content = revisions[winner]["content"]
    columns = {name: content.get(name) for name in REFLECTION_CONTENT}
    columns["application_id"] = ids.get("applications", values.get("application"))
    if columns["application_id"] is None and values.get("application") is not None:
        wait("applications", values["application"])
    columns["created_at"] = values.get("created_at")
    if row_id is None:
        names = [*columns, "uid", "revision"]
        cursor = conn.execute(f"INSERT INTO reflections ({', '.join(names)}) VALUES "
                              f"({', '.join('?' for _ in names)})", [*columns.values(), uid, 1])
        ids.added("reflections", uid, cursor.lastrowid)  # type: ignore[arg-type]
    else:  # a form open on it elsewhere sees a newer revision and does not overwrite it
        conn.execute(f"UPDATE reflections SET {', '.join(f'{c} = ?' for c in columns)}, "
                     "revision = revision + 1 WHERE id = ?", [*columns.values(), row_id])
    return 1


def _refresh_applications(conn: sqlite3.Connection, app_ids: set[int]) -> None:
    """The columns the applications' events repeat, computed as the store does: read one by
    one for a few, all at once for many (a machine joining)."""
    from ..instants import from_stored, to_stored
    from ..models import summary_columns

    if not app_ids:
        return
    if len(app_ids) > MANY_ROWS:
        companies = dict(conn.execute("SELECT id, company FROM applications"))
        events: dict[int, list[Any]] = {}
        for app_id, stage, at, event_id, dated in conn.execute(
                "SELECT application_id, stage, at, id, dated FROM stage_events"):
            if app_id in app_ids:
                events.setdefault(app_id, []).append(
                    (stage, from_stored(at), event_id, bool(dated)))
    else:
        companies, events = {}, {}
        for app_id in app_ids:
            row = conn.execute("SELECT company FROM applications WHERE id = ?",
                               (app_id,)).fetchone()
            if row is not None:
                companies[app_id] = row[0]
                events[app_id] = [
                    (stage, from_stored(at), event_id, bool(dated))
                    for stage, at, event_id, dated in conn.execute(
                        "SELECT stage, at, id, dated FROM stage_events "
                        "WHERE application_id = ?", (app_id,))]
    for app_id in sorted(app_ids):
        if app_id not in companies or not events.get(app_id):
            continue
        values = summary_columns(app_id, companies[app_id], events[app_id])
        stored = {name: (to_stored(value) if isinstance(value, datetime) else value)
                  for name, value in values.items()}
        conn.execute(f"UPDATE applications SET {', '.join(f'{c} = ?' for c in stored)} "
                     "WHERE id = ?", [*stored.values(), app_id])


def _stored_now() -> str:
    from ..instants import to_stored

    return to_stored(datetime.now(UTC))


__all__ = ["Exchange", "Status", "SyncError", "Version", "choose", "exchange", "init", "join",
           "key_path", "status", "versions", "ACTIONS"]
