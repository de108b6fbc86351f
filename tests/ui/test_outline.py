"""The first frame's outline of the panes is the panes: same places, same borders, same
titles, same colours. The live panes replace it right after the first paint; a person must
not see anything move or change colour when they do."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from ui_support import ready

from bounceback_tui.app import BounceBackApp
from bounceback_tui.widgets.outline import PanesOutline, pane_boxes

SIZES = [(120, 40), (100, 30), (101, 31), (133, 47), (200, 60), (99, 30), (80, 24), (41, 12)]


def cells(app: BounceBackApp) -> list[list[tuple[str, tuple]]]:
    """Every cell on screen: its character and what a person sees of its style."""
    rows = []
    for strip in app.screen._compositor.render_strips():
        row = []
        for segment in strip:
            style = segment.style
            look = (style.color, style.bgcolor, bool(style.bold)) if style else (None, None, False)
            row.extend((char, look) for char in segment.text)
        rows.append(row)
    return rows


def first_frame_only(app: BounceBackApp) -> Callable[[], Awaitable[None]]:
    """Keep the app at its first frame; the returned function does what comes after it."""
    after = app._after_first_paint

    async def nothing() -> None:
        return None

    app._after_first_paint = nothing  # type: ignore[method-assign]
    return after


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_outline_is_where_the_panes_come(dashboard, hunt_db: Path, width: int,
                                                   height: int) -> None:
    app = dashboard(hunt_db)
    after_first_paint = first_frame_only(app)
    async with app.run_test(size=(width, height)) as pilot:
        await pilot.pause()
        outline = app.query_one(PanesOutline)
        assert not app.query(".pane"), "no live pane in the first frame"
        before = cells(app)
        area = outline.region
        narrow = width < 100
        boxes = pane_boxes(area.width, area.height, narrow=narrow)

        await after_first_paint()
        await ready(pilot)
        app.screen.set_focus(None)  # the colours of an unfocused pane, as in the first frame
        await pilot.pause()
        assert not app.query(PanesOutline)
        after = cells(app)

        shown = [pane for pane in app.query(".pane") if pane.display]
        assert [p.id for p in shown] == [box[0] for box in boxes]
        for pane, (pane_id, x, y, box_width, box_height) in zip(shown, boxes, strict=True):
            assert tuple(pane.region) == (area.x + x, area.y + y, box_width, box_height), pane_id
            edge = [(area.x + x + dx, area.y + y + dy) for dy in range(box_height)
                    for dx in range(box_width)
                    if dy in (0, box_height - 1) or dx in (0, box_width - 1)]
            for cx, cy in edge:
                assert before[cy][cx] == after[cy][cx], (pane_id, cx, cy)
        for row in range(1, area.y):  # the tabs (narrow): one widget throughout, unchanged
            assert before[row] == after[row]


async def test_a_key_in_the_first_frame_waits_for_the_panes(dashboard, hunt_db: Path) -> None:
    """`2` pressed while only the outline is on screen focuses the live Reflection pane."""
    app = dashboard(hunt_db)
    after_first_paint = first_frame_only(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.query(PanesOutline)
        await pilot.press("2")
        await pilot.pause()
        assert not app.query(PanesOutline)
        assert app.focused is not None and app.focused.id in ("reflection-note", "journal")
        assert app.query_one("#reflection").has_class("-active")
        await after_first_paint()
        await ready(pilot)
