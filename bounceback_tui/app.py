"""The BounceBack dashboard: three panes over the store, keys first.

The shell paints before anything heavy is imported; the store opens in a thread worker and
every database call after that runs in a worker too (`run_store`). Built by `make_app`, which
the CLI and the tests share.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer, Static

from .display import visible
from .paths import styles_dir
from .settings import Settings, load_settings, save_settings
from .widgets.outline import PanesOutline
from .widgets.pulse import Pulse, PulseHeader

if TYPE_CHECKING:
    from .metrics import Stats
    from .store import Store
    from .store.pipeline_query import PipelineReader
    from .store.records import ApplicationRecord
    from .widgets.pipeline_pane import PipelinePane
    from .widgets.reflection_pane import ReflectionPane
    from .widgets.timeline_pane import TimelinePane

NARROW_BELOW = 100
"""Narrower than this, the panes become tabs."""
POLL_SECONDS = 1.0
"""How often to look for changes made by another window or a CLI command."""

PANES = ("pipeline", "reflection", "timeline")


class BounceBackApp(App[None]):
    """The dashboard."""

    TITLE = "BounceBack"
    AUTO_FOCUS = None
    ESCAPE_TO_MINIMIZE = False
    """`escape` belongs to the focused widget first (it leaves the reflection form, keeping
    the draft); when nothing takes it, it restores a maximised pane (action_restore)."""
    """on_mount focuses the table itself; focusing twice would restyle twice."""
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
        Binding("z", "zoom", "Zoom", id="app.zoom", show=False),
        Binding("escape", "restore", "Restore", id="app.restore", show=False),
        Binding("r", "new_reflection", "Reflect", id="app.reflect", show=False),
        Binding("ctrl+e", "save_chart", "Save chart", id="app.save_chart", show=False),
        Binding("question_mark", "help", "Keys", id="app.help"),
        Binding("q", "quit_app", "Quit", id="app.quit"),
    ]

    def __init__(
        self,
        db_path: Path,
        *,
        settings: Settings | None = None,
        settings_file: Path | None = None,
        clock: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.settings = settings or load_settings(settings_file)
        self._settings_file = settings_file
        self._clock = clock
        self.store: Store | None = None
        self.open_error: str | None = None
        self._data_version: int | None = None
        self._today: date | None = None
        self._crash: BaseException | None = None
        self._opened = threading.Event()
        self._store_opening = False
        self._focus_placed = False
        self.reader: PipelineReader | None = None
        self._reader_ready = threading.Event()
        self.crash_message: str | None = None
        self._panes_mounting = False
        self._panes_ready = asyncio.Event()

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield PulseHeader(id="pulse")
        yield Static("", id="tabs", markup=False)
        # The first frame draws the panes' borders and titles with one light widget; the live
        # panes (their modules, widgets and styles) replace it right after (`mount_panes`).
        # The Footer comes then too: its keys restyle several times while mounting.
        yield PanesOutline(id="panes-outline")

    async def mount_panes(self) -> None:
        """Put the live panes in the outline's place (once; a second caller waits for the
        first). One batch: no frame shows neither."""
        if self._panes_mounting:
            await self._panes_ready.wait()
            return
        self._panes_mounting = True
        from .widgets.pane import load_css
        from .widgets.pipeline_pane import PipelinePane
        from .widgets.reflection_pane import ReflectionPane
        from .widgets.timeline_pane import TimelinePane

        load_css(self, "panes.tcss", "pipeline.tcss")  # the panes' and the table's styles
        pipeline = PipelinePane(quiet_days=self.settings.quiet_days,
                                ghost_days=self.settings.ghost_days, clock=self._clock)
        pipeline.add_class("-active")  # before the first styling, not after (a restyle)
        panes = Container(pipeline, ReflectionPane(), TimelinePane(), id="panes")
        with self.batch_update():
            await self.query_one("#panes-outline").remove()
            await self.mount(panes, after="#tabs")
        self._panes_ready.set()

    @property
    def pipeline_pane(self) -> PipelinePane:
        """The Pipeline pane (mounted right after the first paint)."""
        from .widgets.pipeline_pane import PipelinePane

        return self.query_one("#pipeline", PipelinePane)

    @property
    def reflection_pane(self) -> ReflectionPane:
        """The Reflection pane (mounted right after the first paint)."""
        from .widgets.reflection_pane import ReflectionPane

        return self.query_one("#reflection", ReflectionPane)

    @property
    def timeline_pane(self) -> TimelinePane:
        """The Timeline pane (mounted right after the first paint)."""
        from .widgets.timeline_pane import TimelinePane

        return self.query_one("#timeline", TimelinePane)

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
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
        narrow = width < NARROW_BELOW
        self.screen.set_class(narrow, "-narrow")
        self._show_tabs()

    def _show_tabs(self) -> None:
        from rich.text import Text

        tabs = Text()
        active = self._active_pane_id()
        for number, pane in enumerate(PANES, start=1):
            style = "reverse bold" if pane == active else "dim"
            tabs.append(f" {number} {pane.title()} ", style=style)
            tabs.append(" ")
        self.query_one("#tabs", Static).update(tabs)

    def _active_pane_id(self) -> str:
        for pane in self.query(".pane"):
            if pane.has_class("-active"):
                return pane.id or "pipeline"
        return "pipeline"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_pane":
            # Digits are typing in a text field (escape leaves it first), and belong to a
            # dialog while one is open.
            focused = self.focused
            in_text = focused is not None and any(
                cls.__name__ in ("Input", "TextArea") for cls in type(focused).__mro__)
            return not in_text and self.screen is self.screen_stack[0]
        return True

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not self._focus_placed:
            await self.mount_panes()  # a key before the first paint waits for the panes
            self._place_first_focus()
        await super().on_event(event)

    def _place_first_focus(self) -> None:
        self._focus_placed = True
        if self.focused is None and self.screen is self.screen_stack[0]:
            self.pipeline_pane.focus_first()

    async def _after_first_paint(self) -> None:
        await self.mount_panes()
        if not self._focus_placed:
            self._place_first_focus()
        self._open_reader()
        self.mount(Footer())
        self.run_worker(self.pipeline_pane.prepare_filter(), group="filter")
        self.call_after_refresh(self.screen.refresh_bindings)  # the Footer lists them then

    # --- the store -----------------------------------------------------------------------
    #
    # Start-up in three steps, each after the one before has shown something:
    # 1. first paint: the header and the panes' outline (no pane or database module
    #    imported yet); the live panes and the table take the outline's place right after;
    # 2. a plain sqlite3 reader gives the table its first rows (no SQLAlchemy yet);
    # 3. the Store (SQLAlchemy; migrations when due) opens for everything else.
    # A new file, or one that must be migrated, skips step 2: the Store opens first, then
    # the reader.

    @work(thread=True, group="open-reader")
    def _open_reader(self) -> None:
        from .store.pipeline_query import PipelineReader

        reader = PipelineReader.open(self.db_path)
        if reader is None:
            self._open_store_now()
            return
        self.reader = reader
        self._reader_ready.set()

    def _open_store_soon(self) -> None:
        """Step 3, once the first rows are on screen (or could not be read)."""
        if not self._store_opening:
            self._store_opening = True
            self._open_store()

    @work(thread=True, group="open-store")
    def _open_store(self) -> None:
        self._open_store_now()

    def _open_store_now(self) -> None:
        """Open the Store (in a worker thread); then the reader, if there is none yet."""
        from .store import Store, StoreError

        self._store_opening = True
        try:
            store = Store.open(self.db_path)
        except StoreError as exc:
            self._opened.set()
            self._reader_ready.set()
            self.call_from_thread(self._store_failed, str(exc))
            return
        if self.reader is None:
            from .store.pipeline_query import PipelineReader

            self.reader = PipelineReader.connect(
                self.db_path, read_only=store.database.read_only is not None,
                wal_pages=store.database.wal_pages)
            self._reader_ready.set()
        version = store.data_version()
        self.store = store
        self._opened.set()  # work asked for while opening runs now, in order
        self.call_from_thread(self._store_ready, store, version)

    def wait_for_store(self, timeout: float = 60.0) -> Store | None:
        """The store, waiting (in a worker thread) while it opens; None if it could not."""
        if not self._store_opening:
            self.call_from_thread(self._open_store_soon)  # asked for before the first rows
        self._opened.wait(timeout)
        return self.store

    def wait_for_reader(self, timeout: float = 60.0) -> PipelineReader | None:
        """The pipeline reader, waiting (in a worker thread) while it opens."""
        self._reader_ready.wait(timeout)
        return self.reader

    def _store_failed(self, message: str) -> None:
        self.open_error = message
        self.exit(return_code=1)

    def _store_ready(self, store: Store, version: int) -> None:
        self.store = store
        self._data_version = version
        self.set_interval(POLL_SECONDS, self._poll)
        self.reflection_pane.reload()
        self.timeline_pane.reload()  # the header's pulse comes from the same read
        self._offer_drafts(store)
        if store.database.read_only is not None:
            reason, fix = store.database.read_only
            self.notify(f"{visible(reason)}: you can look, not change anything. To make "
                        f"changes, {visible(fix)}.", title="Read-only", severity="warning",
                        timeout=30, markup=False)

    def _offer_drafts(self, store: Store) -> None:
        """After a crash or a closed terminal: say that an unfinished reflection is kept."""

        def drafts(store: Store) -> int:
            return len(store.list_reflections(status="draft"))

        def offer(count: int) -> None:
            if count:
                noun = "reflection is" if count == 1 else "reflections are"
                self.notify(f"Your unfinished {noun} kept. Press 2 and enter to resume "
                            "(or ctrl+p, Resume).", title="Welcome back", timeout=10,
                            markup=False)

        self.run_store(drafts, done=offer, changes=False)

    def on_pipeline_table_load_failed(self) -> None:
        self._open_store_soon()

    def on_pipeline_table_loaded(self) -> None:
        """The first rows are on screen: now the Store, then the header's numbers."""
        self._open_store_soon()

    def run_store(self, call: Callable[[Store], Any], *,
                  done: Callable[[Any], None] | None = None,
                  failed: Callable[[], None] | None = None, changes: bool = True) -> None:
        """Run `call(store)` in a thread worker; `done(result)` back on the UI thread.
        A refusal from the store becomes a one-line notification (then `failed()`).
        `changes=False` for a read: the header's numbers are not recomputed after it."""
        self._store_call(call, done, failed, changes)

    @work(thread=True, group="store")
    def _store_call(self, call: Callable[[Store], Any], done: Callable[[Any], None] | None,
                    failed: Callable[[], None] | None, changes: bool) -> None:
        from .store import StoreError

        store = self.wait_for_store()  # a form saved while the file opens is not lost
        if store is None:
            return
        try:
            result = call(store)
        except StoreError as exc:
            self.call_from_thread(self.notify, visible(str(exc)), severity="error",
                                  markup=False)
            if failed is not None:
                self.call_from_thread(failed)
            return
        if changes:
            self._data_version = store.data_version()  # our own change: no second reload
        self.call_from_thread(self._after_change, result, done, changes)

    async def _after_change(self, result: Any, done: Callable[[Any], Any] | None,
                            changes: bool = True) -> None:
        if done is not None:
            outcome = done(result)
            if inspect.isawaitable(outcome):
                await outcome
        if changes:
            self.timeline_pane.reload_after_change()  # and the pulse; the chart if shown

    @work(thread=True, exclusive=True, group="poll")
    def _poll(self) -> None:
        store = self.store
        if store is None:
            return
        version = store.data_version()
        if version != self._data_version:
            self._data_version = version
            self.call_from_thread(self.data_changed)
        from .store import StoreError

        try:  # words deleted while another process was reading: scrub once it lets go
            store.scrub_if_due()
        except StoreError:
            pass

    def data_changed(self) -> None:
        """Something changed the file (another window, or the CLI): show it, re-reading only
        what it can have changed. The polls coalesce a burst (one refresh a second at most),
        and each part below runs one read at a time."""
        self.pipeline_pane.table.refresh_rows()  # the rows on screen; never scrolls
        self.reflection_pane.reload_if_changed()  # a cheap look first
        self.timeline_pane.reload_after_change()  # and the pulse; the chart if shown

    def on_timeline_pane_pulse_read(self, event: TimelinePane.PulseRead) -> None:
        """A story read after a change brought the header's numbers."""
        facts = event.facts
        self._show_date(Pulse(follow_ups_due=facts.follow_ups_due,
                              current_run=facts.current_run, has_yes=facts.has_yes,
                              streak=facts.streak, gentle=self.settings.gentle))

    def on_timeline_pane_stats_read(self, event: TimelinePane.StatsRead) -> None:
        """The timeline's chart read every metric: the pulse shows them (one `stats`
        computation per change for both)."""
        self._refresh_pulse(event.stats, event.now)

    @work(thread=True, exclusive=True, group="pulse")
    def _refresh_pulse(self, stats: Stats | None = None, now: Any = None) -> None:
        """The header's pulse: from `stats` when the chart's read brought them, otherwise
        from `Store.pulse_facts` (the same numbers, without computing every metric)."""
        store = self.store
        if store is None:
            return
        now = now if now is not None else self._now()
        if stats is None:
            facts = store.pulse_facts(now=now)
            pulse = Pulse(follow_ups_due=facts.follow_ups_due, current_run=facts.current_run,
                          has_yes=facts.has_yes, streak=facts.streak,
                          gentle=self.settings.gentle)
        else:
            pulse = Pulse(follow_ups_due=store.follow_ups_due(now.date()),
                          current_run=stats.runs.current, has_yes=bool(stats.runs.completed),
                          streak=stats.activity.current, gentle=self.settings.gentle)
        self.call_from_thread(self._show_date, pulse)

    def _now(self) -> Any:
        if self._clock is not None:
            return self._clock()
        import pendulum

        return pendulum.now()

    def _local_now(self) -> Any:
        """Now, for the header's date: the standard library's clock, so the first paint
        does not wait for pendulum to import."""
        if self._clock is not None:
            return self._clock()
        from datetime import datetime

        return datetime.now().astimezone()

    def _show_date(self, pulse: Pulse | None = None) -> None:
        today = self._local_now()
        self._today = today.date()
        headers = self.query(PulseHeader)  # none while the screen closes (a late worker)
        if headers:
            headers.first().show(date_text=today.strftime("%a %-d %b %Y"), pulse=pulse)

    def _minute_tick(self) -> None:
        """Relative times move on; at midnight, "today" rolls over."""
        rolled = self._today is not None and self._local_now().date() != self._today
        self.pipeline_pane.table.refresh_times()
        self.timeline_pane.refresh_times()
        if rolled:
            self.timeline_pane.reload()  # today's square in the chart, and the pulse
        else:
            self._show_date()

    # --- application actions (called by the pipeline pane and the palette) ---------------

    def _pipeline_reload(self, keep_id: int | None = None) -> None:
        self.pipeline_pane.table.reload(keep_id=keep_id)

    def add_application(self) -> None:
        """Ask for a new application, save it, and recall the company's earlier no's."""
        from .screens.application_form import ApplicationForm

        def saved(result: Any) -> None:
            if result is None:
                return

            def add(store: Store) -> Any:
                record = store.add_application(
                    result.company, result.role, applied_at=result.applied_at,
                    source=result.source, location=result.location, url=result.url,
                    notes=result.notes)
                return record, store.company_history(record.company, exclude_id=record.id)

            self.run_store(add, done=self._added)

        self.push_screen(ApplicationForm(clock=self._clock), saved)

    def _added(self, result: Any) -> None:
        record, past = result
        self._pipeline_reload(keep_id=record.id)
        self.notify(f"Added {visible(record.company)} — {visible(record.role)}.", markup=False)
        if past:
            self.notify(company_memory(record.company, past), title="You have been here before",
                        markup=False, timeout=12)

    def move_application(self, record: ApplicationRecord, stage: str, *, ask: bool) -> None:
        """Record a stage move; for outcomes, ask for a note and a date first."""

        def move(note: str = "", at: Any = None) -> None:
            self.run_store(lambda store: store.move(record.id, stage, at=at, note=note),
                           done=lambda _event: self._moved(record, stage))

        if not ask:
            move()
            return
        from .screens.move_dialog import MoveDialog

        def answered(result: Any) -> None:
            if result is not None:
                move(result.note, result.at)

        self.push_screen(MoveDialog(record, stage, clock=self._clock), answered)

    def _moved(self, record: ApplicationRecord, stage: str) -> None:
        self._pipeline_reload(keep_id=record.id)
        self.notify(f"{visible(record.company)}: {record.stage} → {stage}.  u undoes it.",
                    markup=False)
        if stage in ("rejected", "ghosted"):
            self.action_focus_pane("reflection")
            self.reflection_pane.about(record, stage)
        elif stage == "offer":
            self.run_store(lambda store: store.offer_story(record.id), done=self._celebrate,
                           changes=False)

    def _celebrate(self, story: Any) -> None:
        """The offer moment (PRODUCT.md: every no a step toward a yes)."""
        if story is None:
            return
        from .screens.offer import OfferScreen

        self.push_screen(OfferScreen(story, gentle=self.settings.gentle))

    def save_story(self, application_id: int) -> None:
        """Write the "from no to next" story of the run that ended at this offer."""

        def write(store: Store) -> tuple[Path | None, str | None]:
            import pendulum

            from .private_files import ensure_private_dir, write_private_text
            from .store.interchange import export_story_markdown

            text = export_story_markdown(store, application_id)  # NoStory: a notice
            folder = store.path.parent / "exports"
            try:
                ensure_private_dir(folder)
                target = folder / f"story-{pendulum.now().format('YYYYMMDD-HHmmss')}.md"
                write_private_text(target, text, replace=False)
            except OSError as exc:
                return None, f"Could not write the story: {exc.strerror or exc}"
            return target, None

        self.run_store(write, done=self._wrote("Story saved to"), changes=False)

    def save_chart(self) -> None:
        """Write the streak chart as an SVG beside the database (0600) and say where."""
        pane = self.timeline_pane
        if pane.chart is None:
            self.notify("The chart is still being drawn; try again in a moment.")
            return
        if pane.chart_stale:  # changes came while it was hidden: draw it afresh first
            pane.reload(then=self.save_chart)
            return
        svg = pane.chart_svg()

        def write(store: Store) -> tuple[Path | None, str | None]:
            import pendulum

            from .private_files import write_private_text

            target = (store.path.parent
                      / f"bounceback-chart-{pendulum.now().format('YYYYMMDD-HHmmss')}.svg")
            try:
                write_private_text(target, svg, replace=False)
            except OSError as exc:
                return None, f"Could not save the chart: {exc.strerror or exc}"
            return target, None

        self.run_store(write, done=self._wrote("Chart saved to"), changes=False)

    def _wrote(self, what: str) -> Callable[[tuple[Path | None, str | None]], None]:
        def say(result: tuple[Path | None, str | None]) -> None:
            path, problem = result
            if problem is not None:
                self.notify(visible(problem), severity="error", markup=False)
            else:
                self.notify(f"{what} {visible(str(path))}", markup=False, timeout=8)

        return say

    def on_timeline_pane_open_application(self, event: TimelinePane.OpenApplication) -> None:
        """`enter` on a timeline entry: that application, in the pipeline."""
        self.action_focus_pane("pipeline")
        self.pipeline_pane.show_application(event.application_id)

    def on_timeline_pane_open_reflection(self, event: TimelinePane.OpenReflection) -> None:
        """`enter` on a saved reflection in the timeline: open it."""
        self.action_focus_pane("reflection")
        self.reflection_pane.open_reflection(event.reflection_id)

    def toggle_gentle(self) -> None:
        """Gentle mode: no rejection counts anywhere; effort and progress first."""
        from dataclasses import replace

        self.settings = replace(self.settings, gentle=not self.settings.gentle)
        try:
            save_settings(self.settings, self._settings_file)
        except OSError as exc:
            self.notify(f"Could not remember gentle mode: {exc.strerror or exc}",
                        severity="warning", markup=False)
        self.timeline_pane.set_gentle(self.settings.gentle)
        self._refresh_pulse()
        self.notify("Gentle mode on: counts of no's are hidden; your effort comes first."
                    if self.settings.gentle else "Gentle mode off.")

    def set_follow_up(self, record: ApplicationRecord) -> None:
        """Ask for a follow-up day (or none) and save it."""
        from .screens.date_dialog import FollowUpDialog

        def answered(result: Any) -> None:
            if result is None:
                return
            self.run_store(
                lambda store: store.edit_application(record.id, follow_up_on=result.day),
                done=lambda _r: self._pipeline_reload(keep_id=record.id))

        self.push_screen(FollowUpDialog(record, clock=self._clock), answered)

    def delete_application(self, record: ApplicationRecord) -> None:
        """Delete after confirmation."""
        from .screens.confirm import ConfirmDialog

        label = f"{record.company} — {record.role}"

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_store(lambda store: store.delete_application(record.id),
                               done=lambda _r: self._deleted(label))

        self.push_screen(ConfirmDialog(f"Delete {label} and its history?"), answered)

    def _deleted(self, label: str) -> None:
        self._pipeline_reload()
        self.notify(f"Deleted {visible(label)}.  u brings it back until you quit.",
                    markup=False)

    def undo(self) -> None:
        """Take back the last change to an application."""

        def undone(result: Any) -> None:
            if result is None:
                self.notify("Nothing to undo.")
                return
            self._pipeline_reload(keep_id=result.application_id)
            self.notify(f"Undid: {visible(result.summary)}", markup=False)

        self.run_store(lambda store: store.undo(), done=undone)

    def open_detail(self, record: ApplicationRecord) -> None:
        """Show an application with its full history."""
        from .screens.detail import ApplicationDetailScreen

        def show(detail: Any) -> None:
            screen = ApplicationDetailScreen(
                detail, clock=self._clock,
                on_edit=lambda application_id: self.edit_application(application_id, screen))
            self.push_screen(screen)

        self.run_store(lambda store: store.get_application(record.id), done=show)

    def on_application_form_company_changed(self, event: Any) -> None:
        """Company memory while typing: recall the company's earlier no's in the form."""
        form, company = event.form, event.company
        if not company:
            form.set_notice("")
            return

        def recalled(past: Any) -> None:
            form.set_notice(company_memory(company, past) if past else "")

        self._recall(company, recalled)

    @work(thread=True, exclusive=True, group="recall")
    def _recall(self, company: str, done: Callable[[Any], None]) -> None:
        store = self.store
        if store is not None:
            self.call_from_thread(done, store.company_history(company))

    def edit_application(self, application_id: int, screen: Any = None) -> None:
        """Edit an application's fields (from its detail screen)."""
        from .screens.application_form import ApplicationForm

        def loaded(detail: Any) -> None:
            def saved(result: Any) -> None:
                if result is None or not result.changes:
                    return
                self.run_store(
                    lambda store: (store.edit_application(application_id, **result.changes),
                                   store.get_application(application_id))[1],
                    done=lambda new: self._edited(new, screen))

            self.push_screen(ApplicationForm(application=detail.application, clock=self._clock),
                             saved)

        self.run_store(lambda store: store.get_application(application_id), done=loaded)

    def _edited(self, detail: Any, screen: Any) -> None:
        self._pipeline_reload(keep_id=detail.application.id)
        if screen is not None and hasattr(screen, "update_detail"):
            screen.update_detail(detail)
        self.notify(f"Saved {visible(detail.application.company)}.", markup=False)

    # --- panes, help, palette, quit ------------------------------------------------------

    def action_focus_pane(self, pane_id: str) -> None:
        """Focus a pane (1, 2, 3); in a narrow terminal, show it as the current tab."""
        from .widgets.pane import Pane

        for pane in self.query(Pane):
            pane.set_class(pane.id == pane_id, "-active")
        target = self.query_one(f"#{pane_id}", Pane)
        if self.screen.maximized not in (None, target):
            self.screen.minimize()  # another pane was zoomed: show the one asked for
        # In a narrow terminal the pane was hidden until now: apply its style at once so it
        # can take focus (and the keys typed right after) before the next refresh.
        self.update_styles(target, animate=False)
        target.focus_first()
        self._show_tabs()

    def action_zoom(self) -> None:
        """Maximise the focused pane, or restore the layout."""
        if self.screen.maximized is not None:
            self.screen.minimize()
            return
        from .widgets.pane import Pane

        focused = self.focused
        pane = next((p for p in focused.ancestors_with_self if isinstance(p, Pane)), None) \
            if focused else None
        if pane is not None:
            self.screen.maximize(pane, container=False)

    def action_restore(self) -> None:
        """Restore the layout when a pane is maximised."""
        if self.screen.maximized is not None:
            self.screen.minimize()

    def action_new_reflection(self) -> None:
        """Start a free-standing reflection."""
        self.action_focus_pane("reflection")
        self.reflection_pane.action_new()

    def resume_draft(self) -> None:
        """Open the most recent unfinished reflection."""
        pane = self.reflection_pane
        drafts = [r for r, _ in (pane.journal.reflections if pane.journal else ())
                  if r.status == "draft"]
        self.action_focus_pane("reflection")
        if drafts:
            pane.open_reflection(drafts[0].id)
        else:
            self.notify("No unfinished reflection.", markup=False)

    def _palette_add_win(self) -> None:
        self.action_focus_pane("reflection")
        self.reflection_pane.action_add_win()

    def _palette_add_action(self) -> None:
        self.action_focus_pane("reflection")
        self.reflection_pane.action_add_action()

    def now(self) -> Any:
        """Now (the injected clock in tests), as a pendulum DateTime."""
        return self._now()

    def local_today(self) -> date:
        """Today's local day."""
        return self._local_now().date()

    def action_save_chart(self) -> None:
        """ctrl+e: save the streak chart."""
        self.save_chart()

    def action_help(self) -> None:
        """Keys and help."""
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen(self.key_help()))

    def key_help(self) -> list[tuple[str, str, str]]:
        """(section, key, description) for every binding of the dashboard."""
        from .widgets.pipeline_pane import PipelinePane
        from .widgets.pipeline_table import PipelineTable
        from .widgets.reflection_form import ReflectionForm
        from .widgets.reflection_pane import ReflectionPane

        rows: list[tuple[str, str, str]] = []
        for section, bindings in (("Everywhere", self.BINDINGS),
                                  ("Pipeline", PipelinePane.BINDINGS),
                                  ("Pipeline table", PipelineTable.BINDINGS),
                                  ("Reflection pane", ReflectionPane.BINDINGS),
                                  ("Reflection form", ReflectionForm.BINDINGS)):
            for binding in bindings:
                if isinstance(binding, Binding) and binding.description:
                    rows.append((section, self.get_key_display(binding), binding.description))
        rows.append(("Everywhere", "ctrl+p", "Commands"))
        return rows

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Add application", "Log a new application", self.add_application)
        yield SystemCommand("Jump to a company", "Filter the pipeline to one company",
                            self._jump_prompt)
        yield SystemCommand("New reflection", "Reflect on a no, or on anything",
                            self.action_new_reflection)
        yield SystemCommand("Resume a reflection", "Open your latest unfinished reflection",
                            self.resume_draft)
        yield SystemCommand("Add a win", "Log something that went well",
                            self._palette_add_win)
        yield SystemCommand("Add a growth action", "One concrete thing to do, with a day",
                            self._palette_add_action)
        yield SystemCommand("Reflections, actions and wins", "The journal in the Reflection pane",
                            lambda: self.action_focus_pane("reflection"))
        yield SystemCommand("Timeline and streak chart", "Your hunt as a story (v: chart)",
                            lambda: self.action_focus_pane("timeline"))
        yield SystemCommand("Save the chart", "The streak chart as an SVG beside the database",
                            self.save_chart)
        yield SystemCommand(
            "Gentle mode: " + ("turn off" if self.settings.gentle else "turn on"),
            "For hard weeks: hide counts of no's, lead with effort and progress",
            self.toggle_gentle)
        yield SystemCommand("Switch theme", "Change the colours (remembered)",
                            self.action_change_theme)
        yield SystemCommand("Back up now", "A verified copy in backups/ beside the database",
                            self.back_up)
        yield SystemCommand("Export", "Everything as JSON in exports/ beside the database",
                            self.export_json)
        yield from super().get_system_commands(screen)

    def _jump_prompt(self) -> None:
        """Reopen the palette: typing a company's name now finds it."""
        self.call_after_refresh(self.action_command_palette)

    async def jump_to_company(self, company: str) -> None:
        """Show one company's applications."""
        self.action_focus_pane("pipeline")
        await self.pipeline_pane.set_filter(company)

    def back_up(self) -> None:
        """Back up the database now."""
        self.run_store(lambda store: store.backup(),
                       done=lambda path: self.notify(f"Backed up to {visible(str(path))}",
                                                     markup=False))

    def export_json(self) -> None:
        """Export everything to a new JSON file beside the database."""

        def export(store: Store) -> Path:
            import json

            import pendulum

            from .private_files import ensure_private_dir, write_private_text
            from .store.interchange import export_document

            folder = store.path.parent / "exports"
            ensure_private_dir(folder)
            target = folder / f"bounceback-{pendulum.now().format('YYYYMMDD-HHmmss')}.json"
            text = json.dumps(export_document(store), ensure_ascii=False, indent=2) + "\n"
            write_private_text(target, text, replace=False)
            return target

        self.run_store(export, done=lambda path: self.notify(
            f"Exported to {visible(str(path))}", markup=False))

    def _remember_theme(self, theme: Any) -> None:
        self.settings = self.settings.with_theme(theme.name)
        try:
            save_settings(self.settings, self._settings_file)
        except OSError as exc:
            self.notify(f"Could not remember the theme: {exc.strerror or exc}",
                        severity="warning", markup=False)

    async def action_quit(self) -> None:
        """Textual's own quit (ctrl+q): the same as q."""
        self.action_quit_app()

    def action_quit_app(self) -> None:
        """Quit; ask first only if a form holds text that was not saved. An open reflection
        is written as a draft on the way out (it asks nothing)."""
        self._save_reflection_now()
        unsaved = any(getattr(screen, "has_unsaved_text", lambda: False)()
                      for screen in self.screen_stack)
        if not unsaved:
            self.exit()
            return
        from .screens.confirm import ConfirmDialog

        self.push_screen(ConfirmDialog("Quit and lose what you typed?"),
                         lambda yes: self.exit() if yes else None)

    def _save_reflection_now(self) -> None:
        """Write an open reflection's unsaved words now, on this thread (quitting)."""
        from .store import StoreError

        store = self.store
        if store is None or not self._panes_ready.is_set():
            return
        try:
            self.reflection_pane.save_now_blocking(store)
        except StoreError as exc:
            self.notify(f"The reflection draft could not be saved: {visible(str(exc))}",
                        severity="error", markup=False)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()
        if self.reader is not None:
            self.reader.close()

    # --- a crash prints no user text -----------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:  # Textual's hook
        if self._crash is None:  # the first error is the bug; later ones are its echoes
            self._crash = error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:  # Textual's hook: it would print locals (user text)
        """Exit non-zero with one line; the traceback's shape (no values, so none of the
        person's text) goes to a private crash log."""
        from .crash import crash_line, write_crash_log

        self.crash_message = crash_line(self._crash, write_crash_log(self._crash))
        self._return_code = 1
        self._close_messages_no_wait()


def _company_commands() -> type:
    from .commands import CompanyCommands

    return CompanyCommands


def company_memory(company: str, past: list[Any]) -> str:
    """The notice shown when applying again somewhere that said no before (the company as
    it was written then)."""
    latest = past[0]
    company = latest.company.strip() or company
    when = latest.at.in_timezone("local").format("D MMM YYYY") if latest.at else "earlier"
    reached = f", after reaching {latest.furthest_stage}" if latest.furthest_stage else ""
    more = f" ({len(past)} no's from them in all)" if len(past) > 1 else ""
    return (f"{visible(company)} said no before: {latest.stage} on {when}{reached}{more}. "
            "A new role is a new chance.")


def make_app(db_path: Path, *, settings: Settings | None = None,
             settings_file: Path | None = None, clock: Callable[[], Any] | None = None
             ) -> BounceBackApp:
    """The one factory for the dashboard, shared by the CLI and the tests."""
    return BounceBackApp(db_path, settings=settings, settings_file=settings_file, clock=clock)
