"""Terminal sizes from 1×1 to 300×100, and a storm of resizes while typing.

Setup: the generated hunt of the dashboard tests (120 applications) on a real SQLite file.
Action: resize the terminal through extreme sizes, and keep resizing between keystrokes while
typing into the filter and into a reflection.
What must hold: no crash at any size; every character typed arrives, in order; after the
storm, at 120×40 the screen shows the full layout again, and what was typed is saved.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

import pendulum  # noqa: E402
from textual.widgets import Input  # noqa: E402
from ui_support import NOW, ready, settle, until  # noqa: E402

from bounceback_tui.app import make_app  # noqa: E402
from bounceback_tui.store import Store  # noqa: E402
from bounceback_tui.demo.generate import generate_hunt  # noqa: E402  # noqa: E402


@pytest.fixture
def hunt_db(tmp_path: Path):
    """The dashboard tests' hunt (120 applications, seed 11) with time frozen at NOW."""
    pendulum.set_local_timezone(pendulum.timezone("UTC"))
    with pendulum.travel_to(NOW, freeze=True):
        path = tmp_path / "hunt.db"
        with Store.open(path) as store:
            generate_hunt(store, applications=120, seed=11, now=NOW)
        yield path


@pytest.fixture
def dashboard(tmp_path: Path):
    def build(db: Path):
        return make_app(db, settings_file=tmp_path / "config.toml", clock=pendulum.now)

    return build

SIZES = [(1, 1), (2, 1), (1, 3), (5, 2), (20, 5), (300, 100), (80, 24), (3, 40),
         (250, 2), (99, 30), (100, 30), (300, 1), (1, 100), (120, 40)]


async def test_every_size_from_one_cell_to_300_by_100(dashboard, hunt_db: Path) -> None:
    """Each size in turn, with keys pressed at each (pane switches, zoom, view keys)."""
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            await pilot.press("3", "v", "1", "z")
            await pilot.pause()
            assert app.size == (width, height)
        if app.screen.maximized is not None:
            await pilot.press("z")  # restore the zoomed pane: all three panes again
        await settle(pilot)
        assert app.return_code is None and app.is_running
        assert app.screen.maximized is None
        text = app.export_screenshot()
        for title in ("Pipeline", "Reflection", "Timeline"):
            assert title in text


async def test_a_storm_of_resizes_while_typing_loses_no_character(dashboard,
                                                                 hunt_db: Path) -> None:
    """A resize between every keystroke (seeded): the filter gets exactly what was typed;
    then a reflection typed the same way is saved exactly."""
    rng = random.Random(20261126)
    app = dashboard(hunt_db)
    typed_filter = "design Ünïcødé 求职 lead"
    typed_note = "They answered! [b]kind[/b] words\x1b[2J."
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        app.clear_notifications()
        await pilot.press("slash")
        field = app.query_one("#pipeline-filter", Input)
        for character in typed_filter:
            await pilot.resize_terminal(rng.randint(1, 300), rng.randint(1, 100))
            await pilot.press(character if character != " " else "space")
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert field.value == typed_filter
        await pilot.press("escape")
        await settle(pilot)
        # A reflection of one's own, its first step's free text typed through the storm.
        await pilot.press("r")
        await until(pilot, lambda: app.reflection_pane.form is not None, what="the form")
        await settle(pilot)
        await pilot.press("ctrl+down")  # step 2 has a free-text answer
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        focused = app.focused
        for character in typed_note:
            await pilot.resize_terminal(rng.randint(1, 300), rng.randint(1, 100))
            key = {" ": "space", "\x1b": None}.get(character, character)
            if key is None:  # ESC cannot be typed as text: paste it instead
                app.focused.insert(character) if hasattr(app.focused, "insert") else None
                continue
            await pilot.press(key)
        assert app.focused is focused
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    with Store.open(hunt_db) as store:
        saved = [r for r in store.list_reflections(status="saved")
                 if r.application_id is None]
    assert saved and saved[0].reasons_text == typed_note
