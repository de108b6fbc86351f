"""What is coming up, grouped by day, today first (the Timeline pane's "coming up" view,
issue 14). User text is shown literally."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..domain.user_text import visible


class AgendaView(OptionList):
    """Items by day; `enter` on one about an application posts `Chosen`."""

    class Chosen(Message):
        def __init__(self, application_id: int) -> None:
            super().__init__()
            self.application_id = application_id

    def show_items(self, items: Sequence[Any], *, today: date, tz: tzinfo, days: int) -> None:
        """Fill the list: a heading per day, then its items; a line when nothing is planned."""
        highlighted = self.highlighted
        self.clear_options()
        if not items:
            self.add_option(Option(Text(f"Nothing planned in the next {days} days. "
                                        "i on an application schedules an interview.",
                                        style="dim"), disabled=True))
            return
        options: list[Option] = []
        day = None
        for number, item in enumerate(items):
            if item.day != day:
                day = item.day
                options.append(Option(Text(_day_label(day, today), style="bold"),
                                      disabled=True))
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(f"{item.at.astimezone(tz):%H:%M}" if item.at else "     ",
                        style="bold" if item.at else None)
            line.append("  ")
            if item.company:
                line.append(visible(item.company), style="bold")
                line.append(f" — {visible(item.role)} · ", style="dim")
            line.append(visible(item.title))
            option_id = f"a:{item.application_id}:{number}" if item.application_id else None
            options.append(Option(line, id=option_id, disabled=item.application_id is None))
        self.add_options(options)
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("a:"):
            self.post_message(self.Chosen(int(option_id.split(":")[1])))


def _day_label(day: date, today: date) -> str:
    if day == today:
        return "Today"
    if (day - today).days == 1:
        return "Tomorrow"
    return f"{day:%a %-d %b}"
