"""The pipeline's reads in plain sqlite3: how many applications, and one page of them.

One definition of the table's order and filters, used twice: `Store.list_applications` runs
it on its own connection, and the dashboard's `PipelineReader` runs it before SQLAlchemy is
even imported, so the first rows reach the screen without waiting for the ORM. Read only.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ...domain.stages import VIEW_STAGES, VIEWS
from ..errors import InvalidInput, StoreOpenError
from ..file.location import inspect_file, note_open, sqlite_uri
from ..instants import from_stored, to_stored
from ..records import ApplicationRecord
from ..schema import HEAD


COLUMNS = ("id", "company", "role", "source", "location", "url", "notes", "stage",
           "applied_at", "last_activity_at", "follow_up_on", "created_at", "updated_at",
           "stage_dated")
_INSTANTS = frozenset({"applied_at", "last_activity_at", "created_at", "updated_at"})

ORDER = "ORDER BY closed, last_activity_at DESC, id DESC"
"""Active first, most recent activity on top (ix_applications_pipeline_order: no sort)."""


def where(stage: str | None = None, view: str = "all",
          search: str | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause (or "") and its parameters for a stage, a view and a search."""
    if view not in VIEWS:
        raise InvalidInput(f"unknown view {view!r}; use one of: {', '.join(VIEWS)}")
    terms: list[str] = []
    params: list[Any] = []
    if stage:
        terms.append("stage = ?")
        params.append(stage)
    if view != "all":
        stages = sorted(VIEW_STAGES[view])
        terms.append(f"stage IN ({', '.join('?' * len(stages))})")
        params.extend(stages)
    if search and search.strip():
        terms.append("instr(search_text, ?) > 0")  # search_text is already case-folded
        params.append(search.strip().casefold())
    return (" WHERE " + " AND ".join(terms) if terms else ""), params


def count_sql(stage: str | None = None, view: str = "all",
              search: str | None = None) -> tuple[str, list[Any]]:
    """SQL and parameters counting what `page_sql` pages through."""
    clause, params = where(stage, view, search)
    return f"SELECT count(*) FROM applications{clause}", params


def page_sql(stage: str | None = None, view: str = "all", search: str | None = None, *,
             limit: int | None = None, offset: int = 0) -> tuple[str, list[Any]]:
    """SQL and parameters for applications in the pipeline's order, one page of them."""
    clause, params = where(stage, view, search)
    sql = f"SELECT {', '.join(COLUMNS)} FROM applications{clause} {ORDER}"
    if limit is not None or offset:
        sql += " LIMIT ? OFFSET ?"
        params += [-1 if limit is None else limit, offset]
    return sql, params


MARKS_SQL = """
SELECT a.id,
  (SELECT coalesce(i.starts_at, i.due_at) || '|' || i.kind FROM interviews i
    WHERE i.application_id = a.id AND coalesce(i.starts_at, i.due_at) > :now
    ORDER BY coalesce(i.starts_at, i.due_at) LIMIT 1),
  (SELECT i.starts_at || '|' || coalesce(i.minutes, '') FROM interviews i
    WHERE i.application_id = a.id AND i.starts_at <= :now AND i.starts_at >= :since
      AND i.how_it_went = ''
    ORDER BY i.starts_at DESC LIMIT 1)
FROM applications a WHERE a.id IN ({ids})
"""
"""For each application of a page: its next interview, and the last one started in the day
before without a note (two seeks on the interviews' application index each)."""


def interview_marks(conn: sqlite3.Connection, ids: Sequence[int], now: datetime
                    ) -> dict[int, dict[str, Any]]:
    """`next_interview` and `unnoted_interview` of the applications `ids` at `now`."""
    from datetime import timedelta

    marks: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):  # SQLite's limit on parameters
        chunk = list(ids[start:start + 500])
        params: dict[str, Any] = {"now": to_stored(now),
                                  "since": to_stored(now - timedelta(days=1))}
        params.update({f"i{n}": value for n, value in enumerate(chunk)})
        sql = MARKS_SQL.format(ids=", ".join(f":i{n}" for n in range(len(chunk))))
        for application_id, upcoming, ended in conn.execute(sql, params):
            found: dict[str, Any] = {}
            if upcoming:
                at, kind = upcoming.split("|", 1)
                found["next_interview"] = (from_stored(at), kind)
            if ended:
                at, minutes = ended.split("|", 1)
                found["unnoted_interview"] = (from_stored(at), int(minutes) if minutes else None)
            if found:
                marks[application_id] = found
    return marks


def record(row: Sequence[Any], marks: dict[str, Any] | None = None) -> ApplicationRecord:
    """An application record from a row of `page_sql` (stored text → instants and days),
    with its interview `marks` when read."""
    values = dict(zip(COLUMNS, row, strict=True))
    if marks:
        values.update(marks)
    for name in _INSTANTS:
        if values[name] is not None:
            values[name] = from_stored(values[name])
    if values["follow_up_on"] is not None:
        values["follow_up_on"] = date.fromisoformat(values["follow_up_on"])
    values["stage_dated"] = bool(values["stage_dated"])
    return ApplicationRecord(**values)


class PipelineReader:
    """A read-only view of the pipeline over one plain sqlite3 connection (any thread)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> PipelineReader | None:
        """A reader on an existing BounceBack database at the current schema; None when the
        file is new or must be migrated first (the Store does that), or cannot be read."""
        try:
            state = inspect_file(path)
        except StoreOpenError:
            return None
        if state.kind != "bounceback" or state.revision != HEAD:
            return None
        return cls.connect(path, read_only=state.read_only is not None,
                           wal_pages=state.wal_pages)

    @classmethod
    def connect(cls, path: Path, *, read_only: bool = False,
                wal_pages: bool = False) -> PipelineReader | None:
        """A reader on a file the Store has opened (and so checked and migrated), or that
        `open` checked. It never creates the file; on a file that may only be read, it
        makes nothing beside it. The -wal and -shm SQLite makes take the database's own
        permissions (0600)."""
        uri = sqlite_uri(path.resolve(), read_only=read_only, wal_pages=wal_pages)
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.Error:
            return None
        note_open(path)
        return cls(conn)

    def count(self, *, view: str = "all", search: str | None = None) -> int:
        """How many applications the view and search hold."""
        sql, params = count_sql(None, view, search)
        with self._lock:
            return int(self._conn.execute(sql, params).fetchone()[0])

    def page(self, *, view: str = "all", search: str | None = None, limit: int,
             offset: int = 0, now: datetime | None = None) -> list[ApplicationRecord]:
        """One page of applications, in the pipeline's order; given `now`, each with its
        next interview and the last one not yet noted (the dashboard's "Next" cell)."""
        sql, params = page_sql(None, view, search, limit=limit, offset=offset)
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
            marks = interview_marks(self._conn, [row[0] for row in rows], now) if now else {}
        return [record(row, marks.get(row[0])) for row in rows]

    def position(self, application_id: int, *, view: str = "all",
                 search: str | None = None) -> int | None:
        """The row application `application_id` takes in the view and search (0 first), or
        None when they do not hold it."""
        clause, params = where(None, view, search)
        with self._lock:
            found = self._conn.execute(
                f"SELECT closed, last_activity_at FROM applications{clause}"
                f"{' AND' if clause else ' WHERE'} id = ?", [*params, application_id]
            ).fetchone()
            if found is None:
                return None
            closed, last = found
            before = (f"{' AND' if clause else ' WHERE'} (closed < ? OR (closed = ? AND "
                      "(last_activity_at > ? OR (last_activity_at = ? AND id > ?))))")
            return int(self._conn.execute(
                f"SELECT count(*) FROM applications{clause}{before}",
                [*params, closed, closed, last, last, application_id]).fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()
