"""Plain, frozen values the service hands out. Nothing here is bound to a session."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, ClassVar, Self

REFLECTION_ANSWERS: tuple[str, ...] = (
    "feelings",
    "mood_before",
    "reasons",
    "reasons_text",
    "feedback_status",
    "feedback_text",
    "went_well",
    "do_differently",
    "taught_me",
    "mismatches",
    "alignment_text",
    "direction_text",
    "commitment_text",
    "commitment_kind",
    "commitment_due",
    "next_step",
    "mood_after",
)
"""The answers of a reflection, step by step (PRODUCT.md, "The reflection method")."""

FEEDBACK_STATUSES = ("not asked", "asked", "received", "declined")
ACTION_KINDS = ("skill", "résumé/portfolio", "freelance/volunteer", "network", "other")
INTERVIEW_KINDS = ("phone screen", "video", "technical", "take-home", "onsite", "panel",
                   "final", "other")
"""What an interview can be (issue 14); a take-home has a due time instead of a start."""
CONTACT_PARTS = ("recruiter", "hiring manager", "referrer", "interviewer", "other")
"""A person's part in an application (issue 14)."""
REFLECTION_STATUSES = ("draft", "saved")


class _Record:
    """Builds a frozen record from an ORM object or a Core row (lists become tuples)."""

    READ_ELSEWHERE: ClassVar[frozenset[str]] = frozenset()
    """Fields that are not columns of the row (left at their defaults)."""

    @classmethod
    def from_row(cls, row: Any) -> Self:
        """From an ORM object or a Core row."""
        mapping = row._mapping if hasattr(row, "_mapping") else None
        values = {}
        for f in fields(cls):  # type: ignore[arg-type]
            if f.name in cls.READ_ELSEWHERE:
                continue  # not a column: its default
            value = mapping[f.name] if mapping is not None else getattr(row, f.name)
            if isinstance(value, list):
                value = tuple(value)
            values[f.name] = value
        return cls(**values)


@dataclass(frozen=True)
class ApplicationRecord(_Record):
    """An application as the dashboard and the CLI see it."""

    READ_ELSEWHERE: ClassVar[frozenset[str]] = frozenset({"next_interview",
                                                          "unnoted_interview"})

    id: int
    company: str
    role: str
    source: str
    location: str
    url: str
    notes: str
    stage: str
    applied_at: datetime | None
    last_activity_at: datetime
    follow_up_on: date | None
    created_at: datetime
    updated_at: datetime
    stage_dated: bool = True
    """Whether the current stage's date is known (an import may give a stage and no date):
    an application whose stage date is unknown gets no quiet / "ghosted?" marker."""
    next_interview: tuple[datetime, str] | None = None
    """The next interview's (start or a take-home's due instant, kind), when the pipeline
    reader was asked for it (the dashboard's table)."""
    unnoted_interview: tuple[datetime, int | None] | None = None
    """The last interview already started without a note on how it went, of the last day:
    (start, minutes); also only from the pipeline reader."""


@dataclass(frozen=True)
class EventRecord(_Record):
    """One stage event."""

    id: int
    application_id: int
    stage: str
    at: datetime
    note: str
    dated: bool = True
    """False when the date is unknown: `at` is then only its place (the step before's)."""


@dataclass(frozen=True)
class ApplicationDetail:
    """An application with its full history, oldest event first."""

    application: ApplicationRecord
    events: tuple[EventRecord, ...]
    furthest_stage: str | None


@dataclass(frozen=True)
class ReflectionRecord(_Record):
    """A reflection with every answer."""

    id: int
    application_id: int | None
    status: str
    revision: int
    created_at: datetime
    updated_at: datetime
    saved_at: datetime | None
    feelings: tuple[str, ...]
    mood_before: int | None
    reasons: tuple[str, ...]
    reasons_text: str
    feedback_status: str
    feedback_text: str
    went_well: str
    do_differently: str
    taught_me: str
    mismatches: tuple[str, ...]
    alignment_text: str
    direction_text: str
    commitment_text: str
    commitment_kind: str
    commitment_due: date | None
    next_step: str
    mood_after: int | None

    @property
    def untouched(self) -> bool:
        """Nothing answered yet: a reflection kept for later ("when you are ready")."""
        return all(value in (None, "", [], "not asked")
                   for value in self.answers().values())

    def answers(self) -> dict[str, Any]:
        """The answers only, as a dict (lists for the multi-choice steps)."""
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name in REFLECTION_ANSWERS
            for value in [getattr(self, name)]
        }


@dataclass(frozen=True)
class WinRecord(_Record):
    """A logged win."""

    id: int
    at: datetime
    text: str
    kind: str


@dataclass(frozen=True)
class ActionRecord(_Record):
    """A growth action."""

    id: int
    created_at: datetime
    text: str
    kind: str
    due_on: date | None
    done_at: datetime | None
    reflection_id: int | None


@dataclass(frozen=True)
class PastOutcome:
    """An earlier "no" from a company: which application, when, and how far it got."""

    application_id: int
    company: str
    role: str
    stage: str
    at: datetime | None
    furthest_stage: str | None


@dataclass(frozen=True)
class UndoResult:
    """What `undo` took back."""

    action: str
    summary: str
    application_id: int | None
