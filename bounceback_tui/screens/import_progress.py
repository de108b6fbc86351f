"""How far a large import has got: a bar and a count, shown over the dashboard while the
file's applications are written. It closes itself when the import is done (or refused)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, ProgressBar, Static

from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.widgets.form_fields import visible_line

from .dialog import Dialog

PROGRESS_FROM = 2_000
"""Files with at least this many applications show the bar (smaller ones take a moment)."""


class ImportProgress(Dialog[None]):
    """`advance(done)` moves the bar; `finish()` closes it. No key stops an import: it is one
    transaction, so it lands whole or not at all (and `u` takes it back whole)."""

    CSS_PATH = DIALOGS_CSS
    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, name: str, total: int) -> None:
        super().__init__()
        self._name = name
        self.total = total
        self.done = 0
        """How many applications are written so far."""

    def compose(self) -> ComposeResult:
        with Vertical(id="import-progress-box", classes="dialog-box") as box:
            box.border_title = Content(f"Importing {visible_line(self._name)}")
            yield ProgressBar(total=self.total, show_eta=False, id="import-progress-bar")
            yield Static(self._count(), id="import-progress-count", markup=False)
            yield Static("One change: all of it lands or none; u takes it back.",
                         id="import-progress-hint", markup=False)
        yield Footer(show_command_palette=False)  # as every dialog's (no keys here)

    def on_mount(self) -> None:
        self._show()  # what was written while the screen was being put up

    def advance(self, done: int) -> None:
        """`done` applications of `total` are written."""
        self.done = done
        self._show()

    def _show(self) -> None:
        for bar in self.query(ProgressBar):  # none yet while the screen is put up
            bar.update(progress=self.done)
        for count in self.query("#import-progress-count").results(Static):
            count.update(self._count())

    def finish(self) -> None:
        """The import is over (written, or refused): close."""
        self.dismiss(None)

    def _count(self) -> str:
        return f"{self.done:,} of {self.total:,} applications"
