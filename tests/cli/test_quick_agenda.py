"""`bounceback agenda --line` and `--json` take a quick path (no parser, no ORM, issue 14):
it must say exactly what the full command says, create nothing, and step aside when it
cannot settle something."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bounceback_tui.quick_agenda import parse
from bounceback_tui.store import Store


@pytest.mark.parametrize(("argv", "expected"), [
    (["agenda", "--line"], (None, "line", 14)),
    (["agenda", "--json", "--days", "7"], (None, "json", 7)),
    (["--db", "x.db", "agenda", "--json"], ("x.db", "json", 14)),
    (["--db=x.db", "agenda", "--line"], ("x.db", "line", 14)),
    (["agenda"], None),  # the table: the full command
    (["agenda", "--line", "--json"], None),
    (["agenda", "--days", "0", "--json"], None),  # refused by the full command, in one line
    (["agenda", "--json", "--help"], None),
    (["list"], None),
])
def test_only_what_it_can_answer_takes_the_quick_path(argv, expected) -> None:
    assert parse(argv) == expected


def test_its_list_of_open_stages_is_the_domain_s() -> None:
    from bounceback_tui.domain.stages import ACTIVE_STAGES
    from bounceback_tui.store.queries.agenda import ACTIVE

    assert sorted(ACTIVE) == sorted(ACTIVE_STAGES)


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bounceback_tui", *args], capture_output=True,
                          text=True, env=env, timeout=60, check=False)


def full(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The same command through click and the Store."""
    code = f"from bounceback_tui.cli import main; main({list(args)!r})"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "quick-home"
    home.mkdir(mode=0o700)
    return {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"), "TZ": "America/New_York"}


@pytest.mark.slow
def test_the_quick_path_says_what_the_full_command_says(tmp_path: Path, env) -> None:
    """On the real clock (both processes read it within the same minute; the JSON names
    days and instants, not "in 2 h")."""
    db = tmp_path / "hunt.db"
    now = datetime.now(UTC)
    with Store.open(db) as store:
        acme = store.add_application("Acme [b]", "Engineer")
        globex = store.add_application("Globex", "Designer")
        sam = store.add_contact("Sam \x1b Lee")
        store.add_interview(acme.id, kind="technical", starts_at=now + timedelta(hours=3),
                            contact_ids=[sam.id], with_text="a panel")
        store.add_interview(globex.id, kind="take-home", due_at=now + timedelta(days=2))
        store.add_interview(acme.id, kind="final", starts_at=now + timedelta(days=20))
        store.edit_application(globex.id, follow_up_on=date.today() - timedelta(days=2))
        store.set_details(acme.id, deadline_on=date.today() + timedelta(days=5))
        store.add_action("Update the CV ✉️", due_on=date.today() + timedelta(days=1))
    for args in (("--db", str(db), "agenda", "--json"),
                 ("--db", str(db), "agenda", "--json", "--days", "30"),
                 ("--db", str(db), "agenda", "--line")):
        quick, slow = run(*args, env=env), full(*args, env=env)
        assert (quick.returncode, quick.stderr) == (0, "")
        assert quick.stdout == slow.stdout, args
    items = json.loads(run("--db", str(db), "agenda", "--json", env=env).stdout)
    assert [i["kind"] for i in items][:1] == ["follow_up"] or items[0]["kind"] == "interview"
    assert "\x1b" not in run("--db", str(db), "agenda", "--line", env=env).stdout


def test_a_missing_file_prints_nothing_and_is_not_created(tmp_path: Path, env) -> None:
    db = tmp_path / "none" / "hunt.db"
    line = run("--db", str(db), "agenda", "--line", env=env)
    listed = run("--db", str(db), "agenda", "--json", env=env)
    assert (line.returncode, line.stdout, line.stderr) == (0, "", "")
    assert (listed.returncode, listed.stdout) == (0, "[]\n")
    assert not db.parent.exists()


def test_an_older_file_goes_to_the_full_command_which_migrates_it(tmp_path: Path, env) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
    from bounceback_tui.store.schema import HEAD
    from test_migrations import make_old_database

    db = tmp_path / "old.db"
    make_old_database(db, "0003")
    result = run("--db", str(db), "agenda", "--json", env=env)
    assert (result.returncode, result.stdout) == (0, "[]\n"), result.stderr
    import sqlite3

    conn = sqlite3.connect(db)
    try:  # the full command migrated it
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    finally:
        conn.close()


def test_a_file_in_a_folder_others_can_write_is_refused_as_everywhere(tmp_path: Path,
                                                                      env) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    db = shared / "hunt.db"
    Store.open(db).close()
    shared.chmod(0o777)
    try:
        result = run("--db", str(db), "agenda", "--line", env=env)
    finally:
        shared.chmod(0o700)
    assert result.returncode == 1 and result.stdout == ""
    assert "can be written by other users" in result.stderr
    assert result.stderr.count("\n") == 1
