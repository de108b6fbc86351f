"""Bad input anywhere: one line on stderr that says what is wrong, exit status 1, no
traceback, and the database file byte-for-byte unchanged (no -wal/-shm left behind)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BAD_CSV = (
    "Company,Role,Status,Date Applied\n"
    "Acme,Dev,Applied,2024-03-01\n"
    "Globex,PM,Interview,2024-03-02\n"
    ",QA,Applied,2024-03-03\n"
    "Initech,SRE,Applied,2024-03-04\n"
)

CASES = [
    # add
    (["add", "", "Dev"], "company is empty"),
    (["add", "   ", "Dev"], "company is empty"),
    (["add", "Acme", ""], "role is empty"),
    (["add", "Acme", "Dev", "--applied-on", "01/02/2024"], "ambiguous"),
    (["add", "Acme", "Dev", "--applied-on", "2026-02-30"], "2026-02-30 is not a real date"),
    (["add", "Acme", "Dev", "--applied-on", "2999-01-01"], "in the future"),
    (["add", "Acme", "Dev", "--applied-on", "2999-01-01T10:00+00:00"], "in the future"),
    (["add", "Acme", "Dev", "--applied-on", "next tuesday"], "cannot read the date"),
    (["add", "Acme", "Dev", "--applied-on", ""], "empty date"),
    (["add", "Acme"], "missing argument 'ROLE'"),
    (["add"], "missing argument 'COMPANY'"),
    (["add", "Acme", "Dev", "--stage", "hired"], "'hired' is not one of"),
    (["add", "Acme", "Dev", "--bogus"], "no such option '--bogus'"),
    (["add", "Acme", "Dev", "Extra"], "unexpected extra argument"),
    # move
    (["move", "1"], "missing argument 'STAGE'"),
    (["move", "abc", "offer"], "'abc' is not a valid integer"),
    (["move", "99", "offer"], "no application with id 99"),
    (["move", "1", "hired"], "'hired' is not one of"),
    (["move", "1", "offer", "--on", "01/02/2024"], "ambiguous"),
    (["move", "1", "offer", "--on", "2026-02-30"], "not a real date"),
    (["move", "1", "offer", "--on", "2999-12-31"], "in the future"),
    (["move", "1", "offer", "--on", ""], "empty date"),
    (["move", "1", "offer", "--on", "30 days ago"], "cannot be dated before"),
    (["move", "1", "applied"], "already at applied"),
    # show, delete, list, stats, export, unknown commands
    (["show"], "missing argument 'ID'"),
    (["show", "99"], "no application with id 99"),
    (["show", "one"], "'one' is not a valid integer"),
    (["show", "99999999999999999999"], "is not in the range 1<=x"),
    (["move", "0", "offer"], "0 is not in the range 1<=x"),
    (["delete", "--yes", "--", "-3"], "-3 is not in the range 1<=x"),
    (["move", "1", "offer", "--on", "2026-11-26T25:00"], "cannot read '2026-11-26T25:00'"),
    (["delete", "99", "--yes"], "no application with id 99"),
    (["delete", "1"], "add --yes"),
    (["list", "--stage", "nope"], "'nope' is not one of"),
    (["list", "--bogus"], "no such option"),
    (["stats", "--csv"], "no such option"),
    (["export", "--format", "xml"], "'xml' is not one of"),
    (["frobnicate"], "no such command 'frobnicate'"),
    # import
    (["import"], "missing argument 'FILE'"),
    (["import", "{dir}/missing.json"], "no such file"),
    (["import", "{dir}/missing.csv"], "no such file"),
    (["import", "{dir}/data.txt"], "reads .json (a BounceBack export), .csv, .xlsx or .zip"),
    (["import", "{dir}/broken.json"], "not valid JSON (line 1"),
    (["import", "{dir}/other.json"], "not a BounceBack export"),
    (["import", "{dir}/future.json"], "version 3 is not supported"),
    (["import", "{dir}/bad-row.csv"], "row 4: the company is empty"),
    (["import", "{dir}/binary.csv"], "a workbook or an archive, not CSV text"),
    (["import", "{dir}"], "is a directory"),
    # backup
    (["backup", "{dir}/data.txt"], "already exists"),
]


@pytest.fixture
def seeded(bb, tmp_path: Path) -> Path:
    """A database with one application (applied 3 days ago) and a folder of bad files."""
    bb.add("Acme", "Dev", "--applied-on", "3 days ago")
    files = tmp_path / "files"
    files.mkdir()
    (files / "data.txt").write_text("Company,Role\nAcme,Dev\n")
    (files / "broken.json").write_text('{"format": "bounceback", ')
    (files / "other.json").write_text(json.dumps({"format": "huntr", "version": 1}))
    (files / "future.json").write_text(json.dumps({"format": "bounceback", "version": 3}))
    (files / "bad-row.csv").write_text(BAD_CSV)
    (files / "binary.csv").write_bytes(b"PK\x03\x04\x00\x00 an xlsx saved as .csv")
    return files


@pytest.mark.parametrize(("args", "expected"), CASES, ids=[" ".join(a) or "-" for a, _ in CASES])
def test_bad_input_is_one_line_exit_1_and_nothing_written(bb, db, seeded, file_state, args,
                                                          expected):
    args = [a.replace("{dir}", str(seeded)) for a in args]
    before = file_state(db)
    message = bb.fails(*args)
    assert expected in message
    assert "␊" not in message and "␉" not in message  # click's multi-line hints, flattened
    assert file_state(db) == before


def test_missing_stage_lists_the_stages_on_one_line(bb, seeded):
    message = bb.fails("move", "1")
    assert "saved, applied, screening" in message and "withdrawn" in message


def test_bad_add_creates_no_database_file(bb, tmp_path: Path):
    target = tmp_path / "new" / "hunt.db"
    assert "company is empty" in bb.fails("add", " ", "Dev", db=target)
    assert "ambiguous" in bb.fails("add", "Acme", "Dev", "--applied-on", "1/2/24", db=target)
    assert not target.exists() and not target.parent.exists()


@pytest.mark.parametrize("content", [b"company,role\nAcme,Dev\n", b"\x00" * 4096])
def test_a_file_that_is_not_a_database_is_refused_and_left_alone(bb, tmp_path: Path, content,
                                                                  file_state):
    target = tmp_path / "notes.db"
    target.write_bytes(content)
    before = file_state(target)
    for args in (["list"], ["add", "Acme", "Dev"], ["backup"]):
        assert "not a SQLite database" in bb.fails(*args, db=target)
    assert file_state(target) == before


def test_a_folder_as_database_is_refused(bb, tmp_path: Path):
    assert "is a folder" in bb.fails("list", db=tmp_path)


def test_with_no_command_outside_a_terminal_says_the_dashboard_needs_one(bb, db):
    message = bb.fails()
    assert "the dashboard needs a terminal" in message
    assert not db.exists()  # nothing was opened or created
    assert "add" in bb.ok("--help", db=False) and "demo" in bb.ok("--help", db=False)


def test_version_and_help_succeed(bb):
    assert bb.ok("--version", db=False).startswith("bounceback, version ")
    assert "--applied-on" in bb.ok("add", "--help")
