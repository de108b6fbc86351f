"""The synthetic hunt generator: deterministic, realistic, and consistent with the service."""

from __future__ import annotations

import json
import sqlite3
import statistics
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pendulum
import pytest

from bounceback_tui.domain.stages import NO_STAGES, STAGES, YES_STAGES
from bounceback_tui.store import InvalidInput, Store
from bounceback_tui.demo.generate import (
    FEELINGS,
    MISMATCHES,
    REASONS,
    GenerateReport,
    generate_hunt,
    span_days,
)
from bounceback_tui.store.records import ACTION_KINDS, FEEDBACK_STATUSES
from bounceback_tui.store.types import to_stored

NOW = datetime(2026, 11, 26, 9, 30, 15, 250_000, tzinfo=UTC)
TABLES = ("applications", "stage_events", "reflections", "wins", "growth_actions", "changes")
LEGAL_NEXT = {
    "saved": {"applied"},
    "applied": {"screening", "rejected", "ghosted", "withdrawn"},
    "screening": {"interviewing", "rejected", "ghosted", "withdrawn"},
    "interviewing": {"offer", "rejected", "ghosted", "withdrawn"},
    "offer": {"accepted", "declined"},
    "ghosted": {"rejected", "screening"},  # a late form email, or a late reply
}


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in id order, exactly as stored (but for `uid`, a random id
    that is the same row's name on every machine, not its content)."""
    conn = sqlite3.connect(path)
    try:
        dumped = {}
        for table in TABLES:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")
                       if row[1] != "uid"]
            dumped[table] = conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY id").fetchall()
        return dumped
    finally:
        conn.close()


def rows(path: Path, sql: str) -> list[sqlite3.Row]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def generated(path: Path, **kwargs: Any) -> GenerateReport:
    with Store.open(path) as store:
        return generate_hunt(store, **kwargs)


@pytest.fixture(scope="module")
def hunt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, GenerateReport]]:
    """300 applications, seed 0, ending at NOW (shared, read-only)."""
    store = Store.open(tmp_path_factory.mktemp("hunt") / "x.db")
    report = generate_hunt(store, applications=300, seed=0, now=NOW)
    yield store, report
    store.close()


@pytest.fixture(scope="module")
def histories(hunt: tuple[Store, GenerateReport]) -> dict[int, list[sqlite3.Row]]:
    """Each application's events, in (at, id) order."""
    store, _ = hunt
    by_app: dict[int, list[sqlite3.Row]] = {}
    for event in rows(store.path, "SELECT * FROM stage_events ORDER BY application_id, at, id"):
        by_app.setdefault(event["application_id"], []).append(event)
    return by_app


# --- determinism ---------------------------------------------------------------------------


def test_same_seed_and_now_give_identical_rows(tmp_path: Path) -> None:
    first = generated(tmp_path / "a.db", applications=300, seed=7, now=NOW)
    # the same instant in another zone, as a pendulum DateTime: still the same hunt
    berlin = pendulum.instance(NOW).in_timezone("Europe/Berlin")
    second = generated(tmp_path / "b.db", applications=300, seed=7, now=berlin)
    assert first == second
    a, b = dump(tmp_path / "a.db"), dump(tmp_path / "b.db")
    assert a == b
    assert len(a["applications"]) == 300 and a["stage_events"] and a["reflections"]


def test_different_seeds_give_different_hunts(tmp_path: Path) -> None:
    generated(tmp_path / "a.db", applications=300, seed=1, now=NOW)
    generated(tmp_path / "b.db", applications=300, seed=2, now=NOW)
    a, b = dump(tmp_path / "a.db"), dump(tmp_path / "b.db")
    for table in ("applications", "stage_events", "reflections", "wins", "growth_actions"):
        assert a[table] != b[table], table


def test_a_different_now_shifts_the_hunt(tmp_path: Path) -> None:
    generated(tmp_path / "a.db", applications=50, seed=3, now=NOW)
    generated(tmp_path / "b.db", applications=50, seed=3, now=NOW + timedelta(days=30))
    assert dump(tmp_path / "a.db")["stage_events"] != dump(tmp_path / "b.db")["stage_events"]


# --- the report and the tables -------------------------------------------------------------


def test_report_counts_what_was_written(hunt: tuple[Store, GenerateReport]) -> None:
    store, report = hunt
    tables = dump(store.path)
    assert report == GenerateReport(
        applications=len(tables["applications"]),
        events=len(tables["stage_events"]),
        reflections=len(tables["reflections"]),
        wins=len(tables["wins"]),
        actions=len(tables["growth_actions"]),
    )
    assert report.applications == 300
    assert 2 * 300 <= report.events <= 4 * 300
    assert tables["changes"] == []  # generated data is not an undoable user action


def test_applications_look_like_a_hunt(hunt: tuple[Store, GenerateReport]) -> None:
    store, _ = hunt
    apps = rows(store.path, "SELECT * FROM applications ORDER BY id")
    assert [a["id"] for a in apps] == list(range(1, 301))
    companies = Counter(a["company"] for a in apps)
    assert 40 <= len(companies) <= 110
    assert companies.most_common(1)[0][1] >= 4  # some companies come up again and again
    assert len({a["role"] for a in apps}) >= 12
    sources = Counter(a["source"] for a in apps)
    assert {"LinkedIn", "referral", "company site", "recruiter", "job board"} <= set(sources)
    locations = {a["location"] for a in apps}
    assert "Remote" in locations and len(locations) >= 8
    assert all(a["company"].strip() and a["role"].strip() for a in apps)
    with_url = [a["url"] for a in apps if a["url"]]
    assert 0.3 * 300 < len(with_url) < 0.9 * 300
    assert all(url.startswith("https://") for url in with_url)
    assert 0.1 * 300 < sum(1 for a in apps if a["notes"]) < 0.7 * 300
    # ids follow time: the person logged them as they went
    firsts = [a["created_at"] for a in apps]
    assert firsts == sorted(firsts)


def test_hunt_spans_about_six_months_for_300(hunt: tuple[Store, GenerateReport]) -> None:
    store, _ = hunt
    first, last = rows(store.path, "SELECT min(at), max(at) FROM stage_events")[0]
    first_at = datetime.fromisoformat(first).replace(tzinfo=UTC)
    last_at = datetime.fromisoformat(last).replace(tzinfo=UTC)
    assert timedelta(days=150) <= NOW - first_at <= timedelta(days=200)
    assert NOW - last_at < timedelta(days=3)
    assert 150 <= span_days(300) <= 200
    assert 3 * 365 - 90 <= span_days(10_000) <= 3 * 365 + 90


# --- histories -----------------------------------------------------------------------------


def test_stored_stage_and_instants_follow_the_events(
    hunt: tuple[Store, GenerateReport], histories: dict[int, list[sqlite3.Row]]
) -> None:
    store, _ = hunt
    apps = rows(store.path, "SELECT * FROM applications ORDER BY id")
    assert set(histories) == {a["id"] for a in apps}
    for app in apps:
        events = histories[app["id"]]
        assert app["stage"] == events[-1]["stage"]
        assert app["last_activity_at"] == events[-1]["at"]
        applied = [e["at"] for e in events if e["stage"] == "applied"]
        assert app["applied_at"] == (applied[0] if applied else None)
        assert app["created_at"] == events[0]["at"]


def test_stored_fields_agree_with_the_service(hunt: tuple[Store, GenerateReport]) -> None:
    store, _ = hunt
    for app_id in range(1, 301, 7):
        detail = store.get_application(app_id)
        events = detail.events
        assert detail.application.stage == events[-1].stage
        assert detail.application.last_activity_at == events[-1].at
        applied = [e.at for e in events if e.stage == "applied"]
        assert detail.application.applied_at == (applied[0] if applied else None)


def test_histories_move_forward_with_realistic_gaps(
    histories: dict[int, list[sqlite3.Row]],
) -> None:
    screening_gaps = []
    for events in histories.values():
        stages = [e["stage"] for e in events]
        assert stages[0] in ("saved", "applied")
        assert all(s in STAGES for s in stages)
        for before, after in pairwise(events):
            assert after["at"] > before["at"]  # strictly later: order never rests on ids
            assert after["stage"] in LEGAL_NEXT[before["stage"]], stages
        for before, after in pairwise(events):
            if (before["stage"], after["stage"]) == ("applied", "screening"):
                gap = (datetime.fromisoformat(after["at"])
                       - datetime.fromisoformat(before["at"]))
                screening_gaps.append(gap.total_seconds() / 86400)
    assert screening_gaps
    # 3 to 15 days, a reply due on a weekend mostly waits for Monday
    assert min(screening_gaps) >= 2
    assert max(screening_gaps) <= 18
    assert 5 <= statistics.median(screening_gaps) <= 11


def test_nothing_is_dated_after_now(hunt: tuple[Store, GenerateReport]) -> None:
    store, _ = hunt
    limit = to_stored(NOW)
    instants = {
        "stage_events": ("at",),
        "applications": ("applied_at", "last_activity_at", "created_at", "updated_at"),
        "reflections": ("created_at", "updated_at", "saved_at"),
        "wins": ("at",),
        "growth_actions": ("created_at", "done_at"),
    }
    for table, columns in instants.items():
        for column in columns:
            (latest,) = rows(store.path, f"SELECT max({column}) FROM {table}")[0]
            assert latest is not None and latest < limit, (table, column)


def test_outcomes_cover_every_way_a_hunt_goes(
    hunt: tuple[Store, GenerateReport], histories: dict[int, list[sqlite3.Row]]
) -> None:
    store, _ = hunt
    current = Counter(events[-1]["stage"] for events in histories.values())
    assert current["rejected"] > 50 and current["ghosted"] > 40
    assert current["withdrawn"] >= 3
    yes = sum(current[s] for s in YES_STAGES)
    assert 1 <= yes <= 30  # a few offers
    assert current["declined"] >= 1 or current["accepted"] >= 1
    assert 1 <= current["saved"] <= 20  # a few never got past saved
    assert any(events[0]["stage"] == "saved" and len(events) > 1
               for events in histories.values())
    active = sum(current[s] for s in ("saved", "applied", "screening", "interviewing", "offer"))
    # the last weeks' applications are still waiting for an answer, and a few went stale
    assert 5 <= active <= 0.4 * 300
    # rejected at every stage reached, as the service sees it
    rejected_ids = [i for i, events in histories.items() if events[-1]["stage"] == "rejected"]
    reached = Counter(store.get_application(i).furthest_stage for i in rejected_ids)
    assert reached["applied"] > 10 and reached["screening"] > 5 and reached["interviewing"] > 2
    # ghosted, too, after different stages
    ghosted_ids = [i for i, events in histories.items() if events[-1]["stage"] == "ghosted"]
    assert len({store.get_application(i).furthest_stage for i in ghosted_ids}) >= 2


def test_events_carry_some_notes(hunt: tuple[Store, GenerateReport]) -> None:
    store, _ = hunt
    notes = [e["note"] for e in rows(store.path, "SELECT note FROM stage_events")]
    assert 0.15 < sum(1 for n in notes if n) / len(notes) < 0.7


# --- reflections, wins, actions ------------------------------------------------------------


def test_reflections_follow_some_nos(
    hunt: tuple[Store, GenerateReport], histories: dict[int, list[sqlite3.Row]]
) -> None:
    store, _ = hunt
    reflections = rows(store.path, "SELECT * FROM reflections ORDER BY id")
    nos = {i for i, events in histories.items() if events[-1]["stage"] in NO_STAGES}
    assert 0.25 * len(nos) <= len(reflections) <= 0.55 * len(nos)
    statuses = Counter(r["status"] for r in reflections)
    assert 1 <= statuses["draft"] <= 2
    assert statuses["saved"] == len(reflections) - statuses["draft"]
    for r in reflections:
        assert r["application_id"] in nos
        events = histories[r["application_id"]]
        no_at = next(e["at"] for e in events if e["stage"] in NO_STAGES)
        assert no_at < r["created_at"] <= r["updated_at"]
        created = datetime.fromisoformat(r["created_at"])
        assert created - datetime.fromisoformat(no_at) <= timedelta(days=4)  # shortly after
        if r["status"] == "saved":
            assert r["saved_at"] == r["updated_at"]
        else:
            assert r["saved_at"] is None
        for field in ("feelings", "reasons", "mismatches"):
            assert isinstance(json.loads(r[field]), list), field
        assert set(json.loads(r["feelings"])) <= set(FEELINGS) and json.loads(r["feelings"])
        assert set(json.loads(r["reasons"])) <= set(REASONS)
        assert set(json.loads(r["mismatches"])) <= set(MISMATCHES)
        assert r["mood_before"] in range(1, 6)
        assert r["mood_after"] is None or r["mood_after"] in range(1, 6)
        assert r["feedback_status"] in FEEDBACK_STATUSES
        assert (r["feedback_text"] != "") == (r["feedback_status"] == "received")
    saved = [r for r in reflections if r["status"] == "saved"]
    for name in ("went_well", "do_differently", "taught_me", "next_step", "direction_text",
                 "alignment_text", "reasons_text", "feedback_text", "commitment_text"):
        answered = [r[name] for r in saved if r[name]]
        assert len(answered) >= 3, name
        assert len(set(answered)) >= 2, name  # varied, not one sentence repeated
    assert sum(1 for r in saved if json.loads(r["reasons"])) > len(saved) / 3
    assert sum(1 for r in saved if json.loads(r["mismatches"])) >= 3
    assert len({r["feedback_status"] for r in saved}) >= 3
    # the service reads them back as records
    records = store.list_reflections(status="saved")
    assert len(records) == len(saved)
    assert all(isinstance(r.feelings, tuple) for r in records)


def test_commitments_have_their_growth_action(hunt: tuple[Store, GenerateReport]) -> None:
    store, _ = hunt
    committed = {r["id"]: r for r in rows(
        store.path, "SELECT * FROM reflections WHERE commitment_text != ''")}
    assert committed
    linked = {a["reflection_id"]: a for a in rows(
        store.path, "SELECT * FROM growth_actions WHERE reflection_id IS NOT NULL")}
    assert set(linked) == set(committed)
    for reflection_id, action in linked.items():
        reflection = committed[reflection_id]
        assert reflection["status"] == "saved"
        assert action["text"] == reflection["commitment_text"]
        assert action["kind"] == reflection["commitment_kind"]
        assert action["due_on"] == reflection["commitment_due"]
        assert action["created_at"] == reflection["saved_at"]


def test_wins_and_actions(hunt: tuple[Store, GenerateReport]) -> None:
    store, _ = hunt
    wins = store.list_wins()
    assert 20 <= len(wins) <= 40  # about 1 per 10 applications
    assert len({w.text for w in wins}) >= 10
    assert {w.kind for w in wins} == {"achievement", "kind words", "progress"}
    actions = store.list_actions()
    assert 28 <= len(actions) <= 48  # about 1 per 8 applications
    assert {a.kind for a in actions} <= set(ACTION_KINDS) and len({a.kind for a in actions}) >= 4
    done = [a for a in actions if a.done_at is not None]
    open_ = [a for a in actions if a.done_at is None]
    assert len(done) > len(open_) >= 2
    today = NOW.date()
    assert any(a.due_on is not None and a.due_on < today for a in open_)  # some overdue
    for action in actions:
        assert action.due_on is not None and action.due_on >= action.created_at.date()
        assert action.done_at is None or action.created_at < action.done_at < NOW


# --- the service on generated data ---------------------------------------------------------


def test_stats_on_a_generated_hunt(hunt: tuple[Store, GenerateReport]) -> None:
    store, _ = hunt
    stats = store.stats(now=NOW, tz=UTC)
    assert stats.applications == 300
    assert sum(stats.by_stage.values()) == 300
    assert stats.runs.completed  # at least one yes ended a run of no's
    assert all(run.no >= 0 for run in stats.runs.completed)
    assert stats.runs.longest >= max(run.no for run in stats.runs.completed)
    funnel = stats.funnel
    assert funnel["applied"] > funnel["screening"] > funnel["interviewing"] > funnel["offer"] > 0
    assert funnel["applied"] >= 0.9 * 300
    assert 0.15 <= funnel["screening"] / funnel["applied"] <= 0.6
    assert 0.2 < stats.response_rate < 0.9
    assert stats.bounce_back.samples > 50 and stats.bounce_back.median_days is not None
    assert stats.activity.longest >= max(stats.activity.current, 7)
    json.dumps(stats.to_json())


@pytest.mark.parametrize("seed", [0, 4, 13])
def test_a_small_hunt_still_has_an_offer(tmp_path: Path, seed: int) -> None:
    # with 60 applications chance alone often gives no yes; the runs chart needs one
    generated(tmp_path / "x.db", applications=60, seed=seed, now=NOW)
    with Store.open(tmp_path / "x.db") as store:
        assert store.stats(now=NOW, tz=UTC).runs.completed
        for app in store.list_applications():
            events = store.get_application(app.id).events
            assert app.stage == events[-1].stage
            assert app.last_activity_at == events[-1].at
            assert all(a.at < b.at for a, b in pairwise(events))
            for before, after in pairwise(events):
                assert after.stage in LEGAL_NEXT[before.stage]


def test_service_keeps_working_after_generation(tmp_path: Path) -> None:
    generated(tmp_path / "x.db", applications=40, seed=5, now=NOW)
    with Store.open(tmp_path / "x.db") as store:
        added = store.add_application("Newco", "Backend Engineer")
        assert added.id == 41
        active = store.list_applications(view="active")
        assert active
        target = next(a for a in active if a.stage in ("applied", "screening") and a.id <= 40)
        store.move(target.id, "rejected", at=NOW + timedelta(hours=1))
        assert store.get_application(target.id).application.stage == "rejected"
        win = store.add_win("Still here")
        assert win.id == max(w.id for w in store.list_wins())


# --- refusals ------------------------------------------------------------------------------


def test_refuses_a_database_with_applications(tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        store.add_application("Acme", "Engineer")
        before = dump(store.path)
        with pytest.raises(InvalidInput, match="already has applications"):
            generate_hunt(store, applications=10, now=NOW)
        assert dump(store.path) == before


def test_refuses_a_second_run(tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        generate_hunt(store, applications=20, now=NOW)
        with pytest.raises(InvalidInput):
            generate_hunt(store, applications=20, now=NOW)
        assert store.count_applications() == 20


def test_refuses_a_naive_now_and_a_negative_count(tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        with pytest.raises(InvalidInput, match="time zone"):
            generate_hunt(store, applications=10, now=datetime(2026, 11, 26, 9, 0))
        with pytest.raises(InvalidInput):
            generate_hunt(store, applications=-1, now=NOW)
        assert store.count_applications() == 0


def test_keeps_existing_journal_rows_and_their_ids(tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        kept = store.add_win("Before the demo", at=NOW - timedelta(days=400))
        report = generate_hunt(store, applications=30, seed=1, now=NOW)
        wins = store.list_wins()
        assert len(wins) == report.wins + 1
        assert kept in wins
        assert sorted(w.id for w in wins) == list(range(1, report.wins + 2))


def test_small_and_empty_hunts(tmp_path: Path) -> None:
    with Store.open(tmp_path / "empty.db") as store:
        assert generate_hunt(store, applications=0, now=NOW) == GenerateReport(0, 0, 0, 0, 0)
    with Store.open(tmp_path / "one.db") as store:
        report = generate_hunt(store, applications=1, seed=9, now=NOW)
        assert report.applications == 1 and report.events >= 1
        store.stats(now=NOW, tz=UTC)


def test_default_now_is_the_current_instant(tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        before = pendulum.now("UTC")
        generate_hunt(store, applications=30, seed=2)
        latest = max(a.last_activity_at for a in store.list_applications())
        assert before - timedelta(days=30) < latest <= pendulum.now("UTC")

