"""Fixtures for dashboard tests: a frozen clock in UTC, a generated hunt on a real SQLite file,
and the app built by the same factory as the CLI."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pendulum
import pytest
from ui_support import NOW

from bounceback_tui.app import BounceBackApp, make_app
from bounceback_tui.store import Store
from bounceback_tui.demo.generate import generate_hunt


@pytest.fixture
def frozen() -> Iterator[pendulum.DateTime]:
    """Time stands still at NOW, in UTC, for the whole test.

    pendulum has one traveller: a `travel_to` block opened inside the test would end by
    returning to the real clock, and what follows would run on today's date (the test
    then passes or fails by the calendar). So the test must still be at NOW when it ends:
    move the clock with `ui_support.clock_at`, which comes back."""
    pendulum.set_local_timezone(pendulum.timezone("UTC"))
    with pendulum.travel_to(NOW, freeze=True):
        yield NOW
        assert pendulum.now("UTC") == NOW, (
            "the test left the frozen clock (a nested pendulum.travel_to?); use clock_at")


@pytest.fixture
def hunt_db(tmp_path: Path, frozen: pendulum.DateTime) -> Path:
    """A database with a generated hunt of 120 applications (seed 11)."""
    path = tmp_path / "hunt.db"
    with Store.open(path) as store:
        generate_hunt(store, applications=120, seed=11, now=NOW)
    return path


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """Where a new, empty database will be created."""
    return tmp_path / "empty.db"


@pytest.fixture
def dashboard(tmp_path: Path, frozen: pendulum.DateTime) -> Callable[[Path], BounceBackApp]:
    """Builds the dashboard for a database, with settings in the test's folder. Reminders
    are off (a toast would cover what a test looks at); tests of them turn them on."""
    from dataclasses import replace

    from bounceback_tui.settings import Reminders

    def build(db: Path) -> BounceBackApp:
        app = make_app(db, settings_file=tmp_path / "config.toml", clock=pendulum.now)
        app.settings = replace(app.settings, reminders=Reminders(enabled=False))
        return app

    return build


