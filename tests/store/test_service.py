"""The service API: what the CLI and the dashboard ask of the store."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pendulum
import pytest

from bounceback_tui.store import Conflict, InvalidInput, NotFound, Store
from bounceback_tui.store.records import ApplicationRecord

T0 = pendulum.datetime(2026, 10, 1, 9, 0, tz="UTC")


def day(n: int) -> pendulum.DateTime:
    return T0.add(days=n)


def test_instants_come_back_as_pendulum_in_utc(store: Store) -> None:
    berlin = pendulum.datetime(2026, 10, 1, 11, 0, tz="Europe/Berlin")
    app = store.add_application("Acme", "Engineer", applied_at=berlin)
    (listed,) = store.list_applications()
    for value in (listed.applied_at, listed.last_activity_at, listed.created_at):
        assert isinstance(value, pendulum.DateTime)
        assert value.utcoffset() == timedelta(0)
    assert listed.applied_at == berlin  # the same instant
    assert store.get_application(app.id).events[0].at == pendulum.datetime(2026, 10, 1, 9, tz="UTC")


def test_naive_datetimes_never_enter_the_store(store: Store) -> None:
    with pytest.raises(InvalidInput, match="time zone"):
        store.add_application("Acme", "Engineer", applied_at=datetime(2026, 10, 1, 9))
    app = store.add_application("Acme", "Engineer", applied_at=T0)
    with pytest.raises(InvalidInput, match="time zone"):
        store.move(app.id, "rejected", at=datetime(2026, 10, 2, 9))
    with pytest.raises(InvalidInput):
        store.add_win("kind words", at=datetime(2026, 10, 2, 9))
    assert len(store.get_application(app.id).events) == 1


def test_records_are_frozen_plain_values_that_outlive_the_store(db_path) -> None:
    with Store.open(db_path) as store:
        app = store.add_application("Acme", "Engineer", applied_at=T0)
        listed = store.list_applications()
    assert type(app) is ApplicationRecord and type(listed[0]) is ApplicationRecord
    with pytest.raises(dataclasses.FrozenInstanceError):
        listed[0].company = "Other"  # type: ignore[misc]
    assert listed[0].company == "Acme"  # readable after the store closed


def test_add_with_a_later_stage_records_applied_then_that_stage(store: Store) -> None:
    app = store.add_application("Acme", "Engineer", applied_at=T0, stage="interviewing")
    detail = store.get_application(app.id)
    assert [e.stage for e in detail.events] == ["applied", "interviewing"]
    assert detail.application.stage == "interviewing"
    assert detail.application.applied_at == T0
    saved = store.add_application("Initech", "Analyst", applied_at=T0, stage="saved")
    assert [e.stage for e in store.get_application(saved.id).events] == ["saved"]
    assert store.get_application(saved.id).application.applied_at is None


@pytest.mark.parametrize(("company", "role", "stage", "message"), [
    ("", "Engineer", "applied", "company is empty"),
    ("   ", "Engineer", "applied", "company is empty"),
    ("Acme", "", "applied", "role is empty"),
    ("Acme", "Engineer", "hired", "unknown stage"),
])
def test_add_refuses_bad_input(store: Store, company, role, stage, message) -> None:
    with pytest.raises(InvalidInput, match=message):
        store.add_application(company, role, stage=stage)
    assert store.list_applications() == []


def test_user_text_is_stored_exactly(store: Store) -> None:
    company = "  [b]Acme[/b] \x1b[31m\u202e  "
    notes = "line one\nline two\r\n\ttabbed [link=x]y[/link]"
    app = store.add_application(company, "Eng [/]", applied_at=T0, notes=notes)
    stored = store.get_application(app.id).application
    assert (stored.company, stored.role, stored.notes) == (company, "Eng [/]", notes)


def test_move_keeps_summary_fields_in_step_with_events(store: Store) -> None:
    app = store.add_application("Acme", "Engineer", applied_at=T0)
    store.move(app.id, "screening", at=day(3), note="recruiter called")
    store.move(app.id, "rejected", at=day(10), note="form email")
    detail = store.get_application(app.id)
    assert detail.application.stage == "rejected"
    assert detail.application.last_activity_at == day(10)
    assert detail.application.applied_at == T0
    assert detail.furthest_stage == "screening"
    assert [(e.stage, e.note) for e in detail.events] == [
        ("applied", ""), ("screening", "recruiter called"), ("rejected", "form email")]


def test_move_refuses_same_stage_earlier_date_unknown_id_and_stage(store: Store) -> None:
    app = store.add_application("Acme", "Engineer", applied_at=day(5))
    with pytest.raises(InvalidInput, match="already at applied"):
        store.move(app.id, "applied", at=day(6))
    with pytest.raises(InvalidInput, match="cannot be dated before"):
        store.move(app.id, "rejected", at=day(4))
    with pytest.raises(NotFound, match="no application with id 99"):
        store.move(99, "rejected")
    with pytest.raises(InvalidInput, match="unknown stage"):
        store.move(app.id, "maybe")
    assert len(store.get_application(app.id).events) == 1
    # the same instant as the last event is fine (order then follows entry)
    store.move(app.id, "ghosted", at=day(5))
    assert store.get_application(app.id).application.stage == "ghosted"


def test_correction_from_rejected_back_to_interviewing(store: Store) -> None:
    app = store.add_application("Acme", "Engineer", applied_at=T0, stage="interviewing")
    store.move(app.id, "rejected", at=day(5))
    store.move(app.id, "interviewing", at=day(6), note="they called back")
    assert store.get_application(app.id).application.stage == "interviewing"
    assert store.stats(now=day(7), tz=UTC).runs.current == 0


def test_edit_changes_fields_and_refuses_unknown_ones(store: Store) -> None:
    app = store.add_application("Acme", "Engineer", applied_at=T0)
    edited = store.edit_application(app.id, role="Staff Engineer", url="https://acme.test/jobs/1",
                                    follow_up_on=date(2026, 10, 20))
    assert (edited.role, edited.url, edited.follow_up_on) == (
        "Staff Engineer", "https://acme.test/jobs/1", date(2026, 10, 20))
    with pytest.raises(InvalidInput, match="cannot edit stage"):
        store.edit_application(app.id, stage="offer")
    with pytest.raises(InvalidInput, match="company is empty"):
        store.edit_application(app.id, company=" ")
    assert store.get_application(app.id).application.role == "Staff Engineer"


def test_list_orders_active_first_then_recent_activity(store: Store) -> None:
    old_active = store.add_application("OldActive", "Eng", applied_at=day(0))
    closed_recent = store.add_application("ClosedRecent", "Eng", applied_at=day(1))
    store.move(closed_recent.id, "rejected", at=day(20))
    new_active = store.add_application("NewActive", "Eng", applied_at=day(2))
    store.move(new_active.id, "screening", at=day(9))
    offer = store.add_application("Offer", "Eng", applied_at=day(3))
    store.move(offer.id, "offer", at=day(5))
    assert [a.company for a in store.list_applications()] == [
        "NewActive", "Offer", "OldActive", "ClosedRecent"]
    assert [a.company for a in store.list_applications(view="active")] == [
        "NewActive", "Offer", "OldActive"]
    assert [a.company for a in store.list_applications(view="offers")] == ["Offer"]
    assert [a.company for a in store.list_applications(view="closed")] == ["ClosedRecent"]
    assert [a.company for a in store.list_applications(stage="screening")] == ["NewActive"]
    assert [a.company for a in store.list_applications(limit=2, offset=1)] == ["Offer", "OldActive"]
    assert store.count_applications(view="active") == 3
    assert old_active.id  # used


def test_search_ignores_case_including_non_ascii(store: Store) -> None:
    store.add_application("Straße GmbH", "Entwickler", applied_at=T0, location="ZÜRICH")
    store.add_application("Acme", "Backend Engineer", applied_at=T0, source="Referral",
                          notes="met Ana at the meetup")
    store.add_application("Globex", "Designer", applied_at=T0)
    assert [a.company for a in store.list_applications(search="STRASSE")] == ["Straße GmbH"]
    assert [a.company for a in store.list_applications(search="zürich")] == ["Straße GmbH"]
    assert [a.company for a in store.list_applications(search="referral")] == ["Acme"]
    assert [a.company for a in store.list_applications(search="ANA AT")] == ["Acme"]
    assert [a.company for a in store.list_applications(search="backend")] == ["Acme"]
    assert store.list_applications(search="100%") == []
    assert store.count_applications(search="e") == 3


def test_undo_takes_back_changes_several_levels_deep(store: Store) -> None:
    app = store.add_application("Acme", "Engineer", applied_at=T0)
    store.move(app.id, "screening", at=day(1))
    store.edit_application(app.id, notes="great team")
    store.move(app.id, "rejected", at=day(4))
    assert store.undo_summary() == "moved Acme to rejected"

    assert store.undo().action == "move"
    detail = store.get_application(app.id)
    assert (detail.application.stage, detail.application.last_activity_at) == ("screening", day(1))
    assert store.undo().action == "edit"
    assert store.get_application(app.id).application.notes == ""
    assert store.undo().action == "move"
    assert store.get_application(app.id).application.stage == "applied"
    assert store.undo().action == "add"
    assert store.list_applications() == []
    assert store.undo() is None


def test_undo_of_delete_restores_history_and_reflection_link(store: Store) -> None:
    app = store.add_application("Acme", "Engineer", applied_at=T0, source="referral")
    store.move(app.id, "rejected", at=day(3), note="not this time")
    reflection = store.save_reflection({"went_well": "I was calm"}, application_id=app.id)
    before = store.get_application(app.id)

    store.delete_application(app.id)
    with pytest.raises(NotFound):
        store.get_application(app.id)
    assert store.get_reflection(reflection.id).application_id is None  # the writing stays

    result = store.undo()
    assert (result.action, result.application_id) == ("delete", app.id)
    after = store.get_application(app.id)
    assert after.events == before.events
    assert dataclasses.replace(after.application, updated_at=None) == dataclasses.replace(
        before.application, updated_at=None)
    assert store.get_reflection(reflection.id).application_id == app.id


def test_ids_are_never_reused(store: Store) -> None:
    first = store.add_application("Acme", "Engineer", applied_at=T0)
    store.delete_application(first.id)
    second = store.add_application("Globex", "Engineer", applied_at=T0)
    assert second.id != first.id


def test_undo_log_is_bounded(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import bounceback_tui.store.service as service

    monkeypatch.setattr(service, "UNDO_DEPTH", 3)
    for n in range(5):
        store.add_application(f"Company {n}", "Engineer", applied_at=T0)
    undone = [store.undo() for _ in range(4)]
    assert [u.summary if u else None for u in undone] == [
        "added Company 4 — Engineer", "added Company 3 — Engineer",
        "added Company 2 — Engineer", None]


def test_reflection_draft_then_saved(store: Store) -> None:
    app = store.add_application("Acme", "Engineer", applied_at=T0)
    draft = store.save_reflection({"feelings": ["sad", "doubting"], "mood_before": 2},
                                  application_id=app.id)
    assert (draft.status, draft.saved_at, draft.revision) == ("draft", None, 1)
    saved = store.save_reflection(
        {"went_well": "I explained the\nmigration clearly", "mood_after": 4,
         "feedback_status": "asked", "mismatches": ["team"]},
        reflection_id=draft.id, status="saved", expected_revision=1)
    assert saved.status == "saved" and saved.saved_at is not None and saved.revision == 2
    assert saved.feelings == ("sad", "doubting")  # earlier answers kept
    assert saved.went_well == "I explained the\nmigration clearly"
    again = store.save_reflection({"next_step": "apply to two roles"}, reflection_id=draft.id,
                                  status="draft")
    assert again.status == "saved" and again.saved_at == saved.saved_at
    assert [r.id for r in store.list_reflections(status="saved")] == [draft.id]
    assert store.list_reflections(status="draft") == []


def test_a_stale_save_raises_conflict_instead_of_erasing(store: Store) -> None:
    first = store.save_reflection({"went_well": "window one"})
    store.save_reflection({"went_well": "window two"}, reflection_id=first.id,
                          expected_revision=first.revision)
    with pytest.raises(Conflict):
        store.save_reflection({"went_well": "window one again"}, reflection_id=first.id,
                              expected_revision=first.revision)
    assert store.get_reflection(first.id).went_well == "window two"


@pytest.mark.parametrize(("answers", "message"), [
    ({"mood_before": 6}, "1 to 5"),
    ({"mood_after": 0}, "1 to 5"),
    ({"feedback_status": "maybe"}, "feedback status"),
    ({"feelings": "sad"}, "list"),
    ({"commitment_kind": "yoga"}, "commitment kind"),
    ({"favourite_colour": "blue"}, "unknown reflection fields"),
])
def test_reflection_answers_are_checked(store: Store, answers, message) -> None:
    with pytest.raises(InvalidInput, match=message):
        store.save_reflection(answers)
    assert store.list_reflections() == []


def test_a_saved_commitment_becomes_one_growth_action(store: Store) -> None:
    ref = store.save_reflection({"commitment_text": "Finish the SQL course",
                                 "commitment_kind": "skill",
                                 "commitment_due": date(2026, 12, 1)}, status="saved")
    store.save_reflection({"commitment_text": "Finish the SQL course, part 2"},
                          reflection_id=ref.id, status="saved")
    (action,) = store.list_actions()
    assert (action.text, action.kind, action.due_on, action.reflection_id) == (
        "Finish the SQL course, part 2", "skill", date(2026, 12, 1), ref.id)


def test_wins_and_actions_feed_the_metrics(store: Store) -> None:
    app = store.add_application("Acme", "Engineer", applied_at=day(0))
    store.move(app.id, "rejected", at=day(1))
    win = store.add_win("A recruiter said my portfolio was great", at=day(3), kind="kind words")
    action = store.add_action("Polish the résumé", kind="résumé/portfolio", due_on=date(2026, 10, 9))
    assert [w.text for w in store.list_wins()] == [win.text]
    assert [a.id for a in store.list_actions(open_only=True)] == [action.id]

    before = store.stats(now=day(5), tz=UTC)
    assert before.bounce_back.median_days == 2.0  # the win two days after the no
    store.complete_action(action.id, at=day(2))
    after = store.stats(now=day(5), tz=UTC)
    assert after.bounce_back.median_days == 1.0
    assert store.list_actions(open_only=True) == []
    store.reopen_action(action.id)
    assert [a.id for a in store.list_actions(open_only=True)] == [action.id]

    store.delete_win(win.id)
    store.delete_action(action.id)
    assert store.list_wins() == [] and store.list_actions() == []
    with pytest.raises(NotFound):
        store.delete_win(win.id)


def test_stats_count_everything(store: Store) -> None:
    for n in range(3):
        app = store.add_application(f"No {n}", "Engineer", applied_at=day(n))
        store.move(app.id, "rejected", at=day(n + 1))
    yes = store.add_application("Yes Inc", "Engineer", applied_at=day(4))
    store.move(yes.id, "offer", at=day(6))
    store.add_application("Waiting", "Engineer", applied_at=day(7))
    stats = store.stats(now=day(7), tz=UTC)
    doc = stats.to_json()
    assert doc["applications"] == 5
    assert doc["by_stage"]["rejected"] == 3 and doc["by_stage"]["applied"] == 1
    assert doc["runs"]["completed"] == [{"no": 3, "company": "Yes Inc", "day": "2026-10-07"}]
    assert doc["runs"]["current"] == 0 and doc["runs"]["longest"] == 3
    assert doc["funnel"] == {"applied": 5, "screening": 1, "interviewing": 1, "offer": 1}
    assert doc["response_rate"] == pytest.approx(4 / 5)


def test_backup_is_a_verified_private_copy(store: Store, db_path, tmp_path) -> None:
    import sqlite3
    import stat

    store.add_application("Acme", "Engineer", applied_at=T0)
    path = store.backup()
    assert path.parent == db_path.parent / "backups"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT company FROM applications").fetchall() == [("Acme",)]
    finally:
        conn.close()
    chosen = store.backup(tmp_path / "mine.db")
    assert chosen == tmp_path / "mine.db"
    with pytest.raises(Exception, match="already exists"):
        store.backup(tmp_path / "mine.db")


def test_stats_from_stored_summaries_equal_stats_from_full_histories(store: Store) -> None:
    """The store counts from per-application summary columns; the pure functions count from
    every event. On a generated hunt plus hand-made corrections, both must agree."""
    import sqlite3
    from zoneinfo import ZoneInfo

    from bounceback_tui.domain.metrics import ApplicationFacts, EventFact, compute_stats
    from bounceback_tui.demo.generate import generate_hunt

    now = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
    generate_hunt(store, applications=300, seed=7, now=now)
    # corrections and undo exercise the summary refresh
    corrected = store.add_application("Late Reply", "Engineer", applied_at=now.subtract(days=9))
    store.move(corrected.id, "rejected", at=now.subtract(days=5))
    store.move(corrected.id, "interviewing", at=now.subtract(days=4))
    store.move(corrected.id, "offer", at=now.subtract(days=1))
    store.undo()

    conn = sqlite3.connect(store.path)
    try:
        rows = conn.execute("SELECT a.id, a.company, e.stage, e.at, e.id FROM applications a "
                            "JOIN stage_events e ON e.application_id = a.id").fetchall()
        saved = [r[0] for r in conn.execute(
            "SELECT saved_at FROM reflections WHERE status = 'saved'")]
        wins = [r[0] for r in conn.execute("SELECT at FROM wins")]
        done = [r[0] for r in conn.execute(
            "SELECT done_at FROM growth_actions WHERE done_at IS NOT NULL")]
    finally:
        conn.close()

    def instant(text: str) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)

    histories: dict[int, tuple[str, list[EventFact]]] = {}
    for app_id, company, stage, at, event_id in rows:
        histories.setdefault(app_id, (company, []))[1].append(EventFact(stage, instant(at), event_id))
    facts = [ApplicationFacts(i, c, tuple(events)) for i, (c, events) in histories.items()]
    for zone in (UTC, ZoneInfo("Pacific/Auckland"), ZoneInfo("America/Los_Angeles")):
        expected = compute_stats(facts, reflections_saved=[instant(t) for t in saved],
                                 wins=[instant(t) for t in wins],
                                 actions_done=[instant(t) for t in done], now=now, tz=zone)
        actual = store.stats(now=now, tz=zone)
        assert actual.to_json() == expected.to_json()
        assert actual.runs.completed  # the generated hunt has offers


def test_ids_out_of_range_are_simply_not_found(store: Store) -> None:
    for key in (0, -1, 2**63, 2**70):
        with pytest.raises(NotFound):
            store.get_application(key)
        with pytest.raises(NotFound):
            store.get_reflection(key)


def test_text_that_is_not_utf8_is_refused_not_crashed(store: Store) -> None:
    bad = b"Caf\xe9".decode("utf-8", "surrogateescape")  # what a Latin-1 terminal sends
    with pytest.raises(InvalidInput, match="not valid UTF-8"):
        store.add_application(bad, "Engineer")
    with pytest.raises(InvalidInput, match="not valid UTF-8"):
        store.save_reflection({"went_well": bad})
    with pytest.raises(InvalidInput, match="list of words"):
        store.save_reflection({"feelings": None})
    assert store.list_applications() == [] and store.list_reflections() == []


def test_company_history_recalls_earlier_nos_ignoring_case(store: Store) -> None:
    first = store.add_application("Acme", "Engineer", applied_at=day(0), stage="interviewing")
    store.move(first.id, "rejected", at=day(5))
    ghost = store.add_application(" acme ", "Designer", applied_at=day(6))
    store.move(ghost.id, "ghosted", at=day(30))
    store.add_application("Acme", "Analyst", applied_at=day(7))  # still open: not a no
    store.add_application("Acme Two", "Engineer", applied_at=day(8))
    again = store.add_application("ACME", "Staff Engineer", applied_at=day(40))
    past = store.company_history("ACME", exclude_id=again.id)
    assert [(p.application_id, p.stage, p.at, p.furthest_stage) for p in past] == [
        (ghost.id, "ghosted", day(30), "applied"),
        (first.id, "rejected", day(5), "interviewing"),
    ]
    assert store.company_history("Globex") == []


def test_follow_ups_due_counts_active_applications_only(store: Store) -> None:
    due = store.add_application("Acme", "Engineer", applied_at=day(0))
    store.edit_application(due.id, follow_up_on=date(2026, 10, 5))
    later = store.add_application("Globex", "Engineer", applied_at=day(0))
    store.edit_application(later.id, follow_up_on=date(2026, 10, 20))
    closed = store.add_application("Initech", "Engineer", applied_at=day(0))
    store.edit_application(closed.id, follow_up_on=date(2026, 10, 1))
    store.move(closed.id, "rejected", at=day(1))
    assert store.follow_ups_due(date(2026, 10, 5)) == 1
    assert store.follow_ups_due(date(2026, 10, 20)) == 2
    assert store.companies()[0] == "Initech"  # most recent activity first


def test_data_version_changes_when_another_connection_writes(store: Store, db_path) -> None:
    before = store.data_version()
    assert store.data_version() == before  # nothing happened
    with Store.open(db_path) as other:  # another window, or a CLI command
        other.add_application("Acme", "Engineer")
    assert store.data_version() != before


def test_search_follows_edits_undo_and_import(store: Store, tmp_path) -> None:
    app = store.add_application("Acme", "Engineer", applied_at=T0)
    store.edit_application(app.id, role="Gardener", notes="Sunny Straße")
    assert [a.id for a in store.list_applications(search="gardener")] == [app.id]
    assert [a.id for a in store.list_applications(search="STRASSE")] == [app.id]
    store.undo()
    assert store.list_applications(search="gardener") == []
    assert [a.id for a in store.list_applications(search="engineer")] == [app.id]
    store.delete_application(app.id)
    store.undo()
    assert [a.id for a in store.list_applications(search="acme")] == [app.id]
