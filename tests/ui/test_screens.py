"""The dialogs and secondary screens, driven with real keys through a tiny harness app.

Each screen is pushed with a callback that records what it dismissed with; the tests press
keys and assert on that result, on what the screen shows, and on what stays open.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pendulum
import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.color import Color
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Static, TextArea
from textual.widgets._footer import FooterKey

from bounceback_tui.domain.dates import DateInputError, parse_when
from bounceback_tui.screens.application_form import ApplicationForm, ApplicationInput
from bounceback_tui.screens.action_dialog import ActionDialog
from bounceback_tui.screens.confirm import ConfirmDialog
from bounceback_tui.screens.contact_dialog import ContactDialog
from bounceback_tui.screens.import_dialog import ImportDialog
from bounceback_tui.screens.stage_dialog import StageDialog
from bounceback_tui.screens.status_word import StatusWordDialog
from bounceback_tui.screens.import_progress import ImportProgress
from bounceback_tui.screens.win_dialog import WinDialog
from bounceback_tui.screens.date_dialog import FollowUpDialog, FollowUpInput
from bounceback_tui.screens.detail import ApplicationDetailScreen
from bounceback_tui.widgets.form_fields import FormField
from bounceback_tui.screens.help import HelpScreen
from bounceback_tui.screens.move_dialog import MoveDialog, MoveInput
from bounceback_tui.store.records import ApplicationDetail, ApplicationRecord, EventRecord

NOW = pendulum.datetime(2026, 11, 26, 9, 30, tz="UTC")
"""The fixed "now" of these tests: 10:30 in Paris."""
TZ = "Europe/Paris"
HOSTILE = "[b]x[/b] [/] [link=https://x.example]y[/link] [@click=app.quit]q a[b]c x\\[y"
"""Text that markup would mangle, run or refuse; it must appear exactly as typed."""
CONTROL = "Acme\x1b[31m red\x9b bidi\u202eevil\x07"
"""Text with ESC, C1, a bidi override and BEL, which must never reach the terminal raw."""
CONTROL_SHOWN = "Acme␛[31m red<U+009B> bidi<U+202E>evil␇"


def clock() -> pendulum.DateTime:
    """The tests' fixed clock."""
    return NOW


# ---- Harness ------------------------------------------------------------------------------


@dataclass
class Results:
    """What the screen under test dismissed with, and the messages it posted to the app."""

    dismissed: list[Any] = field(default_factory=list)
    messages: list[Any] = field(default_factory=list)


class Harness(App[None]):
    """A bare app that pushes one screen and records its result and its messages."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.under_test = screen
        self.results = Results()

    def compose(self) -> ComposeResult:
        yield Label("dashboard")

    def on_mount(self) -> None:
        self.push_screen(self.under_test, self.results.dismissed.append)

    def on_application_form_company_changed(self, message: ApplicationForm.CompanyChanged) -> None:
        self.results.messages.append(message)

    def on_application_detail_screen_edit_requested(
        self, message: ApplicationDetailScreen.EditRequested
    ) -> None:
        self.results.messages.append(message)


@asynccontextmanager
async def opened(screen: Screen[Any], size: tuple[int, int] = (80, 24),
                 ) -> AsyncIterator[tuple[Harness, Pilot[None], Results]]:
    """Run the harness with `screen` pushed; yield the app, its pilot and the results."""
    app = Harness(screen)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot, app.results


def shown(widget: Widget) -> str:
    """The text a widget puts on screen, line by line (what the terminal would receive)."""
    return "\n".join(
        "".join(segment.text for segment in widget.render_line(y))
        for y in range(widget.size.height)
    ).rstrip()


def lines(widget: Widget) -> list[str]:
    """The non-empty lines a widget shows, each stripped of padding."""
    return [line.strip() for line in shown(widget).splitlines() if line.strip()]


def flat(widget: Widget) -> str:
    """What a widget shows as one line of text (soft-wrapped lines joined by a space)."""
    return " ".join(lines(widget))


def footer_text(screen: Screen[Any]) -> str:
    """The key hints the screen's footer shows."""
    return " ".join(shown(key).strip() for key in screen.query_one(Footer).query(FooterKey))


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type `text` key by key (letters, digits and spaces only)."""
    await pilot.press(*["space" if char == " " else char for char in text])


def type_fast(app: App[Any], *keys: str) -> None:
    """Send keys the way a terminal does when someone types fast (or tmux sends them): all
    queued at once, nothing waiting for the previous key to be handled."""
    for key in keys:
        character = key if len(key) == 1 else {"space": " ", "tab": "\t"}.get(key)
        app.post_message(events.Key(key, character))


def input_value(screen: Screen[Any], selector: str) -> str:
    return screen.query_one(selector, Input).value


# ---- Records ------------------------------------------------------------------------------


def make_record(**overrides: Any) -> ApplicationRecord:
    values: dict[str, Any] = {
        "id": 7, "company": "Acme", "role": "Backend Engineer", "source": "referral",
        "location": "Remote", "url": "https://acme.example/jobs/42",
        "notes": "Met Dana at the meetup.\nThe team ships weekly.", "stage": "rejected",
        "applied_at": NOW.subtract(days=40), "last_activity_at": NOW.subtract(days=3),
        "follow_up_on": None, "created_at": NOW.subtract(days=40),
        "updated_at": NOW.subtract(days=3),
    }
    values.update(overrides)
    return ApplicationRecord(**values)


def make_detail(record: ApplicationRecord | None = None,
                events_: list[tuple[str, pendulum.DateTime, str]] | None = None,
                furthest: str | None = "interviewing") -> ApplicationDetail:
    record = record or make_record()
    history = events_ if events_ is not None else [
        ("applied", NOW.subtract(days=40), "through Dana"),
        ("screening", NOW.subtract(days=30, hours=4), "call with the recruiter"),
        ("interviewing", NOW.subtract(days=14), "system design and pairing"),
        ("rejected", NOW.subtract(days=3), "form email"),
    ]
    return ApplicationDetail(
        application=record,
        events=tuple(
            EventRecord(id=i, application_id=record.id, stage=stage, at=at, note=note)
            for i, (stage, at, note) in enumerate(history, 1)
        ),
        furthest_stage=furthest,
    )


@pytest.fixture
def record() -> ApplicationRecord:
    """An application that said no after interviews."""
    return make_record()


@pytest.fixture
def detail() -> ApplicationDetail:
    """Its full detail, four events."""
    return make_detail()


@pytest.fixture
def add_form() -> ApplicationForm:
    """An empty add form on the fixed clock, in Paris."""
    return ApplicationForm(clock=clock, tz=TZ)


# ---- Every screen -------------------------------------------------------------------------

SCREEN_CLASSES = [ApplicationForm, MoveDialog, FollowUpDialog, ConfirmDialog,
                  ApplicationDetailScreen, HelpScreen, StatusWordDialog, StageDialog]


@pytest.mark.parametrize("screen_class", SCREEN_CLASSES, ids=lambda c: c.__name__)
def test_every_binding_has_an_id_and_a_description(screen_class: type[Screen[Any]]) -> None:
    for binding in screen_class.BINDINGS:
        assert binding.id and binding.description, binding  # type: ignore[union-attr]


@pytest.mark.parametrize("screen_class", SCREEN_CLASSES, ids=lambda c: c.__name__)
def test_styles_come_from_the_stylesheet_not_python(screen_class: type[Screen[Any]]) -> None:
    assert "DEFAULT_CSS" not in vars(screen_class) and "CSS" not in vars(screen_class)
    assert str(screen_class.CSS_PATH).endswith("styles/dialogs.tcss")


SCREEN_FACTORIES: dict[str, Callable[[], Screen[Any]]] = {
    "form": lambda: ApplicationForm(clock=clock, tz=TZ),
    "move": lambda: MoveDialog(make_record(), "rejected", clock=clock, tz=TZ),
    "follow_up": lambda: FollowUpDialog(make_record(), clock=clock, tz=TZ),
    "confirm": lambda: ConfirmDialog("Delete Acme?"),
    "detail": lambda: ApplicationDetailScreen(make_detail(), clock=clock, tz=TZ),
    "help": lambda: HelpScreen([("Global", "?", "Keys and help")]),
    "win": lambda: WinDialog(),
    "action": lambda: ActionDialog(),
    "contact": lambda: ContactDialog(make_record()),
    "import": lambda: ImportDialog(),
    "import_progress": lambda: ImportProgress("Job Applications.csv", 100_000),
    "status_word": lambda: StatusWordDialog("Heard back?", [2, 5]),
    "stage": lambda: StageDialog(make_record()),
}


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "gruvbox"])
@pytest.mark.parametrize("name", SCREEN_FACTORIES)
async def test_every_screen_takes_its_colours_from_the_theme(name: str, theme: str) -> None:
    screen = SCREEN_FACTORIES[name]()
    app = Harness(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.pause()
        variables = app.theme_variables
        footer = screen.query_one(Footer)
        assert footer.styles.background == Color.parse(variables["footer-background"])
        boxes = screen.query(".dialog-box")
        if boxes:
            box = boxes.first()
            assert box.styles.background == Color.parse(variables["surface"])
            assert box.styles.border.top[1] == Color.parse(variables["primary"])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("name", ["form", "move", "follow_up", "confirm", "help"])
async def test_dialogs_fit_on_screen(name: str, size: tuple[int, int]) -> None:
    screen = SCREEN_FACTORIES[name]()
    async with opened(screen, size=size) as (_app, _pilot, _results):
        box = screen.query_one(".dialog-box")
        footer = screen.query_one(Footer)
        assert box.region.x >= 0 and box.region.right <= size[0]
        assert box.region.y >= 0 and box.region.bottom <= footer.region.y
        assert box.region.width >= 40


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("name", [name for name in SCREEN_FACTORIES if name != "detail"])
async def test_every_dialog_is_centred(name: str, size: tuple[int, int]) -> None:
    """Issue 16: the win and action dialogs (and the newer ones) were drawn in the top-left
    corner over the header; every dialog sits in the middle of the screen."""
    screen = SCREEN_FACTORIES[name]()
    async with opened(screen, size=size) as (_app, pilot, _results):
        await pilot.pause()
        box = screen.query_one(".dialog-box").region
        footer = screen.query_one(Footer).region
        assert abs((box.x + box.right) - size[0]) <= 1, box  # as much room left as right
        assert abs(box.y - (footer.y - box.bottom)) <= 1, box  # above as below (footer aside)


# ---- ApplicationForm ----------------------------------------------------------------------


async def test_add_form_starts_on_company_and_saves_what_was_typed(
    add_form: ApplicationForm,
) -> None:
    async with opened(add_form) as (app, pilot, results):
        assert app.focused is add_form.query_one("#company", Input)
        assert input_value(add_form, "#applied") == "today"
        await pilot.press("A", "c", "m", "e", "tab")
        assert app.focused is add_form.query_one("#role", Input)
        await type_text(pilot, "Backend Engineer")
        await pilot.press("tab", "tab")
        assert app.focused is add_form.query_one("#source", Input)
        await type_text(pilot, "referral")
        add_form.query_one("#location", Input).value = "Remote"
        add_form.query_one("#url", Input).value = "https://acme.example/jobs/42"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert results.dismissed == [ApplicationInput(
        company="Acme", role="Backend Engineer", applied_at=NOW, source="referral",
        location="Remote", url="https://acme.example/jobs/42", notes="",
    )]
    saved = results.dismissed[0]
    assert not saved.is_edit and saved.changes == {}
    assert saved.applied_at.timezone_name == "UTC"


async def test_add_form_on_the_real_clock_dates_it_now() -> None:
    before = pendulum.now("UTC")
    form = ApplicationForm(clock=None)
    async with opened(form) as (_app, pilot, results):
        hint = flat(form.query_one("#field-applied .field-hint"))
        assert hint.endswith("(today)")
        form.query_one("#company", Input).value = "Acme"
        form.query_one("#role", Input).value = "Engineer"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert before <= results.dismissed[0].applied_at <= pendulum.now("UTC")


async def test_tab_and_shift_tab_walk_the_fields_in_order(add_form: ApplicationForm) -> None:
    order = ["company", "role", "applied", "source", "location", "url", "notes"]
    async with opened(add_form) as (app, pilot, _results):
        seen = []
        for _ in order:
            assert app.focused is not None
            seen.append(app.focused.id)
            await pilot.press("tab")
        assert seen == order
        assert app.focused is not None and app.focused.id == "company"  # wrapped around
        await pilot.press("shift+tab")
        assert app.focused is not None and app.focused.id == "notes"
        assert "Save" in footer_text(add_form) and "Cancel" in footer_text(add_form)


async def test_fast_typing_lands_in_the_right_fields_and_is_all_saved(
    add_form: ApplicationForm,
) -> None:
    async with opened(add_form) as (_app, pilot, results):
        type_fast(pilot.app, "A", "c", "m", "e", "tab", "D", "e", "v", "ctrl+s")
        await pilot.pause(0.3)
    assert [(r.company, r.role) for r in results.dismissed] == [("Acme", "Dev")]


async def test_enter_in_a_one_line_field_moves_to_the_next(add_form: ApplicationForm) -> None:
    async with opened(add_form) as (app, pilot, results):
        await pilot.press("A", "enter")
        assert app.focused is add_form.query_one("#role", Input)
        assert results.dismissed == []


async def test_applied_on_reads_a_typed_day_as_local_noon(add_form: ApplicationForm) -> None:
    async with opened(add_form) as (_app, pilot, results):
        add_form.query_one("#company", Input).value = "Acme"
        add_form.query_one("#role", Input).value = "Engineer"
        add_form.query_one("#applied", Input).value = "2026-11-20"
        await pilot.pause()
        assert "Fri 20 Nov 2026" in shown(add_form.query_one("#field-applied .field-hint"))
        await pilot.press("ctrl+s")
        await pilot.pause()
    # Noon in Paris (UTC+1 in November) is 11:00 UTC.
    assert results.dismissed[0].applied_at == pendulum.datetime(2026, 11, 20, 11, tz="UTC")


async def test_empty_company_and_role_are_shown_beside_the_fields(
    add_form: ApplicationForm,
) -> None:
    async with opened(add_form) as (app, pilot, results):
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert results.dismissed == []
        assert app.screen is add_form
        company, role = add_form.form_field("company"), add_form.form_field("role")
        assert company.error == "Give the company's name."
        assert role.error == "Give the job title."
        assert "Give the company's name." in shown(company.query_one(".field-error"))
        assert company.has_class("-error")
        assert app.focused is add_form.query_one("#company", Input)
        assert add_form.form_field("applied").error == ""
        # Typing in a field clears its error; the other stays until fixed.
        await pilot.press("A")
        assert company.error == "" and not company.query_one(".field-error").display
        assert role.error == "Give the job title."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert results.dismissed == []
        assert app.focused is add_form.query_one("#role", Input)


@pytest.mark.parametrize("typed", ["next tuesday", "01/02/2026", "2099-01-01", "2026-02-30", ""])
async def test_unreadable_future_or_ambiguous_dates_are_refused_inline(
    add_form: ApplicationForm, typed: str,
) -> None:
    with pytest.raises(DateInputError) as expected:
        parse_when(typed, now=NOW, tz=pendulum.timezone(TZ))
    async with opened(add_form) as (app, pilot, results):
        add_form.query_one("#company", Input).value = "Acme"
        add_form.query_one("#role", Input).value = "Engineer"
        add_form.query_one("#applied", Input).value = typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert results.dismissed == []
        applied = add_form.form_field("applied")
        assert applied.error == str(expected.value)
        assert flat(applied.query_one(".field-error")) == str(expected.value)
        assert app.focused is add_form.query_one("#applied", Input)


async def test_ctrl_s_saves_from_notes_and_keeps_pasted_line_breaks(
    add_form: ApplicationForm,
) -> None:
    async with opened(add_form) as (app, pilot, results):
        add_form.query_one("#company", Input).value = "Acme"
        add_form.query_one("#role", Input).value = "Engineer"
        notes = add_form.query_one("#notes", TextArea)
        notes.focus()
        await pilot.press("O", "k", "enter")
        # A terminal pastes line breaks as \r or \r\n; an escape sequence comes along too.
        app.post_message(events.Paste("first line\r\nsecond\rthird \x1b[2J\tend"))
        await pilot.pause()
        assert app.focused is notes
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert results.dismissed[0].notes == "Ok\nfirst line\nsecond\nthird ␛[2J\tend"


async def test_escape_with_nothing_typed_cancels_at_once(add_form: ApplicationForm) -> None:
    async with opened(add_form) as (app, pilot, results):
        assert not add_form.has_unsaved_text()
        await pilot.press("escape")
        await pilot.pause()
        assert results.dismissed == [None]
        assert not isinstance(app.screen, (ApplicationForm, ConfirmDialog))


async def test_escape_after_typing_asks_before_discarding(add_form: ApplicationForm) -> None:
    async with opened(add_form) as (app, pilot, results):
        await pilot.press("A", "c")
        assert add_form.has_unsaved_text()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert shown(app.screen.query_one("#confirm-question")) .strip() == \
            "Discard what you typed?"
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is add_form and results.dismissed == []
        assert input_value(add_form, "#company") == "Ac"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert results.dismissed == [None]
        assert not isinstance(app.screen, (ApplicationForm, ConfirmDialog))


async def test_has_unsaved_text_follows_every_field(add_form: ApplicationForm) -> None:
    async with opened(add_form) as (_app, _pilot, _results):
        assert not add_form.has_unsaved_text()
        add_form.query_one("#notes", TextArea).text = "a thought"
        assert add_form.has_unsaved_text()
        add_form.query_one("#notes", TextArea).text = ""
        assert not add_form.has_unsaved_text()
        add_form.query_one("#applied", Input).value = "yesterday"
        assert add_form.has_unsaved_text()


async def test_notice_is_shown_literally_and_can_be_set_later() -> None:
    form = ApplicationForm(notice=f"Acme said no before {HOSTILE}", clock=clock, tz=TZ)
    async with opened(form, size=(120, 40)) as (_app, pilot, _results):
        notice = form.query_one("#form-notice", Static)
        assert notice.display
        assert flat(notice) == f"Acme said no before {HOSTILE}"
        form.set_notice("")
        await pilot.pause()
        assert not notice.display and form.notice == ""
        form.set_notice(f"Was rejected at interviewing on 3 Mar {CONTROL}")
        await pilot.pause()
        assert notice.display
        assert flat(notice) == f"Was rejected at interviewing on 3 Mar {CONTROL_SHOWN}"


async def test_a_late_notice_after_the_form_closed_is_ignored(
    add_form: ApplicationForm,
) -> None:
    async with opened(add_form) as (app, pilot, results):
        await pilot.press("escape")
        await pilot.pause()
        assert results.dismissed == [None]
        add_form.set_notice("Acme said no before")  # a slow lookup answering late
        assert not add_form.has_unsaved_text()
        await pilot.pause()
        assert app.screen is not add_form


async def test_add_form_without_notice_hides_it(add_form: ApplicationForm) -> None:
    async with opened(add_form) as _:
        assert not add_form.query_one("#form-notice").display


async def test_company_typed_is_reported_once_it_settles(add_form: ApplicationForm,
                                                         monkeypatch) -> None:
    # The pause that counts as "settled" is 0.3 s; here 1.5 s, so that four keys pressed by
    # a machine busy with a second suite (CI's year-ahead run) still come within it.
    monkeypatch.setattr(ApplicationForm, "COMPANY_SETTLE_SECONDS", 1.5)
    async with opened(add_form) as (_app, pilot, results):
        await pilot.press("A", "c", "m", "e")
        assert results.messages == []  # not on every keystroke
        await pilot.pause(ApplicationForm.COMPANY_SETTLE_SECONDS + 0.3)
        assert [m.company for m in results.messages] == ["Acme"]
        assert results.messages[0].form is add_form
        await pilot.press("space")  # same company once trimmed: nothing new
        await pilot.pause(ApplicationForm.COMPANY_SETTLE_SECONDS + 0.3)
        assert [m.company for m in results.messages] == ["Acme"]


async def test_typed_markup_and_controls_stay_literal_in_fields(
    add_form: ApplicationForm,
) -> None:
    async with opened(add_form, size=(120, 40)) as (app, pilot, results):
        company = add_form.query_one("#company", Input)
        await pilot.press("[", "b", "]", "x", "[", "/", "]", "space")
        add_form.query_one("#company", Input).insert_text_at_cursor("[@click=app.quit] ")
        app.post_message(events.Paste("\x1b[31mred\x9b\nsecond line"))
        await pilot.pause()
        typed = "[b]x[/] [@click=app.quit] ␛[31mred<U+009B>"
        assert company.value == typed
        assert shown(company).strip() == typed
        add_form.query_one("#role", Input).value = "[/]"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert results.dismissed[0].company == typed
    assert results.dismissed[0].role == "[/]"


async def test_edit_form_dismisses_only_the_changed_fields(record: ApplicationRecord) -> None:
    form = ApplicationForm(record, clock=clock, tz=TZ)
    async with opened(form) as (app, pilot, results):
        assert app.focused is form.query_one("#company", Input)
        assert input_value(form, "#role") == "Backend Engineer"
        assert form.query_one("#notes", TextArea).text == record.notes
        assert input_value(form, "#applied") == "2026-10-17"  # the day it was sent, editable
        assert "Sat 17 Oct 2026" in shown(form.query_one("#field-applied .field-hint"))
        assert not form.has_unsaved_text()
        form.query_one("#role", Input).value = "  Staff Engineer "
        form.query_one("#location", Input).value = "Remote "  # same once trimmed
        notes = form.query_one("#notes", TextArea)
        notes.focus()
        notes.move_cursor(notes.document.end)
        await pilot.press("enter", "R", "e", "j")
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = results.dismissed[0]
    assert saved.is_edit and saved.application_id == 7 and saved.applied_at is None
    assert dict(saved.changes) == {
        "role": "Staff Engineer",
        "notes": "Met Dana at the meetup.\nThe team ships weekly.\nRej",
    }
    assert saved.company == "Acme" and saved.location == "Remote"


async def test_edit_form_saved_unchanged_has_no_changes(record: ApplicationRecord) -> None:
    form = ApplicationForm(record, clock=clock, tz=TZ)
    async with opened(form) as (_app, pilot, results):
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert results.dismissed[0].changes == {}


async def test_edit_form_shows_stored_control_characters_visibly() -> None:
    record = make_record(company=CONTROL, notes=f"line one\n{CONTROL}")
    form = ApplicationForm(record, clock=clock, tz=TZ)
    async with opened(form, size=(120, 40)) as (_app, pilot, results):
        company = form.query_one("#company", Input)
        assert company.value == CONTROL_SHOWN
        assert shown(company).strip() == CONTROL_SHOWN
        notes = shown(form.query_one("#notes", TextArea))
        assert "\x1b" not in notes and CONTROL_SHOWN in notes
        assert not form.has_unsaved_text()  # showing it visibly is not an edit
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert results.dismissed[0].changes == {}


async def test_edit_form_with_unsaved_changes_asks_before_discarding(
    record: ApplicationRecord,
) -> None:
    form = ApplicationForm(record, clock=clock, tz=TZ)
    async with opened(form) as (app, pilot, results):
        await pilot.press("X", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await pilot.pause()
    assert results.dismissed == [None]


# ---- MoveDialog ---------------------------------------------------------------------------


async def test_move_title_names_the_application_and_stage_literally() -> None:
    dialog = MoveDialog(make_record(company=HOSTILE, role=CONTROL), "rejected",
                        clock=clock, tz=TZ)
    async with opened(dialog, size=(120, 40)) as (_app, _pilot, _results):
        assert flat(dialog.query_one("#move-title")) == (
            f"Move {HOSTILE} — {CONTROL_SHOWN} to rejected"
        )


async def test_enter_accepts_the_move_with_now_as_the_default_date() -> None:
    dialog = MoveDialog(make_record(), "rejected", clock=clock, tz=TZ)
    async with opened(dialog) as (app, pilot, results):
        assert app.focused is dialog.query_one("#move-note", Input)
        assert input_value(dialog, "#move-when") == "now"
        assert "Thu 26 Nov 2026 10:30" in shown(dialog.query_one("#field-when .field-hint"))
        assert "Move" in footer_text(dialog) and "Cancel" in footer_text(dialog)
        await pilot.press("enter")
        await pilot.pause()
    assert results.dismissed == [MoveInput(note="", at=NOW)]


async def test_default_move_date_is_the_real_now() -> None:
    before = pendulum.now("UTC")
    recent = make_record(last_activity_at=before.subtract(days=1))
    dialog = MoveDialog(recent, "offer")
    async with opened(dialog) as (_app, pilot, results):
        await pilot.press("enter")
        await pilot.pause()
    after = pendulum.now("UTC")
    assert before <= results.dismissed[0].at <= after
    assert results.dismissed[0].at.timezone_name == "UTC"


async def test_note_typed_then_enter_in_the_note_field_accepts() -> None:
    dialog = MoveDialog(make_record(), "rejected", clock=clock, tz=TZ)
    async with opened(dialog) as (_app, pilot, results):
        await type_text(pilot, "form email ")
        await pilot.press("enter")
        await pilot.pause()
    assert results.dismissed == [MoveInput(note="form email", at=NOW)]


async def test_a_fast_typed_note_is_all_there_when_enter_accepts() -> None:
    dialog = MoveDialog(make_record(), "rejected", clock=clock, tz=TZ)
    async with opened(dialog) as (_app, pilot, results):
        type_fast(pilot.app, "n", "o", "space", "r", "e", "p", "l", "y", "enter")
        await pilot.pause(0.3)
    assert results.dismissed == [MoveInput(note="no reply", at=NOW)]


async def test_a_fast_typed_follow_up_is_all_there_when_enter_accepts() -> None:
    dialog = FollowUpDialog(make_record(), clock=clock, tz=TZ)
    async with opened(dialog) as (_app, pilot, results):
        type_fast(pilot.app, "i", "n", "space", "1", "0", "space", "d", "a", "y", "s", "enter")
        await pilot.pause(0.3)
    assert results.dismissed == [FollowUpInput(day=pendulum.date(2026, 12, 6))]


async def test_enter_in_the_when_field_accepts_the_typed_date() -> None:
    dialog = MoveDialog(make_record(), "ghosted", clock=clock, tz=TZ)
    async with opened(dialog) as (app, pilot, results):
        await pilot.press("tab")
        assert app.focused is dialog.query_one("#move-when", Input)
        dialog.query_one("#move-when", Input).value = "yesterday"
        await pilot.pause()
        assert "Wed 25 Nov 2026 12:00" in shown(dialog.query_one("#field-when .field-hint"))
        await pilot.press("enter")
        await pilot.pause()
    assert results.dismissed == [MoveInput(note="", at=pendulum.datetime(2026, 11, 25, 11))]


@pytest.mark.parametrize("typed", ["someday", "03/04/2026", "2026-12-25"])
async def test_bad_move_dates_are_refused_inline(typed: str) -> None:
    with pytest.raises(DateInputError) as expected:
        parse_when(typed, now=NOW, tz=pendulum.timezone(TZ))
    dialog = MoveDialog(make_record(), "rejected", clock=clock, tz=TZ)
    async with opened(dialog, size=(120, 40)) as (app, pilot, results):
        dialog.query_one("#move-when", Input).value = typed
        await pilot.press("enter")
        await pilot.pause()
        assert results.dismissed == [] and app.screen is dialog
        when = dialog.query_one("#field-when", FormField)
        assert when.error == str(expected.value)
        assert flat(when.query_one(".field-error")) == str(expected.value)
        assert app.focused is dialog.query_one("#move-when", Input)
        await pilot.press("backspace")
        assert when.error == ""


async def test_a_move_cannot_be_dated_before_the_last_change() -> None:
    dialog = MoveDialog(make_record(last_activity_at=NOW.subtract(days=3)), "rejected",
                        clock=clock, tz=TZ)
    async with opened(dialog, size=(120, 40)) as (_app, pilot, results):
        dialog.query_one("#move-when", Input).value = "5 days ago"
        await pilot.press("enter")
        await pilot.pause()
        assert results.dismissed == []
        assert dialog.query_one("#field-when", FormField).error == (
            "the last change was on Mon 23 Nov 2026 10:30; give that time or later"
        )
        dialog.query_one("#move-when", Input).value = "2 days ago"
        await pilot.press("enter")
        await pilot.pause()
    assert results.dismissed == [MoveInput(note="", at=pendulum.datetime(2026, 11, 24, 11))]


async def test_escape_cancels_the_move() -> None:
    dialog = MoveDialog(make_record(), "rejected", clock=clock, tz=TZ)
    async with opened(dialog) as (_app, pilot, results):
        await type_text(pilot, "a note")
        await pilot.press("escape")
        await pilot.pause()
    assert results.dismissed == [None]


# ---- FollowUpDialog -----------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "day", "relative"), [
    ("in 3 days", pendulum.date(2026, 11, 29), "in 3 days"),
    ("in 2 weeks", pendulum.date(2026, 12, 10), "in 14 days"),
    ("tomorrow", pendulum.date(2026, 11, 27), "tomorrow"),
    ("2027-03-05", pendulum.date(2027, 3, 5), "in 3 months"),
    ("today", pendulum.date(2026, 11, 26), "today"),
])
async def test_follow_up_day_is_read_and_accepted_with_enter(
    typed: str, day: Any, relative: str,
) -> None:
    dialog = FollowUpDialog(make_record(), clock=clock, tz=TZ)
    async with opened(dialog) as (app, pilot, results):
        assert app.focused is dialog.query_one("#follow-up-day", Input)
        dialog.query_one("#follow-up-day", Input).value = typed
        await pilot.pause()
        hint = flat(dialog.query_one("#field-day .field-hint"))
        assert hint == f"→ {day.format('ddd D MMM YYYY')}, {relative}"
        await pilot.press("enter")
        await pilot.pause()
    assert results.dismissed == [FollowUpInput(day=day)]


async def test_typing_a_follow_up_with_keys() -> None:
    dialog = FollowUpDialog(make_record(), clock=clock, tz=TZ)
    async with opened(dialog) as (_app, pilot, results):
        await type_text(pilot, "in 2 days")
        assert "in 2 days" in shown(dialog.query_one("#field-day .field-hint"))
        await pilot.press("enter")
        await pilot.pause()
    assert results.dismissed == [FollowUpInput(day=pendulum.date(2026, 11, 28))]


async def test_emptying_the_follow_up_clears_it() -> None:
    dialog = FollowUpDialog(make_record(follow_up_on=pendulum.date(2026, 12, 1)),
                            clock=clock, tz=TZ)
    async with opened(dialog) as (_app, pilot, results):
        day = dialog.query_one("#follow-up-day", Input)
        assert day.value == "2026-12-01"
        day.value = ""
        await pilot.pause()
        assert "clears" in shown(dialog.query_one("#field-day .field-hint"))
        await pilot.press("enter")
        await pilot.pause()
    assert results.dismissed == [FollowUpInput(day=None)]


@pytest.mark.parametrize(("typed", "message"), [
    ("2026-11-20", "2026-11-20 has passed; give today or a later day"),
    ("yesterday", "2026-11-25 has passed; give today or a later day"),
    ("whenever", ("cannot read the day 'whenever': write e.g. tomorrow, next friday, in 3 "
                 "days, Dec 10 or YYYY-MM-DD")),
    ("12/01/2026", ("'12/01/2026' is ambiguous (day and month could be swapped): write it as "
                   "YYYY-MM-DD")),
])
async def test_unusable_follow_up_days_are_refused_inline(typed: str, message: str) -> None:
    dialog = FollowUpDialog(make_record(), clock=clock, tz=TZ)
    async with opened(dialog, size=(120, 40)) as (app, pilot, results):
        dialog.query_one("#follow-up-day", Input).value = typed
        await pilot.press("enter")
        await pilot.pause()
        assert results.dismissed == [] and app.screen is dialog
        field_ = dialog.query_one("#field-day", FormField)
        assert field_.error == message
        assert flat(field_.query_one(".field-error")) == message


async def test_escape_leaves_the_follow_up_alone() -> None:
    dialog = FollowUpDialog(make_record(follow_up_on=pendulum.date(2026, 12, 1)),
                            clock=clock, tz=TZ)
    async with opened(dialog) as (_app, pilot, results):
        await pilot.press("escape")
        await pilot.pause()
    assert results.dismissed == [None]


async def test_follow_up_title_is_literal() -> None:
    dialog = FollowUpDialog(make_record(company=HOSTILE, role="[/]"), clock=clock, tz=TZ)
    async with opened(dialog, size=(120, 40)) as _:
        assert flat(dialog.query_one("#follow-up-title")) == f"Follow up with {HOSTILE} — [/]"


# ---- ConfirmDialog ------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "answer"), [
    ("y", True), ("enter", True), ("n", False), ("escape", False),
])
async def test_confirm_keys(key: str, answer: bool) -> None:
    dialog = ConfirmDialog("Delete Acme — Backend Engineer?")
    async with opened(dialog) as (_app, pilot, results):
        await pilot.press(key)
        await pilot.pause()
    assert results.dismissed == [answer]


@pytest.mark.parametrize(("button", "answer"), [("#confirm-yes", True), ("#confirm-no", False)])
async def test_confirm_buttons(button: str, answer: bool) -> None:
    dialog = ConfirmDialog("Delete Acme?")
    async with opened(dialog) as (_app, pilot, results):
        await pilot.click(button)
        await pilot.pause()
    assert results.dismissed == [answer]


async def test_enter_presses_the_focused_button() -> None:
    dialog = ConfirmDialog("Delete Acme?")
    async with opened(dialog) as (app, pilot, results):
        assert app.focused is dialog.query_one("#confirm-yes", Button)
        await pilot.press("tab")
        assert app.focused is dialog.query_one("#confirm-no", Button)
        await pilot.press("enter")
        await pilot.pause()
    assert results.dismissed == [False]


async def test_confirm_question_and_labels_are_literal() -> None:
    dialog = ConfirmDialog(f"Delete {HOSTILE} and {CONTROL}?", yes="[b]Delete", no="[/]")
    async with opened(dialog, size=(120, 40)) as (_app, _pilot, _results):
        question = flat(dialog.query_one("#confirm-question"))
        assert question == f"Delete {HOSTILE} and {CONTROL_SHOWN}?"
        assert "[b]Delete (y)" in shown(dialog.query_one("#confirm-yes"))
        assert "[/] (n)" in shown(dialog.query_one("#confirm-no"))
        footer = footer_text(dialog)
        assert "Yes" in footer and "No" in footer


# ---- ApplicationDetailScreen --------------------------------------------------------------


def history_rows(screen: ApplicationDetailScreen) -> list[list[str]]:
    return [
        [" ".join(lines(cell)) for cell in row.children]
        for row in screen.query(".history-row")
    ]


async def test_detail_shows_every_field(detail: ApplicationDetail) -> None:
    screen = ApplicationDetailScreen(detail, clock=clock, tz=TZ)
    async with opened(screen, size=(120, 40)) as (_app, _pilot, _results):
        assert lines(screen.query_one("#detail-title")) == ["Acme — Backend Engineer"]

        def value(key: str) -> str:
            return " ".join(lines(screen.query_one(f"#detail-{key}")))

        assert value("stage") == "rejected"
        assert screen.query_one("#detail-stage").has_class("stage-rejected")
        assert value("furthest") == "interviewing"
        assert value("source") == "referral"
        assert value("location") == "Remote"
        assert value("url") == "https://acme.example/jobs/42"
        assert value("applied") == "1 month ago · Sat 17 Oct 2026 11:30"
        assert value("last-activity") == "3 days ago · Mon 23 Nov 2026 10:30"
        assert value("follow-up") == "none set"
        assert lines(screen.query_one("#detail-notes")) == [
            "Met Dana at the meetup.", "The team ships weekly."]
        assert "Edit" in footer_text(screen) and "Close" in footer_text(screen)


async def test_detail_history_in_order_with_humanised_and_exact_dates(
    detail: ApplicationDetail,
) -> None:
    screen = ApplicationDetailScreen(detail, clock=clock, tz=TZ)
    async with opened(screen, size=(120, 40)) as _:
        assert history_rows(screen) == [
            ["applied", "1 month ago", "Sat 17 Oct 2026 11:30", "through Dana"],
            ["screening", "1 month ago", "Tue 27 Oct 2026 06:30", "call with the recruiter"],
            ["interviewing", "2 weeks ago", "Thu 12 Nov 2026 10:30",
             "system design and pairing"],
            ["rejected", "3 days ago", "Mon 23 Nov 2026 10:30", "form email"],
        ]


async def test_detail_follow_up_and_missing_values() -> None:
    record = make_record(source="", url="", notes="", applied_at=None, stage="saved",
                         follow_up_on=pendulum.date(2026, 11, 29))
    detail = make_detail(record, events_=[], furthest=None)
    screen = ApplicationDetailScreen(detail, clock=clock, tz=TZ)
    async with opened(screen, size=(120, 40)) as _:
        assert lines(screen.query_one("#detail-follow-up")) == ["Sun 29 Nov 2026 · in 3 days"]
        assert lines(screen.query_one("#detail-applied")) == ["not applied yet"]
        assert lines(screen.query_one("#detail-source")) == ["—"]
        assert lines(screen.query_one("#detail-furthest")) == ["—"]
        assert lines(screen.query_one("#detail-notes")) == ["No notes yet."]
        assert history_rows(screen) == [["No stage events."]]


async def test_detail_shows_user_text_literally() -> None:
    record = make_record(company=HOSTILE, role=CONTROL, url="[link=x]y",
                         notes=f"{HOSTILE}\n{CONTROL}")
    detail = make_detail(record, events_=[("applied", NOW.subtract(days=1), "[/] oops")])
    screen = ApplicationDetailScreen(detail, clock=clock, tz=TZ)
    async with opened(screen, size=(120, 40)) as _:
        assert flat(screen.query_one("#detail-title")) == f"{HOSTILE} — {CONTROL_SHOWN}"
        assert lines(screen.query_one("#detail-url")) == ["[link=x]y"]
        assert flat(screen.query_one("#detail-notes")) == f"{HOSTILE} {CONTROL_SHOWN}"
        assert shown(screen.query_one("#detail-notes")).count("\n") >= 1  # kept its line break
        assert history_rows(screen)[0][-1] == "[/] oops"


async def test_e_posts_edit_requested(detail: ApplicationDetail) -> None:
    screen = ApplicationDetailScreen(detail, clock=clock, tz=TZ)
    async with opened(screen) as (app, pilot, results):
        await pilot.press("e")
        await pilot.pause()
        assert [m.application_id for m in results.messages] == [7]
        assert app.screen is screen


async def test_e_calls_the_edit_callback_when_given(detail: ApplicationDetail) -> None:
    asked: list[int] = []
    screen = ApplicationDetailScreen(detail, clock=clock, tz=TZ, on_edit=asked.append)
    async with opened(screen) as (_app, pilot, results):
        await pilot.press("e")
        await pilot.pause()
    assert asked == [7] and results.messages == []


async def test_update_detail_shows_the_new_values(detail: ApplicationDetail) -> None:
    screen = ApplicationDetailScreen(detail, clock=clock, tz=TZ)
    async with opened(screen, size=(120, 40)) as (_app, pilot, _results):
        newer = make_detail(
            make_record(role="Staff Engineer", stage="offer"),
            events_=[("applied", NOW.subtract(days=10), ""), ("offer", NOW, "verbal")],
            furthest="offer",
        )
        screen.update_detail(newer)
        await pilot.pause()
        assert lines(screen.query_one("#detail-title")) == ["Acme — Staff Engineer"]
        assert lines(screen.query_one("#detail-stage")) == ["offer"]
        assert screen.query_one("#detail-stage").has_class("stage-offer")
        assert not screen.query_one("#detail-stage").has_class("stage-rejected")
        assert [row[0] for row in history_rows(screen)] == ["applied", "offer"]
        assert history_rows(screen)[1][1:] == ["just now", "Thu 26 Nov 2026 10:30",
                                               "verbal"]


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_detail_closes(detail: ApplicationDetail, key: str) -> None:
    screen = ApplicationDetailScreen(detail, clock=clock, tz=TZ)
    async with opened(screen) as (app, pilot, results):
        await pilot.press(key)
        await pilot.pause()
        assert results.dismissed == [None]
        assert app.screen is not screen


async def test_long_detail_scrolls() -> None:
    history = [("applied", NOW.subtract(days=60 - i), f"step {i}") for i in range(30)]
    screen = ApplicationDetailScreen(make_detail(events_=history), clock=clock, tz=TZ)
    async with opened(screen) as (app, pilot, _results):
        body = screen.query_one("#detail-body")
        assert app.focused is body
        assert body.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause(0.3)
        assert body.scroll_y == body.max_scroll_y
        last = screen.query(".history-row").last()
        assert screen.can_view_entire(last)


# ---- HelpScreen ---------------------------------------------------------------------------

KEYS = [
    ("Global", "?", "Keys and help"),
    ("Global", "q", "Quit"),
    ("Pipeline", "a", "Add an application"),
    ("Pipeline", "x", "Rejected: asks for a note and a date"),
    ("Global", "ctrl+p", "Command palette"),
    ("Pipeline", "[", "Markup-looking [b]key[/b]"),
]


async def test_help_lists_the_keys_given_grouped_by_section() -> None:
    screen = HelpScreen(KEYS)
    async with opened(screen, size=(120, 40)) as _:
        body = screen.query_one("#help-body")
        listed = [
            " ".join(lines(child)) if not child.has_class("help-row")
            else tuple(" ".join(lines(cell)) for cell in child.children)
            for child in body.children if child.id != "help-about"
        ]
        assert listed == [
            "Global",
            ("?", "Keys and help"),
            ("q", "Quit"),
            ("ctrl+p", "Command palette"),
            "Pipeline",
            ("a", "Add an application"),
            ("x", "Rejected: asks for a note and a date"),
            ("[", "Markup-looking [b]key[/b]"),
        ]
        about = " ".join(lines(screen.query_one("#help-about")))
        assert "BounceBack keeps your job hunt in one calm place" in about


@pytest.mark.parametrize("key", ["escape", "question_mark", "q"])
async def test_help_closes(key: str) -> None:
    screen = HelpScreen(KEYS)
    async with opened(screen) as (app, pilot, results):
        await pilot.press(key)
        await pilot.pause()
        assert results.dismissed == [None] and app.screen is not screen


# ---- Control characters never reach the terminal ------------------------------------------

RAW_CONTROLS = ("\x1b", "\x9b", "\u202e", "\x07", "\x00")

HOSTILE_SCREENS: dict[str, Callable[[], Screen[Any]]] = {
    "form": lambda: ApplicationForm(
        make_record(company=CONTROL, role=CONTROL, source=CONTROL, location=CONTROL,
                    url=CONTROL, notes=f"{CONTROL}\n{CONTROL}\x00"),
        notice=CONTROL, clock=clock, tz=TZ),
    "move": lambda: MoveDialog(make_record(company=CONTROL, role=CONTROL), "rejected",
                               clock=clock, tz=TZ),
    "follow_up": lambda: FollowUpDialog(make_record(company=CONTROL, role=CONTROL),
                                        clock=clock, tz=TZ),
    "confirm": lambda: ConfirmDialog(CONTROL, yes=CONTROL, no=CONTROL, title=CONTROL),
    "detail": lambda: ApplicationDetailScreen(make_detail(
        make_record(company=CONTROL, role=CONTROL, source=CONTROL, location=CONTROL,
                    url=CONTROL, notes=CONTROL),
        events_=[("applied", NOW.subtract(days=2), CONTROL)]), clock=clock, tz=TZ),
    "help": lambda: HelpScreen([(CONTROL, CONTROL, CONTROL)], about=CONTROL),
}


@pytest.mark.parametrize("name", HOSTILE_SCREENS)
async def test_no_raw_control_character_is_drawn(name: str) -> None:
    screen = HOSTILE_SCREENS[name]()
    async with opened(screen, size=(120, 40)) as (_app, _pilot, _results):
        drawn = "\n".join(shown(widget) for widget in screen.walk_children(with_self=True)
                          if widget.display)
        assert "<U+202E>" in drawn or "␛" in drawn  # the text is there, made visible
        assert not [char for char in RAW_CONTROLS if char in drawn]
        title = screen.query(".dialog-box").first().border_title if name != "detail" else ""
        assert "\x1b" not in (title or "")
