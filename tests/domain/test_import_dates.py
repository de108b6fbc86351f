"""Dates as other trackers write them (issue 15)."""

from __future__ import annotations

from datetime import date, time, timezone

import pytest

from bounceback_tui.domain.import_dates import (
    DateCell,
    DateCellError,
    both_readings,
    column_order,
    read_date,
)

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(("text", "order", "cell"), [
    ("12/3/26, 9:41 AM", "mdy", DateCell(date(2026, 12, 3), time(9, 41))),
    ("01/02/23, 12:00 AM", "mdy", DateCell(date(2023, 1, 2), time(0, 0))),
    ("November 10, 2026 9:41 AM", None, DateCell(date(2026, 11, 10), time(9, 41))),
    ("March 5, 2026", None, DateCell(date(2026, 3, 5))),
    ("November 5, 2025 6:00 AM (PST) → 7:30 AM", None, DateCell(date(2025, 11, 5),
                                                                time(6, 0))),
    ("2026-03-05", None, DateCell(date(2026, 3, 5))),
    ("2026/11/30", None, DateCell(date(2026, 11, 30))),
    ("30.11.2026", "dmy", DateCell(date(2026, 11, 30))),
    ("9/19", "mdy", DateCell(date(2026, 9, 19))),
    ("12/19", "mdy", DateCell(date(2025, 12, 19))),  # a day not yet come this year: last
    ("10 Nov 2026", None, DateCell(date(2026, 11, 10))),
])
def test_real_date_text_reads_as_the_day_it_names(text, order, cell) -> None:
    assert read_date(text, order=order, today=TODAY) == cell


def test_an_instant_with_its_offset_keeps_it() -> None:
    cell = read_date("2026-03-09T16:02:44.120Z", order=None, today=TODAY)
    assert cell is not None and (cell.day, cell.at, cell.offset) == (
        date(2026, 3, 9), time(16, 2, 44, 120000), timezone.utc)


@pytest.mark.parametrize("text", ["N/A", "-", "—", "TBD", "", "  ", "n/a", "none"])
def test_placeholders_are_empty(text: str) -> None:
    assert read_date(text, order=None, today=TODAY) is None


def test_the_column_settles_the_order() -> None:
    assert column_order(["11/30/2026", "03/04/2026"]) == "mdy"
    assert column_order(["30/11/2026", "03/04/2026"]) == "dmy"
    assert column_order(["03/04/2026", "05/06/2026"]) is None  # ask
    assert column_order(["03/03/2026", "2026-04-01", "N/A"]) == "mdy"  # changes nothing
    with pytest.raises(DateCellError, match="both '30/11/2026'"):
        column_order(["30/11/2026", "11/30/2026"])
    assert both_readings("03/04/2026") == ("3 Apr 2026", "4 Mar 2026")


@pytest.mark.parametrize("text", ["31/31/2026", "someday", "13:99", "2026-02-30"])
def test_what_is_not_a_date_says_so(text: str) -> None:
    with pytest.raises(DateCellError):
        read_date(text, order="dmy", today=TODAY)
