"""Setting or clearing the day to follow up on an application."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Static

from bounceback_tui.domain.dates import DateInputError, parse_day
from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.widgets.form_fields import (
    FormField,
    LineInput,
    after_typed_keys,
    visible_line,
)
from bounceback_tui.domain.time_text import (
    Clock,
    day_text,
    in_zone,
    relative_day,
    system_now,
    zone,
)

from .dialog import Dialog

if TYPE_CHECKING:
    from bounceback_tui.store.records import ApplicationRecord


@dataclass(frozen=True)
class FollowUpInput:
    """The follow-up day the person chose: ready for
    `store.edit_application(application_id, follow_up_on=day)`."""

    day: date | None
    """The local day to follow up, or None to clear the follow-up."""


class FollowUpDialog(Dialog[FollowUpInput | None]):
    """Set or clear the follow-up day: `in 3 days`, `tomorrow`, `YYYY-MM-DD`; empty clears.
    `enter` accepts; `escape` cancels (dismisses None). Days already past are refused."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#follow-up-day"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "accept", "Set", id="follow_up.accept", priority=True),
        Binding("escape", "cancel", "Cancel", id="follow_up.cancel"),
    ]

    def __init__(
        self,
        application: ApplicationRecord,
        *,
        clock: Clock | None = None,
        tz: tzinfo | str | None = None,
    ) -> None:
        super().__init__()
        self.application = application
        """The application to follow up on."""
        self.current: date | None = application.follow_up_on
        """The follow-up day set now, if any."""
        self._clock: Clock = clock or system_now
        self._tz = tz

    def title_content(self) -> Content:
        """"Follow up with Acme — Backend Engineer", user text kept literal."""
        return Content.assemble(
            "Follow up with ", (visible_line(self.application.company), "bold"), " — ",
            visible_line(self.application.role),
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="follow-up-box", classes="dialog-box") as box:
            box.border_title = "Follow-up"
            yield Static(self.title_content(), id="follow-up-title", classes="dialog-title")
            day = LineInput(self.current.isoformat() if self.current else "",
                            id="follow-up-day", compact=True,
                            placeholder="tomorrow, next friday, in 2 weeks, Dec 10")
            yield FormField("Day", day, hint=True, id="field-day")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._preview(self.query_one("#follow-up-day", Input).value)

    def _today(self) -> date:
        return in_zone(self._clock(), self._tz).date()

    def _read(self, text: str) -> date | None:
        """The day `text` names (None when empty); raises DateInputError when unreadable."""
        if not text.strip():
            return None
        day = parse_day(text, now=self._clock(), tz=zone(self._tz), allow_future=True)
        if day < self._today():
            raise DateInputError(f"{day.isoformat()} has passed; give today or a later day")
        return day

    def _preview(self, text: str) -> None:
        field = self.query_one("#field-day", FormField)
        try:
            day = self._read(text)
        except DateInputError:
            field.show_hint("")
            return
        if day is None:
            field.show_hint("empty: no follow-up" if self.current is None
                            else "empty clears the follow-up")
        else:
            field.show_hint(f"→ {day_text(day)}, {relative_day(day, self._today())}")

    @on(Input.Changed, "#follow-up-day")
    def _day_changed(self, event: Input.Changed) -> None:
        self.query_one("#field-day", FormField).value_changed(event.value)
        self._preview(event.value)

    def action_accept(self) -> None:
        """Dismiss with the day (or None to clear), or show why it cannot be used."""
        after_typed_keys(self, self._accept)

    def _accept(self) -> None:
        text = self.query_one("#follow-up-day", Input).value
        try:
            day = self._read(text)
        except DateInputError as error:
            self.query_one("#field-day", FormField).show_error(str(error), for_value=text)
            return
        self.dismiss(FollowUpInput(day=day))

    def action_cancel(self) -> None:
        """Close without changing the follow-up."""
        self.dismiss(None)
