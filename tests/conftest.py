"""Fixtures shared by every test: a private home, and a real SQLite store in a temp dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bounceback_tui.store import Store


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
