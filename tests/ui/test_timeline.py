"""The Timeline pane, driven by keys: the story feed, the streak chart and its keys, gentle
mode, the offer moment and saving the chart; each test checks the store and the screen."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

import pendulum
from test_dashboard import screen_text, table
from ui_support import NOW, ready, settle, until

from bounceback_tui.screens.offer import OfferScreen
from bounceback_tui.store import Store
from bounceback_tui.panes.timeline import PAGE, TimelinePane


def pane(app) -> TimelinePane:
    return app.query_one(TimelinePane)


def chart_text(app) -> str:
    timeline = pane(app)
    return "\n".join("".join(text for text, _ in line)
                     for line in timeline.chart_lines(timeline._chart_width()))


async def open_timeline(pilot, *keys: str) -> TimelinePane:
    await ready(pilot)
    await settle(pilot)
    pilot.app.clear_notifications()
    await until(pilot, lambda: pane(pilot.app).chart is not None, what="the timeline")
    await pilot.press("3", *keys)
    await settle(pilot)
    return pane(pilot.app)


async def test_chart_labels_equal_stats(dashboard, hunt_db: Path) -> None:
    with Store.open(hunt_db) as store:
        stats = store.stats()
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(pilot, "z", "v")
        text = chart_text(app)
        screen = screen_text(app)
        assert stats.runs.completed, "the generated hunt has offers"
        for run in stats.runs.completed:
            nos = "no" if run.no == 1 else "no's"
            label = (f"{run.no} {nos} → yes  {run.company}" if run.no
                     else f"a yes right after  {run.company}")
            assert label in text and label in screen
        assert f"{stats.runs.current} no's so far" in screen
        assert f"current streak {stats.activity.current} days" in screen
        for stage, count in stats.funnel.items():
            assert any(line.split()[:2] == [stage, str(count)] for line in text.splitlines())
        assert f"response rate {stats.response_rate:.0%}" in text
        assert f"median {stats.bounce_back.median_days:.1f} days" in screen


async def test_v_cycles_timeline_chart_both_and_coming_up(dashboard, hunt_db: Path) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(pilot)
        listing, chart = timeline.listing, timeline.chart_view
        assert listing.display and not chart.display and app.focused is listing
        assert "This week" in screen_text(app)
        await pilot.press("v")
        await settle(pilot)
        assert chart.display and not listing.display and app.focused is chart
        assert "Every no, a step toward a yes" in screen_text(app)
        await pilot.press("v")
        await settle(pilot)
        assert chart.display and listing.display and timeline.view == "both"
        await pilot.press("v")
        await settle(pilot)
        assert timeline.view == "coming up" and not chart.display and not listing.display
        assert timeline.agenda_view.display and app.focused is timeline.agenda_view
        await pilot.press("v")
        await settle(pilot)
        assert timeline.view == "timeline" and not chart.display


async def test_brackets_change_the_range_and_the_entries(dashboard, hunt_db: Path) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(pilot)
        everything = len(timeline.items)
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket",
                          "left_square_bracket")
        await settle(pilot)
        assert timeline.range_label == "4 weeks"
        assert "4 weeks" in screen_text(app)
        assert timeline.items and all(item.at >= NOW.subtract(days=28) for item in timeline.items)
        assert len(timeline.items) < everything
        await pilot.press("left_square_bracket")  # already the shortest: nothing changes
        assert timeline.range_label == "4 weeks"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert timeline.range_label == "3 months"
        assert all(item.at >= NOW.subtract(days=91) for item in timeline.items)


async def test_the_feed_loads_more_as_you_scroll_and_holds_everything_once(
        dashboard, hunt_db: Path) -> None:
    with Store.open(hunt_db) as store:
        expected: list = []
        before = None
        while True:
            page = store.timeline(before=before, limit=500)
            expected.extend(page)
            if len(page) < 500:
                break
            before = page[-1].key
    assert len(expected) > PAGE  # the test needs more than one page
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(pilot)
        assert len(timeline.items) == PAGE
        for _ in range(60):
            await pilot.press("end")
            await settle(pilot)
            if len(timeline.items) == len(expected):
                break
        assert [item.key for item in timeline.items] == [item.key for item in expected]
        headings = [row.heading for row in timeline.listing.rows if row.item is None]
        assert headings[:2] == ["This week", "Last week"]
        assert len(timeline.listing.rows) == len(expected) + len(headings)


async def test_enter_on_an_entry_goes_to_its_application(dashboard, hunt_db: Path) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(pilot)
        # an old entry, far down the pipeline: hide it first with the view "offers"
        old = next(item for item in reversed(timeline.items) if item.kind == "applied")
        await pilot.press("1", "f", "f")
        await settle(pilot)
        await pilot.press("3")
        listing = timeline.listing
        index = next(i for i, row in enumerate(listing.rows)
                     if row.id and row.id.startswith(f"application:{old.application_id}:"))
        listing.cursor = index
        await pilot.press("enter")
        await until(pilot, lambda: table(app).selected is not None
                    and table(app).selected.id == old.application_id,
                    what="the application in the pipeline")
        assert app.focused is table(app) and table(app).view == "all"


async def test_enter_on_a_reflection_opens_it(dashboard, hunt_db: Path) -> None:
    with Store.open(hunt_db) as store:
        record = store.save_reflection({"next_step": "Call Priya on Monday"}, status="saved")
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(pilot, "z")
        listing = timeline.listing
        index = next(i for i, row in enumerate(listing.rows)
                     if row.id and row.id.startswith(f"reflection:{record.id}:"))
        listing.cursor = index
        assert "next: Call Priya on Monday" in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: app.reflection_pane.form is not None, what="the form")
        assert app.reflection_pane.form.reflection_id == record.id


async def test_empty_database_explains_what_will_grow_here(dashboard, empty_db: Path) -> None:
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, rows=False)
        await until(pilot, lambda: pane(app).chart is not None, what="the timeline")
        await settle(pilot)
        await pilot.press("3")
        text = screen_text(app)
        assert "As you apply" in text and "your first application" in text
        assert "Nothing here" not in text
        assert app.focused.id == "timeline-note"


async def test_ctrl_e_saves_the_chart_beside_the_database(dashboard, hunt_db: Path) -> None:
    with Store.open(hunt_db) as store:
        first = store.stats().runs.completed[0]
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        saved = list(hunt_db.parent.glob("bounceback-chart-*.svg"))
        assert len(saved) == 1
        assert stat.S_IMODE(saved[0].stat().st_mode) == 0o600
        svg = saved[0].read_text()
        assert svg.startswith("<svg") and first.company.replace(" ", "&#160;") in svg
        assert any(saved[0].name in n.message for n in app._notifications)


async def test_gentle_mode_hides_counts_of_no_and_is_remembered(dashboard, hunt_db: Path,
                                                                tmp_path: Path) -> None:
    with Store.open(hunt_db) as store:
        stats = store.stats()
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(pilot)
        assert "no's since the last yes" in screen_text(app)
        await pilot.press("ctrl+p")
        await pilot.press(*"gentle mode")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await until(pilot, lambda: "gentle mode" in app.query_one("#pulse").render().plain,
                    what="the header in gentle mode")
        assert "no's since" not in screen_text(app)
        await pilot.press("z", "v")
        await settle(pilot)
        text = screen_text(app)
        assert "no's since" not in text and " no → " not in text and "no's →" not in text
        assert "▮" not in text and "▯" not in text
        assert f"yes  {stats.runs.completed[0].company}" in text
        assert tomllib.loads((tmp_path / "config.toml").read_text())["gentle"] is True


async def test_an_offer_is_celebrated_with_its_run_and_lessons(dashboard, hunt_db: Path) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        chosen = table(app).selected
        with Store.open(hunt_db) as store:
            before = store.stats().runs.current
            # a lesson from a no of this run, to be shown
            last_no = next(o for o in reversed(store.stats().outcomes) if o.kind == "no")
            store.save_reflection(
                {"do_differently": "[b]Prepare[/b] a portfolio walk-through"},
                application_id=last_no.application_id, status="saved")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, OfferScreen), what="the offer moment")
        text = screen_text(app)
        assert f"An offer from {chosen.company}" in text
        assert f"{before} no's led here" in text
        assert "[b]Prepare[/b] a portfolio walk-through" in text
        assert f"--story --application {chosen.id}" in text
        await pilot.press("s")
        await settle(pilot)
        stories = list((hunt_db.parent / "exports").glob("story-*.md"))
        assert len(stories) == 1 and chosen.company in stories[0].read_text()
        await pilot.press("enter")
        assert not isinstance(app.screen, OfferScreen)
        with Store.open(hunt_db) as store:
            assert store.get_application(chosen.id).application.stage == "offer"
            assert store.stats().runs.completed[-1].no == before


async def test_another_window_saving_a_win_shows_up_in_the_timeline(dashboard,
                                                                   hunt_db: Path) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(pilot, "z")
        with Store.open(hunt_db) as store:
            store.add_win("Kind words from the Lodemark panel",
                          at=pendulum.now("UTC").add(minutes=1))
        await until(pilot, lambda: timeline.items and timeline.items[0].kind == "win",
                    what="the win in the timeline", timeout=5)
        assert "Kind words from the Lodemark panel" in screen_text(app)


async def test_feed_keys_move_over_entries_and_skip_headings(dashboard, hunt_db: Path) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(pilot, "z")
        listing = timeline.listing
        assert listing.rows[0].heading == "This week" and listing.cursor == 1
        await pilot.press("up")
        assert listing.cursor == 1  # the heading above is not a place to stand
        first_heading_after = next(i for i, row in enumerate(listing.rows) if i > 1
                                   and row.item is None)
        for _ in range(first_heading_after - 1):  # from row 1, the last step jumps it
            await pilot.press("down")
            assert listing.rows[listing.cursor].item is not None
        assert listing.cursor == first_heading_after + 1
        await pilot.press("pagedown")
        assert listing.cursor > first_heading_after + 20 and listing.scroll_y > 0
        assert 0 <= listing.cursor - listing.scroll_y < listing.scrollable_content_region.height
        assert listing.selected.item.company[:10] in screen_text(app)
        await pilot.press("home")
        await settle(pilot)
        assert listing.cursor == 1 and listing.scroll_y == 0


async def test_an_imported_stage_without_a_date_says_date_unknown(dashboard, empty_db: Path
                                                                  ) -> None:
    """A tracker's file said Lumen Health rejected and Initech is interviewing, without
    dates: the timeline and the detail screen say "date unknown" (never the day of
    applying), the no has no bounce-back line, and Initech's row asks no "ghosted?"."""
    from bounceback_tui.store.interchange import apply_plan, plan_json

    hunt = Path(__file__).resolve().parents[1] / "fixtures" / "dates_unknown.json"
    with Store.open(empty_db) as store:
        apply_plan(store, plan_json(hunt.read_text(encoding="utf-8"), now=NOW))
        lumen = next(r for r in store.list_applications() if r.company == "Lumen Health")
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(pilot)
        lines = screen_text(app).splitlines()
        rejected = next(line for line in lines if "Rejected" in line and "Lumen" in line)
        assert "date unknown" in rejected and "bounced back" not in rejected
        acme = next(line for line in lines if "Rejected" in line and "Acme" in line)
        assert "date unknown" not in acme and "back in 1 day" in acme
        initech = next(line for line in lines if line.startswith("│ Initech"))
        assert "interviewing" in initech and "ghosted?" not in initech and "quiet" not in initech
        await pilot.press("1")
        assert table(app).move_cursor_to_id(lumen.id)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ApplicationDetailScreen"
        history = [line for line in screen_text(app).splitlines() if "rejected" in line]
        assert any("date unknown" in line for line in history), history


async def test_the_median_speaks_of_the_span_its_heading_names(dashboard, hunt_db: Path) -> None:
    """"Bouncing back  last 3 months" was followed by "median … (all time)": two spans in one
    section. The median is now of the no's the line above shows, in the heading's span."""
    import re
    import statistics

    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(pilot, "v", "left_square_bracket", "left_square_bracket")
        text = chart_text(app)
        assert "Bouncing back  last 6 months" in text and "(all time)" not in text
        since = timeline.chart.since
        shown = [days for at, days in timeline.chart.data.bounce if at >= since]
        found = re.search(r"median (\d+\.\d) days over (\d+) no", text)
        assert found is not None and len(shown) > 1
        assert found.groups() == (f"{statistics.median(shown):.1f}", str(len(shown)))


def _no_entry(company: str, role: str, days: float):
    from datetime import UTC, datetime

    from bounceback_tui.store.queries.timeline import TimelineItem

    return TimelineItem("no", datetime(2026, 11, 1, tzinfo=UTC), "rejected", 1, None,
                        company, role, "", days, ("event", 1, 0))


@pytest.mark.parametrize(("width", "expected"), [
    (92, "Lumen Health — Platform Engineer  · bounced back within a day"),
    (72, "Lumen Health  · bounced back within a day"),   # the role goes first
    (63, "Lumen Health  · back within a day"),           # then the longer phrasing
    (50, "Lumen Health"),                                # never two words cut in half
])
def test_a_narrow_timeline_drops_words_before_cutting_any(width: int, expected: str) -> None:
    """Lines read "Lumen H… · bounced bac…" in a narrow pane, where a shorter phrasing fits."""
    from bounceback_tui.widgets.timeline_view import entry_pieces

    pieces = entry_pieces(_no_entry("Lumen Health", "Platform Engineer", 0.4), "1 day ago",
                          width)
    line = "".join(text for text, _ in pieces[3:])
    assert line == expected and "…" not in line
