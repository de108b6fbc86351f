"""Helpers for dashboard tests (imported by name: tests/ui is on sys.path)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pendulum

NOW = pendulum.datetime(2026, 11, 26, 9, 30, tz="UTC")
"""The frozen "now" of every dashboard test."""


@contextmanager
def clock_at(moment: pendulum.DateTime) -> Iterator[None]:
    """Move the test's one frozen clock to `moment`, and back to NOW afterwards.

    pendulum has a single traveller: a nested `travel_to(...)` block does not nest, and its
    end returns to the *real* clock, not to the frozen NOW around it. So tests move the
    clock that the `frozen` fixture started instead of opening another block."""
    pendulum.travel_to(moment, freeze=True)
    try:
        yield
    finally:
        pendulum.travel_to(NOW, freeze=True)


async def ready(pilot, *, rows: bool = True) -> None:
    """Wait until the store is open and the pipeline has loaded its first rows."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause(0.02)
        found = app.query("#pipeline-table")  # mounted right after the first paint
        table = found.first() if found else None
        if app.store is not None and table is not None and (
                not rows or table.row_count and table.selected):
            await pilot.pause()
            return
    raise AssertionError("the dashboard did not become ready")


async def settle(pilot) -> None:
    """Let workers finish and the screen catch up (a worker cancelled by a newer one of
    its group counts as finished)."""
    from textual.worker import WorkerCancelled

    for _ in range(5):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            pass
        await pilot.pause()


async def until(pilot, predicate, *, what: str = "the screen", timeout: float = 10.0) -> None:
    """Wait (pausing) until `predicate()` holds; fail after `timeout` seconds."""
    for _ in range(int(timeout / 0.02)):
        if predicate():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")
