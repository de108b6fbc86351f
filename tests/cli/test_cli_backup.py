"""`bounceback backup [DEST]`: a verified, private copy; never over an existing file."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest


def companies_in(path: Path) -> list[tuple[int, str]]:
    """The applications in a database file, read without changing it."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT id, company FROM applications ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.fixture
def hunt(bb) -> list[tuple[int, str]]:
    bb.add("Acme", "Dev", "--applied-on", "3 days ago")
    bb.add("Zürich AG", "PM", "--stage", "interviewing")
    bb.ok("move", "1", "rejected")
    return [(1, "Acme"), (2, "Zürich AG")]


def test_backup_defaults_to_a_backups_folder_beside_the_database(bb, db, hunt):
    old = os.umask(0)
    try:
        out = bb.ok("backup")
    finally:
        os.umask(old)
    copy = Path(out.strip())
    assert out.count("\n") == 1
    assert copy.parent == db.parent / "backups"
    assert copy.name.startswith("hunt-") and copy.suffix == ".db"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert companies_in(copy) == hunt
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]  # no -wal/-shm


def test_two_backups_in_a_row_get_two_files(bb, hunt):
    first, second = Path(bb.ok("backup").strip()), Path(bb.ok("backup").strip())
    assert first != second and first.exists() and second.exists()


def test_backup_to_a_chosen_file_and_into_a_folder(bb, hunt, tmp_path):
    target = tmp_path / "safe" / "copy.db"
    assert bb.ok("backup", str(target)) == f"{target}\n"
    assert companies_in(target) == hunt
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    folder = tmp_path / "folder"
    folder.mkdir()
    inside = Path(bb.ok("backup", str(folder)).strip())
    assert inside.parent == folder and companies_in(inside) == hunt


def test_backup_refuses_an_existing_destination(bb, db, hunt, tmp_path, file_state):
    target = tmp_path / "taken.db"
    target.write_bytes(b"precious")
    before = file_state(db)
    assert "already exists" in bb.fails("backup", str(target))
    assert target.read_bytes() == b"precious"
    assert file_state(db) == before


def test_backup_is_a_working_database(bb, hunt, tmp_path):
    target = tmp_path / "copy.db"
    bb.ok("backup", str(target))
    assert [r["company"] for r in bb.rows(db=target)] == ["Zürich AG", "Acme"]
