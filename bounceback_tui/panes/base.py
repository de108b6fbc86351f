"""A titled pane of the dashboard; the focused one is highlighted (styles/panes.tcss)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.containers import Vertical

if TYPE_CHECKING:
    from ..store_bridge import StoreBridge


class Pane(Vertical):
    """One of the three panes: Pipeline, Reflection, Timeline."""

    ALLOW_MAXIMIZE = True

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(id=id, classes="pane")
        self.border_title = title
        self.gentle = False
        """Gentle mode (set by the app): counts of no's hidden, effort first."""

    def set_gentle(self, gentle: bool) -> None:
        """Gentle mode on or off (a pane that shows counts redraws them)."""
        self.gentle = gentle

    @property
    def bridge(self) -> StoreBridge:
        """The pane's port to the store: runs reads and writes in workers, and the clock."""
        from ..store_bridge import bridge_of

        return bridge_of(self)

    def focus_first(self) -> None:
        """Put the cursor on the first thing in the pane that takes focus."""
        for widget in self.query("*"):
            if widget.focusable:
                # Now, not later (Widget.focus defers): keys typed right after the pane key
                # must reach the pane.
                self.screen.set_focus(widget)
                return


def load_css(app: Any, *names: str) -> None:
    """styles/`name` for each name, added to the app's stylesheet on first use (so the first
    paint does not wait for a pane's or a form's styles to be parsed); one reparse for all."""
    from ..paths import styles_dir

    paths = [str(styles_dir() / name) for name in names]
    new = [path for path in paths if not app.stylesheet.has_source(path, "")]
    if new:
        for path in new:
            app.stylesheet.read(path)
        app.stylesheet.reparse()
        app.stylesheet.update(app)
