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


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_offer_moment(snap_compare, dashboard, hunt_db, size) -> None:
    """The offer moment after a reflection that held self-attack (docs/voice.md): the lines
    kept are what went well and the reasons not about the person, never the harsh words."""
    from bounceback_tui.store import Store

    with Store.open(hunt_db) as store:  # the last no of the current run, reflected on
        last_no = next(o for o in reversed(store.stats().outcomes) if o.kind == "no")
        store.save_reflection(
            {"went_well": "I explained my projects clearly. I'm such a failure.",
             "reasons": ["an internal candidate"],
             "taught_me": "I'll never get a job at this rate."},
            application_id=last_no.application_id, status="saved")

    async def offer(pilot) -> None:
        await ready(pilot)
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "OfferScreen",
                    what="the offer moment")
        await settle(pilot)  # the move's own note comes too: not part of the picture
        pilot.app.clear_notifications()
        await settle(pilot)

    assert snap_compare(dashboard(hunt_db), terminal_size=size, run_before=offer)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_story_and_chart_together(snap_compare, dashboard, hunt_db, size) -> None:
    """`v` twice: the story and the chart together; side by side only where both halves
    read (a full 120 columns), one above the other below that (80x24)."""
    async def run_before(pilot) -> None:
        await _timeline(pilot, "v", "v")

    assert snap_compare(dashboard(hunt_db), terminal_size=size, run_before=run_before)
