"""The one service API: what the CLI and the dashboard may ask of the store.

Every user action is one `BEGIN IMMEDIATE` transaction; reads open a short transaction and
close it before returning. Everything returned is a frozen record, never an ORM row.
Here: opening and closing, sessions, applications, undo and backups; the rest of `Store`
comes from its parts: `journal` (reflections, wins, actions), `insight` (what the history
adds up to) and `planning` (interviews, people, details).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlmodel import Session

from ..domain.stages import furthest_stage, normalise_stage
from .queries import pipeline as pipeline_query
from .file.database import Database, backup_database, default_backup_path, open_database
from .errors import InvalidInput, NotFound, StorageFailure
from .file.sqlite_errors import explained
from .insight import InsightStore
from .journal import JournalStore
from .models import Application, Change, StageEvent, search_text, summary_columns
from .planning import PlanningStore, planning_rows, restore_planning, undo_planning
from .records import ApplicationDetail, ApplicationRecord, EventRecord, UndoResult
from .types import to_stored
from .values import (
    aware,
    check_text,
    columns,
    from_jsonable,
    jsonable,
    label,
    utc_now,
    valid_id,
)


APPLICATION_FIELDS = ("company", "role", "source", "location", "url", "notes", "follow_up_on")
"""Fields a person may edit on an application."""

UNDO_DEPTH = 200
"""How many changes `undo` can take back."""


class Store(JournalStore, InsightStore, PlanningStore):
    """A BounceBack database, opened and ready. Use as a context manager or call close()."""

    def __init__(self, db: Database) -> None:
        import os

        self._db = db
        self._watch: Any = None
        self._watch_lock = threading.Lock()
        self._closed = False
        self._last_version = 0
        self._token = os.urandom(8).hex()
        """Marks the undo entries of this Store's deletes (see `erasure`)."""
        self._deleted_here = False
        self._streak_memo: Any = None
        """What a long streak's older days add up to (`pulse_facts`), made on first use."""
        self.writes = 0
        """How many changes this Store has committed (the calendar file follows them)."""

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open (create, migrate) the database at `path`; see `open_database` for refusals.
        What deletes of windows and commands that are gone left behind goes now (see
        `erasure`)."""
        store = cls(open_database(path))
        if store._db.read_only is None:
            store._forget(token=None)
        return store

    @property
    def path(self) -> Path:
        """The database file."""
        return self._db.path

    @property
    def database(self) -> Database:
        """The open file (engine, journal mode, migration facts)."""
        return self._db

    def close(self) -> None:
        """Release the file. Undo can no longer bring back what this Store deleted: those
        undo entries go first, and the -wal is scrubbed (retried for up to a second while
        another window reads; otherwise the next window or command does it)."""
        if self._deleted_here and not self._closed and self._db.read_only is None:
            self._forget(token=self._token, patience=1.0)
        with self._watch_lock:  # never while data_version() uses it: that crashes SQLite
            self._closed = True
            if self._watch is not None:
                self._watch.close()
                self._watch = None
        self._db.close()

    def _forget(self, *, token: str | None, patience: float = 0.0) -> None:
        """Remove the undo entries of deletes (this Store's, or those of processes that are
        gone) and scrub the -wal if a delete asked for it. Never fails: a full disk or a
        lock held too long leaves the work to the next open."""
        from . import erasure
        from .errors import StoreError

        try:
            # Most opens find nothing to do: one look at the log, no write lock, no scrub.
            with explained(self.path), self._db.engine.connect() as conn:
                due = erasure.undo_entries_to_forget(conn, token=token)
                scrub = erasure.scrub_due(conn.connection.driver_connection)
            if due:
                with self._write() as session:
                    erasure.forget_undo_entries(session.connection(), token=token)
            if due or scrub:
                self.scrub_if_due(patience=patience)
        except (StoreError, OSError):
            pass

    def scrub_if_due(self, *, patience: float = 0.0) -> bool:
        """If a delete left earlier page images of words in the -wal (the file says so),
        checkpoint and truncate it now, trying for up to `patience` seconds while another
        reader holds it. Whether the -wal is clean. The dashboard calls this every second."""
        from . import erasure
        from .file.database import BUSY_TIMEOUT_MS

        if self._db.read_only is not None:
            return True
        with explained(self.path), self._db.engine.connect() as conn:
            raw = conn.connection.driver_connection
            if not erasure.scrub_due(raw):
                return True
            return erasure.scrub_with_retries(raw, BUSY_TIMEOUT_MS, seconds=patience)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- sessions ------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One user action: BEGIN IMMEDIATE … COMMIT (or ROLLBACK on any error). A full
        disk, a read-only file, a damaged page: a StoreError that says so."""
        if self._db.read_only is not None:  # said before SQLite is asked (root would succeed)
            from .file.location import read_only_message

            raise StorageFailure(read_only_message(self._db.read_only))
        with (explained(self.path),
              Session(self._db.writer, expire_on_commit=False) as session,
              session.begin()):
            yield session
        self.writes += 1  # committed

    @contextmanager
    def raw_write(self) -> Iterator[Any]:
        """One write transaction on the DB-API connection (store/sync writes plain SQL)."""
        with self._write() as session:
            yield session.connection().connection.driver_connection

    def forget_later(self) -> None:
        """Something left the file for good (sync's document after a delete): scrub the -wal
        when this Store closes, as after a delete made here (see `erasure`)."""
        self._deleted_here = True

    def sync_glance(self) -> tuple[bool, str | None, int]:
        """Whether this hunt syncs, with which folder, and how many changes wait to be sent
        (one indexed look; the dashboard asks every few seconds)."""
        with self.raw_read() as conn:
            enabled, folder = conn.execute(
                "SELECT enabled, folder FROM sync_state WHERE id = 1").fetchone()
            pending = conn.execute("SELECT EXISTS (SELECT 1 FROM sync_outbox)").fetchone()[0]
        return bool(enabled), folder, int(pending)

    @contextmanager
    def raw_read(self) -> Iterator[Any]:
        """A short read transaction on the DB-API connection."""
        with self._read() as session:
            yield session.connection().connection.driver_connection

    @contextmanager
    def _read(self) -> Iterator[Session]:
        """A short read transaction, closed before returning."""
        with explained(self.path), Session(self._db.engine) as session:
            yield session

    # --- applications --------------------------------------------------------------------

    def add_application(
        self,
        company: str,
        role: str,
        *,
        applied_at: datetime | None = None,
        stage: str = "applied",
        source: str = "",
        location: str = "",
        url: str = "",
        notes: str = "",
        note: str = "",
    ) -> ApplicationRecord:
        """A new application and its first event(s), committed together.

        `stage` saved records only `saved`; any other stage records `applied` at `applied_at`
        (now by default) and, when different, that stage at the same instant.
        """
        if not company.strip():
            raise InvalidInput("company is empty; give the company's name")
        if not role.strip():
            raise InvalidInput("role is empty; give the job title")
        check_text({"company": company, "role": role, "source": source, "location": location,
                    "url": url, "notes": notes, "note": note})
        stage = self._stage(stage)
        at = aware(applied_at, "applied_at") if applied_at else utc_now()
        stages = ["saved"] if stage == "saved" else (
            ["applied"] + ([stage] if stage != "applied" else []))
        now = utc_now()
        summary = summary_columns(0, company, [(name, at, key) for key, name in enumerate(stages)])
        with self._write() as session:
            row = Application(
                company=company, role=role, source=source, location=location, url=url,
                notes=notes, created_at=now, updated_at=now, **summary,
                search_text=search_text({"company": company, "role": role, "source": source,
                                         "location": location, "notes": notes}),
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            for index, name in enumerate(stages):
                session.add(StageEvent(application_id=row.id, stage=name, at=at,
                                       note=note if index == len(stages) - 1 else ""))
            self._log(session, "add", f"added {label(company, role)}", {"application_id": row.id})
            return ApplicationRecord.from_row(row)

    def edit_application(self, application_id: int, **changes: Any) -> ApplicationRecord:
        """Change some of company, role, source, location, url, notes, follow_up_on."""
        unknown = set(changes) - set(APPLICATION_FIELDS)
        if unknown:
            raise InvalidInput(f"cannot edit {', '.join(sorted(unknown))}")
        if "company" in changes and not str(changes["company"]).strip():
            raise InvalidInput("company is empty; give the company's name")
        if "role" in changes and not str(changes["role"]).strip():
            raise InvalidInput("role is empty; give the job title")
        check_text(changes)
        with self._write() as session:
            row = self._application(session, application_id)
            before = {name: getattr(row, name) for name in changes}
            if all(before[name] == value for name, value in changes.items()):
                return ApplicationRecord.from_row(row)
            for name, value in changes.items():
                setattr(row, name, value)
            row.search_text = search_text(row)
            row.updated_at = utc_now()
            self._log(
                session, "edit", f"edited {label(row.company, row.role)}",
                {"application_id": application_id, "before": jsonable(before)},
            )
            session.flush()
            return ApplicationRecord.from_row(row)

    def delete_application(self, application_id: int) -> ApplicationRecord:
        """Delete an application and its history (undo brings both back). Reflections about
        it stay, no longer linked."""
        from .journal_models import Reflection

        with self._write() as session:
            row = self._application(session, application_id)
            record = ApplicationRecord.from_row(row)
            events = session.execute(
                select(StageEvent.__table__).where(StageEvent.application_id == application_id)
            ).all()
            reflection_ids = list(session.execute(
                select(Reflection.id).where(Reflection.application_id == application_id)
            ).scalars())
            from .erasure import owner_mark

            payload = {
                "application": jsonable({c: getattr(row, c) for c in columns(Application)}),
                "events": [jsonable(dict(e._mapping)) for e in events],
                "reflections": reflection_ids,
                "owner": owner_mark(self._token),  # undo may bring it back while we run
                "planning": planning_rows(session, application_id),
            }
            session.delete(row)
            self._log(session, "delete", f"deleted {label(record.company, record.role)}", payload)
            self._deleted_here = True
            return record

    def move(
        self,
        application_id: int,
        stage: str,
        *,
        at: datetime | None = None,
        note: str = "",
    ) -> EventRecord:
        """Record that an application reached `stage` at `at` (now by default)."""
        stage = self._stage(stage)
        check_text({"note": note})
        when = aware(at, "at") if at else utc_now()
        with self._write() as session:
            row = self._application(session, application_id)
            if row.stage == stage:
                raise InvalidInput(f"{row.company} is already at {stage}")
            if to_stored(when) < to_stored(row.last_activity_at):
                raise InvalidInput(
                    f"{row.company}'s last event ({row.stage}) is on "
                    f"{row.last_activity_at.astimezone().date().isoformat()}; "
                    "a move cannot be dated before it"
                )
            event = StageEvent(application_id=application_id, stage=stage, at=when, note=note)
            session.add(event)
            session.flush()
            self._refresh(session, application_id)
            self._log(session, "move", f"moved {row.company} to {stage}",
                      {"application_id": application_id, "event_id": event.id})
            return EventRecord.from_row(event)

    def set_applied_at(self, application_id: int, at: datetime) -> ApplicationRecord:
        """Change when an application was sent: its applied step (or its first step when it
        has none) moves to `at`, never after the step that follows it nor before the one
        before it, never in the future. One change; `undo` takes it back."""
        when = aware(at, "applied_at")
        if when > utc_now():
            raise InvalidInput(f"{when.date().isoformat()} is in the future; give the day it "
                               "was sent")
        with self._write() as session:
            row = self._application(session, application_id)
            events = list(session.execute(
                select(StageEvent).where(StageEvent.application_id == application_id)
                .order_by(StageEvent.at, StageEvent.id)).scalars())
            target = next((e for e in events if e.stage == "applied"), events[0])
            index = events.index(target)
            for neighbour, later in ((events[index - 1] if index else None, False),
                                     (events[index + 1] if index + 1 < len(events) else None,
                                      True)):
                if neighbour is not None and (to_stored(when) > to_stored(neighbour.at)
                                              if later else
                                              to_stored(when) < to_stored(neighbour.at)):
                    day = neighbour.at.astimezone().date().isoformat()
                    raise InvalidInput(
                        f"{row.company} was {neighbour.stage} on {day}; the day it was sent "
                        f"must be {'on or before' if later else 'on or after'} that")
            before = {"event_id": target.id, "at": to_stored(target.at), "dated": target.dated}
            target.at, target.dated = when, True
            session.flush()
            self._refresh(session, application_id)
            self._log(session, "redate", f"changed when {label(row.company, row.role)} was "
                      "sent", {"application_id": application_id, "before": before})
            return ApplicationRecord.from_row(row)

    def undo(self) -> UndoResult | None:
        """Take back the most recent change (add, edit, delete, move); None if there is none."""
        from .journal_models import Reflection

        with self._write() as session:
            change = session.execute(
                select(Change).order_by(Change.id.desc()).limit(1)
            ).scalar_one_or_none()
            if change is None:
                return None
            payload = change.payload
            app_id: int | None = payload.get("application_id")
            if undo_planning(session, change.action, payload):
                pass
            elif change.action == "import":
                from .interchange import undo_import

                undo_import(session, payload)
            elif change.action == "add":
                session.execute(delete(Application).where(Application.id == app_id))
            elif change.action == "edit":
                values = from_jsonable(Application, payload["before"])
                values["updated_at"] = utc_now()
                session.execute(update(Application).where(Application.id == app_id).values(values))
                restored = session.execute(
                    select(Application.__table__).where(Application.id == app_id)).one()
                session.execute(update(Application).where(Application.id == app_id).values(
                    search_text=search_text(dict(restored._mapping))))
            elif change.action == "move":
                session.execute(delete(StageEvent).where(StageEvent.id == payload["event_id"]))
                self._refresh(session, app_id)
            elif change.action == "redate":
                from .instants import from_stored

                before = payload["before"]
                session.execute(update(StageEvent).where(StageEvent.id == before["event_id"])
                                .values(at=from_stored(before["at"]), dated=before["dated"]))
                self._refresh(session, app_id)
            elif change.action == "delete":
                application = from_jsonable(Application, payload["application"])
                app_id = application["id"]
                session.execute(insert(Application.__table__).values(application))
                if payload["events"]:
                    session.execute(insert(StageEvent.__table__),
                                    [from_jsonable(StageEvent, e) for e in payload["events"]])
                restore_planning(session, payload.get("planning", {}))
                if payload["reflections"]:
                    session.execute(
                        update(Reflection)
                        .where(Reflection.id.in_(payload["reflections"]))
                        .values(application_id=app_id)
                    )
            session.delete(change)
            return UndoResult(change.action, change.summary, app_id)

    def undo_summary(self) -> str | None:
        """What `undo` would take back next, or None."""
        with self._read() as session:
            return session.execute(
                select(Change.summary).order_by(Change.id.desc()).limit(1)
            ).scalar_one_or_none()

    def get_application(self, application_id: int) -> ApplicationDetail:
        """An application with its full history."""
        with self._read() as session:
            row = self._application(session, application_id)
            events = tuple(
                EventRecord.from_row(e)
                for e in session.execute(
                    select(StageEvent.__table__)
                    .where(StageEvent.application_id == application_id)
                    .order_by(StageEvent.at, StageEvent.id)
                ).all()
            )
            return ApplicationDetail(
                ApplicationRecord.from_row(row), events, furthest_stage([e.stage for e in events])
            )

    def list_applications(
        self,
        *,
        stage: str | None = None,
        view: str = "all",
        search: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ApplicationRecord]:
        """Applications, active first and most recent activity on top, closed ones after.

        `view` is all / active / offers / closed; `search` matches company, role, source,
        location and notes, ignoring case.
        """
        sql, params = pipeline_query.page_sql(self._stage(stage) if stage else None, view,
                                              search, limit=limit, offset=offset)
        with self._read() as session:
            rows = session.connection().exec_driver_sql(sql, tuple(params)).all()
        return [pipeline_query.record(row) for row in rows]

    def backup_before_a_big_change(self) -> Path | None:
        """A backup before a change of many rows (an import), when there is something to
        lose and the file may be written (on one that may not, the change is refused
        anyway, and nothing is made beside it)."""
        if self._db.read_only is not None or not self.count_applications():
            return None
        return self.backup()

    def furthest_stages(self) -> dict[int, str]:
        """Each application's furthest stage reached on the forward path ("" for none)."""
        with self._read() as session:
            rows = session.connection().exec_driver_sql(
                "SELECT id, furthest_stage FROM applications").all()
        return {app_id: furthest or "" for app_id, furthest in rows}

    def count_applications(
        self, *, stage: str | None = None, view: str = "all", search: str | None = None
    ) -> int:
        """How many applications `list_applications` would return without a limit."""
        sql, params = pipeline_query.count_sql(self._stage(stage) if stage else None, view,
                                               search)
        with self._read() as session:
            return int(session.connection().exec_driver_sql(sql, tuple(params)).scalar_one())

    def data_version(self) -> int:
        """A number that changes whenever another connection (another window, a CLI command)
        commits to the file: `PRAGMA data_version` on a connection kept for this alone."""
        import sqlite3

        with explained(self.path), self._watch_lock:
            if self._closed:  # a poll that outlived close(): nothing new to report
                return self._last_version
            if self._watch is None:
                from .file.location import sqlite_uri

                uri = sqlite_uri(self.path, read_only=self._db.read_only is not None,
                                 wal_pages=self._db.wal_pages)
                self._watch = sqlite3.connect(uri, uri=True, isolation_level=None,
                                              check_same_thread=False)
            self._last_version = int(self._watch.execute("PRAGMA data_version").fetchone()[0])
            return self._last_version

    # --- backups -------------------------------------------------------------------------

    def backup(self, dest: Path | str | None = None) -> Path:
        """A consistent, verified 0600 copy; by default in `backups/` beside the database."""
        chosen = Path(dest).expanduser() if dest else None
        source = {"read_only": self._db.read_only is not None, "wal_pages": self._db.wal_pages}
        if chosen is not None and not chosen.is_dir():
            return backup_database(self.path, chosen, **source)
        return backup_database(self.path, default_backup_path(self.path, folder=chosen),
                               next_free_name=True, **source)

    # --- internals -----------------------------------------------------------------------

    @staticmethod
    def _stage(stage: str) -> str:
        try:
            return normalise_stage(stage)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None

    @staticmethod
    def _get(session: Session, model: type, key: int, what: str) -> Any:
        row = session.get(model, key) if valid_id(key) else None
        if row is None:
            raise NotFound(f"no {what} with id {key}")
        return row

    def _application(self, session: Session, application_id: int) -> Application:
        row = session.get(Application, application_id) if valid_id(application_id) else None
        if row is None:
            raise NotFound(f"no application with id {application_id}; `bounceback list` shows ids")
        return row

    @staticmethod
    def _refresh(session: Session, application_id: int | None, *, touch: bool = True) -> None:
        """Rewrite the columns of an application's row that repeat its events (stage,
        instants, outcome, furthest stage, answered)."""
        company = session.execute(
            select(Application.company).where(Application.id == application_id)
        ).scalar_one()
        events = session.execute(
            select(StageEvent.stage, StageEvent.at, StageEvent.id, StageEvent.dated)
            .where(StageEvent.application_id == application_id)
        ).all()
        if not events:
            return
        values = summary_columns(application_id or 0, company, [tuple(e) for e in events])
        if touch:
            values["updated_at"] = utc_now()
        session.execute(update(Application).where(Application.id == application_id).values(values))

    @staticmethod
    def _log(session: Session, action: str, summary: str, payload: dict[str, Any]) -> None:
        session.add(Change(at=utc_now(), action=action, summary=summary, payload=payload))
        session.flush()
        session.execute(
            delete(Change).where(
                Change.id <= select(func.max(Change.id) - UNDO_DEPTH).scalar_subquery()
            )
        )
