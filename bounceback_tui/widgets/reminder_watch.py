"""Reminders while the dashboard is open (issue 14): a gentle notification before an
interview and on the morning of a follow-up day (`domain.reminders` says which). Hidden; it
lives in the Timeline pane beside the coming-up view."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.widget import Widget

from ..domain.reminders import ASK_AFTER_HOURS

CHECK_SECONDS = 30.0


class ReminderWatch(Widget):
    """Looks at the plan every half minute and notifies what is due, once each."""

    DEFAULT_CSS = "ReminderWatch { display: none; }"

    def __init__(self) -> None:
        super().__init__()
        self.shown: set[tuple[Any, ...]] = set()
        self._checking = False

    def on_mount(self) -> None:
        self.set_interval(CHECK_SECONDS, self.check)
        self.call_later(self.check)

    def check(self) -> None:
        """Read the next interviews and today's follow-ups; show what is due."""
        settings = getattr(self.app, "settings", None)
        reminders = getattr(settings, "reminders", None)
        if reminders is None or not reminders.enabled or self._checking:
            return
        from ..store_bridge import bridge_of

        bridge = bridge_of(self)
        now = bridge.now()
        ahead = max(reminders.minutes_before, default=0)
        minutes = reminders.minutes_before
        self._checking = True

        def read(store: Any) -> Any:
            interviews = [i for i in store.list_interviews(
                since=now, until=now + timedelta(minutes=ahead + 1)) if i.starts_at]
            ended = [i for i in store.list_interviews(
                since=now - timedelta(hours=ASK_AFTER_HOURS + 12), until=now) if i.starts_at]
            return interviews, store.follow_ups_on(now.date()), ended

        def show(result: Any) -> None:
            from ..domain.reminders import due_reminders

            self._checking = False
            interviews, follow_ups, ended = result
            for reminder in due_reminders(now=now, interviews=interviews,
                                          follow_ups=follow_ups, minutes_before=minutes,
                                          shown=self.shown, ended=ended):
                self.shown.update(reminder.keys)
                self.app.notify(reminder.message, title=reminder.title, timeout=30,
                                markup=False)

        bridge.run(read, done=show, failed=self._done, changes=False)

    def _done(self) -> None:
        self._checking = False
