"""A damaged database file: BounceBack refuses it in one line that says what to do, and
leaves it byte for byte as it was."""

from __future__ import annotations

import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from reliability_support import (
    Tally,
    cli_env,
    one_error_line,
    run_cli,
    sha256,
    succeeded,
    table_rows,
)

from bounceback_tui.store import Store
from bounceback_tui.demo.generate import generate_hunt

PAGE = 4096


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A closed, realistic database (300 applications with reflections, wins and actions)
    and a verified backup of it."""
    folder = tmp_path_factory.mktemp("real")
    path = folder / "hunt.db"
    with Store.open(path) as store:
        generate_hunt(store, applications=300, seed=7)
        backup = store.backup(folder / "backup.db")
    return path, backup


def flip_middle_pages(data: bytearray) -> None:
    """Random bytes over 4 whole pages in the middle of the file (seed 5)."""
    rng = random.Random(5)
    pages = len(data) // PAGE
    for page in range(pages // 2 - 2, pages // 2 + 2):
        data[page * PAGE:(page + 1) * PAGE] = rng.randbytes(PAGE)


def truncate(data: bytearray) -> None:
    """Cut the file off part-way through a page, a little after half of it."""
    del data[len(data) // 2 + 123:]


def garbage_in_header(data: bytearray) -> None:
    """Random bytes over the header's page size, format numbers and counters (bytes
    16–63); SQLite's magic string and BounceBack's application id stay."""
    data[16:64] = random.Random(16).randbytes(48)


DAMAGE: dict[str, Callable[[bytearray], None]] = {
    "middle pages overwritten": flip_middle_pages,
    "truncated": truncate,
    "garbage in the header": garbage_in_header,
}


def damaged_copy(real_db: tuple[Path, Path], folder: Path, damage: Callable[[bytearray], None],
                 *, with_backup: bool = True) -> tuple[Path, Path | None]:
    """A damaged copy of the real database at folder/hunt.db, with (or without) a backup of
    it in folder/backups as `bounceback backup` names them."""
    original, backup = real_db
    data = bytearray(original.read_bytes())
    damage(data)
    folder.mkdir()
    copy = folder / "hunt.db"
    copy.write_bytes(bytes(data))
    kept = None
    if with_backup:
        (folder / "backups").mkdir()
        kept = folder / "backups" / "hunt-20261120-090000.db"
        shutil.copyfile(backup, kept)
    return copy, kept


def names_beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_file_is_refused_in_one_line_and_left_unchanged(
        real_db: tuple[Path, Path], tmp_path: Path, tally: Tally, kind: str) -> None:
    """Setup: a copy of a real database (300 applications), damaged: 4 pages in the middle
    overwritten with random bytes / cut off past half / garbage in the header; a backup of
    it in the backups folder beside it.
    Action: `bounceback --db COPY list`, then `bounceback --db COPY add …`.
    Must hold: each exits 1 with one line on stderr, no traceback, saying the file is
    damaged and giving the exact command that restores the backup; the file is byte for
    byte unchanged and no -wal, -shm or -journal is left beside it."""
    copy, kept = damaged_copy(real_db, tmp_path / "case", DAMAGE[kind])
    before, beside = sha256(copy), names_beside(copy)
    for args in (["list"], ["add", "Acme", "Engineer"]):
        message = one_error_line(run_cli("--db", str(copy), *args))
        assert "damaged" in message, message
        assert f"cp {kept} {copy}" in message, message
        assert sha256(copy) == before
        assert names_beside(copy) == beside
    tally.fault(f"damaged file ({kind})")


def test_the_restore_command_in_the_message_brings_the_backup_back(
        real_db: tuple[Path, Path], tmp_path: Path) -> None:
    """Setup: a damaged copy (middle pages overwritten) with a backup beside it.
    Action: run the command the refusal gives, exactly as printed, then `bounceback list`.
    Must hold: the command works; every table holds the backup's rows; the damaged file is
    kept aside, unchanged, for anyone who wants to salvage it."""
    copy, kept = damaged_copy(real_db, tmp_path / "case", flip_middle_pages)
    assert kept is not None
    damaged = sha256(copy)
    message = one_error_line(run_cli("--db", str(copy), "list"))
    command = message.split("run: ", 1)[1]
    subprocess.run(command, shell=True, check=True, env=cli_env(), cwd=tmp_path)
    assert table_rows(copy) == table_rows(real_db[1])
    assert len(succeeded(run_cli("--db", str(copy), "list")).splitlines()) == 301
    aside = [p for p in copy.parent.iterdir() if p.name.startswith("hunt.db.damaged")]
    assert [sha256(p) for p in aside] == [damaged]


def test_a_damaged_file_without_backups_names_the_backups_folder(
        real_db: tuple[Path, Path], tmp_path: Path, tally: Tally) -> None:
    """Setup: a damaged copy (middle pages overwritten) and no backups folder.
    Action: `bounceback --db COPY list`.
    Must hold: one line, exit 1, saying it is damaged, to copy a backup over it, and where
    `bounceback backup` keeps them; the file is unchanged."""
    copy, _ = damaged_copy(real_db, tmp_path / "case", flip_middle_pages, with_backup=False)
    before = sha256(copy)
    message = one_error_line(run_cli("--db", str(copy), "list"))
    assert "damaged" in message and f"cp BACKUP {copy}" in message, message
    assert str(copy.parent / "backups") in message, message
    assert sha256(copy) == before
    tally.fault("damaged file (no backups)")


def test_a_file_that_lost_its_whole_header_says_it_may_be_damaged(
        real_db: tuple[Path, Path], tmp_path: Path, tally: Tally) -> None:
    """Setup: a copy whose whole 100-byte header is garbage (it no longer even says it is
    SQLite), with a backup of it in the backups folder.
    Action: `bounceback --db COPY list`.
    Must hold: one line, exit 1: not a SQLite database, and, since backups of a file of
    that name exist, the restore command; the file is unchanged."""
    copy, kept = damaged_copy(
        real_db, tmp_path / "case",
        lambda data: data.__setitem__(slice(0, 100), random.Random(100).randbytes(100)))
    before = sha256(copy)
    message = one_error_line(run_cli("--db", str(copy), "list"))
    assert "not a SQLite database" in message and "damaged" in message, message
    assert f"cp {kept} {copy}" in message, message
    assert sha256(copy) == before
    tally.fault("damaged file (whole header)")
