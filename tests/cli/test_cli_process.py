"""The installed `bounceback` as a real process: output, exit statuses, one-line errors,
and no Textual or Rich on the command-line path."""

from __future__ import annotations

import json
import sys

import pytest

pytestmark = pytest.mark.slow


def test_add_then_list_end_to_end(run_process, bounceback_exe, tmp_path):
    db = str(tmp_path / "hunt.db")
    added = run_process([bounceback_exe, "--db", db, "add", "Zürich AG", "Dev\x1b[2J"])
    assert (added.returncode, added.stdout, added.stderr) == (0, "1\n", "")
    listed = run_process([sys.executable, "-m", "bounceback_tui", "--db", db, "list", "--json"])
    assert listed.returncode == 0 and listed.stderr == ""
    [row] = json.loads(listed.stdout)
    assert (row["company"], row["role"]) == ("Zürich AG", "Dev\x1b[2J")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["move", "99", "offer"], "no application with id 99"),
        (["add", "Acme", "Dev", "--applied-on", "2026-02-30"], "not a real date"),
        (["move", "1"], "missing argument 'STAGE'"),
        (["delete", "1"], "add --yes"),
        (["import", "nowhere.json"], "no such file"),
    ],
)
def test_errors_are_one_line_exit_1_no_traceback(run_process, bounceback_exe, tmp_path, bb, db,
                                                   args, expected):
    bb.add("Acme", "Dev")
    before = db.read_bytes()
    result = run_process([bounceback_exe, "--db", str(db), *args])
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("bounceback: ") and expected in result.stderr
    assert result.stdout == ""
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("hunt.db")) == [
        "hunt.db"]


@pytest.mark.parametrize("command", [["list"], ["stats", "--json"]])
def test_the_cli_path_imports_no_textual_or_rich(run_process, tmp_path, command):
    db = str(tmp_path / "hunt.db")
    result = run_process([sys.executable, "-X", "importtime", "-m", "bounceback_tui",
                          "--db", db, *command])
    assert result.returncode == 0, result.stderr
    modules = {line.split("|")[-1].strip() for line in result.stderr.splitlines()
               if line.startswith("import time:") and "|" in line}
    assert "bounceback_tui.store.service" in modules  # the report is real
    heavy = sorted(m for m in modules if m.split(".")[0] in ("textual", "rich"))
    assert heavy == []
