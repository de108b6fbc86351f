"""`bounceback sync` as a person types it (issue 17): init prints the phrase once, join takes
it from a file or standard input, status says who is there; refusals are one line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "Sync"
    made.mkdir(mode=0o700)
    return made


def _phrase(printed: str) -> str:
    return " ".join(re.findall(r"\d+\. ([a-z]+)", printed))


def _other(bb, db: Path):
    """The command line of a second machine (its own database, the same runner)."""
    return type(bb)(db, bb.runner)


def test_init_join_sync_and_status(bb, tmp_path: Path, folder: Path) -> None:
    desktop = _other(bb, tmp_path / "desktop.db")
    bb.add("Acme", "Dev")
    desktop.add("Globex", "SRE")
    printed = bb.ok("sync", "init", str(folder), "--name", "laptop")
    phrase = _phrase(printed)
    assert len(phrase.split()) == 24 and "shown once" in printed
    assert "bounceback sync join" in printed
    (tmp_path / "phrase.txt").write_text(printed)  # pasted whole, numbers and all
    joined = desktop.ok("sync", "join", str(folder), "--phrase-file",
                        str(tmp_path / "phrase.txt"), "--name", "desktop")
    assert "Joined the shared space" in joined and "applied 1 file" in joined
    assert "Synced:" in bb.ok("sync")
    assert {r["company"] for r in bb.rows()} == {r["company"] for r in desktop.rows()} == {
        "Acme", "Globex"}
    state = json.loads(desktop.ok("sync", "status", "--json"))
    assert state["enabled"] and state["machine"]["name"] == "desktop"
    assert [o["name"] for o in state["others"]] == ["laptop"]
    assert state["pending"] == 0 and state["problem"] is None
    lines = desktop.ok("sync", "status")
    assert "Other machines  laptop (" in lines and "Last exchange" in lines
    assert phrase.split()[0] not in bb.ok("sync", "status")  # shown once, by init only


def test_join_reads_the_phrase_from_standard_input(bb, tmp_path: Path, folder: Path) -> None:
    phrase = _phrase(bb.ok("sync", "init", str(folder)))
    other = _other(bb, tmp_path / "other.db")
    assert "Joined" in other.ok("sync", "join", str(folder), input=phrase.upper() + "\n")


def test_refusals_are_one_line(bb, tmp_path: Path, folder: Path) -> None:
    assert "does not sync yet" in bb.fails("sync")
    assert "is not a folder" in bb.fails("sync", "init", str(tmp_path / "nowhere"))
    assert "holds no shared space" in bb.fails("sync", "join", str(folder),
                                               input="abandon " * 24)
    bb.ok("sync", "init", str(folder))
    assert "already syncs with" in bb.fails("sync", "init", str(folder))
    other = _other(bb, tmp_path / "other.db")
    other.add("Mine", "Only")
    assert "has 24 words; this one has 3" in other.fails("sync", "join", str(folder),
                                                         input="one two three\n")
    assert "does not sync" in other.ok("sync", "status")
    assert [r["company"] for r in other.rows()] == ["Mine"]


def test_a_delete_on_a_hunt_that_syncs_goes_out_at_once(bb, tmp_path: Path,
                                                         folder: Path) -> None:
    """`bounceback delete` exchanges right away: this machine's sync state no longer holds
    the deleted words (the folder's part is tests/sync). With the folder gone, the delete
    still happens and the line says what waits."""
    import sqlite3

    made = bb.add("Umbrella", "Dev", "--notes", "secret-salary-note")
    bb.ok("sync", "init", str(folder), "--name", "laptop")
    said = bb.ok("delete", str(made), "--yes")
    assert "gone from the shared folder and this machine's sync state too" in said
    conn = sqlite3.connect(bb.db)
    try:
        held = b"".join(bytes(blob or b"") for (blob,) in conn.execute(
            "SELECT doc FROM sync_state UNION ALL SELECT data FROM sync_updates"))
    finally:
        conn.close()
    assert b"secret-salary-note" not in held
    kept = bb.add("Globex", "SRE")
    folder.rename(folder.with_name("unplugged"))
    said = bb.ok("delete", str(kept), "--yes")
    assert "Deleted Globex" in said and "at the next `bounceback sync`" in said
    assert "is not there" in said
