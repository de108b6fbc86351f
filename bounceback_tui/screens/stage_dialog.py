"""Moving an application to a stage chosen from a list, then dated (issue 16: dates are
honest). `m` in the pipeline; `>` stays the instant step forward."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from bounceback_tui.domain.stages import STAGES
from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.widgets.form_fields import visible_line

from .dialog import PickDialog

if TYPE_CHECKING:
    from bounceback_tui.store.records import ApplicationRecord


class StageDialog(PickDialog):
    """"Move Acme — Dev to…": every stage but the one it is at; `enter` picks (the move
    dialog then asks for a note and the day), `escape` cancels."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#stage-choice"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Choose", id="stage.choose"),  # the list's own enter
        Binding("escape", "cancel", "Cancel", id="stage.cancel"),
    ]

    def __init__(self, application: ApplicationRecord) -> None:
        super().__init__()
        self.application = application

    def compose(self) -> ComposeResult:
        record = self.application
        with Vertical(id="stage-box", classes="dialog-box") as box:
            box.border_title = "Move to…"
            yield Static(Content.assemble(
                "Move ", (visible_line(record.company), "bold"), " — ",
                visible_line(record.role), f" (now {record.stage}) to:"),
                classes="dialog-title")
            yield OptionList(*(Option(stage, id=stage) for stage in STAGES
                               if stage != record.stage), id="stage-choice")
        yield Footer(show_command_palette=False)
