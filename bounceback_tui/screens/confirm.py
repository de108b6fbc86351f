"""A small yes/no question."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Footer, Static

from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.widgets.form_fields import visible_line, visible_notes

from .dialog import Dialog


class ConfirmDialog(Dialog[bool]):
    """Ask `question` (shown literally; it may hold a company's name) and dismiss with True
    for yes, False for no. `y` or `enter` says yes, `n` or `escape` says no; the buttons too.
    `enter` presses whichever button has focus, and "yes" has it to begin with."""

    CSS_PATH = DIALOGS_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("enter", "answer(True)", "Yes", id="confirm.enter", show=False),
        Binding("escape", "answer(False)", "No", id="confirm.cancel", show=False),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No",
                 title: str = "Please confirm") -> None:
        super().__init__()
        self.question = question
        """The question, as given."""
        self._yes = yes
        self._no = no
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog-box") as box:
            box.border_title = Content(visible_line(self._title))
            yield Static(visible_notes(self.question), markup=False, id="confirm-question")
            with Horizontal(id="confirm-buttons", classes="dialog-buttons"):
                yes_label = Content(f"{visible_line(self._yes)} (y)")
                yield Button(yes_label, variant="primary", id="confirm-yes")
                yield Button(Content(f"{visible_line(self._no)} (n)"), id="confirm-no")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#confirm-yes", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes_pressed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no_pressed(self) -> None:
        self.dismiss(False)

    def action_answer(self, yes: bool) -> None:
        """Dismiss with the answer."""
        self.dismiss(yes)
