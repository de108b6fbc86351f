"""Log a win: one line of text; `enter` saves, `escape` cancels."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Input, Static

from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.widgets.form_fields import FormField, LineInput, after_typed_keys

from .dialog import ONE_LINE_KEYS, Dialog


class WinDialog(Dialog[str | None]):
    """"Log a win": one line of text; `enter` saves, `escape` cancels."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#win-text"
    BINDINGS: ClassVar[list[BindingType]] = ONE_LINE_KEYS

    def compose(self) -> ComposeResult:
        with Vertical(id="win-box", classes="dialog-box") as box:
            box.border_title = "Log a win"
            yield Static("Something that went well: kind words, a skill learned, a step "
                         "reached.", classes="dialog-title")
            yield FormField("Win", LineInput(id="win-text", compact=True), id="field-win")
        yield Footer(show_command_palette=False)

    def action_accept(self) -> None:
        after_typed_keys(self, self._accept)

    def _accept(self) -> None:
        text = self.query_one("#win-text", Input).value.strip()
        if not text:
            self.query_one("#field-win", FormField).show_error("write what went well")
            return
        self.dismiss(text)

    @on(Input.Changed, "#win-text")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#field-win", FormField).value_changed(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
