"""The week in the store (issue 14): interviews, people, details, agenda, undo."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bounceback_tui.store import Store
from bounceback_tui.store.errors import InvalidInput, NotFound

NOW = datetime(2026, 12, 6, 8, 30, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def test_every_planning_change_can_be_taken_back(store: Store) -> None:
    app = store.add_application("Acme", "Engineer")
    person = store.add_contact("Sam Lee", application_id=app.id, part="recruiter")
    assert store.undo_summary() == "added Sam Lee"
    interview = store.add_interview(app.id, kind="video", starts_at=NOW + timedelta(days=1),
                                    contact_ids=[person.id])
    store.record_how_it_went(interview.id, "Went well; they liked the demo")
    store.set_details(app.id, pay="$120k-140k a year", tags=["remote"])
    assert store.application_details(app.id).pay_max == 140_000
    assert store.undo().action == "set_details"
    assert store.application_details(app.id).pay_text == ""
    assert store.undo().action == "edit_interview"
    assert store.list_interviews()[0].how_it_went == ""
    assert store.undo().action == "add_interview"
    assert store.list_interviews() == []
    assert store.undo().action == "add_contact"
    assert store.list_contacts() == []


def test_details_refuse_what_cannot_be_right(store: Store) -> None:
    app = store.add_application("Acme", "Engineer")
    with pytest.raises(InvalidInput, match="below its bottom"):
        store.set_details(app.id, pay="£120k–90k")
    with pytest.raises(InvalidInput, match="excitement is 1 to 5"):
        store.set_details(app.id, excitement=6)
    with pytest.raises(InvalidInput, match="over 1 MB"):
        store.set_details(app.id, posting="x" * 1_000_001)
    with pytest.raises(NotFound):
        store.set_details(999, pay="$1")
    assert store.application_details(app.id).pay_text == ""
    saved = store.set_details(app.id, pay="£90k–120k", posting="We build\x00 things",
                              deadline_on=date(2026, 12, 20), excitement=5,
                              tags=["Remote", "remote", "  fin  tech "])
    assert (saved.pay_min, saved.pay_max, saved.pay_currency) == (90_000, 120_000, "GBP")
    assert saved.posting == "We build\x00 things"  # kept byte for byte
    assert saved.tags == ("Remote", "remote", "fin tech")


def test_a_deleted_application_takes_its_interviews_and_parts_with_it(store: Store) -> None:
    app = store.add_application("Acme", "Engineer")
    person = store.add_contact("Sam Lee", application_id=app.id, part="recruiter")
    store.add_interview(app.id, kind="onsite", starts_at=NOW, contact_ids=[person.id])
    store.delete_application(app.id)
    assert store.list_interviews() == []
    (kept,) = store.list_contacts()  # the person stays; their part in it goes
    assert kept.parts == ()


def test_the_agenda_is_today_first_in_the_local_zone(store: Store) -> None:
    acme = store.add_application("Acme", "Engineer")
    globex = store.add_application("Globex", "Designer")
    gone = store.add_application("Initech", "Engineer")
    store.move(gone.id, "rejected")
    store.add_interview(acme.id, kind="final", starts_at=NOW + timedelta(days=2))
    store.add_interview(globex.id, kind="take-home", due_at=NOW + timedelta(hours=3))
    store.add_interview(acme.id, kind="phone", starts_at=NOW - timedelta(days=1))  # held
    store.add_interview(acme.id, kind="panel", starts_at=NOW + timedelta(days=20))  # too far
    store.edit_application(globex.id, follow_up_on=date(2026, 12, 1))  # overdue: today
    store.edit_application(gone.id, follow_up_on=date(2026, 12, 7))  # closed: not listed
    store.set_details(acme.id, deadline_on=date(2026, 12, 9))
    action = store.add_action("Ask Sam for a referral", due_on=date(2026, 12, 8))
    done = store.add_action("Update the CV", due_on=date(2026, 12, 8))
    store.complete_action(done.id)
    items = store.agenda(now=NOW, tz=BERLIN, days=14)
    assert [(i.kind, i.day.isoformat(), i.company) for i in items] == [
        ("take_home", "2026-12-06", "Globex"),
        ("follow_up", "2026-12-06", "Globex"),
        ("interview", "2026-12-08", "Acme"),  # a day's timed items first, then the rest
        ("action", "2026-12-08", ""),
        ("deadline", "2026-12-09", "Acme"),
    ]
    assert items[1].title == "follow up (overdue)"
    assert items[3].title == f"growth action: {action.text}"


def test_interviews_need_their_time_and_a_sane_length(store: Store) -> None:
    app = store.add_application("Acme", "Engineer")
    with pytest.raises(InvalidInput, match="needs its start time"):
        store.add_interview(app.id, kind="video")
    with pytest.raises(InvalidInput, match="take-home needs its due time"):
        store.add_interview(app.id, kind="take-home", starts_at=NOW)
    with pytest.raises(InvalidInput, match="naive"):
        store.add_interview(app.id, kind="video", starts_at=NOW.replace(tzinfo=None))
    with pytest.raises(NotFound, match="no person with id 7"):
        store.add_interview(app.id, kind="video", starts_at=NOW, contact_ids=[7])
    assert store.list_interviews() == []


def test_an_old_database_gains_the_week_tables(db_path: Path) -> None:
    from test_migrations import make_old_database

    make_old_database(db_path, "0003")
    with Store.open(db_path) as store:
        assert store.database.migrated_from == "0003"
        (app,) = store.list_applications()
        store.add_interview(app.id, kind="video", starts_at=NOW)
        assert store.application_details(app.id).tags == ()


def test_undoing_a_delete_brings_back_interviews_people_parts_and_details(store: Store) -> None:
    app = store.add_application("Acme", "Engineer")
    sam = store.add_contact("Sam Lee", application_id=app.id, part="recruiter")
    kim = store.add_contact("Kim Ode")
    store.link_contact(kim.id, app.id, "interviewer")
    interview = store.add_interview(app.id, kind="panel", starts_at=NOW, minutes=90,
                                    contact_ids=[sam.id, kim.id], place="HQ")
    details = store.set_details(app.id, pay="$150k", tags=["remote"], posting="We build")
    before = (store.list_interviews(), store.list_contacts())
    store.delete_application(app.id)
    assert store.list_interviews() == []
    assert store.undo().action == "delete"
    assert (store.list_interviews(), store.list_contacts()) == before
    assert store.application_details(app.id) == details
    assert store.list_interviews()[0].contacts == ("Kim Ode", "Sam Lee") and interview.id == 1


def test_held_interviews_join_the_story_with_how_they_went(store: Store) -> None:
    """The timeline, given now, holds the interviews that have started (and only those), in
    time order with the rest; without now (the exports' journal) it is as before."""
    app = store.add_application("Acme", "Engineer", applied_at=NOW - timedelta(days=5))
    held = store.add_interview(app.id, kind="technical", starts_at=NOW - timedelta(days=1))
    store.record_how_it_went(held.id, "Good rapport")
    store.add_interview(app.id, kind="final", starts_at=NOW + timedelta(days=1))
    items = store.timeline(now=NOW)
    assert [(i.kind, i.stage, i.text) for i in items] == [
        ("interview", "technical", "Good rapport"), ("applied", "applied", "")]
    assert [i.kind for i in store.timeline()] == ["applied"]
    (first,) = store.timeline(now=NOW, limit=1)  # pages through them like the rest
    assert [i.kind for i in store.timeline(now=NOW, before=first.key)] == ["applied"]


def test_interviews_and_people_can_be_changed_removed_and_brought_back(store: Store) -> None:
    app = store.add_application("Acme", "Engineer")
    person = store.add_contact("Sam Lee", application_id=app.id, part="recruiter")
    interview = store.add_interview(app.id, kind="video", starts_at=NOW + timedelta(days=1),
                                    minutes=45, place="https://meet.example/x",
                                    contact_ids=[person.id])
    moved = store.edit_interview(interview.id, starts_at=NOW + timedelta(days=2),
                                 kind="technical", notes="bring the\ndiagram")
    assert (moved.kind, moved.starts_at, moved.notes) == (
        "technical", NOW + timedelta(days=2), "bring the\ndiagram")
    assert moved.contacts == ("Sam Lee",) and moved.minutes == 45
    take_home = store.edit_interview(interview.id, kind="take-home")
    assert (take_home.starts_at, take_home.due_at) == (None, NOW + timedelta(days=2))
    assert store.undo().action == "edit_interview"
    assert store.undo().action == "edit_interview"
    back = store.list_interviews()[0]
    assert (back.kind, back.starts_at, back.due_at, back.notes) == (
        "video", NOW + timedelta(days=1), None, "")
    store.delete_interview(interview.id)
    assert store.list_interviews() == []
    assert store.undo().action == "delete_interview"
    assert store.list_interviews()[0].contacts == ("Sam Lee",)

    store.edit_contact(person.id, name="Sam Lee-Park", email="sam@acme.example")
    assert store.list_contacts()[0].email == "sam@acme.example"
    store.unlink_contact(person.id, app.id)
    assert store.list_contacts(application_id=app.id) == []
    assert [c.name for c in store.list_contacts()] == ["Sam Lee-Park"]  # the person stays
    assert store.undo().action == "unlink_contact"
    assert store.list_contacts(application_id=app.id)[0].parts == ((app.id, "recruiter"),)
    assert store.undo().action == "edit_contact"
    assert store.list_contacts()[0].name == "Sam Lee"


def test_changes_to_the_week_refuse_what_cannot_be_right(store: Store) -> None:
    app = store.add_application("Acme", "Engineer")
    person = store.add_contact("Sam Lee")
    interview = store.add_interview(app.id, kind="video", starts_at=NOW)
    with pytest.raises(NotFound, match="no interview with id 99"):
        store.edit_interview(99, notes="x")
    with pytest.raises(InvalidInput, match="12 hours"):
        store.edit_interview(interview.id, minutes=13 * 60)
    with pytest.raises(InvalidInput, match="cannot change"):
        store.edit_interview(interview.id, application_id=5)
    with pytest.raises(InvalidInput, match="name is empty"):
        store.edit_contact(person.id, name="  ")
    with pytest.raises(NotFound, match="no part in"):
        store.unlink_contact(person.id, app.id)
    assert store.list_interviews()[0].notes == "" and store.list_contacts()[0].name == "Sam Lee"


def test_an_interview_held_is_a_job_hunt_action(store: Store) -> None:
    """PRODUCT.md: an interview held counts for bounce-back times and the streak (the header's
    quick streak too); one still to come does not."""
    now = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    acme = store.add_application("Acme", "Engineer", applied_at=now - timedelta(days=40))
    store.move(acme.id, "rejected", at=now - timedelta(days=30))
    globex = store.add_application("Globex", "Engineer", applied_at=now - timedelta(days=60))
    before = store.stats(now=now, tz=UTC)
    assert before.bounce_back.samples == 0 and before.activity.current == 0
    store.add_interview(globex.id, kind="video", starts_at=now - timedelta(days=28))
    store.add_interview(globex.id, kind="final", starts_at=now - timedelta(hours=3))
    store.add_interview(globex.id, kind="onsite", starts_at=now + timedelta(days=1))
    after = store.stats(now=now, tz=UTC)
    assert (after.bounce_back.samples, after.bounce_back.median_days) == (1, 2.0)
    assert after.activity.current == 1  # today: the final held this morning
    assert store.pulse_facts(now=now, tz=UTC).streak == 1
    assert store.pulse_facts(now=now - timedelta(hours=4), tz=UTC).streak == 0


def test_an_interview_on_an_old_day_reaches_the_header_streak(store: Store) -> None:
    """The streak memo hears of interviews written on days before its recent window."""
    from bounceback_tui.store.queries.live import RECENT_DAYS

    now = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    days = RECENT_DAYS + 5
    app = store.add_application("Acme", "Engineer", applied_at=now - timedelta(days=days + 1))
    for back in range(days, -1, -1):
        if back != RECENT_DAYS + 2:  # one quiet day, well before the recent window
            store.add_win(f"day {back}", at=now - timedelta(days=back))
    short = store.pulse_facts(now=now, tz=UTC).streak
    assert short == RECENT_DAYS + 2
    interview = store.add_interview(app.id, kind="video",
                                    starts_at=now - timedelta(days=RECENT_DAYS + 2))
    assert store.pulse_facts(now=now, tz=UTC).streak == store.stats(
        now=now, tz=UTC).activity.current == days + 2  # and the applied day
    store.delete_interview(interview.id)
    assert store.pulse_facts(now=now, tz=UTC).streak == short
