"""Which reminders are due (issue 14)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bounceback_tui.domain.reminders import due_reminders

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass
class Interview:
    id: int
    company: str
    kind: str
    starts_at: datetime


@dataclass
class FollowUp:
    id: int
    company: str
    role: str


def at(hour: int, minute: int = 0, day: int = 7) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=BERLIN)


def due(now, interviews=(), follow_ups=(), shown=(), ended=()):
    return due_reminders(now=now, interviews=interviews, follow_ups=follow_ups,
                         minutes_before=(60, 10), shown=set(shown), ended=ended)


def test_an_interview_is_announced_an_hour_and_ten_minutes_before_once_each() -> None:
    acme = Interview(1, "Acme", "technical", at(14))
    assert due(at(12, 30), [acme]) == []  # too early
    (hour,) = due(at(13, 5), [acme])
    assert hour.message.startswith("Acme · technical in 55 min, at 14:00.")
    assert due(at(13, 6), [acme], shown=hour.keys) == []  # not again
    (ten,) = due(at(13, 52), [acme], shown=hour.keys)
    assert "in 8 min" in ten.message
    assert due(at(13, 53), [acme], shown={*hour.keys, *ten.keys}) == []
    assert due(at(14, 1), [acme]) == []  # it has started


def test_opened_late_one_reminder_stands_for_both() -> None:
    acme = Interview(1, "Acme", "video", at(14))
    (only,) = due(at(13, 55), [acme])
    assert set(only.keys) == {("interview", 1, 60), ("interview", 1, 10)}


def test_no_reminder_at_night_unless_the_interview_is_then() -> None:
    early = Interview(1, "Acme", "phone screen", at(8, 30))
    assert due(at(7, 40), [early]) == []  # 07:40 is night; 08:30 is not
    (morning,) = due(at(8, 0), [early])  # at eight it comes, still once
    assert "in 30 min" in morning.message
    late = Interview(2, "Tokyo Co", "video", at(23, 30))
    assert len(due(at(22, 35), [late])) == 1  # an interview at night is reminded at night
    assert due(at(23, 0), follow_ups=[FollowUp(3, "Globex", "Designer")]) == []


def test_a_follow_up_day_is_announced_once_in_the_morning() -> None:
    globex = FollowUp(3, "Globex [b]", "Designer")
    assert due(at(7, 59), follow_ups=[globex]) == []
    (first,) = due(at(9, 0), follow_ups=[globex])
    assert first.title == "Follow up today" and "Globex [b] — Designer" in first.message
    assert due(at(15, 0), follow_ups=[globex], shown=first.keys) == []
    assert len(due(at(9, 0, day=8), follow_ups=[globex], shown=first.keys)) == 1  # a new day


def test_control_characters_are_shown_as_symbols() -> None:
    odd = Interview(1, "Acme\x1b[31m", "video", at(14))
    (reminder,) = due(at(13, 55), [odd])
    assert "\x1b" not in reminder.message
    assert timedelta(0) < odd.starts_at - at(13, 55)


def test_many_follow_ups_make_one_reminder() -> None:
    people = [FollowUp(n, name, "Role") for n, name in enumerate(
        ("Acme", "Globex", "Initech", "Hooli", "Umbrella"), start=1)]
    (one,) = due(at(9, 0), follow_ups=people)
    assert one.message == "Acme, Globex and 3 more: a short, friendly note to each is enough."
    assert len(one.keys) == 5
    (two,) = due(at(9, 0), follow_ups=people[:2])
    assert two.message.startswith("Acme and Globex: ")
    assert due(at(10, 0), follow_ups=people, shown=one.keys) == []


@dataclass
class Held:
    id: int
    company: str
    kind: str
    starts_at: datetime
    minutes: int | None = None
    how_it_went: str = ""


def test_how_did_it_go_is_asked_once_after_it_ends_and_never_after_a_note() -> None:
    acme = Held(1, "Acme", "technical", at(14), minutes=45)
    assert due(at(14, 30), ended=[acme]) == []  # still on
    (asked,) = due(at(14, 50), ended=[acme])
    assert asked.title == "How did it go?" and "h on its row" in asked.message
    assert due(at(15, 30), ended=[acme], shown=asked.keys) == []  # once
    assert due(at(15, 30), ended=[Held(1, "Acme", "technical", at(14), 45, "Good")]) == []
    assert due(at(23, 0), ended=[acme]) == []  # not at night
    assert due(at(9, 0, day=8), ended=[acme]) == []  # too long ago: let it be


def test_many_at_once_come_as_one_toast_each_kind_not_a_flood() -> None:
    """Opened after a busy day (or on an imported hunt): one question for every interview
    that ended, one toast for every one about to start."""
    held = [Held(n, name, "video", at(10), 30) for n, name in
            enumerate(("Acme", "Globex", "Initech", "Umbrella", "Hooli"))]
    (asked,) = due(at(13), ended=held)
    assert asked.title == "How did they go?" and len(asked.keys) == 5
    assert asked.message.startswith("Acme · video, Globex · video and 3 more: h on a row")
    assert due(at(14), ended=held, shown=asked.keys) == []
    soon = [Interview(n, name, "onsite", at(14)) for n, name in
            enumerate(("Acme", "Globex"), start=10)]
    (coming,) = due(at(13, 55), soon)
    assert coming.message == ("Acme · onsite in 5 min, at 14:00; Globex · onsite in 5 min, "
                              "at 14:00. You have prepared for this.")
    assert len(coming.keys) == 4  # both, at 60 and at 10 minutes
