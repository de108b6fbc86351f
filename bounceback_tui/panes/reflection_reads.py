"""What the Reflection pane reads, each in one worker call through the store bridge: the
journal's lists (and the mark they match), and what the form shows beside the questions.
Plain functions of a `Store`; nothing here touches a widget."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date

    from ..store import Store
    from ..store.records import ActionRecord, ApplicationRecord, ReflectionRecord, WinRecord
    from ..widgets.reflection_form import FormContext

LIST_LIMIT = 50
"""Past reflections and wins listed in the pane (newest first)."""


@dataclass(frozen=True)
class Journal:
    """What the pane lists, read in one worker call."""

    reflections: tuple[tuple[ReflectionRecord, str], ...]
    """Newest first, each with a label for its application ("" when free-standing)."""
    more_reflections: int
    actions: tuple[ActionRecord, ...]
    wins: tuple[WinRecord, ...]
    today: date


def read_journal(store: Store, today: date) -> Journal:
    """The pane's lists (runs in a worker)."""
    from ..store.errors import NotFound

    reflections = store.list_reflections()
    labelled = []
    names: dict[int, str] = {}
    for record in reflections[:LIST_LIMIT]:
        label = ""
        if record.application_id is not None:
            if record.application_id not in names:
                try:
                    app = store.get_application(record.application_id).application
                    names[record.application_id] = f"{app.company} — {app.role}"
                except NotFound:
                    names[record.application_id] = ""
            label = names[record.application_id]
        labelled.append((record, label))
    return Journal(tuple(labelled), max(0, len(reflections) - LIST_LIMIT),
                   tuple(store.list_actions(open_only=True)),
                   tuple(store.list_wins(limit=LIST_LIMIT)), today)


def labelled_ids(journal: Journal) -> list[int]:
    """The applications whose names the list shows (beside their reflections)."""
    return [r.application_id for r, _ in journal.reflections if r.application_id is not None]


def read_marked(store: Store, today: date) -> tuple[Any, Journal]:
    """The pane's lists and the `Store.journal_mark` they match, for the names this very
    journal shows (a mark for other names made the first change after start read it all
    again). The tables' part is read first: a change made meanwhile reads again."""
    before = store.journal_mark()
    journal = read_journal(store, today)
    after = store.journal_mark(labelled_ids(journal))
    return (after if after[:-1] == before[:-1] else before), journal


def read_context(store: Store, application: ApplicationRecord | None,
                 outcome: str | None, *, gentle: bool = False) -> FormContext:
    """What the form shows beside the questions (runs in a worker)."""
    from ..domain.rejection_patterns import describe
    from ..widgets.reflection_form import FormContext

    stats = store.stats()
    return FormContext(
        application=application, outcome=outcome,
        patterns=tuple(describe(store.rejection_patterns())),
        bounced_back=stats.bounce_back.samples, median_days=stats.bounce_back.median_days,
        wins=tuple(store.list_wins(limit=LIST_LIMIT)), gentle=gentle,
        people=_people_first(store.list_contacts(application_id=application.id), application.id)
        if application is not None else (),
    )


PARTS_FIRST = ("recruiter", "hiring manager", "interviewer", "referrer", "other")
"""Who a feedback request goes to first: the recruiter, then the hiring manager…"""


def _people_first(people: list[Any], application_id: int) -> tuple[Any, ...]:
    """The application's people, the likeliest to answer a feedback request first."""

    def rank(person: Any) -> int:
        parts = [part for app_id, part in person.parts if app_id == application_id]
        return min((PARTS_FIRST.index(p) for p in parts if p in PARTS_FIRST),
                   default=len(PARTS_FIRST))

    return tuple(sorted(people, key=rank))
