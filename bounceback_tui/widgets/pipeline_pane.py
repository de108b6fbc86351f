"""The Pipeline pane: the table of applications, a filter, and the keys that change them.

The pane asks the app to run store calls in thread workers (`app.run_store`); it never holds
a database session and never blocks a keystroke on SQLite.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ..display import visible
from ..stages import next_forward, previous_forward
from .pane import Pane
from .pipeline_table import PipelineTable

if TYPE_CHECKING:
    from textual.widgets import Input

    from ..store.pipeline_query import PipelineReader
    from ..store.records import ApplicationRecord

VIEWS = ("all", "active", "offers", "closed")


class StoreSource:
    """What the table reads through: the app's pipeline reader (called in workers)."""

    def __init__(self, app: Any) -> None:
        self._app = app

    def count(self, view: str, search: str) -> int:
        """How many applications the table shows (waiting while the file opens)."""
        reader: PipelineReader | None = self._app.wait_for_reader()
        return 0 if reader is None else reader.count(view=view, search=search or None)

    def page(self, view: str, search: str, offset: int, limit: int) -> list[ApplicationRecord]:
        """One page of applications, in the table's order."""
        reader: PipelineReader | None = self._app.wait_for_reader()
        if reader is None:
            return []
        return reader.page(view=view, search=search or None, limit=limit, offset=offset)


class PipelinePane(Pane):
    """Applications, active first; keys to add, move, open, delete and undo."""

    # Priority bindings, taken while the table has focus (check_action): a key that moves
    # focus (`/` to the filter) runs before the keys typed right after it are dispatched,
    # so those land in the new place instead of being lost on the way.
    BINDINGS = [
        Binding("a", "add", "Add", id="pipeline.add", priority=True),
        Binding("slash", "filter", "Filter", id="pipeline.filter", priority=True),
        Binding("f", "cycle_view", "View", id="pipeline.view", show=False, priority=True),
        Binding("greater_than_sign", "forward", "Next stage", id="pipeline.forward",
                show=False, priority=True),
        Binding("less_than_sign", "backward", "Back a stage", id="pipeline.backward",
                show=False, priority=True),
        Binding("x", "outcome('rejected')", "Rejected", id="pipeline.rejected",
                priority=True),
        Binding("g", "outcome('ghosted')", "Ghosted", id="pipeline.ghosted", priority=True),
        Binding("o", "outcome('offer')", "Offer", id="pipeline.offer", show=False,
                priority=True),
        Binding("w", "outcome('withdrawn')", "Withdrawn", id="pipeline.withdrawn",
                show=False, priority=True),
        Binding("F", "follow_up", "Follow-up", id="pipeline.follow_up", show=False,
                priority=True),
        Binding("d", "delete", "Delete", id="pipeline.delete", show=False, priority=True),
        Binding("u", "undo", "Undo", id="pipeline.undo", priority=True),
    ]

    def __init__(self, *, quiet_days: int, ghost_days: int, clock: Any = None) -> None:
        super().__init__("Pipeline", id="pipeline")
        self._quiet_days = quiet_days
        self._ghost_days = ghost_days
        self._clock = clock
        self._view_index = 0
        self._pending_row: int | None = None
        """Where `show_application` puts the cursor once the table has reloaded."""
        self._filter_field: Input | None = None
        self._table: PipelineTable | None = None
        self._status: Text | None = None
        """The status line as last shown."""

    def compose(self) -> ComposeResult:
        # The pane mounts right after the first paint (which shows only its outline); the
        # filter field comes after it (`prepare_filter`), or with `/`.
        yield self.table
        yield Static("", id="pipeline-status", markup=False)

    @property
    def table(self) -> PipelineTable:
        """The table of applications."""
        if self._table is None:
            self._table = PipelineTable(source=StoreSource(self.app), clock=self._clock,
                                        quiet_days=self._quiet_days,
                                        ghost_days=self._ghost_days, id="pipeline-table")
        return self._table

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The pane's letters are commands only while the table has focus (in the filter
        # field they are typing).
        return self.screen.focused is self._table

    @property
    def filter_input(self) -> Input | None:
        """The filter field (shown after `/` or while it holds text); None before it is
        mounted."""
        field = self._filter_field
        return field if field is not None and field.is_mounted else None

    async def prepare_filter(self) -> Input:
        """Mount the (hidden) filter field once; wait for it if it is on its way."""
        from textual.widgets import Input

        if self._filter_field is None:
            field = Input(placeholder="filter: company, role, source, notes  (enter: go, "
                          "escape: clear)", id="pipeline-filter")
            field.display = False
            self._filter_field = field
            await self.mount(field, before=self.table)
        while not self._filter_field.is_mounted:
            await asyncio.sleep(0)
        return self._filter_field

    def focus_first(self) -> None:
        self.screen.set_focus(self.table)

    # --- status line ---------------------------------------------------------------------

    def on_pipeline_table_loaded(self, event: PipelineTable.Loaded) -> None:
        self._show_status(event.row_count)
        if self._pending_row is not None:
            row, self._pending_row = self._pending_row, None
            self.table.cursor_row = row

    def _show_status(self, rows: int | None = None) -> None:
        rows = self.table.row_count if rows is None else rows
        view = VIEWS[self._view_index]
        line = Text()
        noun = "application" if rows == 1 else "applications"
        line.append(f" {rows:,} {noun}", style="bold")
        line.append(f"  ·  view: {view}")
        search = self.table.search
        if search:
            line.append("  ·  filter: ")
            line.append(visible(search))
        if rows == 0 and not search and view == "all":
            line = Text(" No applications yet. Press a to add the first one.")
        if line != self._status:  # unchanged after most changes made elsewhere: no repaint
            self._status = line
            self.query_one("#pipeline-status", Static).update(line, layout=False)  # 1 line

    # --- filter and view -----------------------------------------------------------------

    async def action_filter(self) -> None:
        """Show the filter field and type into it."""
        field = await self.prepare_filter()
        # display set directly (not through a CSS class) so the field can take focus, and
        # the keys typed right after `/`, before the next refresh.
        field.display = True
        self.screen.set_focus(field)

    # (Handlers by name: Input is imported only when the field is first mounted.)
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "pipeline-filter":
            self.table.search = event.value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "pipeline-filter":
            self.table.cursor_row = 0
            self.table.focus()

    def clear_filter(self) -> None:
        """Empty the filter, hide it and go back to the table."""
        field = self.filter_input
        if field is not None:
            field.value = ""
            field.display = False
        self.table.search = ""
        self.table.focus()

    def on_key(self, event: Any) -> None:
        field = self.filter_input
        if event.key == "escape" and field is not None and field.has_focus:
            event.stop()
            self.clear_filter()

    async def set_filter(self, text: str) -> None:
        """Filter to `text` (the palette's jump to a company)."""
        field = await self.prepare_filter()
        field.display = True
        field.value = text
        self.table.search = text
        self.table.focus()

    def show_application(self, application_id: int) -> None:
        """Put the cursor on an application, wherever it is (from the timeline's `enter`):
        in the current view and filter if they hold it, otherwise in all applications."""
        app: Any = self.app
        table = self.table

        def find() -> tuple[bool, int | None]:
            reader = app.wait_for_reader()
            if reader is None:
                return False, None
            here = reader.position(application_id, view=table.view,
                                   search=table.search or None)
            if here is not None:
                return True, here
            return False, reader.position(application_id)

        def found(result: tuple[bool, int | None]) -> None:
            in_view, row = result
            if row is None:
                app.notify("That application is no longer in your pipeline.",
                           severity="warning")
                return
            if in_view:
                table.cursor_row = row
            else:  # another view or a filter hides it: show everything, then go there
                self._pending_row = row
                field = self.filter_input
                if field is not None:
                    field.value = ""
                    field.display = False
                self._view_index = 0
                table.search = ""
                table.view = VIEWS[0]
                self._show_status()
            self.screen.set_focus(table)

        def find_and_show() -> None:
            result = find()
            app.call_from_thread(found, result)

        self.run_worker(find_and_show, thread=True, group="show-application", exclusive=True)

    def action_cycle_view(self) -> None:
        """all → active → offers → closed."""
        self._view_index = (self._view_index + 1) % len(VIEWS)
        self.table.view = VIEWS[self._view_index]
        self._show_status()

    # --- keys on the selected application ------------------------------------------------

    def _selected(self) -> ApplicationRecord | None:
        record = self.table.selected
        if record is None:
            self.app.notify("Select an application first.", severity="warning")
        return record

    def action_add(self) -> None:
        """Open the form for a new application."""
        self.app.add_application()

    def action_forward(self) -> None:
        """Move the selected application one step along the forward path."""
        self._step(next_forward, "is the end of the path")

    def action_backward(self) -> None:
        """Move the selected application one step back (a correction)."""
        self._step(previous_forward, "has no stage before it")

    def _step(self, along: Any, at_the_end: str) -> None:
        record = self._selected()
        if record is None:
            return
        target = along(record.stage)
        if target is None:
            self.app.notify(f"{record.stage} {at_the_end}.", severity="warning")
            return
        self.app.move_application(record, target, ask=False)

    def action_outcome(self, stage: str) -> None:
        """Rejected, ghosted, offer or withdrawn: ask for a note and a date, then move."""
        record = self._selected()
        if record is not None:
            self.app.move_application(record, stage, ask=True)

    def action_follow_up(self) -> None:
        """Set or clear the follow-up day."""
        record = self._selected()
        if record is not None:
            self.app.set_follow_up(record)

    def action_delete(self) -> None:
        """Delete after confirmation (u brings it back)."""
        record = self._selected()
        if record is not None:
            self.app.delete_application(record)

    def action_undo(self) -> None:
        """Take back the last change."""
        self.app.undo()

    def on_pipeline_table_chosen(self, event: PipelineTable.Chosen) -> None:
        self.app.open_detail(event.record)
