"""The small base every screen of BounceBack stands on: a screen is dismissed once.

Textual's `Screen.dismiss` calls the result callback and pops whatever screen is on top,
each time it is called. Two keys that both dismiss (`enter` pressed twice fast, `escape`
right after `enter`) then ran the callback twice (a move recorded twice, a form's answer
handed over twice) and popped the screen below too, which stopped the app. Here the first
dismissal wins and later ones do nothing; so does a dismissal of a screen that is no longer
the one on top (`Screen.is_current` is true behind a modal too, so it is not asked).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

ResultType = TypeVar("ResultType")


class DismissOnce:
    """Mixin for a Screen: `dismiss` works once, and only while the screen is on top."""

    _dismissed: bool = False

    def dismiss(self, result: Any = None) -> AwaitComplete:
        """Dismiss with `result`, unless already dismissed or another screen is on top (whose
        place Textual's dismiss would pop instead): then nothing happens."""
        screen: Any = self
        if self._dismissed or not screen.is_attached or _top_screen(screen) is not self:
            return AwaitComplete()
        self._dismissed = True
        return super().dismiss(result)  # type: ignore[misc]


def _top_screen(screen: Any) -> Any:
    from textual.app import ScreenStackError

    try:
        return screen.app.screen
    except ScreenStackError:
        return None


class Dialog(DismissOnce, ModalScreen[ResultType], Generic[ResultType]):
    """A modal dialog (a form, a question) that can be answered only once."""


class PickDialog(Dialog[str | None]):
    """A dialog whose answer is one option of its OptionList (its id), or None: enter (the
    list's own, or the dialog's binding shown in the footer) picks, escape cancels."""

    def on_option_list_option_selected(self, event: Any) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self) -> None:
        from textual.widgets import OptionList

        listing = self.query_one(OptionList)
        if listing.highlighted is not None:
            self.dismiss(listing.get_option_at_index(listing.highlighted).id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Page(DismissOnce, Screen[ResultType], Generic[ResultType]):
    """A full screen (an application's detail) that closes only once."""


ONE_LINE_KEYS: list[BindingType] = [
    Binding("enter", "accept", "Save", id="journal.accept", priority=True),
    Binding("escape", "cancel", "Cancel", id="journal.cancel"),
    Binding("tab", "app.focus_next", "Next field", id="journal.next_field", priority=True),
    Binding("shift+tab", "app.focus_previous", "Previous field", id="journal.previous_field",
            show=False, priority=True),
]
"""Keys of a one-line dialog (a win, a growth action): enter saves, escape cancels."""
