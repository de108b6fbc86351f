"""No key sequence crashes the dashboard: keys arrive in bursts faster than the app can draw
(as a fast typist or a paste delivers them), every key the dashboard binds among them,
while other processes write to the same file.

Keys are posted straight into the app's message queue, several before it handles any, the
way the terminal driver delivers a burst; `pilot.press` would wait for the app after each.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import threading
from pathlib import Path

import pendulum
import pytest
from textual import events

from bounceback_tui.store import Store
from bounceback_tui.demo.generate import generate_hunt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))
from ui_support import NOW, ready, settle

BOUND = ["1", "2", "3", "z", "question_mark", "a", "enter", "slash", "f", "greater_than_sign",
         "less_than_sign", "x", "g", "o", "w", "F", "d", "u", "r", "n", "v",
         "left_square_bracket", "right_square_bracket", "s", "c", "e", "space", "tab",
         "shift+tab", "escape", "up", "down", "pageup", "pagedown", "home", "end", "y",
         "ctrl+s", "ctrl+r", "ctrl+g", "ctrl+down", "ctrl+up", "ctrl+e", "backspace"]
"""Every key the dashboard binds (pipeline, reflection, timeline, forms, dialogs), except
the ones that leave it (q, ctrl+q, ctrl+c) and the palette (ctrl+p, tested elsewhere)."""

CHARACTERS = {"question_mark": "?", "slash": "/", "greater_than_sign": ">",
              "less_than_sign": "<", "left_square_bracket": "[", "right_square_bracket": "]",
              "space": " "}


def key_event(key: str) -> events.Key:
    """The event the terminal driver posts for `key`."""
    if len(key) == 1:
        return events.Key(key, key)
    return events.Key(key, CHARACTERS.get(key))


@pytest.fixture
def frozen_db(tmp_path: Path) -> Path:
    """A generated hunt of 60 applications with reflections, wins and actions, on a clock
    frozen at NOW in UTC for the whole test."""
    pendulum.set_local_timezone(pendulum.timezone("UTC"))
    path = tmp_path / "hunt.db"
    with pendulum.travel_to(NOW, freeze=True):
        with Store.open(path) as store:
            generate_hunt(store, applications=60, seed=5, now=NOW)
        yield path


def writer(db: Path, stop: threading.Event, seen: list[str]) -> None:
    """Another window: adds, moves, deletes and undoes applications, saves and deletes
    reflections, until told to stop."""
    rng = random.Random(7)
    store = Store.open(db)
    try:
        while not stop.is_set():
            try:
                app = store.add_application(f"Writer {rng.randrange(1000)}", "Engineer")
                if rng.random() < 0.5:
                    store.move(app.id, rng.choice(["screening", "rejected", "ghosted"]))
                if rng.random() < 0.3:
                    store.delete_application(app.id)
                if rng.random() < 0.2:
                    store.undo()
                if rng.random() < 0.3:
                    draft = store.save_reflection({"went_well": "other window"})
                    store.delete_reflection(draft.id)
            except Exception as exc:  # noqa: BLE001  (a refusal is fine; report the kind)
                seen.append(type(exc).__name__)
            stop.wait(0.01)
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
async def test_bursts_of_every_bound_key_never_crash_it(
        frozen_db: Path, tmp_path: Path, seed: int) -> None:
    """Setup: the dashboard (120×40, or 80×24 for odd seeds) on a hunt; another window (a
    thread with its own Store) adding, moving, deleting, undoing and saving reflections
    the whole time.
    Action: 60 bursts of 2–12 keys drawn from every bound key (r and n twice in a row
    among them), each burst posted at once, with a short pause between bursts.
    Holds: the dashboard never stopped because of a bug and is still running; the file
    passes `PRAGMA integrity_check`; the other window's changes were never refused for
    a reason other than the ones it asks for (nothing 'unexpected')."""
    from bounceback_tui.app import make_app

    rng = random.Random(seed)
    app = make_app(frozen_db, settings_file=tmp_path / "config.toml", clock=pendulum.now)
    stop = threading.Event()
    refused: list[str] = []
    other = threading.Thread(target=writer, args=(frozen_db, stop, refused))
    size = (80, 24) if seed % 2 else (120, 40)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        other.start()
        try:
            for burst in range(60):
                keys = [rng.choice(BOUND) for _ in range(rng.randint(2, 12))]
                if burst % 10 == 0:
                    keys += [rng.choice(["r", "n"])] * 2  # the pair that once crashed it
                for key in keys:
                    app.post_message(key_event(key))
                await pilot.pause(rng.choice([0, 0.01, 0.05]))
                assert app._crash is None, app.crash_message
            await settle(pilot)
        finally:
            stop.set()
            other.join(timeout=30)
        assert app._crash is None, app.crash_message
        assert app.is_running and app.return_code is None
    assert set(refused) <= {"InvalidInput", "NotFound", "Conflict"}, refused
    with sqlite3.connect(frozen_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.slow
async def test_r_and_n_pressed_twice_fast_open_one_form_and_keep_what_was_typed(
        frozen_db: Path, tmp_path: Path) -> None:
    """Setup: the dashboard on a hunt. Action: `r` `r` posted at once (a double tap), then
    words typed into the form's first text field; `escape`; then `n` `n` at once from the
    Reflection pane.
    Holds: one reflection form after each double tap, never two (the crash was two forms
    with one id, which stopped the app); the words typed are kept as a draft."""
    from textual.widgets import TextArea

    from bounceback_tui.app import make_app
    from bounceback_tui.widgets.reflection_form import ReflectionForm

    app = make_app(frozen_db, settings_file=tmp_path / "config.toml", clock=pendulum.now)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.post_message(key_event("r"))
        app.post_message(key_event("r"))
        await settle(pilot)
        assert len(app.query(ReflectionForm)) == 1
        app.query_one(ReflectionForm).query(TextArea).first().focus()
        await pilot.press(*"first words")
        await settle(pilot)
        await pilot.press("escape")  # leave the form: its draft is written
        await settle(pilot)
        assert not app.query(ReflectionForm)
        app.post_message(key_event("n"))
        app.post_message(key_event("n"))
        await settle(pilot)
        assert app._crash is None, app.crash_message
        assert len(app.query(ReflectionForm)) == 1
    with Store.open(frozen_db) as store:
        kept = [r for r in store.list_reflections(status="draft")
                if any("first words" in str(value) for value in vars(r).values())]
    assert kept, "the words typed after the double tap were lost"


@pytest.mark.slow
async def test_enter_twice_on_a_dialog_answers_it_once(frozen_db: Path, tmp_path: Path) -> None:
    """Setup: the dashboard on a hunt, an active application highlighted.
    Action: `x` (rejected), then `enter` `enter` posted at once on the dialog; later `a`,
    a company and role, and `ctrl+s` `ctrl+s` at once on the add form.
    Holds: one `rejected` event and one new application, not two; the dashboard is still
    running (the second dismissal used to pop the main screen: ScreenStackError)."""
    from textual.widgets import Input

    from bounceback_tui.app import make_app
    from bounceback_tui.widgets.pipeline_table import PipelineTable

    app = make_app(frozen_db, settings_file=tmp_path / "config.toml", clock=pendulum.now)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f")  # active applications only
        await settle(pilot)
        chosen = app.query_one(PipelineTable).selected
        await pilot.press("x")
        await settle(pilot)
        app.post_message(key_event("enter"))
        app.post_message(key_event("enter"))
        await settle(pilot)
        await pilot.press("escape", "1", "a")
        await settle(pilot)
        fields = app.screen.query(Input)
        fields[0].value, fields[1].value = "Twice Corp", "Engineer"
        app.post_message(key_event("ctrl+s"))
        app.post_message(key_event("ctrl+s"))
        await settle(pilot)
        assert app._crash is None, app.crash_message
        assert app.is_running
    with Store.open(frozen_db) as store:
        events_ = store.get_application(chosen.id).events
        twice = store.list_applications(search="Twice Corp")
    assert [e.stage for e in events_].count("rejected") == 1
    assert len(twice) == 1


async def test_page_keys_on_a_list_not_laid_out_do_nothing(tmp_path: Path) -> None:
    """Setup: an app holding an OptionList with options, hidden (as the journal is behind a
    reflection form, or on a tab not shown), so its lines were never measured.
    Action: page down and page up on it.
    Holds: Textual's own paging raises KeyError in exactly this state (the setup is the
    crash's); BounceBack's paging does nothing, and the highlight stays."""
    from textual.app import App
    from textual.widgets import OptionList

    from bounceback_tui.widgets import option_list_paging

    class Hidden(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            listing = OptionList(*[f"item {n}" for n in range(30)])
            listing.display = False
            yield listing

    app = Hidden()
    async with app.run_test(size=(80, 24)) as pilot:
        listing = app.query_one(OptionList)
        listing.highlighted = 3
        await pilot.pause()
        with pytest.raises(KeyError):
            option_list_paging._move_page(listing, 1)  # Textual's, unpatched
        listing.action_page_down()
        listing.action_page_up()
        await pilot.pause()
        assert listing.highlighted == 3
