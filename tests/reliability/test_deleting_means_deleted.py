"""Deleting means deleted: once the window or command that deleted something has ended, its
words are nowhere in the database file or its -wal, not in the undo log either; and a
reader in another process only delays the scrub of the -wal until it lets go.

Each test writes a unique marker into the text it deletes and then reads the raw bytes of
the files, as someone who copied them would.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pendulum
import pytest
from reliability_support import run_cli, succeeded

from bounceback_tui.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))
from ui_support import NOW, ready, settle

MARKER = "ZQX-private-words-7731"


def traces(db: Path) -> dict[str, int]:
    """How often MARKER's bytes appear in the database file and its -wal."""
    found = {}
    for path in (db, Path(f"{db}-wal")):
        found[path.name] = path.read_bytes().count(MARKER.encode()) if path.exists() else 0
    return found


def clean(db: Path) -> bool:
    return not any(traces(db).values())


def hunt(tmp_path: Path) -> tuple[Path, int]:
    """A database with one application whose notes, edited once, hold MARKER (so the undo
    log holds it twice: in the edit's entry and, after a delete, in the delete's), and one
    other application that stays."""
    db = tmp_path / "data" / "hunt.db"
    with Store.open(db) as store:
        store.add_application("Stays Inc", "Engineer")
        doomed = store.add_application("Doomed Ltd", "Engineer", notes=f"{MARKER} first")
        store.edit_application(doomed.id, notes=f"{MARKER} second, longer " * 50)
    return db, doomed.id


def test_a_delete_by_a_command_is_gone_for_good_when_it_ends(tmp_path: Path) -> None:
    """Setup: a hunt whose doomed application's notes hold the marker (and its undo log,
    through an edit). Action: `bounceback delete ID --yes`; then `bounceback undo`.
    Holds: after the command the marker is in neither the file nor the -wal; the other
    application is intact; undo does not bring the deleted one back (it would need a copy
    of the words) but takes back the change before it."""
    db, doomed = hunt(tmp_path)
    assert not clean(db)
    said = succeeded(run_cli("--db", str(db), "delete", str(doomed), "--yes"))
    assert "Deleted Doomed Ltd — Engineer" in said
    assert clean(db), traces(db)
    listed = succeeded(run_cli("--db", str(db), "list"))
    assert "Doomed" not in listed and "Stays Inc" in listed
    undone = succeeded(run_cli("--db", str(db), "undo"))  # takes back the change before
    assert undone == "Undid: added Stays Inc — Engineer\n", undone
    assert "Doomed" not in succeeded(run_cli("--db", str(db), "list"))
    assert clean(db)


@pytest.mark.slow
async def test_the_dashboard_can_undo_a_delete_until_it_quits(tmp_path: Path) -> None:
    """Setup: a hunt as above; the dashboard (120×40, clock frozen).
    Action: highlight the doomed application, `d` and confirm; `u` (undo); `d` and confirm
    again; quit. Then open the dashboard again and press `u`.
    Holds: the first undo brings it back with its notes; after quitting, the marker is in
    neither file; in the new dashboard, undo does not bring it back (it takes back the
    change before, the adding of the other application)."""
    from bounceback_tui.app import make_app
    from bounceback_tui.widgets.pipeline_table import PipelineTable

    db, doomed = hunt(tmp_path)
    pendulum.set_local_timezone(pendulum.timezone("UTC"))
    with pendulum.travel_to(NOW, freeze=True):
        app = make_app(db, settings_file=tmp_path / "config.toml", clock=pendulum.now)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            table = app.query_one(PipelineTable)
            assert table.move_cursor_to_id(doomed)
            await pilot.press("d", "y")
            await settle(pilot)
            await pilot.press("u")
            await settle(pilot)
            with Store.open(db) as other:
                assert MARKER in other.get_application(doomed).application.notes
            assert table.move_cursor_to_id(doomed)
            await pilot.press("d", "y")
            await settle(pilot)
        assert clean(db), traces(db)
        app = make_app(db, settings_file=tmp_path / "config.toml", clock=pendulum.now)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            await pilot.press("u")
            await settle(pilot)
    with Store.open(db) as store:  # that `u` took back the change before: adding Stays Inc
        assert [a.company for a in store.list_applications()] == []
    assert clean(db)


DELETE_AND_HANG = """\
import sys, time
from bounceback_tui.store import Store
store = Store.open(sys.argv[1])
store.delete_application(int(sys.argv[2]))
print("deleted", flush=True)
time.sleep(600)
"""


def test_a_delete_by_a_process_killed_before_it_ended_goes_on_the_next_open(
        tmp_path: Path) -> None:
    """Setup: a hunt as above. Action: a process deletes the doomed application and is
    killed with SIGKILL before it closes (so it cannot clean up); then `bounceback list`.
    Holds: while the killed process's delete is still undoable on disk the marker is in
    the files (the undo log); the next open removes that entry and scrubs the -wal: the
    marker is gone and `undo` cannot bring the application back."""
    db, doomed = hunt(tmp_path)
    child = subprocess.Popen([sys.executable, "-c", DELETE_AND_HANG, str(db), str(doomed)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "deleted"
        assert not clean(db)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert "Stays Inc" in succeeded(run_cli("--db", str(db), "list"))
    assert clean(db), traces(db)
    assert "Doomed" not in succeeded(run_cli("--db", str(db), "undo"))


HOLD_A_READ = """\
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN")
conn.execute("SELECT count(*) FROM reflections").fetchall()
print("reading", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
print("done", flush=True)
sys.stdin.readline()
"""


def hold_a_read(db: Path) -> subprocess.Popen[str]:
    """Another process (a backup tool, a sqlite3 shell) in the middle of a read
    transaction: it pins the -wal until it ends."""
    reader = subprocess.Popen([sys.executable, "-c", HOLD_A_READ, str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert reader.stdout is not None and reader.stdout.readline().strip() == "reading"
    return reader


def let_go(reader: subprocess.Popen[str]) -> None:
    assert reader.stdin is not None and reader.stdout is not None
    reader.stdin.write("\n")
    reader.stdin.flush()
    assert reader.stdout.readline().strip() == "done"


def draft_with_marker(store: Store) -> int:
    draft = store.save_reflection({"went_well": f"{MARKER} first"})
    for number in range(3):
        store.save_reflection({"went_well": f"{MARKER} draft {number} " * 300},
                              reflection_id=draft.id)
    return draft.id


def test_a_reader_elsewhere_delays_the_scrub_only_until_it_lets_go(tmp_path: Path) -> None:
    """Setup: a store holding a reflection draft saved four times (each save left a page
    image with the marker in the -wal); another process holding a read transaction.
    Action: delete the reflection; check the files; the reader ends its read; the store
    is asked to scrub (as the dashboard's poll does every second).
    Holds: while the read is held, the deleted words may still be in the -wal (SQLite cannot
    truncate it under a reader) and the file says a scrub is due; as soon as the reader lets
    go, one scrub leaves the marker in neither file, and the mark is cleared."""
    db = tmp_path / "data" / "hunt.db"
    store = Store.open(db)
    reader = None
    try:
        draft = draft_with_marker(store)
        reader = hold_a_read(db)
        store.delete_reflection(draft)
        assert not clean(db), "the reader did not hold the -wal (the test proves nothing)"
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] & 1
        let_go(reader)
        assert store.scrub_if_due()
        assert clean(db), traces(db)
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] & 1 == 0
    finally:
        if reader is not None:
            reader.kill()
            reader.wait()
        store.close()


def test_when_the_deleting_command_has_ended_the_next_open_scrubs(tmp_path: Path) -> None:
    """Setup: as above, but the store that deleted closes while the reader still reads
    (so its own retries, for a second, fail). Action: the reader lets go; `bounceback
    list` opens the file. Holds: the marker stays while the read is held; after the next
    open it is in neither file."""
    db = tmp_path / "data" / "hunt.db"
    store = Store.open(db)
    draft = draft_with_marker(store)
    reader = hold_a_read(db)
    try:
        store.delete_reflection(draft)
        store.close()
        assert not clean(db)
        let_go(reader)
        succeeded(run_cli("--db", str(db), "list"))
        assert clean(db), traces(db)
    finally:
        reader.kill()
        reader.wait()


@pytest.mark.slow
async def test_an_open_dashboard_scrubs_once_the_reader_lets_go(tmp_path: Path) -> None:
    """Setup: the dashboard open on a hunt; another process holding a read.
    Action: the dashboard's journal deletes a reflection draft with the marker (`2`, `d`,
    `y`); the reader lets go; nothing else happens.
    Holds: within a few seconds (its poll), with no key pressed, the marker is in neither
    file."""
    from textual.widgets import OptionList

    from bounceback_tui.app import make_app

    db = tmp_path / "data" / "hunt.db"
    with Store.open(db) as store:
        store.add_application("Acme", "Engineer")
        draft = draft_with_marker(store)
    pendulum.set_local_timezone(pendulum.timezone("UTC"))
    with pendulum.travel_to(NOW, freeze=True):
        app = make_app(db, settings_file=tmp_path / "config.toml", clock=pendulum.now)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            reader = hold_a_read(db)
            try:
                await pilot.press("2")
                await settle(pilot)
                journal = app.query_one("#journal", OptionList)
                ids = [journal.get_option_at_index(i).id for i in range(journal.option_count)]
                journal.highlighted = ids.index(f"reflection:{draft}")
                await pilot.press("d", "y")
                await settle(pilot)
                with Store.open(db) as other:
                    assert all(r.id != draft for r in other.list_reflections())
                assert not clean(db), "the reader did not hold the -wal"
                let_go(reader)
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and not clean(db):
                    await pilot.pause(0.1)
                assert clean(db), traces(db)
            finally:
                reader.kill()
                reader.wait()
