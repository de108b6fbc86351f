"""The Timeline pane: the hunt as a story (a feed grouped by week, newest first, read a page at
a time) and the rejection-to-offer streak chart (runs, effort heatmap, bounce-back trend,
funnel). `v` cycles timeline / chart / both; `[` and `]` change the range; `enter` on an entry
jumps to its application or opens its reflection; `ctrl+e` saves the chart as an SVG.

Every number comes from the store's `stats` (the same functions as `bounceback stats`); the
chart's layout is `bounceback_tui.domain.chart` (pure). Like the other panes it never holds a
session: reads go through the store bridge (`self.bridge.run`) (a thread worker).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ..domain.user_text import visible
from .base import Pane, load_css
from .timeline_chart import HEAT_WEEKS, ROLE_STYLES
from ..widgets.pane_note import TIMELINE_INTRO, PaneNote

if TYPE_CHECKING:
    from pathlib import Path

    from ..domain.chart import Line
    from ..domain.metrics import Stats
    from ..store import Store
    from ..store.queries.live import PulseFacts
    from ..store.queries.timeline import ChartData, TimelineItem
    from ..widgets.agenda_view import AgendaView
    from ..widgets.timeline_view import Row, TimelineView

PAGE = 200
"""Timeline entries read per query (more are read as the cursor nears the end)."""
STORY_REREAD = 50
"""Entries read again after a change: a screenful and more, from the top or the cursor."""
VIEWS = ("timeline", "chart", "both", "coming up")
AGENDA_DAYS = 14
"""How far the coming-up view looks ahead."""
RANGES: tuple[tuple[str, int | None], ...] = (
    ("4 weeks", 28), ("3 months", 91), ("6 months", 182), ("1 year", 365), ("all", None))
"""The ranges `[` and `]` step through: a label and how many days back (None: everything)."""
DEFAULT_RANGE = len(RANGES) - 1
SIDE_BY_SIDE_FROM = 110
"""The story and the chart stand side by side from this width; below it, one above the
other (each half of a narrower pane is too thin to read)."""

EMPTY_TEXT = (
    "As you apply, hear back and reflect, this pane "
    "grows into the story of your hunt: each week's steps, every no with how soon you bounced "
    "back, and the runs of no's that led to each yes. Press 1 and then a to log your first "
    "application."
)

@dataclass(frozen=True)
class ChartInput:
    """What the chart is drawn from, read in one worker call."""

    data: ChartData
    today: date
    since: datetime | None


def range_start(now: datetime, days: int | None) -> datetime | None:
    """The first instant a range holds (None: everything)."""
    return None if days is None else now - timedelta(days=days)


def week_heading(day: date, today: date) -> str:
    """`This week`, `Last week`, then the week's Monday–Sunday (`Mar 2 – Mar 8`, with the
    year when it is not this year's)."""
    monday = day - timedelta(days=day.weekday())
    this_monday = today - timedelta(days=today.weekday())
    if monday >= this_monday:
        return "This week"
    if monday == this_monday - timedelta(days=7):
        return "Last week"
    sunday = monday + timedelta(days=6)
    year = f" {sunday.year}" if sunday.year != today.year else ""
    return f"{monday:%b} {monday.day} – {sunday:%b} {sunday.day}{year}"


class ChartView(VerticalScroll, can_focus=True):
    """The streak chart: scrolls when it is taller than the pane."""


class TimelinePane(Pane):
    """The hunt as a story, and the streak chart."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "cycle_view", "View", id="timeline.view"),
        Binding("left_square_bracket", "range(-1)", "Shorter", id="timeline.range_shorter"),
        Binding("right_square_bracket", "range(1)", "Longer", id="timeline.range_longer"),
        Binding("ctrl+e", "save_chart", "Save chart", id="timeline.save_chart"),
        Binding("r", "reflect", "Reflect on it", id="timeline.reflect", show=False),
    ]

    class OpenApplication(Message):
        """`enter` on an entry about an application: show it in the pipeline (`r`: reflect
        on it instead)."""

        def __init__(self, application_id: int, *, reflect: bool = False) -> None:
            super().__init__()
            self.application_id = application_id
            self.reflect = reflect

    class OpenReflection(Message):
        """`enter` on a saved reflection: open it."""

        def __init__(self, reflection_id: int) -> None:
            super().__init__()
            self.reflection_id = reflection_id

    class StatsRead(Message):
        """The chart's read brought every metric: the header's pulse is drawn from it, so a
        change costs one `stats` computation, not one per place that shows a number."""

        def __init__(self, stats: Stats, now: datetime) -> None:
            super().__init__()
            self.stats = stats
            self.now = now

    class PulseRead(Message):
        """A story read after a change brought the header's numbers (`Store.pulse_facts`:
        cheap, unlike every metric, which only a chart read brings)."""

        def __init__(self, facts: PulseFacts) -> None:
            super().__init__()
            self.facts = facts

    def __init__(self, *, view: str = "timeline") -> None:
        super().__init__("Timeline", id="timeline")
        self.view = view
        self.range_index = DEFAULT_RANGE
        self.items: list[TimelineItem] = []
        self.chart: ChartInput | None = None
        self.gentle = False
        self._more = False
        self._reading_more = False
        self._generation = 0
        self._mounted_body = False
        self._when_cache: dict[datetime, str] = {}
        self.chart_stale = False
        """A change came while the chart was not shown: it is read again when it is."""
        self._note_empty: bool | None = None
        self._story_reading = False
        self._story_again = False

    def compose(self) -> ComposeResult:
        from ..widgets.calendar_keeper import CalendarKeeper
        from ..widgets.reminder_watch import ReminderWatch
        from ..widgets.sync_watch import SyncWatch

        yield PaneNote(TIMELINE_INTRO, id="timeline-note")
        yield ReminderWatch()  # hidden: notifies before interviews and follow-ups
        yield SyncWatch()  # hidden: keeps the machines in step when this hunt syncs
        yield CalendarKeeper()  # hidden: the calendar file, when the settings ask for it

    # --- widgets --------------------------------------------------------------------------

    @property
    def note(self) -> PaneNote:
        return self.query_one("#timeline-note", PaneNote)

    @property
    def listing(self) -> TimelineView | None:
        found = self.query("#timeline-list")
        return found.first() if found else None  # type: ignore[return-value]

    @property
    def chart_view(self) -> ChartView | None:
        found = self.query("#timeline-chart")
        return found.first(ChartView) if found else None

    @property
    def agenda_view(self) -> AgendaView | None:
        from ..widgets.agenda_view import AgendaView

        found = self.query("#timeline-agenda")
        return found.first(AgendaView) if found else None

    def read_agenda(self) -> None:
        """What is coming up, read again (shown when the view is "coming up")."""
        now = self.bridge.now()
        tz = now.timezone

        def read(store: Store) -> Any:
            return store.agenda(now=now, tz=tz, days=AGENDA_DAYS)

        def show(items: Any) -> None:
            agenda = self.agenda_view
            if agenda is not None:
                agenda.show_items(items, today=now.date(), tz=tz, days=AGENDA_DAYS)

        self.bridge.run(read, done=show, changes=False)

    def on_agenda_view_chosen(self, event: AgendaView.Chosen) -> None:
        event.stop()
        self.post_message(self.OpenApplication(event.application_id))

    @property
    def range_label(self) -> str:
        return RANGES[self.range_index][0]

    def focus_first(self) -> None:
        if self._mounted_body and (self.items or self.chart is not None and self._has_data()):
            target = {"chart": self.chart_view, "coming up": self.agenda_view}.get(
                self.view, self.listing)
            if target is not None:
                self.screen.set_focus(target)
                return
        self.screen.set_focus(self.note)

    async def _mount_body(self) -> None:
        if self._mounted_body:
            return
        self._mounted_body = True
        self._load_css()
        from ..widgets.timeline_view import TimelineView

        from ..widgets.agenda_view import AgendaView

        body = Container(TimelineView(when=self._when, id="timeline-list"),
                         ChartView(Static("", id="chart-content", markup=False),
                                   id="timeline-chart"),
                         AgendaView(id="timeline-agenda", markup=False),
                         id="timeline-body")
        await self.mount(body, Static("", id="timeline-status", markup=False))
        self._apply_view()
        if self.view == "coming up":
            self.read_agenda()
        if self.screen.focused is self.note:  # 3 was pressed before the story came
            self.focus_first()

    def _load_css(self) -> None:
        load_css(self.app, "timeline.tcss")

    # --- reading --------------------------------------------------------------------------

    def reload_after_change(self) -> None:
        """After a change (here or elsewhere): the story's first page again, and the header's
        numbers (`PulseRead`); the chart (every metric, ~0.1 s at 10,000 applications) only
        while it is shown (`StatsRead`), else when it next is. One read at a time: changes
        that come meanwhile make one more read after it."""
        for keeper in self.query("CalendarKeeper"):
            keeper.changed()  # type: ignore[attr-defined]
        if self.view == "coming up":
            self.read_agenda()
        if self.view not in ("timeline", "coming up") or self.chart is None:
            self.reload()
            return
        self.chart_stale = True
        if self._story_reading:
            self._story_again = True
            return
        self._story_reading = True
        self._story_again = False
        generation = self._generation
        now = self.bridge.now()
        since = range_start(now, RANGES[self.range_index][1])
        # The entries on screen and a screen more (the rest is read again as it is reached).
        listing = self.listing
        selected = listing.selected if listing is not None else None
        at = next((n for n, item in enumerate(self.items)
                   if selected is not None and item is selected.item), 0)
        limit = max(STORY_REREAD, at + STORY_REREAD)

        def read(store: Store) -> tuple[list[TimelineItem], PulseFacts]:
            return (store.timeline(since=since, limit=limit, now=now),
                    store.pulse_facts(now=now))

        def show(result: tuple[list[TimelineItem], PulseFacts]) -> None:
            items, facts = result
            self._story_done()
            self.post_message(self.PulseRead(facts))
            if generation != self._generation or items == self.items[:len(items)]:
                return  # a full reload came meanwhile, or the story is as it was
            self._generation += 1  # a next page being read belongs to the old story
            self._when_cache.clear()
            self.items = items
            self._more = len(items) == limit
            self._fill_list(keep=True)
            self._apply_view()

        self.bridge.run(read, done=show, failed=self._story_done, changes=False)

    def _story_done(self) -> None:
        self._story_reading = False
        if self._story_again:
            self.reload_after_change()

    def reload(self, then: Callable[[], Any] | None = None) -> None:
        """Read the story and the chart again (at start, for a new range, a new day, or a
        change while the chart is shown); `then()` once they are on screen."""
        self.chart_stale = False
        self._generation += 1
        generation = self._generation
        now = self.bridge.now()
        since = range_start(now, RANGES[self.range_index][1])
        today = self.bridge.local_today()
        weeks = HEAT_WEEKS

        def read(store: Store) -> tuple[list[TimelineItem], ChartInput]:
            items = store.timeline(since=since, limit=PAGE, now=now)
            since_day = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
            data = store.chart_data(now=now, since_day=since_day)
            return items, ChartInput(data, today, since)

        async def show(result: tuple[list[TimelineItem], ChartInput]) -> None:
            if generation == self._generation:
                await self._show(*result)
                self.post_message(self.StatsRead(result[1].data.stats, now))
                if then is not None:
                    then()

        self.bridge.run(read, done=show, changes=False)

    async def _show(self, items: list[TimelineItem], chart: ChartInput) -> None:
        self._when_cache.clear()
        await self._mount_body()
        self.items = items
        self._more = len(items) == PAGE
        self.chart = chart
        self._fill_list(keep=True)
        self.render_chart()
        self._show_status()
        self._apply_view()

    def _read_more(self) -> None:
        if not self._more or self._reading_more or not self.items:
            return
        self._reading_more = True
        generation = self._generation
        now = self.bridge.now()
        since = range_start(now, RANGES[self.range_index][1])
        last = self.items[-1].key

        def read(store: Store) -> list[TimelineItem]:
            return store.timeline(since=since, before=last, limit=PAGE, now=now)

        def show(items: list[TimelineItem]) -> None:
            self._reading_more = False
            if generation != self._generation:
                return
            self._more = len(items) == PAGE
            start = len(self.items)
            self.items.extend(items)
            listing = self.listing
            if listing is not None:
                listing.add_rows(self._rows(self.items[start:], self.items[start - 1]
                                            if start else None))

        def failed() -> None:
            self._reading_more = False

        self.bridge.run(read, done=show, failed=failed, changes=False)

    # (Handlers by name: the feed's module is imported only when the story first comes.)
    def on_timeline_view_need_more(self, event: TimelineView.NeedMore) -> None:
        event.stop()
        self._read_more()

    # --- the feed -------------------------------------------------------------------------

    def _has_data(self) -> bool:
        chart = self.chart
        return bool(self.items) or bool(chart and (chart.data.marks or chart.data.day_counts))

    def _local_day(self, instant: datetime) -> date:
        from ..domain.dates import local_zone

        return instant.astimezone(local_zone()).date()

    def _when(self, instant: datetime) -> str:
        """"3 days ago" (remembered until the minute's refresh)."""
        when = self._when_cache.get(instant)
        if when is None:
            from ..domain.time_text import humanised
            when = self._when_cache[instant] = humanised(instant, self.bridge.now())
        return when

    def _rows(self, items: list[TimelineItem], before: TimelineItem | None) -> list[Row]:
        """Entries under week headings (a heading only where the week changes)."""
        from ..widgets.timeline_view import Row

        from ..domain.dates import local_zone
        today = self.bridge.local_today()
        zone = local_zone()
        headings: dict[date, str] = {}  # one heading's text per local day, not per entry

        def heading_of(instant: datetime) -> str:
            day = instant.astimezone(zone).date()
            text = headings.get(day)
            if text is None:
                text = headings[day] = week_heading(day, today)
            return text

        heading = heading_of(before.at) if before else None
        rows: list[Row] = []
        for item in items:
            this = heading_of(item.at)
            if this != heading:
                heading = this
                rows.append(Row(this, None))
            rows.append(Row(None, item))
        return rows

    def _fill_list(self, *, keep: bool) -> None:
        listing = self.listing
        if listing is None:
            return
        from ..widgets.timeline_view import Row

        selected = listing.selected
        rows = self._rows(self.items, None)
        if not self.items:
            rows.append(Row(f" a quiet {self.range_label} — ] shows a longer range"
                            if self.range_label != "all" else
                            " press 1, then a, to add your first application", None))
        listing.set_rows(rows, keep_id=selected.id if keep and selected else None)

    def refresh_times(self) -> None:
        """Relative times move on (every minute)."""
        self._when_cache.clear()
        listing = self.listing
        if listing is not None:
            listing.refresh_times()

    def action_reflect(self) -> None:
        """`r` on an entry: a reflection about its application (a saved one opens)."""
        listing = self.listing
        row = listing.selected if listing is not None and listing.display else None
        if row is None or not row.id:
            self.app.action_new_reflection()  # type: ignore[attr-defined]
            return
        kind, number, *_ = row.id.split(":")
        self.post_message(self.OpenReflection(int(number)) if kind == "reflection" else
                          self.OpenApplication(int(number), reflect=True))

    def on_timeline_view_chosen(self, event: TimelineView.Chosen) -> None:
        event.stop()
        option_id = event.row.id
        if not option_id:
            return
        kind, number, *_ = option_id.split(":")
        if kind == "reflection":
            self.post_message(self.OpenReflection(int(number)))
        else:
            self.post_message(self.OpenApplication(int(number)))

    # --- the chart ------------------------------------------------------------------------

    def chart_lines(self, width: int) -> list[Line]:
        """The whole chart as lines of (text, role) pieces, `width` cells wide."""
        from .timeline_chart import chart_lines

        label, days = RANGES[self.range_index]
        return chart_lines(self.chart, width, range_days=days, range_label=label,
                           gentle=self.gentle)

    def _chart_width(self) -> int:
        view = self.chart_view
        width = view.scrollable_content_region.width if view is not None else 0
        return max(20, width or self.content_region.width)

    def render_chart(self) -> None:
        view = self.chart_view
        if view is None or self.chart is None:
            return
        lines = self.chart_lines(self._chart_width())
        content = Content("\n").join(
            Content.assemble(*((visible(text), ROLE_STYLES.get(role, "")) for text, role in line))
            for line in lines)
        view.query_one("#chart-content", Static).update(content)

    def chart_svg(self) -> str:
        """The chart as an SVG document, in the current theme's colours."""
        from .timeline_chart import chart_svg

        width = max(60, self._chart_width())
        return chart_svg(self.chart_lines(width), width, self.app.theme_variables)

    # --- view, range, status --------------------------------------------------------------

    def _apply_view(self) -> None:
        if not self._mounted_body:
            return
        empty = not self._has_data() and self.view != "coming up"
        if self._note_empty is not empty:  # a repaint (and a layout) only when it changes
            self._note_empty = empty
            self.note.update(EMPTY_TEXT if empty else TIMELINE_INTRO)
        note_focused = self.screen.focused is self.note  # 3 pressed before the story came
        self.note.display = empty
        body = self.query_one("#timeline-body")
        body.display = not empty
        body.set_class(self.view == "both", "-both")
        body.set_class(self.content_region.width < SIDE_BY_SIDE_FROM, "-stacked")
        listing, chart = self.listing, self.chart_view
        assert listing is not None and chart is not None
        listing.display = self.view in ("timeline", "both")
        chart.display = self.view in ("chart", "both")
        agenda = self.agenda_view
        if agenda is not None:
            agenda.display = self.view == "coming up"
        focused = self.screen.focused
        if (note_focused and not empty) or (
                focused is not None and not focused.display
                and focused in (listing, chart, agenda)):
            self.focus_first()  # what is shown now takes the keys (v, [, ] work at once)

    def _show_status(self) -> None:
        if not self._mounted_body:
            return
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f" {self.view}", style="bold")
        line.append(" · ", style="dim")
        line.append(self.range_label if self.view != "coming up" else
                    f"next {AGENDA_DAYS} days", style="bold")
        line.append("   v ", style="dim")
        line.append("view  ")
        line.append("[ ] ", style="dim")
        line.append("range  ")
        line.append("ctrl+e ", style="dim")
        line.append("save chart")
        self.query_one("#timeline-status", Static).update(line)

    def action_cycle_view(self) -> None:
        """Timeline → chart → both → coming up."""
        self.show_view(VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)])

    def show_view(self, view: str) -> None:
        """Show one of VIEWS (`4` anywhere shows "coming up")."""
        self.view = view
        if self.view == "coming up":
            self.read_agenda()
        elif self.chart_stale and self.view != "timeline":
            self.reload()  # changes came while the chart was hidden
        self._apply_view()
        self._show_status()
        self.call_after_refresh(self._refit)  # the widths have changed
        self.focus_first()

    def action_range(self, step: int) -> None:
        """A shorter (-1) or longer (+1) range."""
        index = min(max(self.range_index + step, 0), len(RANGES) - 1)
        if index == self.range_index:
            self.app.bell()
            return
        self.range_index = index
        self._show_status()
        self.reload()

    def action_save_chart(self) -> None:
        """Write the streak chart as an SVG beside the database (0600) and say where."""
        if self.chart is None:
            self.app.notify("The chart is still being drawn; try again in a moment.")
            return
        if self.chart_stale:  # changes came while it was hidden: draw it afresh first
            self.reload(then=self.action_save_chart)
            return
        svg = self.chart_svg()

        def write(store: Store) -> Path:
            from ..exports import save_chart

            return save_chart(store, svg)

        self.bridge.run(write, done=lambda path: self.app.notify(
            f"Chart saved to {visible(str(path))}", markup=False, timeout=8), changes=False)

    def set_gentle(self, gentle: bool) -> None:
        self.gentle = gentle
        self.render_chart()

    def on_resize(self) -> None:
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        """Lay the chart out again for the space it has now (the feed fits itself); the
        story and the chart side by side, or one above the other."""
        bodies = self.query("#timeline-body")
        if bodies:
            bodies.first().set_class(self.content_region.width < SIDE_BY_SIDE_FROM, "-stacked")
        if self.chart is not None:
            self.render_chart()
