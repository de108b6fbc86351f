"""The pipeline table's "Next" cell (issue 14): an interview coming up, "how did it go?"
after one, else the follow-up rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bounceback_tui.domain.follow_up import next_label

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)  # a Monday


@dataclass
class Row:
    id: int = 1
    stage: str = "interviewing"
    follow_up_on: date | None = None
    last_activity_at: datetime = NOW - timedelta(days=40)
    next_interview: tuple[datetime, str] | None = None
    unnoted_interview: tuple[datetime, int | None] | None = None


def label(row: Row, now: datetime = NOW, skipped: frozenset[int] = frozenset()) -> tuple:
    return next_label(row, now, quiet_days=14, ghost_days=30, skipped=skipped)


def test_the_next_interview_wins_over_quiet_and_ghosted() -> None:
    assert label(Row()) == ("ghosted?", "ghosted")
    for at, kind, text in (
            (NOW + timedelta(hours=1), "technical", "tech today 10:00"),
            (NOW + timedelta(days=1), "phone screen", "phone tmrw 09:00"),
            (NOW + timedelta(days=4, hours=6), "onsite", "onsite Fri 15:00"),
            (NOW + timedelta(days=10), "final", "final 17 Dec"),
            (NOW + timedelta(days=2), "take-home", "take-home Wed"),
            (NOW + timedelta(days=1), "other", "interview tmrw 09:00")):
        assert label(Row(next_interview=(at.astimezone(ZoneInfo("UTC")), kind))) == (
            text, "interview")
    closed = Row(stage="rejected", next_interview=(NOW + timedelta(hours=1), "video"))
    assert label(closed)[1] != "interview"


def test_after_an_interview_the_row_asks_how_it_went_for_half_a_day() -> None:
    held = Row(unnoted_interview=(NOW - timedelta(hours=2), 45))
    assert label(held) == ("how did it go?", "ask")
    assert label(Row(unnoted_interview=(NOW - timedelta(minutes=20), 45))) == (
        "on now", "interview")
    assert label(held, NOW + timedelta(hours=14))[1] == "ghosted"  # let it be
    assert label(held, skipped=frozenset({1}))[1] == "ghosted"
    both = Row(unnoted_interview=(NOW - timedelta(hours=2), 45),
               next_interview=(NOW + timedelta(days=1), "final"))
    assert label(both) == ("final tmrw 09:00", "interview")


@dataclass
class Imported(Row):
    stage_dated: bool = True


def test_a_stage_whose_date_is_unknown_gets_no_quiet_or_ghosted_marker() -> None:
    """An import that says "Interviewing" without a date cannot tell how long it has been
    quiet: no marker (PRODUCT.md); a follow-up day still shows."""
    assert label(Imported()) == ("ghosted?", "ghosted")
    assert label(Imported(stage_dated=False)) == ("", "")
    assert label(Imported(stage_dated=False, follow_up_on=NOW.date())) == ("due today", "due")
