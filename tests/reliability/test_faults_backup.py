"""Backups under `kill -9`: only whole, checked backups (or nothing) under a backup's name;
and a backup copied back equals the original, row for row."""

from __future__ import annotations

import random
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from reliability_support import (
    ForkServer,
    Tally,
    eventually,
    kill9,
    run_cli,
    start_cli,
    succeeded,
    table_rows,
    wait_for_line,
)

from bounceback_tui.store import Store
from bounceback_tui.demo.generate import generate_hunt


@pytest.fixture
def hunt(tmp_path: Path) -> Path:
    """A closed database of 1,500 applications with reflections, wins and actions (a few
    MB, so a backup takes long enough to be killed half-way)."""
    path = tmp_path / "hunt.db"
    with Store.open(path) as store:
        generate_hunt(store, applications=1500, seed=8)
    return path


def assert_backups_whole(folder: Path, original: dict[str, list[tuple[object, ...]]],
                         verified: set[Path]) -> int:
    """Every file under a backup's name in `folder` passes integrity_check and holds the
    original's rows; anything else is a clearly named partial file. Files in `verified`
    were checked before (backups are never rewritten); how many were checked now."""
    whole = 0
    for entry in sorted(folder.iterdir()) if folder.exists() else []:
        if entry.name.startswith("."):
            assert ".partial-" in entry.name, entry.name
            continue
        if entry in verified:
            continue
        assert entry.suffix == ".db", entry.name
        conn = sqlite3.connect(f"file:{entry}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], entry.name
        finally:
            conn.close()
        assert table_rows(entry) == original, f"{entry.name} differs from the database"
        verified.add(entry)
        whole += 1
    return whole


def test_backup_commands_killed_midway_leave_no_half_backup(
        hunt: Path, tmp_path: Path, tally: Tally) -> None:
    """Setup: a database of 1,500 applications.
    Action: `bounceback --db DB backup` 6 times, each SIGKILLed a random 0–30 ms (seed 8)
    after its first file appears in the backups folder; then one backup runs to the end.
    Must hold: after every kill, each file under a backup's name is a whole backup
    (integrity_check ok, every table equal to the database's); any other file is a
    clearly named partial one (`.NAME.partial-PID`); the backup that runs to the end
    removes the partial files the killed ones left; the database is unchanged."""
    rng = random.Random(8)
    original = table_rows(hunt)
    folder = hunt.parent / "backups"
    kills, verified = 0, set[Path]()
    for _ in range(6):
        seen = set(folder.iterdir()) if folder.exists() else set()
        proc = start_cli("--db", str(hunt), "backup")
        eventually(lambda p=proc, s=seen: (folder.exists() and set(folder.iterdir()) - s != set())
                   or p.poll() is not None, timeout=30)
        time.sleep(rng.uniform(0, 0.03))
        if proc.poll() is None:
            kill9(proc.pid)
        proc.communicate(timeout=30)
        kills += proc.returncode == -9
        assert proc.returncode in (0, -9), proc.stderr
        assert_backups_whole(folder, original, verified)
    assert kills >= 3, "most backups finished before the kill: the test proves little"
    made = Path(succeeded(run_cli("--db", str(hunt), "backup")).strip())
    assert made.parent == folder
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []
    assert_backups_whole(folder, original, verified)
    assert table_rows(hunt) == original
    tally.fault("kill -9 of bounceback backup", kills)
    tally.checked("backups verified row for row", len(verified))


def test_store_backups_killed_at_random_moments_leave_no_half_backup(
        hunt: Path, tmp_path: Path, fork_server: ForkServer, tally: Tally) -> None:
    """Setup: a database of 1,500 applications; a process backing it up again and again
    (Store.backup, the code behind `bounceback backup` and the pre-migration backup).
    Action: 12 such processes, each SIGKILLed a random 0–150 ms (seed 12) after it starts.
    Must hold: every file under a backup's name is whole and equal to the database, every
    other file is a named partial one; a later backup clears the partial files."""
    rng = random.Random(12)
    original = table_rows(hunt)
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    verified = set[Path]()
    for k in range(12):
        log = tmp_path / f"backup-{k}.log"
        pid = fork_server.run("backup_loop", log, db=str(hunt), seed=k, folder=str(folder))
        wait_for_line(log, "ready")
        time.sleep(rng.uniform(0, 0.15))
        kill9(pid)
        assert fork_server.wait(pid) == -9
        assert_backups_whole(folder, original, verified)
    with Store.open(hunt) as store:
        store.backup(folder)
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []
    assert_backups_whole(folder, original, verified)
    tally.fault("kill -9 of Store.backup", 12)
    tally.checked("backups verified row for row", len(verified))


def test_a_restored_backup_equals_the_original_row_for_row(hunt: Path, tmp_path: Path,
                                                           tally: Tally) -> None:
    """Setup: a database of 1,500 applications (reflections, wins, actions, undo log),
    with one more change made after it was generated.
    Action: `bounceback backup`, then the backup copied back over a new path, opened with
    `bounceback --db COPY list --json`.
    Must hold: every table (applications, events, journal, undo log, schema version,
    sequences) holds exactly the original's rows, before and after the restored copy is
    opened; the command lists the same applications as on the original."""
    with Store.open(hunt) as store:
        store.add_application("After Generate", "Engineer")
    backup = Path(succeeded(run_cli("--db", str(hunt), "backup")).strip())
    restored = tmp_path / "restored" / "hunt.db"
    restored.parent.mkdir()
    shutil.copyfile(backup, restored)
    original = table_rows(hunt)
    assert table_rows(restored) == original
    listed = succeeded(run_cli("--db", str(restored), "list", "--json"))
    assert listed == succeeded(run_cli("--db", str(hunt), "list", "--json"))
    assert table_rows(restored) == original
    tally.compared("rows of a restored backup", sum(len(r) for r in original.values()))
