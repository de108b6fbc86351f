"""Reading a spreadsheet or another tracker's CSV into an import plan (issue 15).

Every row is checked before anything is written, and every problem is found in one pass:
`CsvImportError.problems` holds one line per problem (a row, a column, the status words
nobody knows with the flag that maps them). The file is never held whole: a `survey` pass
learns the header's columns and where each job's rows end, and each later pass
(`CsvApplications`) makes each application as soon as its rows are read. What a dry run shows is on the plan:
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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any, TextIO

from ..domain.import_dates import (
    DateCell,
    DateCellError,
    both_readings,
    column_order,
    is_placeholder,
    local_instant,
    order_hint,
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
HEAD_CHARS = 65_536
"""How much of a file is read to tell its delimiter (from the header row)."""

RowSource = Callable[[], Iterator[list[str]]]
"""A fresh pass over a CSV's records, the header row first: over a text, or over a file read
from the disk again at each pass (a large file is never held in memory whole)."""


class CsvImportError(InvalidInput):
    """The file cannot be imported as it is: `problems` holds one line per problem."""

    def __init__(self, problems: Sequence[str],
                 unknown: Mapping[str, list[int]] | None = None) -> None:
        shown = list(problems[:MAX_PROBLEMS_SHOWN])
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"… and {len(problems) - MAX_PROBLEMS_SHOWN} more problems")
        super().__init__("\n".join(shown))
        self.problems = shown
        self.unknown = dict(unknown or {})
        """The status words nobody knows, with the rows they are on (the dashboard asks what
        each means)."""


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


def text_rows(text: str) -> RowSource:
    """The records of a CSV text (a BOM dropped; `,`, `;` or tab, whichever the header row's
    fields say); reading them raises CsvImportError where the text is not CSV."""
    text = text.lstrip("\ufeff")
    dialect = dialect_of(text[:HEAD_CHARS])

    def rows() -> Iterator[list[str]]:
        return records(io.StringIO(text), dialect, len(text))
    return rows


def records(handle: TextIO, dialect: Any, size: int) -> Iterator[list[str]]:
    """The records read from `handle` (opened with newline=""); a cell may be as long as the
    file (a long note)."""
    reader = csv.reader(handle, dialect, strict=True)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, size))
    try:
        yield from reader
    except csv.Error as exc:
        raise CsvImportError([f"line {reader.line_num}: not readable as CSV ({exc})"]) from None
    finally:
        csv.field_size_limit(limit)


def dialect_of(text: str) -> Any:
    """The delimiter the header row at the start of `text` is written with."""
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


@dataclass(slots=True)
class _DateSurvey:
    """What a date column's cells say, gathered row by row: how many hold something, how
    many a Yes/No, and the first value read only day first, only month first, or both ways."""

    filled: int = 0
    yes_no: int = 0
    day_first: str = ""
    month_first: str = ""
    either: str = ""

    def add(self, value: str) -> None:
        if is_placeholder(value):
            return
        self.filled += 1
        if value.strip().casefold() in YES_NO:
            self.yes_no += 1
        if self.day_first and self.month_first:
            return  # the column disagrees with itself: nothing more to learn
        hint = order_hint(value)
        if hint == "dmy":
            self.day_first = self.day_first or value
        elif hint == "mdy":
            self.month_first = self.month_first or value
        elif hint == "either":
            self.either = self.either or value


@dataclass
class Survey:
    """A first pass over a file: what its header needs to be read (which columns hold
    anything, two samples of each, what the date columns hold) and where each job's rows
    end, so that the next pass can hand over each application as soon as its rows are in."""

    header: list[str]
    own: bool
    filled: list[bool]
    samples: list[list[str]]
    dates: dict[int, _DateSurvey]
    ends: bytearray
    """ends[n] is 1 when row n is the last row of its job's rows."""


def survey(rows: RowSource) -> Survey | None:
    """The file's survey (None for an empty file). Rows are told apart by company and role
    (or BounceBack's own id): only a hash of each is kept, so a million rows cost a few
    dozen megabytes; two jobs whose hashes met (about one file in 10^10) would be handed
    over a little later, never merged."""
    from .interchange import CSV_COLUMNS

    it = rows()
    header = next(it, None)
    if header is None:
        return None
    own = tuple(header) in (CSV_COLUMNS, CSV_COLUMNS_V1)
    job_fields: dict[str, int] = {}
    for index, name in enumerate(header):
        target = field_of(name)
        if target in ("id", "company", "role") and target not in job_fields:
            job_fields[target] = index
    width = len(header)
    filled, samples = [False] * width, [[] for _ in header]
    dates = {index: _DateSurvey() for index, name in enumerate(header)
             if field_of(name) in DATE_FIELDS}
    open_columns = list(range(width))
    last: dict[int, int] = {}
    number = 1
    for number, row in enumerate(it, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if open_columns:
            for index in open_columns:
                value = _cell(row, index)
                if value:
                    filled[index] = True
                    if len(samples[index]) < 2 and not is_placeholder(value):
                        samples[index].append(value)
            open_columns = [i for i in open_columns if not filled[i] or len(samples[i]) < 2]
        for index, column in dates.items():
            column.add(_cell(row, index))
        last[hash(_job_key(_row_values(row, job_fields, own)))] = number
    ends = bytearray(number + 1)
    for end in last.values():
        ends[end] = 1
    return Survey(header, own, filled, samples, dates, ends)


def read_header(found: Survey, *, date_order: str | None, problems: list[str]) -> Reading:
    """Which column fills which field. A date field's column must hold dates; its day and
    month order is read from all its values."""
    header = found.header
    reading = Reading()
    activity_log = any(field_of(name) == "event_type" for name in header)
    for index, name in enumerate(header):
        target = field_of(name)
        if target == "event_on" and not activity_log:
            target = "applied_on" if "applied_on" not in reading.fields else None
        if target in DATE_FIELDS:
            order = _date_column(name, found.dates[index], date_order, problems)
            if order == "not dates":
                target = None
            else:
                reading.orders[index] = order
        if target is None or target in reading.fields:
            if name.strip() or found.filled[index]:
                reading.kept.append(index)
            continue
        reading.fields[target] = index
    return reading


def _date_column(name: str, column: _DateSurvey, date_order: str | None,
                 problems: list[str]) -> str | None:
    """The column's day/month order, "not dates" when most of its values are not dates."""
    if not column.filled:
        return None
    if column.yes_no * 2 >= column.filled:
        return "not dates"  # JobSync's `applied`: Yes/No
    if date_order is not None:
        return date_order  # the person said so: values that cannot be read so are problems
    try:  # the values that decide it: the first read each way
        order = column_order(v for v in (column.day_first, column.month_first, column.either)
                             if v)
    except DateCellError as exc:
        problems.append(f"column '{name.strip()}' {exc}: fix the file, or split the column")
        return "mdy"
    if order is None:
        first, second = both_readings(column.either)
        problems.append(f"column '{name.strip()}': {column.either!r} reads {first} day first "
                        f"or {second} month first; add --dates dmy or --dates mdy")
        return "mdy"
    return order


def _row_values(row: Sequence[str], fields: Mapping[str, int], own: bool) -> dict[str, str]:
    """A row's cells by field (those with text); BounceBack's own export's text exactly as
    the user wrote it (the formula guard taken off)."""
    values = {name: value for name, index in fields.items() if (value := _cell(row, index))}
    if own:
        from .interchange import CSV_TEXT_COLUMNS, formula_unguard

        for name in CSV_TEXT_COLUMNS:
            index = fields.get(name)
            if index is not None and index < len(row):
                values[name] = formula_unguard(row[index])
    return values


def _job_key(values: Mapping[str, str]) -> tuple[str, ...]:
    """Rows about the same company and role are one job (an activity log, a row per status);
    rows with ids of their own stay apart."""
    own_id = values.get("id", "")
    return (("id", own_id) if own_id else
            (" ".join(values.get("company", "").casefold().split()),
             " ".join(values.get("role", "").casefold().split())))


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


def plan_csv(rows: str | RowSource, *, date_order: str | None = None,
             statuses: Mapping[str, str] | None = None, now: datetime | None = None,
             tz: tzinfo | None = None, source: str = "", lazy: bool = False) -> Any:
    """Read and check a spreadsheet's applications (a CSV text, or a `RowSource`): an
    `ImportPlan`, or CsvImportError with every problem. `statuses` maps more status words
    (normalised) to stages or "closed"; `source` names the file (the Imported block says
    where its columns came from).

    `lazy`: the plan's applications are read from the rows at each pass over them
    (`CsvApplications`), never all held at once; a pass that finds problems raises
    CsvImportError at its end, after every row (a writer rolls back)."""
    from ..domain.dates import local_zone
    from .interchange import ImportPlan

    source_rows = text_rows(rows) if isinstance(rows, str) else rows
    found = survey(source_rows)
    if found is None:
        raise CsvImportError(["the CSV file is empty"])
    header = found.header
    problems: list[str] = []
    reading = read_header(found, date_order=date_order, problems=problems)
    missing = [label for need, label in (("company", "Company"), ("role", "Role or Title"))
               if need not in reading.fields]
    if missing:
        shown = ", ".join(h.strip() for h in header if h.strip())
        raise CsvImportError([f"no {' or '.join(missing)} column (found: {shown})"])
    plan = ImportPlan()
    plan.columns = _column_uses(found, reading)
    zone = tz or local_zone()
    applications = CsvApplications(
        plan, source_rows, found, reading, problems, statuses=dict(statuses or {}),
        zone=zone, now=now or _now(), source=source)
    plan.applications = applications if lazy else list(applications)
    return plan


class CsvApplications:
    """A spreadsheet's applications, made from its rows at each pass (the survey says where
    each job's rows end, so each is handed over as soon as they are all read). A pass ends by
    raising CsvImportError when any row has a problem (all of them listed); the first whole
    pass fills in what a dry run shows (the plan's statuses and notes) and the counts."""

    def __init__(self, plan: Any, rows: RowSource, found: Survey, reading: Reading,
                 problems: list[str], *, statuses: dict[str, str], zone: tzinfo,
                 now: datetime, source: str) -> None:
        self._plan, self._rows, self._survey, self._reading = plan, rows, found, reading
        self._header_problems = problems
        self._statuses, self._zone, self._now, self._source = statuses, zone, now, source
        self.counts: tuple[int, int, int] | None = None
        """(applications, stage events, people), once a whole pass has been made."""

    def __len__(self) -> int:
        counts = self.check()
        assert counts is not None
        return counts[0]

    def check(self, *, counts: bool = True) -> tuple[int, int, int] | None:
        """Read every row once, keeping nothing (or raise CsvImportError): the counts.
        Without `counts`, only the rows are checked (no application is made: faster)."""
        if self.counts is None:
            for _application in self._pass(build=counts):
                pass
        return self.counts

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self._pass(build=True)

    def _pass(self, *, build: bool) -> Iterator[dict[str, Any]]:
        header, reading, own = self._survey.header, self._reading, self._survey.own
        today = self._now.astimezone(self._zone).date()
        ends = self._survey.ends
        problems = list(self._header_problems)
        unknown: dict[str, list[int]] = defaultdict(list)
        words: Counter[tuple[str, str]] = Counter()
        groups: dict[tuple[str, ...], list[Any]] = {}  # job → [rows, all read]
        made = events = people = undated = 0
        rows = self._rows()
        next(rows, None)  # the header
        for number, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            values = _row_values(row, reading.fields, own)
            company, role = values.get("company", ""), values.get("role", "")
            if is_placeholder(company):
                problems.append(f"row {number}: the company is empty")
            if is_placeholder(role):
                problems.append(f"row {number}: the role is empty")
            status = values.get("stage", "") or values.get("event_type", "")
            if values.get("stage") and values.get("event_type"):
                status = values["stage"]  # an activity log's move names the list moved to
            found = read_status(status, self._statuses)
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
                    problems.append(f"row {number}: '{header[index].strip()}': "
                                    f"{values[name]!r} is in the future")
                elif cell is not None:
                    dates[name] = cell
            if problems or unknown or not build:
                continue  # nothing will be written (or made): the rest is only checked
            kept = [(header[index].strip() or f"column {index + 1}", _cell(row, index))
                    for index in reading.kept if not is_placeholder(_cell(row, index))]
            group = groups.setdefault(_job_key(values), [[], False])
            group[0].append(_Row(number, company, role, status.strip(), found.stage,
                                 found.closed, dates, values, kept))
            group[1] = group[1] or number < len(ends) and ends[number] == 1
            while groups:  # hand over, in the order of first rows, each job whose rows are in
                first = next(iter(groups))
                if not groups[first][1]:
                    break
                application, missing_dates = self._application(groups.pop(first)[0])
                made, events = made + 1, events + len(application["events"])
                people, undated = people + ("contact" in application), undated + missing_dates
                yield application
        for word, numbers in sorted(unknown.items()):
            problems.append(f"unknown status '{word}' ({_rows_text(numbers)}): add --status "
                            f"{_quoted(word)}=STAGE with STAGE one of {', '.join(STAGES)} or "
                            "closed")
        if problems:
            raise CsvImportError(problems, unknown)
        if not build:
            return
        for job_rows, _done in list(groups.values()):  # only where two jobs' hashes met
            application, missing_dates = self._application(job_rows)
            made, events = made + 1, events + len(application["events"])
            people, undated = people + ("contact" in application), undated + missing_dates
            yield application
        if self.counts is None:
            self._finish(made, events, people, undated, words)

    def _application(self, group: list[_Row]) -> tuple[dict[str, Any], int]:
        application, missing_dates = _application(group, self._zone, self._now, self._source,
                                                  exact=self._survey.own)
        contact = _contact(group)
        if contact is not None:
            application["contact"] = contact
        return application, missing_dates

    def _finish(self, made: int, events: int, people: int, undated: int,
                words: Counter[tuple[str, str]]) -> None:
        self.counts = (made, events, people)
        plan = self._plan
        plan.statuses = [(word, meaning, count) for (word, meaning), count in sorted(words.items())]
        if undated:
            plan.notes.append(f"{undated} status{'es have' if undated > 1 else ' has'} no date "
                              "in the file: kept with the date unknown (shown so, and left out "
                              "of bounce-back times)")


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


def _column_uses(found: Survey, reading: Reading) -> list[ColumnUse]:
    by_index = {index: name for name, index in reading.fields.items()}
    return [ColumnUse(name.strip() or f"column {index + 1}",
                      by_index.get(index, "kept" if index in reading.kept else ""),
                      tuple(found.samples[index]))
            for index, name in enumerate(found.header)]


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
    role) is left out there (its person with it)."""
    first = plans[0]
    if len(plans) == 1:
        return first  # a lazy plan (a large CSV file) stays lazy
    seen_links = {app["url"].strip().casefold() for app in first.applications if app["url"]}
    seen_jobs = {_job(app) for app in first.applications}
    for plan in plans[1:]:
        for app in plan.applications:
            link = app["url"].strip().casefold()
            if (link and link in seen_links) or _job(app) in seen_jobs:
                continue
            first.applications.append(app)
            seen_jobs.add(_job(app))
            if link:
                seen_links.add(link)
        first.notes.extend(plan.notes)
        first.columns.extend(plan.columns)
        first.statuses.extend(plan.statuses)
    return first


def _job(app: Mapping[str, Any]) -> tuple[str, str]:
    return (" ".join(app["company"].casefold().split()), " ".join(app["role"].casefold().split()))
