"""The day an application was sent can be changed (issue 16, "Dates are honest"): its applied
step moves, never past the steps around it nor into the future; undo takes it back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bounceback_tui.store import Store
from bounceback_tui.store.errors import InvalidInput

T0 = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def test_the_applied_day_moves_and_undo_takes_it_back(store: Store) -> None:
    app = store.add_application("Acme", "Dev", applied_at=T0)
    store.move(app.id, "screening", at=T0 + timedelta(days=10))
    moved = store.set_applied_at(app.id, T0 - timedelta(days=3))
    assert moved.applied_at == T0 - timedelta(days=3)
    detail = store.get_application(app.id)
    assert [(e.stage, e.at) for e in detail.events] == [
        ("applied", T0 - timedelta(days=3)), ("screening", T0 + timedelta(days=10))]
    assert "was sent" in (store.undo_summary() or "")
    store.undo()
    assert store.get_application(app.id).application.applied_at == T0


@pytest.mark.parametrize(("days", "message"), [
    (11, "was screening on"),   # after the step that follows it
    (10_000, "in the future"),
])
def test_the_applied_day_stays_in_order_and_in_the_past(store: Store, days: int,
                                                        message: str) -> None:
    app = store.add_application("Acme", "Dev", applied_at=T0)
    store.move(app.id, "screening", at=T0 + timedelta(days=10))
    with pytest.raises(InvalidInput, match=message):
        store.set_applied_at(app.id, T0 + timedelta(days=days))
    assert store.get_application(app.id).application.applied_at == T0


def test_a_saved_job_s_first_step_stays_first(store: Store) -> None:
    app = store.add_application("Acme", "Dev", applied_at=T0, stage="saved")
    store.move(app.id, "applied", at=T0 + timedelta(days=5))
    with pytest.raises(InvalidInput, match="was saved on"):
        store.set_applied_at(app.id, T0 - timedelta(days=1))
    store.set_applied_at(app.id, T0 + timedelta(days=2))
    assert store.get_application(app.id).application.applied_at == T0 + timedelta(days=2)
