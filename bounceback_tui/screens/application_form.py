"""Adding an application, or editing one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Input, Static, TextArea

from bounceback_tui.domain.dates import DateInputError, parse_when
from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.screens.confirm import ConfirmDialog
from bounceback_tui.widgets.form_fields import (
    FormField,
    LineInput,
    NotesArea,
    after_typed_keys,
    visible_line,
    visible_notes,
)
from bounceback_tui.domain.time_text import (
    Clock,
    day_text,
    humanised,
    in_zone,
    system_now,
    zone,
)

from .dialog import Dialog

if TYPE_CHECKING:
    import pendulum

    from bounceback_tui.store.records import ApplicationRecord

LINE_FIELDS = ("company", "role", "source", "location", "url")
"""The one-line fields, in the order they appear."""

EDITABLE_FIELDS = (*LINE_FIELDS, "notes")
"""The fields an edit can change (the names `Store.edit_application` takes)."""

DISCARD_QUESTION = "Discard what you typed?"


def _no_changes() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class ApplicationInput:
    """What the application form held when the person saved it.

    Adding: every field, `application_id` None, `applied_at` the instant (UTC) they typed.
    Editing: every field as it now reads, `application_id` set, `applied_at` the new instant
    when the day it was sent changed (else None: `store.set_applied_at`), and `changes`
    holding only the fields that changed, ready for
    `store.edit_application(application_id, **changes)` (empty: nothing to do).
    One-line fields are trimmed of surrounding spaces; notes are kept as typed.
    """

    company: str
    role: str
    applied_at: pendulum.DateTime | None
    source: str
    location: str
    url: str
    notes: str
    application_id: int | None = None
    changes: Mapping[str, str] = field(default_factory=_no_changes, hash=False)

    @property
    def is_edit(self) -> bool:
        """Whether this edits an existing application."""
        return self.application_id is not None


class ApplicationForm(Dialog[ApplicationInput | None]):
    """The add/edit application form. Dismisses with an `ApplicationInput`, or None when the
    person cancels. `ctrl+s` saves from any field; `escape` cancels (asking first when
    something was typed); `tab`/`shift+tab` (and `enter` in a one-line field) move on."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#company"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        # Priority: focus moves before the keys typed after it are routed (fast typists, tmux).
        Binding("tab", "app.focus_next", "Next field", id="form.next_field", priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", id="form.previous_field",
                show=False, priority=True),
    ]

    COMPANY_SETTLE_SECONDS = 0.3
    """How long the company field must rest before `CompanyChanged` is posted."""

    @dataclass
    class CompanyChanged(Message):
        """The company typed in an add form settled on a new value (posted after a short
        pause, and only when adding). The app may look it up and call `form.set_notice()`."""

        form: ApplicationForm
        """The form that holds it."""
        company: str
        """The company as typed, trimmed."""

    def __init__(
        self,
        application: ApplicationRecord | None = None,
        *,
        notice: str = "",
        clock: Clock | None = None,
        tz: tzinfo | str | None = None,
    ) -> None:
        super().__init__()
        self.application = application
        """The application being edited, or None when adding."""
        self._notice = notice
        self._clock: Clock = clock or system_now
        self._tz = tz
        record = application
        self._initial: dict[str, str] = {
            name: visible_line(getattr(record, name)) if record else ""
            for name in LINE_FIELDS
        }
        self._initial["notes"] = visible_notes(record.notes) if record else ""
        if record is None:
            self._initial["applied"] = "today"
        elif record.applied_at is not None:  # editing: the day it was sent, changeable
            self._initial["applied"] = in_zone(record.applied_at, tz).date().isoformat()
        self._company_timer: Timer | None = None
        self._last_company = self._initial["company"].strip()

    # Building

    def compose(self) -> ComposeResult:
        adding = self.application is None
        with Vertical(id="form-box", classes="dialog-box") as box:
            box.border_title = "Add an application" if adding else "Edit the application"
            yield Static(visible_notes(self._notice), markup=False, id="form-notice")
            yield self._line_field("Company", "company", "who you applied to")
            yield self._line_field("Role", "role", "the job title")
            if "applied" in self._initial:
                applied = LineInput(self._initial["applied"], id="applied", compact=True,
                                    placeholder="today, YYYY-MM-DD")
                yield FormField("Applied on", applied, hint=True, id="field-applied")
            else:
                yield FormField("Applied on", Static(self._applied_text(), markup=False,
                                                     id="applied-read-only"),
                                id="field-applied")
            yield self._line_field("Source", "source", "referral, job board, company site…")
            yield self._line_field("Location", "location", "Remote, a city…")
            yield self._line_field("URL", "url", "https://…")
            notes = NotesArea(self._initial["notes"], id="notes", compact=True, soft_wrap=True,
                              tab_behavior="focus", show_line_numbers=False,
                              highlight_cursor_line=False)
            yield FormField("Notes", notes, id="field-notes")
        yield Footer(show_command_palette=False)

    def _line_field(self, label: str, name: str, placeholder: str) -> FormField:
        control = LineInput(self._initial[name], id=name, compact=True, placeholder=placeholder)
        return FormField(label, control, id=f"field-{name}")

    def _applied_text(self) -> str:
        record = self.application
        if record is None or record.applied_at is None:
            return "not applied yet"
        when = in_zone(record.applied_at, self._tz)
        return f"{day_text(when.date())} · {humanised(record.applied_at, self._clock())}"

    def on_mount(self) -> None:
        self.query_one("#form-notice", Static).display = bool(self._notice)
        if "applied" in self._initial:
            self._preview_applied(self._initial["applied"])

    # Public API

    @property
    def notice(self) -> str:
        """The notice shown at the top ("" when none)."""
        return self._notice

    def set_notice(self, text: str) -> None:
        """Show `text` (literally) at the top of the form, or hide the notice when empty.
        Safe to call after the form has closed (a slow lookup): it then does nothing."""
        self._notice = text
        try:
            notice = self.query_one("#form-notice", Static)
        except NoMatches:
            return
        notice.update(visible_notes(text))
        notice.display = bool(text)

    def has_unsaved_text(self) -> bool:
        """Whether any field differs from how the form opened (the app's quit check)."""
        try:
            return self._values() != self._initial
        except NoMatches:  # not composed yet, or already closed
            return False

    def form_field(self, name: str) -> FormField:
        """The labelled field called `name` (company, role, applied, source, location, url,
        notes)."""
        return self.query_one(f"#field-{name}", FormField)

    # Reading and checking

    def _values(self) -> dict[str, str]:
        values = {name: self.query_one(f"#{name}", Input).value for name in LINE_FIELDS}
        values["notes"] = self.query_one("#notes", TextArea).text
        if "applied" in self._initial:
            values["applied"] = self.query_one("#applied", Input).value
        return values

    def _now(self) -> datetime:
        return self._clock()

    def _preview_applied(self, text: str) -> None:
        try:
            when = parse_when(text, now=self._now(), tz=zone(self._tz))
        except DateInputError:
            self.form_field("applied").show_hint("")
            return
        today = in_zone(self._now(), self._tz).date()
        suffix = " (today)" if when.date() == today else ""
        self.form_field("applied").show_hint(f"→ {day_text(when.date())}{suffix}")

    @on(Input.Changed)
    def _field_changed(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        if name not in (*LINE_FIELDS, "applied"):
            return
        self.form_field(name).value_changed(event.value)
        if name == "applied":
            self._preview_applied(event.value)
        elif name == "company" and self.application is None:
            if self._company_timer is not None:
                self._company_timer.stop()
            self._company_timer = self.set_timer(self.COMPANY_SETTLE_SECONDS,
                                                 self._company_settled)

    def _company_settled(self) -> None:
        company = self.query_one("#company", Input).value.strip()
        if company != self._last_company:
            self._last_company = company
            self.post_message(self.CompanyChanged(self, company))

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    # Actions

    def action_save(self) -> None:
        """Check the fields; show what is wrong beside each, or dismiss with the input."""
        after_typed_keys(self, self._save)

    def _save(self) -> None:
        values = self._values()
        cleaned = {name: values[name].strip() for name in LINE_FIELDS}
        cleaned["notes"] = values["notes"]
        errors: dict[str, str] = {}
        if not cleaned["company"]:
            errors["company"] = "Give the company's name."
        if not cleaned["role"]:
            errors["role"] = "Give the job title."
        applied_at = None
        # Adding: the day typed. Editing: a changed day (else None: nothing to move).
        if "applied" in values and (self.application is None
                                    or values["applied"].strip() != self._initial["applied"]):
            try:
                applied_at = parse_when(values["applied"], now=self._now(),
                                        tz=zone(self._tz)).in_timezone("UTC")
            except DateInputError as error:
                errors["applied"] = str(error)
        for name in (*LINE_FIELDS, "applied"):
            if name in values:
                self.form_field(name).show_error(errors.get(name, ""), for_value=values[name])
        if errors:
            first = next(name for name in (*LINE_FIELDS, "applied") if name in errors)
            self.query_one(f"#{first}").focus()
            return
        record = self.application
        changes: dict[str, str] = {}
        if record is not None:
            changes = {
                name: cleaned[name]
                for name in EDITABLE_FIELDS
                if values[name] != self._initial[name] and cleaned[name] != getattr(record, name)
            }
        self.dismiss(ApplicationInput(
            company=cleaned["company"], role=cleaned["role"], applied_at=applied_at,
            source=cleaned["source"], location=cleaned["location"], url=cleaned["url"],
            notes=cleaned["notes"], application_id=record.id if record else None,
            changes=MappingProxyType(changes),
        ))

    def action_cancel(self) -> None:
        """Close without saving; when something was typed, ask first."""
        after_typed_keys(self, self._cancel)

    def _cancel(self) -> None:
        if not self.has_unsaved_text():
            self.dismiss(None)
            return

        def discard(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(DISCARD_QUESTION, yes="Discard", no="Keep editing",
                          title="Unsaved text"),
            discard,
        )
