"""Pinned pictures of the dashboard on a fixed generated hunt with a frozen clock.

Update after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`,
then look at the new SVGs before committing them."""

from __future__ import annotations

import pytest
from ui_support import ready, settle


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_dashboard(snap_compare, dashboard, hunt_db, size) -> None:
    async def loaded(pilot) -> None:
        await ready(pilot)
        await settle(pilot)

    assert snap_compare(dashboard(hunt_db), terminal_size=size, run_before=loaded)


def test_reject_dialog(snap_compare, dashboard, hunt_db) -> None:
    async def reject(pilot) -> None:
        await ready(pilot)
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)

    assert snap_compare(dashboard(hunt_db), terminal_size=(120, 40), run_before=reject)


def test_narrow_reflection_tab_after_a_rejection(snap_compare, dashboard, hunt_db) -> None:
    async def reject(pilot) -> None:
        await ready(pilot)
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)

    assert snap_compare(dashboard(hunt_db), terminal_size=(80, 24), run_before=reject)
