"""What a status word of an imported file means (issue 15): the dashboard's `--status`.

A file's status word nobody knows (`Heard back?`) is asked about once, from the import
dialog: a list of the stages it can mean (never a forward stage for a word that says no),
`enter` picks, `escape` stops asking."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from bounceback_tui.screens import DIALOGS_CSS

from ..domain.user_text import visible
from .dialog import PickDialog

MEANINGS = (
    ("saved", "saved: not sent yet"),
    ("applied", "applied: sent, no answer yet"),
    ("screening", "screening: a first call or a test"),
    ("interviewing", "interviewing"),
    ("offer", "offer"),
    ("accepted", "accepted"),
    ("declined", "declined: you said no to an offer"),
    ("rejected", "rejected: a no"),
    ("ghosted", "ghosted: no answer at all"),
    ("withdrawn", "withdrawn: you stepped back"),
    ("closed", "closed, no outcome (archived, expired, filled)"),
)
"""What a status word can be read as, as `--status WORD=STAGE` takes it."""


class StatusWordDialog(PickDialog):
    """"What does 'Heard back?' mean?": the stage (or "closed"), or None."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#status-meaning"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Choose", id="status_word.choose"),  # the list's own enter
        Binding("escape", "cancel", "Stop asking", id="status_word.cancel"),
    ]

    def __init__(self, word: str, rows: list[int]) -> None:
        super().__init__()
        self.word, self.rows = word, rows

    def compose(self) -> ComposeResult:
        from ..domain.import_words import can_mean

        shown = ", ".join(str(n) for n in self.rows[:5]) + (
            f" and {len(self.rows) - 5} more" if len(self.rows) > 5 else "")
        question = Text("What does ")
        question.append(visible(self.word), style="bold")  # the file's text, never markup
        question.append(f" mean? (row{'s' if len(self.rows) > 1 else ''} {shown})")
        with Vertical(id="status-box", classes="dialog-box") as box:
            box.border_title = "A status word"
            yield Static(question, classes="dialog-title")
            yield OptionList(*(Option(label, id=stage) for stage, label in MEANINGS
                               if can_mean(self.word, stage)), id="status-meaning")
        yield Footer(show_command_palette=False)
