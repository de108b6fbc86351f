"""Opening a database file: what is created, what is refused (untouched), and the
connection settings every connection gets."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

from bounceback_tui.store import Store, StoreOpenError
from bounceback_tui.store.schema import APPLICATION_ID, HEAD


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in a folder with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def wide_umask():
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_new_database_is_marked_migrated_and_in_wal(db_path: Path) -> None:
    with Store.open(db_path) as store:
        with store.database.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
            assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD
        assert store.database.journal_mode == "wal"
    header = db_path.read_bytes()[:100]
    assert int.from_bytes(header[68:72], "big") == APPLICATION_ID


def test_every_pooled_connection_gets_the_settings(db_path: Path) -> None:
    with Store.open(db_path) as store:
        engine = store.database.engine
        first = engine.connect()
        second = engine.connect()  # a second connection from the pool
        try:
            for conn in (first, second):
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
                assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        finally:
            first.close()
            second.close()


def test_missing_folders_are_created_private(tmp_path: Path, wide_umask: None) -> None:
    path = tmp_path / "a" / "b" / "bounceback.db"
    with Store.open(path) as store:
        store.add_application("Acme", "Engineer")
        assert mode(path) == 0o600
        for companion in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert companion.exists()
            assert mode(companion) == 0o600
    assert mode(tmp_path / "a") == 0o700
    assert mode(tmp_path / "a" / "b") == 0o700


def test_existing_folder_is_not_changed(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    with Store.open(tmp_path / "bounceback.db"):
        pass
    assert mode(tmp_path) == 0o755


def test_zero_byte_file_becomes_a_database_and_keeps_its_mode(
        tmp_path: Path, wide_umask: None) -> None:
    path = tmp_path / "empty.db"
    path.touch(mode=0o640)
    os.chmod(path, 0o640)
    with Store.open(path) as store:
        store.add_application("Acme", "Engineer")
        assert [a.company for a in store.list_applications()] == ["Acme"]
        assert mode(Path(f"{path}-wal")) == 0o640  # SQLite gives its companions the file's mode
    assert mode(path) == 0o640  # never chmodded: the mode of an existing file is the user's


def test_an_empty_file_others_can_write_is_refused_untouched(
        tmp_path: Path, wide_umask: None) -> None:
    path = tmp_path / "empty.db"
    path.touch(mode=0o666)
    os.chmod(path, 0o666)
    message = _refused(path)
    assert "can be changed by other users (mode 0666)" in message and "chmod go-w" in message
    assert mode(path) == 0o666


def test_closing_leaves_a_single_file(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_application("Acme", "Engineer")
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["bounceback.db"]


def _refused(path: Path) -> str:
    before = snapshot(path.parent)
    with pytest.raises(StoreOpenError) as caught:
        Store.open(path)
    assert snapshot(path.parent) == before, "a refused file (or its folder) was changed"
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_refuses_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my private notes, not a database\n" * 10)
    assert "not a SQLite database" in _refused(path)


def test_refuses_a_short_garbage_file(tmp_path: Path) -> None:
    path = tmp_path / "tiny.db"
    path.write_bytes(b"\x00\x01")
    assert "not a SQLite database" in _refused(path)


def test_refuses_another_applications_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert "another application" in _refused(path)


def test_refuses_an_unmarked_sqlite_file_with_tables(tmp_path: Path) -> None:
    path = tmp_path / "photos.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO photos (name) VALUES ('beach')")
    conn.commit()
    conn.close()
    assert "another application" in _refused(path)


def test_refuses_a_database_from_a_newer_bounceback(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_application("Acme", "Engineer")
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    message = _refused(db_path)
    assert "newer BounceBack" in message and "upgrade" in message


def test_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreOpenError, match="is a folder"):
        Store.open(tmp_path)


def test_cli_refusal_is_one_line_exit_1_and_leaves_the_file(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 77")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = snapshot(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "bounceback_tui", "--db", str(path), "list"],
        capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("bounceback: ")
    assert "another application" in lines[0]
    assert snapshot(tmp_path) == before


def test_reopening_does_not_import_alembic(db_path: Path) -> None:
    """Migrations are only loaded when one is due (they cost start-up time)."""
    with Store.open(db_path):
        pass
    code = (
        "import sys; from bounceback_tui.store import Store;"
        f"s = Store.open({str(db_path)!r}); s.list_applications(); s.close();"
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_writes_begin_immediate_and_commit_once_per_action(store: Store) -> None:
    statements: list[str] = []
    engine = store.database.engine

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.split()[0].upper() + (
            " IMMEDIATE" if statement.upper().startswith("BEGIN IMMEDIATE") else ""))

    event.listen(engine, "before_cursor_execute", record)
    try:
        store.add_application("Acme", "Engineer")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE"]
    assert statements[0] == "BEGIN IMMEDIATE"
    # the application, its first event and the undo entry are all inside that transaction
    assert statements.count("INSERT") >= 3


def test_application_and_first_event_commit_together_or_not_at_all(store: Store) -> None:
    with store.database.engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TRIGGER refuse_events BEFORE INSERT ON stage_events "
            "BEGIN SELECT RAISE(ABORT, 'disk said no'); END"
        )
    with pytest.raises(Exception, match="disk said no"):
        store.add_application("Acme", "Engineer")
    with store.database.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM applications").scalar() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM changes").scalar() == 0


def test_no_read_transaction_is_left_open(store: Store, db_path: Path) -> None:
    store.add_application("Acme", "Engineer")
    store.list_applications()
    store.stats()
    store.get_application(1)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        busy, _, _ = other.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        other.close()
    assert busy == 0, "a reader still holds a snapshot of the database"


def test_two_stores_on_one_file_both_write(db_path: Path) -> None:
    with Store.open(db_path) as first, Store.open(db_path) as second:
        first.add_application("Acme", "Engineer")
        second.add_application("Globex", "Designer")
        assert {a.company for a in first.list_applications()} == {"Acme", "Globex"}
