"""One application in full: every field, and its whole stage history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.widgets.form_fields import visible_line, visible_notes
from bounceback_tui.domain.time_text import (
    Clock,
    day_text,
    exact,
    humanised,
    in_zone,
    relative_day,
    system_now,
)

from .dialog import Page

if TYPE_CHECKING:
    from bounceback_tui.store.planning import ApplicationPlan
    from bounceback_tui.store.records import ApplicationDetail, EventRecord

NOTHING = "—"
"""What an empty field shows."""

FIELD_ROWS = (
    ("stage", "Stage"),
    ("furthest", "Furthest stage"),
    ("source", "Source"),
    ("location", "Location"),
    ("url", "URL"),
    ("applied", "Applied"),
    ("last-activity", "Last activity"),
    ("follow-up", "Follow-up"),
)
"""The one-line fields shown, by id and label."""

PLAN_ROWS = (
    ("pay", "Pay"),
    ("deadline", "Deadline"),
    ("excitement", "Excitement"),
    ("tags", "Tags"),
)
"""The details shown (issue 14); `bounceback edit` changes them."""

REFRESH_SECONDS = 60
"""How often the relative times ("3 days ago") are brought up to date."""


class ApplicationDetailScreen(Page[None]):
    """Every field of an application and its full stage history, each event humanised
    ("3 days ago") and exact (local date and time), with its note. Scrolls when long.

    `e` asks to edit: it calls `on_edit(application_id)` when given, otherwise posts
    `ApplicationDetailScreen.EditRequested`; the app opens the form, saves, and calls
    `update_detail()`. The week's parts (issue 14) are changed here too: `p` pay, deadline,
    excitement, tags and posting; `i` a new interview, `c` a person; on the interviews' or
    people's list, `enter` changes the one highlighted, `h` notes how an interview went,
    `delete` removes it (a person is taken off this application). Each calls
    `on_ask(screen, what, item)`; the caller saves and calls `update_plan()`.
    `escape` or `q` closes.
    """

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#detail-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit", id="detail.edit"),
        Binding("p", "ask('details')", "Pay & tags", id="detail.details"),
        Binding("i", "ask('interview')", "Interview", id="detail.interview"),
        Binding("c", "ask('person')", "Person", id="detail.person"),
        Binding("h", "ask('how_it_went')", "How it went", id="detail.how_it_went"),
        Binding("r", "ask('reflect')", "Reflect", id="detail.reflect"),
        Binding("delete", "ask('remove')", "Remove", id="detail.remove"),
        Binding("escape", "close", "Close", id="detail.close"),
        Binding("q", "close", "Close", id="detail.close_q", show=False),
    ]

    @dataclass
    class EditRequested(Message):
        """The person asked to edit the application shown (`e`)."""

        application_id: int
        """Which application."""

    def __init__(
        self,
        detail: ApplicationDetail,
        *,
        clock: Clock | None = None,
        tz: tzinfo | str | None = None,
        on_edit: Callable[[int], object] | None = None,
        plan: ApplicationPlan | None = None,
        on_ask: Callable[[ApplicationDetailScreen, str, Any], object] | None = None,
    ) -> None:
        super().__init__()
        self.detail = detail
        """The application shown, with its history."""
        self.plan = plan
        """Its details, interviews and people (issue 14), when read."""
        self._on_ask = on_ask
        self._clock: Clock = clock or system_now
        self._tz = tz
        self._on_edit = on_edit
        self._items: dict[str, list[Any]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-head"):
            yield Static("", id="detail-title")
        with VerticalScroll(id="detail-body"):
            for key, label in FIELD_ROWS:
                with Horizontal(classes="detail-row"):
                    yield Label(label, classes="detail-label")
                    yield Static("", markup=False, id=f"detail-{key}", classes="detail-value")
            for key, label in PLAN_ROWS:
                with Horizontal(classes="detail-row"):
                    yield Label(label, classes="detail-label")
                    yield Static("", markup=False, id=f"detail-{key}", classes="detail-value")
            yield Label("Interviews", classes="detail-section")
            yield Static("", markup=False, id="detail-interviews", classes="-empty")
            yield OptionList(id="detail-interview-list", classes="detail-list", compact=True)
            yield Label("People", classes="detail-section")
            yield Static("", markup=False, id="detail-people", classes="-empty")
            yield OptionList(id="detail-people-list", classes="detail-list", compact=True)
            yield Label("Stage history", classes="detail-section")
            yield Vertical(id="detail-history")
            yield Label("Notes", classes="detail-section")
            yield Static("", markup=False, id="detail-notes")
            yield Label("Posting", classes="detail-section")
            yield Static("", markup=False, id="detail-posting")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._fill()
        self.set_interval(REFRESH_SECONDS, self._fill)

    def update_plan(self, plan: ApplicationPlan) -> None:
        """Show the week's parts as now read (after a change made here)."""
        self.plan = plan
        if self.is_attached and self.query("#detail-title"):
            self._fill_plan(self._clock())

    def update_detail(self, detail: ApplicationDetail) -> None:
        """Show `detail` instead (after an edit or a move); nothing once the screen has been
        closed (an edit can finish after `escape`)."""
        self.detail = detail
        if self.is_attached and self.query("#detail-title"):
            self._fill()

    # Rendering

    def _when(self, instant: datetime | None, missing: str) -> str:
        if instant is None:
            return missing
        return f"{humanised(instant, self._clock())} · {exact(instant, self._tz)}"

    def _set(self, key: str, text: str, *, empty: bool = False) -> None:
        value = self.query_one(f"#detail-{key}", Static)
        value.update(text or NOTHING)
        value.set_class(empty or not text, "-empty")

    def _fill(self) -> None:
        record = self.detail.application
        now = self._clock()
        self.query_one("#detail-title", Static).update(Content.assemble(
            (visible_line(record.company), "bold"), " — ", visible_line(record.role),
        ))
        stage = self.query_one("#detail-stage", Static)
        stage.update(record.stage)
        stage.set_classes(f"detail-value stage-badge stage-{record.stage}")
        self._set("furthest", self.detail.furthest_stage or "")
        self._set("source", visible_line(record.source))
        self._set("location", visible_line(record.location))
        self._set("url", visible_line(record.url))
        self._set("applied", self._when(record.applied_at, "not applied yet"),
                  empty=record.applied_at is None)
        self._set("last-activity", self._when(record.last_activity_at, ""))
        follow_up = record.follow_up_on
        today = in_zone(now, self._tz).date()
        self._set("follow-up", f"{day_text(follow_up)} · {relative_day(follow_up, today)}"
                  if follow_up else "none set", empty=follow_up is None)
        notes = self.query_one("#detail-notes", Static)
        notes.update(visible_notes(record.notes) if record.notes.strip() else "No notes yet.")
        notes.set_class(not record.notes.strip(), "-empty")
        self._fill_plan(now)
        history = self.query_one("#detail-history", Vertical)
        history.remove_children()
        history.mount_all(self._history_rows(now))

    def _fill_plan(self, now: datetime) -> None:
        from bounceback_tui.store.planning import DetailsRecord

        plan = self.plan
        details = plan.details if plan is not None else DetailsRecord(
            self.detail.application.id)
        today = in_zone(now, self._tz).date()
        from bounceback_tui.domain.pay import pay_reading, read_pay

        reading = pay_reading(read_pay(details.pay_text)) if details.pay_text else ""
        self._set("pay", visible_line(details.pay_text)
                  + (f"  ({reading})" if reading and reading != details.pay_text else ""))
        self._set("deadline", f"{day_text(details.deadline_on)} · "
                  f"{relative_day(details.deadline_on, today)}" if details.deadline_on else "")
        self._set("excitement", "★" * details.excitement + "☆" * (5 - details.excitement)
                  if details.excitement else "")
        self._set("tags", ", ".join(visible_line(tag) for tag in details.tags))
        self._fill_list("interview", [
            (self._interview_line(interview), interview)
            for interview in (plan.interviews if plan is not None else ())],
            "None yet. i schedules one.")
        application_id = self.detail.application.id
        self._fill_list("people", [
            (f"{visible_line(c.name)}"
             + "".join(f" · {visible_line(x)}" for x in (c.title, c.email, c.phone) if x)
             + "".join(f" ({part})" for app_id, part in c.parts if app_id == application_id),
             c) for c in (plan.contacts if plan is not None else ())],
            "No one yet. c adds a person.")
        posting = self.query_one("#detail-posting", Static)
        text = details.posting.strip()
        posting.update(visible_notes(text[:2000] + ("…" if len(text) > 2000 else ""))
                       if text else "Not kept. p keeps it (paste it in).")
        posting.set_class(not text, "-empty")

    def _interview_line(self, interview: Any) -> str:
        when = self._when(interview.when, "")
        head = "take-home due" if interview.kind == "take-home" else interview.kind
        people = [*interview.contacts, *([interview.with_text] if interview.with_text else [])]
        extra = "".join(f" · {part}" for part in (
            f"{interview.minutes} min" if interview.minutes else "",
            "with " + ", ".join(people) if people else "", interview.place) if part)
        line = visible_line(f"{head}: {when}{extra}")
        if interview.how_it_went:
            line += "\n  how it went: " + visible_line(interview.how_it_went)
        return line

    def _fill_list(self, key: str, rows: list[tuple[str, Any]], empty: str) -> None:
        """One of the week's lists: its rows (each an option holding its record), or a line
        saying how to add the first."""
        shown = self.query_one(f"#detail-{key}-list", OptionList)
        highlighted = shown.highlighted
        shown.clear_options()
        shown.add_options([Option(text) for text, _item in rows])
        shown.display = bool(rows)
        self._items[key] = [item for _text, item in rows]
        if rows:
            shown.highlighted = min(highlighted or 0, len(rows) - 1)
        note = self.query_one("#detail-interviews" if key == "interview" else "#detail-people",
                              Static)
        note.update(empty)
        note.display = not rows

    def _highlighted(self, key: str) -> Any:
        shown = self.query_one(f"#detail-{key}-list", OptionList)
        index = shown.highlighted
        items = self._items.get(key, [])
        return items[index] if index is not None and index < len(items) else None

    def _list_in_focus(self) -> str | None:
        focused = self.focused
        if isinstance(focused, OptionList) and focused.id:
            return focused.id.removeprefix("detail-").removesuffix("-list")
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "ask" and parameters and parameters[0] in ("remove", "how_it_went"):
            where = self._list_in_focus()
            if where is None or (parameters[0] == "how_it_went" and where != "interview"):
                return None  # shown greyed: on a list only
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_ask("change")

    def _history_rows(self, now: datetime) -> list[Horizontal]:
        rows = [Horizontal(
            Label("Stage", classes="history-stage"),
            Label("When", classes="history-ago"),
            Label("Local date and time", classes="history-exact"),
            Label("Note", classes="history-note"),
            classes="history-heading",
        )]
        rows.extend(self._history_row(event, now) for event in self.detail.events)
        if not self.detail.events:
            rows.append(Horizontal(Static("No stage events.", classes="history-note -empty"),
                                   classes="history-row"))
        return rows

    def _history_row(self, event: EventRecord, now: datetime) -> Horizontal:
        return Horizontal(
            Static(event.stage, markup=False, classes=f"history-stage stage-{event.stage}"),
            Static(humanised(event.at, now) if event.dated else "date unknown", markup=False,
                   classes="history-ago"),
            Static(exact(event.at, self._tz) if event.dated else "", markup=False,
                   classes="history-exact"),
            Static(visible_notes(event.note), markup=False, classes="history-note"),
            classes="history-row",
        )

    # Actions

    def action_edit(self) -> None:
        """Ask the app to edit this application."""
        application_id = self.detail.application.id
        if self._on_edit is not None:
            self._on_edit(application_id)
        else:
            self.post_message(self.EditRequested(application_id))

    def action_ask(self, what: str) -> None:
        """Ask the caller to do `what` (details, interview, person; change, how_it_went,
        remove of the list item highlighted): `on_ask(self, what, item)`."""
        where = self._list_in_focus()
        item = None
        if what in ("change", "remove", "how_it_went"):
            if where is None:
                return
            item = self._highlighted(where)
            if item is None:
                return
            what = f"{what}_{'interview' if where == 'interview' else 'person'}"
        if self._on_ask is not None:
            self._on_ask(self, what, item)

    def action_close(self) -> None:
        """Go back."""
        self.dismiss(None)
