"""Deleting means deleted: what a delete leaves behind is taken away as soon as it can be.

Two places keep words after a delete. The undo log keeps a deleted application (its notes
too) so that `undo` can bring it back; it may do so only while the window or command that
deleted it runs, so its entries, and every other entry about that application, go when that
Store closes, or, after a crash, when the file is next opened. And the -wal keeps earlier
page images of deleted rows (every draft save wrote one) until it is checkpointed and
truncated, which a reader in another process can hold off; so a delete sets a mark in the
file (bit 0 of `PRAGMA user_version`, which BounceBack uses for nothing else) and whoever
has the file open tries again until the checkpoint goes through: this Store on closing, a
dashboard every second, and every open.

Plain SQL on the store's own connections; no Textual, no Rich.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from typing import Any

SCRUB_DUE = 0x1
"""Bit of `PRAGMA user_version`: the -wal may hold page images of deleted words."""

SCRUB_WAIT_MS = 250
"""How long one checkpoint waits for another connection's read to end."""


def mark_scrub_due(connection: Any) -> None:
    """In the current write transaction: the -wal must be scrubbed once it commits."""
    version = connection.exec_driver_sql("PRAGMA user_version").scalar() or 0
    if not version & SCRUB_DUE:
        connection.exec_driver_sql(f"PRAGMA user_version = {version | SCRUB_DUE}")


def scrub_due(raw: sqlite3.Connection) -> bool:
    """Whether the mark is set (a cheap read of the file's header)."""
    return bool(raw.execute("PRAGMA user_version").fetchone()[0] & SCRUB_DUE)


def scrub(raw: sqlite3.Connection, busy_timeout_ms: int) -> bool:
    """Checkpoint the -wal into the file (where secure_delete zeroed the freed space) and
    truncate it; then clear the mark and truncate again. False when a reader elsewhere held
    the -wal (the mark stays: someone tries again). `raw` is restored to `busy_timeout_ms`."""
    try:
        raw.execute(f"PRAGMA busy_timeout = {SCRUB_WAIT_MS}")
        if not _truncate(raw):
            return False
        raw.execute("BEGIN IMMEDIATE")
        try:
            version = raw.execute("PRAGMA user_version").fetchone()[0]
            raw.execute(f"PRAGMA user_version = {version & ~SCRUB_DUE}")
            raw.execute("COMMIT")
        except BaseException:
            raw.execute("ROLLBACK")
            raise
        _truncate(raw)  # the header page written just now: no words in it, but tidy
        return True
    except sqlite3.Error:
        return False
    finally:
        raw.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")


def _truncate(raw: sqlite3.Connection) -> bool:
    busy, _, _ = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0


def scrub_with_retries(raw: sqlite3.Connection, busy_timeout_ms: int, *,
                       seconds: float) -> bool:
    """`scrub`, tried again for up to `seconds` while another reader holds the -wal."""
    deadline = time.monotonic() + seconds
    while True:
        if scrub(raw, busy_timeout_ms):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


# --- the undo log ------------------------------------------------------------------------


def owner_mark(token: str) -> dict[str, Any]:
    """What a delete's undo entry records of the Store that made it."""
    return {"pid": os.getpid(), "token": token}


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: alive
    return True


def undo_entries_to_forget(connection: Any, *, token: str | None) -> set[int]:
    """The undo entries to remove: those of deletes made by the Store with `token` (None:
    by Stores whose process is gone, or made before entries said whose they were), with
    every entry about the applications they deleted. A read; nothing changes."""
    import json

    deletes = connection.exec_driver_sql(
        "SELECT id FROM changes WHERE action = 'delete' LIMIT 1").fetchall()
    if not deletes:
        return set()
    rows = connection.exec_driver_sql("SELECT id, action, payload FROM changes").fetchall()
    deleted_apps: set[int] = set()
    doomed: set[int] = set()
    for change_id, action, payload in rows:
        if action != "delete":
            continue
        data = json.loads(payload) if isinstance(payload, str) else payload
        owner = data.get("owner") if isinstance(data, dict) else None
        if token is not None:
            mine = isinstance(owner, dict) and owner.get("token") == token
        else:
            mine = not isinstance(owner, dict) or not _alive(owner.get("pid"))
        if mine:
            doomed.add(change_id)
            app = data.get("application", {}) if isinstance(data, dict) else {}
            if isinstance(app, dict) and isinstance(app.get("id"), int):
                deleted_apps.add(app["id"])
    if not doomed:
        return doomed
    present = {app_id for (app_id,) in connection.exec_driver_sql(
        "SELECT id FROM applications").fetchall()}
    gone = deleted_apps - present
    for change_id, action, payload in rows:
        if action == "delete" or change_id in doomed:
            continue
        data = json.loads(payload) if isinstance(payload, str) else payload
        if isinstance(data, dict) and data.get("application_id") in gone:
            doomed.add(change_id)
    return doomed


def forget_undo_entries(connection: Any, *, token: str | None) -> int:
    """In the current write transaction: remove `undo_entries_to_forget` and mark the -wal
    for scrubbing. How many entries went."""
    doomed = undo_entries_to_forget(connection, token=token)
    if doomed:
        _delete_ids(connection, doomed)
        mark_scrub_due(connection)
    return len(doomed)


def _delete_ids(connection: Any, ids: Iterable[int]) -> None:
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        connection.exec_driver_sql(f"DELETE FROM changes WHERE id IN ({marks})", tuple(chunk))
