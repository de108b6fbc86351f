"""Export and import: the lossless JSON interchange format (PRODUCT.md), CSV from
spreadsheets and other trackers, and a readable Markdown journal.

Imports are all-or-nothing: everything is read and checked first; a bad row stops the
import with its number and the reason, and nothing is written.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
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
from .service import Store, _check_answers, _utc_now

FORMAT_NAME = "bounceback"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
"""Version 1 files (before interviews, people and details) still import."""
CSV_COLUMNS = ("id", "company", "role", "stage", "applied_on", "last_activity", "source",
               "location", "url", "notes")
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

    applications: list[dict[str, Any]] = field(default_factory=list)
    reflections: list[dict[str, Any]] = field(default_factory=list)
    wins: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def event_count(self) -> int:
        """Stage events across all applications."""
        return sum(len(app["events"]) for app in self.applications)

    def summary(self) -> str:
        """One line: what was (or would be) imported."""
        interviews = sum(len(app.get("planning", {}).get("interviews", ()))
                         for app in self.applications)
        week = (f", {interviews} interviews, {len(self.contacts)} people"
                if interviews or self.contacts else "")
        return (
            f"{len(self.applications)} applications ({self.event_count} stage events), "
            f"{len(self.reflections)} reflections, {len(self.wins)} wins, "
            f"{len(self.actions)} actions{week}"
        )


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
            {"stage": e.stage, "at": _iso(e.at), "note": e.note})
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": _iso(_utc_now()),
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
    current = now or _utc_now()
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
        at = _instant(event.get("at"), _step(where, "at"), now)
        if checked and at < checked[-1]["at"]:  # the rule of Store.move
            last = events[number - 1]
            _refuse(_step(where, "at"),
                    f"the last event before it ({last['stage']}) is at {last['at']}; a move "
                    "cannot be dated before it (events go in time order)")
        checked.append({"stage": stage, "at": at, "note": _text(event, "note", where)})
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
        values = _check_answers(answers)  # the store's own rules, in case they grow
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


def apply_plan(store: Store, plan: ImportPlan) -> None:
    """Write a checked plan in one transaction (bulk inserts; ids are assigned afresh)."""
    now = _utc_now()
    with store._write() as session:
        next_app = (session.execute(select(func.max(Application.id))).scalar() or 0) + 1
        base_app = max(next_app, _sequence(session, "applications") + 1)
        app_ids: dict[Any, int] = {}
        app_rows, event_rows = [], []
        for offset, app in enumerate(plan.applications):
            new_id = base_app + offset
            app_ids[app["key"]] = new_id
            app["new_id"] = new_id
            # Events are inserted in document order, so that order breaks ties in time.
            summary = summary_columns(new_id, app["company"], [
                (e["stage"], e["at"], key) for key, e in enumerate(app["events"])])
            app_rows.append({
                "id": new_id, "company": app["company"], "role": app["role"],
                "source": app["source"], "location": app["location"], "url": app["url"],
                "notes": app["notes"], "follow_up_on": app["follow_up_on"],
                "created_at": now, "updated_at": now, "search_text": search_text(app),
                **summary,
            })
            event_rows.extend({"application_id": new_id, **e} for e in app["events"])
        if app_rows:
            session.execute(insert(Application.__table__), app_rows)
        if event_rows:
            session.execute(insert(StageEvent.__table__), event_rows)
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
        if plan.contacts or any(app.get("planning") for app in plan.applications):
            from .interchange_plan import apply_planning

            apply_planning(session, plan, app_ids)


def _sequence(session: Any, table: str) -> int:
    row = session.connection().exec_driver_sql(
        "SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).first()
    return int(row[0]) if row else 0


# --- CSV -----------------------------------------------------------------------------------

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "company": ("company", "company name", "employer", "organization", "organisation"),
    "role": ("role", "title", "job title", "position", "job", "job role", "position title"),
    "stage": ("stage", "status", "list", "state", "application status"),
    "applied_on": ("applied on", "date applied", "application date", "applied", "date",
                   "applied date", "date of application"),
    "source": ("source", "job source", "found via", "found on", "where found", "channel"),
    "location": ("location", "city", "place"),
    "url": ("url", "link", "job url", "job link", "posting url", "posting", "job posting"),
    "notes": ("notes", "note", "comments", "comment"),
    "id": ("id",),
    "last_activity": ("last activity", "last_activity", "last event at"),
}

STATUS_WORDS: dict[str, str] = {
    "wishlist": "saved", "wish list": "saved", "bookmarked": "saved", "interested": "saved",
    "to apply": "saved", "saved": "saved", "draft": "saved",
    "applied": "applied", "application sent": "applied", "submitted": "applied",
    "sent": "applied", "applying": "applied", "in review": "applied", "pending": "applied",
    "screen": "screening", "screening": "screening", "phone screen": "screening",
    "recruiter call": "screening", "recruiter screen": "screening", "hr call": "screening",
    "interview": "interviewing", "interviewing": "interviewing", "interviews": "interviewing",
    "onsite": "interviewing", "on-site": "interviewing", "technical interview": "interviewing",
    "final round": "interviewing", "take home": "interviewing", "take-home": "interviewing",
    "offer": "offer", "offered": "offer", "offer received": "offer",
    "accepted": "accepted", "hired": "accepted", "offer accepted": "accepted",
    "declined": "declined", "offer declined": "declined", "turned down offer": "declined",
    "rejected": "rejected", "rejection": "rejected", "not selected": "rejected",
    "declined by company": "rejected", "no": "rejected", "denied": "rejected",
    "ghosted": "ghosted", "no response": "ghosted", "no reply": "ghosted",
    "no answer": "ghosted", "silence": "ghosted",
    "withdrawn": "withdrawn", "withdrew": "withdrawn", "withdraw": "withdrawn",
}


def _norm_header(name: str) -> str:
    return re.sub(r"[\s_]+", " ", name.strip().lower().lstrip("\ufeff"))


def map_headers(headers: Iterable[str]) -> tuple[dict[str, int], list[str]]:
    """Which column holds which field, and the columns that were not understood."""
    mapping: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        key = _norm_header(header)
        for target, aliases in HEADER_ALIASES.items():
            if key in aliases and target not in mapping:
                mapping[target] = index
                break
        else:
            if header.strip():
                ignored.append(header.strip())
    return mapping, ignored


def map_status(word: str) -> str | None:
    """The stage a tracker's status word means: exact, a known synonym, or a close
    spelling; None when nothing is close."""
    key = _norm_header(word)
    if not key:
        return "applied"
    if key in STATUS_WORDS:
        return STATUS_WORDS[key]
    close = difflib.get_close_matches(key, list(STATUS_WORDS), n=1, cutoff=0.8)
    return STATUS_WORDS[close[0]] if close else None


_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$")
_NAMED_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y")


def read_csv_day(text: str, *, date_order: str | None, now: datetime, tz: tzinfo) -> datetime:
    """An applied-on cell as an instant (local noon for a past day, now for today)."""
    from ..domain.dates import DateInputError, parse_when

    raw = text.strip()
    if not raw:
        return now
    match = _SLASHED.match(raw)
    if match:
        first, second, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
        if date_order is None:
            raise DateInputError(
                f"{raw!r} is ambiguous (day and month could be swapped): re-run with "
                "--dates dmy or --dates mdy")
        day, month = (first, second) if date_order == "dmy" else (second, first)
        try:
            return parse_when(f"{year:04d}-{month:02d}-{day:02d}", now=now, tz=tz)
        except DateInputError as exc:  # name the cell as written, and how it was read
            order = "day first" if date_order == "dmy" else "month first"
            raise DateInputError(f"{raw!r} read {order}: {exc}") from None
    else:
        for fmt in _NAMED_FORMATS:
            try:
                raw = datetime.strptime(raw, fmt).date().isoformat()
                break
            except ValueError:
                continue
    return parse_when(raw, now=now, tz=tz)


def _csv_dialect(text: str) -> Any:
    """The delimiter whose header row names a company and a role column; the sniffer's
    guess only when none does (it misreads quoted cells holding semicolons)."""
    for delimiter in (",", ";", "\t"):
        try:
            header = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
        except csv.Error:
            continue
        mapping, _ = map_headers(header)
        if "company" in mapping and "role" in mapping:
            return type("Dialect", (csv.excel,), {"delimiter": delimiter})
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def plan_csv(text: str, *, date_order: str | None = None, now: datetime | None = None,
             tz: tzinfo | None = None) -> ImportPlan:
    """Read and check a spreadsheet's applications."""
    from ..domain.dates import DateInputError, local_zone

    zone = tz or local_zone()
    current = now or _utc_now()
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text), _csv_dialect(text), strict=True)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text)))  # long notes are fine: a cell may fill the file
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ImportError_(f"line {reader.line_num}: not readable as CSV ({exc})") from None
    finally:
        csv.field_size_limit(limit)
    if not rows:
        raise ImportError_("the CSV file is empty")
    mapping, ignored = map_headers(rows[0])
    for needed, label in (("company", "Company"), ("role", "Role or Title")):
        if needed not in mapping:
            raise ImportError_(
                f"no {label} column (found: {', '.join(h for h in rows[0] if h.strip())})")
    plan = ImportPlan()
    if ignored:
        plan.notes.append(f"ignored columns: {', '.join(ignored)}")
    # BounceBack's own export (its exact header): text exactly as written, guard taken off.
    own = tuple(rows[0]) == CSV_COLUMNS
    mapped: Counter[tuple[str, str]] = Counter()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            index = mapping.get(name)
            value = row[index] if index is not None and index < len(row) else ""
            if own and name in CSV_TEXT_COLUMNS:
                return formula_unguard(value)
            # Line ends inside a cell read as line feeds (the file is read with newline="").
            return value.replace("\r\n", "\n").replace("\r", "\n").strip()

        where = f"row {number}"
        company, role = cell("company"), cell("role")
        if not company.strip():
            raise ImportError_(f"{where}: company is empty")
        if not role.strip():
            raise ImportError_(f"{where}: role is empty")
        status = cell("stage")
        stage = map_status(status)
        if stage is None:
            raise ImportError_(
                f"{where}: unknown status {status!r}; use one of: {', '.join(STAGES)}")
        if status and _norm_header(status) != stage:
            mapped[(status, stage)] += 1
        try:
            at = read_csv_day(cell("applied_on"), date_order=date_order, now=current, tz=zone)
        except DateInputError as exc:
            raise ImportError_(f"{where}: {exc}") from None
        stages = ["saved"] if stage == "saved" else ["applied"] + (
            [stage] if stage != "applied" else [])
        instants = [at] * len(stages)
        last = cell("last_activity")
        if last and (len(stages) > 1 or not cell("applied_on")):
            try:  # the current stage's own day (BounceBack's CSV export carries it)
                reached = read_csv_day(last, date_order=date_order, now=current, tz=zone)
            except DateInputError as exc:
                raise ImportError_(f"{where}: last activity: {exc}") from None
            instants[-1] = reached if len(stages) == 1 else max(reached, at)
        plan.applications.append({
            "key": None, "company": company, "role": role, "source": cell("source"),
            "location": cell("location"), "url": cell("url"), "notes": cell("notes"),
            "follow_up_on": None,
            "events": [{"stage": s, "at": when.astimezone(UTC), "note": ""}
                       for s, when in zip(stages, instants, strict=True)],
        })
    for (word, stage), count in sorted(mapped.items()):
        rows_word = "row" if count == 1 else "rows"
        plan.notes.append(f"status {word!r} read as {stage} ({count} {rows_word})")
    return plan


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
    for app in store.list_applications():
        row = [
            app.id, guard(app.company), guard(app.role), app.stage,
            app.applied_at.astimezone(zone).date().isoformat() if app.applied_at else "",
            app.last_activity_at.astimezone(zone).isoformat(timespec="minutes"),
            guard(app.source), guard(app.location), guard(app.url), guard(app.notes),
        ]
        (quoted if any("\r" in str(cell) for cell in row) else writer).writerow(row)
    return out.getvalue()
