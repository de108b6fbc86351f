"""The calendar file kept beside the database (issue 14, the `calendar_file` setting): after
every change, once changes rest for a moment, the plan is written again as `hunt.ics` beside
`hunt.db`, for calendar apps that subscribe to a file. Hidden; it lives in the Timeline pane,
which hears of every change."""

from __future__ import annotations

from textual.timer import Timer
from textual.widget import Widget

REST_SECONDS = 1.0
"""How long changes rest before the calendar is written (one write for a burst)."""


class CalendarKeeper(Widget):
    """Writes the calendar again after changes, off the UI thread, when the setting asks."""

    DEFAULT_CSS = "CalendarKeeper { display: none; }"

    def __init__(self) -> None:
        super().__init__()
        self._timer: Timer | None = None

    def changed(self) -> None:
        """Something changed (here or elsewhere): write the calendar once changes rest."""
        settings = getattr(self.app, "settings", None)
        if not getattr(settings, "calendar_file", False):
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(REST_SECONDS, self._write)

    def _write(self) -> None:
        from ..domain.user_text import visible
        from ..store_bridge import bridge_of

        self._timer = None
        bridge = bridge_of(self)

        def write() -> None:
            from ..exports import keep_calendar
            from ..store import StoreError

            store = bridge.store
            if store is None:
                return
            try:
                keep_calendar(store, bridge.db_path)
            except StoreError as exc:
                self.app.call_from_thread(self.app.notify, visible(str(exc)),
                                          severity="warning", markup=False)

        self.run_worker(write, thread=True, exclusive=True, group="calendar")
