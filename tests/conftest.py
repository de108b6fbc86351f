"""Fixtures shared by every test: a private home, and a real SQLite store in a temp dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bounceback_tui.store import Store

YEAR_AHEAD = "tests/test_date_proof.py::test_the_tests_that_read_the_clock_pass_a_year_ahead"


QUIET_FIRST = ("tests/cli/", "tests/domain/", "tests/e2e/")
"""Run before the year-ahead run starts: the end-to-end tests drive a real terminal with
keys sent in bursts, and are kept off a machine busy with a second suite."""


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Start the year-ahead run (test_date_proof) beside the rest of the suite, once the
    tests in QUIET_FIRST are done: it is the longest test by far and waits on nothing the
    other tests do."""
    session = item.session
    if getattr(session.config, "_year_ahead_checked", False):
        return
    if item.nodeid.startswith(QUIET_FIRST) and item.nodeid != YEAR_AHEAD:
        return
    session.config._year_ahead_checked = True  # type: ignore[attr-defined]
    found = next((other for other in session.items if other.nodeid == YEAR_AHEAD), None)
    module = getattr(found, "module", None)
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
