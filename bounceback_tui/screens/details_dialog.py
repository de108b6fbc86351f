"""An application's details (issue 14), changed from its detail screen (`p` there): pay as
typed, the deadline, excitement, tags and the posting's text."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Static, TextArea

from bounceback_tui.domain.dates import DateInputError
from bounceback_tui.domain.time_text import Clock, day_text, system_now, zone
from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.widgets.form_fields import (
    FormField,
    LineInput,
    NotesArea,
    after_typed_keys,
    visible_line,
    visible_notes,
)

from .dialog import Dialog

if TYPE_CHECKING:
    from bounceback_tui.store.planning import DetailsRecord
    from bounceback_tui.store.records import ApplicationRecord

LINES = ("pay", "deadline", "excitement", "tags")
"""The one-line fields, in order."""


class DetailsDialog(Dialog[Mapping[str, Any] | None]):
    """Pay, deadline, excitement, tags and posting, filled in as they are. `ctrl+s` saves and
    dismisses with only what changed (for `store.set_details(...)`; empty: nothing to do);
    `escape` cancels."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#details-pay"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="details.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="details.cancel"),
        Binding("tab", "app.focus_next", "Next field", id="details.next_field", priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field",
                id="details.previous_field", show=False, priority=True),
    ]

    def __init__(self, application: ApplicationRecord, details: DetailsRecord, *,
                 clock: Clock | None = None, tz: tzinfo | str | None = None) -> None:
        super().__init__()
        self.application = application
        self.details = details
        self._clock: Clock = clock or system_now
        self._tz = tz
        self._initial = {
            "pay": visible_line(details.pay_text),
            "deadline": details.deadline_on.isoformat() if details.deadline_on else "",
            "excitement": str(details.excitement or ""),
            "tags": ", ".join(visible_line(tag) for tag in details.tags),
            "posting": visible_notes(details.posting),
        }

    def compose(self) -> ComposeResult:
        with Vertical(id="details-box", classes="dialog-box") as box:
            box.border_title = "Pay, deadline, tags, posting"
            yield Static(Content.assemble(
                (visible_line(self.application.company), "bold"), " — ",
                visible_line(self.application.role)), classes="dialog-title")
            for name, label, hint in (
                    ("pay", "Pay", "as written: $165k, £90k–120k a year"),
                    ("deadline", "Deadline", "Dec 20, next friday, none"),
                    ("excitement", "Excitement", "1 to 5"),
                    ("tags", "Tags", "comma between: remote, fintech")):
                yield FormField(label, LineInput(self._initial[name], id=f"details-{name}",
                                                 compact=True, placeholder=hint),
                                hint=name in ("pay", "deadline"), id=f"field-{name}")
            yield FormField("Posting", NotesArea(
                self._initial["posting"], id="details-posting", compact=True, soft_wrap=True,
                tab_behavior="focus", show_line_numbers=False, highlight_cursor_line=False),
                id="field-posting")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        for name in ("pay", "deadline"):
            self._preview(name, self._initial[name])

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("details-")
        if name in LINES:
            self.query_one(f"#field-{name}", FormField).value_changed(event.value)
            self._preview(name, event.value)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def _preview(self, name: str, text: str) -> None:
        if name not in ("pay", "deadline"):
            return
        field = self.query_one(f"#field-{name}", FormField)
        try:
            value = self._read(name, text)
        except ValueError:
            field.show_hint("")
            return
        if name == "deadline":
            field.show_hint(f"→ {day_text(value)}" if value else "")
        else:
            from bounceback_tui.domain.pay import pay_reading

            reading = pay_reading(value)
            field.show_hint(f"→ {reading}" if reading else "")

    def _read(self, name: str, text: str) -> Any:
        """The value `text` means for field `name`; ValueError with a message if none."""
        text = text.strip()
        if name == "pay":
            from bounceback_tui.domain.pay import read_pay

            return read_pay(text)
        if name == "deadline":
            if not text or text.lower() == "none":
                return None
            from bounceback_tui.domain.dates import parse_day

            try:
                return parse_day(text, now=self._clock(), tz=zone(self._tz))
            except DateInputError as error:
                raise ValueError(str(error)) from None
        if name == "excitement":
            if not text:
                return None
            if not text.isdigit() or not 1 <= int(text) <= 5:
                raise ValueError("excitement is 1 to 5, or empty")
            return int(text)
        return [tag.strip() for tag in text.split(",") if tag.strip()]

    def action_save(self) -> None:
        after_typed_keys(self, self._save)

    def _save(self) -> None:
        values = {name: self.query_one(f"#details-{name}", Input).value for name in LINES}
        values["posting"] = self.query_one("#details-posting", TextArea).text
        changes: dict[str, Any] = {}
        for name in LINES:
            if values[name] == self._initial[name]:
                continue  # untouched: kept as stored (control characters and all)
            try:
                value = self._read(name, values[name])
            except ValueError as error:
                self.query_one(f"#field-{name}", FormField).show_error(
                    str(error), for_value=values[name])
                self.query_one(f"#details-{name}", Input).focus()
                return
            key = {"deadline": "deadline_on"}.get(name, name)
            changes[key] = values[name].strip() if name == "pay" else value
        if values["posting"] != self._initial["posting"]:
            changes["posting"] = values["posting"]
        self.dismiss(MappingProxyType(changes))

    def action_cancel(self) -> None:
        self.dismiss(None)

