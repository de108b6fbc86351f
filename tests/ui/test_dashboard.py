"""The dashboard as a person uses it: real keys, then what the store holds and what the
screen shows. Every test runs the app from the same factory as the CLI, on a real file."""

from __future__ import annotations

import json
from datetime import timedelta
import tomllib
from pathlib import Path

import pytest
from textual.widgets import Input
from ui_support import NOW, ready, settle, until

from bounceback_tui.palette import back_up, export_json, jump_to_company
from bounceback_tui.app import BounceBackApp
from bounceback_tui.store import Store
from bounceback_tui.widgets.pipeline_table import PipelineTable
from bounceback_tui.widgets.pane_note import ReflectionNote
from bounceback_tui.widgets.reflection_form import ReflectionForm


def screen_text(app: BounceBackApp) -> str:
    """Everything on screen, as plain text."""
    import re
    from html import unescape

    svg = app.export_screenshot()
    return unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def table(app: BounceBackApp) -> PipelineTable:
    return app.query_one(PipelineTable)


async def test_three_titled_panes_and_the_pulse(dashboard, hunt_db: Path) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        text = screen_text(app)
        for title in ("Pipeline", "Reflection", "Timeline"):
            assert title in text
        with Store.open(hunt_db) as store:
            stats = store.stats(now=NOW)
            due = store.follow_ups_due(NOW.date())
        assert "BounceBack" in text and "Thu 26 Nov 2026" in text
        assert f"{stats.runs.current} no's since the last yes" in text
        assert f"{stats.activity.current}-day streak" in text
        assert f"{due} follow-up" in text
        assert table(app).row_count == 120


async def test_number_keys_focus_panes_and_z_zooms(dashboard, hunt_db: Path) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.focused is table(app)
        await pilot.press("2")
        assert app.focused.id == "journal"
        await pilot.press("3")
        assert app.focused.id == "timeline-list"
        await pilot.press("1")
        assert app.focused is table(app)
        await pilot.press("z")
        assert app.screen.maximized is app.query_one("#pipeline")
        await pilot.press("z")
        assert app.screen.maximized is None


async def test_escape_leaves_the_filter_before_number_keys_switch(dashboard, hunt_db) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "2")
        assert app.query_one("#pipeline-filter", Input).value == "2"  # typed, not a pane switch
        await pilot.press("escape", "2")
        assert app.focused.id == "journal"


async def test_narrow_terminal_shows_tabs_and_survives_tiny_sizes(dashboard, hunt_db) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.screen.has_class("-narrow")
        assert app.query_one("#pipeline").display and not app.query_one("#timeline").display
        assert "1 Pipeline" in screen_text(app)
        await pilot.press("3")
        assert app.query_one("#timeline").display and not app.query_one("#pipeline").display
        for size in ((40, 12), (20, 5), (100, 30), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert not app.screen.has_class("-narrow")
        assert all(app.query_one(f"#{p}").display for p in ("pipeline", "reflection", "timeline"))
        assert "Timeline" in screen_text(app)


async def test_add_with_the_form_saves_and_shows_the_row(dashboard, empty_db) -> None:
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, rows=False)
        assert "Press a to add your first application" in screen_text(app)
        await pilot.press("a")
        await pilot.press(*"Acme [b]Labs[/b]")
        await pilot.press("tab", *"Backend Engineer", "ctrl+s")
        await settle(pilot)
        with Store.open(empty_db) as store:
            (saved,) = store.list_applications()
        assert (saved.company, saved.role, saved.stage) == ("Acme [b]Labs[/b]", "Backend Engineer",
                                                            "applied")
        assert table(app).row_count == 1 and table(app).selected.id == saved.id
        assert "Acme [b]L" in screen_text(app)  # literally, as typed (cut to the column)


async def test_reject_asks_then_moves_and_turns_to_the_reflection(dashboard, hunt_db) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        chosen = table(app).selected
        assert chosen.stage not in ("rejected", "ghosted")
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#move-note", Input).value = "form email"
        await pilot.press("enter")
        await settle(pilot)
        with Store.open(hunt_db) as store:
            detail = store.get_application(chosen.id)
        assert detail.application.stage == "rejected"
        assert detail.events[-1].note == "form email"
        note = app.query_one(ReflectionNote)
        assert note.about_label == f"{chosen.company} — {chosen.role}"
        form = app.query_one(ReflectionForm)  # the guided reflection opens, about this one
        assert form.context.application.id == chosen.id
        assert app.focused is form.query_one("#feelings")
        assert f"About {chosen.company}" in screen_text(app)


async def test_an_outcome_key_on_an_application_already_there_says_so_first(
        dashboard, hunt_db) -> None:
    """`x` on a rejected application: no note is asked for a move the store would refuse."""
    with Store.open(hunt_db) as store:
        rejected = next(r for r in store.list_applications() if r.stage == "rejected")
        events = store.get_application(rejected.id).events
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert table(app).move_cursor_to_id(rejected.id)
        await pilot.press("x")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]  # no dialog
        assert [n.message for n in app._notifications][-1] == (
            f"{rejected.company} is already marked rejected.")
        with Store.open(hunt_db) as store:
            assert store.get_application(rejected.id).events == events  # nothing moved


async def test_forward_backward_undo_and_delete(dashboard, hunt_db) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        record = table(app).selected
        start = record.stage
        await pilot.press("greater_than_sign")
        await settle(pilot)
        with Store.open(hunt_db) as store:
            moved = store.get_application(record.id).application.stage
        assert moved != start
        await pilot.press("u")
        await settle(pilot)
        with Store.open(hunt_db) as store:
            assert store.get_application(record.id).application.stage == start
        table(app).move_cursor_to_id(record.id)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        with Store.open(hunt_db) as store:
            assert store.count_applications() == 119
        assert table(app).row_count == 119
        await pilot.press("u")
        await settle(pilot)
        with Store.open(hunt_db) as store:
            assert store.get_application(record.id).application.company == record.company
        assert table(app).row_count == 120


async def test_filter_as_you_type_and_cycle_views(dashboard, hunt_db) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        company = table(app).selected.company
        await pilot.press("slash", *company.upper()[:6])
        await settle(pilot)
        with Store.open(hunt_db) as store:
            expected = store.count_applications(search=company[:6])
        assert table(app).row_count == expected
        await pilot.press("enter")
        assert app.focused is table(app)
        assert table(app).selected.company.casefold().startswith(company[:6].casefold())
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert table(app).row_count == 120
        counts = []
        for _ in range(4):
            await pilot.press("f")
            await settle(pilot)
            counts.append((table(app).view, table(app).row_count))
        with Store.open(hunt_db) as store:
            assert counts == [(view, store.count_applications(view=view))
                              for view in ("active", "offers", "closed", "all")]


async def test_enter_opens_the_detail_and_e_edits(dashboard, hunt_db) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        record = table(app).selected
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ApplicationDetailScreen"
        assert record.company in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        location = app.screen.query_one("#location", Input)
        location.value = "Lisbon"
        await pilot.press("ctrl+s")
        await settle(pilot)
        with Store.open(hunt_db) as store:
            assert store.get_application(record.id).application.location == "Lisbon"
        assert type(app.screen).__name__ == "ApplicationDetailScreen"
        assert "Lisbon" in screen_text(app)


async def test_follow_up_day_is_saved_and_counted(dashboard, hunt_db) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        record = table(app).selected
        await pilot.press("F")
        await pilot.pause()
        app.screen.query_one("#follow-up-day", Input).value = "2026-11-20"
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "FollowUpDialog"  # a past day is refused inline
        app.screen.query_one("#follow-up-day", Input).value = "today"
        await pilot.press("enter")
        await settle(pilot)
        with Store.open(hunt_db) as store:
            assert store.get_application(record.id).application.follow_up_on == NOW.date()
            due = store.follow_ups_due(NOW.date())
        assert f"{due} follow-up" in screen_text(app)


async def test_company_memory_when_applying_again(dashboard, hunt_db) -> None:
    with Store.open(hunt_db) as store:
        old = store.add_application("Returning Co", "Engineer", applied_at=NOW.subtract(days=40),
                                    stage="interviewing")
        store.move(old.id, "rejected", at=NOW.subtract(days=30))
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("a", *"returning co")
        for _ in range(20):
            await pilot.pause(0.05)
        notice = str(app.screen.query_one("#form-notice").render())
        assert "Returning Co said no before: rejected" in notice
        assert "interviewing" in notice


async def test_changes_from_elsewhere_show_up_without_restart(dashboard, hunt_db) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        with Store.open(hunt_db) as other:  # a CLI command or another window
            other.add_application("From Elsewhere", "Engineer")
        for _ in range(60):
            await pilot.pause(0.05)
            if table(app).row_count == 121:
                break
        assert table(app).row_count == 121
        await settle(pilot)
        assert "From Else" in screen_text(app)


async def test_a_change_or_tick_arriving_while_the_dashboard_closes_is_let_go(
        dashboard, hunt_db: Path) -> None:
    """Setup: the dashboard on a hunt, the Pipeline pane zoomed (as in the key storm that
    found it). Action: the panes go, as they do first when the dashboard closes, and then a
    change from another window, the store's ready, the minute's tick and a company typed
    arrive (the last messages of a closing dashboard), and the first paint's follow-up
    (focus, the footer) runs late.
    Holds: the dashboard takes them without stopping on an error (it used to stop with
    "No nodes match '#pipeline'")."""
    from bounceback_tui.screens.application_form import ApplicationForm
    from bounceback_tui.store_bridge import DataChanged, StoreReady

    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("z")
        assert app.screen.maximized is not None
        assert app.panes_here()
        await app.query_one("#panes").remove()
        assert not app.panes_here()
        app.post_message(DataChanged(outside=True))
        app.post_message(StoreReady(app.store))
        app.post_message(ApplicationForm.CompanyChanged(None, "Acme"))
        app._minute_tick()
        app._place_first_focus()  # the first paint's follow-up, late (seen in the suite)
        await app._after_first_paint()
        await settle(pilot)
        assert app._crash is None, app.crash_message
        assert app.is_running


async def test_ctrl_q_quits_as_q_does(dashboard, hunt_db) -> None:
    """Setup: the dashboard, words typed into the add form. Action: ctrl+q, `n`, then escape
    and ctrl+q again. Holds: ctrl+q asks before losing the words, as q does, and quits when
    nothing is unsaved."""
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("a", *"Half typed", "ctrl+q")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running and type(app.screen).__name__ != "ConfirmDialog"
        await pilot.press("escape")
        await settle(pilot)
        if type(app.screen).__name__ == "ConfirmDialog":  # discard what was typed?
            await pilot.press("y")
            await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause(0.2)
        assert not app.is_running or app._exit


async def test_q_quits_cleanly_and_asks_only_with_unsaved_text(dashboard, hunt_db) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("a", *"Half typed")
        app.action_quit_app()
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")
        await pilot.press("escape")
        await pilot.pause()
        if type(app.screen).__name__ == "ConfirmDialog":  # discard what was typed?
            await pilot.press("y")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_theme_is_remembered(dashboard, hunt_db, tmp_path: Path) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, rows=False)
        app.theme = "nord"
        await pilot.pause()
    assert tomllib.loads((tmp_path / "config.toml").read_text())["theme"] == "nord"
    again = dashboard(hunt_db)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_palette_offers_bouncebacks_commands(dashboard, hunt_db) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Add application", "Jump to a company", "New reflection",
                       "Switch theme", "Back up now", "Export"):
            assert wanted in titles
        company = table(app).selected.company
        await jump_to_company(app, company)
        await settle(pilot)
        assert table(app).search == company
        assert app.query_one("#pipeline-filter", Input).value == company
        shown = [table(app).record_at(row) for row in range(table(app).row_count)]
        assert shown and all(company.casefold() in f"{r.company} {r.role} {r.source} "
                             f"{r.location} {r.notes}".casefold() for r in shown)


async def test_back_up_and_export_from_the_dashboard(dashboard, hunt_db) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        back_up(app)
        export_json(app)
        await settle(pilot)
    (backup,) = (hunt_db.parent / "backups").glob("*.db")
    (export,) = (hunt_db.parent / "exports").glob("*.json")
    assert backup.stat().st_mode & 0o777 == 0o600 and export.stat().st_mode & 0o777 == 0o600
    assert len(json.loads(export.read_text())["applications"]) == 120


async def test_hostile_text_is_shown_literally(dashboard, empty_db) -> None:
    hostile = "[b]Bold[/b] [/] [@click=app.quit]x[/] \x1b[31mred\u202e"
    with Store.open(empty_db) as store:
        store.add_application(hostile, "[link=https://evil.test]Role[/link]")
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("z")
        await settle(pilot)
        row = screen_text(app)
        assert "[b]Bold[/b] [/" in row  # the row, literally (cut to the column)
        await pilot.press("enter")  # the detail shows every character
        await settle(pilot)
        text = screen_text(app)
        assert "[b]Bold[/b]" in text and "[@click=app.quit]" in text and "␛[31mred" in text
        assert "[link=https://evil.test]Role[/link]" in text
        assert "\x1b" not in text and "\u202e" not in text
        assert app.is_running


async def test_a_file_that_is_not_a_database_ends_with_status_1(dashboard, tmp_path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n" * 20)
    app = dashboard(path)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(40):
            await pilot.pause(0.05)
    assert app.return_code == 1
    assert "not a SQLite database" in app.open_error
    assert path.read_text() == "not a database\n" * 20


async def test_a_crash_exits_non_zero_without_user_text(dashboard, empty_db, tmp_path) -> None:
    secret = "my private words"
    with Store.open(empty_db) as store:
        store.add_application(secret, "Engineer")
    app = dashboard(empty_db)

    def broken() -> None:
        company = secret
        raise RuntimeError(f"boom: {company}")

    app.action_zoom = broken  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            await pilot.press("z")
            await pilot.pause()
    assert app.return_code == 1
    assert app.crash_message and secret not in app.crash_message
    assert "RuntimeError" in app.crash_message
    log = Path(app.crash_message.rsplit("Details: ", 1)[1])
    shape = log.read_text()
    assert secret not in shape  # the shape of the traceback only: code, never values
    assert 'in broken\n    raise RuntimeError(f"boom: {company}")' in shape
    assert "RuntimeError: (message withheld" in shape


async def test_pane_keys_move_focus_at_once_even_in_a_narrow_terminal(dashboard, hunt_db) -> None:
    """Keys typed right after `1` must reach the pipeline, not the pane that was showing."""
    app = dashboard(hunt_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.action_focus_pane("reflection")
        await pilot.pause()
        app.action_focus_pane("pipeline")
        assert app.focused is table(app)  # no refresh in between
        await app.query_one("#pipeline").action_filter()  # no await inside once mounted
        assert app.focused is app.query_one("#pipeline-filter", Input)


async def test_filter_typed_at_once_after_start_is_not_lost(dashboard, hunt_db) -> None:
    """The filter field is mounted after the first paint; `/` pressed before then waits for
    it, and the letters typed next land in it."""
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", "e", "n", "g")
        await ready(pilot)
        await settle(pilot)
        assert app.query_one("#pipeline-filter", Input).value == "eng"
        assert table(app).search == "eng"
        shown = [table(app).record_at(row) for row in range(min(table(app).row_count, 20))]
        assert shown and all(
            "eng" in f"{r.company} {r.role} {r.source} {r.location} {r.notes}".casefold()
            for r in shown)


async def test_filter_keys_arriving_in_one_read_all_land_in_the_field(dashboard,
                                                                      hunt_db) -> None:
    """A terminal delivers `/lode` typed fast (or pasted) in one read: the letters after `/`
    are dispatched before the filter field has focus, and used to be lost on the way."""
    from textual import events

    for wait in (False, True):
        app = dashboard(hunt_db)
        async with app.run_test(size=(120, 40)) as pilot:
            if wait:
                await ready(pilot)
                await settle(pilot)
            for key, character in (("slash", "/"), ("l", "l"), ("o", "o"), ("d", "d"),
                                   ("e", "e")):
                app.post_message(events.Key(key, character))
            await ready(pilot)
            await settle(pilot)
            assert app.query_one("#pipeline-filter", Input).value == "lode"
            assert table(app).search == "lode"
            assert isinstance(app.screen, type(app.screen_stack[0]))  # no dialog from d, o


async def test_a_pane_key_and_the_key_after_it_in_one_read(dashboard, hunt_db) -> None:
    """`3` then `1o` typed fast: the `o` reaches the pipeline (the offer dialog opens), not
    the Timeline pane that had focus when it was dispatched."""
    from textual import events

    from bounceback_tui.screens.move_dialog import MoveDialog

    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        app.post_message(events.Key("1", "1"))
        app.post_message(events.Key("o", "o"))
        await settle(pilot)
        assert isinstance(app.screen, MoveDialog)


async def test_changes_compute_every_metric_only_for_a_chart_on_screen(dashboard, hunt_db,
                                                                         monkeypatch) -> None:
    """Start-up computes every metric once (the chart's read; the header's pulse is drawn from
    it). A change made here or elsewhere computes none while the chart is hidden (issue 13:
    the header's numbers come from `Store.pulse_facts`, the same values), and once while the
    chart is shown; a chart hidden during a change is read again when it is shown."""
    import bounceback_tui.domain.metrics as metrics

    computed: list[int] = []
    real = metrics.stats_from_summaries

    def counted(*args, **kwargs):
        computed.append(1)
        return real(*args, **kwargs)

    def header_agrees() -> bool:
        counted_before = len(computed)
        with Store.open(hunt_db) as store:
            stats = store.stats(now=NOW)  # the test's own computation: not counted
        del computed[counted_before:]
        return f"{stats.runs.current} no's since the last yes" in screen_text(app)

    def reject_elsewhere() -> None:
        with Store.open(hunt_db) as other:  # a no, recorded by another window
            active = next(a for a in other.list_applications(view="active")
                          if a.stage in ("applied", "screening"))
            other.move(active.id, "rejected")

    monkeypatch.setattr(metrics, "stats_from_summaries", counted)
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        assert len(computed) == 1, "start-up"
        computed.clear()
        await pilot.press("greater_than_sign")  # here: the selected application moves on
        await settle(pilot)
        assert computed == [], "a change made here, the chart hidden"
        runs_before = app.timeline_pane.chart.data.stats.runs.current
        reject_elsewhere()
        await until(pilot, header_agrees, what="the header after a change from elsewhere")
        await settle(pilot)
        assert computed == [], "a change made elsewhere, the chart hidden"
        assert app.timeline_pane.chart_stale

        await pilot.press("3", "v")  # the chart comes on screen: read afresh, once
        await settle(pilot)
        assert len(computed) == 1 and not app.timeline_pane.chart_stale
        assert app.timeline_pane.chart.data.stats.runs.current == runs_before + 1
        computed.clear()
        reject_elsewhere()  # with the chart on screen: every metric, once
        await until(pilot, lambda: len(computed) == 1, what="the change from elsewhere")
        await settle(pilot)
        assert len(computed) == 1, "a change made elsewhere, the chart shown"
        assert header_agrees()


def header_text(app: BounceBackApp) -> str:
    from bounceback_tui.widgets.pulse import PulseHeader

    return str(app.query_one(PulseHeader).render())


@pytest.mark.parametrize(("size", "first"), [((120, 40), "press a to add your first application"),
                                             ((80, 24), "press a to add your first application"),
                                             ((60, 24), "a: add your first application")])
async def test_a_new_hunt_header_says_what_to_do_first_and_counts_nothing(
        dashboard, empty_db: Path, size, first) -> None:
    """A brand-new user saw "0 no's so far, each one a step closer · no activity today yet"
    ("streak 0" at 80 columns): counting no's before there are any, reporting an absence.
    Now: the product, the day and what to do first; no number at all."""
    import re

    app = dashboard(empty_db)
    async with app.run_test(size=size) as pilot:
        await ready(pilot, rows=False)
        await settle(pilot)
        text = header_text(app)
        assert text.startswith(" BounceBack ") and first in text
        assert not re.search(r"\d+ no|streak|activity|not yet|step closer", text)
        assert first in screen_text(app)


async def test_the_header_shows_a_number_only_when_it_says_something(
        dashboard, empty_db: Path) -> None:
    """Two applications sent today, no no's: the streak (today counts) and nothing about no's
    ("0 no's" is not said); config.toml's key for Add is the one the new-user line names."""
    (empty_db.parent / "config.toml").write_text('[keys]\n"pipeline.add" = "A"\n')
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, rows=False)
        await settle(pilot)
        assert "press A to add your first application" in header_text(app)
        with Store.open(empty_db) as other:
            other.add_application("Acme", "Dev")
            other.add_application("Globex", "PM")
        for _ in range(60):  # the change is seen from the other connection
            await pilot.pause(0.05)
            if "first application" not in header_text(app):
                break
        text = header_text(app)
        assert "1-day streak" in text
        assert "no's" not in text and " 0 " not in text and "first application" not in text


async def test_the_day_an_application_was_sent_is_edited_in_its_detail(dashboard,
                                                                         hunt_db) -> None:
    """Dates are honest: `e` in the detail screen edits the applied day too (it moves the
    applied step; the table and the detail follow); `u` takes it back."""
    with Store.open(hunt_db) as store:
        record = next(r for r in store.list_applications() if r.stage == "applied"
                      and r.applied_at is not None)
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        assert table(app).move_cursor_to_id(record.id)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        applied = app.screen.query_one("#applied", Input)
        assert applied.value == record.applied_at.date().isoformat()
        earlier = (record.applied_at - timedelta(days=2)).date().isoformat()
        applied.value = earlier
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until(pilot, lambda: type(app.screen).__name__ == "ApplicationDetailScreen",
                    what="back in the detail")
        with Store.open(hunt_db) as store:
            moved = store.get_application(record.id).application.applied_at
        assert moved.date().isoformat() == earlier


async def test_m_moves_to_any_stage_on_the_day_it_happened(dashboard, hunt_db) -> None:
    """Dates are honest: `>` is the instant step forward; `m` asks which stage, then the
    note and the day (here: yesterday), and records the move on that day."""
    from bounceback_tui.screens.move_dialog import MoveDialog
    from bounceback_tui.screens.stage_dialog import StageDialog

    with Store.open(hunt_db) as store:
        record = next(r for r in store.list_applications() if r.stage == "applied"
                      and r.last_activity_at < NOW - timedelta(days=3))
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        assert table(app).move_cursor_to_id(record.id)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, StageDialog)
        options = [str(o.id) for o in app.screen.query_one("#stage-choice").options]
        assert "applied" not in options and options[:2] == ["saved", "screening"]
        await pilot.press("down", "enter")  # screening
        await until(pilot, lambda: isinstance(app.screen, MoveDialog), what="the move dialog")
        assert app.screen.stage == "screening"
        when = app.screen.query_one("#move-when", Input)
        when.value = "yesterday"
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.screen_stack) == 1
    with Store.open(hunt_db) as store:
        detail = store.get_application(record.id)
    assert detail.application.stage == "screening"
    assert detail.events[-1].at.date() == (NOW - timedelta(days=1)).date()


async def test_an_empty_hunt_reports_no_zeroes_or_absences(dashboard, empty_db: Path) -> None:
    """docs/voice.md: every view of an empty pipeline says what it is for, once, with no
    zero counts and no "No … yet"; the timeline's shorter ranges say "a quiet 4 weeks"."""
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, rows=False)
        await settle(pilot)
        text = screen_text(app)
        assert text.count("Press a to add your first application") == 1
        assert "press a to add your first application" in text  # the header, lower case
        status = app.query_one("#pipeline-status")
        seen = {}
        for _ in range(4):
            view = app.screen.query_one("PipelinePane")._view_index  # type: ignore[attr-defined]
            seen[view] = (table(app).render_line(1).text.strip(), str(status.render()))
            await pilot.press("f")
            await settle(pilot)
        assert len(seen) == 4
        for line, under in seen.values():
            assert line and not line.startswith("No ") and " yet" not in line
            assert " 0 " not in f" {under} " and "0 applications" not in under
        assert any("f shows another view" in line for line, _ in seen.values())


async def test_a_quiet_range_of_the_timeline_says_so_kindly(dashboard, empty_db: Path) -> None:
    with Store.open(empty_db) as store:
        store.add_application("Acme", "Dev", applied_at=NOW - timedelta(days=60))
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        await pilot.press("3")
        for _ in range(4):  # all → 1 year → 6 months → 3 months → 4 weeks
            await pilot.press("left_square_bracket")
        await settle(pilot)
        text = screen_text(app)
        assert "a quiet 4 weeks — ] shows a longer range" in text
        assert "nothing" not in text.casefold()
