"""Every file the person asks for: the JSON, CSV and Markdown exports, the "From no to
next" story, and the streak chart. Rendered from the store's public API, written private
(0600) and whole (a temporary file, then a rename), and shared by the dashboard and the CLI.

User text in Markdown is escaped (`_md_inline`, `_md_paragraph`): it shows as written and
never becomes Markdown or HTML of its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .store.errors import InvalidInput, StorageFailure

if TYPE_CHECKING:
    from .store import Store

FORMATS = ("json", "csv", "markdown", "ics")
"""What `export` writes; the story is Markdown."""


def render(store: Store, fmt: str, *, story: bool = False,
           application_id: int | None = None) -> str:
    """The text of an export: `fmt` one of FORMATS; with `story`, the story of an offer."""
    from .store import interchange

    if story:
        return export_story_markdown(store, application_id)
    if fmt == "json":
        return json.dumps(interchange.export_document(store), ensure_ascii=False,
                          indent=2) + "\n"
    if fmt == "csv":
        return interchange.export_csv(store)
    if fmt == "ics":
        from .domain.dates import local_zone

        return export_ics(store, tz=local_zone())
    return export_markdown(store)


def write_new(path: Path, text: str, *, replace: bool = False) -> None:
    """Write `text` to `path`, readable only by its owner, whole or not at all; an existing
    file is replaced only with `replace` (FileExistsError otherwise). NotARegularFile and
    OSError as they come, for the caller to word."""
    from .private_files import write_private_text

    write_private_text(path, text, replace=replace)


def save_timestamped(folder: Path, stem: str, suffix: str, text: str, *,
                     what: str, now: Any = None) -> Path:
    """A new private file `stem-YYYYMMDD-HHmmss.suffix` in `folder` (made private when
    missing); a StorageFailure that says `what` could not be written."""
    import pendulum

    from .private_files import ensure_private_dir

    moment = now if now is not None else pendulum.now()
    target = folder / f"{stem}-{moment.format('YYYYMMDD-HHmmss')}{suffix}"
    try:
        ensure_private_dir(folder)
        write_new(target, text)
    except OSError as exc:
        raise StorageFailure(f"Could not write {what}: {exc.strerror or exc}") from None
    return target


def exports_folder(store: Store) -> Path:
    """`exports/` beside the database."""
    return store.path.parent / "exports"


def save_json(store: Store) -> Path:
    """Everything as JSON in exports/ beside the database."""
    return save_timestamped(exports_folder(store), "bounceback", ".json",
                            render(store, "json"), what="the export")


def save_story(store: Store, application_id: int | None,
               left_out: Iterable[int] = ()) -> Path:
    """The story of the run that ended at this offer, in exports/ (NoStory without one);
    `left_out`: the kept lines (by index) the person chose to leave out."""
    return save_timestamped(exports_folder(store), "story", ".md",
                            export_story_markdown(store, application_id, left_out=left_out),
                            what="the story")


def save_chart(store: Store, svg: str) -> Path:
    """The streak chart as an SVG beside the database."""
    return save_timestamped(store.path.parent, "bounceback-chart", ".svg", svg,
                            what="the chart")


def _utc_now() -> datetime:
    return datetime.now(UTC)


# --- Markdown ------------------------------------------------------------------------------

_STEP_LABELS = (
    ("feelings", "How it felt"), ("mood_before", "Mood before (1–5)"),
    ("reasons", "Reasons that are not about me"), ("reasons_text", "In my words"),
    ("feedback_status", "Feedback"), ("feedback_text", "Feedback received"),
    ("went_well", "What went well"), ("do_differently", "What I would do differently"),
    ("taught_me", "What it taught me"), ("mismatches", "Where it did not fit"),
    ("alignment_text", "About the fit"), ("direction_text", "Direction"),
    ("commitment_text", "Keep building"), ("commitment_kind", "Kind"),
    ("commitment_due", "Due"), ("next_step", "Next step"), ("mood_after", "Mood after (1–5)"),
)


def export_markdown(store: Store) -> str:
    """A readable journal: each application with its history and reflections in full,
    then free-standing reflections, wins and actions. User text is escaped as in the story
    (`_md_inline`, `_md_paragraph`): it shows as written and never becomes Markdown or HTML
    (no images, links, headings, lists or tags of its own)."""
    from .domain.dates import local_zone

    zone = local_zone()

    def when(value: datetime) -> str:
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    reflections = store.list_reflections()
    by_app: dict[int | None, list[Any]] = {}
    for ref in sorted(reflections, key=lambda r: (r.created_at, r.id)):
        by_app.setdefault(ref.application_id, []).append(ref)
    lines = ["# BounceBack journal", "", f"Exported {when(_utc_now())}.", ""]
    apps = sorted(store.list_applications(), key=lambda a: (a.applied_at or a.created_at, a.id))
    if apps:
        lines += ["## Applications", ""]
    for app in apps:
        detail = store.get_application(app.id)
        lines += [f"### {_md_inline(app.company)} — {_md_inline(app.role)}", ""]
        for label, value in (("Stage", app.stage), ("Source", app.source),
                             ("Location", app.location), ("Link", app.url)):
            if value.strip():
                lines.append(f"- {label}: {_md_inline(value)}")
        lines += ["", "History:", ""]
        for event in detail.events:
            note = f" — {_md_inline(event.note)}" if event.note.strip() else ""
            lines.append(f"- {when(event.at) if event.dated else 'date unknown'} "
                         f"{event.stage}{note}")
        if app.notes.strip():
            lines += ["", "Notes:", "", *_md_paragraph(app.notes)]
        for ref in by_app.get(app.id, []):
            lines += _reflection_markdown(ref, when)
        lines.append("")
    loose = by_app.get(None, [])
    if loose:
        lines += ["## Other reflections", ""]
        for ref in loose:
            lines += _reflection_markdown(ref, when)
        lines.append("")
    wins = store.list_wins()
    if wins:
        lines += ["## Wins", ""]
        lines += [f"- {when(w.at)} {_md_inline(w.text)}" for w in wins]
        lines.append("")
    actions = store.list_actions()
    if actions:
        lines += ["## Growth actions", ""]
    for action in actions:
        mark = "x" if action.done_at else " "
        due = f" (due {action.due_on.isoformat()})" if action.due_on else ""
        lines.append(f"- [{mark}] {_md_inline(action.text)}{due}")
    return "\n".join(lines).rstrip("\n") + "\n"


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text.splitlines()] or [">"]


def _reflection_markdown(ref: Any, when: Any) -> list[str]:
    status = "saved" if ref.status == "saved" else "draft"
    lines = ["", f"#### Reflection, {when(ref.saved_at or ref.updated_at)} ({status})", ""]
    for name, label in _STEP_LABELS:
        value = getattr(ref, name)
        if value in (None, "", ()) or (name == "feedback_status" and value == "not asked"):
            continue
        if isinstance(value, tuple):  # feelings, reasons, mismatches: the person's words
            lines.append(f"- **{label}:** {', '.join(_md_inline(word) for word in value)}")
        elif isinstance(value, str) and len(value.strip().splitlines()) > 1:
            lines += ["", f"**{label}:**", "", *_md_paragraph(value), ""]
        elif isinstance(value, str):
            lines.append(f"- **{label}:** {_md_inline(value)}")
        else:  # moods and the due day
            lines.append(f"- **{label}:** {value}")
    return lines


# --- "From no to next": the story of an offer ----------------------------------------------

class NoStory(InvalidInput):
    """There is no offer to tell the story of (none yet, or not the chosen application)."""


_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]<>#|~]|&(?=#?\w+;))")
"""Characters that could start Markdown syntax anywhere in a line (links, emphasis, code,
HTML, headings, tables, strikethrough; `&` only where it starts an entity like `&amp;`):
a backslash before each shows it as is."""
_MD_LINE_START = re.compile(r"^(\s*)(\d*)([-+=.)])")
"""Line starts that would make a list, a setext underline or a rule (`- `, `+ `, `===`,
`1. `, `2) `)."""


def _md_escape(text: str) -> str:
    """One line of user text, shown exactly as written when the Markdown is rendered."""
    text = _MD_PUNCTUATION.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\1\2\\\3", text)


def _md_inline(text: str) -> str:
    """User text for a heading or a list item: escaped, on one line."""
    return _md_escape(" ".join(text.split()))


def _md_paragraph(text: str) -> list[str]:
    """User text as a quoted paragraph (the journal's `_quote`), each line escaped."""
    return _quote("\n".join(_md_escape(line) for line in text.strip("\n").splitlines()))


def _nos(count: int) -> str:
    return "1 no" if count == 1 else f"{count} no's"


STORY_HEADINGS = {"went well": "What went well", "not about me": "What was not about me",
                  "learned": "What I learned", "win": "Wins on the way",
                  "done": "What I did to keep building"}
"""The story's sections, by `KeptLine.kind`."""


def export_story_markdown(store: Store, application_id: int | None = None, *,
                          tz: tzinfo | None = None, left_out: Iterable[int] = ()) -> str:
    """"From no to next": the run of no's that ended at an offer (the latest one by default),
    and what it leaves to keep (`OfferStory.kept`: never a sentence with a thinking trap in
    it), but the lines `left_out` (by index). NoStory when there is no such offer."""
    from .domain.dates import local_zone

    story = store.offer_story(application_id, tz=tz or local_zone())
    if story is None:
        if application_id is None:
            raise NoStory("there is no offer yet to tell the story of; it will be here when "
                          "the first yes comes")
        app = store.get_application(application_id).application
        raise NoStory(f"{app.company} — {app.role} (id {app.id}) has no offer; the story "
                      "ends at an offer, so choose an application that got one")
    company, role = _md_inline(story.company), _md_inline(story.role)
    count = len(story.nos)
    lines = [f"# From no to next: {company}, {story.day.isoformat()}", ""]
    if count:
        took = (f"It took {_nos(count)} to reach the offer from {company} ({role}) on "
                f"{story.day.isoformat()}.")
        lines += [took, "", "## The no's on the way", ""]
        lines += [f"- {_md_inline(no.company)} — {_md_inline(no.role)}, {no.stage}, "
                  f"{no.day.isoformat()}" for no in story.nos]
        lines.append("")
    else:
        lines += [(f"The offer from {company} ({role}) on {story.day.isoformat()} came "
                   "without a single no on the way."), ""]
    skipped = set(left_out)
    kept = [line for number, line in enumerate(story.kept) if number not in skipped]
    for kind, heading in STORY_HEADINGS.items():
        mine = [line for line in kept if line.kind == kind]
        if mine:
            lines += [f"## {heading}", ""]
            lines += [f"- {_md_inline(line.text)}"
                      + (f" ({_md_inline(line.company)})" if line.company else "")
                      for line in mine]
            lines.append("")
    lines.append("I kept showing up, and here I am." if not count else
                 "I kept going after that no, and here I am." if count == 1 else
                 f"I kept going after each of those {count} no's, and here I am.")
    return "\n".join(lines) + "\n"


ICS_DEFAULT_MINUTES = 60
"""An interview's length in the calendar when none was given."""


def export_ics(store: Store, *, tz: Any, reminder_minutes: int = 60) -> str:
    """An RFC 5545 calendar of the plan (icalendar): interviews as events in their zone with
    their length, place and a reminder; take-homes, follow-ups, deadlines and growth actions
    due as all-day items. Every item has a stable UID, so a calendar that reads the file again
    updates instead of duplicating. Nothing from the reflections is in it."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from icalendar import Alarm, Calendar, Event

    zone = ZoneInfo(getattr(tz, "name", None) or getattr(tz, "key", None) or "UTC")
    calendar = Calendar()
    calendar.add("prodid", "-//BounceBack//bounceback-tui//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "BounceBack")
    stamp = _utc_now()

    def event(uid: str, summary: str) -> Event:
        item = Event()
        item.add("uid", f"{uid}@bounceback")
        item.add("summary", summary)
        item.add("dtstamp", stamp)
        return item

    def all_day(uid: str, summary: str, day: Any) -> None:
        item = event(uid, summary)
        item.add("dtstart", day)
        item.add("dtend", day + timedelta(days=1))
        item.add("transp", "TRANSPARENT")
        calendar.add_component(item)

    for interview in store.list_interviews():
        title = f"{interview.company} — {interview.role}"
        if interview.kind == "take-home":
            due = datetime.fromtimestamp(interview.when.timestamp(), zone)
            all_day(f"take-home-{interview.id}",
                    f"Take-home due {due:%H:%M}: {title}", due.date())
            continue
        start = datetime.fromtimestamp(interview.when.timestamp(), zone)  # a plain datetime
        item = event(f"interview-{interview.id}", f"{interview.kind.capitalize()}: {title}")
        item.add("dtstart", start)
        item.add("dtend", start + timedelta(minutes=interview.minutes or ICS_DEFAULT_MINUTES))
        if interview.place:
            item.add("location", interview.place)
        people = [*interview.contacts, *([interview.with_text] if interview.with_text else [])]
        if people:
            item.add("description", "With " + ", ".join(people))
        if reminder_minutes:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{interview.kind.capitalize()}: {title}")
            alarm.add("trigger", timedelta(minutes=-reminder_minutes))
            item.add_component(alarm)
        calendar.add_component(item)
    for application_id, company, role, day in store.follow_ups():
        all_day(f"follow-up-{application_id}", f"Follow up: {company} — {role}", day)
    for application_id, company, role, day in store.deadlines():
        all_day(f"deadline-{application_id}", f"Deadline: {company} — {role}", day)
    for action in store.list_actions(open_only=True):
        if action.due_on is not None:
            all_day(f"action-{action.id}", f"Due: {action.text}", action.due_on)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


def calendar_path(db_path: Path) -> Path:
    """Where the kept calendar lives: beside the database, named after it (`hunt.ics`)."""
    return db_path.with_name(db_path.stem + ".ics")


def keep_calendar(store: Store, db_path: Path) -> Path:
    """Write the plan's calendar beside the database (the `calendar_file` setting), whole or
    not at all, replacing the last one; a StorageFailure that says why if it cannot be."""
    from .domain.dates import local_zone

    target = calendar_path(db_path)
    try:
        write_new(target, export_ics(store, tz=local_zone()), replace=True)
    except OSError as exc:
        raise StorageFailure(f"Could not keep the calendar {target}: "
                             f"{exc.strerror or exc}") from None
    return target


def _utc_now() -> Any:
    import pendulum

    return pendulum.now("UTC")
