"""The BounceBack dashboard's shell: layout, screens, palette, themes, and the routing of
the panes' messages. Messages go up, method calls go down: a pane never reaches into another
pane; the app hears it and calls the other one (docs/architecture.md).

The shell paints before anything heavy is imported; the store bridge (`store_bridge.py`)
opens the file in workers and runs every database call there. Built by `make_app`, which the
CLI and the tests share.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from .crash import QuietCrashes
from .paths import styles_dir
from .settings import Settings, apply_settings, load_settings, remember_setting
from .store_bridge import DataChanged, StoreBridge, StoreFailed, StoreReady
from .widgets.outline import PanesOutline
from .widgets.pulse import Pulse, PulseHeader

if TYPE_CHECKING:
    from .domain.metrics import Stats
    from .panes.pipeline import PipelinePane
    from .panes.reflection import ReflectionPane
    from .panes.timeline import TimelinePane
    from .screens.application_form import ApplicationForm
    from .screens.offer import OfferScreen
    from .store import Store

NARROW_BELOW = 100
"""Narrower than this, the panes become tabs."""


class BounceBackApp(QuietCrashes, App[None]):
    """The dashboard: the layout and first paint, what the store bridge says, routing
    between panes and screens, the theme, the panes' keys (1 2 3 z), help and quitting."""

    TITLE = "BounceBack"
    AUTO_FOCUS = None
    ESCAPE_TO_MINIMIZE = False
    """`escape` belongs to the focused widget first (it leaves the reflection form, keeping
    the draft); when nothing takes it, it restores a maximised pane (action_restore)."""
    COMMANDS = App.COMMANDS | {lambda: _company_commands()}
    CSS_PATH = [str(styles_dir() / "app.tcss")]
    """The shell's stylesheet. The panes bring styles/panes.tcss and pipeline.tcss when they
    mount, the other panes and the dialogs theirs when first shown, so the first paint waits
    for none."""
    BINDINGS = [
        # Priority (see check_action): the pane is focused before the keys typed right after
        # `1` are dispatched, so `1o` reaches the pipeline's `o`, not the pane left behind.
        Binding("1", "focus_pane('pipeline')", "Pipeline", id="app.pane_pipeline", show=False,
                priority=True),
        Binding("2", "focus_pane('reflection')", "Reflection", id="app.pane_reflection",
                show=False, priority=True),
        Binding("3", "focus_pane('timeline')", "Timeline", id="app.pane_timeline", show=False,
                priority=True),
        Binding("4", "focus_pane('coming')", "Coming up", id="app.coming_up", show=False,
                priority=True),
        Binding("z", "zoom", "Zoom", id="app.zoom", show=False),
        Binding("escape", "restore", "Restore", id="app.restore", show=False),
        Binding("r", "new_reflection", "Reflect", id="app.reflect", show=False),
        Binding("ctrl+e", "save_chart", "Save chart", id="app.save_chart", show=False),
        Binding("question_mark", "help", "Keys", id="app.help"),
        Binding("q", "quit_app", "Quit", id="app.quit"),
    ]

    def __init__(self, db_path: Path, *, settings: Settings | None = None,
                 settings_file: Path | None = None, clock: Callable[[], Any] | None = None
                 ) -> None:
        super().__init__()
        self.db_path = db_path
        self.settings = settings or load_settings(settings_file)
        self._settings_file = settings_file
        self._clock = clock
        self.bridge = StoreBridge(self, db_path, clock=clock)
        """The one way to the database (the panes reach it with `bridge_of`)."""
        self.open_error: str | None = None
        self._today: date | None = None
        self._focus_placed = False
        self._panes_mounting = False
        self._panes_ready = asyncio.Event()

    @property
    def store(self) -> Store | None:
        """The open Store (None until it opens)."""
        return self.bridge.store

    def compose(self) -> ComposeResult:
        yield PulseHeader(id="pulse", add_key=self.settings.keys.get("pipeline.add", "a"))
        yield Static("", id="tabs", markup=False)
        # The first frame: the panes' outline, one light widget (`mount_panes` replaces it)
        yield PanesOutline(id="panes-outline")

    async def mount_panes(self) -> None:
        """Put the live panes in the outline's place (once; a second caller waits for the
        first). One batch: no frame shows neither."""
        if self._panes_mounting:
            await self._panes_ready.wait()
            return
        self._panes_mounting = True
        from .panes.base import load_css
        from .panes.deck import PaneDeck

        load_css(self, "panes.tcss", "pipeline.tcss")  # the panes' and the table's styles
        deck = PaneDeck.build(quiet_days=self.settings.quiet_days, clock=self._clock,
                              ghost_days=self.settings.ghost_days, gentle=self.settings.gentle)
        with self.batch_update():
            await self.query_one("#panes-outline").remove()
            await self.mount(deck, after="#tabs")
        self._panes_ready.set()

    @property
    def pipeline_pane(self) -> PipelinePane:
        """The Pipeline pane (mounted right after the first paint)."""
        return self.query_one("#pipeline")  # type: ignore[return-value]

    @property
    def reflection_pane(self) -> ReflectionPane:
        """The Reflection pane (mounted right after the first paint)."""
        return self.query_one("#reflection")  # type: ignore[return-value]

    @property
    def timeline_pane(self) -> TimelinePane:
        """The Timeline pane (mounted right after the first paint)."""
        return self.query_one("#timeline")  # type: ignore[return-value]

    def on_mount(self) -> None:
        apply_settings(self, self.settings)  # theme, key overrides, problems in config.toml
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._apply_width(self.size.width)
        self._show_date()
        # Focus comes right after the first paint (focusing restyles the panes); a key that
        # arrives before then places it first (on_event).
        # Paint first: importing SQLAlchemy in a worker would hold the GIL during the paint.
        self.call_after_refresh(self._after_first_paint)
        self.set_interval(60, self._minute_tick)

    def on_resize(self, event: Any) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.screen.set_class(width < NARROW_BELOW, "-narrow")
        self._show_tabs()

    def _show_tabs(self) -> None:
        from .panes.deck import tab_line

        decks = self.query("#panes")
        self.query_one("#tabs", Static).update(
            tab_line(decks.first().active if decks else "pipeline"))  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from .panes.deck import digits_switch_panes

        return action != "focus_pane" or digits_switch_panes(self)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not self._focus_placed:
            await self.mount_panes()  # a key before the first paint waits for the panes
            self._place_first_focus()
        await super().on_event(event)

    def _place_first_focus(self) -> None:
        self._focus_placed = True
        if self.focused is None and self.screen is self.screen_stack[0] and self.panes_here():
            self.pipeline_pane.focus_first()

    async def _after_first_paint(self) -> None:
        if self.is_running:  # not when the dashboard closes before it was ever shown
            await self.mount_panes()
        if not self.panes_here():  # then no reader to open, no focus to place
            return
        if not self._focus_placed:
            self._place_first_focus()
        self.bridge.open_reader()
        self.mount(Footer())
        self.run_worker(self.pipeline_pane.prepare_filter(), group="filter")
        self.call_after_refresh(self.screen.refresh_bindings)  # the Footer lists them then

    def on_store_failed(self, event: StoreFailed) -> None:
        self.open_error = event.message
        self.exit(return_code=1)

    def panes_here(self) -> bool:
        """False while the dashboard closes: its widgets go before its last messages."""
        return self.is_running and bool(self.default_screen.query_children("#panes"))

    def on_store_ready(self, event: StoreReady) -> None:
        if self.panes_here():
            self.reflection_pane.reload()
            self.reflection_pane.welcome_back()
            self.timeline_pane.reload()  # the header's pulse comes from the same read

    def on_data_changed(self, event: DataChanged) -> None:
        """The file changed: the timeline and header re-read; a change made elsewhere, the
        journal (if it moved) and the table's rows on screen too: one worker, one frame."""
        if not self.panes_here():  # a late change while the dashboard closes
            return
        with self.bridge.together():
            if event.outside:
                self.reflection_pane.reload_if_changed()  # a cheap look first
            self.timeline_pane.reload_after_change()
            if event.outside:
                self.pipeline_pane.table.refresh_rows(run=self.bridge.run_read)

    def on_timeline_pane_pulse_read(self, event: TimelinePane.PulseRead) -> None:
        """A story read after a change brought the header's numbers."""
        for header in self.query(PulseHeader):
            header.show(pulse=Pulse.from_facts(event.facts, gentle=self.settings.gentle,
                                               now=self.bridge.now()))

    def on_timeline_pane_stats_read(self, event: TimelinePane.StatsRead) -> None:
        """The chart read every metric: the pulse shows them (one computation for both)."""
        self.refresh_pulse(event.stats, event.now)

    def refresh_pulse(self, stats: Stats | None = None, now: Any = None) -> None:
        """The header reads its numbers again (given, or every metric read here)."""
        for header in self.query(PulseHeader):
            header.read_pulse(gentle=self.settings.gentle, stats=stats, now=now)

    def _show_date(self) -> None:
        today = self.bridge.local_now()
        self._today = today.date()
        for header in self.query(PulseHeader):  # none while the screen closes (a late worker)
            header.show(date_text=today.strftime("%a %-d %b %Y"))

    def _minute_tick(self) -> None:
        """Relative times move on; at midnight, "today" rolls over."""
        if not self.panes_here():
            return
        rolled = self._today is not None and self.bridge.local_today() != self._today
        self.pipeline_pane.table.refresh_times()
        self.timeline_pane.refresh_times()
        if rolled:
            self.timeline_pane.reload()  # today's square in the chart, and the pulse
        else:
            self._show_date()

    def on_pipeline_pane_closed(self, event: PipelinePane.Closed) -> None:
        """A no: reflect on it now (there), keep it for later, or not: the person's choice."""
        if event.reflect == "now":
            self.action_focus_pane("reflection")
        self.reflection_pane.after_no(event.record, event.stage, event.reflect)

    def on_application_form_company_changed(self, event: ApplicationForm.CompanyChanged) -> None:
        """Company memory while typing: the pipeline recalls the company's earlier no's."""
        if self.panes_here():
            self.pipeline_pane.recall_company(event.form, event.company)

    def on_timeline_pane_open_application(self, event: TimelinePane.OpenApplication) -> None:
        """`enter` on a timeline entry: that application, in the pipeline (`r`: a reflection)."""
        self.action_focus_pane("pipeline")
        self.pipeline_pane.show_application(event.application_id, reflect=event.reflect)

    def on_timeline_pane_open_reflection(self, event: TimelinePane.OpenReflection) -> None:
        """`enter` on a saved reflection in the timeline: open it."""
        self.action_focus_pane("reflection")
        self.reflection_pane.open_reflection(event.reflection_id)

    def on_offer_screen_save_story(self, event: OfferScreen.SaveStory) -> None:
        """`s` in the offer moment: the story of that run (the lines kept), in exports/."""
        from .palette import save_file

        save_file(self, event.write, "Story saved to")

    def _remember_theme(self, theme: Any) -> None:
        self.settings = self.settings.with_theme(theme.name)
        self.remember("the theme", "theme", theme.name)

    def remember(self, what: str, name: str, value: Any) -> None:
        """Write one setting to config.toml (keeping the rest); say so if it cannot be."""
        try:
            remember_setting(name, value, self._settings_file)
        except OSError as exc:
            self.notify(f"Could not remember {what}: {exc.strerror or exc}",
                        severity="warning", markup=False)

    def action_save_chart(self) -> None:
        """ctrl+e: save the streak chart."""
        self.timeline_pane.action_save_chart()

    def action_focus_pane(self, pane_id: str) -> None:
        """Focus a pane (1, 2, 3); in a narrow terminal, show it as the current tab."""
        from .panes.deck import PaneDeck

        self.query_one(PaneDeck).show(pane_id)
        self._show_tabs()

    def action_zoom(self) -> None:
        """Maximise the focused pane, or restore the layout."""
        from .panes.deck import PaneDeck

        self.query_one(PaneDeck).zoom(self.focused)

    def action_restore(self) -> None:
        """Restore the layout when a pane is maximised."""
        if self.screen.maximized is not None:
            self.screen.minimize()

    def action_new_reflection(self) -> None:
        """Start a free-standing reflection."""
        from .palette import in_reflection_pane

        in_reflection_pane(self, "action_new")

    def action_help(self) -> None:
        """Keys and help."""
        from .palette import show_keys

        show_keys(self)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from .palette import dashboard_commands

        yield from dashboard_commands(self)
        yield from super().get_system_commands(screen)

    def action_quit_app(self) -> None:
        """Quit; ask first only if a form holds text that was not saved (palette.quit_asking)."""
        from .palette import quit_asking

        quit_asking(self)

    action_quit = action_quit_app  # Textual's own quit (ctrl+q): the same as q

    def on_unmount(self) -> None:
        self.bridge.close()


def _company_commands() -> type:
    from .palette import CompanyCommands

    return CompanyCommands


def make_app(db_path: Path, *, settings: Settings | None = None,
             settings_file: Path | None = None, clock: Callable[[], Any] | None = None
             ) -> BounceBackApp:
    """The one factory for the dashboard, shared by the CLI and the tests."""
    return BounceBackApp(db_path, settings=settings, settings_file=settings_file, clock=clock)
