"""PipelineTable: a virtual table over a real store, driven with Pilot.

Every test runs the widget in a tiny harness app on a real SQLite file, with a fixed clock.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pendulum
import pytest
from rich.cells import cell_len
from textual import events
from textual.app import App, ComposeResult
from textual.color import Color
from textual.pilot import Pilot

from bounceback_tui.domain.user_text import fit
from bounceback_tui.paths import styles_dir
from bounceback_tui.domain.stages import ACTIVE_STAGES, CLOSED_STAGES, STAGES
from bounceback_tui.store import Store
from bounceback_tui.demo.generate import generate_hunt
from bounceback_tui.store.records import ApplicationRecord
from bounceback_tui.widgets.pipeline_table import PipelineTable, layout_columns

NOW = pendulum.datetime(2026, 11, 26, 12, 0, tz="UTC")
"""The frozen clock of every test (a Thursday)."""

SIZE = (120, 40)
VISIBLE_ROWS = SIZE[1] - 1  # the header takes one line


# --- harness -------------------------------------------------------------------------------


class StoreSource:
    """The table's source over a real store (what the app passes in, too)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls: list[tuple[str, int]] = []
        self.threads: set[str] = set()

    def count(self, view: str, search: str) -> int:
        self.threads.add(threading.current_thread().name)
        self.calls.append(("count", 0))
        return self.store.count_applications(view=view, search=search)

    def page(self, view: str, search: str, offset: int, limit: int) -> list[ApplicationRecord]:
        self.threads.add(threading.current_thread().name)
        self.calls.append(("page", offset))
        return self.store.list_applications(view=view, search=search, limit=limit, offset=offset)


class GatedSource(StoreSource):
    """A source whose pages past the first wait until the test opens the gate."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.gate = threading.Event()

    def page(self, view: str, search: str, offset: int, limit: int) -> list[ApplicationRecord]:
        if offset > 0:
            self.gate.wait(timeout=10)
        return super().page(view, search, offset, limit)


class Harness(App[None]):
    """One PipelineTable, the real stylesheet, and a record of the messages it posts."""

    CSS_PATH = str(styles_dir() / "pipeline.tcss")

    def __init__(self, source: StoreSource, clock: Callable[[], Any] = lambda: NOW,
                 **options: Any) -> None:
        super().__init__()
        self.source = source
        self.clock = clock
        self.options = options
        self.messages: list[Any] = []

    def compose(self) -> ComposeResult:
        yield PipelineTable(self.source, clock=self.clock, **self.options)

    @property
    def table(self) -> PipelineTable:
        return self.query_one(PipelineTable)

    def on_pipeline_table_highlighted(self, message: PipelineTable.Highlighted) -> None:
        self.messages.append(message)

    def on_pipeline_table_chosen(self, message: PipelineTable.Chosen) -> None:
        self.messages.append(message)

    def on_pipeline_table_loaded(self, message: PipelineTable.Loaded) -> None:
        self.messages.append(message)

    def of(self, kind: type) -> list[Any]:
        return [m for m in self.messages if isinstance(m, kind)]


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every query and page fetch has finished and been drawn."""
    app = pilot.app
    for _ in range(100):
        # Cancelled (superseded) workers are expected: wait for them without raising.
        await asyncio.gather(*(worker.wait() for worker in app.workers if worker.is_running),
                             return_exceptions=True)
        await pilot.pause()
        if all(worker.is_finished for worker in app.workers):
            await pilot.pause()
            if all(worker.is_finished for worker in app.workers):
                return
    raise AssertionError("the table never settled")


def lines(table: PipelineTable) -> list[str]:
    """The text of every line on screen, header first."""
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


def row_line(table: PipelineTable, row: int) -> str:
    """The text of data row `row` (must be on screen)."""
    y = row - int(table.scroll_y) + 1
    assert 1 <= y < table.scrollable_content_region.height, f"row {row} is not on screen"
    return table.render_line(y).text


def record(table: PipelineTable, row: int) -> ApplicationRecord:
    """The loaded application at `row` (failing the test when it is not loaded)."""
    loaded = table.record_at(row)
    assert loaded is not None, f"row {row} is not loaded"
    return loaded


def selected(table: PipelineTable) -> ApplicationRecord:
    """The application under the cursor (failing the test when there is none)."""
    return record(table, table.cursor_row)


def background(strip: Any, index: int = 0) -> Any:
    """The background colour of segment `index` of a rendered line."""
    style = list(strip)[index].style
    assert style is not None
    return style.bgcolor


def company_cell(table: PipelineTable, company: str) -> str:
    """What the company column shows for `company` at the table's current width."""
    return fit(company, layout_columns(table.scrollable_content_region.width).company)


# --- stores --------------------------------------------------------------------------------


@pytest.fixture
def hunt(tmp_path: Path) -> Iterator[Store]:
    """300 generated applications (the last of them 'now')."""
    store = Store.open(tmp_path / "hunt.db")
    generate_hunt(store, applications=300, seed=1, now=NOW)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="module")
def big_hunt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """10,000 generated applications, shared read-only by the tests of this module."""
    store = Store.open(tmp_path_factory.mktemp("big") / "hunt.db")
    generate_hunt(store, applications=10_000, seed=1, now=NOW)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Store]:
    """A store with no applications."""
    store = Store.open(tmp_path / "empty.db")
    try:
        yield store
    finally:
        store.close()


# --- rows and order ------------------------------------------------------------------------


async def test_rows_appear_in_the_stores_order_under_a_fixed_header(hunt: Store) -> None:
    source = StoreSource(hunt)
    app = Harness(source)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        expected = hunt.list_applications(limit=VISIBLE_ROWS)
        assert table.row_count == hunt.count_applications() == 300
        assert [m.row_count for m in app.of(PipelineTable.Loaded)] == [300]
        screen = lines(table)
        assert screen[0].split() == ["Company", "Role", "Stage", "Applied", "Last", "activity",
                                     "Next"]
        for y, application in enumerate(expected, start=1):
            assert screen[y].startswith(" " + company_cell(table, application.company))
            assert f" {application.stage} " in screen[y]
        assert [record(table, i).id for i in range(VISIBLE_ROWS)] == [r.id for r in expected]
        # Only the first page was read, and never on the event loop's thread.
        assert table.loaded_pages == {0}
        assert threading.main_thread().name not in source.threads

        # Scrolling keeps the header in place and shows later rows.
        await pilot.press("pagedown")
        await settle(pilot)
        assert table.render_line(0).text == screen[0]
        assert int(table.scroll_y) > 0
        top = int(table.scroll_y)
        first_shown = hunt.list_applications(limit=1, offset=top)[0]
        assert table.render_line(1).text.startswith(" " + company_cell(table,
                                                                        first_shown.company))


async def test_cursor_keys_move_the_selection_and_post_highlighted(hunt: Store) -> None:
    app = Harness(StoreSource(hunt))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        table.focus()
        ordered = hunt.list_applications()
        assert table.cursor_row == 0
        assert table.selected == ordered[0]
        assert app.of(PipelineTable.Highlighted)[-1].record == ordered[0]

        await pilot.press("down", "down")
        assert table.cursor_row == 2
        assert table.selected == ordered[2]
        highlighted = [m.record.id for m in app.of(PipelineTable.Highlighted)]
        assert highlighted == [ordered[0].id, ordered[1].id, ordered[2].id]
        assert app.of(PipelineTable.Highlighted)[-1].control is table

        await pilot.press("up")
        assert table.selected == ordered[1]

        await pilot.press("pagedown")
        await settle(pilot)
        assert table.cursor_row == 1 + VISIBLE_ROWS
        assert table.selected == ordered[1 + VISIBLE_ROWS]
        # The cursor row is on screen.
        assert row_line(table, table.cursor_row).startswith(
            " " + company_cell(table, ordered[table.cursor_row].company))

        await pilot.press("pageup")
        assert table.cursor_row == 1

        await pilot.press("end")
        await settle(pilot)
        assert table.cursor_row == 299
        assert table.selected == ordered[-1]
        assert app.of(PipelineTable.Highlighted)[-1].record == ordered[-1]
        await pilot.press("down")  # already at the bottom
        assert table.cursor_row == 299

        await pilot.press("home")
        assert (table.cursor_row, int(table.scroll_y)) == (0, 0)
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.cursor_row == 299
        await pilot.press("ctrl+home")
        assert table.cursor_row == 0
        await pilot.press("up")  # already at the top
        assert table.cursor_row == 0


async def test_enter_posts_chosen_with_the_selected_application(hunt: Store) -> None:
    app = Harness(StoreSource(hunt))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.table.focus()
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        chosen = app.of(PipelineTable.Chosen)
        assert [m.record for m in chosen] == [hunt.list_applications(limit=1, offset=3)[0]]
        assert chosen[0].control is app.table


async def test_clicking_selects_a_row_and_a_double_click_chooses_it(hunt: Store) -> None:
    app = Harness(StoreSource(hunt))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ordered = hunt.list_applications(limit=10)
        assert await pilot.click(PipelineTable, offset=(10, 5))
        await pilot.pause()
        assert app.table.cursor_row == 4  # line 0 is the header
        assert app.table.selected == ordered[4]
        assert app.table.has_focus
        assert app.of(PipelineTable.Chosen) == []

        assert await pilot.click(PipelineTable, offset=(10, 0))  # the header: nothing
        await pilot.pause()
        assert app.table.cursor_row == 4

        assert await pilot.double_click(PipelineTable, offset=(10, 8))
        await pilot.pause()
        assert [m.record for m in app.of(PipelineTable.Chosen)] == [ordered[7]]


async def test_the_mouse_wheel_scrolls_and_loads_rows_lazily(big_hunt: Store) -> None:
    app = Harness(StoreSource(big_hunt))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        for _ in range(40):
            table.post_message(events.MouseScrollDown(table, 10, 10, 0, 1, 0, False, False,
                                                      False))
        await settle(pilot)
        top = int(table.scroll_y)
        assert top > 0
        assert table.cursor_row == 0  # the wheel scrolls, it does not move the cursor
        shown = big_hunt.list_applications(limit=VISIBLE_ROWS, offset=top)
        for y, application in enumerate(shown, start=1):
            assert table.render_line(y).text.startswith(
                " " + company_cell(table, application.company))


# --- view and search -----------------------------------------------------------------------


async def test_view_requeries_and_counts_match_the_store(hunt: Store) -> None:
    app = Harness(StoreSource(hunt))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        table.focus()
        await pilot.press("down", "down", "down")
        for view, stages in (("active", ACTIVE_STAGES), ("closed", CLOSED_STAGES),
                             ("offers", {"offer", "accepted", "declined"})):
            table.view = view
            await settle(pilot)
            expected = hunt.list_applications(view=view, limit=VISIBLE_ROWS)
            assert table.row_count == hunt.count_applications(view=view)
            assert app.of(PipelineTable.Loaded)[-1].row_count == table.row_count
            assert table.cursor_row == 0 and int(table.scroll_y) == 0
            shown = [record(table, i) for i in range(min(table.row_count, VISIBLE_ROWS))]
            assert shown == expected
            assert {r.stage for r in shown} <= stages
        table.view = "all"
        await settle(pilot)
        assert table.row_count == 300
        with pytest.raises(ValueError, match="unknown view"):
            table.view = "everything"


async def test_search_ignores_case_and_handles_non_ascii(empty: Store) -> None:
    empty.add_application("Ödön Straße Café", "Bäcker", applied_at=NOW.subtract(days=2))
    empty.add_application("ÅNGSTRÖM AB", "Ingenjör", applied_at=NOW.subtract(days=1))
    empty.add_application("Plain Corp", "Engineer", applied_at=NOW.subtract(days=3))
    app = Harness(StoreSource(empty))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        for search, companies in (
            ("café", ["Ödön Straße Café"]),
            ("ÖDÖN", ["Ödön Straße Café"]),
            ("strasse", ["Ödön Straße Café"]),  # casefold: ß is ss
            ("ångström", ["ÅNGSTRÖM AB"]),
            ("INGENJÖR", ["ÅNGSTRÖM AB"]),
            ("e", ["ÅNGSTRÖM AB", "Ödön Straße Café", "Plain Corp"]),
        ):
            table.search = search
            await settle(pilot)
            assert table.row_count == empty.count_applications(search=search) == len(companies)
            assert [record(table, i).company for i in range(table.row_count)] == companies
            for row, company in enumerate(companies):
                assert row_line(table, row).startswith(" " + company_cell(table, company))

        table.search = "zzz nothing"
        await settle(pilot)
        assert table.row_count == 0
        assert table.selected is None
        assert "Nothing matches “zzz nothing”." in table.render_line(1).text


async def test_typing_fast_keeps_only_the_last_query(big_hunt: Store) -> None:
    source = StoreSource(big_hunt)
    app = Harness(source)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        table.focus()
        await pilot.press("down", "down")
        source.calls.clear()
        for text in ("b", "br", "bri", "brig", "brigh"):
            table.search = text  # no waiting between keystrokes
        assert table.querying
        await settle(pilot)
        assert not table.querying
        # At most the query already running and one for the latest text: no pile-up.
        assert 1 <= len([c for c in source.calls if c[0] == "count"]) <= 2
        assert [m.row_count for m in app.of(PipelineTable.Loaded)][1:] == [table.row_count]
        expected = big_hunt.count_applications(search="brigh")
        assert 0 < expected < 10_000
        assert table.row_count == expected
        assert app.of(PipelineTable.Loaded)[-1].row_count == expected
        assert table.cursor_row == 0
        for row in range(min(expected, VISIBLE_ROWS)):
            r = record(table, row)
            assert "brigh" in f"{r.company} {r.role} {r.source} {r.location} {r.notes}".casefold()


# --- 10,000 rows ---------------------------------------------------------------------------


async def test_end_of_ten_thousand_rows_shows_the_last_application(big_hunt: Store) -> None:
    source = StoreSource(big_hunt)
    app = Harness(source)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        table.focus()
        assert table.row_count == 10_000
        await pilot.press("end")
        await settle(pilot)
        last = big_hunt.list_applications(limit=1, offset=9_999)[0]
        assert table.cursor_row == 9_999
        assert table.selected == last
        assert app.of(PipelineTable.Highlighted)[-1].record == last
        screen = lines(table)
        assert screen[-1].startswith(" " + company_cell(table, last.company))
        before = big_hunt.list_applications(limit=1, offset=9_999 - (VISIBLE_ROWS - 1))[0]
        assert screen[1].startswith(" " + company_cell(table, before.company))
        # Lazy: the first page and the pages on screen, not the 100 pages in between.
        assert 99 in table.loaded_pages
        assert len(table.loaded_pages) <= 4
        assert len([c for c in source.calls if c[0] == "page"]) <= 4


async def test_rows_still_loading_show_a_placeholder_and_keys_never_wait(
    big_hunt: Store,
) -> None:
    source = GatedSource(big_hunt)
    app = Harness(source)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            table = app.table
            table.focus()
            await pilot.press("end")  # page 99 is requested, and its fetch is held
            await pilot.pause()
            assert table.cursor_row == 9_999
            assert table.selected is None
            assert row_line(table, 9_999).strip() == "…"
            await pilot.press("up", "up")  # keys still move the cursor at once
            assert table.cursor_row == 9_997
            await pilot.press("enter")
            assert app.of(PipelineTable.Chosen) == []  # nothing loaded to choose yet

            source.gate.set()
            await settle(pilot)
            assert table.selected == big_hunt.list_applications(limit=1, offset=9_997)[0]
            assert row_line(table, 9_999).startswith(" " + company_cell(
                table, big_hunt.list_applications(limit=1, offset=9_999)[0].company))
    finally:
        source.gate.set()


# --- reload --------------------------------------------------------------------------------


async def test_reload_keeps_the_cursor_on_the_same_application(hunt: Store) -> None:
    app = Harness(StoreSource(hunt))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        table.focus()
        await pilot.press(*["down"] * 5)
        kept = table.selected
        assert kept is not None and table.cursor_row == 5

        added = hunt.add_application("Newco", "Engineer", applied_at=NOW)  # goes on top
        table.reload(keep_id=kept.id)
        await settle(pilot)
        assert table.row_count == 301
        assert app.of(PipelineTable.Loaded)[-1].row_count == 301
        assert table.selected == kept
        assert table.cursor_row == 6
        assert table.record_at(0) == added
        assert row_line(table, 0).startswith(" " + company_cell(table, "Newco"))

        # An application that is no longer there: the row number stays, clamped.
        hunt.delete_application(kept.id)
        table.reload(keep_id=kept.id)
        await settle(pilot)
        assert table.row_count == 300
        assert table.cursor_row == 6
        assert table.selected == hunt.list_applications(limit=1, offset=6)[0]

        assert table.move_cursor_to_id(added.id)
        assert table.cursor_row == 0
        assert not table.move_cursor_to_id(10**9)
        assert table.cursor_row == 0


async def test_reload_follows_an_application_deep_in_the_table(big_hunt: Store,
                                                                tmp_path: Path) -> None:
    app = Harness(StoreSource(big_hunt))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        table.cursor_row = 5_000
        await settle(pilot)
        kept = table.selected
        assert kept == big_hunt.list_applications(limit=1, offset=5_000)[0]
        table.reload(keep_id=kept.id)
        await settle(pilot)
        assert table.selected == kept
        assert table.cursor_row == 5_000
        assert row_line(table, 5_000).startswith(" " + company_cell(table, kept.company))


async def test_refresh_rows_never_scrolls_and_keeps_the_cursor_drawn(hunt: Store) -> None:
    """A change made elsewhere: rows added on top show at the top (the view does not follow
    the application under the cursor down); the cursor keeps its application while it is on
    screen, then stays on the last row that is; only the rows on screen are read again."""
    source = StoreSource(hunt)
    app = Harness(source)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        table.focus()
        await pilot.press(*["down"] * 5)
        kept = table.selected
        assert kept is not None

        added = hunt.add_application("Newco", "Engineer", applied_at=NOW)  # goes on top
        source.calls.clear()
        table.refresh_rows()
        await settle(pilot)
        assert source.calls == [("count", 0), ("page", 0)]  # one page: the screen's rows
        assert (table.row_count, int(table.scroll_y)) == (301, 0)
        assert table.selected == kept and table.cursor_row == 6
        assert row_line(table, 0).startswith(" " + company_cell(table, "Newco"))
        assert table.record_at(0) == added

        newest = ""
        for number in range(VISIBLE_ROWS):  # enough to push `kept` below the screen
            newest = f"Later {number:02d}"
            hunt.add_application(newest, "Engineer", applied_at=NOW)
            table.refresh_rows()
            await pilot.pause()
        await settle(pilot)
        assert int(table.scroll_y) == 0
        assert row_line(table, 0).startswith(" " + company_cell(table, newest))
        assert table.cursor_row == VISIBLE_ROWS - 1  # the last row on screen
        assert table.selected == hunt.list_applications(limit=1, offset=VISIBLE_ROWS - 1)[0]

        # Scrolled down, the rows on screen stay on screen: the view moves with them.
        table.cursor_row = 150
        await settle(pilot)
        top, kept, drawn = int(table.scroll_y), table.selected, lines(table)
        hunt.add_application("Even Later", "Engineer", applied_at=NOW)
        table.refresh_rows()
        await settle(pilot)
        assert int(table.scroll_y) == top + 1
        assert table.selected == kept and table.cursor_row == 151
        assert lines(table) == drawn

        # A reload (this window's own change) still follows its application.
        table.reload(keep_id=added.id)
        await settle(pilot)
        assert table.selected == added


# --- user text -----------------------------------------------------------------------------


HOSTILE = [
    ("[b]x[/b]", "[/]"),
    ("[@click=app.quit]", "\x1b[31mred\x07"),
    ("evil\u202etxt.exe", "[link=https://x.io]y[/link]"),
    ("nul\x00and\x9bc1", "a[b]c"),
]


async def test_hostile_text_is_shown_literally_and_visibly(empty: Store) -> None:
    for days, (company, role) in enumerate(HOSTILE):
        empty.add_application(company, role, applied_at=NOW.subtract(days=days + 1))
    app = Harness(StoreSource(empty))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        screen = lines(table)
        assert screen[1].startswith(" [b]x[/b] ") and " [/] " in screen[1]
        assert screen[2].startswith(" [@click=app.quit] ") and " ␛[31mred␇ " in screen[2]
        assert screen[3].startswith(" evil<U+202E>txt.exe ")
        assert " [link=https://x.io]y[/link] " in screen[3]
        assert screen[4].startswith(" nul␀and<U+009B>c1 ") and " a[b]c " in screen[4]
        for y in range(len(HOSTILE) + 1):
            for segment in table.render_line(y):
                assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c == "\u202e"
                               for c in segment.text), repr(segment.text)
                assert segment.style is None or not segment.style.meta
        svg = app.export_screenshot()
        assert "[b]x[/b]" in svg and "[@click=app.quit]" in svg

        # Clicking the [@click=app.quit] text selects the row; nothing runs.
        await pilot.click(PipelineTable, offset=(3, 2))
        await pilot.pause()
        assert app.is_running
        assert selected(app.table).company == "[@click=app.quit]"

        table.search = "\x1b[zz"
        await settle(pilot)
        assert "Nothing matches “␛[zz”." in table.render_line(1).text
        table.search = "[/]"
        await settle(pilot)
        assert table.row_count == 1 and selected(table).role == "[/]"


async def test_long_and_wide_text_is_cut_by_cell_width(empty: Store) -> None:
    empty.add_application("株式会社" * 20, "R" * 200, applied_at=NOW.subtract(days=1))
    app = Harness(StoreSource(empty))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        width = table.scrollable_content_region.width
        columns = layout_columns(width)
        line = table.render_line(1).text
        assert cell_len(line) == width
        company = line[1:]
        assert company.startswith("株式会社") and "…" in company
        assert cell_len(company[: company.index("…") + 1]) <= columns.company
        assert "R" * 10 + "…" in line
        assert line.rstrip().endswith("1 day ago")


async def test_narrow_tables_drop_columns_but_keep_company(hunt: Store) -> None:
    app = Harness(StoreSource(hunt))
    async with app.run_test(size=(30, 8)) as pilot:
        await settle(pilot)
        table = app.table
        width = table.scrollable_content_region.width
        first = hunt.list_applications(limit=1)[0]
        header, row = table.render_line(0).text, table.render_line(1).text
        assert cell_len(header) == cell_len(row) == width
        assert "Company" in header and "Applied" not in header
        assert row.startswith(" " + company_cell(table, first.company))
        await pilot.resize_terminal(120, 20)
        await settle(pilot)
        assert "Applied" in table.render_line(0).text


def test_column_layout_fits_every_width() -> None:
    for width in range(240):
        columns = layout_columns(width)
        shown = [w for w in (columns.company, columns.role, columns.stage, columns.applied,
                             columns.activity, columns.follow_up) if w > 0]
        assert columns.company >= 1
        if width >= 20:
            assert sum(shown) + len(shown) <= width
    wide = layout_columns(120)
    assert min(wide.company, wide.role) >= 20
    assert abs(wide.company - wide.role) <= 10


# --- times and follow-ups ------------------------------------------------------------------


def _add(store: Store, company: str, days_ago: float, stage: str = "applied",
         follow_up_in: int | None = None) -> ApplicationRecord:
    record = store.add_application(company, "Engineer", stage=stage,
                                   applied_at=NOW - timedelta(days=days_ago))
    if follow_up_in is not None:
        record = store.edit_application(record.id,
                                        follow_up_on=NOW.date() + timedelta(days=follow_up_in))
    return record


async def test_times_and_follow_up_labels_follow_the_clock(empty: Store) -> None:
    _add(empty, "Fresh", 3)
    _add(empty, "Quiet", 15)
    _add(empty, "Silent", 40)
    _add(empty, "Screened", 20, stage="screening")
    _add(empty, "Turned down", 40, stage="rejected")
    _add(empty, "Due", 5, follow_up_in=0)
    _add(empty, "Tomorrow", 6, follow_up_in=1)
    _add(empty, "Later", 7, follow_up_in=3)
    _add(empty, "Late", 8, follow_up_in=-2)
    _add(empty, "Long silent but due", 50, follow_up_in=0)
    saved = empty.add_application("Saved only", "Engineer", stage="saved",
                                  applied_at=NOW - timedelta(days=60))
    now = [NOW]
    app = Harness(StoreSource(empty), clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table

        def line_of(company: str) -> str:
            row = next(i for i in range(table.row_count) if record(table, i).company == company)
            return row_line(table, row).rstrip()

        assert line_of("Fresh").endswith("3 days ago     3 days ago")
        assert line_of("Quiet").endswith("2 weeks ago    quiet")
        assert line_of("Silent").endswith("1 month ago    ghosted?")
        assert line_of("Screened").endswith("quiet")
        assert line_of("Turned down").endswith("1 month ago")  # closed: never quiet
        assert line_of("Due").endswith("due today")
        assert line_of("Tomorrow").endswith("due tomorrow")
        assert line_of("Later").endswith("in 3 days")
        assert line_of("Late").endswith("2 days overdue")
        assert line_of("Long silent but due").endswith("due today")  # a set day wins
        assert line_of("Saved only").endswith("—              2 months ago")
        assert empty.get_application(saved.id).application.stage == "saved"

        # A minute tick: refresh_times() redraws against the clock.
        now[0] = NOW.add(days=20)
        table.refresh_times()
        await pilot.pause()
        assert line_of("Fresh").endswith("3 weeks ago    quiet")
        assert line_of("Due").endswith("20 days overdue")
        # Labels never change the store.
        assert {r.stage for r in empty.list_applications()} == {
            "applied", "screening", "rejected", "saved"}


async def test_quiet_and_ghost_thresholds_are_settings(empty: Store) -> None:
    _add(empty, "Three days", 3)
    _add(empty, "Six days", 6)
    app = Harness(StoreSource(empty), quiet_days=2, ghost_days=5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.table.render_line(1).text.rstrip().endswith("quiet")
        assert app.table.render_line(2).text.rstrip().endswith("ghosted?")


# --- looks ---------------------------------------------------------------------------------


def _badge_background(table: PipelineTable, y: int, stage: str) -> Any:
    strip = table.render_line(y)
    return next(background(strip, i) for i, s in enumerate(strip) if s.text == f" {stage} ")


async def test_stage_badges_and_cursor_use_theme_colours(empty: Store) -> None:
    _add(empty, "No", 2, stage="rejected")
    _add(empty, "Yes", 1, stage="offer")
    _add(empty, "Third", 3)
    app = Harness(StoreSource(empty))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        rows = {record(table, i).company: i + 1 for i in range(3)}
        for theme in ("textual-dark", "textual-light", "nord"):
            app.theme = theme
            await pilot.pause()
            variables = app.theme_variables
            assert _badge_background(table, rows["No"], "rejected") == \
                Color.parse(variables["error-muted"]).rich_color
            assert _badge_background(table, rows["Yes"], "offer") == \
                Color.parse(variables["success"]).rich_color

        # The cursor row looks different from the others, and differently with focus.
        table.focus()
        await pilot.pause()
        cursor_y = table.cursor_row + 1
        focused = background(table.render_line(cursor_y))
        plain = background(table.render_line(cursor_y + 1))
        table.blur()
        await pilot.pause()
        blurred = background(table.render_line(cursor_y))
        assert len({focused, blurred, plain}) == 3
        assert focused == Color.parse(
            app.theme_variables["block-cursor-background"]).rich_color


async def test_empty_store_says_so(empty: Store) -> None:
    app = Harness(StoreSource(empty))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.table.row_count == 0
        assert app.table.selected is None
        assert app.table.render_line(1).text.strip() == "Press a to add your first application."
        await pilot.press("down", "end", "enter")
        assert app.table.cursor_row == 0
        assert app.of(PipelineTable.Chosen) == []


async def test_view_and_search_given_up_front_are_the_first_query(hunt: Store) -> None:
    source = StoreSource(hunt)
    app = Harness(source, view="closed", search="engineer")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        expected = hunt.count_applications(view="closed", search="engineer")
        assert 0 < expected < 300
        assert app.table.row_count == expected
        assert [m.row_count for m in app.of(PipelineTable.Loaded)] == [expected]
        assert len([c for c in source.calls if c[0] == "count"]) == 1
        assert {record(app.table, i).stage for i in range(min(expected, 20))} <= CLOSED_STAGES


class FailingSource(StoreSource):
    """A source that raises until told not to (a locked or vanished database)."""

    failing = True

    def count(self, view: str, search: str) -> int:
        if self.failing:
            raise OSError("disk I/O error [/] \x1b[31m")
        return super().count(view, search)


async def test_a_failing_source_shows_an_error_line_and_reload_recovers(hunt: Store) -> None:
    source = FailingSource(hunt)
    failures: list[PipelineTable.LoadFailed] = []

    class FailureHarness(Harness):
        def on_pipeline_table_load_failed(self, message: PipelineTable.LoadFailed) -> None:
            failures.append(message)

    app = FailureHarness(source)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        assert app.is_running
        assert [str(f.error) for f in failures] == ["disk I/O error [/] \x1b[31m"]
        assert table.row_count == 0 and table.selected is None
        assert table.render_line(1).text.strip() == "Could not load applications."

        source.failing = False
        table.reload()
        await settle(pilot)
        assert table.row_count == 300
        assert table.selected == hunt.list_applications(limit=1)[0]


async def test_every_stage_badge_is_readable_in_every_theme(empty: Store) -> None:
    for days, stage in enumerate(STAGES, start=1):
        _add(empty, f"Co {stage}", days, stage=stage)
    app = Harness(StoreSource(empty))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.table
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            for y in range(1, len(STAGES) + 1):
                stage = record(table, y - 1).stage
                badge = next(s.style for s in table.render_line(y) if s.text == f" {stage} ")
                assert badge is not None and badge.color is not None, (theme, stage)
                if badge.color.is_default:
                    continue  # the terminal's own foreground, readable on its own background
                assert badge.color != (badge.bgcolor or table.rich_style.bgcolor), (theme, stage)
