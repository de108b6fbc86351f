"""A reflection edited on two machines before they met (issue 17): which version to keep,
or both (the other becomes a reflection of its own). Never a mix of the two."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.widgets.form_fields import visible_line

from .dialog import PickDialog

SHOWN = ("went_well", "do_differently", "taught_me", "reasons_text", "next_step")
"""The answers a version is recognised by, first one written."""


def _when(stored: str) -> str:
    """A stored instant (UTC text) as a local day and time: `Thu 26 Nov 10:30`."""
    from datetime import UTC, datetime

    try:
        moment = datetime.fromisoformat(stored.replace(" ", "T")).replace(tzinfo=UTC)
    except ValueError:
        return "when unknown"
    return f"{moment.astimezone():%a %d %b %H:%M}"


def _gist(content: dict[str, Any], width: int = 48) -> str:
    text = next((content.get(name) for name in SHOWN if (content.get(name) or "").strip()), "")
    text = " ".join(str(text or "(nothing written)").split())
    return text if len(text) <= width else text[:width - 1] + "…"


class VersionsDialog(PickDialog):
    """The two versions, newest last, and "keep both"; `enter` picks, `escape` asks later."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#versions-choice"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Keep", id="versions.choose"),
        Binding("escape", "cancel", "Later", id="versions.cancel"),
    ]

    def __init__(self, about: str, versions: list[Any]) -> None:
        super().__init__()
        self.about = about
        self.versions = versions

    def compose(self) -> ComposeResult:
        with Vertical(id="versions-box", classes="dialog-box") as box:
            box.border_title = "Two versions"
            yield Static(Content.assemble(
                "Your reflection", (f" about {visible_line(self.about)}" if self.about else ""),
                " was changed on two machines before they met. Which one do you keep?"),
                classes="dialog-title")
            options = [Option(Content.assemble(
                (f"{visible_line(v.machine)}'s", "bold"), f" ({_when(v.at)})  ",
                f"“{visible_line(_gist(v.content))}”"), id=v.revision) for v in self.versions]
            options.append(Option("Keep both, as two reflections", id="both"))
            yield OptionList(*options, id="versions-choice")
        yield Footer(show_command_palette=False)
