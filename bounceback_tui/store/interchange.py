"""Export and import: the lossless JSON interchange format (PRODUCT.md), CSV from
spreadsheets and other trackers, and a readable Markdown journal.

Imports are all-or-nothing: everything is read and checked first; a bad row stops the
import with its number and the reason, and nothing is written.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any, NoReturn

from sqlalchemy import func, insert, select

from ..domain.stages import STAGES
from .errors import InvalidInput
from .instants import out_of_range
from .journal_models import GrowthAction, Reflection, Win
from .models import Application, StageEvent, search_text, summary_columns
from .records import (
    ACTION_KINDS,
    FEEDBACK_STATUSES,
    REFLECTION_ANSWERS,
    REFLECTION_STATUSES,
)
from .service import Store
from .values import check_answers, utc_now

FORMAT_NAME = "bounceback"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
"""Version 1 files (before interviews, people and details) still import."""
CSV_COLUMNS = ("id", "company", "role", "stage", "furthest_stage", "applied_on",
               "last_activity", "source", "location", "url", "notes")
CSV_TEXT_COLUMNS = ("company", "role", "source", "location", "url", "notes")
"""The cells of the CSV export that hold user text, and so carry the formula guard."""
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection":
= + - @ tab and carriage return; line feed and NUL too, as some readers skip them)."""


class ImportError_(InvalidInput):
    """An import was refused; the message names the row and the reason."""


@dataclass
class ImportPlan:
    """Everything an import would write, checked and ready."""

    applications: Any = field(default_factory=list)
    """A list, or a large spreadsheet's `CsvApplications` (read at each pass, never held)."""
    reflections: list[dict[str, Any]] = field(default_factory=list)
    wins: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: list[Any] = field(default_factory=list)
    """A CSV's columns and the field each fills (`csv_import.ColumnUse`), for a dry run."""
    statuses: list[tuple[str, str, int]] = field(default_factory=list)
    """A CSV's status words: (word, what it was read as, rows)."""

    def check(self, *, counts: bool = True) -> None:
        """Make sure every problem is known (a large spreadsheet's applications are read
        lazily: this reads them once, keeping nothing; CsvImportError lists the problems).
        Without `counts` (about to be written, and counted then) only the rows are checked."""
        check = getattr(self.applications, "check", None)
        if check is not None:
            check(counts=counts)

    def counts(self) -> ImportCounts:
        """What the plan holds (a lazy spreadsheet's after a first pass over it)."""
        apps = self.applications
        people = len(self.contacts)
        check = getattr(apps, "check", None)
        if check is not None:
            counted = check()
            assert counted is not None
            made, events, in_rows = counted
            return ImportCounts(made, events, 0, people + in_rows)
        return ImportCounts(
            len(apps), sum(len(app["events"]) for app in apps),
            sum(len(app.get("planning", {}).get("interviews", ())) for app in apps),
            people + sum(1 for app in apps if "contact" in app))

    def summary(self, counts: ImportCounts | None = None) -> str:
        """One line: what was (or would be) imported (`counts`: what was written)."""
        counts = counts or self.counts()
        week = (f", {counts.interviews} interviews, {counts.people} people"
                if counts.interviews or counts.people else "")
        return (
            f"{counts.applications} applications ({counts.events} stage events), "
            f"{len(self.reflections)} reflections, {len(self.wins)} wins, "
            f"{len(self.actions)} actions{week}"
        )


@dataclass
class ImportCounts:
    """Applications, their stage events, interviews and people: in a plan, or written."""

    applications: int = 0
    events: int = 0
    interviews: int = 0
    people: int = 0


# --- instants and days in documents --------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


# --- reading a document: every value checked, every refusal names its path ------------------
#
# A path is written as in JSONPath, without the leading `$`: `applications[2].events[0].at`
# (indexes count from 0, as in the file's arrays); `$` alone is the whole document.

_SHOWN_TEXT = 60
"""How many characters of a refused text a message quotes."""
MAX_DEPTH = 64
"""Nesting deeper than this is refused (the format nests 5 levels); Python's reader would fail
with a RecursionError near 1,000."""


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _step(path: str, key: str | int) -> str:
    """The path of `key` inside the value at `path` (a key that is not a plain name is
    written `["…"]`, escaped: keys come from the file)."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if not _NAME.fullmatch(key):
        return f"{path}[{json.dumps(key)}]"
    return key if path in ("", "$") else f"{path}.{key}"


def _shown(value: Any) -> str:
    """A value from the file as a message quotes it: short, one line, escapes for anything
    that is not printable (control characters, lone surrogates), JSON's words for null/true."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        quoted = repr(value[:_SHOWN_TEXT])
        return quoted + "…" if len(value) > _SHOWN_TEXT else quoted
    if isinstance(value, int):
        digits = len(str(abs(value)))  # ≤ 4,300: the JSON reader refuses longer numbers
        return str(value) if digits <= 24 else f"a number of {digits} digits"
    if isinstance(value, float):
        if value != value:
            return "NaN"
        return "a number too large to read" if abs(value) == float("inf") else repr(value)
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    if isinstance(value, dict):
        return "an empty object" if not value else "an object"
    return type(value).__name__


def _refuse(path: str, problem: str) -> NoReturn:
    raise ImportError_(f"{path}: {problem}")


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        _refuse(path, f"expected an object, got {_shown(value)}")
    return value


def _array(obj: Mapping[str, Any], key: str, path: str) -> list[Any]:
    """A list field; a missing one is empty."""
    value = obj.get(key, [])
    if not isinstance(value, list):
        _refuse(_step(path, key), f"expected a list, got {_shown(value)}")
    return value


def _unicode(value: str, path: str) -> str:
    """Refuse text that cannot be stored as UTF-8 (a `\\ud800` escape standing alone)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        lone = value[exc.start:exc.start + 1]
        _refuse(path, f"holds {lone!r}, half of a surrogate pair, which is not a character; "
                      "remove it or complete the pair")
    return value


def _text(obj: Mapping[str, Any], key: str, path: str, *, required: str = "") -> str:
    """A text field (missing or null: empty). `required` is the hint given when it is empty."""
    where = _step(path, key)
    value = obj.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        _refuse(where, f"expected text, got {_shown(value)}")
    _unicode(value, where)
    if required and not value.strip():
        _refuse(where, f"is empty; {required}")
    return value


def _choice(value: Any, choices: tuple[str, ...], path: str, what: str) -> str:
    if not isinstance(value, str):
        _refuse(path, f"expected a {what} ({', '.join(choices)}), got {_shown(value)}")
    if value not in choices:
        _refuse(path, f"unknown {what} {_shown(value)}; use one of: {', '.join(choices)}")
    return value


def _instant(value: Any, path: str, now: datetime) -> datetime:
    """An ISO 8601 time with an offset, from 1900 on and not in the future (as
    `dates.parse_when` refuses it for `add --applied-on` and `move --on`)."""
    if not isinstance(value, str):
        _refuse(path, f"expected an ISO 8601 time with offset, got {_shown(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except (ValueError, OverflowError):
        _refuse(path, f"{_shown(value)} is not an ISO 8601 time; write e.g. "
                      "2026-10-01T09:00:00+00:00")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        _refuse(path, f"{_shown(value)} has no offset; add one, e.g. +00:00")
    problem = out_of_range(parsed)
    if problem:
        _refuse(path, f"{_shown(value)} is {problem}; fix the date")
    if parsed > now:
        _refuse(path, f"{value} is in the future; give the time it happened")
    return parsed.astimezone(UTC)


def _optional_instant(obj: Mapping[str, Any], key: str, path: str,
                      now: datetime) -> datetime | None:
    value = obj.get(key)
    return None if value is None or value == "" else _instant(value, _step(path, key), now)


def _read_day(value: Any, path: str) -> date | None:
    """A calendar day (YYYY-MM-DD); missing, null or empty: none."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    _refuse(path, f"expected a day (YYYY-MM-DD), got {_shown(value)}")


def _key(obj: Mapping[str, Any], path: str) -> Any:
    """An item's `id`: a whole number or a text (or none); links in the file refer to it."""
    value = obj.get("id")
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, str))):
        _refuse(_step(path, "id"), f"expected a whole number, got {_shown(value)}")
    return value


def _link(obj: Mapping[str, Any], key: str, path: str, known: Mapping[Any, str],
          what: str) -> Any:
    """A reference to the id of an item earlier in the file (or null)."""
    where = _step(path, key)
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        article = "an" if what[0] in "aeiou" else "a"
        _refuse(where, f"expected the id of {article} {what} in the file, got {_shown(value)}")
    if value not in known:
        _refuse(where, f"{_shown(value)} is not in the file (no {what} has that id)")
    return value


def _unique(key: Any, path: str, seen: dict[Any, str]) -> None:
    if key is None:
        return
    if key in seen:
        _refuse(_step(path, "id"), f"{_shown(key)} appears twice (also at {seen[key]}); "
                                   "give each item its own id")
    seen[key] = _step(path, "id")


def _locate(text: str) -> tuple[str, str] | None:
    """Where a document that Python's JSON reader gave up on (without a syntax error) goes
    wrong: the first value nested deeper than MAX_DEPTH (named by its container at the
    format's deepest level), or the first whole number longer than Python reads. A plain
    scan of the text; None when neither is found."""
    limit = sys.get_int_max_str_digits()
    frames: list[list[Any]] = []  # per open container: [bracket, items so far, its path]
    key: str | None = None  # in an object: the key of the value being read

    def here() -> str:
        if not frames:
            return "$"
        bracket, count, path = frames[-1]
        return _step(path, count if bracket == "[" else (key or ""))

    position, length = 0, len(text)
    while position < length:
        char = text[position]
        if char == '"':
            end = position + 1
            while end < length and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            if frames and frames[-1][0] == "{" and key is None:
                try:
                    key = str(json.loads(text[position:end + 1]))
                except ValueError:
                    key = ""
            position = end + 1
            continue
        if char in "{[":
            if len(frames) >= MAX_DEPTH:
                return (frames[min(5, len(frames) - 1)][2],
                        f"nested more than {MAX_DEPTH} levels deep; a BounceBack export "
                        "nests 5 at most")
            frames.append([char, 0, here()])
            key = None
        elif char in "}]":
            if frames:
                frames.pop()
            key = None
        elif char == ",":
            if frames and frames[-1][0] == "[":
                frames[-1][1] += 1
            key = None
        elif char in "-0123456789":
            end = position
            while end < length and text[end] in "-+.eE0123456789":
                end += 1
            digits = text[position:end].lstrip("-")
            if limit and digits.isdigit() and len(digits) > limit:
                return here(), (f"a number of {len(digits)} digits; BounceBack reads "
                                f"numbers of up to {limit} digits")
            position = end
            continue
        position += 1
    return None


# --- JSON ----------------------------------------------------------------------------------


def export_document(store: Store) -> dict[str, Any]:
    """The whole database in the interchange format."""
    with store._read() as session:
        apps = session.execute(select(Application.__table__).order_by(Application.id)).all()
        events = session.execute(
            select(StageEvent.__table__).order_by(
                StageEvent.application_id, StageEvent.at, StageEvent.id)
        ).all()
        reflections = session.execute(
            select(Reflection.__table__).order_by(Reflection.id)).all()
        wins = session.execute(select(Win.__table__).order_by(Win.id)).all()
        actions = session.execute(select(GrowthAction.__table__).order_by(GrowthAction.id)).all()
        from .interchange_plan import export_planning

        planning, contacts = export_planning(session)
    by_app: dict[int, list[dict[str, Any]]] = {}
    for e in events:
        by_app.setdefault(e.application_id, []).append(
            {"stage": e.stage, "at": _iso(e.at) if e.dated else None, "note": e.note})
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": _iso(utc_now()),
        "applications": [
            {
                "id": a.id, "company": a.company, "role": a.role, "source": a.source,
                "location": a.location, "url": a.url, "notes": a.notes,
                "follow_up_on": _day(a.follow_up_on),
                "events": by_app.get(a.id, []),
                "details": planning.get(a.id, {}).get("details"),
                "interviews": planning.get(a.id, {}).get("interviews", []),
            }
            for a in apps
        ],
        "contacts": contacts,
        "reflections": [_reflection_document(r) for r in reflections],
        "wins": [{"id": w.id, "at": _iso(w.at), "text": w.text, "kind": w.kind} for w in wins],
        "actions": [
            {
                "id": g.id, "created_at": _iso(g.created_at), "text": g.text, "kind": g.kind,
                "due_on": _day(g.due_on), "done_at": _iso(g.done_at),
                "reflection_id": g.reflection_id,
            }
            for g in actions
        ],
    }


def _reflection_document(r: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": r.id, "application_id": r.application_id, "status": r.status,
        "revision": r.revision, "created_at": _iso(r.created_at),
        "updated_at": _iso(r.updated_at), "saved_at": _iso(r.saved_at),
    }
    for name in REFLECTION_ANSWERS:
        value = getattr(r, name)
        doc[name] = _day(value) if name == "commitment_due" else value
    return doc


def plan_json(text: str, *, now: datetime | None = None) -> ImportPlan:
    """Read and check an interchange document. Every refusal names the path of the value
    (`applications[2].events[0].at: …`); instants in the future and events out of time
    order are refused as `add` and `move` refuse them."""
    current = now or utc_now()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportError_(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
                           ) from None
    except (RecursionError, ValueError):  # nesting too deep, or a number too long to read
        found = _locate(text)
        if found is None:
            raise ImportError_("$: not readable as JSON") from None
        raise ImportError_(f"{found[0]}: {found[1]}") from None
    root = "$"
    if not isinstance(doc, dict):
        _refuse(root, f'expected an object with "format": "{FORMAT_NAME}", got '
                      f"{_shown(doc)}; this is not a BounceBack export")
    if doc.get("format") != FORMAT_NAME:
        _refuse("format", f'expected "{FORMAT_NAME}", got {_shown(doc.get("format"))}; this '
                          "is not a BounceBack export")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        _refuse("version", f"expected a version number ({FORMAT_VERSION}), got "
                           f"{_shown(version)}")
    if version not in READABLE_VERSIONS:
        _refuse("version", f"export version {_shown(version)} is not supported (this "
                           f"BounceBack reads versions 1 to {FORMAT_VERSION}); upgrade "
                           "BounceBack")
    import sys

    from .interchange_plan import (
        check_interview_people,
        read_application_planning,
        read_contacts,
    )

    here = sys.modules[__name__]
    plan = ImportPlan()
    app_ids: dict[Any, str] = {}
    for index, item in enumerate(_array(doc, "applications", root)):
        path = f"applications[{index}]"
        plan.applications.append(_read_application(item, path, app_ids, current))
        plan.applications[-1]["planning"] = read_application_planning(item, path, here)
    plan.contacts = read_contacts(doc, here, app_ids)
    check_interview_people(plan, here)
    reflection_ids: dict[Any, str] = {}
    for index, item in enumerate(_array(doc, "reflections", root)):
        plan.reflections.append(_read_reflection(item, f"reflections[{index}]", app_ids,
                                                 reflection_ids, current))
    for index, item in enumerate(_array(doc, "wins", root)):
        path = f"wins[{index}]"
        win = _object(item, path)
        _key(win, path)
        plan.wins.append({"at": _instant(win.get("at"), _step(path, "at"), current),
                          "text": _text(win, "text", path, required="write what went well"),
                          "kind": _text(win, "kind", path)})
    for index, item in enumerate(_array(doc, "actions", root)):
        path = f"actions[{index}]"
        action = _object(item, path)
        _key(action, path)
        plan.actions.append({
            "created_at": _instant(action.get("created_at"), _step(path, "created_at"),
                                   current),
            "text": _text(action, "text", path, required="write what you will do"),
            "kind": _choice("other" if action.get("kind") is None else action["kind"],
                            ACTION_KINDS, _step(path, "kind"), "kind"),
            "due_on": _read_day(action.get("due_on"), _step(path, "due_on")),
            "done_at": _optional_instant(action, "done_at", path, current),
            "reflection_key": _link(action, "reflection_id", path, reflection_ids,
                                    "reflection"),
        })
    return plan


def _read_application(item: Any, path: str, seen: dict[Any, str],
                      now: datetime) -> dict[str, Any]:
    app = _object(item, path)
    key = _key(app, path)
    company = _text(app, "company", path, required="give the company's name")
    events = _array(app, "events", path)
    if not events:
        _refuse(_step(path, "events"), "needs at least one stage event")
    checked: list[dict[str, Any]] = []
    for number, item_event in enumerate(events):
        where = _step(_step(path, "events"), number)
        event = _object(item_event, where)
        stage = _choice(event.get("stage"), STAGES, _step(where, "stage"), "stage")
        if event.get("at", "") is None:  # date unknown: placed after the one before
            if not checked:
                _refuse(_step(where, "at"), "the first event needs a date (null means the "
                        "date is unknown, which only a later event can be)")
            checked.append({"stage": stage, "at": checked[-1]["at"],
                            "note": _text(event, "note", where), "dated": False})
            continue
        at = _instant(event.get("at"), _step(where, "at"), now)
        if checked and not checked[-1]["dated"]:
            _refuse(_step(where, "at"), "an event with a date cannot follow one whose date "
                    "is unknown (null); give the earlier one a date or this one null")
        if checked and at < checked[-1]["at"]:  # the rule of Store.move
            last = events[number - 1]
            _refuse(_step(where, "at"),
                    f"the last event before it ({last['stage']}) is at {last['at']}; a move "
                    "cannot be dated before it (events go in time order)")
        checked.append({"stage": stage, "at": at, "note": _text(event, "note", where),
                        "dated": True})
    _unique(key, path, seen)
    return {
        "key": key,
        "company": company,
        "role": _text(app, "role", path),
        "source": _text(app, "source", path),
        "location": _text(app, "location", path),
        "url": _text(app, "url", path),
        "notes": _text(app, "notes", path),
        "follow_up_on": _read_day(app.get("follow_up_on"), _step(path, "follow_up_on")),
        "events": checked,
    }


_WORD_LISTS = ("feelings", "reasons", "mismatches")
_MOODS = ("mood_before", "mood_after")


def _read_reflection(item: Any, path: str, app_ids: Mapping[Any, str],
                     seen: dict[Any, str], now: datetime) -> dict[str, Any]:
    ref = _object(item, path)
    key = _key(ref, path)
    status = _choice(ref.get("status"), REFLECTION_STATUSES, _step(path, "status"), "status")
    link = _link(ref, "application_id", path, app_ids, "application")
    answers: dict[str, Any] = {}
    for name in REFLECTION_ANSWERS:
        if name not in ref:
            continue
        where, value = _step(path, name), ref[name]
        if name in _WORD_LISTS:
            if not isinstance(value, list):
                _refuse(where, f"expected a list of words, got {_shown(value)}")
            for number, word in enumerate(value):
                if not isinstance(word, str):
                    _refuse(_step(where, number), f"expected a word (text), got {_shown(word)}")
                _unicode(word, _step(where, number))
        elif name in _MOODS:
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or not 1 <= value <= 5):
                _refuse(where, f"must be 1 to 5 (or null), got {_shown(value)}")
        elif name == "feedback_status":
            value = _choice(value, FEEDBACK_STATUSES, where, "feedback status")
        elif name == "commitment_kind":
            value = "" if value in (None, "") else _choice(value, ACTION_KINDS, where, "kind")
        elif name == "commitment_due":
            value = _read_day(value, where)
        else:
            value = _text(ref, name, path)
        answers[name] = value
    try:
        values = check_answers(answers)  # the store's own rules, in case they grow
    except InvalidInput as exc:
        _refuse(path, str(exc))
    revision = ref.get("revision", 1)
    if not isinstance(revision, int) or isinstance(revision, bool) or not (
            1 <= revision < 2**63):
        _refuse(_step(path, "revision"),
                f"must be a positive whole number, got {_shown(revision)}")
    created = _instant(ref.get("created_at"), _step(path, "created_at"), now)
    updated = _optional_instant(ref, "updated_at", path, now) or created
    _unique(key, path, seen)
    return {
        "key": key, "application_key": link, "status": status, "revision": revision,
        "created_at": created, "updated_at": updated,
        "saved_at": _optional_instant(ref, "saved_at", path, now),
        **values,
    }


PROGRESS_EVERY = 1_000
"""How often (in applications) `apply_plan` says how far it has got."""
INSERT_CHUNK = 5000
"""Applications inserted per statement (a large import's rows are not all built at once)."""
IMPORTED_TABLES = ("applications", "reflections", "wins", "growth_actions", "contacts")
"""The tables an import adds rows to (the rest hang off these and go with them)."""


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: a line for the person, and the rows already there (skipped)."""

    summary: str
    skipped: int = 0
    written: bool = True
    """Whether anything was written (not when every row was already there)."""


def apply_plan(store: Store, plan: ImportPlan, *, source: str = "",
               progress: Callable[[int, int], Any] | None = None) -> ImportResult:
    """Write a checked plan in one transaction (bulk inserts; ids are assigned afresh), as one
    change `undo` takes back whole. A spreadsheet's rows already in the hunt (same company,
    role and applied day, or same link) are skipped. `progress(done, total)` hears how many
    applications are written, every `PROGRESS_EVERY` (from the writing thread). A lazy
    spreadsheet is read as it is written; a problem found on the way (CsvImportError) rolls
    everything back."""
    now = utc_now()
    with store._write() as session:
        before = {table: _last_id(session, table) for table in IMPORTED_TABLES}
        written, skipped = _insert_plan(session, plan, now, progress, _known_jobs(session))
        ranges = {table: [before[table] + 1, last] for table in IMPORTED_TABLES
                  if (last := _last_id(session, table)) > before[table]}
        summary = plan.summary(written)
        if ranges:
            where = f" from {source}" if source else ""
            store._log(session, "import", f"imported {summary}{where}", {"ranges": ranges})
    return ImportResult(summary, skipped, bool(ranges))


def _last_id(session: Any, table: str) -> int:
    row = session.connection().exec_driver_sql(f"SELECT max(id) FROM {table}").first()
    return int(row[0] or 0)


def undo_import(session: Any, payload: Mapping[str, Any]) -> None:
    """Take back an import inside `Store.undo`'s transaction: its rows, newest tables first
    (stage events, details, interviews and parts go with their application)."""
    for table in reversed(IMPORTED_TABLES):
        span = payload["ranges"].get(table)
        if span:
            session.connection().exec_driver_sql(
                f"DELETE FROM {table} WHERE id BETWEEN ? AND ?", (span[0], span[1]))


def _known_jobs(session: Any) -> Callable[[Mapping[str, Any]], bool]:
    """Whether a spreadsheet's application is already in the hunt (same company, role and
    applied day, or same link); what the hunt holds is read at the first one asked about."""
    from ..domain.dates import local_zone

    zone = local_zone()
    known: set[tuple[str, str, Any]] = set()
    links: set[str] = set()
    read = False

    def same(company: str, role: str, applied: datetime | None) -> tuple[str, str, Any]:
        return (" ".join(company.casefold().split()), " ".join(role.casefold().split()),
                applied.astimezone(zone).date() if applied else None)

    def there(app: Mapping[str, Any]) -> bool:
        nonlocal read
        if not isinstance(app.get("key"), tuple):
            return False  # a BounceBack JSON file's own rows
        if not read:
            read = True
            for company, role, applied, url in session.connection().exec_driver_sql(
                    "SELECT company, role, applied_at, url FROM applications"):
                known.add(same(company, role, _stored_instant(applied) if applied else None))
                if url.strip():
                    links.add(url.strip().casefold())
        if not known and not links:
            return False
        applied = next((e["at"] for e in app["events"] if e["stage"] == "applied"), None)
        return (same(app["company"], app["role"], applied) in known
                or bool(app["url"].strip()) and app["url"].strip().casefold() in links)

    return there


def _stored_instant(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


def _insert_plan(session: Any, plan: ImportPlan, now: datetime,
                 progress: Callable[[int, int], Any] | None,
                 there: Callable[[Mapping[str, Any]], bool]) -> tuple[ImportCounts, int]:
    """The inserts of `apply_plan`, a chunk of applications at a time (a large
    spreadsheet's are made as they are written): what was written, and how many were
    already there."""
    from .interchange_plan import insert_app_planning, insert_people, link_people

    total = len(plan.applications) if progress is not None else 0
    next_app = (session.execute(select(func.max(Application.id))).scalar() or 0) + 1
    base_app = max(next_app, _sequence(session, "applications") + 1)
    people = insert_people(session, plan, now)
    contact_ids = {key: contact_id for key, contact_id in people if key is not None}
    needed = {r["application_key"] for r in plan.reflections} | {
        key for person in plan.contacts for key, _part in person["parts"]}
    app_ids: dict[Any, int] = {}
    written, skipped, seen = ImportCounts(people=len(plan.contacts)), 0, 0
    applications = iter(plan.applications)
    while chunk := list(islice(applications, INSERT_CHUNK)):  # memory stays flat
        app_rows, event_rows, planned = [], [], []
        for app in chunk:
            seen += 1
            if progress is not None and seen % PROGRESS_EVERY == 0:
                progress(seen, total)
            if there(app):
                skipped += 1
                continue
            new_id = base_app + written.applications
            written.applications += 1
            written.events += len(app["events"])
            if app["key"] in needed:
                app_ids[app["key"]] = new_id
            # Events are inserted in document order, so that order breaks ties in time.
            summary = summary_columns(new_id, app["company"], [
                (e["stage"], e["at"], key, e.get("dated", True))
                for key, e in enumerate(app["events"])])
            app_rows.append({
                "id": new_id, "company": app["company"], "role": app["role"],
                "source": app["source"], "location": app["location"], "url": app["url"],
                "notes": app["notes"], "follow_up_on": app["follow_up_on"],
                "created_at": now, "updated_at": now, "search_text": search_text(app),
                **summary,
            })
            event_rows.extend({"application_id": new_id, "dated": True, **e}
                              for e in app["events"])
            if app.get("planning") or "contact" in app:
                planned.append((new_id, app))
        if app_rows:
            session.execute(insert(Application.__table__), app_rows)
        if event_rows:
            session.execute(insert(StageEvent.__table__), event_rows)
        for new_id, app in planned:
            interviews, person = insert_app_planning(session, app, new_id, contact_ids, now)
            written.interviews += interviews
            written.people += person
    if progress is not None and total:
        progress(total, total)
    link_people(session, plan, people, app_ids)
    reflection_ids: dict[Any, int] = {}
    for ref in plan.reflections:
        values = {k: v for k, v in ref.items() if k not in ("key", "application_key")}
        key = ref["application_key"]
        values["application_id"] = None if key is None else app_ids.get(key)
        result = session.execute(insert(Reflection.__table__).values(values))
        reflection_ids[ref["key"]] = result.inserted_primary_key[0]
    if plan.wins:
        session.execute(insert(Win.__table__), plan.wins)
    actions = [
        {**{k: v for k, v in a.items() if k != "reflection_key"},
         "reflection_id": (None if a["reflection_key"] is None
                           else reflection_ids.get(a["reflection_key"]))}
        for a in plan.actions
    ]
    if actions:
        session.execute(insert(GrowthAction.__table__), actions)
    return written, skipped


def _sequence(session: Any, table: str) -> int:
    row = session.connection().exec_driver_sql(
        "SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).first()
    return int(row[0]) if row else 0


# --- CSV -----------------------------------------------------------------------------------

def plan_csv(text: str, **options: Any) -> ImportPlan:
    """Read and check a spreadsheet's or another tracker's CSV (see `csv_import`)."""
    from .csv_import import plan_csv as read

    return read(text, **options)


def _needs_guard(cell: str) -> bool:
    """A spreadsheet could run the cell as a formula (after any leading spaces), or it
    starts with the guard itself (guarded too, so that taking the guard off is exact)."""
    return cell.startswith(("'", *FORMULA_TRIGGERS)) or cell.lstrip().startswith(
        FORMULA_TRIGGERS)


def formula_guard(cell: str) -> str:
    """A user-text cell as the CSV export writes it: `'` before a cell a spreadsheet would
    run as a formula (`=HYPERLINK(…)` → `'=HYPERLINK(…)`) or that starts with `'`."""
    return "'" + cell if _needs_guard(cell) else cell


def formula_unguard(cell: str) -> str:
    """The user's text back from a cell of BounceBack's own CSV export: the exact inverse of
    formula_guard (a `'` the guard did not add stays)."""
    return cell[1:] if cell.startswith("'") and _needs_guard(cell[1:]) else cell


def export_csv(store: Store) -> str:
    """One row per application, with the columns a spreadsheet expects. User text that a
    spreadsheet would run as a formula is guarded with a leading `'` (formula_guard);
    importing the file into BounceBack takes the guard off again."""
    from ..domain.dates import local_zone

    zone = local_zone()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # With "\n" line ends, csv quotes a cell holding "\n" but not one holding only "\r",
    # which readers then take for the end of the row: such rows are written all quoted.
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    guard = formula_guard
    furthest = store.furthest_stages()
    for app in store.list_applications():
        row = [
            app.id, guard(app.company), guard(app.role), app.stage, furthest.get(app.id, ""),
            app.applied_at.astimezone(zone).date().isoformat() if app.applied_at else "",
            # empty when the current stage's date is unknown (an import): unknown again
            app.last_activity_at.astimezone(zone).isoformat(timespec="minutes")
            if app.stage_dated else "",
            guard(app.source), guard(app.location), guard(app.url), guard(app.notes),
        ]
        (quoted if any("\r" in str(cell) for cell in row) else writer).writerow(row)
    return out.getvalue()
