"""The first frame's panes: their borders and titles drawn by one light widget.

The live panes (their modules, bindings, twenty-odd widgets and styles) mount right after
the first paint and take the outline's place in the same batch, so no frame shows neither.
Drawing three titled boxes with one widget costs a few lines of strips instead of a grid of
bordered containers, which keeps the first frame as quick as a bare Textual app's. The
geometry follows styles/panes.tcss (`#panes`: a 2x2 grid, rows 3fr 2fr, the pipeline spanning
both columns; narrower than 100 columns, one pane at a time) and the colours come from the
same theme variables as `.pane`; tests/ui/test_outline.py checks both against the real panes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

TITLES = {"pipeline": "Pipeline", "reflection": "Reflection", "timeline": "Timeline"}


def pane_boxes(width: int, height: int, *, narrow: bool,
               active: str = "pipeline") -> list[tuple[str, int, int, int, int]]:
    """(pane id, x, y, width, height) of each visible pane in an area of this size.

    Fractions resolve as Textual's grid resolves them: each offset is the floor of the
    running total, so rows 3fr 2fr of 39 lines are 23 and 16.
    """
    if narrow:
        return [(active, 0, 0, width, height)]
    top = (3 * height) // 5
    left = width // 2
    return [("pipeline", 0, 0, width, top),
            ("reflection", 0, top, left, height - top),
            ("timeline", left, top, width - left, height - top)]


def box_line(row: int, width: int, height: int, title: str, border: Style,
             title_style: Style, inside: Style) -> list[Segment]:
    """Line `row` of a round box `width` x `height` with `title` in its top edge."""
    if width <= 0:
        return []
    if width == 1:
        return [Segment("│" if 0 < row < height - 1 else "─", border)]
    if row == 0 or row == height - 1:
        left, right = ("╭", "╮") if row == 0 else ("╰", "╯")
        edge = width - 2
        if row == 0 and width > 4:
            label = title if len(title) <= width - 4 else title[:max(width - 5, 0)] + "…"
            label = f" {label} "
            return [Segment(left + "─", border), Segment(label, title_style),
                    Segment("─" * (edge - 1 - len(label)) + right, border)]
        return [Segment(left + "─" * edge + right, border)]
    return [Segment("│", border), Segment(" " * (width - 2), inside), Segment("│", border)]


class PanesOutline(Widget):
    """Pipeline, Reflection and Timeline as titled borders, until the live panes mount."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"panes-outline--border", "panes-outline--title"}

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        narrow = self.screen.has_class("-narrow")
        base = self.rich_style
        border = base + self.get_component_rich_style("panes-outline--border")
        title = base + self.get_component_rich_style("panes-outline--title")
        segments: list[Segment] = []
        for pane, x, top, box_width, box_height in pane_boxes(width, height, narrow=narrow):
            if top <= y < top + box_height:
                if x > sum(s.cell_length for s in segments):
                    segments.append(Segment(" " * x, base))
                segments += box_line(y - top, box_width, box_height, TITLES[pane], border,
                                     title, base)
        return Strip(segments).adjust_cell_length(width, base)
