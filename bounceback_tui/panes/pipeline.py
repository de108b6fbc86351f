"""The Pipeline pane: the table of applications, a filter, and the keys that change them.

The pane owns its workflows (add, move, follow-up, delete, undo, open, edit): it asks for
what it needs with a dialog and runs the store call through the store bridge
(`self.bridge.run`, a thread worker); it never holds a database session and never blocks a
keystroke on SQLite. What other panes should hear it posts as a message (`Closed`).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from ..domain.user_text import visible
from ..domain.stages import next_forward, previous_forward
from .base import Pane
from .pipeline_plan import WeekWorkflows
from ..domain.stages import VIEWS
from ..widgets.pipeline_table import PipelineTable

if TYPE_CHECKING:
    from textual.widgets import Input

    from ..screens.application_form import ApplicationForm
    from ..store import Store
    from ..store.records import ApplicationDetail, ApplicationRecord
    from ..store_bridge import StoreBridge


ALREADY = {"rejected": "is already marked rejected", "ghosted": "is already marked ghosted",
           "offer": "already has an offer", "withdrawn": "is already withdrawn"}
"""What an outcome key says on an application already there (nothing is asked)."""


class StoreSource:
    """What the table reads through: the bridge's pipeline reader (called in workers)."""

    def __init__(self, bridge: StoreBridge) -> None:
        self._bridge = bridge

    def count(self, view: str, search: str) -> int:
        """How many applications the table shows (waiting while the file opens)."""
        reader = self._bridge.wait_for_reader()
        return 0 if reader is None else reader.count(view=view, search=search or None)

    def page(self, view: str, search: str, offset: int, limit: int) -> list[ApplicationRecord]:
        """One page of applications, in the table's order."""
        reader = self._bridge.wait_for_reader()
        if reader is None:
            return []
        return reader.page(view=view, search=search or None, limit=limit, offset=offset,
                           now=self._bridge.now())


class PipelinePane(WeekWorkflows, Pane):
    """Applications, active first; keys to add, move, open, delete and undo."""

    class Closed(Message):
        """An application became a no (rejected or ghosted): time to reflect on it."""

        def __init__(self, record: ApplicationRecord, stage: str, reflect: str = "now") -> None:
            super().__init__()
            self.record = record
            self.stage = stage
            self.reflect = reflect
            """"now", "later" or "no" (the move dialog's choice)."""

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
        Binding("i", "interview", "Interview", id="pipeline.interview", show=False,
                priority=True),
        Binding("c", "contact", "Person", id="pipeline.contact", show=False, priority=True),
        Binding("h", "how_it_went", "How it went", id="pipeline.how_it_went", show=False,
                priority=True),
        Binding("d", "delete", "Delete", id="pipeline.delete", show=False, priority=True),
        Binding("u", "undo", "Undo", id="pipeline.undo", priority=True),
        Binding("r", "reflect", "Reflect on it", id="pipeline.reflect", show=False,
                priority=True),
        Binding("m", "move_to", "Move to…", id="pipeline.move_to", show=False, priority=True),
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
            self._table = PipelineTable(source=StoreSource(self.bridge), clock=self._clock,
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
        from ..widgets.key_order import OrderedInput

        if self._filter_field is None:
            field = OrderedInput(placeholder="filter: company, role, source, notes  (enter: go, "
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

    def on_pipeline_table_load_failed(self) -> None:
        self.bridge.open_store()  # it says why, and the table shows what it could

    def on_pipeline_table_loaded(self, event: PipelineTable.Loaded) -> None:
        self.bridge.open_store()  # the first rows are on screen: now the Store (once)
        self._show_status(event.row_count)
        if self._pending_row is not None:
            row, self._pending_row = self._pending_row, None
            self.table.cursor_row = row

    def _show_status(self, rows: int | None = None) -> None:
        rows = self.table.row_count if rows is None else rows
        view = VIEWS[self._view_index]
        line = Text()
        noun = "application" if rows == 1 else "applications"
        if rows:  # no zero counts (docs/voice.md): an empty view says what it is for
            line.append(f" {rows:,} {noun}", style="bold")
            line.append("  ·  ")
        line.append(f"{'' if rows else ' '}view: {view}")
        search = self.table.search
        if search:
            line.append("  ·  filter: ")
            line.append(visible(search))
        if rows == 0 and not search and view == "all":
            line = Text()  # the table itself says what to do first
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

    def show_application(self, application_id: int, *, reflect: bool = False) -> None:
        """Put the cursor on an application, wherever it is (from the timeline's `enter`):
        in the current view and filter if they hold it, otherwise in all applications.
        `reflect` (the timeline's `r`): reflect on it instead."""
        if reflect:
            self.bridge.run(lambda store: store.get_application(application_id).application,
                            done=self.reflect_on, changes=False)
            return
        table = self.table
        bridge = self.bridge

        def find() -> tuple[bool, int | None]:
            reader = bridge.wait_for_reader()
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
                self.app.notify("That application is no longer in your pipeline.",
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
            self.app.call_from_thread(found, result)

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
        self.add_application()

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
        self.move_application(record, target, ask=False)

    def action_outcome(self, stage: str) -> None:
        """Rejected, ghosted, offer or withdrawn: ask for a note and a date, then move (said
        before anything is asked when the application is there already)."""
        record = self._selected()
        if record is not None and record.stage == stage:
            self.app.notify(f"{visible(record.company)} {ALREADY[stage]}.", markup=False)
        elif record is not None:
            self.move_application(record, stage, ask=True)

    def action_move_to(self) -> None:
        """Any stage, on the day it happened: choose the stage, then the note and the day."""
        from ..screens.stage_dialog import StageDialog

        record = self._selected()
        if record is None:
            return

        def chosen(stage: str | None) -> None:
            if stage is not None:  # the move dialog once this one has gone
                self.call_after_refresh(self.move_application, record, stage, ask=True)

        self.app.push_screen(StageDialog(record), chosen)

    def action_reflect(self) -> None:
        """A reflection about the application (a no, now or long after); on one that is not a
        no, a reflection of your own."""
        record = self._selected()
        self.reflect_on(record)

    def reflect_on(self, record: ApplicationRecord | None) -> None:
        if record is not None and record.stage in ("rejected", "ghosted"):
            self.post_message(self.Closed(record, record.stage, "now"))
        else:
            self.app.action_new_reflection()  # type: ignore[attr-defined]

    def action_follow_up(self) -> None:
        """Set or clear the follow-up day."""
        record = self._selected()
        if record is not None:
            self.set_follow_up(record)

    def action_interview(self) -> None:
        """Schedule an interview (or a take-home) for the application."""
        record = self._selected()
        if record is not None:
            self.schedule_interview(record)

    def action_contact(self) -> None:
        """Add a person to the application, or link one already known."""
        record = self._selected()
        if record is not None:
            self.add_contact(record)

    def action_how_it_went(self) -> None:
        """Note in a line how the application's last interview went."""
        record = self._selected()
        if record is not None:
            self.note_how_it_went(record)

    def action_delete(self) -> None:
        """Delete after confirmation (u brings it back)."""
        record = self._selected()
        if record is not None:
            self.delete_application(record)

    def action_undo(self) -> None:
        """Take back the last change."""
        self.undo()

    def on_pipeline_table_chosen(self, event: PipelineTable.Chosen) -> None:
        self.open_detail(event.record)

    # --- workflows: a dialog, then a store call through the bridge ------------------------

    def _reload(self, keep_id: int | None = None) -> None:
        self.table.reload(keep_id=keep_id)

    def add_application(self) -> None:
        """Ask for a new application, save it, and recall the company's earlier no's."""
        from ..screens.application_form import ApplicationForm

        def saved(result: Any) -> None:
            if result is None:
                return

            def add(store: Store) -> Any:
                record = store.add_application(
                    result.company, result.role, applied_at=result.applied_at,
                    source=result.source, location=result.location, url=result.url,
                    notes=result.notes)
                return record, store.company_history(record.company, exclude_id=record.id)

            self.bridge.run(add, done=self._added)

        self.app.push_screen(ApplicationForm(clock=self._clock), saved)

    def _added(self, result: Any) -> None:
        record, past = result
        self._reload(keep_id=record.id)
        self.app.notify(f"Added {visible(record.company)} — {visible(record.role)}.",
                        markup=False)
        if past:
            self.app.notify(company_memory(record.company, past),
                            title="You have been here before", markup=False, timeout=12)

    def recall_company(self, form: ApplicationForm, company: str) -> None:
        """Company memory while typing: the company's earlier no's, in the form."""
        if not company:
            form.set_notice("")
            return
        self.bridge.read_latest(
            lambda store: store.company_history(company),
            lambda past: form.set_notice(company_memory(company, past) if past else ""),
            group="recall")

    def move_application(self, record: ApplicationRecord, stage: str, *, ask: bool) -> None:
        """Record a stage move; for outcomes, ask for a note and a date first."""

        def move(note: str = "", at: Any = None, reflect: str = "now") -> None:
            self.bridge.run(lambda store: store.move(record.id, stage, at=at, note=note),
                            done=lambda _event: self._moved(record, stage, reflect))

        if not ask:
            move()
            return
        from ..screens.move_dialog import MoveDialog

        def answered(result: Any) -> None:
            if result is not None:
                move(result.note, result.at, result.reflect)

        self.app.push_screen(MoveDialog(record, stage, clock=self._clock), answered)

    def _moved(self, record: ApplicationRecord, stage: str, reflect: str = "now") -> None:
        self._reload(keep_id=record.id)
        self.app.notify(f"{visible(record.company)}: {record.stage} → {stage}.  u undoes it.",
                        markup=False)
        if stage in ("rejected", "ghosted"):
            self.post_message(self.Closed(record, stage, reflect))
        elif stage == "offer":
            self.bridge.run(lambda store: store.offer_story(record.id), done=self._celebrate,
                            changes=False)

    def _celebrate(self, story: Any) -> None:
        """The offer moment (PRODUCT.md: every no a step toward a yes)."""
        if story is None:
            return
        from ..screens.offer import OfferScreen

        self.app.push_screen(OfferScreen(story, gentle=self.gentle))

    def set_follow_up(self, record: ApplicationRecord) -> None:
        """Ask for a follow-up day (or none) and save it."""
        from ..screens.date_dialog import FollowUpDialog

        def answered(result: Any) -> None:
            if result is None:
                return
            self.bridge.run(
                lambda store: store.edit_application(record.id, follow_up_on=result.day),
                done=lambda _r: self._reload(keep_id=record.id))

        self.app.push_screen(FollowUpDialog(record, clock=self._clock), answered)

    def delete_application(self, record: ApplicationRecord) -> None:
        """Delete after confirmation."""
        from ..screens.confirm import ConfirmDialog

        label = f"{record.company} — {record.role}"

        def answered(yes: bool | None) -> None:
            if yes:
                self.bridge.run(lambda store: store.delete_application(record.id),
                                done=lambda _r: self._deleted(label))

        self.app.push_screen(ConfirmDialog(f"Delete {label} and its history?"), answered)

    def _deleted(self, label: str) -> None:
        self._reload()
        self.app.notify(f"Deleted {visible(label)}.  u brings it back until you quit.",
                        markup=False)

    def undo(self) -> None:
        """Take back the last change to an application."""

        def undone(result: Any) -> None:
            if result is None:
                self.app.notify("Nothing to undo.")
                return
            self._reload(keep_id=result.application_id)
            self.app.notify(f"Undid: {visible(result.summary)}", markup=False)

        self.bridge.run(lambda store: store.undo(), done=undone)

    def open_detail(self, record: ApplicationRecord) -> None:
        """Show an application with its full history; `e` there edits it."""
        from ..screens.detail import ApplicationDetailScreen

        def show(result: Any) -> None:
            detail, plan = result
            screen = ApplicationDetailScreen(
                detail, clock=self._clock, plan=plan, on_ask=self.on_detail_ask,
                on_edit=lambda application_id: self.edit_application(application_id, screen))
            self.app.push_screen(screen)

        self.bridge.run(lambda store: (store.get_application(record.id),
                                       store.application_plan(record.id)), done=show)

    def edit_application(self, application_id: int, screen: Any = None) -> None:
        """Edit an application's fields (from its detail screen)."""
        from ..screens.application_form import ApplicationForm

        def loaded(detail: ApplicationDetail) -> None:
            def saved(result: Any) -> None:
                if result is None or not (result.changes or result.applied_at):
                    return

                def write(store: Store) -> ApplicationDetail:
                    if result.changes:
                        store.edit_application(application_id, **result.changes)
                    if result.applied_at is not None:  # the day it was sent, moved
                        store.set_applied_at(application_id, result.applied_at)
                    return store.get_application(application_id)

                self.bridge.run(write, done=lambda new: self._edited(new, screen))

            self.app.push_screen(
                ApplicationForm(application=detail.application, clock=self._clock), saved)

        self.bridge.run(lambda store: store.get_application(application_id), done=loaded)

    def _edited(self, detail: ApplicationDetail, screen: Any) -> None:
        self._reload(keep_id=detail.application.id)
        if screen is not None and hasattr(screen, "update_detail"):
            screen.update_detail(detail)
        self.app.notify(f"Saved {visible(detail.application.company)}.", markup=False)


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
