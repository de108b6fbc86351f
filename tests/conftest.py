"""Fixtures shared by every test: a private home, and a real SQLite store in a temp dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bounceback_tui.store import Store

YEAR_AHEAD = "tests/test_date_proof.py::test_the_tests_that_read_the_clock_pass_a_year_ahead"


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the year-ahead run (test_date_proof) beside the suite, if it is to run: it is the
    longest test by far and waits on nothing the other tests do."""
    item = next((item for item in session.items if item.nodeid == YEAR_AHEAD), None)
    module = getattr(item, "module", None)
    if module is None or module.FAKETIME is None:
        return
    import tempfile

    where = Path(tempfile.mkdtemp(prefix="bb-year-ahead-"))
    session.config._year_ahead = module.YearAhead.start(where / "inner")  # type: ignore[attr-defined]


def pytest_sessionfinish(session: pytest.Session) -> None:
    early = getattr(session.config, "_year_ahead", None)
    if early is not None:
        early.stop()  # the suite stopped early (-x, ctrl+c): do not leave it running


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real user's data or settings: HOME and XDG folders point to a temp dir."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.delenv("BOUNCEBACK_DB", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database lives (not created yet)."""
    return tmp_path / "data" / "bounceback.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A new, empty store on a real SQLite file."""
    opened = Store.open(db_path)
    try:
        yield opened
    finally:
        opened.close()
