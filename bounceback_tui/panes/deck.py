"""The three panes together: which one is active (a tab when the terminal is narrow), and
zooming one to the whole screen."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App
from textual.containers import Container
from textual.widget import Widget

from .base import Pane

PANES = ("pipeline", "reflection", "timeline")
"""The panes, in the order of their keys (1, 2, 3)."""


def tab_line(active: str) -> Text:
    """The tabs shown above a narrow terminal's one pane: ` 1 Pipeline   2 Reflection …`."""
    tabs = Text()
    for number, pane in enumerate(PANES, start=1):
        tabs.append(f" {number} {pane.title()} ",
                    style="reverse bold" if pane == active else "dim")
        tabs.append(" ")
    return tabs


def digits_switch_panes(app: App[Any]) -> bool:
    """Whether 1, 2, 3 (and 4, coming up) switch panes now: not while typing in a text field
    (escape leaves it first), and not while a dialog is open (the digits are its own)."""
    focused = app.focused
    in_text = focused is not None and any(
        cls.__name__ in ("Input", "TextArea") for cls in type(focused).__mro__)
    return not in_text and app.screen is app.screen_stack[0]


class PaneDeck(Container):
    """Holds the panes; `show` makes one active and focuses it, `zoom` maximises it."""

    @classmethod
    def build(cls, *, quiet_days: int, ghost_days: int, gentle: bool,
              clock: Any = None) -> PaneDeck:
        """The three panes, the pipeline active, with the styles they need first."""
        from .pipeline import PipelinePane
        from .reflection import ReflectionPane
        from .timeline import TimelinePane

        pipeline = PipelinePane(quiet_days=quiet_days, ghost_days=ghost_days, clock=clock)
        pipeline.add_class("-active")  # before the first styling, not after (a restyle)
        panes = (pipeline, ReflectionPane(), TimelinePane())
        for pane in panes:
            pane.gentle = gentle
        return cls(*panes, id="panes")

    @property
    def active(self) -> str:
        """The id of the active pane."""
        return next((pane.id for pane in self.query(Pane) if pane.has_class("-active")
                     and pane.id), PANES[0])

    def show(self, pane_id: str) -> None:
        """Make a pane active and focus it; in a narrow terminal it becomes the one shown.
        `coming` is the Timeline pane showing what is coming up (`4`)."""
        if pane_id == "coming":
            from .timeline import TimelinePane

            timeline = self.query_one(TimelinePane)
            if timeline.view != "coming up":
                timeline.show_view("coming up")
            pane_id = "timeline"
        for pane in self.query(Pane):
            pane.set_class(pane.id == pane_id, "-active")
        target = self.query_one(f"#{pane_id}", Pane)
        screen = self.screen
        if screen.maximized not in (None, target):
            screen.minimize()  # another pane was zoomed: show the one asked for
        # In a narrow terminal the pane was hidden until now: apply its style at once so it
        # can take focus (and the keys typed right after) before the next refresh.
        self.app.update_styles(target, animate=False)
        target.focus_first()

    def zoom(self, focused: Widget | None) -> None:
        """Maximise the pane holding `focused`, or restore the layout when one is."""
        screen = self.screen
        if screen.maximized is not None:
            screen.minimize()
            return
        pane = next((p for p in focused.ancestors_with_self if isinstance(p, Pane)), None) \
            if focused is not None else None
        if pane is not None:
            screen.maximize(pane, container=False)

    def set_gentle(self, gentle: bool) -> None:
        """Gentle mode on or off in every pane (the timeline redraws its chart)."""
        for pane in self.query(Pane):
            pane.set_gentle(gentle)
