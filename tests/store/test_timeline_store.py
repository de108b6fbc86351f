"""The journey's reads: the timeline (kinds, order, pages, bounce-back), the charts' data and
the story of an offer, each checked against the metrics they must agree with."""

from __future__ import annotations

import bisect
import sqlite3
import statistics
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pendulum
import pytest

from bounceback_tui.domain.metrics import ApplicationFacts, EventFact, outcome_of
from bounceback_tui.domain.stages import STAGES
from bounceback_tui.store import InvalidInput, NotFound, Store
from bounceback_tui.store.queries.timeline import ChartData, OfferStory, TimelineItem

T0 = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
AUCKLAND = ZoneInfo("Pacific/Auckland")  # UTC+13 in October (daylight saving time)


def at(days: float, hours: float = 0) -> datetime:
    return T0 + timedelta(days=days, hours=hours)


def saved_reflection(store: Store, when: datetime, application_id: int | None = None,
                     **answers: object):
    """A reflection saved at `when` (the store stamps saved_at with its clock)."""
    with pendulum.travel_to(pendulum.instance(when), freeze=True):
        return store.save_reflection(answers, application_id=application_id, status="saved")


def done_action(store: Store, text: str, when: datetime):
    action = store.add_action(text)
    return store.complete_action(action.id, at=when)


def everything(store: Store, **kwargs: object) -> list[TimelineItem]:
    return store.timeline(limit=100_000, **kwargs)


# --- the timeline ------------------------------------------------------------------------------


def test_every_stage_and_source_maps_to_its_kind(store: Store) -> None:
    expected = {"saved": "moved", "applied": "applied", "screening": "moved",
                "interviewing": "moved", "offer": "yes", "accepted": "yes", "declined": "yes",
                "rejected": "no", "ghosted": "no", "withdrawn": "moved"}
    assert set(expected) == set(STAGES)
    app = store.add_application("Acme", "Engineer", applied_at=at(0), stage="saved")
    for n, stage in enumerate([s for s in STAGES if s != "saved"], start=1):
        store.move(app.id, stage, at=at(n), note=f"note {stage}")
    reflection = saved_reflection(store, at(20), app.id, next_step="Apply to Globex")
    store.save_reflection({"went_well": "a draft"}, application_id=app.id)  # a draft: not shown
    loose = saved_reflection(store, at(21))
    win = store.add_win("Kind words", at=at(22))
    action = done_action(store, "Call Sam", at(23))
    store.add_action("Still open")  # not done: not shown

    items = everything(store)
    by_stage = {i.stage: i for i in items if i.stage}
    assert {stage: item.kind for stage, item in by_stage.items()} == expected
    assert all(i.application_id == app.id and i.reflection_id is None for i in by_stage.values())
    assert all((i.company, i.role) == ("Acme", "Engineer") for i in by_stage.values())
    assert by_stage["withdrawn"].text == "note withdrawn" and by_stage["saved"].text == ""
    others = [i for i in items if not i.stage]
    assert [(i.kind, i.text, i.company, i.application_id, i.reflection_id) for i in others] == [
        ("action", "Call Sam", "", None, None),
        ("win", "Kind words", "", None, None),
        ("reflection", "", "", None, loose.id),
        ("reflection", "Apply to Globex", "Acme", app.id, reflection.id),
    ]
    assert [i.at for i in others] == [at(23), at(22), at(21), at(20)]
    assert (others[0].key[2], others[1].key[2]) == (action.id, win.id)
    for item in items:
        assert item.at.utcoffset() == timedelta(0)
        assert item.bounce_days is None or item.kind == "no"


def test_an_action_from_a_reflection_carries_its_application(store: Store) -> None:
    app = store.add_application("Acme", "Engineer", applied_at=at(0))
    store.move(app.id, "rejected", at=at(1))
    reflection = saved_reflection(store, at(2), app.id, commitment_text="Finish the SQL course")
    (action,) = store.list_actions()
    store.complete_action(action.id, at=at(3))
    newest = everything(store)[0]
    assert (newest.kind, newest.text, newest.application_id, newest.reflection_id,
            newest.company) == ("action", "Finish the SQL course", app.id, reflection.id, "Acme")


def test_newest_first_with_ties_settled_by_source_then_id(store: Store) -> None:
    # applied and interviewing share an instant; so do a no, a reflection, a win and an action
    first = store.add_application("Acme", "Engineer", applied_at=at(0), stage="interviewing")
    second = store.add_application("Globex", "Analyst", applied_at=at(1))
    store.move(second.id, "rejected", at=at(2))
    saved_reflection(store, at(2), second.id)
    store.add_win("Same instant", at=at(2))
    done_action(store, "Same instant too", at(2))
    items = everything(store)
    assert [(i.kind, i.company, i.stage) for i in items] == [
        ("action", "", ""), ("win", "", ""), ("reflection", "Globex", ""),
        ("no", "Globex", "rejected"), ("applied", "Globex", "applied"),
        ("moved", "Acme", "interviewing"), ("applied", "Acme", "applied"),
    ]
    keys = [i.key for i in items]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == len(keys)
    assert first.id


def _busy_hunt(store: Store) -> None:
    """Forty-odd items, many sharing instants, from every source."""
    for n in range(8):
        app = store.add_application(f"Co {n}", "Dev", applied_at=at(n // 2),
                                    stage="screening" if n % 3 else "applied")
        store.move(app.id, "rejected" if n % 2 else "offer", at=at(n // 2 + 1))
        if n % 2:
            saved_reflection(store, at(n // 2 + 1), app.id, next_step=f"step {n}")
        store.add_win(f"win {n}", at=at(n // 3, 5))
        done_action(store, f"action {n}", at(n // 4 + 1))


@pytest.mark.parametrize("limit", [1, 3, 7, 200])
def test_pages_return_every_item_exactly_once(store: Store, limit: int) -> None:
    _busy_hunt(store)
    whole = everything(store)
    assert len(whole) > 40
    seen: list[TimelineItem] = []
    before = None
    while True:
        page = store.timeline(before=before, limit=limit)
        assert len(page) <= limit
        if not page:
            break
        seen += page
        before = page[-1].key
    assert seen == whole


def test_since_keeps_items_at_or_after_the_instant(store: Store) -> None:
    _busy_hunt(store)
    since = at(2)
    kept = everything(store, since=since)
    assert kept == [i for i in everything(store) if i.at >= since]
    assert any(i.at == since for i in kept)
    paged = store.timeline(since=since, limit=5)
    paged += store.timeline(since=since, before=paged[-1].key, limit=1000)
    assert paged == kept
    with pytest.raises(InvalidInput, match="time zone"):
        store.timeline(since=datetime(2026, 10, 1))


def test_bad_pages_are_refused(store: Store) -> None:
    for limit in (0, -1, True):
        with pytest.raises(InvalidInput, match="limit"):
            store.timeline(limit=limit)
    with pytest.raises(InvalidInput, match="key"):
        store.timeline(before=("2026-10-01 09:00:00.000000", 0))  # type: ignore[arg-type]
    assert store.timeline() == []


def test_bounce_days_of_each_no(store: Store) -> None:
    a = store.add_application("Acme", "Dev", applied_at=at(0))
    store.move(a.id, "rejected", at=at(1))  # next action: the Globex application 1.5 days on
    store.add_win("Not after: the same instant", at=at(1))
    g = store.add_application("Globex", "Dev", applied_at=at(2, 12))
    store.move(g.id, "screening", at=at(2, 13))  # a move is not a job-hunt action
    store.move(g.id, "ghosted", at=at(3))  # next action: a reflection 6 hours on
    saved_reflection(store, at(3, 6), g.id)
    h = store.add_application("Hooli", "Dev", applied_at=at(3, 7))
    store.move(h.id, "rejected", at=at(4))  # next: a done action 2 days 12 hours on
    done_action(store, "Polish the résumé", at(6, 12))
    i = store.add_application("Initech", "Dev", applied_at=at(7))
    store.move(i.id, "rejected", at=at(8))  # nothing after it yet
    store.add_action("Not done yet")

    nos = {item.company: item.bounce_days for item in everything(store) if item.kind == "no"}
    assert nos == {"Acme": 1.5, "Globex": 0.25, "Hooli": 2.5, "Initech": None}
    assert all(item.bounce_days is None for item in everything(store) if item.kind != "no")


def _stored(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_pages_of_a_generated_hunt_agree_with_a_plain_reading(store: Store) -> None:
    from bounceback_tui.demo.generate import generate_hunt

    generate_hunt(store, applications=300, seed=3, now=datetime(2026, 11, 26, 9, tzinfo=UTC))
    conn = sqlite3.connect(store.path)
    try:
        rows = conn.execute(
            "SELECT e.at, 0, e.id, e.stage FROM stage_events e"
            " UNION ALL SELECT saved_at, 1, id, '' FROM reflections"
            "  WHERE status = 'saved' AND saved_at IS NOT NULL"
            " UNION ALL SELECT at, 2, id, '' FROM wins"
            " UNION ALL SELECT done_at, 3, id, '' FROM growth_actions WHERE done_at IS NOT NULL"
        ).fetchall()
    finally:
        conn.close()
    rows.sort(reverse=True)
    actions = sorted(_stored(r[0]) for r in rows
                     if r[1] or r[3] == "applied")

    seen: list[TimelineItem] = []
    before = None
    while page := store.timeline(before=before, limit=97):
        seen += page
        before = page[-1].key
    assert [item.key for item in seen] == [(r[0], r[1], r[2]) for r in rows]
    bounced = 0
    for item in seen:
        if item.kind != "no":
            continue
        i = bisect.bisect_right(actions, item.at)
        expected = (actions[i] - item.at).total_seconds() / 86400 if i < len(actions) else None
        assert item.bounce_days == expected
        bounced += expected is not None
    assert bounced > 50


# --- chart data --------------------------------------------------------------------------------


def _facts(store: Store) -> list[ApplicationFacts]:
    facts = []
    for app in store.list_applications():
        events = store.get_application(app.id).events
        facts.append(ApplicationFacts(app.id, app.company,
                                      tuple(EventFact(e.stage, e.at, e.id) for e in events)))
    return facts


def _runs_from_marks(marks: tuple[tuple[str, str, date], ...]) -> tuple[list[int], int]:
    completed, count = [], 0
    for stage, _, _ in marks:
        if stage in ("offer", "accepted", "declined"):
            completed.append(count)
            count = 0
        else:
            count += 1
    return completed, count


def test_chart_marks_follow_outcomes_and_agree_with_stats(store: Store) -> None:
    a = store.add_application("Acme", "Dev", applied_at=at(0))
    store.move(a.id, "rejected", at=at(2))
    store.move(a.id, "ghosted", at=at(3))  # the outcome stays the rejection's instant
    b = store.add_application("Beta", "Dev", applied_at=at(0))
    store.move(b.id, "rejected", at=at(2))  # same instant as Acme's: ties by id
    c = store.add_application("Corp", "Dev", applied_at=at(1))
    store.move(c.id, "offer", at=at(4, 14))
    store.move(c.id, "accepted", at=at(6))
    d = store.add_application("Dyno", "Dev", applied_at=at(1))
    store.move(d.id, "rejected", at=at(5))
    store.move(d.id, "interviewing", at=at(5, 1))  # corrected: no outcome, no mark
    e = store.add_application("Echo", "Dev", applied_at=at(2))
    store.move(e.id, "ghosted", at=at(7))
    store.add_application("Waiting", "Dev", applied_at=at(8))
    store.add_win("A kind note", at=at(7, 12))
    now = at(9)

    data = store.chart_data(now=now, tz=AUCKLAND, since_day=date(2026, 9, 1))
    assert isinstance(data, ChartData)
    assert data.marks == (
        ("ghosted", "Acme", date(2026, 10, 3)),  # 09:00 UTC is 22:00 in Auckland
        ("rejected", "Beta", date(2026, 10, 3)),
        ("accepted", "Corp", date(2026, 10, 6)),  # the offer's day (23:00 UTC → next day)
        ("ghosted", "Echo", date(2026, 10, 8)),
    )
    ordered = sorted((o for o in map(outcome_of, _facts(store)) if o),
                     key=lambda o: (o.at, o.application_id))
    assert [m[1] for m in data.marks] == [o.company for o in ordered]
    assert data.stats == store.stats(now=now, tz=AUCKLAND)
    completed, current = _runs_from_marks(data.marks)
    assert completed == [run.no for run in data.stats.runs.completed] == [2]
    assert current == data.stats.runs.current == 1
    # After Acme's and Beta's no (day 2) Echo applied at the same instant (not after it), so
    # the next action is the win on day 7 at 12:00; after Echo's no (day 7), the same win.
    assert data.bounce == ((at(2), 5.5), (at(2), 5.5), (at(7), 0.5))
    assert data.stats.bounce_back == (statistics.median([5.5, 5.5, 0.5]), 3)


def test_chart_bounce_median_equals_stats_on_a_generated_hunt(store: Store) -> None:
    from bounceback_tui.demo.generate import generate_hunt

    now = datetime(2026, 11, 26, 9, tzinfo=UTC)
    generate_hunt(store, applications=300, seed=11, now=now)
    for zone in (UTC, AUCKLAND, ZoneInfo("America/Los_Angeles")):
        data = store.chart_data(now=now, tz=zone, since_day=date(2026, 11, 1))
        stats = store.stats(now=now, tz=zone)
        assert data.stats == stats
        assert len(data.bounce) == stats.bounce_back.samples > 20
        assert statistics.median(d for _, d in data.bounce) == stats.bounce_back.median_days
        # the no's without a later action are the last ones: the others keep their order
        nos = [o.at for o in stats.outcomes if o.kind == "no"]
        assert [t for t, _ in data.bounce] == nos[:len(data.bounce)]
        completed, current = _runs_from_marks(data.marks)
        assert completed == [run.no for run in stats.runs.completed]
        assert current == stats.runs.current
        assert len(data.marks) == len(stats.outcomes)
        assert all(day >= date(2026, 11, 1) for day in data.day_counts)


def test_day_counts_count_job_hunt_actions_by_local_day(store: Store) -> None:
    # 2026-10-01 11:30 UTC is 00:30 on 2 October in Auckland; 10:00 UTC is 23:00 on 1 October
    a = store.add_application("Acme", "Dev", applied_at=datetime(2026, 10, 1, 11, 30, tzinfo=UTC))
    store.move(a.id, "rejected", at=datetime(2026, 10, 1, 12, tzinfo=UTC))  # not an action
    store.add_win("late win", at=datetime(2026, 10, 1, 10, tzinfo=UTC))
    store.add_win("early win", at=datetime(2026, 9, 30, 10, tzinfo=UTC))  # 30 Sep, 23:00
    saved_reflection(store, datetime(2026, 10, 1, 20, tzinfo=UTC), a.id)  # 2 Oct, 09:00
    done_action(store, "Call Sam", datetime(2026, 10, 2, 12, tzinfo=UTC))  # 3 Oct, 01:00
    store.add_action("Open, so not counted")
    b = store.add_application("Beta", "Dev", applied_at=datetime(2026, 10, 2, 10, tzinfo=UTC))
    store.move(b.id, "screening", at=datetime(2026, 10, 2, 11, tzinfo=UTC))
    now = datetime(2026, 10, 3, tzinfo=UTC)

    auckland = store.chart_data(now=now, tz=AUCKLAND, since_day=date(2026, 10, 1))
    assert auckland.day_counts == {date(2026, 10, 1): 1, date(2026, 10, 2): 3,
                                   date(2026, 10, 3): 1}
    utc = store.chart_data(now=now, tz=UTC, since_day=date(2026, 10, 1))
    assert utc.day_counts == {date(2026, 10, 1): 3, date(2026, 10, 2): 2}
    everything_ = store.chart_data(now=now, tz=AUCKLAND, since_day=date(2000, 1, 1))
    assert sum(everything_.day_counts.values()) == 6
    assert store.chart_data(now=now, tz=AUCKLAND, since_day=date(2026, 10, 4)).day_counts == {}


def test_chart_data_of_an_empty_store(store: Store) -> None:
    data = store.chart_data(now=T0, tz=UTC, since_day=date(2026, 1, 1))
    assert (data.marks, data.bounce, data.day_counts) == ((), (), {})
    assert data.stats.applications == 0


# --- the story of an offer ---------------------------------------------------------------------


def _no(store: Store, company: str, when: datetime, stage: str = "rejected") -> int:
    app = store.add_application(company, f"{company} role", applied_at=when - timedelta(days=3))
    store.move(app.id, stage, at=when)
    return app.id


def _yes(store: Store, company: str, when: datetime) -> int:
    app = store.add_application(company, f"{company} role", applied_at=when - timedelta(days=9),
                                stage="interviewing")
    store.move(app.id, "offer", at=when)
    return app.id


def test_the_story_of_the_latest_offer_and_of_an_earlier_one(store: Store) -> None:
    one = _no(store, "One", at(1))
    _no(store, "Two", at(2), "ghosted")
    alpha = _yes(store, "Alpha", at(3))
    three = _no(store, "Three", at(4, 12))  # 21:00 UTC: the next day in Auckland
    four = _no(store, "Four", at(5))
    five = _no(store, "Five", at(6), "ghosted")
    beta = _yes(store, "Beta", at(7, 11))  # 8 October, 20:00 UTC: 9 October in Auckland
    six = _no(store, "Six", at(8))  # after the last yes: the current run
    saved_reflection(store, at(1, 2), one, do_differently="Rest first.", taught_me="")
    saved_reflection(store, at(9), three, do_differently="Ask about *the team*\n- early",
                     taught_me="  I like [small] teams  ")
    saved_reflection(store, at(9, 1), four, do_differently="", taught_me=" \n")  # both blank
    store.save_reflection({"taught_me": "a draft"}, application_id=five)  # not saved
    saved_reflection(store, at(9, 2), five, taught_me="Ghosting is about them.")
    saved_reflection(store, at(9, 3), six, taught_me="Not part of this story.")

    story = store.offer_story(tz=AUCKLAND)
    assert isinstance(story, OfferStory)
    assert (story.company, story.role, story.application_id, story.day) == (
        "Beta", "Beta role", beta, date(2026, 10, 9))
    assert story.nos == (("Three", "Three role", "rejected", date(2026, 10, 6)),
                         ("Four", "Four role", "rejected", date(2026, 10, 6)),
                         ("Five", "Five role", "ghosted", date(2026, 10, 7)))
    assert story.kept == (  # what it taught, then what to do differently; as written
        ("Three", "learned", "I like [small] teams"),
        ("Three", "learned", "Ask about *the team* - early"),
        ("Five", "learned", "Ghosting is about them."),
    )
    assert store.offer_story(beta, tz=AUCKLAND) == story

    first = store.offer_story(alpha, tz=UTC)
    assert first is not None and first.company == "Alpha" and first.day == date(2026, 10, 4)
    assert [(n.company, n.stage) for n in first.nos] == [("One", "rejected"), ("Two", "ghosted")]
    assert first.kept == (("One", "learned", "Rest first."),)

    stats = store.stats(now=at(10), tz=AUCKLAND)
    assert [(r.no, r.company, r.day) for r in stats.runs.completed] == [
        (len(first.nos), "Alpha", date(2026, 10, 4)), (len(story.nos), "Beta", story.day)]
    assert store.offer_story(six) is None  # a no, not a yes
    with pytest.raises(NotFound):
        store.offer_story(10_000)


def test_no_offer_no_story(store: Store) -> None:
    assert store.offer_story() is None
    app = store.add_application("Acme", "Dev", applied_at=at(0))
    store.move(app.id, "rejected", at=at(1))
    assert store.offer_story() is None
    assert store.offer_story(app.id) is None


def test_an_offer_taken_back_is_no_longer_a_story(store: Store) -> None:
    _no(store, "One", at(1))
    yes = _yes(store, "Alpha", at(2))
    store.move(yes, "rejected", at=at(3))  # the current stage decides the outcome
    assert store.offer_story() is None
    assert store.offer_story(yes) is None


def test_stories_agree_with_stats_runs_on_a_generated_hunt(store: Store) -> None:
    from bounceback_tui.demo.generate import generate_hunt

    now = datetime(2026, 11, 26, 9, tzinfo=UTC)
    generate_hunt(store, applications=300, seed=5, now=now)
    stats = store.stats(now=now, tz=AUCKLAND)
    yeses = [o.application_id for o in stats.outcomes if o.kind == "yes"]
    assert len(yeses) == len(stats.runs.completed) >= 2
    for yes, run in zip(yeses, stats.runs.completed, strict=True):
        story = store.offer_story(yes, tz=AUCKLAND)
        assert story is not None
        assert (len(story.nos), story.company, story.day) == (run.no, run.company, run.day)
    latest = store.offer_story(tz=AUCKLAND)
    assert latest is not None and latest.application_id == yeses[-1]
    assert any(store.offer_story(yes, tz=AUCKLAND).kept for yes in yeses)


def test_a_story_keeps_what_went_well_and_never_a_trapped_sentence(store: Store) -> None:
    """Issue 16: typed into step 4, "I'm such a failure, I always mess up interviews." and
    "I'll never get a job at this rate." were handed back as lessons. A story keeps what went
    well, the reasons that were not about the person, what was learned (a sentence at a
    time, none with a thinking trap), the wins and the actions done on the way."""
    one = _no(store, "One", at(1))
    two = _no(store, "Two", at(2))
    saved_reflection(store, at(2, 1), one,
                     went_well="I explained my projects clearly. I'm such a failure.",
                     do_differently="I'm such a failure, I always mess up interviews.",
                     taught_me="I'll never get a job at this rate. I like calm teams.",
                     reasons=["an internal candidate", "timing"],
                     reasons_text="They wanted five years of Go.")
    saved_reflection(store, at(2, 2), two, reasons=["an internal candidate"])
    store.add_win("Kind words from the panel", at=at(2, 3))
    store.add_win("Finished the course", at=at(-40))  # no yes before: the run starts there
    done_action(store, "Practise the system design round", at(2, 4))
    yes = _yes(store, "Alpha", at(3))
    store.add_win("After the yes", at=at(4))
    story = store.offer_story(yes)
    assert story is not None
    assert [(line.kind, line.text, line.company) for line in story.kept] == [
        ("went well", "I explained my projects clearly.", "One"),
        ("not about me", "an internal candidate", "One"),
        ("not about me", "timing", "One"),
        ("not about me", "They wanted five years of Go.", "One"),
        ("learned", "I like calm teams.", "One"),
        ("win", "Finished the course", ""),
        ("win", "Kind words from the panel", ""),
        ("done", "Practise the system design round", ""),
    ]
    for line in story.kept:
        assert "failure" not in line.text and "never" not in line.text
