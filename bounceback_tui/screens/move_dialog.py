"""Moving an application to a stage: an optional note and when it happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, RadioButton, RadioSet, Static

from bounceback_tui.domain.dates import DateInputError, parse_when
from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.widgets.form_fields import (
    FormField,
    LineInput,
    after_typed_keys,
    visible_line,
)
from bounceback_tui.domain.time_text import Clock, exact, in_zone, system_now, zone

from .dialog import Dialog

if TYPE_CHECKING:
    import pendulum

    from bounceback_tui.store.records import ApplicationRecord


@dataclass(frozen=True)
class MoveInput:
    """A stage move as the person confirmed it: ready for
    `store.move(application_id, stage, at=at, note=note)`."""

    note: str
    """The note, trimmed ("" when none)."""
    at: pendulum.DateTime
    """When it happened, in UTC."""
    reflect: str = "now"
    """After a no: reflect "now", "later" (a quiet item in the Reflection pane), or "no"."""


REFLECT_CHOICES = (("now", "reflect now"), ("later", "later"), ("no", "not on this one"))
"""What a no's move offers next (issue 16: reflect when ready)."""


class ReflectChoice(RadioSet):
    """now · later · not on this one: the arrows choose (no need to press space too).
    `chosen` follows the arrows at once: a button's press reaches the set as a message,
    after an `enter` sent in the same burst (tmux, a fast typist) has already accepted."""

    chosen = 0

    def on_key(self, event: events.Key) -> None:
        """The arrows here, while the key is this widget's: as a binding they would run only
        once the key came back up to the app, after an `enter` typed right behind them."""
        step = {"right": 1, "down": 1, "left": -1, "up": -1}.get(event.key)
        if step is not None:
            event.stop()
            event.prevent_default()
            (self.action_next_button if step > 0 else self.action_previous_button)()

    def action_next_button(self) -> None:
        super().action_next_button()
        self._choose()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self._choose()

    def _choose(self) -> None:
        self.chosen = self._selected if self._selected is not None else self.chosen
        self.action_toggle_button()


class MoveDialog(Dialog[MoveInput | None]):
    """"Move Acme — Backend Engineer to rejected": an optional note and a date (default now).
    `enter` in either field accepts; `escape` cancels (dismisses None). A date before the
    application's last activity is refused, as the store would refuse it."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#move-note"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "accept", "Move", id="move.accept", priority=True),
        Binding("escape", "cancel", "Cancel", id="move.cancel"),
        # Priority: focus moves before the keys typed after it are routed (fast typists, tmux).
        Binding("tab", "app.focus_next", "Next field", id="move.next_field", priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", id="move.previous_field",
                show=False, priority=True),
    ]

    def __init__(
        self,
        application: ApplicationRecord,
        stage: str,
        *,
        clock: Clock | None = None,
        tz: tzinfo | str | None = None,
    ) -> None:
        super().__init__()
        self.application = application
        """The application that moves."""
        self.stage = stage
        """The stage it moves to."""
        self._not_before: datetime = application.last_activity_at
        self._clock: Clock = clock or system_now
        self._tz = tz

    def title_content(self) -> Content:
        """"Move Acme — Backend Engineer to rejected", user text kept literal."""
        return Content.assemble(
            "Move ", (visible_line(self.application.company), "bold"), " — ",
            visible_line(self.application.role),
            " to ", (visible_line(self.stage), "bold"),
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="move-box", classes="dialog-box") as box:
            box.border_title = "Move"
            yield Static(self.title_content(), id="move-title", classes="dialog-title")
            note = LineInput(id="move-note", compact=True, placeholder="optional")
            yield FormField("Note", note, id="field-note")
            when = LineInput("now", id="move-when", compact=True,
                             placeholder="now, YYYY-MM-DD")
            yield FormField("When", when, hint=True, id="field-when")
            if self.stage in ("rejected", "ghosted"):
                with ReflectChoice(id="move-reflect", compact=True):
                    for number, (_value, label) in enumerate(REFLECT_CHOICES):
                        yield RadioButton(label, value=number == 0)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._preview("now")

    def _preview(self, text: str) -> None:
        field = self.query_one("#field-when", FormField)
        try:
            when = parse_when(text, now=self._clock(), tz=zone(self._tz))
        except DateInputError:
            field.show_hint("")
            return
        field.show_hint(f"→ {exact(when, self._tz)}")

    @on(Input.Changed, "#move-when")
    def _when_changed(self, event: Input.Changed) -> None:
        self.query_one("#field-when", FormField).value_changed(event.value)
        self._preview(event.value)

    def action_accept(self) -> None:
        """Dismiss with the note and the instant, or show why the date cannot be used."""
        after_typed_keys(self, self._accept)

    def _accept(self) -> None:
        field = self.query_one("#field-when", FormField)
        text = self.query_one("#move-when", Input).value
        try:
            when = parse_when(text, now=self._clock(), tz=zone(self._tz))
        except DateInputError as error:
            field.show_error(str(error), for_value=text)
            self.query_one("#move-when", Input).focus()
            return
        if when < self._not_before:
            last = in_zone(self._not_before, self._tz)
            field.show_error(
                f"the last change was on {exact(last, self._tz)}; give that time or later",
                for_value=text,
            )
            self.query_one("#move-when", Input).focus()
            return
        note = self.query_one("#move-note", Input).value.strip()
        choice = self.query(ReflectChoice)
        reflect = REFLECT_CHOICES[choice.first().chosen][0] if choice else "now"
        self.dismiss(MoveInput(note=note, at=when.in_timezone("UTC"), reflect=reflect))

    def action_cancel(self) -> None:
        """Close without moving."""
        self.dismiss(None)
