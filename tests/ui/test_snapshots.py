"""Pinned pictures of the dashboard on a fixed generated hunt with a frozen clock.

Update after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`,
then look at the new SVGs before committing them."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea
from ui_support import ready, settle, until


def still(pilot) -> None:
    """No blinking cursors: a blink between frames would make the picture flaky."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_dashboard(snap_compare, dashboard, hunt_db, size) -> None:
    async def loaded(pilot) -> None:
        await ready(pilot)
        await settle(pilot)
        pilot.app.clear_notifications()  # the welcome back note about unfinished drafts
        await settle(pilot)

    assert snap_compare(dashboard(hunt_db), terminal_size=size, run_before=loaded)


def test_reject_dialog(snap_compare, dashboard, hunt_db) -> None:
    async def reject(pilot) -> None:
        await ready(pilot)
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        still(pilot)
        await settle(pilot)

    assert snap_compare(dashboard(hunt_db), terminal_size=(120, 40), run_before=reject)


async def _open_reflection(pilot) -> None:
    """Reject the first application; the guided reflection opens, zoomed (also in 80x24)."""
    await ready(pilot)
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.press("x")
    await settle(pilot)
    await pilot.press("enter")
    await until(pilot, lambda: getattr(pilot.app.focused, "id", None) == "feelings",
                what="the reflection form")
    await settle(pilot)
    pilot.app.clear_notifications()
    still(pilot)
    await pilot.pause(0.3)
    await settle(pilot)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_reflection_form(snap_compare, dashboard, hunt_db, size) -> None:
    assert snap_compare(dashboard(hunt_db), terminal_size=size, run_before=_open_reflection)


def test_reflection_form_with_a_thinking_trap_hint(snap_compare, dashboard, hunt_db) -> None:
    async def hint(pilot) -> None:
        await _open_reflection(pilot)
        await pilot.press("ctrl+down", "ctrl+down", "ctrl+down")
        await pilot.press(*"I always mess up interviews. I am a failure.")
        await pilot.pause(1.3)
        await settle(pilot)
        await pilot.pause(0.2)

    assert snap_compare(dashboard(hunt_db), terminal_size=(120, 40), run_before=hint)


async def _timeline(pilot, *keys: str) -> None:
    """The Timeline pane, maximised, after `keys` (v: the chart)."""
    from bounceback_tui.panes.timeline import TimelinePane

    await ready(pilot)
    await settle(pilot)
    await until(pilot, lambda: pilot.app.query_one(TimelinePane).chart is not None,
                what="the timeline")
    pilot.app.clear_notifications()
    await pilot.press("3", "z", *keys)
    await settle(pilot)
    await pilot.pause(0.1)
    await settle(pilot)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_timeline(snap_compare, dashboard, hunt_db, size) -> None:
    async def run_before(pilot) -> None:
        await _timeline(pilot)

    assert snap_compare(dashboard(hunt_db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_streak_chart(snap_compare, dashboard, hunt_db, size) -> None:
    async def run_before(pilot) -> None:
        await _timeline(pilot, "v")

    assert snap_compare(dashboard(hunt_db), terminal_size=size, run_before=run_before)


def test_timeline_empty(snap_compare, dashboard, empty_db) -> None:
    async def run_before(pilot) -> None:
        from bounceback_tui.panes.timeline import TimelinePane

        await ready(pilot, rows=False)
        await until(pilot, lambda: pilot.app.query_one(TimelinePane).chart is not None,
                    what="the timeline")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)

    assert snap_compare(dashboard(empty_db), terminal_size=(120, 40), run_before=run_before)


def _offer_story():
    """A run of three no's before an offer, and what a reflection on one of them leaves:
    what went well and a reason not about the person (the harsh sentences typed beside them
    are not among them: `OfferStory.kept` never holds a sentence with a trap)."""
    from datetime import date

    from bounceback_tui.store.queries.timeline import KeptLine, OfferStory, StoryNo

    nos = (StoryNo("Lumen Health", "Platform Engineer", "rejected", date(2026, 11, 2)),
           StoryNo("Initech", "Backend Engineer", "ghosted", date(2026, 11, 9)),
           StoryNo("Globex", "SRE", "rejected", date(2026, 11, 20)))
    kept = (KeptLine("Lumen Health", "went well", "I explained my projects clearly."),
            KeptLine("Lumen Health", "not about me", "an internal candidate"),
            KeptLine("Globex", "learned", "I like small, calm teams."),
            KeptLine("", "win", "Kind words from the Initech panel"),
            KeptLine("", "done", "Practise the system design round"))
    return OfferStory("Amberwell", "Senior Product Manager", 120, date(2026, 11, 26), nos,
                      kept)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_offer_moment(snap_compare, size) -> None:
    """The offer moment (docs/voice.md): the run, then what it leaves to keep, each line
    with its kind and its no; space leaves a line out of the story."""
    from textual.app import App

    from bounceback_tui.screens.offer import OfferScreen

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(OfferScreen(_offer_story()))

    assert snap_compare(Host(), terminal_size=size)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_story_and_chart_together(snap_compare, dashboard, hunt_db, size) -> None:
    """`v` twice: the story and the chart together; side by side only where both halves
    read (a full 120 columns), one above the other below that (80x24)."""
    async def run_before(pilot) -> None:
        await _timeline(pilot, "v", "v")

    assert snap_compare(dashboard(hunt_db), terminal_size=size, run_before=run_before)
