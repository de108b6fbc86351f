"""The plain-sqlite3 pipeline reader returns exactly what the Store's list returns, and only
reads files the Store has already made current."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pendulum
import pytest

from bounceback_tui.store import Store
from bounceback_tui.demo.generate import generate_hunt
from bounceback_tui.store.queries.pipeline import PipelineReader


@pytest.fixture
def hunt(tmp_path: Path) -> Path:
    path = tmp_path / "hunt.db"
    with pendulum.travel_to(pendulum.datetime(2026, 11, 26, 9, 30, tz="UTC"), freeze=True), \
            Store.open(path) as store:
        generate_hunt(store, applications=250, seed=7)
        first = store.list_applications(limit=1)[0]
        store.edit_application(first.id, follow_up_on=pendulum.date(2026, 12, 1))
    return path


@pytest.mark.parametrize("view", ["all", "active", "offers", "closed"])
@pytest.mark.parametrize("search", [None, "", "  ENGINEER ", "zzz-nothing"])
def test_reader_pages_equal_the_store_list(hunt, view, search):
    reader = PipelineReader.open(hunt)
    assert reader is not None
    with Store.open(hunt) as store:
        expected = store.list_applications(view=view, search=search)
        assert reader.count(view=view, search=search) == len(expected)
        got = reader.page(view=view, search=search, limit=60) + reader.page(
            view=view, search=search, limit=10_000, offset=60)
    assert got == expected
    reader.close()


def test_reader_sees_later_writes_from_another_connection(hunt):
    reader = PipelineReader.open(hunt)
    before = reader.count()
    with Store.open(hunt) as store:
        added = store.add_application("Brand New Co", "Designer")
    assert reader.count() == before + 1
    assert reader.page(limit=1)[0] == added
    reader.close()


def test_reader_is_read_only(hunt):
    reader = PipelineReader.open(hunt)
    with pytest.raises(sqlite3.OperationalError):
        reader._conn.execute("DELETE FROM applications")
    reader.close()


def test_no_reader_for_a_new_foreign_or_old_file(tmp_path):
    assert PipelineReader.open(tmp_path / "missing.db") is None
    assert not (tmp_path / "missing.db").exists()
    (tmp_path / "empty.db").touch()
    assert PipelineReader.open(tmp_path / "empty.db") is None
    (tmp_path / "text.db").write_text("not a database" * 20)
    assert PipelineReader.open(tmp_path / "text.db") is None
    old = tmp_path / "old.db"
    with Store.open(old) as store:
        store.add_application("Acme", "Dev")
    conn = sqlite3.connect(old)
    conn.execute("UPDATE alembic_version SET version_num = '0001'")  # as if not yet migrated
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert PipelineReader.open(old) is None  # the Store migrates first
