"""The pieces BounceBack's dialogs build their fields from: a labelled row with a live hint
beside the control and a one-line error under it, and text controls that never let a raw
control character reach the terminal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import (
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)

from bounceback_tui.domain.user_text import visible

from .key_order import KeysInOrder, OrderedInput


def visible_line(text: str) -> str:
    """One line of user text, safe to show: control characters become visible symbols."""
    return visible(text)


def visible_notes(text: str) -> str:
    """Multi-line user text, safe to show: line breaks (any style) become `\\n` and tabs stay;
    every other control character becomes a visible symbol."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\t".join(visible(part, keep_newlines=True) for part in lines.split("\t"))


def after_typed_keys(screen: Screen[Any], callback: Callable[[], object]) -> None:
    """Run `callback` once the focused field has taken the keys typed before this one.

    A priority binding runs as soon as the app reads its key, while keys typed just before
    it may still wait in the focused field's queue (a fast typist, keys sent through tmux):
    reading the fields at once would miss them.
    """
    (screen.focused or screen).call_later(callback)


class ChoiceList(KeysInOrder, SelectionList[Any]):
    """A SelectionList whose space toggles the option highlighted when space was pressed.

    Textual's SelectionList toggles whatever is highlighted when its "selected" message is
    handled: `space`, `down`, `space` arriving in one burst (a fast typist, tmux) toggled the
    second option twice and the first not at all."""

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        event.prevent_default()  # not SelectionList's own handler as well
        self.toggle(self.get_option_at_index(event.option_index))

    def action_select(self) -> None:
        """Toggle the highlighted option as the key is handled, not when a message about it
        comes back: a save asked for right after the key (ctrl+s in the same burst, waiting
        for the keys before it) then sees the choice."""
        highlighted = self.highlighted
        if highlighted is None:
            return
        option = self.get_option_at_index(highlighted)
        if not option.disabled:
            self.toggle(option)  # type: ignore[arg-type]


class OneChoice(KeysInOrder, RadioSet):
    """A RadioSet whose `pressed_button` is right as soon as enter or space is handled.

    Textual's RadioSet learns which button is pressed from the button's message, which
    comes back after the keys queued behind it: `right enter ctrl+s` in one burst saved the
    old choice."""

    def action_toggle_button(self) -> None:
        if self._selected is None:
            return
        button = self._nodes[self._selected]
        if not isinstance(button, RadioButton) or button.value:
            return  # pressed already (a radio button is not clicked off)
        previous = self._pressed_button
        with self.prevent(RadioButton.Changed):
            if previous is not None and previous is not button:
                previous.value = False
        button.value = True  # its message still comes: RadioSet says Changed then
        self._pressed_button = button


class LineInput(OrderedInput):
    """A one-line text field: a pasted control character (ESC, C1, bidi) arrives as a visible
    symbol rather than reaching the terminal raw. Give it `visible_line(value)` to start."""

    def _on_paste(self, event: events.Paste) -> None:
        # Runs before Input._on_paste (Textual dispatches along the MRO), which inserts it.
        lines = event.text.splitlines()
        event.text = visible_line(lines[0]) if lines else ""


class NotesArea(KeysInOrder, TextArea):
    """A multi-line text field: pasted line breaks are kept, other control characters arrive
    as visible symbols. `tab` moves focus (it does not indent)."""

    async def _on_paste(self, event: events.Paste) -> None:
        # Runs before TextArea._on_paste, which inserts the (now safe) text.
        event.text = visible_notes(event.text)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Nothing for a field being removed: Textual can draw it once more after its styles
        are gone (a form put away mid-frame), and TextArea would raise KeyError."""
        if not self._component_styles:
            return [Strip.blank(crop.width) for _ in range(crop.height)]
        return super().render_lines(crop)


class FormField(Horizontal):
    """A labelled field: the label on the left; the control, with an optional live hint
    beside it; and a one-line error under the control, shown only when there is one."""

    def __init__(self, label: str, control: Widget, *, hint: bool = False,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._label = label
        self.control = control
        """The field's input widget."""
        self._has_hint = hint
        self._error = ""
        self._error_value: str | None = None

    def compose(self) -> ComposeResult:
        yield Label(self._label, markup=False, classes="field-label")
        with Vertical(classes="field-body"):
            with Horizontal(classes="field-line"):
                yield self.control
                if self._has_hint:
                    yield Static("", markup=False, classes="field-hint")
            yield Static("", markup=False, classes="field-error")

    @property
    def error(self) -> str:
        """The error shown under the field ("" when none)."""
        return self._error

    def show_error(self, message: str, *, for_value: str | None = None) -> None:
        """Show `message` (shown literally) under the field and mark the field as wrong.

        With `for_value` (the text that was found wrong), `value_changed` keeps the error
        while the field still holds that text.
        """
        self._error = message
        self._error_value = for_value
        error = self.query_one(".field-error", Static)
        error.update(visible_line(message))
        error.display = bool(message)
        self.set_class(bool(message), "-error")
        if self._has_hint:
            self.query_one(".field-hint", Static).display = not message

    def clear_error(self) -> None:
        """Hide the error, if any."""
        if self._error:
            self.show_error("")

    def value_changed(self, value: str) -> None:
        """The person edited the field: hide the error unless it is about this very text
        (a change message can arrive after the check it preceded)."""
        if value != self._error_value:
            self.clear_error()

    def show_hint(self, text: str) -> None:
        """Show `text` (literally) beside the control; used to preview a date as read."""
        if self._has_hint:
            self.query_one(".field-hint", Static).update(visible_line(text))
