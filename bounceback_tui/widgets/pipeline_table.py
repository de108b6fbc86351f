"""The application pipeline: a virtual table that stays instant at 100,000 applications.

`PipelineTable` is a Line API widget (a `ScrollView` whose `render_line` draws only the rows
on screen). Rows come from a `source` in pages of `PAGE_SIZE`, fetched in thread workers as
the person scrolls; rows not loaded yet show a muted placeholder. Nothing here touches
SQLite on the event loop, and company, role and search text are always shown literally
(no markup, control characters made visible).

Styles live in `styles/pipeline.tcss` (component classes listed in `COMPONENT_CLASSES`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.worker import get_current_worker

from ..domain.user_text import fit, visible
from ..domain.follow_up import GHOST_DAYS, QUIET_DAYS, next_label
from ..domain.stages import STAGES, VIEWS
from ..domain.time_text import humanised

if TYPE_CHECKING:
    from pendulum import DateTime

    from ..store.records import ApplicationRecord


_QUERY_GROUP = "pipeline-table-query"
_PAGES_GROUP = "pipeline-table-pages"

# `run(read, show)`: read() off the UI thread, then show(its result) on it.
RunWith = Callable[[Callable[[], Any], Callable[[Any], None]], None]


class PipelineSource(Protocol):
    """Where the table's rows come from. Both methods are called from thread workers only."""

    def count(self, view: str, search: str) -> int:
        """How many applications `view` and `search` select."""
        ...

    def page(self, view: str, search: str, offset: int, limit: int) -> list[ApplicationRecord]:
        """Up to `limit` of those applications, starting at row `offset`, in table order."""
        ...


def _default_clock() -> DateTime:
    import pendulum

    return pendulum.now()


@dataclass(frozen=True)
class ColumnWidths:
    """Cell widths of one table width; 0 means the column is hidden."""

    company: int
    role: int
    stage: int
    applied: int
    activity: int
    follow_up: int


_GAP = 1
"""Cells between two columns (and before the first one)."""
_STAGE_WIDTH = max(len(stage) for stage in STAGES) + 2
_TIME_WIDTH = 14
_FOLLOW_UP_WIDTH = 17
_MIN_FLEX = 10


def layout_columns(width: int) -> ColumnWidths:
    """Column widths for a table `width` cells wide. Stage, applied, last activity and
    follow-up have fixed widths; company and role share the rest. Narrow tables drop
    applied first, then last activity, then follow-up, then stage, then role."""
    fixed = {"stage": _STAGE_WIDTH, "follow_up": _FOLLOW_UP_WIDTH,
             "activity": _TIME_WIDTH, "applied": _TIME_WIDTH}
    shown = ["stage", "follow_up", "activity", "applied"]
    while True:
        used = sum(fixed[name] + _GAP for name in shown)
        flex = width - used - 2 * _GAP
        if flex >= 2 * _MIN_FLEX or not shown:
            break
        shown.pop()
    widths = {name: (fixed[name] if name in shown else 0) for name in fixed}
    if flex >= 2 * _MIN_FLEX:
        company = flex * 9 // 20
        role = flex - company
    else:
        company, role = max(flex + _GAP, 1), 0
    return ColumnWidths(company, role, widths["stage"], widths["applied"], widths["activity"],
                        widths["follow_up"])


def set_virtual_size(widget: ScrollView, size: Size) -> None:
    """`widget.virtual_size = size`, without a layout of the whole screen when only the
    length of a scrollbar that stays shown changes (a row added by a change made elsewhere).

    Textual lays the screen out again whenever a virtual size changes, and every layout
    repaints every scrolling widget's scrollbar, a frame later: a few milliseconds for each
    outside change (issue 13). When the scrollbar is shown before and after, the width is
    the same and the view need not move, the new size changes nothing but the scrollbar's
    thumb: that scrollbar and the widget are repainted, in the same frame."""
    old = widget.virtual_size
    if size == old:
        return
    window = widget.container_size
    quick = (
        widget.is_attached and bool(window) and size.width == old.width
        and widget.show_vertical_scrollbar and widget.styles.overflow_y in ("auto", "scroll")
        and size.height > window.height and old.height > window.height
    )
    if quick:
        widget.set_reactive(Widget.virtual_size, size)
        if widget.scroll_y <= widget.max_scroll_y:
            widget.vertical_scrollbar.window_virtual_size = size.height
            widget.refresh()
            return
        widget.set_reactive(Widget.virtual_size, old)  # the view must move: a full layout
    widget.virtual_size = size


def cell_style(styles: Any, under: Color) -> Style:
    """A component class's styles as a Rich style for text drawn over `under`: translucent
    colours blended and `auto` colours resolved the way Textual does for widgets (Rich
    styles cannot hold alpha)."""
    background, bgcolor = under, None
    if styles.has_rule("background"):
        background = under + styles.background
        bgcolor = background.rich_color
    color = None
    if styles.has_rule("color"):
        text = styles.color
        if styles.has_rule("auto_color") and styles.auto_color:
            text = background.get_contrast_text(text.a)
        color = (background + text).rich_color
    return Style.from_color(color, bgcolor) + styles.text_style


class PipelineTable(ScrollView, can_focus=True):
    """Applications in table order (active first, most recent activity on top, closed ones
    after), one row each: company, role, stage, applied, last activity, follow-up."""

    INHERIT_BINDINGS = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False, id="pipeline.cursor_up"),
        Binding("down", "cursor_down", "Down", show=False, id="pipeline.cursor_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="pipeline.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="pipeline.page_down"),
        Binding("home,ctrl+home", "first", "First", show=False, id="pipeline.first"),
        Binding("end,ctrl+end", "last", "Last", show=False, id="pipeline.last"),
        Binding("enter", "choose", "Open", show=False, id="pipeline.choose"),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | up / down | Move the cursor one row. |
    | pageup / pagedown | Move the cursor one screen. |
    | home, ctrl+home / end, ctrl+end | First / last application. |
    | enter | Post `Chosen` for the application under the cursor. |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "pipeline-table--header",
        "pipeline-table--cursor",
        "pipeline-table--placeholder",
        "pipeline-table--message",
        "pipeline-table--muted",
        "pipeline-table--due",
        "pipeline-table--overdue",
        "pipeline-table--upcoming",
        "pipeline-table--quiet",
        "pipeline-table--ghosted",
        "pipeline-table--interview",
        "pipeline-table--ask",
        *(f"pipeline-table--stage-{stage}" for stage in STAGES),
    }
    """
    | Class | Description |
    | :- | :- |
    | `pipeline-table--header` | The fixed header line. |
    | `pipeline-table--cursor` | The cursor row (`PipelineTable:focus > …` when focused). |
    | `pipeline-table--placeholder` | A row whose page is still loading. |
    | `pipeline-table--message` | "Loading…", "Nothing matches…" and error lines. |
    | `pipeline-table--muted` | Secondary text: missing dates, closed follow-ups. |
    | `pipeline-table--due` / `--overdue` / `--upcoming` | A follow-up day's label. |
    | `pipeline-table--quiet` / `--ghosted` | "quiet" and "ghosted?" labels. |
    | `pipeline-table--interview` / `--ask` | The next interview; "how did it go?". |
    | `pipeline-table--stage-<stage>` | The stage badge, one class per stage. |
    """

    PAGE_SIZE: ClassVar[int] = 100
    """Rows fetched per query."""
    MAX_CACHED_PAGES: ClassVar[int] = 60
    """Pages kept in memory; the ones furthest from the screen are dropped first."""

    view: reactive[str] = reactive("all", init=False)
    """Which applications: "all", "active", "offers" or "closed". Changing it requeries."""

    search: reactive[str] = reactive("", init=False)
    """Filter text (company, role, source, location, notes; any case). Changing it requeries."""

    cursor_row: reactive[int] = reactive(0, init=False)
    """The row under the cursor (0 is the top row)."""

    # --- messages --------------------------------------------------------------------------

    @dataclass
    class Highlighted(Message):
        """The cursor is on a loaded application (after a move, a load or a reload that
        changed the record under the cursor)."""

        record: ApplicationRecord
        """The application under the cursor."""
        table: PipelineTable
        """The table that sent the message."""

        @property
        def control(self) -> PipelineTable:
            """The table (for `@on(..., selector)`)."""
            return self.table

    @dataclass
    class Chosen(Message):
        """`enter` (or a double click) on an application: open it."""

        record: ApplicationRecord
        """The chosen application."""
        table: PipelineTable
        """The table that sent the message."""

        @property
        def control(self) -> PipelineTable:
            """The table (for `@on(..., selector)`)."""
            return self.table

    @dataclass
    class Loaded(Message):
        """A query (view, search or reload) finished and its first rows are shown."""

        row_count: int
        """How many applications the view and search select."""
        table: PipelineTable
        """The table that sent the message."""

        @property
        def control(self) -> PipelineTable:
            """The table (for `@on(..., selector)`)."""
            return self.table

    @dataclass
    class LoadFailed(Message):
        """The source raised. A failed (re)query shows a short error line instead of rows;
        a failed page fetch leaves that page's placeholders (`reload()` tries again)."""

        error: Exception
        """What the source raised (its text may hold user input: show it literally)."""
        table: PipelineTable
        """The table that sent the message."""

        @property
        def control(self) -> PipelineTable:
            """The table (for `@on(..., selector)`)."""
            return self.table

    # --- setting up --------------------------------------------------------------------------

    def __init__(
        self,
        source: PipelineSource,
        *,
        view: str = "all",
        search: str = "",
        clock: Callable[[], DateTime] | None = None,
        quiet_days: int = QUIET_DAYS,
        ghost_days: int = GHOST_DAYS,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """A table over `source`.

        Args:
            source: `count(view, search)` and `page(view, search, offset, limit)`, called only
                from thread workers.
            view: The first view.
            search: The first filter text.
            clock: Now, as an aware pendulum DateTime (default `pendulum.now`); relative
                times and follow-up labels are computed against it.
            quiet_days: Days without an event after which a waiting application is "quiet".
            ghost_days: Days without an event after which it reads "ghosted?".
        """
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.source = source
        self.clock: Callable[[], DateTime] = clock or _default_clock
        self.quiet_days = quiet_days
        self.ghost_days = ghost_days
        self.not_asked: set[int] = set()
        """Applications whose "how did it go?" the person skipped (this session)."""
        self.set_reactive(PipelineTable.view, self.validate_view(view))
        self.set_reactive(PipelineTable.search, search)
        self._row_count = 0
        self._pages: dict[int, list[ApplicationRecord]] = {}
        self._query_generation = 0
        """Bumped by every requery; results of older queries are dropped."""
        self._data_generation = -1
        """The generation of the rows in `_pages` (-1: nothing loaded yet)."""
        self._pending_to_top = False
        self._pending_keep_id: int | None = None
        self._pending_in_place = False
        """The requery waiting to run is a `refresh_rows` (the view stays put)."""
        self._query_running = False
        self._started = False
        self._requested: tuple[int, frozenset[int]] | None = None
        self._fetch_scheduled = False
        self._error: str | None = None
        self._last_highlighted: ApplicationRecord | None = None
        self._line_cache: LRUCache[tuple[Any, ...], Strip] = LRUCache(1024)
        self._style_cache: dict[tuple[str, Color, bool], Style] = {}
        self._now: DateTime | None = None

    def on_mount(self) -> None:
        """Start the first query."""
        self._started = True
        self._requery(to_top=True)

    # --- public API --------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many applications the current view and search select (0 until loaded)."""
        return self._row_count

    @property
    def selected(self) -> ApplicationRecord | None:
        """The application under the cursor, or None (no rows, or its page is loading)."""
        return self._record_at(self.cursor_row)

    @property
    def loaded_pages(self) -> frozenset[int]:
        """Page numbers held in memory (page n holds rows n*PAGE_SIZE onwards)."""
        return frozenset(self._pages)

    @property
    def querying(self) -> bool:
        """True while a view, search or reload query has not come back yet."""
        return self._data_generation != self._query_generation

    def reload(self, keep_id: int | None = None) -> None:
        """Query again (the store changed). The cursor stays on application `keep_id` when it
        is among the rows reloaded around the cursor (or in the top page); otherwise it keeps
        its row number, clamped to the new row count."""
        self._requery(to_top=False, keep_id=keep_id)

    def refresh_rows(self, run: RunWith | None = None) -> None:
        """The store changed elsewhere (another window, a CLI command): read the count and
        the rows on screen again. While the view shows the first row it stays there, so new
        applications appear on top; the cursor stays on its application while that is on
        screen, and otherwise on the last row that is (what keys act on is always drawn).
        Scrolled down, the rows on screen stay on screen: the view moves with them.

        With `run(read, show)` the caller runs `read()` off the UI thread beside its other
        reads and `show(result)` with theirs (one worker and one frame for every pane);
        while a query of the table's own is under way, that query reads instead."""
        selected = self.selected
        keep_id = selected.id if selected else None
        if run is None or not self._started or self._query_running or self.querying:
            self._requery(to_top=False, keep_id=keep_id, in_place=True)
            return
        self._query_generation += 1
        self._requested = None
        self.workers.cancel_group(self, _PAGES_GROUP)
        self._query_running = True
        generation, view, search = self._query_generation, self.view, self.search
        wanted = self._pages_on_screen()

        def read() -> tuple[Any, ...]:
            return self._read_rows(generation, view, search, wanted, keep_id, in_place=True,
                                   stale=lambda: generation != self._query_generation)

        def show(result: tuple[Any, ...]) -> None:
            self._show_rows(generation, keep_id, result, to_top=False, in_place=True)
            self._query_finished()

        run(read, show)

    def move_cursor_to_id(self, application_id: int) -> bool:
        """Put the cursor on application `application_id` if it is loaded; True if it was."""
        for index, rows in self._pages.items():
            for offset, record in enumerate(rows):
                if record.id == application_id:
                    self.cursor_row = index * self.PAGE_SIZE + offset
                    return True
        return False

    def refresh_times(self) -> None:
        """Draw relative times and follow-up labels again against the clock (every minute)."""
        self._invalidate()

    def record_at(self, row: int) -> ApplicationRecord | None:
        """The application at `row`, if its page is loaded."""
        return self._record_at(row)

    # --- reactives ---------------------------------------------------------------------------

    def validate_view(self, view: str) -> str:
        """Only the four known views."""
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}; use one of: {', '.join(VIEWS)}")
        return view

    def watch_view(self) -> None:
        self._requery(to_top=True)

    def watch_search(self) -> None:
        self._requery(to_top=True)

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, self._row_count - 1))

    def watch_cursor_row(self) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self._post_highlighted()
        self._schedule_fetch()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._schedule_fetch()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()
        self._style_cache.clear()

    # --- queries (thread workers) ------------------------------------------------------------

    def _requery(self, *, to_top: bool, keep_id: int | None = None,
                 in_place: bool = False) -> None:
        """Count and fetch the first rows again in a thread worker. One query runs at a time:
        changes made while it runs make it stop early, and one more query (for the latest
        view and search) follows it, so fast typing never piles up queries. `in_place`
        (`refresh_rows`) holds only while every requery waiting is one."""
        self._pending_in_place = in_place and (self._pending_in_place or not self.querying)
        self._query_generation += 1
        self._pending_to_top = self._pending_to_top or to_top
        if keep_id is not None:
            self._pending_keep_id = keep_id
        self._requested = None
        if not self._started:
            return  # on_mount starts the first query
        self.workers.cancel_group(self, _PAGES_GROUP)
        if not self._pending_in_place:
            self._invalidate()  # the rows shown are not the new query's (in place: they are)
        if not self._query_running:
            self._start_query()

    def _start_query(self) -> None:
        if self._pending_to_top:
            wanted = [0]
        elif self._pending_in_place:
            wanted = self._pages_on_screen()
        else:
            here = self.cursor_row // self.PAGE_SIZE
            top = int(self.scroll_y) // self.PAGE_SIZE
            bottom = (int(self.scroll_y) + self._visible_rows()) // self.PAGE_SIZE
            wanted = sorted({here, max(here - 1, 0), here + 1, top, bottom})
        generation, view, search = self._query_generation, self.view, self.search
        to_top, keep = self._pending_to_top, self._pending_keep_id
        in_place = self._pending_in_place and not to_top
        self._query_running = True
        self.run_worker(
            lambda: self._query(generation, view, search, wanted, keep, to_top, in_place),
            name="pipeline query", group=_QUERY_GROUP, exclusive=True, thread=True,
            exit_on_error=False,
        )

    def _pages_on_screen(self) -> list[int]:
        top = int(self.scroll_y)
        last = top + self._visible_rows() - 1
        return list(range(top // self.PAGE_SIZE, last // self.PAGE_SIZE + 1))

    def _query(
        self, generation: int, view: str, search: str, wanted: list[int], keep_id: int | None,
        to_top: bool, in_place: bool = False,
    ) -> None:
        """Worker: the rows read (`_read_rows`), handed to the event loop."""
        worker = get_current_worker()
        try:
            result = self._read_rows(
                generation, view, search, wanted, keep_id, in_place,
                stale=lambda: worker.is_cancelled or generation != self._query_generation)
            self._from_thread(self._show_rows, generation, keep_id, result, to_top, in_place)
        finally:
            self._from_thread(self._query_finished)

    def _read_rows(self, generation: int, view: str, search: str, wanted: list[int],
                   keep_id: int | None, in_place: bool,
                   stale: Callable[[], bool]) -> tuple[Any, ...]:
        """Off the UI thread: the count, then the wanted pages (and, unless `in_place`, the
        top page when `keep_id` is not in them). ("rows", count, pages), ("failed", error),
        or ("stale",) when a newer query made this one pointless."""
        try:
            if stale():
                return ("stale",)
            count = self.source.count(view, search)
            pages: dict[int, list[ApplicationRecord]] = {}
            last_page = (count - 1) // self.PAGE_SIZE if count else -1
            for index in [i for i in wanted if i <= last_page] or ([0] if count else []):
                if stale():
                    return ("stale",)
                pages[index] = self.source.page(view, search, index * self.PAGE_SIZE,
                                                self.PAGE_SIZE)
            if (keep_id is not None and 0 not in pages and count and not stale()
                    and not in_place
                    and not any(r.id == keep_id for rows in pages.values() for r in rows)):
                pages[0] = self.source.page(view, search, 0, self.PAGE_SIZE)
            return ("stale",) if stale() else ("rows", count, pages)
        except Exception as error:
            return ("failed", error)

    def _show_rows(self, generation: int, keep_id: int | None, result: tuple[Any, ...],
                   to_top: bool, in_place: bool) -> None:
        if result[0] == "rows":
            self._apply_query(generation, result[1], result[2], keep_id, to_top, in_place)
        elif result[0] == "failed":
            self._apply_failure(generation, result[1])

    def _query_finished(self) -> None:
        """The running query is over: start the next one if anything changed meanwhile."""
        self._query_running = False
        if self.querying and self.is_attached:
            self._start_query()

    def _fetch_pages(self, generation: int, view: str, search: str, wanted: list[int]) -> None:
        """Worker: fetch pages one by one, nearest to the screen first, handing each over as
        it arrives. A cancelled worker still hands over the page it was fetching."""
        worker = get_current_worker()
        for index in wanted:
            if worker.is_cancelled:
                return
            try:
                rows = self.source.page(view, search, index * self.PAGE_SIZE, self.PAGE_SIZE)
            except Exception as error:
                self._from_thread(self._apply_failure, generation, error)
                return
            self._from_thread(self._apply_page, generation, index, rows)

    def _from_thread(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run `callback` on the event loop, unless the app has gone."""
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:
            pass  # the app stopped while the query ran

    # --- results (event loop) ----------------------------------------------------------------

    def _apply_query(
        self, generation: int, count: int, pages: dict[int, list[ApplicationRecord]],
        keep_id: int | None, to_top: bool, in_place: bool = False,
    ) -> None:
        if generation != self._query_generation or not self.is_attached:
            return
        drawn = self._drawn_records() if in_place else None
        self._data_generation = generation
        self._pending_to_top = False
        self._pending_keep_id = None
        self._pending_in_place = False
        self._error = None
        self._row_count = count
        self._pages = pages
        self._requested = None
        set_virtual_size(self, Size(0, count + 1))
        if to_top:
            row = 0
            self.scroll_to(y=0, animate=False, immediate=True)
        else:
            row = self.cursor_row
            if keep_id is not None:
                for index, rows in pages.items():
                    found = next((i for i, r in enumerate(rows) if r.id == keep_id), None)
                    if found is not None:
                        row = index * self.PAGE_SIZE + found
                        break
            top = int(self.scroll_y)
            if in_place and top == 0:
                # Rows added above pushed the application down: the view stays on the first
                # row (following the application would hide what was added); the cursor
                # stays on a row that is drawn.
                row = min(row, self._visible_rows() - 1)
            elif in_place and row != self.cursor_row:
                # Scrolled down: the rows on screen stay on screen (the view moves with them).
                self.scroll_to(y=max(top + row - self.cursor_row, 0), animate=False,
                               immediate=True)
        row = self.validate_cursor_row(row)
        if row == self.cursor_row:
            self._scroll_to_cursor()
            self._post_highlighted()
        else:
            self.cursor_row = row
        if in_place:
            # Lines are remembered by the application they show: only rows new on screen
            # (or changed) are drawn again, and nothing when the screen's rows are the same.
            self._now = None
            if self._drawn_records() != drawn:
                self.refresh()
        else:
            self._invalidate()
        self.post_message(self.Loaded(count, self))
        self._schedule_fetch()

    def _apply_page(self, generation: int, index: int, rows: list[ApplicationRecord]) -> None:
        if generation != self._data_generation or generation != self._query_generation:
            return
        self._pages[index] = rows
        self._evict_pages()
        self.refresh()  # its rows' lines are new (remembered by application, not by row)
        if index == self.cursor_row // self.PAGE_SIZE:
            self._post_highlighted()

    def _apply_failure(self, generation: int, error: Exception) -> None:
        if generation != self._query_generation or not self.is_attached:
            return
        self.log.error(f"pipeline query failed: {error!r}")
        if generation != self._data_generation:
            # The query itself failed: show the error instead of rows of another query.
            self._data_generation = generation
            self._pending_to_top = False
            self._pending_keep_id = None
            self._row_count = 0
            self._pages = {}
            self.virtual_size = Size(0, 1)
            self._error = "Could not load applications."
            self.cursor_row = 0
        self._invalidate()
        self.post_message(self.LoadFailed(error, self))

    def _drawn_records(self) -> tuple[Any, ...]:
        """What the rows on screen show (and where the cursor is)."""
        top = int(self.scroll_y)
        return (self.cursor_row, top,
                *(self._record_at(row) for row in range(top, top + self._visible_rows())))

    def _evict_pages(self) -> None:
        """Keep at most MAX_CACHED_PAGES pages, dropping those furthest from the screen."""
        if len(self._pages) <= self.MAX_CACHED_PAGES:
            return
        centre = (int(self.scroll_y) + self._visible_rows() // 2) // self.PAGE_SIZE
        cursor_page = self.cursor_row // self.PAGE_SIZE
        candidates = [index for index in self._pages if index != cursor_page]
        candidates.sort(key=lambda index: abs(index - centre), reverse=True)
        for index in candidates[: len(self._pages) - self.MAX_CACHED_PAGES]:
            del self._pages[index]

    def _schedule_fetch(self) -> None:
        """Fetch missing visible pages soon (once per batch of scroll and cursor changes)."""
        if not self._fetch_scheduled:
            self._fetch_scheduled = True
            self.call_later(self._fetch_missing)

    def _fetch_missing(self) -> None:
        self._fetch_scheduled = False
        if self.querying or not self._row_count or not self.is_attached:
            return
        top = int(self.scroll_y)
        bottom = min(top + self._visible_rows(), self._row_count) - 1
        first, last = top // self.PAGE_SIZE, max(bottom, top) // self.PAGE_SIZE
        wanted = list(range(first, last + 1))
        cursor_page = self.cursor_row // self.PAGE_SIZE
        if cursor_page not in wanted:
            wanted.append(cursor_page)
        # Read ahead: the next page once the screen is in the last half of a page.
        ahead = (bottom + self.PAGE_SIZE // 2) // self.PAGE_SIZE
        last_page = (self._row_count - 1) // self.PAGE_SIZE
        if ahead <= last_page and ahead not in wanted:
            wanted.append(ahead)
        missing = [index for index in wanted if index not in self._pages]
        if not missing:
            return
        request = (self._data_generation, frozenset(missing))
        if request == self._requested:
            return
        self._requested = request
        generation, view, search = self._data_generation, self.view, self.search
        self.run_worker(
            lambda: self._fetch_pages(generation, view, search, missing),
            name="pipeline pages", group=_PAGES_GROUP, exclusive=True, thread=True,
            exit_on_error=False,
        )

    # --- cursor and keys ---------------------------------------------------------------------

    def _record_at(self, row: int) -> ApplicationRecord | None:
        if not 0 <= row < self._row_count:
            return None
        rows = self._pages.get(row // self.PAGE_SIZE)
        if rows is None:
            return None
        offset = row % self.PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def _post_highlighted(self) -> None:
        record = self.selected
        if record is not None and record != self._last_highlighted:
            self._last_highlighted = record
            self.post_message(self.Highlighted(record, self))

    def _visible_rows(self) -> int:
        """Rows on screen below the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top, rows = int(self.scroll_y), self._visible_rows()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + rows:
            self.scroll_to(y=self.cursor_row - rows + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        """One row up."""
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        """One row down."""
        self.cursor_row += 1

    def action_page_up(self) -> None:
        """One screen up, the cursor keeping its place on screen."""
        rows = self._visible_rows()
        self.scroll_to(y=max(int(self.scroll_y) - rows, 0), animate=False, immediate=True)
        self.cursor_row -= rows

    def action_page_down(self) -> None:
        """One screen down, the cursor keeping its place on screen."""
        rows = self._visible_rows()
        self.scroll_to(y=int(self.scroll_y) + rows, animate=False, immediate=True)
        self.cursor_row += rows

    def action_first(self) -> None:
        """The first application."""
        self.cursor_row = 0

    def action_last(self) -> None:
        """The last application."""
        self.cursor_row = self._row_count - 1

    def action_choose(self) -> None:
        """Post `Chosen` for the application under the cursor (if it is loaded)."""
        record = self.selected
        if record is not None:
            self.post_message(self.Chosen(record, self))

    def on_click(self, event: events.Click) -> None:
        """A click selects the row under the mouse; a double click chooses it."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = int(self.scroll_y) + offset.y - 1
        if row >= self._row_count:
            return
        event.stop()
        self.cursor_row = row
        if event.chain >= 2:
            self.action_choose()

    def on_resize(self) -> None:
        self._line_cache.clear()
        self._scroll_to_cursor()
        self._schedule_fetch()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # --- drawing -----------------------------------------------------------------------------

    def _invalidate(self) -> None:
        """Forget drawn lines (data, cursor, focus, clock or style changed) and repaint."""
        self._line_cache.clear()
        self._now = None
        self.refresh()

    def _clock_now(self) -> DateTime:
        """The clock, read once per repaint so every row agrees."""
        if self._now is None:
            self._now = self.clock()
        return self._now

    def render_line(self, y: int) -> Strip:
        """Line `y` of the widget: the header on line 0, then the rows from the scroll offset."""
        width = self.scrollable_content_region.width
        if y == 0:
            key: tuple[Any, ...] = ("header", width)
        else:
            row = int(self.scroll_y) + y - 1
            # A loaded row's line is remembered by its application (a record, compared by
            # value), so rows that only moved (added above, scrolled) are not drawn again.
            record = self._record_at(row)
            key = (record if record is not None else row, width, row == self.cursor_row,
                   self.has_focus)
        strip = self._line_cache.get(key)
        if strip is None:
            strip = self._render_header(width) if y == 0 else self._render_row(row, width)
            self._line_cache[key] = strip
        return strip

    def _style(self, name: str, under: Color) -> Style:
        """Component class `pipeline-table--<name>` as a Rich style for a cell drawn over
        `under`: translucent colours blended and `auto` colours resolved the way Textual
        does for widgets (Rich styles cannot hold alpha)."""
        key = (name, under, self.has_focus)
        style = self._style_cache.get(key)
        if style is None:
            style = cell_style(self.get_component_styles(f"pipeline-table--{name}"), under)
            self._style_cache[key] = style
        return style

    def _row_colours(self, cursor: bool) -> tuple[Style, Color]:
        """The base style of a row and the colour its cells are drawn over."""
        under = self.background_colors[1]
        base = self.rich_style
        if cursor:
            base = base + self._style("cursor", under)
            cursor_styles = self.get_component_styles("pipeline-table--cursor")
            if cursor_styles.has_rule("background"):
                under = under + cursor_styles.background
        return base, under

    def _cells(self, width: int, cells: Iterable[tuple[str, int, Style]], base: Style,
               badge: int = -1) -> Strip:
        """A line of cells: each text (already made visible) cut or padded to its width.
        Cell number `badge` is styled only as wide as its text (the rest is padding)."""
        segments: list[Segment] = []
        for number, (text, cell_width, style) in enumerate(cells):
            if cell_width <= 0:
                continue
            segments.append(Segment(" " * _GAP, base))
            if number == badge:
                label = fit(text, min(cell_width, cell_len(text)))
                segments.append(Segment(label, base + style))
                segments.append(Segment(" " * (cell_width - cell_len(label)), base))
            else:
                segments.append(Segment(fit(text, cell_width), base + style))
        # Neighbours of one style as one segment: every segment costs again at each repaint.
        return Strip(segments).adjust_cell_length(width, base).simplify()

    def _render_header(self, width: int) -> Strip:
        base, under = self._row_colours(cursor=False)
        base = base + self._style("header", under)
        columns = layout_columns(width)
        plain = Style()
        return self._cells(width, [
            ("Company", columns.company, plain),
            ("Role", columns.role, plain),
            ("Stage", columns.stage, plain),
            ("Applied", columns.applied, plain),
            ("Last activity", columns.activity, plain),
            ("Next", columns.follow_up, plain),
        ], base)

    def _render_row(self, row: int, width: int) -> Strip:
        message = self._message_for(row)
        if message is not None:
            base, under = self._row_colours(cursor=False)
            return self._cells(width, [(message, max(width - 2 * _GAP, 1),
                                        self._style("message", under))], base)
        if row >= self._row_count:
            return Strip.blank(width, self.rich_style)
        base, under = self._row_colours(cursor=row == self.cursor_row)
        record = self._record_at(row)
        columns = layout_columns(width)
        if record is None:
            return self._cells(width, [("…", columns.company,
                                        self._style("placeholder", under))], base)
        now = self._clock_now()
        follow_up, kind = next_label(record, now, quiet_days=self.quiet_days,
                                     ghost_days=self.ghost_days, skipped=self.not_asked)
        muted = self._style("muted", under)
        stage = record.stage if record.stage in STAGES else "saved"
        plain = Style()
        return self._cells(width, [
            (visible(record.company), columns.company, plain),
            (visible(record.role), columns.role, plain),
            (f" {visible(record.stage)} ", columns.stage, self._style(f"stage-{stage}", under)),
            (humanised(record.applied_at, now) or "—", columns.applied,
             plain if record.applied_at else muted),
            (humanised(record.last_activity_at, now), columns.activity, plain),
            (follow_up, columns.follow_up,
             muted if kind == "closed" else self._style(kind, under) if kind else plain),
        ], base, badge=2)

    def _message_for(self, row: int) -> str | None:
        """The line shown instead of row 0 when there are no rows to show."""
        if row != 0:
            return None
        if self._error is not None and not self._row_count:
            return self._error
        if self._data_generation < 0:
            return "Loading applications…"
        if self._row_count:
            return None
        if self.querying:
            return "Searching…"
        if self.search.strip():
            return f"Nothing matches “{visible(self.search.strip())}”."
        return {
            "all": "Press a to add your first application.",
            "active": "Every application here is closed; f shows another view.",
            "offers": "Offers will be listed here; f shows another view.",
            "closed": "Closed applications will be listed here; f shows another view.",
        }[self.view]


__all__ = [
    "PipelineSource",
    "PipelineTable",
    "layout_columns",
]
