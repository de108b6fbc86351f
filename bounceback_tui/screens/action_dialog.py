"""Commit to a growth action: what, which kind, and by when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Input, RadioButton, RadioSet

from bounceback_tui.domain.dates import DateInputError, parse_day
from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.widgets.form_fields import FormField, LineInput, OneChoice, after_typed_keys
from bounceback_tui.store.records import ACTION_KINDS

from .dialog import ONE_LINE_KEYS, Dialog


@dataclass(frozen=True)
class ActionInput:
    """A growth action as confirmed: for `store.add_action(text, kind=, due_on=)`."""

    text: str
    kind: str
    due_on: date | None


class ActionDialog(Dialog[ActionInput | None]):
    """"Add a growth action": what, which kind, by when (optional)."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#action-text"
    BINDINGS: ClassVar[list[BindingType]] = ONE_LINE_KEYS

    def compose(self) -> ComposeResult:
        with Vertical(id="action-box", classes="dialog-box") as box:
            box.border_title = "Add a growth action"
            yield FormField("What", LineInput(id="action-text", compact=True,
                                              placeholder="e.g. finish the SQL course"),
                            id="field-action")
            with OneChoice(id="action-kind", compact=True):
                for index, kind in enumerate(ACTION_KINDS):
                    yield RadioButton(kind, value=index == 0, name=kind)
            yield FormField("By", LineInput(id="action-due", compact=True,
                                            placeholder="optional: YYYY-MM-DD"),
                            id="field-due")
        yield Footer(show_command_palette=False)

    def action_accept(self) -> None:
        after_typed_keys(self, self._accept)

    def _accept(self) -> None:
        text = self.query_one("#action-text", Input).value.strip()
        if not text:
            self.query_one("#field-action", FormField).show_error("write what you will do")
            self.query_one("#action-text", Input).focus()
            return
        due_text = self.query_one("#action-due", Input).value.strip()
        due = None
        if due_text:
            try:
                due = parse_day(due_text)
            except DateInputError as error:
                self.query_one("#field-due", FormField).show_error(str(error),
                                                                   for_value=due_text)
                self.query_one("#action-due", Input).focus()
                return
        pressed = self.query_one("#action-kind", RadioSet).pressed_button
        kind = pressed.name if pressed is not None and pressed.name else "other"
        self.dismiss(ActionInput(text, kind, due))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        field = {"action-text": "#field-action", "action-due": "#field-due"}.get(
            event.input.id or "")
        if field:
            self.query_one(field, FormField).value_changed(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
