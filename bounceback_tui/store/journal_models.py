"""The journal's tables: reflections, wins and growth actions (PRODUCT.md, "The reflection
method"). Imported where they are used, not at CLI start."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from .models import Application  # noqa: F401  (reflections reference applications)
from .types import Instant


class Reflection(SQLModel, table=True):
    """A guided reflection (PRODUCT.md, "The reflection method"), as a draft or saved."""

    __tablename__ = "reflections"
    __table_args__ = (
        Index("ix_reflections_status_updated_at", "status", "updated_at"),
        Index("ix_reflections_application_id", "application_id"),
        Index("ux_reflections_uid", "uid", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("applications.id", ondelete="SET NULL"), nullable=True
        ),
    )
    status: str = "draft"
    revision: int = 1
    created_at: datetime = Field(sa_type=Instant, nullable=False)
    updated_at: datetime = Field(sa_type=Instant, nullable=False)
    saved_at: datetime | None = Field(default=None, sa_type=Instant, nullable=True)
    feelings: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    mood_before: int | None = None
    reasons: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    reasons_text: str = ""
    feedback_status: str = "not asked"
    feedback_text: str = ""
    went_well: str = ""
    do_differently: str = ""
    taught_me: str = ""
    mismatches: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    alignment_text: str = ""
    direction_text: str = ""
    commitment_text: str = ""
    commitment_kind: str = ""
    commitment_due: date | None = None
    next_step: str = ""
    mood_after: int | None = None
    uid: str | None = Field(default=None)
    """Stable across machines (sync, migration 0007): given by a trigger when a row is made."""


class Win(SQLModel, table=True):
    """Something that went well: an achievement, kind words, progress."""

    __tablename__ = "wins"
    __table_args__ = (Index("ix_wins_at", "at"), Index("ux_wins_uid", "uid", unique=True),
                      {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=Instant, nullable=False)
    text: str
    kind: str = ""
    uid: str | None = Field(default=None)
    """Stable across machines (sync, migration 0007): given by a trigger when a row is made."""


class GrowthAction(SQLModel, table=True):
    """One concrete "keep building" step, with a due day; done when `done_at` is set."""

    __tablename__ = "growth_actions"
    __table_args__ = (
        Index("ix_growth_actions_done_at", "done_at"),
        Index("ix_growth_actions_due_on", "due_on"),
        Index("ux_growth_actions_uid", "uid", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(sa_type=Instant, nullable=False)
    text: str
    kind: str = "other"
    due_on: date | None = None
    done_at: datetime | None = Field(default=None, sa_type=Instant, nullable=True)
    reflection_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("reflections.id", ondelete="SET NULL"), nullable=True
        ),
    )
    uid: str | None = Field(default=None)
    """Stable across machines (sync, migration 0007): given by a trigger when a row is made."""
