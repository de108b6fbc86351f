"""The week on the command line (issue 14): interviews, people and the agenda."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pendulum
import pytest

BERLIN = ZoneInfo("Europe/Berlin")
NOW = pendulum.datetime(2026, 12, 6, 9, 30, tz="Europe/Berlin")  # a Sunday


def snapshot(path: Path) -> tuple[bytes | None, list[str]]:
    """A database file's bytes and the names beside it (nothing written, nothing left)."""
    data = path.read_bytes() if path.exists() else None
    return data, sorted(p.name for p in path.parent.iterdir())


@pytest.fixture(autouse=True)
def frozen(monkeypatch) -> Iterator[None]:
    """The clock and the zone are fixed: "tomorrow 10:00" means one instant on any date."""
    monkeypatch.setattr("bounceback_tui.domain.dates.local_zone", lambda: BERLIN)
    with pendulum.travel_to(NOW, freeze=True):
        yield


def test_an_interview_with_people_reaches_the_list_and_the_agenda(bb, store_at, db: Path
                                                                   ) -> None:
    assert bb.run("add", "Acme", "Engineer").output == "1\n"
    assert bb.run("contact", "add", "Sam Lee", "--title", "Recruiter", "--application", "1",
                  "--as", "recruiter").output == "1\n"
    result = bb.run("interview", "1", "tomorrow 10:00", "--kind", "technical", "--minutes",
                    "60", "--with", "sam lee", "--with", "a panel of 3", "--where",
                    "https://meet.example/abc")
    assert (result.exit_code, result.output) == (0, "1\n")
    assert bb.run("interview", "1", "next friday 5pm", "--kind", "take-home").output == "2\n"

    listed = json.loads(bb.run("interviews", "--json").output)
    assert [(i["kind"], i["starts_at"], i["due_at"]) for i in listed] == [
        ("technical", "2026-12-07T09:00:00+00:00", None),
        ("take-home", None, "2026-12-11T16:00:00+00:00")]
    assert listed[0]["with"] == ["Sam Lee", "a panel of 3"]
    assert listed[0]["where"] == "https://meet.example/abc"

    with store_at(db) as store:
        store.edit_application(1, follow_up_on=date(2026, 12, 6))
    agenda = json.loads(bb.run("agenda", "--json").output)
    assert [(a["kind"], a["at"], a["day"]) for a in agenda] == [
        ("follow_up", None, "2026-12-06"),
        ("interview", "2026-12-07T10:00:00+01:00", "2026-12-07"),
        ("take_home", "2026-12-11T17:00:00+01:00", "2026-12-11")]
    assert {a["company"] for a in agenda} == {"Acme"} and agenda[1]["application_id"] == 1
    # tomorrow 10:00 is more than a day away: the status line names only today's follow-up
    assert bb.run("agenda", "--line").output == "1 follow-up today\n"
    text = bb.run("agenda").output
    assert "Today\n" in text and "Tomorrow\n  10:00  Acme — Engineer · technical with" in text

    people = json.loads(bb.run("contacts", "--json").output)
    assert people[0]["name"] == "Sam Lee"
    assert people[0]["applications"] == [{"application_id": 1, "as": "recruiter"}]


def test_the_status_line_names_the_next_interview_within_a_day(bb) -> None:
    bb.run("add", "Acme", "Engineer")
    bb.run("add", "Globex", "Designer")
    bb.run("interview", "2", "tomorrow 9:00", "--kind", "final")
    bb.run("interview", "1", "today 11:45", "--kind", "video")
    assert bb.run("agenda", "--line").output == "Acme video in 2h\n"
    bb.run("interview", "2", "today 9:50", "--kind", "phone")
    assert bb.run("agenda", "--line").output == "Globex phone screen in 20 min\n"


def test_nothing_near_prints_an_empty_status_line(bb) -> None:
    bb.run("add", "Acme", "Engineer")
    result = bb.run("agenda", "--line")
    assert (result.exit_code, result.output) == (0, "")
    assert bb.run("agenda").output == "Nothing planned in the next 14 days.\n"


def test_empty_lists_offer_the_first_step(bb) -> None:
    """docs/voice.md: an empty list says how to add the first entry, not what is missing."""
    assert bb.run("list").output == "Add your first application with: bounceback add COMPANY ROLE\n"
    assert bb.run("interviews").output == (
        "Schedule an interview with: bounceback interview ID WHEN\n")
    assert bb.run("contacts").output == (
        "Add someone you are in touch with: bounceback contact add NAME\n")


@pytest.mark.parametrize(("args", "message"), [
    (("interview", "9", "tomorrow 10:00"), "no application with id 9"),
    (("interview", "1", "tomorrow"), "names a day; add the time, e.g. tomorrow 10:00"),
    (("interview", "1", "tomorrow 10:00", "--minutes", "0"), "1 to 720 minutes"),
    (("interview", "1", "tomorrow 10:00", "--minutes", "721"), "1 to 720 minutes"),
    (("interview", "1", "tomorrow 10:00", "--kind", "lunch"), "unknown interview kind"),
    (("interview", "1", "someday"), "cannot read 'someday'"),
    (("interview", "1", "tomorrow 10:00", "--with", "Sam"),
     "matches 2 people: 1 (Sam Lee), 2 (Sam Ray)"),
    (("contact", "add", " "), "name is empty"),
    (("contact", "add", "Kim", "--application", "1", "--as", "boss"), "unknown part"),
])
def test_bad_input_is_one_line_and_writes_nothing(bb, store_at, db: Path, args, message
                                                  ) -> None:
    bb.run("add", "Acme", "Engineer")
    bb.run("contact", "add", "Sam Lee")
    bb.run("contact", "add", "Sam Ray")
    with store_at(db) as store:
        before = (store.list_interviews(), store.list_contacts())
    result = bb.run(*args)
    assert result.exit_code == 1
    assert message in result.output and result.output.count("\n") == 1
    assert "Traceback" not in result.output
    with store_at(db) as store:
        assert (store.list_interviews(), store.list_contacts()) == before


def test_an_interview_in_the_past_is_recorded_as_held(bb) -> None:
    bb.run("add", "Acme", "Engineer")
    assert bb.run("interview", "1", "2026-12-01 14:00", "--kind", "phone").exit_code == 0
    (held,) = json.loads(bb.run("interviews", "--json").output)
    assert (held["kind"], held["starts_at"]) == ("phone screen", "2026-12-01T13:00:00+00:00")
    assert json.loads(bb.run("agenda", "--json").output) == []  # not coming up


def test_text_is_kept_byte_for_byte_and_shown_literally(bb) -> None:
    bb.run("add", "Acme", "Engineer")
    bb.run("interview", "1", "tomorrow 9am", "--with", "[b]Ana[/b] \x1b[31m", "--note", "é ✉️")
    (record,) = json.loads(bb.run("interviews", "--json").output)
    assert record["with"] == ["[b]Ana[/b] \x1b[31m"] and record["notes"] == "é ✉️"
    assert "\x1b" not in bb.run("agenda").output


def test_add_and_edit_hold_pay_deadline_excitement_tags_posting_and_follow_up(
        bb, store_at, db: Path, tmp_path: Path) -> None:
    result = bb.run("add", "Acme", "Engineer", "--pay", "£90k–120k", "--deadline", "Dec 20",
                    "--excitement", "4", "--tag", "remote", "--tag", "fintech",
                    "--follow-up", "next friday")
    assert (result.exit_code, result.output) == (0, "1\n")
    posting = tmp_path / "posting.txt"
    posting.write_text("We build things.\nÉquipe ✉️\n", encoding="utf-8")
    assert bb.run("edit", "1", "--posting", str(posting), "--notes", "Referred by Sam"
                  ).exit_code == 0
    with store_at(db) as store:
        details = store.application_details(1)
        application = store.get_application(1).application
    assert (details.pay_min, details.pay_max, details.pay_currency) == (90_000, 120_000, "GBP")
    assert details.deadline_on == date(2026, 12, 20) and details.excitement == 4
    assert details.tags == ("remote", "fintech")
    assert details.posting == "We build things.\nÉquipe ✉️\n"
    assert application.follow_up_on == date(2026, 12, 11)
    assert application.notes == "Referred by Sam"
    assert bb.run("edit", "1", "--follow-up", "none").exit_code == 0
    with store_at(db) as store:
        assert store.get_application(1).application.follow_up_on is None


@pytest.mark.parametrize(("args", "message"), [
    (("edit", "1"), "nothing to change"),
    (("edit", "7", "--notes", "x"), "no application with id 7"),
    (("edit", "1", "--pay", "$140k-120k"), "below its bottom"),
    (("edit", "1", "--deadline", "someday"), "--deadline: cannot read 'someday'"),
    (("edit", "1", "--follow-up", "Feb 30"), "--follow-up: Feb 30 is not a real date"),
    (("edit", "1", "--excitement", "6"), "6 is not in the range 1<=x<=5"),
    (("add", "Globex", "Designer", "--pay", "$9-1"), "below its bottom"),
])
def test_bad_details_are_one_line_and_write_nothing(bb, db: Path, args, message) -> None:
    bb.run("add", "Acme", "Engineer")
    before = snapshot(db)
    result = bb.run(*args)
    assert result.exit_code in (1, 2) and message in result.output
    assert snapshot(db) == before


def test_a_posting_that_is_not_text_or_too_long_is_refused(bb, db: Path, tmp_path: Path
                                                           ) -> None:
    bb.run("add", "Acme", "Engineer")
    files = tmp_path / "files"
    files.mkdir()
    binary, big = files / "cv.pdf", files / "big.txt"
    binary.write_bytes(b"%PDF-1.7\x00\x01\x02")
    big.write_text("x" * 1_000_001)
    before = snapshot(db)
    for path, message in ((binary, "is not text"), (big, "over 1 MB"),
                          (files / "missing.txt", "cannot read")):
        result = bb.run("edit", "1", "--posting", str(path))
        assert result.exit_code == 1 and message in result.output, result.output
    assert snapshot(db) == before


def test_the_calendar_holds_the_plan_with_stable_ids_and_no_reflection_text(
        bb, store_at, db: Path) -> None:
    import icalendar

    bb.run("add", "Acme", "Engineer", "--deadline", "Dec 20", "--follow-up", "tomorrow")
    bb.run("contact", "add", "Sam Lee")
    bb.run("interview", "1", "tomorrow 10:00", "--kind", "technical", "--minutes", "45",
           "--with", "Sam Lee", "--where", "Acme HQ, 1 Main St")
    bb.run("interview", "1", "Dec 11 5pm", "--kind", "take-home")
    with store_at(db) as store:
        store.save_reflection({"went_well": "PRIVATE WORDS"}, application_id=1)
        store.add_action("Ask for a referral", due_on=date(2026, 12, 9))
    first = bb.run("export", "--format", "ics")
    assert first.exit_code == 0
    calendar = icalendar.Calendar.from_ical(first.output)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"interview-1@bounceback", "take-home-2@bounceback",
                           "follow-up-1@bounceback", "deadline-1@bounceback",
                           "action-1@bounceback"}
    interview = events["interview-1@bounceback"]
    start, end = interview.decoded("dtstart"), interview.decoded("dtend")
    assert start == datetime(2026, 12, 7, 10, 0, tzinfo=BERLIN) and end - start == \
        __import__("datetime").timedelta(minutes=45)
    assert str(interview["location"]) == "Acme HQ, 1 Main St"
    assert "Sam Lee" in str(interview["description"])
    assert interview.walk("VALARM")  # a reminder
    assert events["follow-up-1@bounceback"].decoded("dtstart") == date(2026, 12, 7)
    assert events["deadline-1@bounceback"].decoded("dtstart") == date(2026, 12, 20)
    assert "PRIVATE WORDS" not in first.output
    assert any(tz["tzid"] == "Europe/Berlin" for tz in calendar.walk("VTIMEZONE"))
    again = icalendar.Calendar.from_ical(bb.run("export", "--format", "ics").output)
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == set(events)


def test_the_json_export_carries_the_week_to_another_machine(bb, store_at, db: Path,
                                                             tmp_path: Path) -> None:
    """Export, import into a new file, export again: the same interviews, people, parts and
    details; a version 1 file (from before the week) still imports."""
    bb.run("add", "Acme", "Engineer", "--pay", "£90k–120k", "--tag", "remote",
           "--deadline", "Dec 20")
    bb.run("contact", "add", "Sam Lee", "--application", "1", "--as", "recruiter")
    bb.run("interview", "1", "tomorrow 10:00", "--kind", "technical", "--with", "Sam Lee",
           "--minutes", "45")
    bb.run("interview", "1", "Dec 11 5pm", "--kind", "take-home")
    first = json.loads(bb.run("export").output)
    assert first["version"] == 2
    saved = tmp_path / "hunt.json"
    saved.write_text(json.dumps(first))
    other = tmp_path / "other" / "hunt.db"
    other.parent.mkdir(mode=0o700)
    result = bb.run("--db", str(other), "import", str(saved), db=False)
    assert result.exit_code == 0, result.output
    assert "2 interviews, 1 people" in result.output
    second = json.loads(bb.run("--db", str(other), "export", db=False).output)
    for doc in (first, second):
        doc.pop("exported_at")
    assert second == first  # same ids too: a new file numbers from 1

    old = {"format": "bounceback", "version": 1, "applications": [
        {"company": "Globex", "role": "Designer",
         "events": [{"stage": "applied", "at": "2026-11-01T09:00:00+00:00"}]}]}
    (tmp_path / "old.json").write_text(json.dumps(old))
    assert bb.run("import", str(tmp_path / "old.json")).exit_code == 0
    with store_at(db) as store:
        assert [a.company for a in store.list_applications()][-1] in ("Globex", "Acme")
        assert len(store.list_applications()) == 2


def test_a_file_whose_interview_names_no_person_in_it_is_refused(bb, db: Path,
                                                                 tmp_path: Path) -> None:
    doc = {"format": "bounceback", "version": 2, "applications": [
        {"id": 1, "company": "Globex", "role": "Designer",
         "events": [{"stage": "applied", "at": "2026-11-01T09:00:00+00:00"}],
         "interviews": [{"kind": "video", "starts_at": "2027-01-05T10:00:00+00:00",
                         "contact_ids": [7]}]}], "contacts": []}
    (tmp_path / "bad.json").write_text(json.dumps(doc))
    result = bb.run("import", str(tmp_path / "bad.json"))
    assert result.exit_code == 1
    assert "applications[0].interviews[0].contact_ids[0]: 7 is not in the file" in result.output


def test_stats_count_interviews_per_offer_and_how_far_each_kind_leads(bb, store_at,
                                                                        db: Path) -> None:
    for company in ("Acme", "Globex", "Initech"):
        bb.run("add", company, "Engineer")
    bb.run("interview", "1", "2026-11-20 10:00", "--kind", "video")
    bb.run("interview", "1", "2026-11-27 10:00", "--kind", "technical")
    bb.run("interview", "2", "2026-11-21 10:00", "--kind", "video")
    bb.run("interview", "3", "2026-11-22 10:00", "--kind", "video")
    bb.run("move", "1", "offer")
    figures = json.loads(bb.run("stats", "--json").output)["interviews"]
    assert figures == {"interviews": 4, "offers": 1, "per_offer": 4.0, "by_kind": {
        "video": {"interviews": 3, "offers": 1}, "technical": {"interviews": 1, "offers": 1}}}
    text = bb.run("stats").output
    assert "Interviews" in text and "4; 4 per offer" in text
    assert "video 1 of 3 · technical 1 of 1" in text


def test_the_calendar_setting_keeps_a_file_beside_the_database(bb, db: Path,
                                                               private_home: Path) -> None:
    """`calendar_file = true`: every command that changes something writes hunt.ics beside
    hunt.db again (a calendar app subscribed to it updates); reads leave it alone."""
    calendar = db.with_name("hunt.ics")
    assert bb.run("add", "Acme", "Engineer").exit_code == 0
    assert not calendar.exists()  # the setting is off by default
    config = private_home / ".config" / "bounceback" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("calendar_file = true\n")
    assert bb.run("list").exit_code == 0
    assert not calendar.exists()  # nothing changed
    assert bb.run("interview", "1", "tomorrow 10:00", "--kind", "technical").exit_code == 0
    text = calendar.read_text()
    assert "UID:interview-1@bounceback" in text and "Acme" in text
    assert calendar.stat().st_mode & 0o077 == 0
    assert bb.run("edit", "1", "--deadline", "Dec 20").exit_code == 0
    assert "DTSTART;VALUE=DATE:20261220" in calendar.read_text()
