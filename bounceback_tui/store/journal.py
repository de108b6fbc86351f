"""Reflections, wins and growth actions: the person's own words. A part of `Store` (it
inherits `JournalStore`); each write is one transaction. Deleting one leaves none of its
words on disk (`erasure`)."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from .errors import Conflict, InvalidInput
from .records import ACTION_KINDS, REFLECTION_STATUSES, ActionRecord, ReflectionRecord, WinRecord
from .values import aware, check_answers, check_text, utc_now

if TYPE_CHECKING:
    from sqlmodel import Session

    from .models import Application


class JournalStore:
    """The journal part of `Store` (which provides `_write`, `_read`, `_get`, `_application`
    and `scrub_if_due`)."""

    if TYPE_CHECKING:
        def _write(self) -> AbstractContextManager[Session]: ...
        def _read(self) -> AbstractContextManager[Session]: ...
        @staticmethod
        def _get(session: Session, model: type, key: int, what: str) -> Any: ...
        def _application(self, session: Session, application_id: int) -> Application: ...
        def scrub_if_due(self, *, patience: float = 0.0) -> bool: ...

    # --- reflections ---------------------------------------------------------------------

    def save_reflection(
        self,
        answers: Mapping[str, Any],
        *,
        reflection_id: int | None = None,
        application_id: int | None = None,
        status: str = "draft",
        expected_revision: int | None = None,
    ) -> ReflectionRecord:
        """Create or update a reflection. `status="saved"` marks it saved (for good: a saved
        reflection never goes back to draft). With `expected_revision`, a reflection changed
        by someone else since raises Conflict instead of being overwritten.

        A saved reflection with a commitment keeps one growth action in step with it.
        """
        from .journal_models import Reflection

        if status not in REFLECTION_STATUSES:
            raise InvalidInput(f"unknown status {status!r}; use draft or saved")
        values = check_answers(answers)
        check_text(values)
        check_text({f"{k} word": w for k in ("feelings", "reasons", "mismatches")
                    for w in values.get(k, [])})
        now = utc_now()
        with self._write() as session:
            if application_id is not None:
                self._application(session, application_id)
            if reflection_id is None:
                row = Reflection(application_id=application_id, status=status, revision=1,
                                 created_at=now, updated_at=now,
                                 saved_at=now if status == "saved" else None, **values)
                session.add(row)
            else:
                row = self._get(session, Reflection, reflection_id, "reflection")
                if expected_revision is not None and row.revision != expected_revision:
                    raise Conflict(
                        f"reflection {reflection_id} was changed elsewhere since it was opened "
                        f"(revision {row.revision}, not {expected_revision})"
                    )
                for name, value in values.items():
                    setattr(row, name, value)
                if application_id is not None:
                    row.application_id = application_id
                if status == "saved" and row.status != "saved":
                    row.status = "saved"
                    row.saved_at = now
                row.revision += 1
                row.updated_at = now
            session.flush()
            if row.status == "saved":
                self._sync_commitment(session, row)
            return ReflectionRecord.from_row(row)

    def _sync_commitment(self, session: Session, row: Any) -> None:
        from .journal_models import GrowthAction

        action = session.execute(
            select(GrowthAction).where(GrowthAction.reflection_id == row.id)
        ).scalar_one_or_none()
        if not row.commitment_text.strip():
            return
        if action is None:
            session.add(GrowthAction(created_at=utc_now(), text=row.commitment_text,
                                     kind=row.commitment_kind or "other",
                                     due_on=row.commitment_due, reflection_id=row.id))
        else:
            action.text = row.commitment_text
            action.kind = row.commitment_kind or "other"
            action.due_on = row.commitment_due

    def get_reflection(self, reflection_id: int) -> ReflectionRecord:
        """One reflection."""
        from .journal_models import Reflection

        with self._read() as session:
            return ReflectionRecord.from_row(
                self._get(session, Reflection, reflection_id, "reflection"))

    def list_reflections(self, *, status: str | None = None) -> list[ReflectionRecord]:
        """Reflections, most recently changed first."""
        from .journal_models import Reflection

        query = select(Reflection.__table__)
        if status:
            query = query.where(Reflection.status == status)
        query = query.order_by(Reflection.updated_at.desc(), Reflection.id.desc())
        with self._read() as session:
            return [ReflectionRecord.from_row(r) for r in session.execute(query).all()]

    def delete_reflection(self, reflection_id: int) -> None:
        """Delete a reflection (its growth action stays), leaving none of its words on disk:
        secure_delete zeroes the row's pages, and the -wal, which holds earlier images of
        them (every draft save wrote one), is scrubbed now or, while another window reads,
        as soon as it lets go (see `erasure`)."""
        from .journal_models import Reflection

        self._delete_private(Reflection, reflection_id, "reflection")

    def _delete_private(self, model: Any, key: int, what: str) -> None:
        from .erasure import mark_scrub_due

        with self._write() as session:
            session.delete(self._get(session, model, key, what))
            mark_scrub_due(session.connection())
        self.scrub_if_due()

    # --- wins and growth actions ---------------------------------------------------------

    def add_win(self, text: str, *, at: datetime | None = None, kind: str = "") -> WinRecord:
        """Log a win (it counts as a job-hunt action)."""
        from .journal_models import Win

        if not text.strip():
            raise InvalidInput("the win is empty; write what went well")
        check_text({"win": text, "kind": kind})
        with self._write() as session:
            row = Win(at=aware(at, "at") if at else utc_now(), text=text, kind=kind)
            session.add(row)
            session.flush()
            return WinRecord.from_row(row)

    def list_wins(self, *, limit: int | None = None) -> list[WinRecord]:
        """Wins, newest first."""
        from .journal_models import Win

        query = select(Win.__table__).order_by(Win.at.desc(), Win.id.desc()).limit(limit)
        with self._read() as session:
            return [WinRecord.from_row(r) for r in session.execute(query).all()]

    def delete_win(self, win_id: int) -> None:
        """Delete a win, leaving none of its words on disk (as `delete_reflection`)."""
        from .journal_models import Win

        self._delete_private(Win, win_id, "win")

    def add_action(
        self,
        text: str,
        *,
        kind: str = "other",
        due_on: date | None = None,
        reflection_id: int | None = None,
    ) -> ActionRecord:
        """Commit to a growth action."""
        from .journal_models import GrowthAction

        if not text.strip():
            raise InvalidInput("the action is empty; write what you will do")
        check_text({"action": text})
        if kind not in ACTION_KINDS:
            raise InvalidInput(f"unknown kind {kind!r}; use one of: {', '.join(ACTION_KINDS)}")
        with self._write() as session:
            row = GrowthAction(created_at=utc_now(), text=text, kind=kind, due_on=due_on,
                               reflection_id=reflection_id)
            session.add(row)
            session.flush()
            return ActionRecord.from_row(row)

    def complete_action(self, action_id: int, *, at: datetime | None = None) -> ActionRecord:
        """Mark an action done (the day it was done counts as a job-hunt action)."""
        from .journal_models import GrowthAction

        with self._write() as session:
            row = self._get(session, GrowthAction, action_id, "action")
            row.done_at = aware(at, "at") if at else utc_now()
            session.flush()
            return ActionRecord.from_row(row)

    def reopen_action(self, action_id: int) -> ActionRecord:
        """Mark a done action as not done."""
        from .journal_models import GrowthAction

        with self._write() as session:
            row = self._get(session, GrowthAction, action_id, "action")
            row.done_at = None
            session.flush()
            return ActionRecord.from_row(row)

    def list_actions(self, *, open_only: bool = False) -> list[ActionRecord]:
        """Growth actions: open ones first by due day (undated last), then done ones."""
        from .journal_models import GrowthAction

        table = GrowthAction.__table__
        query = select(table)
        if open_only:
            query = query.where(table.c.done_at.is_(None))
        query = query.order_by(
            table.c.done_at.is_not(None), table.c.due_on.is_(None), table.c.due_on, table.c.id
        )
        with self._read() as session:
            return [ActionRecord.from_row(r) for r in session.execute(query).all()]

    def delete_action(self, action_id: int) -> None:
        """Delete a growth action, leaving none of its words on disk (as
        `delete_reflection`)."""
        from .journal_models import GrowthAction

        self._delete_private(GrowthAction, action_id, "action")

