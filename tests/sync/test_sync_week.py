"""The week's rows between machines (issue 17): interviews, people, their parts, and an
application's details travel and merge like the rest; the same thing made on both machines
apart is one row once they meet; a delete put back by undo comes back everywhere."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

from support import canonical, folder_bytes

from bounceback_tui.store import Store
from bounceback_tui.store.sync import exchange

WHEN = datetime(2026, 3, 9, 14, 30, tzinfo=UTC)
"""A fixed instant for the interviews (the engine never reads the clock for them)."""


def _id(store: Store, company: str) -> int:
    return next(a.id for a in store.list_applications() if a.company == company)


def _parts(store: Store, person) -> list[tuple[str, str]]:
    companies = {a.id: a.company for a in store.list_applications()}
    return [(companies[app_id], part) for app_id, part in person.parts]


def _meet(*stores: Store) -> None:
    """Exchanges until everything has gone everywhere (each machine twice)."""
    for _ in range(2):
        for store in stores:
            exchange(store)


def _count(store: Store, table: str) -> int:
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_interviews_people_and_details_arrive(machines) -> None:
    """A laptop's interview (with its person), a person's part and the pay and tags reach
    the desktop; both machines end with the same export."""
    laptop, desktop, _ = machines
    acme = _id(laptop, "Acme")
    priya = laptop.add_contact("Priya Raman", title="Hiring manager", email="priya@acme.test",
                               application_id=acme, part="hiring manager")
    laptop.add_interview(acme, kind="video", starts_at=WHEN, minutes=45, with_text="Priya",
                         place="Zoom", contact_ids=[priya.id])
    laptop.set_details(acme, pay="$150k–$170k", tags=["remote", "python"],
                       deadline_on=date(2026, 3, 20), excitement=4,
                       posting="We build — ünïcode — tools.")
    _meet(laptop, desktop)
    there = _id(desktop, "Acme")
    [interview] = desktop.list_interviews(application_id=there)
    assert (interview.kind, interview.minutes, interview.place) == ("video", 45, "Zoom")
    details = desktop.application_details(there)
    assert details.pay_text == "$150k–$170k" and details.tags == ("remote", "python")
    assert details.deadline_on == date(2026, 3, 20) and details.excitement == 4
    [person] = desktop.list_contacts(name="Priya")
    assert person.email == "priya@acme.test"
    assert canonical(laptop) == canonical(desktop)
    assert b"Priya" not in folder_bytes(laptop.path.parent.parent / "Sync")


def test_details_edited_apart_merge_field_by_field(machines) -> None:
    """Pay set on the laptop and tags on the desktop, both offline: both kept."""
    laptop, desktop, _ = machines
    laptop.set_details(_id(laptop, "Acme"), excitement=3)
    _meet(laptop, desktop)
    laptop.set_details(_id(laptop, "Acme"), pay="€60,000")
    desktop.set_details(_id(desktop, "Acme"), tags=["berlin"])
    _meet(laptop, desktop)
    for store in (laptop, desktop):
        details = store.application_details(_id(store, "Acme"))
        assert (details.pay_text, details.tags, details.excitement) == ("€60,000", ("berlin",), 3)
    assert _count(laptop, "application_details") == 1


def test_details_made_on_both_machines_apart_are_one_row(machines) -> None:
    """Neither machine had details for Globex; both add some offline: one row, both fields."""
    laptop, desktop, _ = machines
    laptop.set_details(_id(laptop, "Globex"), excitement=5)
    desktop.set_details(_id(desktop, "Globex"), pay="90k")
    _meet(laptop, desktop)
    for store in (laptop, desktop):
        details = store.application_details(_id(store, "Globex"))
        assert (details.excitement, details.pay_text) == (5, "90k")
        assert _count(store, "application_details") == 1


def test_the_same_part_given_on_both_machines_is_one_link(machines) -> None:
    """A person both machines know, given the same part in Acme on each apart: one link."""
    laptop, desktop, _ = machines
    sam = laptop.add_contact("Sam Okafor")
    _meet(laptop, desktop)
    laptop.link_contact(sam.id, _id(laptop, "Acme"), "referrer")
    desktop.link_contact(desktop.list_contacts(name="Sam")[0].id, _id(desktop, "Acme"),
                         "referrer")
    _meet(laptop, desktop)
    for store in (laptop, desktop):
        assert _count(store, "application_contacts") == 1
        [person] = store.list_contacts(name="Sam")
        assert _parts(store, person) == [("Acme", "referrer")]
    assert canonical(laptop) == canonical(desktop)


def test_a_contact_edit_that_lost_can_be_restored(machines) -> None:
    """Both machines change Priya's title apart: one value everywhere; the machine whose
    value lost has it in the undo log, and u (undo) puts it back (and sends it)."""
    laptop, desktop, _ = machines
    laptop.add_contact("Priya Raman", title="Recruiter")
    _meet(laptop, desktop)
    laptop.edit_contact(laptop.list_contacts(name="Priya")[0].id, title="LAPTOP title")
    desktop.edit_contact(desktop.list_contacts(name="Priya")[0].id, title="DESKTOP title")
    _meet(laptop, desktop)
    titles = {store.list_contacts(name="Priya")[0].title for store in (laptop, desktop)}
    assert len(titles) == 1
    [kept] = titles
    loser = laptop if kept == "DESKTOP title" else desktop
    mine = "LAPTOP title" if loser is laptop else "DESKTOP title"
    assert loser.undo_summary() == "Priya Raman: title changed on the other machine (u restores yours)"
    loser.undo()
    _meet(laptop, desktop)
    assert {store.list_contacts(name="Priya")[0].title for store in (laptop, desktop)} == {mine}


def test_an_interview_edit_that_lost_can_be_restored(machines) -> None:
    laptop, desktop, _ = machines
    acme = _id(laptop, "Acme")
    made = laptop.add_interview(acme, kind="phone", starts_at=WHEN)
    _meet(laptop, desktop)
    laptop.edit_interview(made.id, place="LAPTOP place", starts_at=WHEN.replace(hour=9))
    there = desktop.list_interviews(application_id=_id(desktop, "Acme"))[0]
    desktop.edit_interview(there.id, place="DESKTOP place")
    _meet(laptop, desktop)
    places = {store.list_interviews()[0].place for store in (laptop, desktop)}
    assert len(places) == 1
    loser = laptop if places == {"DESKTOP place"} else desktop
    mine = "LAPTOP place" if loser is laptop else "DESKTOP place"
    assert "place changed on the other machine" in (loser.undo_summary() or "")
    loser.undo()
    _meet(laptop, desktop)
    assert {store.list_interviews()[0].place for store in (laptop, desktop)} == {mine}
    assert laptop.list_interviews()[0].starts_at == WHEN.replace(hour=9)


def test_deleting_an_application_takes_its_week_everywhere(machines) -> None:
    laptop, desktop, _ = machines
    acme = _id(laptop, "Acme")
    laptop.add_interview(acme, kind="onsite", starts_at=WHEN, notes="bring the portfolio")
    laptop.set_details(acme, posting="the posting's words")
    laptop.add_contact("Priya Raman", application_id=acme, part="recruiter")
    _meet(laptop, desktop)
    assert _count(desktop, "interviews") == 1
    desktop.delete_application(_id(desktop, "Acme"))
    _meet(laptop, desktop)
    for store in (laptop, desktop):
        assert [a.company for a in store.list_applications()] == ["Globex"]
        assert _count(store, "interviews") == _count(store, "application_details") == 0
        assert _count(store, "application_contacts") == 0
        assert _count(store, "contacts") == 1  # the person stays, without the part


def test_an_undone_delete_comes_back_on_every_machine(machines) -> None:
    """Delete on the desktop, both machines see it gone; undo on the desktop: Acme, its
    events and its interview are back on the laptop too."""
    laptop, desktop, _ = machines
    acme = _id(laptop, "Acme")
    laptop.move(acme, "screening", note="call with Priya")
    laptop.add_interview(acme, kind="phone", starts_at=WHEN)
    _meet(laptop, desktop)
    desktop.delete_application(_id(desktop, "Acme"))
    _meet(laptop, desktop)
    assert "Acme" not in {a.company for a in laptop.list_applications()}
    desktop.undo()
    _meet(laptop, desktop)
    for store in (laptop, desktop):
        [acme_there] = [a for a in store.list_applications() if a.company == "Acme"]
        assert acme_there.stage == "screening"
        assert len(store.list_interviews(application_id=acme_there.id)) == 1
    assert canonical(laptop) == canonical(desktop)


def test_what_was_added_to_an_application_deleted_elsewhere_returns_with_its_undo(
        machines) -> None:
    """Setup: while the laptop deletes Acme, the desktop gives it an interview (with a
    person), a stage, pay and a reflection about it. Action: they meet (Acme is gone on
    both, and those with it); then `u` on the laptop, and they meet again.
    Holds: Acme comes back on both machines with the desktop's interview, its person, the
    stage, the pay and the reflection's link: they were in the shared document all along
    but written on neither machine (the laptop never had them; the desktop lost them with
    Acme)."""
    laptop, desktop, _ = machines
    acme = _id(desktop, "Acme")
    person = desktop.add_contact("Priya Raman", application_id=acme, part="recruiter")
    desktop.add_interview(acme, kind="technical", starts_at=WHEN, contact_ids=[person.id])
    desktop.move(acme, "screening")
    desktop.set_details(acme, pay="€90,000")
    desktop.save_reflection({"went_well": "a warm first call"}, application_id=acme,
                            status="saved")
    laptop.delete_application(_id(laptop, "Acme"))
    _meet(desktop, laptop)
    for store in (laptop, desktop):
        assert "Acme" not in {a.company for a in store.list_applications()}
    undone = laptop.undo()
    assert undone is not None and "Acme" in undone.summary
    _meet(laptop, desktop)
    for store in (laptop, desktop):
        [back] = [a for a in store.list_applications() if a.company == "Acme"]
        assert back.stage == "screening"
        [interview] = store.list_interviews(application_id=back.id)
        assert interview.kind == "technical" and interview.contacts == ("Priya Raman",)
        assert store.application_details(back.id).pay_text == "€90,000"
        [reflection] = [r for r in store.list_reflections() if r.went_well]
        assert reflection.application_id == back.id
    assert canonical(laptop) == canonical(desktop)


def test_a_person_deleted_apart_from_a_new_part_leaves_no_broken_link(machines) -> None:
    """The laptop unlinks and the desktop links the same person apart: no link points at a
    missing row on either machine, and they agree."""
    laptop, desktop, _ = machines
    sam = laptop.add_contact("Sam Okafor", application_id=_id(laptop, "Acme"), part="referrer")
    _meet(laptop, desktop)
    laptop.unlink_contact(sam.id, _id(laptop, "Acme"))
    desktop.link_contact(desktop.list_contacts(name="Sam")[0].id, _id(desktop, "Globex"),
                         "recruiter")
    _meet(laptop, desktop)
    for store in (laptop, desktop):
        conn = sqlite3.connect(store.path)
        try:
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            conn.close()
        [person] = store.list_contacts(name="Sam")
        assert _parts(store, person) == [("Globex", "recruiter")]


def test_rows_taken_in_but_not_written_are_written_after_the_upgrade(machines) -> None:
    """An older BounceBack (before 0008) can take in a push holding interviews without
    writing them (it read the space just before a newer machine raised its schema). The
    migration marks those tables; the next exchange writes their rows from the document."""
    laptop, desktop, _ = machines
    laptop.add_interview(_id(laptop, "Acme"), kind="onsite", starts_at=WHEN)
    _meet(laptop, desktop)
    conn = sqlite3.connect(desktop.path)
    try:  # as the older BounceBack left it: in its document, not in its rows
        with conn:
            conn.execute("UPDATE sync_state SET applying = 1")
            conn.execute("DELETE FROM interviews")
            conn.execute("UPDATE sync_state SET applying = 0, reproject = 'interviews'")
    finally:
        conn.close()
    assert desktop.list_interviews() == []
    exchange(desktop)
    assert [i.kind for i in desktop.list_interviews()] == ["onsite"]
    assert canonical(laptop) == canonical(desktop)


def test_rows_that_arrive_before_their_application_are_written_when_it_comes(
        machines, shared_folder, tmp_path) -> None:
    """Setup: the desktop adds an application and exchanges (its first file); then, in a new
    process (a new document), gives it an interview, a stage and a reflection about it, and
    exchanges again (its second file). Action: the laptop exchanges while the sync provider
    has delivered only the second file, then again once the first arrives.
    Holds: the laptop ends with the application at its stage, with its interview and its
    reflection linked to it, as on the desktop (the rows of the second file used to be
    skipped for good: their application was not there yet)."""
    import shutil

    from bounceback_tui.store.sync import engine, status

    laptop, desktop, _ = machines
    desktop.add_application("Initech", "SRE")
    exchange(desktop)
    engine._DOCS.clear()  # as a new `bounceback` process: a document of its own
    app_id = _id(desktop, "Initech")
    desktop.add_interview(app_id, kind="technical", starts_at=WHEN)
    desktop.move(app_id, "screening")
    desktop.save_reflection({"went_well": "the system design part"},
                            application_id=app_id, status="saved")
    exchange(desktop)
    mine = shared_folder / "bounceback-sync" / "machines" / status(desktop).machine
    first, second = sorted(p for p in mine.iterdir() if p.name[:1].isdigit())[-2:]
    held = tmp_path / "held"
    held.mkdir()
    shutil.move(first, held / first.name)  # not delivered yet
    exchange(laptop)
    assert "Initech" not in [a.company for a in laptop.list_applications()]
    shutil.move(held / first.name, first)
    exchange(laptop)
    arrived = next(a for a in laptop.list_applications() if a.company == "Initech")
    assert arrived.stage == "screening"
    assert [i.kind for i in laptop.list_interviews() if i.company == "Initech"] == ["technical"]
    [reflection] = [r for r in laptop.list_reflections() if r.went_well]
    assert reflection.application_id == arrived.id
    exchange(laptop)  # nothing waits any more: a quiet exchange writes nothing again
    with laptop.raw_read() as conn:
        assert conn.execute("SELECT reproject FROM sync_state").fetchone()[0] is None
    _meet(laptop, desktop)
    assert canonical(laptop) == canonical(desktop)


def test_a_machine_joining_a_big_hunt_gets_the_same_hunt(tmp_path, monkeypatch) -> None:
    """Setup: a laptop holding a generated hunt of 300 applications (events, reflections,
    wins, actions) with interviews, people and details, one application deleted, makes a
    shared space. Action: a machine joins with `MANY_ROWS` at its real value, another with
    it at 0 (every table then read whole, as when a big hunt joins).
    Holds: each ends with the laptop's hunt exactly (`canonical`)."""
    from bounceback_tui.demo.generate import generate_hunt
    from bounceback_tui.store.sync import engine, init, join

    folder = tmp_path / "Sync"
    for name in ("Sync", "laptop", "second", "third"):
        (tmp_path / name).mkdir(mode=0o700)
    with Store.open(tmp_path / "laptop" / "h.db") as laptop:
        generate_hunt(laptop, applications=300, seed=3, now=WHEN)
        for app_id in [a.id for a in laptop.list_applications()][:60:6]:
            person = laptop.add_contact(f"Person {app_id}", application_id=app_id,
                                        part="recruiter")
            laptop.add_interview(app_id, kind="video", starts_at=WHEN,
                                 contact_ids=[person.id])
            laptop.set_details(app_id, pay="€50,000", tags=["remote"])
        phrase = init(laptop, folder, name="laptop")
        laptop.delete_application(laptop.list_applications()[-1].id)
        exchange(laptop)
        for name, many in (("second", engine.MANY_ROWS), ("third", 0)):
            monkeypatch.setattr(engine, "MANY_ROWS", many)
            with Store.open(tmp_path / name / "h.db") as joining:
                join(joining, folder, phrase, name=name)
                assert canonical(joining) == canonical(laptop), name
