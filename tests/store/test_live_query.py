"""The live refresh's cheap reads: the header's numbers agree with every metric computed in
full, and the journal's mark moves with every change that can touch the journal (issue 13)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bounceback_tui.store import Store
from bounceback_tui.demo.generate import generate_hunt
from bounceback_tui.store.queries.live import RECENT_DAYS

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
ZONES = [ZoneInfo("UTC"), ZoneInfo("Pacific/Auckland"), ZoneInfo("America/Los_Angeles"),
         ZoneInfo("Asia/Kolkata")]


def full(store: Store, now: datetime, tz) -> tuple[int, int, bool, int]:
    """The header's numbers from `stats` and `follow_ups_due`, as the dashboard once read them."""
    stats = store.stats(now=now, tz=tz)
    return (store.follow_ups_due(now.date()), stats.runs.current, bool(stats.runs.completed),
            stats.activity.current)


def cheap(store: Store, now: datetime, tz) -> tuple[int, int, bool, int]:
    facts = store.pulse_facts(now=now, tz=tz)
    return facts.follow_ups_due, facts.current_run, facts.has_yes, facts.streak


@pytest.fixture(scope="module")
def hunt(tmp_path_factory: pytest.TempPathFactory):
    """A generated hunt of 600 applications, active nearly every day for long (so the streak
    is longer than the recent days `pulse_facts` reads each time)."""
    store = Store.open(tmp_path_factory.mktemp("live") / "hunt.db")
    generate_hunt(store, applications=600, seed=3, now=NOW)
    try:
        yield store
    finally:
        store.close()


@pytest.mark.parametrize("tz", ZONES, ids=str)
def test_pulse_facts_agree_with_the_full_stats(hunt: Store, tz) -> None:
    streaks = set()
    for days in (0, 1, 2, 5, 30, 61, 62, 63, 64, 90, 400, -3):
        now = NOW - timedelta(days=days, hours=days % 7)
        assert cheap(hunt, now, tz) == full(hunt, now, tz), (days, str(tz))
        streaks.add(full(hunt, now, tz)[3])
    assert max(streaks) > RECENT_DAYS  # the remembered older run was exercised


def test_pulse_facts_follow_changes_old_and_new(db_path: Path) -> None:
    """Adds, no's, yeses, undo, and a deleted old application breaking a long streak: each
    time the cheap numbers are the full ones (the memo of older days notices)."""
    tz = ZoneInfo("Europe/Berlin")
    with Store.open(db_path) as store:
        assert cheap(store, NOW, tz) == full(store, NOW, tz) == (0, 0, False, 0)
        ids = []
        for day in range(120, -1, -1):  # one application a day for 121 days
            ids.append(store.add_application(f"Co {day}", "Role",
                                             applied_at=NOW - timedelta(days=day)).id)
        assert cheap(store, NOW, tz) == full(store, NOW, tz)
        assert full(store, NOW, tz)[3] == 121
        store.move(ids[3], "rejected", at=NOW - timedelta(days=100))
        store.move(ids[5], "offer", at=NOW - timedelta(days=90))
        for n in range(4):
            store.move(ids[10 + n], "ghosted", at=NOW - timedelta(days=50 - n))
        store.edit_application(ids[-1], follow_up_on=NOW.date())
        assert cheap(store, NOW, tz) == full(store, NOW, tz) == (1, 4, True, 121)
        store.delete_application(ids[25])  # its day (95 days ago) was active only through it
        assert cheap(store, NOW, tz) == full(store, NOW, tz)
        assert full(store, NOW, tz)[3] == 95
        store.undo()  # back it comes, and the streak with it
        assert cheap(store, NOW, tz) == full(store, NOW, tz)
        assert full(store, NOW, tz)[3] == 121
        store.move(ids[30], "offer", at=NOW - timedelta(days=1))  # a yes: the run starts over
        assert cheap(store, NOW, tz) == full(store, NOW, tz)
        assert full(store, NOW, tz)[1:3] == (0, True)


def test_the_journal_mark_moves_with_every_journal_change_only(store: Store) -> None:
    app = store.add_application("Acme", "Engineer", applied_at=NOW)
    other = store.add_application("Globex", "Designer", applied_at=NOW)
    marks = [store.journal_mark([app.id])]  # the list shows Acme's name beside its reflection

    def changed() -> bool:
        marks.append(store.journal_mark([app.id]))
        return marks[-1] != marks[-2]

    store.move(other.id, "screening")  # no reflection is about it
    store.add_application("Initech", "Engineer")
    assert not changed()
    reflection = store.save_reflection({"went_well": "x"}, application_id=app.id)
    assert changed()
    store.save_reflection({"went_well": "y"}, reflection_id=reflection.id)
    assert changed()
    store.move(app.id, "screening")  # the list shows its name, not its stage
    store.edit_application(app.id, notes="Call back on Monday")
    assert not changed()
    store.edit_application(app.id, company="Acme Corp")  # the journal's label for it
    assert changed()
    store.edit_application(app.id, role="Staff Engineer")
    assert changed()
    store.edit_application(other.id, company="Globex Corp")  # not a name the list shows
    assert not changed()
    win = store.add_win("Kind words")
    assert changed()
    action = store.add_action("Call Sam")
    assert changed()
    store.complete_action(action.id)
    assert changed()
    store.reopen_action(action.id)
    assert changed()
    store.delete_action(action.id)
    assert changed()
    store.delete_win(win.id)
    assert changed()
    store.delete_application(app.id)  # the reflection is about nothing now
    assert changed()
    store.delete_reflection(reflection.id)
    assert changed()


def test_the_streak_notices_every_write_before_the_recent_days(db_path: Path) -> None:
    """The older run is remembered until a write touches an instant before the recent days:
    an old activity added, a done action reopened, a saved reflection's day moved, an old
    event's instant rewritten by another tool, a win deleted. Each time the cheap streak is
    the full one; writes to recent days alone keep the memo (the log is what says so)."""
    import sqlite3

    tz = ZoneInfo("Asia/Kolkata")  # a half-hour zone: local days are not UTC days
    with Store.open(db_path) as store:
        for day in range(150, 0, -1):  # active every day but one, 90 days ago
            if day != 90:
                store.add_application(f"Co {day}", "Role", applied_at=NOW - timedelta(days=day))
        assert cheap(store, NOW, tz) == full(store, NOW, tz)
        assert full(store, NOW, tz)[3] == 89  # up to yesterday, back to the gap

        win = store.add_win("Called back", at=NOW - timedelta(days=90))  # fills the gap
        assert cheap(store, NOW, tz) == full(store, NOW, tz)
        assert full(store, NOW, tz)[3] == 150
        store.delete_win(win.id)  # and opens it again
        assert cheap(store, NOW, tz) == full(store, NOW, tz)
        assert full(store, NOW, tz)[3] == 89

        action = store.add_action("Ask for feedback")
        store.complete_action(action.id, at=NOW - timedelta(days=90))
        assert cheap(store, NOW, tz) == full(store, NOW, tz)
        assert full(store, NOW, tz)[3] == 150
        store.reopen_action(action.id)
        assert cheap(store, NOW, tz) == full(store, NOW, tz)
        assert full(store, NOW, tz)[3] == 89

        reflection = store.save_reflection({"went_well": "x"})
        other = sqlite3.connect(db_path)  # another tool, writing plain SQL
        try:
            with other:
                other.execute("UPDATE reflections SET status = 'saved', saved_at = ? "
                              "WHERE id = ?", ["2026-08-28 12:00:00.000000", reflection.id])
            assert cheap(store, NOW, tz) == full(store, NOW, tz)
            assert full(store, NOW, tz)[3] == 150
            with other:  # the event that opened day 120 now falls on the gap's day too...
                other.execute("UPDATE stage_events SET at = ? WHERE at LIKE '2026-07-29%'",
                              ["2026-08-28 13:00:00.000000"])
            assert cheap(store, NOW, tz) == full(store, NOW, tz)  # ...and 120 days ago is empty
            assert full(store, NOW, tz)[3] < 120
        finally:
            other.close()

        store.add_application("Recent", "Role", applied_at=NOW - timedelta(days=1))
        assert cheap(store, NOW, tz) == full(store, NOW, tz)  # remembered, with its mark
        log = store.database.engine.connect()
        try:
            raw = log.connection.driver_connection
            newest = raw.execute("SELECT max(id) FROM activity_touches").fetchone()[0]
            store.add_win("Kind words", at=NOW - timedelta(days=120))  # an old day again
            for n in range(600):  # then many more writes than the log keeps, all recent
                store.add_win(f"win {n}", at=NOW - timedelta(hours=n % 30))
            count, oldest = raw.execute(
                "SELECT count(*), min(id) FROM activity_touches").fetchone()
        finally:
            log.close()
        assert count <= 512 and oldest > newest  # the log stays small; the memo's mark is gone
        assert cheap(store, NOW, tz) == full(store, NOW, tz)  # so everything is read again
