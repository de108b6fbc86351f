"""Two machines in one shared space, each a real SQLite file of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bounceback_tui.store import Store
from bounceback_tui.store.sync import exchange, init, join


@pytest.fixture
def shared_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "Sync"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture
def machines(tmp_path: Path, shared_folder: Path):
    """Two machines: the laptop made the shared space, the desktop joined it."""
    (tmp_path / "laptop").mkdir(mode=0o700)
    (tmp_path / "desktop").mkdir(mode=0o700)
    laptop = Store.open(tmp_path / "laptop" / "h.db")
    desktop = Store.open(tmp_path / "desktop" / "h.db")
    laptop.add_application("Acme", "Backend engineer", notes="referral from Sam")
    desktop.add_application("Globex", "SRE")
    phrase = init(laptop, shared_folder, name="laptop")
    join(desktop, shared_folder, phrase, name="desktop")
    exchange(laptop)
    try:
        yield laptop, desktop, phrase
    finally:
        laptop.close()
        desktop.close()
