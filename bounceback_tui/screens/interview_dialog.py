"""Scheduling an interview for an application (`i` in the pipeline, issue 14): when (as
people say it), what kind, how long, with whom and where."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, RadioButton, RadioSet, Static

from bounceback_tui.domain.dates import DateInputError
from bounceback_tui.domain.future_dates import future_instant
from bounceback_tui.domain.time_text import Clock, in_zone, system_now, zone
from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.store.records import INTERVIEW_KINDS
from bounceback_tui.widgets.form_fields import (
    FormField,
    LineInput,
    OneChoice,
    after_typed_keys,
    visible_line,
)

from .dialog import ONE_LINE_KEYS, Dialog

if TYPE_CHECKING:
    from bounceback_tui.store.planning import InterviewRecord
    from bounceback_tui.store.records import ApplicationRecord


@dataclass(frozen=True)
class InterviewInput:
    """An interview as confirmed: for `store.add_interview(...)`."""

    kind: str
    when: datetime
    """The start, or a take-home's due instant."""
    minutes: int | None
    with_text: str
    place: str


class InterviewDialog(Dialog[InterviewInput | None]):
    """"Schedule an interview": when, kind, length, with whom, where. `enter` saves. Given
    an `interview`, the same form changes it, filled in as it is."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#interview-when"
    BINDINGS: ClassVar[list[BindingType]] = ONE_LINE_KEYS

    def __init__(self, application: ApplicationRecord | None = None, *,
                 clock: Clock | None = None, tz: tzinfo | str | None = None,
                 interview: InterviewRecord | None = None) -> None:
        super().__init__()
        self.application = application
        self.interview = interview
        """The interview changed, or None when scheduling one."""
        self._clock: Clock = clock or system_now
        self._tz = tz

    def _initial(self, name: str) -> str:
        interview = self.interview
        if interview is None:
            return ""
        if name == "when":
            return f"{in_zone(interview.when, self._tz):%Y-%m-%d %H:%M}"
        if name == "minutes":
            return str(interview.minutes or "")
        return visible_line(interview.with_text if name == "with" else interview.place)

    def compose(self) -> ComposeResult:
        with Vertical(id="interview-box", classes="dialog-box") as box:
            box.border_title = ("Schedule an interview" if self.interview is None
                                else "Change the interview")
            source = self.application or self.interview
            assert source is not None
            yield Static(Content.assemble(
                (visible_line(source.company), "bold"), " — ",
                visible_line(source.role)), classes="dialog-title")
            yield FormField("When", LineInput(
                self._initial("when"), id="interview-when", compact=True,
                placeholder="tomorrow 10:00, next friday 3pm, Dec 10 2pm"),
                hint=True, id="field-when")
            with OneChoice(id="interview-kind", compact=True):
                chosen = self.interview.kind if self.interview else INTERVIEW_KINDS[0]
                for kind in INTERVIEW_KINDS:
                    yield RadioButton(kind, value=kind == chosen, name=kind)
            yield FormField("Minutes", LineInput(self._initial("minutes"),
                                                 id="interview-minutes", compact=True,
                                                 placeholder="optional: 45"),
                            id="field-minutes")
            yield FormField("With", LineInput(self._initial("with"),
                                              id="interview-with", compact=True,
                                              placeholder="optional: names"),
                            id="field-with")
            yield FormField("Where", LineInput(self._initial("where"),
                                               id="interview-where", compact=True,
                                               placeholder="optional: address or link"),
                            id="field-where")
        yield Footer(show_command_palette=False)

    def _when(self, text: str) -> datetime:
        return future_instant(text, now=self._clock(), tz=zone(self._tz))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        field = {"interview-when": "#field-when", "interview-minutes": "#field-minutes",
                 "interview-with": "#field-with", "interview-where": "#field-where"}.get(
            event.input.id or "")
        if field:
            self.query_one(field, FormField).value_changed(event.value)
        if event.input.id == "interview-when":
            self._preview(event.value)

    def _preview(self, text: str) -> None:
        field = self.query_one("#field-when", FormField)
        try:
            when = in_zone(self._when(text), self._tz)
        except DateInputError:
            field.show_hint("")
            return
        field.show_hint(f"→ {when:%a %d %b %Y %H:%M}")

    def action_accept(self) -> None:
        after_typed_keys(self, self._accept)

    def _accept(self) -> None:
        text = self.query_one("#interview-when", Input).value
        try:
            when = self._when(text)
        except DateInputError as error:
            self.query_one("#field-when", FormField).show_error(str(error), for_value=text)
            self.query_one("#interview-when", Input).focus()
            return
        minutes_text = self.query_one("#interview-minutes", Input).value.strip()
        minutes = None
        if minutes_text:
            if not minutes_text.isdigit() or not 0 < int(minutes_text) <= 720:
                self.query_one("#field-minutes", FormField).show_error(
                    "the length is 1 to 720 minutes", for_value=minutes_text)
                self.query_one("#interview-minutes", Input).focus()
                return
            minutes = int(minutes_text)
        pressed = self.query_one("#interview-kind", RadioSet).pressed_button
        kind = pressed.name if pressed is not None and pressed.name else "other"
        self.dismiss(InterviewInput(
            kind, when, minutes, self.query_one("#interview-with", Input).value.strip(),
            self.query_one("#interview-where", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
