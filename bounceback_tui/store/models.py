"""The pipeline's tables: applications, their stage events, and the undo log.
The journal's tables (reflections, wins, growth actions) are in `journal_models.py`, kept
apart so that quick commands like `bounceback add` do not pay to build them.
Shaped by PRODUCT.md; migrations in `migrations/versions` create them.

An application's `stage`, `applied_at`, `last_activity_at`, `outcome`, `outcome_at`,
`furthest_stage`, `responded` and `closed` repeat what its events say (`summary_columns`), and
`search_text` its searched fields (`search_text`); the service
rewrites them in the same transaction as every event change, so the dashboard can sort and
filter, and `stats` can count, without reading every history.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, text
from sqlmodel import Field, SQLModel

from ..domain.stages import CLOSED_STAGES
from .types import Instant

metadata = SQLModel.metadata


class Application(SQLModel, table=True):
    """One job application."""

    __tablename__ = "applications"
    __table_args__ = (
        Index("ix_applications_stage", "stage"),
        Index("ix_applications_last_activity_at", "last_activity_at"),
        Index("ix_applications_pipeline_order", "closed", text("last_activity_at DESC"),
              text("id DESC")),
        Index("ix_applications_outcome_at", "outcome", "outcome_at", "id"),
        Index("ux_applications_uid", "uid", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    company: str
    role: str
    source: str = ""
    location: str = ""
    url: str = ""
    notes: str = ""
    stage: str
    applied_at: datetime | None = Field(default=None, sa_type=Instant, nullable=True)
    last_activity_at: datetime = Field(sa_type=Instant, nullable=False)
    follow_up_on: date | None = None
    outcome: str | None = None
    outcome_at: datetime | None = Field(default=None, sa_type=Instant, nullable=True)
    furthest_stage: str | None = None
    responded: bool = False
    closed: bool = False
    stage_dated: bool = True
    """Whether the current stage's event is dated (an import may not say when it happened)."""
    outcome_dated: bool = True
    """Whether the outcome's event is dated (an undated no has no bounce-back time)."""
    search_text: str = ""
    created_at: datetime = Field(sa_type=Instant, nullable=False)
    updated_at: datetime = Field(sa_type=Instant, nullable=False)
    uid: str | None = Field(default=None)
    """Stable across machines (sync, migration 0007): given by a trigger when a row is made."""


class StageEvent(SQLModel, table=True):
    """An application reached a stage at an instant."""

    __tablename__ = "stage_events"
    __table_args__ = (
        Index("ix_stage_events_application_at", "application_id", "at"),
        Index("ix_stage_events_at", "at"),
        Index("ux_stage_events_uid", "uid", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("applications.id", ondelete="CASCADE"), nullable=False
        )
    )
    stage: str
    at: datetime = Field(sa_type=Instant, nullable=False)
    """When; for an event whose date is unknown, the application's latest dated instant
    before it (its place in the history)."""
    note: str = ""
    dated: bool = True
    """False when the date is unknown (an import gave the stage and no date): shown as
    "date unknown", left out of bounce-back times and the quiet / "ghosted?" markers."""
    uid: str | None = Field(default=None)
    """Stable across machines (sync, migration 0007): given by a trigger when a row is made."""


class ActivityTouch(SQLModel, table=True):
    """The earliest instant one write to an activity table touched, logged by triggers
    (migration 0003; the newest 256 are kept): how the header's streak knows, with one
    seek, whether the days before the recent ones can have changed."""

    __tablename__ = "activity_touches"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    at: str
    """Stored instant text (naive UTC), or '~' when the write touched no instant."""


class Change(SQLModel, table=True):
    """One user action that `undo` can take back: what it was and how to revert it."""

    __tablename__ = "changes"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=Instant, nullable=False)
    action: str
    summary: str
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, nullable=False)




def summary_columns(
    application_id: int, company: str, events: Iterable[tuple[Any, ...]]
) -> dict[str, Any]:
    """The columns of an application's row that repeat what its events (stage, instant, id,
    and optionally dated) say, computed by the same pure functions the metrics use."""
    from ..domain.metrics import ApplicationFacts, EventFact, summarise

    facts = ApplicationFacts(application_id, company, tuple(EventFact(*event) for event in events))
    summary = summarise(facts)
    history = facts.history
    return {
        "stage": summary.stage,
        "last_activity_at": history[-1].at,
        "applied_at": next((e.at for e in history if e.stage == "applied"), None),
        "outcome": summary.outcome,
        "outcome_at": summary.outcome_at,
        "furthest_stage": summary.furthest_stage,
        "responded": summary.responded,
        "closed": summary.stage in CLOSED_STAGES,
        "stage_dated": summary.stage_dated,
        "outcome_dated": summary.outcome_dated,
    }


SEARCHED_FIELDS = ("company", "role", "source", "location", "notes")
"""What the pipeline filter looks in."""


def search_text(values: Any) -> str:
    """The case-folded text the filter searches (kept on the row, so a keystroke at 10,000
    applications is one indexed-speed scan in SQLite, not a Python call per field)."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return "\x1f".join((get(name) or "").casefold() for name in SEARCHED_FIELDS)
