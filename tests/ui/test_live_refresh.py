"""Changes made elsewhere (another window, a CLI command) reach the open dashboard, however
many there are and whatever the clock says (issue 13)."""

from __future__ import annotations

import random
import time
from pathlib import Path

from ui_support import NOW, clock_at, ready, settle, until

from bounceback_tui.app import BounceBackApp
from bounceback_tui.store import Store
from bounceback_tui.widgets.pipeline_table import PipelineTable

SIZE = (120, 40)


def table(app: BounceBackApp) -> PipelineTable:
    return app.query_one(PipelineTable)


def rows_on_screen(app: BounceBackApp) -> list[str]:
    """The table's data rows as drawn now (its header left out)."""
    grid = table(app)
    return [grid.render_line(y).text for y in range(1, grid.scrollable_content_region.height)]


async def make_outside_changes(pilot, other: Store, count: int, label: str) -> str:
    """`count` changes through `other` (its own connection, as a CLI command's), a few ms
    apart so that the dashboard's polls see them in many small groups: mostly adds, every
    fourth a no for an open application. The last one is an add; its company is returned."""
    chooser = random.Random(label)
    company = ""
    for number in range(count):
        if number % 4 == 3:
            waiting = other.list_applications(view="active", limit=50)
            target = chooser.choice([r for r in waiting if r.stage != "rejected"])
            other.move(target.id, "rejected")
        else:
            company = f"{label} {number:03d}"
            other.add_application(company, "Engineer")
        await pilot.pause(0.02)
    if not company.endswith(f"{count - 1:03d}"):
        company = f"{label} last"
        other.add_application(company, "Engineer")
    return company


async def shown_within(pilot, app: BounceBackApp, company: str, seconds: float) -> float:
    """Seconds until `company` is among the table's rows on screen; fails after `seconds`."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if any(line.startswith(f" {company}") for line in rows_on_screen(app)):
            return time.monotonic() - start
        await pilot.pause(0.05)
    raise AssertionError(f"{company!r} was not on screen {seconds} s after it was added; "
                         f"the screen shows {rows_on_screen(app)[:3]}…")


async def test_every_outside_change_reaches_the_screen_for_good(dashboard, hunt_db: Path
                                                               ) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        grid = table(app)
        with Store.open(hunt_db) as other:
            last = await make_outside_changes(pilot, other, 200, "Early")
            await shown_within(pilot, app, last, 2.0)
            # An hour on (the frozen clock moved, not a second clock): still live.
            with clock_at(NOW.add(hours=1)):
                last = await make_outside_changes(pilot, other, 200, "Later")
                await shown_within(pilot, app, last, 2.0)
                await settle(pilot)
                assert grid.row_count == other.count_applications()
                # The cursor is on a row that is drawn: what keys act on can be seen.
                top = int(grid.scroll_y)
                assert top <= grid.cursor_row < top + len(rows_on_screen(app))
                assert grid.selected is not None


async def test_a_chart_hidden_during_a_change_is_read_again_before_it_is_saved(
        dashboard, hunt_db: Path) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await settle(pilot)
        pane = app.timeline_pane
        runs = pane.chart.data.stats.runs.current
        with Store.open(hunt_db) as other:  # a no, from another window
            waiting = next(a for a in other.list_applications(view="active")
                           if a.stage in ("applied", "screening"))
            other.move(waiting.id, "rejected")
        await until(pilot, lambda: pane.chart_stale, what="the change, with the chart hidden")
        assert pane.chart.data.stats.runs.current == runs  # not read while hidden
        app.action_save_chart()
        await until(pilot, lambda: list(hunt_db.parent.glob("bounceback-chart-*.svg")),
                    what="the saved chart")
        assert not pane.chart_stale
        assert pane.chart.data.stats.runs.current == runs + 1


async def test_the_dashboard_a_person_opens_freezes_its_long_lived_heap(
        dashboard, hunt_db: Path, monkeypatch) -> None:
    """The `bounceback` command's dashboard asks for it (`launch.run_dashboard`); once the
    store is open, what was made so far is frozen, so that Python's full collections (every
    few minutes of live refresh) walk only what came after (~90 ms each at 10,000
    applications otherwise). Tests' apps do not ask: many apps live in one test process."""
    import gc

    from bounceback_tui import launch

    asked = []
    monkeypatch.setenv("TEXTUAL_DRIVER", "headless")  # as `bounceback serve` runs it
    monkeypatch.setattr(BounceBackApp, "run", lambda self: asked.append(self.bridge.freeze_heap))
    launch.run_dashboard(hunt_db)
    assert asked == [True]

    app = dashboard(hunt_db)
    assert not app.bridge.freeze_heap
    app.bridge.freeze_heap = True
    gc.unfreeze()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


async def test_an_outside_change_away_from_the_journal_leaves_it_as_read(
        dashboard, hunt_db: Path) -> None:
    """Adds and moves made elsewhere, even a move of an application whose name the journal
    shows, do not read the journal again (~0.1 s at 10,000 applications each time); renaming
    that application does, and the list then shows the new name."""
    app = dashboard(hunt_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await settle(pilot)
        pane = app.reflection_pane
        journal = pane.journal
        assert journal is not None
        named = next(r.application_id for r, _ in journal.reflections if r.application_id)
        with Store.open(hunt_db) as other:
            last = await make_outside_changes(pilot, other, 6, "Away")
            other.move(named, "offer")
            await shown_within(pilot, app, last, 2.0)
            await pilot.pause(1.5)  # the move's poll, and the check it makes
            await settle(pilot)
            assert pane.journal is journal
            other.edit_application(named, company="Renamed & Co")
        await until(pilot, lambda: pane.journal is not journal, what="the journal read again")
        assert any(label.startswith("Renamed & Co — ") for _, label in pane.journal.reflections)


async def test_reads_asked_together_run_in_one_worker_and_are_shown_together(
        dashboard, hunt_db: Path) -> None:
    """After a change made elsewhere the panes' reads run one after another in one thread
    (three threads at once passed the GIL around: ~25% more CPU) and their results are
    shown in the order asked (the table's read among them); a read the store refuses says why in one
    line and tells its pane, and the others are still shown."""
    import threading

    from bounceback_tui.store import StoreError

    app = dashboard(hunt_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await settle(pilot)
        threads: list[int] = []
        shown: list[object] = []

        def read(value: object):
            def call(store: Store) -> object:
                threads.append(threading.get_ident())
                if value == "refused":
                    raise StoreError("the file is busy; try again")
                return (value, store.count_applications())
            return call

        def table_read() -> str:
            threads.append(threading.get_ident())
            return "rows"

        with app.bridge.together():
            app.bridge.run(read("journal"), done=shown.append, changes=False)
            app.bridge.run(read("refused"), done=shown.append,
                           failed=lambda: shown.append("failed"), changes=False)
            app.bridge.run(read("story"), done=shown.append, changes=False)
            app.bridge.run_read(table_read, shown.append)
            assert threads == []  # nothing runs before the batch is complete
        await until(pilot, lambda: "rows" in shown, what="the batch shown")
        with Store.open(hunt_db) as other:
            count = other.count_applications()
        assert shown == [("journal", count), "failed", ("story", count), "rows"]
        assert len(threads) == 4 and len(set(threads)) == 1
        assert threads[0] != threading.get_ident()  # not on the UI thread
        assert [n.message for n in app._notifications][-1] == "the file is busy; try again"


async def test_a_new_file_is_opened_once_however_many_ask(dashboard, empty_db: Path,
                                                          monkeypatch) -> None:
    """A new file is opened from the reader's worker; a store call asked for meanwhile asked
    to open it again, and two set-ups at once left "stayed locked" (about one start in two
    through tmux). However many ask at once, the Store opens once."""
    import threading

    opened: list[Path] = []
    real_open = Store.open.__func__

    def counting_open(cls, path, *args, **kwargs):
        opened.append(path)
        time.sleep(0.2)  # a slow disk: the others ask while this one works
        return real_open(cls, path, *args, **kwargs)

    monkeypatch.setattr(Store, "open", classmethod(counting_open))
    app = dashboard(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        askers = [threading.Thread(target=app.bridge._open_store) for _ in range(3)]
        for asker in askers:
            asker.start()
        await until(pilot, lambda: app.bridge.store is not None, what="the store")
        for asker in askers:
            asker.join(timeout=30)
        await settle(pilot)
        assert len(opened) == 1
        assert app.open_error is None and app.is_running
