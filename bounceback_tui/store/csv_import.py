"""Reading a spreadsheet or another tracker's CSV into an import plan (issue 15).

The whole file is read and checked before anything is written, and every problem is found in
one pass: `CsvImportError.problems` holds one line per problem (a row, a column, the status
words nobody knows with the flag that maps them). What a dry run shows is on the plan:
`columns` (each column, the field it fills, two sample values) and `statuses` (each status
word, what it was read as, how many rows).

- Headers are matched by the words of `domain.import_words` (LinkedIn, Huntr, Teal, Simplify,
  JobSync, Notion, spreadsheets); a date column must hold dates (JobSync's `applied` holds
  Yes/No: it is kept as text).
- Dates are read by `domain.import_dates`, day/month order per column.
- Rows about the same company and role are one application's history (an activity log; a
  sheet with a row per status change).
- Columns with no field of their own are kept with their header, in an "Imported" block at
  the end of the application's notes (shown, searched by the filter, exported).
- Pay, deadline, excitement, follow-up and a contact go to the fields "Plan the week" added.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from ..domain.import_dates import (
    DateCell,
    DateCellError,
    both_readings,
    column_order,
    is_placeholder,
    local_instant,
    read_date,
)
from ..domain.import_words import DATE_FIELDS, field_of, read_status
from ..domain.stages import FORWARD_RANK, STAGES
from .errors import InvalidInput

MAX_PROBLEMS_SHOWN = 40
"""Problems listed at most (then: how many more)."""
PAST_FIELDS = ("applied_on", "saved_on", "status_on", "event_on")
"""Dates of what has happened: never in the future."""
YES_NO = frozenset({"yes", "no", "y", "n", "true", "false", "✓", "✗", "✔", "x", "checked",
                    "unchecked", "1", "0"})
"""What a column of checkboxes holds (never a date column, whatever its header)."""
IMPORTED_HEADING = "Imported"
"""The line that opens the block of kept columns in an application's notes."""


class CsvImportError(InvalidInput):
    """The file cannot be imported as it is: `problems` holds one line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        shown = list(problems[:MAX_PROBLEMS_SHOWN])
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"… and {len(problems) - MAX_PROBLEMS_SHOWN} more problems")
        super().__init__("\n".join(shown))
        self.problems = shown


@dataclass(frozen=True)
class ColumnUse:
    """What one column of the file fills, for the dry run's table."""

    header: str
    field: str
    """A field name, or "kept" (in the Imported block), or "" (empty column)."""
    samples: tuple[str, ...]


@dataclass
class Reading:
    """What the header row says: the field of each column and the columns kept as text."""

    fields: dict[str, int] = field(default_factory=dict)
    kept: list[int] = field(default_factory=list)
    orders: dict[int, str | None] = field(default_factory=dict)


def read_rows(text: str) -> list[list[str]]:
    """The rows of a CSV text (a BOM dropped; `,`, `;` or tab, whichever the header row's
    fields say); InvalidInput when it is not CSV."""
    text = text.lstrip("\ufeff")
    dialect = _dialect(text)
    reader = csv.reader(io.StringIO(text), dialect, strict=True)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text)))  # a long note may fill a cell
    try:
        return list(reader)
    except csv.Error as exc:
        raise CsvImportError([f"line {reader.line_num}: not readable as CSV ({exc})"]) from None
    finally:
        csv.field_size_limit(limit)


def _dialect(text: str) -> Any:
    best, score = csv.excel, 0
    for delimiter in (",", ";", "\t"):
        try:
            header = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
        except csv.Error:
            continue
        found = len({field_of(name) for name in header} - {None})
        if found > score:
            best = type("Dialect", (csv.excel,), {"delimiter": delimiter})
            score = found
    return best


def _cell(row: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    # Line ends inside a cell read as line feeds (the file is read with newline="").
    return row[index].replace("\r\n", "\n").replace("\r", "\n").strip()


def read_header(header: Sequence[str], rows: Sequence[Sequence[str]], *,
                date_order: str | None, problems: list[str]) -> Reading:
    """Which column fills which field. A date field's column must hold dates; its day and
    month order is read from all its values."""
    reading = Reading()
    activity_log = any(field_of(name) == "event_type" for name in header)
    for index, name in enumerate(header):
        target = field_of(name)
        if target == "event_on" and not activity_log:
            target = "applied_on" if "applied_on" not in reading.fields else None
        if target in DATE_FIELDS:
            values = [_cell(row, index) for row in rows]
            order = _date_column(name, values, date_order, problems)
            if order == "not dates":
                target = None
            else:
                reading.orders[index] = order
        if target is None or target in reading.fields:
            if name.strip() or any(_cell(row, index) for row in rows):
                reading.kept.append(index)
            continue
        reading.fields[target] = index
    return reading


def _date_column(name: str, values: list[str], date_order: str | None,
                 problems: list[str]) -> str | None:
    """The column's day/month order, "not dates" when most of its values are not dates."""
    filled = [v for v in values if not is_placeholder(v)]
    if not filled:
        return None
    if sum(v.strip().casefold() in YES_NO for v in filled) * 2 >= len(filled):
        return "not dates"  # JobSync's `applied`: Yes/No
    if date_order is not None:
        return date_order  # the person said so: values that cannot be read so are problems
    try:
        order = column_order(filled)
    except DateCellError as exc:
        problems.append(f"column '{name.strip()}' {exc}: fix the file, or split the column")
        return date_order or "mdy"
    if order is None:
        if date_order is not None:
            return date_order
        sample = next(v for v in filled if _ambiguous(v))
        first, second = both_readings(sample)
        problems.append(f"column '{name.strip()}': {sample!r} reads {first} day first or "
                        f"{second} month first; add --dates dmy or --dates mdy")
        return "mdy"
    return order


def _ambiguous(value: str) -> bool:
    try:
        return column_order([value]) is None
    except DateCellError:
        return False


@dataclass(slots=True)
class _Row:
    number: int
    company: str
    role: str
    status: str
    stage: str | None
    closed: bool
    dates: dict[str, DateCell]
    values: dict[str, str]
    kept: list[tuple[str, str]]


def plan_csv(text: str, *, date_order: str | None = None,
             statuses: Mapping[str, str] | None = None, now: datetime | None = None,
             tz: tzinfo | None = None, source: str = "") -> Any:
    """Read and check a spreadsheet's applications: an `ImportPlan`, or CsvImportError with
    every problem. `statuses` maps more status words (normalised) to stages or "closed";
    `source` names the file (the Imported block says where its columns came from)."""
    from ..domain.dates import local_zone
    from .interchange import CSV_COLUMNS, CSV_TEXT_COLUMNS, ImportPlan, formula_unguard

    zone = tz or local_zone()
    current = now or _now()
    today = current.astimezone(zone).date()
    rows = read_rows(text)
    if not rows:
        raise CsvImportError(["the CSV file is empty"])
    header, body = rows[0], [row for row in rows[1:] if any(cell.strip() for cell in row)]
    problems: list[str] = []
    reading = read_header(header, body, date_order=date_order, problems=problems)
    missing = [label for need, label in (("company", "Company"), ("role", "Role or Title"))
               if need not in reading.fields]
    if missing:
        found = ", ".join(h.strip() for h in header if h.strip())
        raise CsvImportError([f"no {' or '.join(missing)} column (found: {found})"])
    own = tuple(header) in (CSV_COLUMNS, CSV_COLUMNS_V1)
    plan = ImportPlan()
    plan.columns = _column_uses(header, body, reading)
    unknown: dict[str, list[int]] = defaultdict(list)
    words: Counter[tuple[str, str]] = Counter()
    parsed: list[_Row] = []
    del body  # what the header needed; the rows are read once more, and let go one by one
    for number in range(2, len(rows) + 1):
        row = rows[number - 1]
        rows[number - 1] = []
        if not any(cell.strip() for cell in row):
            continue
        values = {name: value for name, index in reading.fields.items()
                  if (value := _cell(row, index))}
        if own:
            for name in CSV_TEXT_COLUMNS:
                index = reading.fields.get(name)
                if index is not None and index < len(row):
                    values[name] = formula_unguard(row[index])
        company, role = values.get("company", ""), values.get("role", "")
        if is_placeholder(company):
            problems.append(f"row {number}: the company is empty")
        if is_placeholder(role):
            problems.append(f"row {number}: the role is empty")
        status = values.get("stage", "") or values.get("event_type", "")
        if values.get("stage") and values.get("event_type"):
            status = values["stage"]  # an activity log's move names the list moved to
        found = read_status(status, dict(statuses or {}))
        if status.strip() and not (found.stage or found.closed or found.keep):
            unknown[status.strip()].append(number)
        elif status.strip():
            meaning = found.stage or ("closed, no outcome" if found.closed else "no change")
            words[(status.strip(), meaning)] += 1
        dates: dict[str, DateCell] = {}
        for name in DATE_FIELDS:
            index = reading.fields.get(name)
            if index is None or name not in values:
                continue
            try:
                cell = read_date(values[name], order=reading.orders.get(index) or "mdy",
                                 today=today)
            except DateCellError as exc:
                problems.append(f"row {number}: '{header[index].strip()}': {exc}")
                continue
            if cell is not None and cell.day > today and name in PAST_FIELDS:
                problems.append(f"row {number}: '{header[index].strip()}': {values[name]!r} "
                                "is in the future")
            elif cell is not None:
                dates[name] = cell
        kept = [(header[index].strip() or f"column {index + 1}", _cell(row, index))
                for index in reading.kept if not is_placeholder(_cell(row, index))]
        parsed.append(_Row(number, company, role, status.strip(), found.stage, found.closed,
                           dates, values, kept))
    for word, numbers in sorted(unknown.items()):
        where = _rows_text(numbers)
        problems.append(f"unknown status '{word}' ({where}): add --status {_quoted(word)}=STAGE "
                        f"with STAGE one of {', '.join(STAGES)} or closed")
    if problems:
        raise CsvImportError(problems)
    plan.statuses = [(word, meaning, count) for (word, meaning), count in sorted(words.items())]
    undated = 0
    groups = _grouped(parsed)
    del parsed
    groups.reverse()
    while groups:
        group = groups.pop()  # each job's rows let go once its application is made
        application, missing_dates = _application(group, zone, current, source, exact=own)
        undated += missing_dates
        plan.applications.append(application)
        contact = _contact(group)
        if contact is not None:
            plan.contacts.append({"key": None, "values": contact,
                                  "parts": [(application["key"], "other")]})
    if undated:
        plan.notes.append(f"{undated} status{'es have' if undated > 1 else ' has'} no date in "
                          "the file: kept with the date unknown (shown so, and left out of "
                          "bounce-back times)")
    return plan


CSV_COLUMNS_V1 = ("id", "company", "role", "stage", "applied_on", "last_activity", "source",
                  "location", "url", "notes")
"""BounceBack's own CSV export before issue 15 (without the furthest stage reached)."""


def _quoted(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'" if any(c in word for c in " ?!'\"&;$*") \
        else word


def _rows_text(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:5])
    more = f" and {len(numbers) - 5} more" if len(numbers) > 5 else ""
    return f"row{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _column_uses(header: Sequence[str], body: Sequence[Sequence[str]],
                 reading: Reading) -> list[ColumnUse]:
    by_index = {index: name for name, index in reading.fields.items()}
    uses = []
    for index, name in enumerate(header):
        samples = tuple(v for v in (_cell(row, index) for row in body)
                        if not is_placeholder(v))[:2]
        use = by_index.get(index, "kept" if index in reading.kept else "")
        uses.append(ColumnUse(name.strip() or f"column {index + 1}", use, samples))
    return uses


def _grouped(rows: list[_Row]) -> list[list[_Row]]:
    """Rows about the same company and role together (an activity log, a row per status), in
    the file's order of first appearance; rows with ids of their own stay apart."""
    groups: dict[tuple[str, ...], list[_Row]] = {}
    for row in rows:
        own_id = row.values.get("id", "")
        key = (("id", own_id) if own_id else
               (" ".join(row.company.casefold().split()), " ".join(row.role.casefold().split())))
        groups.setdefault(key, []).append(row)
    return list(groups.values())


def _instant(cell: DateCell, zone: tzinfo, now: datetime) -> datetime:
    """A cell's instant: its wall time where the person is; a day alone, local noon (or now,
    for today, so that it is not in the future)."""
    if cell.at is not None:
        return local_instant(cell, zone).astimezone(UTC)
    import pendulum

    noon = pendulum.datetime(cell.day.year, cell.day.month, cell.day.day, 12, tz=zone)
    return min(noon, now).astimezone(UTC)


def _application(group: list[_Row], zone: tzinfo, now: datetime,
                 source: str, *, exact: bool = False) -> tuple[dict[str, Any], int]:
    """One application from its rows: its events in time order, its fields, its details.
    `exact`: BounceBack's own export, whose text is taken as written (a note "-" too)."""
    first = group[0]

    def value(name: str) -> str:
        return next((row.values.get(name, "") for row in reversed(group)
                     if row.values.get(name) and (exact or not is_placeholder(row.values[name]))),
                    "")

    def when(name: str) -> datetime | None:
        cells = [row.dates[name] for row in group if name in row.dates]
        return _instant(min(cells, key=lambda c: (c.day, c.at or c.day)), zone, now) \
            if cells else None

    applied, saved = when("applied_on"), when("saved_on")
    moves: list[tuple[datetime | None, str, str]] = []
    for row in group:
        moment = next((row.dates[name] for name in ("status_on", "event_on") if name in row.dates),
                      None)
        at = _instant(moment, zone, now) if moment is not None else None
        if row.closed:
            moves.append((at, "withdrawn", f"{row.status} in the file"))
        elif row.stage is not None:
            moves.append((at, row.stage, ""))
    furthest = next((row.values.get("furthest_stage", "") for row in group
                     if row.values.get("furthest_stage")), "")
    events = _events(applied, saved, moves, furthest, now)
    undated = sum(1 for at, _stage, _note in moves if at is None and _stage not in
                  ("saved", "applied"))
    kept = [pair for row in group for pair in row.kept]
    details = _details(value, when, zone, kept)
    notes = value("notes")
    if kept:
        block = "\n".join(f"{name}: {text}" for name, text in dict.fromkeys(kept))
        heading = f"{IMPORTED_HEADING} from {source}:" if source else f"{IMPORTED_HEADING}:"
        notes = f"{notes}\n\n{heading}\n{block}" if notes else f"{heading}\n{block}"
    follow = when("follow_up_on")
    application: dict[str, Any] = {
        "key": ("csv", source, first.number), "company": first.company, "role": first.role,
        "source": value("source"), "location": value("location"), "url": value("url"),
        "notes": notes, "events": events,
        "follow_up_on": follow.astimezone(zone).date() if follow else None,
    }
    if details is not None:
        application["planning"] = {"details": details, "interviews": []}
    return application, undated


def _events(applied: datetime | None, saved: datetime | None,
            moves: list[tuple[datetime | None, str, str]], furthest: str,
            now: datetime) -> list[dict[str, Any]]:
    """The stage events: saved and applied where the file dates them, then each status in
    time order. A status the file gives no date for comes after the dated ones, its date
    unknown (`dated` false, at the instant of the step before: the product notes' rule); a
    status past `applied` with no applied step gets one at the same instant; the dates the
    file gives are kept (only ever moved later, so that the history runs forward)."""
    saved = min([saved, *(at for at, stage, _n in moves if stage == "saved" and at)],
                key=lambda at: at or datetime.max.replace(tzinfo=UTC))
    applied = min([applied, *(at for at, stage, _n in moves if stage == "applied" and at)],
                  key=lambda at: at or datetime.max.replace(tzinfo=UTC))
    later = [move for move in moves if move[1] not in ("saved", "applied")]
    stages = {stage for _at, stage, _note in moves}
    if furthest in FORWARD_RANK and FORWARD_RANK[furthest] > FORWARD_RANK["applied"] \
            and furthest not in stages:  # BounceBack's own CSV: the furthest stage reached,
        last = later[-1][0] if later else None  # just before the current stage
        later.insert(len(later) - 1 if later else 0, (last, furthest, ""))
    first: list[tuple[datetime | None, str, str]] = []
    if saved is not None or (applied is None and "saved" in stages):
        first.append((saved, "saved", ""))
    if applied is not None or "applied" in stages:
        first.append((applied, "applied", ""))
    dated = [*first, *sorted((p for p in later if p[0] is not None),
                             key=lambda p: (p[0], FORWARD_RANK.get(p[1], 99)))]
    undated = [p for p in later if p[0] is None]
    if not dated and not undated:
        return [{"stage": "applied", "at": now.astimezone(UTC), "note": "", "dated": True}]
    base = next((at for at, _stage, _note in dated if at is not None), now)
    out: list[tuple[datetime, str, str, bool]] = []
    for at, stage, note in [*dated, *undated]:
        moment = at or (out[-1][0] if out else base)
        if out:
            moment = max(moment, out[-1][0])
        done = {s for _a, s, _n, _d in out}
        if stage == "saved" and out:
            continue  # saved only ever comes first
        if stage == "applied" and "applied" in done:
            continue
        if stage not in ("saved", "applied", "withdrawn") and "applied" not in done:
            out.append((moment, "applied", "", True))  # the day the file's first step says
        if out and out[-1][1] == stage:
            continue  # a status repeated is one step
        # Unknown once one is: events with dates come first, so none follows an undated one.
        known = at is not None or not out or stage in ("saved", "applied")
        out.append((moment, stage, note, known and (not out or out[-1][3])))
    return [{"stage": stage, "at": at.astimezone(UTC), "note": note, "dated": known}
            for at, stage, note, known in out]


def _details(value: Any, when: Any, zone: tzinfo,
             kept: list[tuple[str, str]]) -> dict[str, Any] | None:
    """Pay, deadline and excitement, where the file has them (what does not read as such is
    kept with the other columns: `kept`)."""
    from ..domain.pay import PayInputError, read_pay

    pay = value("pay")
    try:
        read_pay(pay)
    except PayInputError:
        kept.append(("Pay", pay))
        pay = ""
    deadline = when("deadline_on")
    excitement_text = value("excitement")
    excitement = None
    digits = "".join(c for c in excitement_text if c.isdigit())
    if len(digits) == 1 and 1 <= int(digits) <= 5:
        excitement = int(digits)
    elif excitement_text.count("★") in range(1, 6):
        excitement = excitement_text.count("★")
    elif excitement_text:
        kept.append(("Excitement", excitement_text))
    if not (pay or deadline or excitement):
        return None
    return {"pay": pay, "posting": "", "tags": [], "excitement": excitement,
            "deadline_on": deadline.astimezone(zone).date() if deadline else None}


def _contact(group: list[_Row]) -> dict[str, str] | None:
    def value(name: str) -> str:
        return next((row.values.get(name, "") for row in reversed(group)
                     if row.values.get(name) and not is_placeholder(row.values[name])), "")

    name, email, phone = value("contact_name"), value("contact_email"), value("contact_phone")
    if not (name or email or phone):
        return None
    return {"name": name or email or phone, "title": "", "company": group[0].company,
            "email": email, "phone": phone, "link": "", "notes": ""}


def _now() -> datetime:
    import pendulum

    return pendulum.now("UTC")


def merge_plans(plans: Sequence[Any]) -> Any:
    """One plan from the tables of one archive (a LinkedIn download: its applications, then
    its saved jobs): an application a later table repeats (same link, or same company and
    role) is left out there."""
    first = plans[0]
    seen_links = {app["url"].strip().casefold() for app in first.applications if app["url"]}
    seen_jobs = {_job(app) for app in first.applications}
    for plan in plans[1:]:
        dropped = set()
        for app in plan.applications:
            link = app["url"].strip().casefold()
            if (link and link in seen_links) or _job(app) in seen_jobs:
                dropped.add(app["key"])
                continue
            first.applications.append(app)
            seen_jobs.add(_job(app))
            if link:
                seen_links.add(link)
        first.contacts.extend(p for p in plan.contacts
                              if not any(key in dropped for key, _part in p["parts"]))
        first.notes.extend(plan.notes)
        first.columns.extend(plan.columns)
        first.statuses.extend(plan.statuses)
    return first


def _job(app: Mapping[str, Any]) -> tuple[str, str]:
    return (" ".join(app["company"].casefold().split()), " ".join(app["role"].casefold().split()))
