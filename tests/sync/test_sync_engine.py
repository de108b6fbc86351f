"""Sync between machines (issue 17), with real SQLite files and one shared folder: what
converges, what is kept when two machines change the same thing apart, what is refused."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pycrdt import Map
from support import canonical, folder_bytes

from bounceback_tui.store import Store
from bounceback_tui.store.sync import SyncError, engine, exchange, join, status
from bounceback_tui.store.sync import folder as shared


def _id(store: Store, company: str) -> int:
    return next(a.id for a in store.list_applications() if a.company == company)


def test_joining_brings_both_hunts_together(machines) -> None:
    laptop, desktop, _ = machines
    assert {a.company for a in laptop.list_applications()} == {"Acme", "Globex"}
    assert canonical(laptop) == canonical(desktop)
    assert [a.stage for a in desktop.list_applications() if a.company == "Acme"] == ["applied"]


def test_offline_changes_on_both_sides_converge(machines) -> None:
    laptop, desktop, _ = machines
    acme = _id(laptop, "Acme")
    laptop.move(acme, "screening", note="call with Priya")
    laptop.add_win("Explained the migration clearly")
    reflection = laptop.save_reflection({"went_well": "I listened"}, status="saved",
                                        application_id=acme)
    laptop.add_action("Mock system design", reflection_id=reflection.id)
    globex = _id(desktop, "Globex")
    desktop.move(globex, "rejected")
    desktop.add_application("Initech", "Platform")
    desktop.add_win("Sent five applications")
    exchange(desktop)
    exchange(laptop)
    exchange(desktop)
    assert canonical(laptop) == canonical(desktop)
    both = canonical(desktop)
    assert len(both["applications"]) == 3 and len(both["wins"]) == 2
    assert both["actions"][0][1] == "Mock system design" and "I listened" in both["actions"][0][5]
    stages = {a.company: a.stage for a in desktop.list_applications()}
    assert stages == {"Acme": "screening", "Globex": "rejected", "Initech": "applied"}
    # the columns an application's events repeat are computed again on the laptop
    assert laptop.count_applications(view="closed") == 1


def test_disjoint_field_edits_merge_and_one_field_edited_twice_agrees(machines) -> None:
    laptop, desktop, _ = machines
    laptop.edit_application(_id(laptop, "Acme"), notes="ask about on-call")
    desktop.edit_application(_id(desktop, "Acme"), role="Staff engineer")
    laptop.edit_application(_id(laptop, "Globex"), location="Lisbon")
    desktop.edit_application(_id(desktop, "Globex"), location="Porto")
    exchange(laptop)
    exchange(desktop)
    exchange(laptop)
    acme = next(a for a in laptop.list_applications() if a.company == "Acme")
    assert (acme.role, acme.notes) == ("Staff engineer", "ask about on-call")
    assert canonical(laptop) == canonical(desktop)
    place = {next(a for a in s.list_applications() if a.company == "Globex").location
             for s in (laptop, desktop)}
    assert len(place) == 1 and place <= {"Lisbon", "Porto"}


def test_a_delete_reaches_the_other_machine_and_wins_over_an_edit(machines) -> None:
    laptop, desktop, _ = machines
    laptop.delete_application(_id(laptop, "Globex"))
    desktop.edit_application(_id(desktop, "Globex"), notes="second round Tuesday")
    exchange(laptop)
    exchange(desktop)
    exchange(laptop)
    for store in (laptop, desktop):
        assert [a.company for a in store.list_applications()] == ["Acme"]


def test_a_reflection_edited_on_both_keeps_both_versions(machines) -> None:
    laptop, desktop, _ = machines
    made = laptop.save_reflection({"went_well": "first draft"}, application_id=_id(laptop, "Acme"))
    exchange(laptop)
    exchange(desktop)
    theirs = next(r for r in desktop.list_reflections())
    laptop.save_reflection({"went_well": "LAPTOP: I stayed calm"}, reflection_id=made.id)
    desktop.save_reflection({"went_well": "DESKTOP: good questions"}, reflection_id=theirs.id)
    exchange(laptop)
    exchange(desktop)
    exchange(laptop)
    texts = {s.list_reflections()[0].went_well for s in (laptop, desktop)}
    assert len(texts) == 1  # the same version shows on both, never a mix of characters
    assert texts <= {"LAPTOP: I stayed calm", "DESKTOP: good questions"}
    assert status(laptop).conflicts == status(desktop).conflicts == 1
    from pycrdt import Map

    doc = engine.load_document(laptop)
    (entry,) = doc.get("reflections", type=Map).to_py().values()
    kept = {json.loads(text)["content"]["went_well"] for text in entry["revisions"].values()}
    assert {"LAPTOP: I stayed calm", "DESKTOP: good questions"} <= kept


def test_the_folder_never_holds_plaintext(machines, shared_folder: Path) -> None:
    laptop, desktop, _ = machines
    laptop.save_reflection({"went_well": "Zanzibar-secret-words"}, status="saved")
    laptop.add_win("Quokka-secret-win")
    exchange(laptop)
    exchange(desktop)
    data = folder_bytes(shared_folder)
    for secret in (b"Acme", b"Globex", b"referral", b"Zanzibar", b"Quokka", b"went_well",
                   b"applications"):
        assert secret not in data
    assert not list(shared_folder.rglob("*.db*"))


def test_a_tampered_file_is_refused_by_name_and_the_rest_applied(machines,
                                                                  shared_folder: Path) -> None:
    laptop, desktop, _ = machines
    laptop.add_win("first")
    exchange(laptop)
    first = sorted((shared_folder / "bounceback-sync" / "machines").rglob("0*.bbx"))
    laptop.add_win("second")
    exchange(laptop)
    newest = max((p for p in (shared_folder / "bounceback-sync" / "machines").rglob("0*.bbx")
                  if p not in first), key=lambda p: p.stat().st_mtime_ns)
    blob = bytearray(newest.read_bytes())
    blob[-5] ^= 0x40
    newest.write_bytes(bytes(blob))
    before = canonical(desktop)
    result = exchange(desktop)
    assert len(result.refused) == 1 and newest.name in result.refused[0]
    assert "does not open with this hunt's key" in result.refused[0]
    after = canonical(desktop)
    assert [w[1] for w in after["wins"]] == ["first"] and after != before
    assert status(desktop).last_error and newest.name in status(desktop).last_error


def test_a_sync_services_copy_of_a_push_is_not_read(machines, shared_folder: Path) -> None:
    """Setup: the laptop pushes a win; beside its file, the copies Syncthing and Dropbox make
    when they see a file changed in two places (`….sync-conflict-….bbx`, `… (conflicted
    copy).bbx`). Action: the desktop exchanges, twice. Holds: the win arrives, nothing is
    refused and no error is kept (a copy sealed under another name used to be refused at
    every exchange, the header saying sync had a problem for good)."""
    laptop, desktop, _ = machines
    laptop.add_win("a kind word from the recruiter")
    exchange(laptop)
    mine = shared_folder / "bounceback-sync" / "machines" / status(laptop).machine
    push = max(p for p in mine.iterdir() if p.name[:1].isdigit())
    stem = push.name.removesuffix(".bbx")
    for copy in (f"{stem}.sync-conflict-20261207-101500-ABCDEFG.bbx",
                 f"{stem} (conflicted copy).bbx"):
        (mine / copy).write_bytes(push.read_bytes())
    for _ in range(2):
        result = exchange(desktop)
        assert result.refused == []
    assert [w[1] for w in canonical(desktop)["wins"]] == ["a kind word from the recruiter"]
    assert status(desktop).last_error is None


def test_sync_off_logs_nothing(store: Store) -> None:
    store.add_application("Acme", "Dev")
    store.add_win("w")
    with store.raw_read() as conn:
        assert conn.execute("SELECT count(*) FROM sync_outbox").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM applications WHERE uid IS NULL").fetchone()[0] == 0


@pytest.mark.parametrize(("phrase", "message"), [
    ("abandon " * 23, "has 24 words; this one has 23"),
    ("abandon " * 23 + "zebrafish", "'zebrafish' is not a word of recovery phrases"),
    ("abandon " * 24, "not a recovery phrase"),
])
def test_a_wrong_phrase_is_refused_in_one_line(machines, tmp_path: Path, shared_folder: Path,
                                               phrase: str, message: str) -> None:
    (tmp_path / "third").mkdir(mode=0o700)
    with Store.open(tmp_path / "third" / "h.db") as third:
        third.add_application("Mine", "Only")
        with pytest.raises(SyncError, match=message) as raised:
            join(third, shared_folder, phrase)
        assert "\n" not in str(raised.value)
        assert not status(third).enabled
        assert [a.company for a in third.list_applications()] == ["Mine"]


def test_another_spaces_phrase_does_not_open_it(machines, tmp_path: Path,
                                                shared_folder: Path) -> None:
    from bounceback_tui.store.sync.crypto import new_key, phrase_of

    (tmp_path / "third").mkdir(mode=0o700)
    with Store.open(tmp_path / "third" / "h.db") as third:
        with pytest.raises(SyncError, match="does not open this shared space"):
            join(third, shared_folder, phrase_of(new_key()))
        assert not status(third).enabled


def test_a_newer_space_is_refused_and_nothing_changes(machines, shared_folder: Path) -> None:
    laptop, _, _ = machines
    space = shared_folder / "bounceback-sync" / "space.json"
    doc = json.loads(space.read_text())
    doc["bounceback_sync"] = shared.FORMAT + 1
    space.write_text(json.dumps(doc))
    laptop.add_win("kept here")
    with pytest.raises(SyncError, match="used by a newer BounceBack; update BounceBack"):
        exchange(laptop)
    assert status(laptop).pending == 1  # still waiting to be sent, not lost


def test_a_space_of_an_older_schema_is_raised_before_newer_rows_go_out(
        machines, shared_folder: Path, monkeypatch) -> None:
    """A space made by the BounceBack that synced no interviews (schema 0007) is marked
    with this one's schema at its next exchange; a machine still on the older BounceBack
    then stops with one line and keeps its changes."""
    laptop, desktop, _ = machines
    space = shared_folder / "bounceback-sync" / "space.json"
    doc = json.loads(space.read_text())
    space.write_text(json.dumps({**doc, "schema": "0007"}))
    laptop.add_interview(_id(laptop, "Acme"), kind="phone",
                         starts_at=datetime(2026, 3, 9, 14, tzinfo=UTC))
    exchange(laptop)
    assert json.loads(space.read_text())["schema"] == shared.SCHEMA
    desktop.add_win("written on the older BounceBack")
    with monkeypatch.context() as older:
        older.setattr(shared, "SCHEMA", "0007")
        with pytest.raises(SyncError, match="used by a newer BounceBack; update BounceBack"):
            exchange(desktop)
    assert status(desktop).pending == 1
    exchange(desktop)
    assert len(desktop.list_interviews()) == 1


def test_a_folder_that_disappears_or_fills_up_loses_nothing(machines, shared_folder: Path,
                                                           monkeypatch) -> None:
    laptop, _, _ = machines
    laptop.add_win("written while the disk was full")

    def full(path: Path, data: bytes) -> None:
        raise OSError(28, os.strerror(28))

    with monkeypatch.context() as patched:
        patched.setattr(shared, "write_whole", full)
        with pytest.raises(SyncError, match="could not write to the shared folder .*No space"):
            exchange(laptop)
    assert status(laptop).pending == 1
    shared_folder.rename(shared_folder.with_name("gone"))
    with pytest.raises(SyncError, match="is not there"):
        exchange(laptop)
    assert status(laptop).pending == 1
    shared_folder.with_name("gone").rename(shared_folder)
    assert exchange(laptop).sent == 1


def test_the_key_file_is_private(machines) -> None:
    laptop, _, _ = machines
    with laptop.raw_read() as conn:
        space = conn.execute("SELECT space FROM sync_state").fetchone()[0]
    assert engine.key_path(space).stat().st_mode & 0o777 == 0o600


def test_every_synced_column_is_mapped_or_local(store: Store) -> None:
    """A migration that adds a column to a synced table must say whether it travels."""
    from bounceback_tui.store.sync.mapping import ENTITIES

    conn = sqlite3.connect(store.path)
    try:
        for entity in ENTITIES:
            columns = {row[1] for row in conn.execute(f"PRAGMA table_info({entity.name})")}
            mapped = {*entity.fields, *(c for c, _ in entity.references), *entity.local}
            assert columns == mapped, entity.name
    finally:
        conn.close()


@pytest.mark.parametrize("keep", ["older", "newer", "both"])
def test_choosing_a_version_settles_it_on_every_machine(machines, keep: str) -> None:
    laptop, desktop, _ = machines
    made = laptop.save_reflection({"went_well": "draft"}, application_id=_id(laptop, "Acme"))
    exchange(laptop)
    exchange(desktop)
    laptop.save_reflection({"went_well": "LAPTOP words"}, reflection_id=made.id)
    desktop.save_reflection({"went_well": "DESKTOP words"},
                            reflection_id=desktop.list_reflections()[0].id)
    exchange(laptop)
    exchange(desktop)
    exchange(laptop)
    [(local_id, uid, versions)] = engine.versions(laptop)
    assert local_id == made.id and len(versions) == 2
    assert {v.machine for v in versions} == {"laptop", "desktop"}
    assert {v.content["went_well"] for v in versions} == {"LAPTOP words", "DESKTOP words"}
    choice = {"older": versions[0].revision, "newer": versions[1].revision, "both": "both"}[keep]
    engine.choose(laptop, uid, choice)
    exchange(desktop)
    for store in (laptop, desktop):
        assert engine.versions(store) == [] and status(store).conflicts == 0
        texts = sorted(r.went_well for r in store.list_reflections())
        if keep == "both":
            assert texts == ["DESKTOP words", "LAPTOP words"]
        else:
            expected = versions[0 if keep == "older" else 1].content["went_well"]
            assert texts == [expected]
    assert canonical(laptop) == canonical(desktop)


MARKER = "ZQX-private-words-7731"


def test_deleting_means_deleted_also_in_the_shared_folder(machines, shared_folder: Path) -> None:
    """A reflection deleted on one machine: after the exchanges, its words are in no file
    of the shared folder (read with the key, as a machine would) and nowhere in either
    database file once it is closed."""
    laptop, desktop, _ = machines
    made = laptop.save_reflection({"went_well": MARKER}, status="saved")
    exchange(laptop)
    exchange(desktop)
    assert MARKER in desktop.list_reflections()[0].went_well
    laptop.delete_reflection(made.id)
    assert exchange(laptop).forgotten
    assert exchange(desktop).forgotten
    exchange(laptop)
    assert desktop.list_reflections() == [] and laptop.list_reflections() == []
    with laptop.raw_read() as conn:
        space = shared.open_space(shared_folder, engine._load_key(
            conn.execute("SELECT space FROM sync_state").fetchone()[0]))
    for path in (shared_folder / "bounceback-sync" / "machines").rglob("0*.bbx"):
        name = str(path.relative_to(shared_folder / "bounceback-sync"))
        assert MARKER.encode() not in shared.read(space, name), name
    paths = [laptop.path, desktop.path]
    laptop.close()
    desktop.close()
    for db in paths:
        for file in (db, Path(f"{db}-wal")):
            if file.exists():
                assert MARKER.encode() not in file.read_bytes(), file


def test_a_push_half_written_when_killed_is_swept_away(machines, shared_folder: Path) -> None:
    """A machine killed between writing a push's temporary file and renaming it leaves a
    whole sealed push under a hidden name; its next exchange removes it, so a delete made
    since leaves no copy of the words behind."""
    laptop, _desktop, _ = machines
    made = laptop.save_reflection({"went_well": MARKER}, status="saved")
    exchange(laptop)
    mine = shared_folder / "bounceback-sync" / "machines" / status(laptop).machine
    [push] = sorted(p for p in mine.iterdir() if p.name[:1].isdigit())[-1:]
    leftover = mine / f".{push.name}.1a2b3c4d.tmp"
    leftover.write_bytes(push.read_bytes())  # as write_whole leaves it when killed
    laptop.delete_reflection(made.id)
    assert exchange(laptop).forgotten
    assert not leftover.exists()
    assert [p.name for p in mine.iterdir() if p.name.startswith(".")] == []


def test_an_edit_after_a_push_killed_before_its_commit_wins_everywhere(
        machines, monkeypatch) -> None:
    """Setup: the laptop sets a location; its exchange is killed after its push file was
    written and before the commit (a KeyboardInterrupt where the merge of its files would
    run: the transaction rolls back as under kill -9), so the file is in the folder and the
    outbox still holds the change. Action: the person sets another location; the machines
    exchange. Holds: the later location is on both machines, in each of 8 tries (the
    re-sent change and the later one were set beside the first file's, not after it, and
    the larger random client id won: half the tries kept the older location somewhere)."""
    laptop, desktop, _ = machines
    real = engine._merge_own

    def killed(*_args: object) -> int:
        raise KeyboardInterrupt("killed after the push was written")

    for attempt in range(8):
        company = f"Try {attempt}"
        laptop.add_application(company, "Engineer")
        exchange(laptop)
        exchange(desktop)
        laptop.edit_application(_id(laptop, company), location="Lisbon")
        monkeypatch.setattr(engine, "_merge_own", killed)
        with pytest.raises(KeyboardInterrupt):
            exchange(laptop)
        monkeypatch.setattr(engine, "_merge_own", real)
        exchange(desktop)  # it may read the file of the exchange that rolled back
        laptop.edit_application(_id(laptop, company), location="Porto")
        exchange(laptop)
        exchange(desktop)
        exchange(laptop)
        for machine in (laptop, desktop):
            assert next(a for a in machine.list_applications()
                        if a.company == company).location == "Porto", attempt
        assert laptop.undo_summary() is None or "other machine" not in laptop.undo_summary()
    assert canonical(laptop) == canonical(desktop)


def test_a_later_edit_on_the_other_machine_is_not_called_a_lost_one(machines) -> None:
    """Setup: the laptop sets a location and both machines exchange (the desktop has it).
    Action: later, on the desktop, the person changes it; the machines exchange.
    Holds: the laptop has the new location and its undo log says nothing of an edit
    "changed on the other machine" (the desktop changed it after seeing the laptop's: it
    replaced it on purpose), so `u` there does not bring the old location back; an edit
    made on both at the same time still is one (the next test)."""
    laptop, desktop, _ = machines
    laptop.edit_application(_id(laptop, "Globex"), location="Lisbon")
    exchange(laptop)
    exchange(desktop)
    assert next(a for a in desktop.list_applications() if a.company == "Globex").location \
        == "Lisbon"
    for later in ("Porto", "Faro"):  # and once more: the first was not a fluke
        desktop.edit_application(_id(desktop, "Globex"), location=later)
        exchange(desktop)
        exchange(laptop)
        assert next(a for a in laptop.list_applications()
                    if a.company == "Globex").location == later
        assert "other machine" not in (laptop.undo_summary() or "")
    with laptop.raw_read() as conn:
        assert conn.execute("SELECT count(*) FROM sync_mine").fetchone()[0] == 0


def test_an_edit_that_lost_to_the_other_machine_can_be_undone(machines) -> None:
    laptop, desktop, _ = machines
    laptop.edit_application(_id(laptop, "Globex"), location="Lisbon")
    desktop.edit_application(_id(desktop, "Globex"), location="Porto")
    exchange(laptop)
    exchange(desktop)
    exchange(laptop)
    kept = next(a for a in laptop.list_applications() if a.company == "Globex").location
    loser, mine = (desktop, "Porto") if kept == "Lisbon" else (laptop, "Lisbon")
    undone = loser.undo()
    assert undone is not None and "changed on the other machine" in undone.summary
    assert next(a for a in loser.list_applications() if a.company == "Globex").location == mine
    exchange(loser)
    other = laptop if loser is desktop else desktop
    exchange(other)
    assert next(a for a in other.list_applications() if a.company == "Globex").location == mine


def test_many_pushes_are_merged_and_the_seen_list_stays_short(machines, shared_folder: Path,
                                                               tmp_path: Path,
                                                               monkeypatch) -> None:
    """Past FILES_KEPT files (8 here), a machine's pushes become one file; the desktop,
    which had seen the single ones, forgets their names and still has everything once; a
    machine joining later reads it all from the merged file."""
    laptop, desktop, phrase = machines
    monkeypatch.setattr(engine, "FILES_KEPT", 8)
    mine = shared_folder / "bounceback-sync" / "machines" / status(laptop).machine
    for n in range(30):
        laptop.add_win(f"win {n}")
        exchange(laptop)
        if n % 3 == 0:
            exchange(desktop)
        assert len([p for p in mine.iterdir() if p.name[:1].isdigit()]) <= 9
    exchange(desktop)
    with desktop.raw_read() as conn:
        seen = conn.execute("SELECT count(*) FROM sync_seen").fetchone()[0]
    assert seen <= 10
    assert sorted(w.text for w in desktop.list_wins()) == sorted(f"win {n}" for n in range(30))
    (tmp_path / "third").mkdir(mode=0o700)
    with Store.open(tmp_path / "third" / "h.db") as third:
        join(third, shared_folder, phrase, name="third")
        assert canonical(third) == canonical(laptop) == canonical(desktop)


def test_blank_fields_are_not_held_but_emptying_a_field_travels(machines) -> None:
    """A new row leaves its empty fields out of the document (memory); a field emptied later
    is sent like any edit, and a row arriving without a field has it empty."""
    laptop, desktop, _ = machines
    made = laptop.add_application("Initech", "Platform", notes="call back Tuesday")
    exchange(laptop)
    doc = engine.load_document(laptop)
    uid = next(key for key, row in doc.get("applications", type=Map).items()
               if row.get("company") == "Initech")
    assert "url" not in doc.get("applications", type=Map)[uid]
    exchange(desktop)
    there = next(a for a in desktop.list_applications() if a.company == "Initech")
    assert (there.url, there.notes) == ("", "call back Tuesday")
    laptop.edit_application(made.id, notes="")
    exchange(laptop)
    exchange(desktop)
    assert next(a for a in desktop.list_applications() if a.company == "Initech").notes == ""
