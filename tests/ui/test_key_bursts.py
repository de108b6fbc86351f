"""Keys that arrive in one burst (fast typing, tmux send-keys, a paste) each reach the widget
that has focus once the key before them is handled, whatever the timing (issue 16)."""

from __future__ import annotations

from pathlib import Path

from test_dashboard import table
from textual import events
from textual.widgets import Input, SelectionList
from ui_support import ready, settle, until

from bounceback_tui.store import Store

CHARACTERS = {"space": " ", "tab": "\t", "enter": "\r", "ctrl+u": "\x15"}


def burst(app, *keys: str) -> None:
    """Every key queued at once, before any of them is handled (one read from a terminal)."""
    for key in keys:
        if len(key) == 1:
            name = {"-": "minus", " ": "space"}.get(key, key)
            app.post_message(events.Key(name, key))
        else:
            app.post_message(events.Key(key, CHARACTERS.get(key)))


def typed(text: str) -> list[str]:
    return list(text)


async def test_the_add_form_takes_tab_ctrl_u_and_a_date_in_one_burst(dashboard,
                                                                      hunt_db: Path) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        burst(app, "a", *typed("Quillmark"), "tab", *typed("Backend Engineer"), "tab",
              "ctrl+u", *typed("2026-11-20"), "ctrl+s")
        await settle(pilot)
        await until(pilot, lambda: len(app.screen_stack) == 1, what="the form saved")
        with Store.open(hunt_db) as store:
            added = next(r for r in store.list_applications() if r.company == "Quillmark")
        assert added.role == "Backend Engineer"
        assert added.applied_at.date().isoformat() in ("2026-11-20", "2026-11-19")


async def test_step_one_takes_space_down_space_in_one_burst(dashboard, hunt_db: Path) -> None:
    from test_reflection import open_form_by_rejecting

    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form_by_rejecting(pilot)
        feelings = app.query_one("#feelings", SelectionList)
        assert app.focused is feelings
        burst(app, "space", "down", "space")
        await settle(pilot)
        assert list(feelings.selected) == ["frustrated", "sad"]


async def test_3_during_start_up_leaves_the_timeline_keys_working(dashboard,
                                                                  hunt_db: Path) -> None:
    """`3` while the dashboard starts focused the Timeline pane's note, which the story then
    replaced: focus went nowhere and `v`, `[`, `]` did nothing until `3` again."""
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        burst(app, "3")
        await ready(pilot)
        await settle(pilot)
        timeline = app.query_one("TimelinePane")
        assert app.focused is not None and timeline in app.focused.ancestors_with_self
        assert timeline.view == "timeline"
        burst(app, "v", "left_square_bracket")
        await settle(pilot)
        assert (timeline.view, timeline.range_label) == ("chart", "1 year")
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        burst(app, "3", "v")  # both before the first paint
        await ready(pilot)
        await settle(pilot)
        assert timeline_of(app).view == "chart"
        assert app.focused is not None and timeline_of(app) in app.focused.ancestors_with_self


def timeline_of(app):
    return app.query_one("TimelinePane")


async def test_the_reflect_choice_takes_tab_tab_right_enter_in_one_burst(dashboard,
                                                                       hunt_db: Path) -> None:
    """x, then tab, tab, right, enter in one read: "later" is what was chosen (the button's
    press arrived after enter had already accepted "now")."""
    app = dashboard(hunt_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await settle(pilot)
        while table(app).selected.stage in ("rejected", "ghosted"):
            await pilot.press("down")
        chosen = table(app).selected
        burst(app, "x")
        await settle(pilot)
        burst(app, "tab", "tab", "right", "enter")
        await settle(pilot)
        assert not app.query("ReflectionForm")  # not "now"
        with Store.open(hunt_db) as store:
            kept = [r for r in store.list_reflections(status="draft")
                    if r.application_id == chosen.id]
        assert len(kept) == 1 and kept[0].untouched


async def test_text_fields_act_on_every_key_in_the_order_typed() -> None:
    """`a b backspace c left x` handed to a field in one burst reads "axc" as soon as the
    field has taken them (Textual's own fields end with "abc": backspace and left run only
    after bubbling up to the app, behind the characters typed after them)."""
    from textual.app import App, ComposeResult
    from textual.containers import Vertical

    from bounceback_tui.widgets.form_fields import LineInput, NotesArea

    class Fields(App[None]):
        def compose(self) -> ComposeResult:
            with Vertical(), Vertical():
                yield LineInput(id="line")
                yield NotesArea(id="notes")

    app = Fields()
    async with app.run_test() as pilot:
        for field, read in ((app.query_one(LineInput), lambda f: f.value),
                            (app.query_one(NotesArea), lambda f: f.text)):
            field.focus()
            await pilot.pause()
            for key, character in (("a", "a"), ("b", "b"), ("backspace", None), ("c", "c"),
                                   ("left", None), ("x", "x")):
                forwarded = events.Key(key, character)
                forwarded._set_forwarded()  # as the app hands a key to the focused field
                field.post_message(forwarded)
            seen: list[str] = []
            field.call_later(lambda f=field, r=read: seen.append(r(f)))
            await until(pilot, lambda: seen, what="the field's queue")
            assert seen == ["axc"], type(field).__name__
            await pilot.pause(0.1)
            assert read(field) == "axc"  # and nothing runs late to change it


async def test_the_filter_acts_on_every_key_in_the_order_typed(dashboard, hunt_db: Path) -> None:
    """The pipeline's filter, given `a c m x backspace e` in one burst, filters by "acme"."""
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("/")
        field = app.focused
        assert isinstance(field, Input) and field.id == "pipeline-filter"
        for key, character in (("a", "a"), ("c", "c"), ("m", "m"), ("x", "x"),
                               ("backspace", None), ("e", "e")):
            forwarded = events.Key(key, character)
            forwarded._set_forwarded()  # as the app hands a key to the focused field
            field.post_message(forwarded)
        seen: list[str] = []
        field.call_later(lambda: seen.append(field.value))
        await until(pilot, lambda: seen, what="the field's queue")
        assert seen == ["acme"]


async def test_the_dialogs_radio_rows_take_right_space_then_enter_in_one_burst(
        tmp_path: Path) -> None:
    """`right space` handed to the kind row of the interview, growth action and person
    dialogs, then what `enter` reads (the dialog's accept waits for the focused field's
    queue): the second choice, as typed. Textual's RadioSet ran right and space only after
    they bubbled up to the app and learned the press from a message after that, so an
    `enter` in the same burst saved the first choice."""
    from textual.app import App
    from textual.widgets import RadioSet

    from bounceback_tui.screens.action_dialog import ActionDialog
    from bounceback_tui.screens.contact_dialog import ContactDialog
    from bounceback_tui.screens.interview_dialog import InterviewDialog
    from bounceback_tui.store.records import ACTION_KINDS, CONTACT_PARTS, INTERVIEW_KINDS
    from bounceback_tui.widgets.form_fields import after_typed_keys

    with Store.open(tmp_path / "hunt.db") as store:
        record = store.add_application("Quillmark", "Backend Engineer")
    for dialog, row, kinds in ((InterviewDialog(record), "#interview-kind", INTERVIEW_KINDS),
                               (ActionDialog(), "#action-kind", ACTION_KINDS),
                               (ContactDialog(None), "#contact-part", CONTACT_PARTS)):
        app = App[None]()
        async with app.run_test(size=(100, 40)) as pilot:
            app.push_screen(dialog)
            await settle(pilot)
            radios = dialog.query_one(row, RadioSet)
            radios.focus()
            await pilot.pause()
            for key, character in (("right", None), ("space", " ")):
                forwarded = events.Key(key, character)
                forwarded._set_forwarded()  # as the app hands a key to the focused field
                radios.post_message(forwarded)
            seen: list[str | None] = []
            after_typed_keys(dialog, lambda r=radios: seen.append(
                r.pressed_button.name if r.pressed_button else None))
            await until(pilot, lambda: seen, what="the row's queue")
            assert seen == [kinds[1]], row
