"""Sync while the dashboard is open (issue 17): when this hunt takes part in a shared space,
an exchange runs in a worker a few seconds after a change made here and soon after another
machine wrote into the shared folder; the header says "synced 10 s ago" or what is wrong.
Hidden; mounted after the first paint, and nothing of sync is imported before the first
look at the file says it is on."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from textual.widget import Widget

LOOK_SECONDS = 3.0
"""How often the outbox and the shared folder are looked at (a cheap query and a few stats)."""
EXCHANGE_EVERY = 300.0
"""An exchange at least this often even when nothing seems to have changed."""


def folder_signature(folder: str | None) -> tuple[Any, ...]:
    """What changes when another machine writes into the shared folder: the machines'
    folders, their modification times and sizes (a file added or renamed there)."""
    if not folder:
        return ()
    root = Path(folder) / "bounceback-sync" / "machines"
    try:
        return tuple(sorted((entry.name, entry.stat().st_mtime_ns)
                            for entry in os.scandir(root) if entry.is_dir()))
    except OSError:
        return ("missing",)


class SyncWatch(Widget):
    """Exchanges with the other machines when there is something to send or to take."""

    DEFAULT_CSS = "SyncWatch { display: none; }"

    def __init__(self) -> None:
        super().__init__()
        self.folder: str | None = None
        self.enabled = False
        self._busy = False
        self._signature: tuple[Any, ...] = ()
        self._since_exchange = 0.0
        self._timer: Any = None
        self._conflicts_said = 0

    def on_mount(self) -> None:
        # Not at once: the first rows and the story are being read as the panes mount, and
        # a third worker then would slow them (start-up ratios, tests/benchmarks).
        self.set_timer(LOOK_SECONDS, self.look)

    def look(self) -> None:
        """Read whether sync is on and what waits to be sent; exchange when it is worth it."""
        if self._busy:
            return
        from ..store_bridge import bridge_of

        bridge = bridge_of(self)
        self._busy = True

        def read(store: Any) -> Any:
            return store.sync_glance()

        def seen(glance: Any) -> None:
            self._busy = False
            enabled, folder, pending = glance
            if not enabled:
                self.enabled = False
                return  # off: look again only when the app starts again
            self.enabled, self.folder = True, folder
            if self._timer is None:
                self._timer = self.set_interval(LOOK_SECONDS, self.look)
                self._signature = ()  # the first look exchanges
            signature = folder_signature(folder)
            self._since_exchange += LOOK_SECONDS
            if pending or signature != self._signature or \
                    self._since_exchange >= EXCHANGE_EVERY:
                self._signature = signature
                self.exchange()

        bridge.run(read, done=seen, failed=self._idle, changes=False)

    def exchange(self) -> None:
        from ..store_bridge import bridge_of

        self._busy = True
        self._since_exchange = 0.0

        def run(store: Any) -> Any:
            from ..store.sync import SyncError, exchange

            try:
                result = exchange(store)
            except SyncError as error:
                return None, str(error)
            return result, None

        def done(outcome: Any) -> None:
            self._busy = False
            self._signature = folder_signature(self.folder)  # our own push is not news
            self.show(*outcome)

        bridge_of(self).run(run, done=done, failed=self._idle, changes=False)

    def show(self, result: Any, problem: str | None) -> None:
        """The header says when the machines last met, or what is wrong (the whole line in a
        toast, once); reflections changed on two machines are said once each time."""
        from datetime import UTC, datetime

        from .pulse import PulseHeader

        problem = problem or (result.refused[0] if result and result.refused else None)
        headers = list(self.app.query(PulseHeader))
        said = any(header.sync_problem == problem for header in headers)
        for header in headers:
            header.show_sync(at=None if result is None else
                             datetime.now(UTC).isoformat(timespec="seconds"), problem=problem)
        if problem and not said:
            self.app.notify(problem, title="Sync stopped", severity="warning", timeout=15,
                            markup=False)
        if result is not None and result.forgotten:
            self.app.notify("What was deleted is gone from the shared folder too (copies a "
                            "sync service keeps in its history are encrypted).", timeout=8)
        conflicts = 0 if result is None else result.conflicts
        if conflicts and conflicts != self._conflicts_said:
            self.app.notify(
                f"{conflicts} reflection{'s were' if conflicts > 1 else ' was'} changed on two "
                "machines before they met; both versions are kept. ctrl+p, then “Two versions "
                "of a reflection”, to choose.", timeout=15, markup=False)
        self._conflicts_said = conflicts

    def _idle(self) -> None:
        self._busy = False
