"""A full disk during a save: one clear line, exit 1, the database as it was; once space is
freed, saving works again. Runs on a small tmpfs, which needs root (skipped otherwise)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_support import (
    Tally,
    check_pipeline,
    one_error_line,
    run_cli,
    sha256,
    succeeded,
    table_rows,
)

from bounceback_tui.store import Store, StoreError


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs mounted in the test's folder; unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a size-limited tmpfs needs root")
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip("mount/umount are not installed")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs",
                              str(disk)], capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        if subprocess.run(["umount", str(disk)], capture_output=True, check=False).returncode:
            subprocess.run(["umount", "-l", str(disk)], check=True)


def fill(disk: Path, *, leave: int = 0) -> Path:
    """Fill the disk with one file until at most `leave` bytes are free; that file."""
    filler = disk / "filler"
    with filler.open("ab") as handle:
        for chunk in (65536, 4096, 512, 1):
            while True:
                st = os.statvfs(disk)
                if st.f_bavail * st.f_frsize - chunk < leave:
                    break
                try:
                    handle.write(b"\0" * chunk)
                    handle.flush()
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
                    break
    return filler


def test_a_full_disk_refuses_an_add_in_one_line_and_recovers(
        small_disk: Path, tally: Tally) -> None:
    """Setup: a database with three applications on a 2 MiB disk; the disk then filled to
    the last byte.
    Action: `bounceback --db DB add …`, then `bounceback --db DB backup`; then the filler
    is removed and the add is run again.
    Must hold: while full, each command exits 1 with one line saying the disk is full; the
    database file is byte for byte unchanged and no backup appears under a final name;
    once space is freed, integrity is ok, the rows are those of before, and the add works."""
    db = small_disk / "hunt.db"
    with Store.open(db) as store:
        for n in range(3):
            store.add_application(f"Company {n}", "Engineer")
    rows, before = table_rows(db), sha256(db)
    filler = fill(small_disk)
    message = one_error_line(run_cli("--db", str(db), "add", "Initech", "Developer"))
    assert "disk" in message and "full" in message, message
    assert sha256(db) == before
    message = one_error_line(run_cli("--db", str(db), "backup"))
    assert "full" in message or "No space" in message, message
    backups = small_disk / "backups"
    assert not backups.exists() or [p.name for p in backups.iterdir()
                                    if not p.name.startswith(".")] == []
    assert sha256(db) == before
    filler.unlink()
    check_pipeline(db)
    assert table_rows(db) == rows
    new_id = int(succeeded(run_cli("--db", str(db), "add", "Initech", "Developer")))
    assert new_id in check_pipeline(db).application_ids
    tally.fault("full disk (bounceback add, backup)", 2)


def test_saves_on_a_nearly_full_disk_are_whole_or_absent(
        small_disk: Path, tally: Tally) -> None:
    """Setup: a database on a 2 MiB disk.
    Action: 8 times, the disk is filled until 0, 4, 8, 16, 32, 64, 128 or 256 KiB are
    left; the Store opens the file and tries an add and a move (each with a 4 KB note, so
    some fit and some do not); the filler is removed.
    Must hold: each save either succeeds or raises a StoreError with one line (never a raw
    SQLite error); afterwards every change is whole, and exactly the saves that succeeded
    are there."""
    db = small_disk / "hunt.db"
    with Store.open(db) as store:
        store.add_application("First", "Engineer")
    changes = check_pipeline(db).changes
    refused = 0
    for leave_kib in (0, 4, 8, 16, 32, 64, 128, 256):
        filler = fill(small_disk, leave=leave_kib * 1024)
        succeeded_now = 0
        try:
            with Store.open(db) as store:
                record = store.add_application(f"Left {leave_kib} KiB", "Engineer",
                                               notes="n" * 4000)
                succeeded_now += 1
                store.move(record.id, "screening", note="m" * 4000)
                succeeded_now += 1
        except StoreError as exc:
            assert "\n" not in str(exc) and "full" in str(exc), str(exc)
            refused += 1
        filler.unlink()
        facts = check_pipeline(db)
        assert facts.changes == changes + succeeded_now, (leave_kib, succeeded_now)
        changes = facts.changes
    assert refused, "the disk never filled up"
    tally.fault("nearly full disk (Store add/move)", 8)
    tally.checked("saves on a nearly full disk", changes)
