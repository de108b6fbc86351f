"""How an interview went, in a line (`h` in the pipeline, issue 14): optional and skippable,
`escape` leaves it as it was."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Static

from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.widgets.form_fields import (
    FormField,
    LineInput,
    after_typed_keys,
    visible_line,
)

from .dialog import ONE_LINE_KEYS, Dialog

if TYPE_CHECKING:
    from bounceback_tui.store.planning import InterviewRecord


class HowItWentDialog(Dialog[str | None]):
    """"How did it go?": one line about a past interview; `enter` keeps it (empty clears)."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#how-text"
    BINDINGS: ClassVar[list[BindingType]] = ONE_LINE_KEYS

    def __init__(self, interview: InterviewRecord, when: str) -> None:
        super().__init__()
        self.interview = interview
        self.when = when

    def compose(self) -> ComposeResult:
        with Vertical(id="how-box", classes="dialog-box") as box:
            box.border_title = "How did it go?"
            yield Static(Content.assemble(
                (visible_line(self.interview.company), "bold"), " · ", self.interview.kind,
                " · ", self.when), classes="dialog-title")
            yield FormField("In a line", LineInput(
                self.interview.how_it_went, id="how-text", compact=True,
                placeholder="optional: what went well, what you would ask next time"),
                id="field-how")
        yield Footer(show_command_palette=False)

    def action_accept(self) -> None:
        after_typed_keys(self, self._accept)

    def _accept(self) -> None:
        self.dismiss(self.query_one("#how-text", Input).value.strip())

    @on(Input.Changed, "#how-text")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#field-how", FormField).value_changed(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
