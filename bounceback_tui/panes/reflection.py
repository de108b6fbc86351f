"""The Reflection pane: the guided form when a reflection is open; otherwise the journal —
unfinished drafts, past reflections, open growth actions and wins — with keys to start,
resume, open, complete, add and delete.

Like the pipeline pane it never holds a session: every read and write goes through the store
bridge (`self.bridge.run`, a thread worker), and the form's answers are saved the same way;
what it reads is in `reflection_reads`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..domain.user_text import cell_width, fit, visible
from ..widgets import option_list_paging  # noqa: F401  (page keys on a list not laid out yet)
from .base import Pane, load_css
from .reflection_reads import Journal, labelled_ids, read_context, read_marked
from ..widgets.pane_note import ReflectionNote

if TYPE_CHECKING:
    from datetime import date

    from ..store import Store
    from ..store.records import ActionRecord, ApplicationRecord, ReflectionRecord, WinRecord
    from ..widgets.reflection_form import FormContext, ReflectionForm


class ReflectionPane(Pane):
    """Reflections, growth actions and wins; the guided form opens here."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New reflection", id="reflection.new"),
        Binding("enter", "open", "Open / done", id="reflection.open", show=False),
        Binding("space", "toggle_done", "Done", id="reflection.toggle_done", show=False),
        Binding("a", "add_action", "Add action", id="reflection.add_action"),
        Binding("w", "add_win", "Add win", id="reflection.add_win"),
        Binding("d", "delete", "Delete", id="reflection.delete"),
    ]

    def __init__(self) -> None:
        super().__init__("Reflection", id="reflection")
        self.form: ReflectionForm | None = None
        self._opening = 0
        """Counts requests to open a form: only the latest one's form is shown."""
        self.journal: Journal | None = None
        self._saving = False
        self._queued: list[_Save] = []
        """Saves asked for while one was being written, in order, one per form."""
        self._pending_about: tuple[ApplicationRecord, str] | None = None
        self._mark: Any = None
        """`Store.journal_mark()` as it was when the lists shown were read."""
        self._checking = False
        self._check_again = False

    def compose(self) -> ComposeResult:
        yield ReflectionNote(id="reflection-note")
        # The journal list is mounted with its first contents (after the first paint).

    @property
    def note(self) -> ReflectionNote:
        return self.query_one("#reflection-note", ReflectionNote)

    @property
    def journal_list(self) -> OptionList | None:
        """The list of reflections, actions and wins (None until first read)."""
        found = self.query("#journal")
        return found.first(OptionList) if found else None

    def focus_first(self) -> None:
        if self.form is not None:
            self.form.focus_first()
        elif self.journal_list is not None and self.journal_list.option_count:
            self.screen.set_focus(self.journal_list)
        else:
            self.screen.set_focus(self.note)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the form is open, these letters are typing, not commands.
        return self.form is None or action not in {"new", "open", "toggle_done", "add_action",
                                                   "add_win", "delete"}

    # --- the journal list ----------------------------------------------------------------

    def reload(self) -> None:
        """Read the lists again (after a change here, elsewhere, or another window)."""
        today = self.bridge.local_today()

        def read(store: Store) -> tuple[Any, Journal]:
            return read_marked(store, today)

        self.bridge.run(read, done=self._show_marked, changes=False)

    def reload_if_changed(self) -> None:
        """After a change made elsewhere: read the lists again only if it can have touched
        them (`Store.journal_mark`, one cheap read, says); one check at a time, and changes
        that come meanwhile make one more after it."""
        if self._checking:
            self._check_again = True
            return
        self._checking, self._check_again = True, False
        today = self.bridge.local_today()
        known = self._mark if self.journal is not None and self.journal.today == today else None

        labelled = self._labelled()

        def read(store: Store) -> tuple[Any, Journal | None]:
            if store.journal_mark(labelled) == known:
                return known, None
            return read_marked(store, today)

        async def show(result: tuple[Any, Journal | None]) -> None:
            await self._show_marked(result)
            self._checked()

        self.bridge.run(read, done=show, failed=self._checked, changes=False)

    def _labelled(self) -> list[int]:
        return labelled_ids(self.journal) if self.journal else []

    def _checked(self) -> None:
        self._checking = False
        if self._check_again:
            self.reload_if_changed()

    async def _show_marked(self, result: tuple[Any, Journal | None]) -> None:
        mark, journal = result
        if journal is not None:
            self._mark = mark
            await self._show_journal(journal)

    async def _show_journal(self, journal: Journal) -> None:
        self._load_css()
        self.journal = journal
        if self.journal_list is None:
            listing = OptionList(id="journal", markup=False)
            listing.display = self.form is None
            await self.mount(listing)
            if self.screen.focused is self.note:  # 2 was pressed before the list came
                self.screen.set_focus(listing)
        if journal.reflections or journal.actions or journal.wins:
            self.note.brief()
        options: list[Option | None] = []
        drafts = [(r, label) for r, label in journal.reflections
                  if r.status == "draft" and not r.untouched]
        later = [(r, label) for r, label in journal.reflections
                 if r.status == "draft" and r.untouched]
        saved = [(r, label) for r, label in journal.reflections if r.status == "saved"]
        if drafts:
            options.append(Option(Text("Unfinished — enter resumes", style="bold"),
                                  disabled=True))
            options.extend(self._reflection_option(r, label) for r, label in drafts)
        options.extend(self._later_option(r, label) for r, label in later)
        options.append(Option(Text("Past reflections", style="bold"), disabled=True))
        if saved:
            options.extend(self._reflection_option(r, label) for r, label in saved)
        else:
            options.append(Option(Text("  n starts one, whenever you like", style="dim"),
                                  disabled=True))
        if journal.more_reflections:
            options.append(Option(Text(f"  … and {journal.more_reflections} older",
                                       style="dim"), disabled=True))
        options.append(Option(Text("Growth actions — space marks done", style="bold"),
                              disabled=True))
        if journal.actions:
            options.extend(self._action_option(a, journal.today) for a in journal.actions)
        else:
            options.append(Option(Text("  a adds one", style="dim"), disabled=True))
        options.append(Option(Text("Wins", style="bold"), disabled=True))
        if journal.wins:
            options.extend(self._win_option(w) for w in journal.wins)
        else:
            options.append(Option(Text("  w logs one, however small", style="dim"), disabled=True))
        listing = self.journal_list
        assert listing is not None
        highlighted = listing.highlighted_option.id if listing.highlighted_option else None
        listing.clear_options()
        listing.add_options([o for o in options if o is not None])
        ids = [option.id for option in listing.options]
        if highlighted is not None and highlighted in ids:  # keep the place (unless deleted;
            # headings have no id: "None in ids" put the cursor on the first heading)
            listing.highlighted = ids.index(highlighted)
        else:  # the first item (an unfinished reflection first): "2 and enter" resumes it
            listing.highlighted = next((n for n, option in enumerate(listing.options)
                                        if not option.disabled), None)

    async def on_resize(self) -> None:
        """Items are cut to the pane's width: cut them again when it changes (a narrow
        terminal shows the pane only once its tab is chosen)."""
        if self.journal is not None and self.journal_list is not None:
            await self._show_journal(self.journal)

    def _when(self, instant: Any) -> str:
        from ..domain.time_text import humanised
        return humanised(instant, self.bridge.now())

    def _width(self) -> int:
        """Cells an item may take (items never wrap: long names are cut with …). From the
        pane's width, less the list's scrollbar, so the answer does not depend on whether
        the scrollbar is showing yet."""
        return max(24, self.content_region.width - 2 - 3)

    def _reflection_option(self, record: ReflectionRecord, label: str) -> Option:
        when = f"  · {self._when(record.updated_at)}"
        shown = visible(label) if label else "your own reflection"
        text = Text("  ")
        text.append(fit(shown, self._width() - 2 - cell_width(when)).rstrip(),
                    style="" if label else "italic")
        text.append(when, style="dim")
        return Option(text, id=f"reflection:{record.id}")

    def _later_option(self, record: ReflectionRecord, label: str) -> Option:
        """A no kept for later: quiet, no date, no count ("when you are ready: Lumen")."""
        company = label.split(" — ")[0] if label else "your own reflection"
        text = Text("when you are ready: ", style="dim")
        text.append(fit(visible(company), self._width() - 21).rstrip(), style="dim")
        return Option(text, id=f"reflection:{record.id}")

    def _action_option(self, action: ActionRecord, today: date) -> Option:
        text = Text("  ☐ ")
        room = self._width() - 4 - (22 if action.due_on is not None else 0)
        text.append(fit(visible(action.text), room).rstrip())
        if action.due_on is not None:
            overdue = action.due_on < today
            due = f"  · due {action.due_on:%-d %b}"
            if overdue:
                return Option(Content.assemble(Content.from_rich_text(text),
                                               (f"{due} (overdue)", "bold $error")),
                              id=f"action:{action.id}")
            text.append(due, style="dim")
        return Option(text, id=f"action:{action.id}")

    def _win_option(self, win: WinRecord) -> Option:
        text = Text("  ★ ")
        text.append(fit(visible(win.text), self._width() - 4).rstrip())
        return Option(text, id=f"win:{win.id}")

    def _highlighted(self) -> tuple[str, int] | None:
        listing = self.journal_list
        option = listing.highlighted_option if listing is not None else None
        if option is None or option.id is None or self.screen.focused is not listing:
            return None
        kind, _, number = option.id.partition(":")
        return kind, int(number)

    @on(OptionList.OptionSelected, "#journal")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted reflection, or mark the highlighted action done."""
        chosen = self._highlighted()
        if chosen is None:
            return
        kind, number = chosen
        if kind == "reflection":
            self.open_reflection(number)
        elif kind == "action":
            self.action_toggle_done()

    def action_toggle_done(self) -> None:
        """Mark the highlighted growth action done (a job-hunt action for the metrics)."""
        chosen = self._highlighted()
        if chosen is None or chosen[0] != "action":
            return

        def done(action: ActionRecord) -> None:
            self.app.notify(f"Done: {visible(action.text)}. That counts.", markup=False)
            self.reload()

        self.bridge.run(lambda store: store.complete_action(chosen[1]), done=done)

    def action_delete(self) -> None:
        """Delete the highlighted reflection, action or win, after confirmation."""
        from ..screens.confirm import ConfirmDialog

        chosen = self._highlighted()
        if chosen is None:
            return
        kind, number = chosen
        what = {"reflection": "this reflection", "action": "this growth action",
                "win": "this win"}[kind]

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            call = {"reflection": lambda s: s.delete_reflection(number),
                    "action": lambda s: s.delete_action(number),
                    "win": lambda s: s.delete_win(number)}[kind]
            self.bridge.run(call, done=lambda _: (self.app.notify(f"Deleted {what}.",
                                                                 markup=False), self.reload()))

        self.app.push_screen(ConfirmDialog(f"Delete {what}? This cannot be undone.", yes="Delete",
                                      no="Keep"), answered)

    def action_add_win(self) -> None:
        """Log a win."""
        from ..screens.win_dialog import WinDialog

        def answered(text: str | None) -> None:
            if text:
                self.bridge.run(lambda store: store.add_win(text),
                              done=lambda win: (self.app.notify("Win logged. ★", markup=False),
                                                self.reload()))

        self.app.push_screen(WinDialog(), answered)

    def action_add_action(self) -> None:
        """Commit to a growth action (text, kind, due day)."""
        from ..screens.action_dialog import ActionDialog

        def answered(result: Any) -> None:
            if result is not None:
                self.bridge.run(lambda store: store.add_action(result.text, kind=result.kind,
                                                             due_on=result.due_on),
                              done=lambda _: (self.app.notify("Growth action added.",
                                                              markup=False), self.reload()))

        self.app.push_screen(ActionDialog(), answered)

    # --- the form ------------------------------------------------------------------------

    def action_new(self) -> None:
        """A free-standing reflection."""
        self.start(None, None)

    def about(self, application: ApplicationRecord, outcome: str) -> None:
        """After x or g: say what the reflection will be about, and open the form on it (on
        the draft about it when there is one: resumed, never a second one)."""
        draft = next((r for r, _label in (self.journal.reflections if self.journal else ())
                      if r.status == "draft" and r.application_id == application.id), None)
        if draft is not None:
            self.open_reflection(draft.id)
            return
        self.note.about(application.company, application.role, outcome)
        self.start(application, outcome)

    def after_no(self, application: ApplicationRecord, outcome: str, reflect: str) -> None:
        """A no was recorded: reflect on it "now", keep it for "later", or not ("no")."""
        if reflect == "now":
            self.about(application, outcome)
        elif reflect == "later":
            self.keep_for_later(application)

    def keep_for_later(self, application: ApplicationRecord) -> None:
        """After a no, "later": a quiet item in the journal ("when you are ready: Acme"), kept
        in the file as a reflection with nothing written yet (one per application)."""

        def keep(store: Store) -> None:
            if not any(r.application_id == application.id
                       for r in store.list_reflections(status="draft")):
                store.save_reflection({}, application_id=application.id)

        self.bridge.run(keep, done=lambda _: self.reload())

    def start(self, application: ApplicationRecord | None, outcome: str | None,
              reflection: ReflectionRecord | None = None) -> None:
        """Open the form (new, or on a stored reflection), reading its context first."""
        form = self.form
        if form is not None:
            if reflection is not None and form.reflection_id == reflection.id:
                form.focus_first()
                return
            if (reflection is None and form.reflection_id is None and not form.dirty
                    and _same_application(form.context.application, application)):
                form.focus_first()  # asked again for the blank form already open (`r` `r`)
                return
            self.close_form()
        self._opening += 1
        request = self._opening
        self.bridge.run(lambda store: read_context(store, application, outcome,
                                                   gentle=self.gentle),
                      done=lambda context: self._open_form(context, reflection, request),
                      changes=False)

    def resume_latest(self) -> None:
        """Open the most recent unfinished reflection (the palette's Resume)."""
        drafts = [r for r, _ in (self.journal.reflections if self.journal else ())
                  if r.status == "draft"]
        if drafts:
            self.open_reflection(drafts[0].id)
        else:
            self.app.notify("No unfinished reflection.", markup=False)

    def welcome_back(self) -> None:
        """After a crash or a closed terminal: say that an unfinished reflection is kept."""

        def drafts(store: Store) -> int:  # a reflection kept for later is not unfinished
            return sum(not r.untouched for r in store.list_reflections(status="draft"))

        def offer(count: int) -> None:
            if count:
                noun = "reflection is" if count == 1 else "reflections are"
                self.app.notify(f"Your unfinished {noun} kept. Press 2 and enter to resume "
                                "(or ctrl+p, Resume).", title="Welcome back", timeout=10,
                                markup=False)

        self.bridge.run(drafts, done=offer, changes=False)

    def open_reflection(self, reflection_id: int) -> None:
        """Resume a draft or open a saved reflection to read or edit."""

        def read(store: Store) -> tuple[ReflectionRecord, ApplicationRecord | None, str | None]:
            from ..store.errors import NotFound

            record = store.get_reflection(reflection_id)
            application = outcome = None
            if record.application_id is not None:
                try:
                    detail = store.get_application(record.application_id)
                    application = detail.application
                    outcome = application.stage
                except NotFound:
                    pass
            return record, application, outcome

        self.bridge.run(read, done=lambda got: self.start(got[1], got[2], got[0]),
                      changes=False)

    def _warm_traps(self) -> None:
        """Compile the thinking-trap rules in a thread now (about 0.1 s), not on the first
        pause in typing."""
        import sys

        if "bounceback_tui.domain.traps" not in sys.modules:
            import importlib

            self.app.run_worker(lambda: importlib.import_module("bounceback_tui.domain.traps"),
                                thread=True, group="warm")

    def _load_css(self) -> None:
        load_css(self.app, "reflection.tcss")

    async def _open_form(self, context: FormContext, reflection: ReflectionRecord | None,
                         request: int) -> None:
        if request != self._opening:
            return  # a later key asked for another form (`r` pressed twice, fast)
        self._load_css()
        if self.form is not None:
            self.close_form()
        from ..widgets.reflection_form import ReflectionForm

        self._warm_traps()
        # No id: the form being put away may still be leaving when this one arrives.
        form = ReflectionForm(context, reflection)
        self.form = form
        await self.mount(form)
        self.note.display = False
        if self.journal_list is not None:
            self.journal_list.display = False
        if self.screen.maximized is not self:
            self.screen.maximize(self, container=False)
        form.focus_first()
        self.app.refresh_bindings()

    def close_form(self) -> None:
        """Put the form away (after its draft is on its way to the store)."""
        form = self.form
        if form is None:
            return
        if form.dirty:
            self._request_save(form, "draft")
        self.form = None
        form.remove()
        journal = self.journal
        self.note.form_closed(journal=form.dirty or bool(
            journal and (journal.reflections or journal.actions or journal.wins)))
        self.note.display = True
        if self.journal_list is not None:
            self.journal_list.display = True
        if self.screen.maximized is self:
            self.screen.minimize()
        self.reload()
        self.app.refresh_bindings()

    # (Handlers by name: the form's module is imported only when a form first opens.)
    def on_reflection_form_left(self, event: ReflectionForm.Left) -> None:
        event.stop()
        self.close_form()
        self.focus_first()

    def on_reflection_form_save_requested(self, event: ReflectionForm.SaveRequested) -> None:
        event.stop()
        self._request_save(event.form, event.status)

    def on_reflection_form_add_win(self, event: ReflectionForm.AddWin) -> None:
        event.stop()
        form = self.form
        self.bridge.run(lambda store: store.add_win(event.text),
                      done=lambda win: form.win_added(win) if form is not None else None)

    def _request_save(self, form: ReflectionForm, status: str) -> None:
        """Write the form's answers, read now; one save at a time, the latest answers win.

        A form being put away has no fields to read any more: its words were read when it
        was closed (`close_form` asks for a save first), so a late request is dropped."""
        if not form.has_parts():
            return
        self._queue(_Save(form, status, form.answers(), form.changes))

    def _queue(self, save: _Save) -> None:
        if self._saving:
            for index, queued in enumerate(self._queued):
                if queued.form is save.form:  # newer answers of the same form replace them
                    if queued.status == "saved":
                        save = replace(save, status="saved")
                    self._queued[index] = save
                    return
            self._queued.append(save)
            return
        self._saving = True
        form, status, answers, changes = save.form, save.status, save.answers, save.changes
        # Read when the save runs: an earlier save of this form may have given it its id.
        reflection_id, revision = form.reflection_id, form.revision
        application = form.context.application
        application_id = application.id if application is not None else None

        def write(store: Store) -> tuple[ReflectionRecord, bool]:
            from ..store.errors import Conflict, NotFound

            try:
                return store.save_reflection(
                    answers, reflection_id=reflection_id, application_id=application_id,
                    status=status, expected_revision=revision), False
            except (Conflict, NotFound):
                # Changed (or deleted) in another window since: keep both, never overwrite.
                return store.save_reflection(answers, application_id=application_id,
                                             status=status), True

        def saved(result: tuple[ReflectionRecord, bool]) -> None:
            record, copied = result
            form.saved(record, changes)
            if copied:
                self.app.notify("This reflection was changed in another window. Both are "
                                "kept: yours is saved as a separate one.", severity="warning",
                                markup=False)
            if status == "saved":
                self.app.notify("Reflection saved. Well done for taking the time.",
                                markup=False)
                if self.form is form:
                    self.close_form()
                    self.focus_first()
            elif self.form is None:
                self.reload()
            self._next_save()

        self.bridge.run(write, done=saved, failed=self._next_save)

    def _next_save(self) -> None:
        """The save in flight is done (or was refused, said in a notice): write the next
        one asked for meanwhile. A refused draft stays dirty in its form; the next pause in
        typing asks again."""
        self._saving = False
        while self._queued:
            save = self._queued.pop(0)
            if save.status == "saved" or save.changes > save.form.saved_changes:
                self._queue(save)
                return

    def save_before_quit(self) -> None:
        """On quit: write the open form's unsaved words as a draft at once, on this thread
        (a refusal is said, not raised)."""
        from ..store import StoreError

        form, store = self.form, self.bridge.store
        if form is None or not form.dirty or store is None:
            return
        application = form.context.application
        try:
            store.save_reflection(form.answers(), reflection_id=form.reflection_id,
                                  application_id=application.id if application else None,
                                  status="draft")
        except StoreError as exc:
            self.app.notify(f"The reflection draft could not be saved: {visible(str(exc))}",
                            severity="error", markup=False)


def _same_application(shown: ApplicationRecord | None, asked: ApplicationRecord | None) -> bool:
    """Whether a form about `shown` is one about `asked` (both free-standing, or the same
    application)."""
    if shown is None or asked is None:
        return shown is asked
    return shown.id == asked.id


@dataclass(frozen=True)
class _Save:
    """A form's answers as they were when a save was asked for."""

    form: ReflectionForm
    status: str
    answers: dict[str, Any]
    changes: int
