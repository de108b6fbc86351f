"""A titled pane of the dashboard; the focused one is highlighted (styles/app.tcss)."""

from __future__ import annotations

from textual.containers import Vertical


class Pane(Vertical):
    """One of the three panes: Pipeline, Reflection, Timeline."""

    ALLOW_MAXIMIZE = True

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(id=id, classes="pane")
        self.border_title = title

    def focus_first(self) -> None:
        """Put the cursor on the first thing in the pane that takes focus."""
        for widget in self.query("*"):
            if widget.focusable:
                # Now, not later (Widget.focus defers): keys typed right after the pane key
                # must reach the pane.
                self.screen.set_focus(widget)
                return
