"""The timeline's feed: week headings and one line per entry, drawn a line at a time.

A `ScrollView` with its own `render_line` and a line cache (like the pipeline table): moving
the cursor redraws two lines, and a page down draws only the lines that come into view, so
scrolling through years of entries stays within a frame. Styles live in
`styles/timeline.tcss` (component classes listed in `COMPONENT_CLASSES`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

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

from ..domain.user_text import cell_width, fit, visible
from .pipeline_table import cell_style, set_virtual_size

if TYPE_CHECKING:
    from ..store.queries.timeline import TimelineItem

KINDS = ("applied", "moved", "no", "ghosted", "yes", "reflection", "win", "action",
         "interview")
GLYPHS = {"applied": "✉", "moved": "➜", "no": "✗", "ghosted": "◌", "yes": "✦",
          "reflection": "✎", "win": "✧", "action": "✔", "interview": "◇"}
WHEN_WIDTH = 12
HEADLINE_WIDTH = 12


class Row(NamedTuple):
    """One line of the feed: a week heading, or an entry."""

    heading: str | None
    item: TimelineItem | None

    @property
    def id(self) -> str | None:
        """`application:<id>:…` or `reflection:<id>:…` (what `enter` opens), else None."""
        item = self.item
        if item is None:
            return None
        if item.kind == "reflection" and item.reflection_id is not None:
            target = f"reflection:{item.reflection_id}"
        elif item.application_id is not None:
            target = f"application:{item.application_id}"
        else:
            return None
        return f"{target}:{item.key[0]}:{item.key[1]}:{item.key[2]}"


def bounce_phrase(days: float, *, short: bool = False) -> str:
    """`bounced back within a day`, `bounced back in 1 day`, `… in 4 days` (`short`: `back
    within a day`, `back in 4 days`, for a narrow pane)."""
    start = "back" if short else "bounced back"
    if days < 1:
        return f"{start} within a day"
    whole = round(days)
    return f"{start} in {whole} day{'s' if whole != 1 else ''}"


def describe(item: TimelineItem) -> tuple[str, str, list[tuple[str, str]]]:
    """An entry's kind (glyph and colour), headline and the rest of its line as (text, role)
    pieces, all user text made visible (control characters shown as symbols)."""
    who = visible(f"{item.company} — {item.role}") if item.company else ""
    text = visible(item.text)
    if item.kind == "applied":
        return "applied", "Applied", [(who, "plain")]
    if item.kind == "moved":
        return "moved", item.stage.capitalize(), [(who, "plain")]
    if item.kind == "no":
        kind = "ghosted" if item.stage == "ghosted" else "no"
        rest = [(who, "plain")]
        if item.bounce_days is not None:
            rest.append((f"  · {bounce_phrase(item.bounce_days)}", "good"))
        return kind, item.stage.capitalize(), rest
    if item.kind == "yes":
        return "yes", item.stage.capitalize(), [(who, "bold")]
    if item.kind == "reflection":
        about = [(who, "plain")] if who else [("on your own", "italic")]
        if text:
            about.append((f"  · next: {text}", "muted"))
        return "reflection", "Reflected", about
    if item.kind == "win":
        return "win", "Win", [(text, "plain")]
    if item.kind == "interview":  # held: its kind, and how it went when noted
        rest = [(who, "plain")]
        if text:
            rest.append((f"  · {text}", "muted"))
        return "interview", item.stage.capitalize(), rest
    return "action", "Done", [(text, "plain")]


def entry_pieces(item: TimelineItem, when: str, width: int) -> list[tuple[str, str]]:
    """An entry as (text, role) pieces no wider than `width` cells in all."""
    kind, headline, rest = describe(item)
    pieces = [(f" {GLYPHS[kind]} ", kind), (f"{when:>{WHEN_WIDTH}}  ", "muted"),
              (f"{headline:<{HEADLINE_WIDTH}} ", kind)]
    room = width - sum(cell_width(text) for text, _ in pieces)
    if len(rest) == 2 and item.kind == "no" and item.bounce_days is not None:
        # The bounce-back note outranks the role; words are dropped before any is cut:
        # company and role, then the company alone, then a shorter note, then a cut.
        (who, role), (note, good) = rest
        company = visible(item.company)
        short = f"  · {bounce_phrase(item.bounce_days, short=True)}"
        for name, said in ((who, note), (company, note), (company, short)):
            if cell_width(name) + cell_width(said) <= room:
                rest = [(name, role), (said, good)]
                break
        else:  # no room for both uncut: the company, cut only when the note still fits
            rest = ([(fit(company, room - cell_width(short)).rstrip(), role), (short, good)]
                    if 8 + cell_width(short) <= room else [(company, role)])
    elif rest and item.company and rest[0][0].startswith(visible(item.company)) \
            and cell_width(rest[0][0]) > room >= cell_width(visible(item.company)):
        rest = [(visible(item.company), rest[0][1]), *rest[1:]]  # the role, not half of it
    for text, role in rest:
        if room <= 0:
            break
        shown = fit(text, room).rstrip() if cell_width(text) > room else text
        pieces.append((shown, role))
        room -= cell_width(shown)
    return pieces


class TimelineView(ScrollView, can_focus=True):
    """The feed. `up`/`down`, `pageup`/`pagedown`, `home`/`end` move the cursor over the
    entries (headings are skipped); `enter` or a double click posts `Chosen`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", id="timeline.up", show=False),
        Binding("down", "cursor(1)", "Down", id="timeline.down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="timeline.page_up", show=False),
        Binding("pagedown", "page(1)", "Page down", id="timeline.page_down", show=False),
        Binding("home", "edge(-1)", "Newest", id="timeline.first", show=False),
        Binding("end", "edge(1)", "Oldest loaded", id="timeline.last", show=False),
        Binding("enter", "choose", "Open", id="timeline.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline-view--cursor", "timeline-view--heading", "timeline-view--muted",
        "timeline-view--good", "timeline-view--bold", "timeline-view--italic",
        "timeline-view--plain", *(f"timeline-view--{kind}" for kind in KINDS),
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """The row under the cursor (always an entry while there is one)."""

    class NeedMore(Message):
        """The cursor or the scroll is near the last loaded entry."""

    class Chosen(Message):
        """`enter` (or a double click) on a row."""

        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, when: Callable[[datetime], str], id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []
        self._when = when
        self._lines: LRUCache[tuple[Any, ...], Strip] = LRUCache(512)
        self._styles: dict[tuple[str, Color, bool], Style] = {}
        self._under = Color(0, 0, 0)
        self._prefetch_timer: Any = None

    # --- contents ---------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row], *, keep_id: str | None = None) -> None:
        """Show `rows`; the cursor stays on the entry `keep_id` when it is still there."""
        self.rows = list(rows)  # lines are remembered by row: rows that moved are not redrawn
        set_virtual_size(self, Size(self.size.width, len(self.rows)))
        ids = [row.id for row in self.rows]
        target = ids.index(keep_id) if keep_id is not None and keep_id in ids else 0
        self.cursor = self._selectable(target, 1)
        self.refresh()

    def add_rows(self, rows: Sequence[Row]) -> None:
        """Append older rows (the next page)."""
        self.rows.extend(rows)
        set_virtual_size(self, Size(self.size.width, len(self.rows)))
        self.refresh()

    def refresh_times(self) -> None:
        """Draw "3 days ago" again against the clock."""
        self._lines.clear()
        self.refresh()

    @property
    def selected(self) -> Row | None:
        """The row under the cursor, if it is an entry."""
        if 0 <= self.cursor < len(self.rows) and self.rows[self.cursor].item is not None:
            return self.rows[self.cursor]
        return None

    def _selectable(self, index: int, direction: int) -> int:
        """The nearest entry from `index` in `direction` (else the other way); 0 if none."""
        rows = self.rows
        index = max(0, min(index, len(rows) - 1))
        for step in (direction, -direction):
            at = index
            while 0 <= at < len(rows):
                if rows[at].item is not None:
                    return at
                at += step
        return 0

    # --- keys and mouse -----------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        top, height = int(self.scroll_y), max(1, self.scrollable_content_region.height)
        if new < top:
            self.scroll_to(y=max(0, new - (1 if new > 0 and self.rows[new - 1].heading
                                            else 0)), animate=False, immediate=True)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False, immediate=True)
        self.refresh_line(old - int(self.scroll_y))
        self.refresh_line(new - int(self.scroll_y))
        if new >= len(self.rows) - 40:
            self.post_message(self.NeedMore())

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value + 2 * self.size.height >= len(self.rows):
            self.post_message(self.NeedMore())

    def action_cursor(self, step: int) -> None:
        if self.rows:
            self.cursor = self._selectable(self.cursor + step, step)

    def action_page(self, direction: int) -> None:
        if not self.rows:
            return
        height = max(1, self.scrollable_content_region.height)
        self.scroll_to(y=max(0, int(self.scroll_y) + direction * height), animate=False,
                       immediate=True)
        self.cursor = self._selectable(self.cursor + direction * height, direction)

    def action_edge(self, direction: int) -> None:
        if self.rows:
            self.cursor = self._selectable(0 if direction < 0 else len(self.rows) - 1,
                                           -direction)

    def action_choose(self) -> None:
        row = self.selected
        if row is not None:
            self.post_message(self.Chosen(row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = int(self.scroll_y) + offset.y
        if 0 <= index < len(self.rows) and self.rows[index].item is not None:
            event.stop()
            self.cursor = index
            if event.chain >= 2:
                self.action_choose()

    # --- drawing ------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()
        self._styles.clear()

    def on_focus(self) -> None:
        self._lines.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._lines.clear()
        self.refresh()

    def on_resize(self) -> None:
        self._lines.clear()
        self.virtual_size = Size(self.size.width, len(self.rows))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._prefetch_timer is None:  # after this frame, draw the next screens ahead
            self._prefetch_timer = self.set_timer(0.02, self._prefetch)
        return self._line(int(self.scroll_y) + y, width)

    def _line(self, index: int, width: int) -> Strip:
        row = self.rows[index] if index < len(self.rows) else index  # past the end: blank
        key = (row, width, index == self.cursor, self.has_focus)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._render_row(index, width)
            self._lines[key] = strip
        return strip

    def _prefetch(self) -> None:
        """Draw the screen above and the screen below into the line cache while the app is
        idle, so a page up or down shows lines already drawn."""
        self._prefetch_timer = None
        width = self.scrollable_content_region.width
        height = self.scrollable_content_region.height
        top = int(self.scroll_y)
        for index in (*range(top + height, min(top + 2 * height, len(self.rows))),
                      *range(max(0, top - height), top)):
            self._line(index, width)

    def _style(self, role: str, under: Color) -> Style:
        key = (role, under, self.has_focus)
        style = self._styles.get(key)
        if style is None:
            style = cell_style(self.get_component_styles(f"timeline-view--{role}"), under)
            self._styles[key] = style
        return style

    def _base(self) -> tuple[Color, Style]:
        """The colour lines are drawn over and the widget's own style (cached)."""
        key = ("base", Color(0, 0, 0), self.has_focus)
        if key not in self._styles:
            self._under = self.background_colors[1]
            self._styles[key] = self.rich_style
        return self._under, self._styles[key]

    def _render_row(self, index: int, width: int) -> Strip:
        under, base = self._base()
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        if row.item is None:
            pieces = [(f" {row.heading}", "heading")]
        else:
            when = self._when(row.item.at) if row.item.dated else "date unknown"
            pieces = entry_pieces(row.item, when, width)
            if index == self.cursor:  # one colour on the cursor bar, for contrast
                base = base + self._style("cursor", under)
                pieces = [(text, "plain") for text, _ in pieces]
        segments = [Segment(fit(text, width) if cell_width(text) > width else text,
                            base + self._style(role, under)) for text, role in pieces]
        return Strip(segments).crop(0, width).adjust_cell_length(width, base).simplify()
