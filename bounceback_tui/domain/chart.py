"""The Timeline pane's charts as plain lines: the rejection-to-offer streak chart, the
activity heatmap, the streak line, sparklines, the bounce-back trend and the funnel.

Pure functions, no Textual or Rich: each chart is a list of `Line`s, a line being
(text, role) pieces that the widget styles by role. Every glyph is one cell wide, so a
line's width is the sum of its pieces' lengths. User text (company names) only ever goes
into pieces whose role is "label" or "text".
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Final, NamedTuple

from .metrics import FUNNEL_STAGES
from .stages import outcome_class

Line = list[tuple[str, str]]
"""One row of a chart: (text, role) pieces, left to right."""

ROLES: Final[frozenset[str]] = frozenset(
    {"heading", "label", "muted", "rejected", "ghosted", "yes", "open", "heat-0", "heat-1",
     "heat-2", "heat-3", "heat-4", "spark", "good", "bar", "number", "text"}
)
"""Every role a piece may carry."""

GLYPH_REJECTED: Final = "▮"
GLYPH_GHOSTED: Final = "▯"
GLYPH_YES: Final = "✦"
GLYPH_OPEN: Final = "╌"
HEAT_GLYPHS: Final = "·░▒▓█"
SPARK_GLYPHS: Final = "▁▂▃▄▅▆▇█"

_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY_LABELS: Final = ("Mon ", "    ", "Wed ", "    ", "Fri ", "    ", "    ")
_COMPANY_BUDGET: Final = 20
"""At most this many cells of a company name count when sharing the width with the bars."""
_FIRST_RUN: Final = (
    "Every no and every yes you log will show up here as a row.",
    "Each no is a step toward your next yes.",
)
_GENTLE_EMPTY: Final = "Your first yes will be marked here. Every step you take counts."


class OutcomeMark(NamedTuple):
    """One application's outcome, in metrics order (by instant, ties by application id)."""

    stage: str
    """The current stage: "rejected" or "ghosted" for a no; "offer", "accepted" or
    "declined" for a yes."""
    company: str
    day: date
    """The local day of the outcome instant."""


class RunBar(NamedTuple):
    """The no's before one yes (or, for the current run, since the last yes)."""

    nos: tuple[str, ...]
    """Each "rejected" or "ghosted", in order."""
    company: str | None
    """The yes's company; None for the current run."""
    day: date | None
    current: bool


def split_runs(marks: Sequence[OutcomeMark]) -> list[RunBar]:
    """Cut the outcomes at each yes, like `metrics.rejection_runs`: completed runs oldest
    first, then always the current run (the no's after the last yes, possibly none)."""
    runs: list[RunBar] = []
    nos: list[str] = []
    for mark in marks:
        kind = outcome_class(mark.stage)
        if kind == "no":
            nos.append(mark.stage)
        elif kind == "yes":
            runs.append(RunBar(tuple(nos), mark.company, mark.day, False))
            nos = []
    runs.append(RunBar(tuple(nos), None, None, True))
    return runs


def _add(line: Line, text: str, role: str) -> None:
    """Append a piece, merging it into the last one when the role is the same."""
    if not text:
        return
    if line and line[-1][1] == role:
        line[-1] = (line[-1][0] + text, role)
    else:
        line.append((text, role))


def _width(line: Line) -> int:
    """A line's width in cells."""
    return sum(len(text) for text, _ in line)


def _clip(line: Line, width: int) -> Line:
    """The line cut to at most `width` cells."""
    clipped: Line = []
    room = max(width, 0)
    for text, role in line:
        if room <= 0:
            break
        clipped.append((text[:room], role))
        room -= len(text)
    return clipped


def _truncate(text: str, room: int) -> str:
    """`text` cut to `room` cells, ending in `…` when cut."""
    if len(text) <= room:
        return text
    return text[: room - 1] + "…" if room > 0 else ""


def _day_tail(run: RunBar, with_year: bool) -> str:
    """`  Mar 3` (or `  Mar 3 2025`) for a yes's day; empty without one."""
    if run.day is None:
        return ""
    text = f"  {_MONTHS[run.day.month - 1]} {run.day.day}"
    return f"{text} {run.day.year}" if with_year else text


def _spans_years(completed: Sequence[RunBar]) -> bool:
    """Whether the yeses fall in more than one year (then every day shows its year)."""
    return len({run.day.year for run in completed if run.day}) > 1


def _labelled(head: Line, company: str, tail: str, width: int) -> Line:
    """`head`, then the company cut with `…` so the line fits `width`, then `tail`."""
    line = list(head)
    room = width - _width(head) - len(tail)
    _add(line, _truncate(company, max(room, 1)), "label")
    _add(line, tail, "muted")
    return line


class _Row(NamedTuple):
    """One run's row before layout: its no's, end marker, label phrase, company and day."""

    nos: tuple[str, ...]
    marker: tuple[str, str]
    phrase: str
    company: str
    tail: str

    @property
    def count(self) -> str:
        """The number of no's as the label shows it (none for a yes straight after a yes)."""
        return str(len(self.nos)) if self.nos else ""

    def label_width(self, company_cells: int) -> int:
        """The label's width with the company taking at most `company_cells`."""
        fixed = len(self.count) + len(self.phrase) + len(self.tail)
        return fixed + min(len(self.company), company_cells)


def runs_chart(runs: Sequence[RunBar], width: int, *, gentle: bool = False) -> list[Line]:
    """The streak chart: one row per completed run, oldest first, then the current run.

    `gentle` hides every rejection count and shows only the yeses.
    """
    completed = [run for run in runs if not run.current]
    current = next((run for run in runs if run.current), RunBar((), None, None, True))
    if gentle:
        lines = _gentle_lines(completed, width)
    elif not completed and not current.nos:
        lines = [[(text, "muted")] for text in _FIRST_RUN]
    else:
        lines = _run_lines(completed, current, width)
    return [_clip(line, width) for line in lines]


def _gentle_lines(completed: Sequence[RunBar], width: int) -> list[Line]:
    """Gentle mode: one `✦ yes  Acme  Mar 3` line per yes, no counts at all."""
    if not completed:
        return [[(_GENTLE_EMPTY, "muted")]]
    with_year = _spans_years(completed)
    head: Line = [(GLYPH_YES, "yes"), (" yes  ", "muted")]
    return [_labelled(head, run.company or "", _day_tail(run, with_year), width)
            for run in completed]


def _rows(completed: Sequence[RunBar], current: RunBar) -> list[_Row]:
    """The rows to draw, before layout: completed runs, then the current one if it has no's."""
    with_year = _spans_years(completed)
    rows = [_Row(run.nos, (GLYPH_YES, "yes"), f"{_nos(len(run.nos))}→ yes  " if run.nos
                 else "a yes right after  ", run.company or "", _day_tail(run, with_year))
            for run in completed]
    if current.nos:
        rows.append(_Row(current.nos, (GLYPH_OPEN, "open"), f"{_nos(len(current.nos))}so far",
                         "", ""))
    return rows


def _nos(count: int) -> str:
    """` no ` or ` no's ` after a count."""
    return " no " if count == 1 else " no's "


def _run_lines(completed: Sequence[RunBar], current: RunBar, width: int) -> list[Line]:
    """Bars left-aligned, labels in a column after the longest bar, all within `width`."""
    rows = _rows(completed, current)
    longest_label = max(row.label_width(_COMPANY_BUDGET) for row in rows)
    bar_area = max(8, width - longest_label - 2)
    most = max(len(row.nos) for row in rows)
    per_cell = 1 if most + 1 <= bar_area else math.ceil(most / (bar_area - 1))
    bars = [_bar(row.nos, per_cell, row.marker) for row in rows]
    bar_column = max(map(_width, bars))
    lines = []
    for row, bar in zip(rows, bars, strict=True):
        head = bar + [(" " * (bar_column - _width(bar) + 2), "muted"),
                      (row.count, "number"), (row.phrase, "muted")]
        lines.append(_labelled(head, row.company, row.tail, width))
    if per_cell > 1:
        lines.append([(f"one cell = {per_cell} no's", "muted")])
    return lines


def _bar(nos: Sequence[str], per_cell: int, marker: tuple[str, str]) -> Line:
    """A run's bar: one cell per `per_cell` no's, then its end marker.

    A cell is ghosted only when most of its no's are ghosted (ties count as rejected).
    """
    bar: Line = []
    for start in range(0, len(nos), per_cell):
        cell = nos[start : start + per_cell]
        if cell.count("ghosted") * 2 > len(cell):
            _add(bar, GLYPH_GHOSTED, "ghosted")
        else:
            _add(bar, GLYPH_REJECTED, "rejected")
    _add(bar, *marker)
    return bar


def heat_level(count: int) -> int:
    """The heat level of a day's count: 0, 1, 2, 3 (3–4) or 4 (5 or more)."""
    if count <= 2:
        return max(count, 0)
    return 3 if count <= 4 else 4


def heat_weeks(width: int, wanted: int = 26) -> int:
    """How many week columns (2 cells each, after 4 cells of day labels) fit in `width`."""
    return max(1, min(wanted, (width - 4) // 2))


def heatmap(counts: Mapping[date, int], today: date, weeks: int) -> list[Line]:
    """A month line, seven rows Mon..Sun of `weeks` columns ending with today's week, and a
    legend. Days after today are blank."""
    weeks = max(weeks, 1)
    first_monday = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    mondays = [first_monday + timedelta(weeks=column) for column in range(weeks)]
    lines = [_month_line(mondays)]
    for weekday, day_label in enumerate(_DAY_LABELS):
        line: Line = [(day_label, "muted")]
        for monday in mondays:
            day = monday + timedelta(days=weekday)
            if day > today:
                _add(line, "  ", "muted")
            else:
                level = heat_level(counts.get(day, 0))
                _add(line, HEAT_GLYPHS[level] + " ", f"heat-{level}")
        lines.append(line)
    lines.append(_legend())
    return lines


def _month_line(mondays: Sequence[date]) -> Line:
    """Month names above the first column of each month, within the grid's width."""
    text = " " * len(_DAY_LABELS[0])
    grid_end = len(text) + 2 * len(mondays)
    for column, monday in enumerate(mondays):
        start = len(_DAY_LABELS[0]) + 2 * column
        name = _MONTHS[monday.month - 1]
        fits = start + len(name) <= grid_end and len(text.rstrip()) < start
        if monday.day <= 7 and fits:
            text = text.ljust(start) + name
    return [(text, "muted")]


def _legend() -> Line:
    """`less · ░ ▒ ▓ █ more`, each glyph in its own heat role."""
    line: Line = [("less ", "muted")]
    for level, glyph in enumerate(HEAT_GLYPHS):
        line += [(glyph, f"heat-{level}"), (" ", "muted")]
    line[-1] = (" more", "muted")
    return line


def streak_line(current: int, longest: int) -> Line:
    """`current streak 5 days · longest 23 days`; what is not there is not said (no "streak
    0", no "not yet today"): `longest streak 23 days` alone, or nothing."""
    line: Line = []
    if current > 0:
        line += [("current streak ", "label"), (str(current), "number"),
                 (_unit(current, "day"), "label")]
    if longest > 0:
        line += [(" · longest ", "muted") if line else ("longest streak ", "muted"),
                 (str(longest), "number"), (_unit(longest, "day"), "muted")]
    return line


def _unit(count: int, noun: str) -> str:
    """` day` or ` days`."""
    return f" {noun}" if count == 1 else f" {noun}s"


def sparkline(values: Sequence[float], width: int) -> str:
    """One glyph per value, scaled min..max; more values than `width` are averaged in
    consecutive buckets. All-equal values sit at the middle glyph."""
    if not values or width <= 0:
        return ""
    n = len(values)
    if n > width:
        buckets = (values[i * n // width : (i + 1) * n // width] for i in range(width))
        values = [sum(bucket) / len(bucket) for bucket in buckets]
    low, high = min(values), max(values)
    top = len(SPARK_GLYPHS) - 1
    if high == low:
        return SPARK_GLYPHS[top // 2] * len(values)
    return "".join(SPARK_GLYPHS[round((v - low) / (high - low) * top)] for v in values)


def trend_sentence(days: Sequence[float]) -> str | None:
    """How bounce-back times moved: earlier half's median against the recent half's.

    Says "faster" when they clearly shrank, otherwise only where they are lately; None
    with fewer than 4 values.
    """
    if len(days) < 4:
        return None
    half = (len(days) + 1) // 2
    earlier = statistics.median(days[:half])
    recent = statistics.median(days[half:])
    if recent < earlier - 0.05 and recent <= earlier * 0.9:
        return f"bouncing back faster: {earlier:.1f} → {_days(recent)}"
    return f"lately about {_days(recent)} from a no to your next step"


def _days(value: float) -> str:
    """`2.5 days`, or `1.0 day`."""
    text = f"{value:.1f}"
    return f"{text} day" if text == "1.0" else f"{text} days"


def funnel_lines(funnel: Mapping[str, int], response_rate: float, width: int) -> list[Line]:
    """A line per funnel stage: its count, the conversion from the previous stage (a column
    beside the counts, where the eye compares them) and a bar; then the response rate."""
    counts = [max(funnel.get(stage, 0), 0) for stage in FUNNEL_STAGES]
    name_width = max(map(len, FUNNEL_STAGES))
    count_width = max(len(str(count)) for count in counts)
    room = max(width - name_width - count_width - 2 - 6, 0)  # 6: a conversion, ` 42% `
    applied = counts[0]
    lines = []
    for i, (stage, count) in enumerate(zip(FUNNEL_STAGES, counts, strict=True)):
        cells = _bar_cells(count, applied, room)
        previous = counts[i - 1] if i else 0
        conversion = f"{count / previous:.0%}".rjust(5) + " " if previous else " " * 6
        line: Line = []
        pieces = [(stage.ljust(name_width), "label"), (" ", "muted"),
                  (str(count).rjust(count_width), "number")]
        if cells:
            pieces += [(conversion, "muted"), (" ", "muted"), ("█" * cells, "bar")]
        elif previous:
            pieces.append((conversion.rstrip(), "muted"))
        for text, role in pieces:
            _add(line, text, role)
        lines.append(_clip(line, width))
    rate: Line = [("response rate ", "label"), (f"{response_rate:.0%}", "number")]
    lines.append(_clip(rate, width))
    return lines


def _bar_cells(count: int, applied: int, room: int) -> int:
    """Cells for `count` out of `applied` over `room` cells: at least 1 when count > 0."""
    if applied <= 0 or count <= 0 or room <= 0:
        return 0
    return min(room, max(1, round(count / applied * room)))
