"""A read-only database file, and a database in a read-only folder: reading works or is
refused in one line; a change is refused in one line, exit 1; the file is not touched.

BounceBack honours a file's permission bits itself (root, whom the kernel lets write
anyway, too). For a read-only folder, root ignores the bits, so as root the immutable
attribute (`chattr +i`) stands in for them; that test skips, saying why, when neither
makes writing fail.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from reliability_support import Tally, one_error_line, run_cli, sha256

from bounceback_tui.store import Store


def _writing_fails(path: Path) -> bool:
    probe = path / ".probe" if path.is_dir() else path
    try:
        with probe.open("ab"):
            pass
    except OSError:
        return True
    if path.is_dir():
        probe.unlink()
    return False


@contextmanager
def read_only(path: Path) -> Iterator[str]:
    """`path` (a file or a folder) read-only for this process; yields how it was done."""
    if os.geteuid() != 0:
        mode = stat.S_IMODE(path.stat().st_mode)
        os.chmod(path, 0o500 if path.is_dir() else 0o400)
        try:
            if not _writing_fails(path):
                pytest.skip("chmod did not stop writing here (the file system ignores it)")
            yield "chmod"
        finally:
            os.chmod(path, mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("running as root, whom permission bits do not stop, and without chattr")
    made = subprocess.run([chattr, "+i", str(path)], capture_output=True, text=True,
                          check=False)
    if made.returncode != 0:
        pytest.skip(f"running as root, and chattr +i failed: {made.stderr.strip()}")
    try:
        if not _writing_fails(path):
            pytest.skip("running as root, and chattr +i did not stop writing here")
        yield "chattr +i"
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


@pytest.fixture
def closed_db(tmp_path: Path) -> Path:
    """A database with two applications, closed (no -wal beside it), in its own folder."""
    path = tmp_path / "data" / "hunt.db"
    with Store.open(path) as store:
        store.add_application("Acme", "Engineer")
        store.add_application("Globex", "Analyst")
    return path


def _list_reads_or_refuses(db: Path) -> str:
    proc = run_cli("--db", str(db), "list")
    if proc.returncode == 0:
        assert proc.stderr == "", proc.stderr
        assert "Acme" in proc.stdout and "Globex" in proc.stdout
        return "read"
    return one_error_line(proc)


@pytest.mark.parametrize("made", [0o400, 0o444])
def test_a_read_only_database_file_can_be_read_and_refuses_changes(
        closed_db: Path, tally: Tally, made: int) -> None:
    """Setup: a closed database with two applications, made read-only by its owner (chmod
    0400 or 0444; root too is held to it: BounceBack honours the permission bits itself).
    Action: `bounceback --db DB list`, `show`, `export`, then `add`, `move`, `delete --yes`,
    `undo`, `import`.
    Must hold: the reads work; every change exits 1 with one line saying the file is
    read-only and that nothing was changed; the file is byte for byte unchanged, its mode
    is still the one its owner chose, and nothing appears beside it (no -wal, no -shm)."""
    before, beside = sha256(closed_db), sorted(os.listdir(closed_db.parent))
    os.chmod(closed_db, made)
    try:
        assert _list_reads_or_refuses(closed_db) == "read"
        for reading in (["show", "1"], ["export", "--format", "csv"], ["stats"]):
            assert run_cli("--db", str(closed_db), *reading).returncode == 0, reading
        doc = closed_db.parent.parent / "in.csv"
        doc.write_text("Company,Role\nInitech,Dev\n")
        for change in (["add", "Initech", "Dev"], ["move", "1", "screening"],
                       ["delete", "1", "--yes"], ["undo"], ["import", str(doc)]):
            message = one_error_line(run_cli("--db", str(closed_db), *change))
            assert "read-only" in message and "nothing was changed" in message, (change, message)
            assert "chmod u+w" in message, message
        assert sha256(closed_db) == before
        assert stat.S_IMODE(closed_db.stat().st_mode) == made  # never chmodded back
        assert sorted(os.listdir(closed_db.parent)) == beside
    finally:
        os.chmod(closed_db, 0o600)
    tally.fault("read-only database file")


def test_a_database_in_a_read_only_folder_is_refused_in_one_line(
        closed_db: Path, tally: Tally) -> None:
    """Setup: a closed database with two applications, in a folder made read-only (so the
    -wal and -shm SQLite needs cannot be created beside it).
    Action: `bounceback --db DB list`, then `bounceback --db DB add …`.
    Must hold: list reads or refuses in one line; add exits 1 with one line naming the
    folder; the file is byte for byte unchanged and nothing appears beside it."""
    before, beside = sha256(closed_db), sorted(os.listdir(closed_db.parent))
    with read_only(closed_db.parent):
        outcome = _list_reads_or_refuses(closed_db)
        assert outcome == "read" or str(closed_db.parent) in outcome, outcome
        message = one_error_line(run_cli("--db", str(closed_db), "add", "Initech", "Dev"))
        assert str(closed_db.parent) in message and "nothing was changed" in message.lower()
        assert sha256(closed_db) == before
        assert sorted(os.listdir(closed_db.parent)) == beside
    tally.fault("read-only folder")


async def test_the_dashboard_on_a_read_only_file_shows_it_and_says_so(
        closed_db: Path, tmp_path: Path) -> None:
    """Setup: a closed database with two applications, chmod 0400 by its owner.
    Action: open the dashboard (Pilot, notifications on), then try to reject the
    highlighted application (`x`, `enter`).
    Holds: both applications are listed; a notice says the file is read-only and how to
    make it writable; the rejection is refused with the same words; the file is byte for
    byte unchanged, still 0400, with nothing beside it."""
    import pendulum

    from bounceback_tui.app import make_app

    before, beside = sha256(closed_db), sorted(os.listdir(closed_db.parent))
    os.chmod(closed_db, 0o400)
    try:
        app = make_app(closed_db, settings_file=tmp_path / "config.toml", clock=pendulum.now)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            for _ in range(200):
                await pilot.pause(0.02)
                if app.store is not None and app.query("#pipeline-table"):
                    break
            await pilot.pause(0.2)
            said = [n.message for n in app._notifications]
            assert any("read-only" in m and "chmod u+w" in m for m in said), said
            await pilot.press("x")
            await pilot.pause(0.2)
            await pilot.press("enter")
            for _ in range(100):
                await pilot.pause(0.02)
                said = [n.message for n in app._notifications]
                if any("nothing was changed" in m for m in said):
                    break
            assert any("read-only" in m and "nothing was changed" in m for m in said), said
            text = app.export_screenshot()
            assert "Acme" in text and "Globex" in text
    finally:
        os.chmod(closed_db, 0o600)
    assert sha256(closed_db) == before
    assert sorted(os.listdir(closed_db.parent)) == beside
