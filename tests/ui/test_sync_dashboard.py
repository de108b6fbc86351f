"""The dashboard syncs on its own while this hunt takes part in a shared space (issue 17):
a change made on the other machine appears, a change made here reaches it, and the header
says when the machines last met, or what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_dashboard import screen_text
from ui_support import NOW, ready, until

from bounceback_tui.store import Store
from bounceback_tui.store.sync import exchange, init, join
from bounceback_tui.widgets import sync_watch
from bounceback_tui.widgets.pulse import PulseHeader


@pytest.fixture
def two_machines(tmp_path: Path, empty_db: Path, monkeypatch):
    monkeypatch.setattr(sync_watch, "LOOK_SECONDS", 0.2)
    folder = tmp_path / "Sync"
    folder.mkdir(mode=0o700)
    (tmp_path / "desktop").mkdir(mode=0o700)
    with Store.open(empty_db) as laptop:
        laptop.add_application("Acme", "Dev")
        phrase = init(laptop, folder, name="laptop")
    desktop = Store.open(tmp_path / "desktop" / "h.db")
    join(desktop, folder, phrase, name="desktop")
    yield empty_db, desktop, folder
    desktop.close()


async def test_changes_travel_both_ways_while_the_dashboard_is_open(dashboard, two_machines
                                                                    ) -> None:
    laptop_db, desktop, folder = two_machines
    app = dashboard(laptop_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: "synced just now" in screen_text(app), what="the header")
        desktop.add_application("Globex", "SRE")
        exchange(desktop)
        await until(pilot, lambda: "Globex" in screen_text(app), what="the desktop's row",
                    timeout=15)
        await pilot.press("a")
        await pilot.press(*"Initech")
        await pilot.press("tab", *"Platform", "ctrl+s")
        await until(pilot, lambda: _has(desktop, "Initech"), what="the push", timeout=15)


async def test_an_interview_planned_on_the_other_machine_shows_in_the_header(
        dashboard, two_machines) -> None:
    """The desktop plans Acme's technical interview for tomorrow 10:00: the open dashboard on
    the laptop names it in its header once the machines meet."""
    laptop_db, desktop, _folder = two_machines
    app = dashboard(laptop_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: "synced just now" in screen_text(app), what="the header")
        exchange(desktop)
        acme = desktop.list_applications()[0].id
        desktop.add_interview(acme, kind="technical",
                              starts_at=NOW.add(days=1).replace(hour=10, minute=0))
        exchange(desktop)
        await until(pilot, lambda: "Acme · technical · tomorrow 10:00" in _header(app),
                    what="the interview in the header", timeout=15)


async def test_at_80_columns_a_healthy_sync_gives_way_to_the_hunt(dashboard, two_machines
                                                                  ) -> None:
    """At 80 columns, with an interview and a streak to say, the header leaves out "synced
    …" rather than cutting it (or the streak) in half; a stopped sync is never left out: it
    comes first, and the last parts give way whole."""
    laptop_db, _desktop, folder = two_machines
    with Store.open(laptop_db) as laptop:
        acme = laptop.list_applications()[0].id
        laptop.add_interview(acme, kind="technical",
                             starts_at=NOW.add(days=1).replace(hour=10, minute=0))
    app = dashboard(laptop_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: app.query_one(PulseHeader)._synced_at is not None,
                    what="the first exchange")
        await until(pilot, lambda: _header(app).rstrip().endswith(
            "Acme technical tomorrow 10:00 · 1-day streak"), what="the whole header")
        assert "synced" not in _header(app)
        folder.rename(folder.with_name("unplugged"))
        await until(pilot, lambda: "sync stopped" in _header(app), what="the problem",
                    timeout=15)
        # said first; what no longer fits (the streak) is left out whole, not cut
        assert _header(app).rstrip().endswith(
            " · sync stopped · Acme technical tomorrow 10:00"), _header(app)


def _header(app) -> str:
    return next((line for line in screen_text(app).splitlines() if "BounceBack ·" in line), "")


def _has(store: Store, company: str) -> bool:
    exchange(store)
    return company in {a.company for a in store.list_applications()}


async def test_a_missing_folder_is_said_in_the_header(dashboard, two_machines) -> None:
    laptop_db, _desktop, folder = two_machines
    folder.rename(folder.with_name("unmounted"))
    app = dashboard(laptop_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await until(pilot, lambda: "sync stopped" in _header(app) or "sync: the shared"
                    in _header(app), what="the header")
        said = [n.message for n in app._notifications if n.title == "Sync stopped"]
        assert len(said) == 1 and "is not there" in said[0]


async def test_a_hunt_that_does_not_sync_shows_nothing_of_it(dashboard, hunt_db: Path) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.pause(0.5)
        assert "sync" not in screen_text(app).split("Pipeline")[0].casefold()


async def test_two_versions_are_offered_and_the_choice_reaches_both(dashboard, two_machines
                                                                    ) -> None:
    laptop_db, desktop, _folder = two_machines
    with Store.open(laptop_db) as laptop:
        acme = laptop.list_applications()[0].id
        made = laptop.save_reflection({"went_well": "draft"}, application_id=acme)
        exchange(laptop)
        exchange(desktop)
        laptop.save_reflection({"went_well": "LAPTOP: I stayed calm"}, reflection_id=made.id)
    desktop.save_reflection({"went_well": "DESKTOP: good questions"},
                            reflection_id=desktop.list_reflections()[0].id)
    exchange(desktop)
    app = dashboard(laptop_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await until(pilot, lambda: any("both versions are kept" in n.message
                                       for n in app._notifications), what="the toast")
        from bounceback_tui.palette import choose_versions

        choose_versions(app)
        await until(pilot, lambda: type(app.screen).__name__ == "VersionsDialog",
                    what="the dialog")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "laptop's" in text and "desktop's" in text and "Keep both" in text
        assert "“DESKTOP: good questions”" in text
        await pilot.press("end", "enter")  # keep both
        await until(pilot, lambda: any("Kept." in n.message for n in app._notifications),
                    what="the choice")
    exchange(desktop)
    assert sorted(r.went_well for r in desktop.list_reflections()) == [
        "DESKTOP: good questions", "LAPTOP: I stayed calm"]
