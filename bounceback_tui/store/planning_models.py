"""The week's tables (issue 14): interviews, people, and what an application says about pay,
the posting, its deadline, excitement and tags. Imported where they are used, not at CLI
start. The details live beside `applications`, not in it: a pasted posting can be long, and
the pipeline reads applications by the page."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from .models import Application  # noqa: F401  (they reference applications)
from .types import Instant


def _application_id() -> Any:
    return Field(sa_column=Column(
        Integer, ForeignKey("applications.id", ondelete="CASCADE"), nullable=False))


class Interview(SQLModel, table=True):
    """One interview of an application; a take-home has a due instant instead of a start."""

    __tablename__ = "interviews"
    __table_args__ = (
        Index("ix_interviews_application_id", "application_id"),
        Index("ix_interviews_starts_at", "starts_at"),
        Index("ix_interviews_due_at", "due_at"),
        Index("ux_interviews_uid", "uid", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = _application_id()
    kind: str
    starts_at: datetime | None = Field(default=None, sa_type=Instant, nullable=True)
    due_at: datetime | None = Field(default=None, sa_type=Instant, nullable=True)
    minutes: int | None = None
    with_text: str = ""
    place: str = ""
    notes: str = ""
    how_it_went: str = ""
    created_at: datetime = Field(sa_type=Instant, nullable=False)
    updated_at: datetime = Field(sa_type=Instant, nullable=False)
    uid: str | None = Field(default=None)
    """Stable across machines (sync, migration 0008): given by a trigger when a row is made."""


class Contact(SQLModel, table=True):
    """A person of the hunt."""

    __tablename__ = "contacts"
    __table_args__ = (Index("ux_contacts_uid", "uid", unique=True),
                      {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    name: str
    title: str = ""
    company: str = ""
    email: str = ""
    phone: str = ""
    link: str = ""
    notes: str = ""
    created_at: datetime = Field(sa_type=Instant, nullable=False)
    updated_at: datetime = Field(sa_type=Instant, nullable=False)
    uid: str | None = Field(default=None)
    """Stable across machines (sync, migration 0008): given by a trigger when a row is made."""


class ApplicationContact(SQLModel, table=True):
    """A person's part in an application (recruiter, hiring manager, referrer, …)."""

    __tablename__ = "application_contacts"
    __table_args__ = (
        UniqueConstraint("application_id", "contact_id", "part"),
        Index("ix_application_contacts_contact_id", "contact_id"),
        Index("ux_application_contacts_uid", "uid", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = _application_id()
    contact_id: int = Field(sa_column=Column(
        Integer, ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False))
    part: str
    uid: str | None = Field(default=None)
    """Stable across machines (sync, migration 0008): given by a trigger when a row is made."""


class InterviewContact(SQLModel, table=True):
    """A person an interview is with."""

    __tablename__ = "interview_contacts"
    __table_args__ = (UniqueConstraint("interview_id", "contact_id"),
                      Index("ux_interview_contacts_uid", "uid", unique=True),
                      {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(sa_column=Column(
        Integer, ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False))
    contact_id: int = Field(sa_column=Column(
        Integer, ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False))
    uid: str | None = Field(default=None)
    """Stable across machines (sync, migration 0008): given by a trigger when a row is made."""


class ApplicationDetails(SQLModel, table=True):
    """Pay, the posting, the deadline, excitement and tags of one application."""

    __tablename__ = "application_details"
    __table_args__ = (Index("ix_application_details_deadline_on", "deadline_on"),
                      Index("ux_application_details_uid", "uid", unique=True))

    application_id: int = Field(sa_column=Column(
        Integer, ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True))
    pay_text: str = ""
    pay_min: int | None = None
    pay_max: int | None = None
    pay_currency: str = ""
    pay_period: str = ""
    posting: str = ""
    deadline_on: date | None = None
    excitement: int | None = None
    tags: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    uid: str | None = Field(default=None)
    """Stable across machines (sync, migration 0008): given by a trigger when a row is made."""
