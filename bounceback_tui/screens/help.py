"""Keys and help: what BounceBack is for, and every key the app offers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Label, Static

from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.widgets.form_fields import visible_line, visible_notes

from .dialog import Dialog

ABOUT = (
    "BounceBack keeps your job hunt in one calm place. Log applications as you send them "
    "and move them along as answers come in. When a no arrives, turn it into a short, "
    "guided reflection instead of a spiral.\n\n"
    "Over time the dashboard shows how you bounce back: how quickly, how many no's each yes "
    "took, and that you keep showing up. Everything stays on this computer."
)
"""A few lines on what BounceBack is for."""

KeyRow = tuple[str, str, str]
"""(section, key, description), e.g. ("Pipeline", "a", "Add an application")."""


class HelpScreen(Dialog[None]):
    """What BounceBack is for, then the keys, grouped by section in the order given.
    `escape`, `?` or `q` closes."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#help-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("question_mark", "close", "Close", id="help.close_question", key_display="?",
                show=False),
        Binding("q", "close", "Close", id="help.close_q", show=False),
    ]

    def __init__(self, keys: Iterable[KeyRow], *, about: str = ABOUT) -> None:
        super().__init__()
        self.keys: tuple[KeyRow, ...] = tuple(keys)
        """The keys shown, as given."""
        self.about = about
        """The text above the keys."""

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The keys grouped by section, sections in order of first appearance."""
        grouped: dict[str, list[tuple[str, str]]] = {}
        for section, key, description in self.keys:
            grouped.setdefault(section, []).append((key, description))
        return list(grouped.items())

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog-box") as box:
            box.border_title = "Keys and help"
            with VerticalScroll(id="help-body"):
                yield Static(visible_notes(self.about), markup=False, id="help-about")
                for section, rows in self.sections():
                    yield Label(visible_line(section), markup=False, classes="help-section")
                    for key, description in rows:
                        yield Horizontal(
                            Static(visible_line(key), markup=False, classes="help-key"),
                            Static(visible_line(description), markup=False,
                                   classes="help-description"),
                            classes="help-row",
                        )
        yield Footer(show_command_palette=False)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)


def key_help(sections: Iterable[tuple[str, Iterable[object]]],
             key_display: Callable[[Binding], str],
             overrides: Mapping[str, str] | None = None) -> list[KeyRow]:
    """(section, key, description) for every described binding of `sections` (with the key
    config.toml gives its id in `overrides`), then the palette's ctrl+p."""
    rows: list[KeyRow] = []
    for section, bindings in sections:
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description:
                override = (overrides or {}).get(binding.id or "")
                keyed = binding.with_key(override, key_display=None) if override else binding
                keys = keyed.key.split(",")  # "home,ctrl+home" is two keys: shown apart
                shown = key_display(keyed) if len(keys) == 1 else " / ".join(
                    key_display(keyed.with_key(key.strip(), key_display=None)) for key in keys)
                rows.append((section, shown, binding.description))
    rows.append(("Everywhere", "ctrl+p", "Commands"))
    return rows
