"""The metrics of PRODUCT.md ("Metrics"), rule by rule, on hand-made facts.

Every instant is built explicitly; nothing reads the clock or the machine's time zone.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

import pendulum
import pytest

from bounceback_tui.domain.metrics import (
    FUNNEL_STAGES,
    ApplicationFacts,
    BounceBack,
    CompletedRun,
    EventFact,
    Outcome,
    Runs,
    Stats,
    Streaks,
    activity_streaks,
    bounce_back,
    compute_stats,
    funnel,
    job_hunt_action_instants,
    outcome_of,
    outcomes,
    rejection_runs,
    response_rate,
    summarise,
)
from bounceback_tui.domain.stages import STAGES

UTC = pendulum.timezone("UTC")
BERLIN = pendulum.timezone("Europe/Berlin")
LOS_ANGELES = pendulum.timezone("America/Los_Angeles")

T0 = pendulum.datetime(2026, 10, 1, 12, 0, tz="UTC")


def t(days: float = 0, hours: float = 0, minutes: float = 0) -> pendulum.DateTime:
    """An instant relative to T0 (2026-10-01 12:00 UTC)."""
    return T0 + timedelta(days=days, hours=hours, minutes=minutes)


def app(app_id: int, *events: tuple[str, datetime], company: str | None = None) -> ApplicationFacts:
    """An application whose events get ids in the order given (app_id * 100 + position)."""
    return ApplicationFacts(
        id=app_id,
        company=company if company is not None else f"Company {app_id}",
        events=tuple(
            EventFact(stage, at, app_id * 100 + position)
            for position, (stage, at) in enumerate(events)
        ),
    )


def outcome(app_id: int, kind: str, at: datetime, company: str | None = None) -> Outcome:
    return Outcome(app_id, company if company is not None else f"Company {app_id}", kind, at)


def utc(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(year, month, day, hour, minute, tz="UTC")


# --------------------------------------------------------------------------------------
# Outcome of an application: from its *current* stage's class; instant = first event of
# that class.
# --------------------------------------------------------------------------------------

OUTCOME_CASES = [
    pytest.param([], None, id="no-events"),
    pytest.param([("saved", t(0))], None, id="saved"),
    pytest.param([("applied", t(0))], None, id="applied"),
    pytest.param([("applied", t(0)), ("screening", t(1))], None, id="screening"),
    pytest.param([("applied", t(0)), ("interviewing", t(1))], None, id="interviewing"),
    pytest.param([("applied", t(0)), ("rejected", t(3))], ("no", t(3)), id="rejected-is-no"),
    pytest.param([("applied", t(0)), ("ghosted", t(30))], ("no", t(30)), id="ghosted-is-no"),
    pytest.param(
        [("applied", t(0)), ("ghosted", t(30)), ("rejected", t(40))],
        ("no", t(30)),
        id="ghosted-then-rejected-instant-is-first-no",
    ),
    pytest.param([("applied", t(0)), ("offer", t(9))], ("yes", t(9)), id="offer-is-yes"),
    pytest.param(
        [("applied", t(0)), ("offer", t(9)), ("accepted", t(11))],
        ("yes", t(9)),
        id="accepted-is-yes-at-offer",
    ),
    pytest.param(
        [("applied", t(0)), ("offer", t(9)), ("declined", t(11))],
        ("yes", t(9)),
        id="declined-is-yes-at-offer",
    ),
    pytest.param(
        [("applied", t(0)), ("accepted", t(11))], ("yes", t(11)), id="accepted-without-offer"
    ),
    pytest.param(
        [("applied", t(0)), ("declined", t(11))], ("yes", t(11)), id="declined-without-offer"
    ),
    pytest.param([("applied", t(0)), ("withdrawn", t(5))], None, id="withdrawn-is-neither"),
    pytest.param(
        [("applied", t(0)), ("offer", t(5)), ("withdrawn", t(6))],
        None,
        id="offer-then-withdrawn-is-neither",
    ),
    pytest.param(
        [("applied", t(0)), ("interviewing", t(2)), ("rejected", t(4)), ("interviewing", t(5))],
        None,
        id="corrected-from-rejected-back-to-interviewing",
    ),
    pytest.param(
        [("applied", t(0)), ("rejected", t(2)), ("interviewing", t(3)), ("rejected", t(8))],
        ("no", t(2)),
        id="rejected-again-after-correction-first-no-counts",
    ),
    pytest.param(
        [("applied", t(0)), ("rejected", t(2)), ("offer", t(6))],
        ("yes", t(6)),
        id="rejected-then-offer-is-yes",
    ),
    pytest.param(
        [("applied", t(0)), ("offer", t(2)), ("rejected", t(6))],
        ("no", t(6)),
        id="offer-rescinded-is-no",
    ),
    pytest.param(
        # Listed out of order: the current stage is the latest by instant, not by position.
        [("rejected", t(7)), ("applied", t(0)), ("interviewing", t(3))],
        ("no", t(7)),
        id="events-out-of-order",
    ),
    pytest.param(
        [("applied", t(0)), ("rejected", t(7)), ("interviewing", t(3))],
        ("no", t(7)),
        id="latest-instant-wins-over-list-position",
    ),
]


@pytest.mark.parametrize(("events", "expected"), OUTCOME_CASES)
def test_outcome_of(events, expected):
    facts = app(1, *events, company="Acme")
    result = outcome_of(facts)
    if expected is None:
        assert result is None
    else:
        kind, at = expected
        assert result == Outcome(1, "Acme", kind, at)


def test_outcome_of_same_instant_events_ordered_by_event_id():
    same = t(4)
    later_id_is_rejected = ApplicationFacts(
        1, "A", (EventFact("interviewing", same, 5), EventFact("rejected", same, 6))
    )
    later_id_is_interviewing = ApplicationFacts(
        2, "B", (EventFact("rejected", same, 6), EventFact("interviewing", same, 7))
    )
    assert outcome_of(later_id_is_rejected) == Outcome(1, "A", "no", same)
    assert outcome_of(later_id_is_interviewing) is None


def test_outcomes_ordered_by_instant_then_application_id_and_skip_open_ones():
    apps = [
        app(5, ("applied", t(0)), ("rejected", t(3))),
        app(3, ("applied", t(0)), ("offer", t(3))),
        app(4, ("applied", t(0)), ("ghosted", t(1))),
        app(1, ("applied", t(0)), ("interviewing", t(2))),
        app(2, ("applied", t(0)), ("withdrawn", t(2))),
        app(9, ("applied", t(0)), ("rejected", t(3))),
    ]
    assert [(o.application_id, o.kind, o.at) for o in outcomes(apps)] == [
        (4, "no", t(1)),
        (3, "yes", t(3)),
        (5, "no", t(3)),
        (9, "no", t(3)),
    ]


# --------------------------------------------------------------------------------------
# Rejection-to-offer runs.
# --------------------------------------------------------------------------------------


def _sequence(kinds: str) -> list[Outcome]:
    """'nny' -> no, no, yes, one day apart, companies C0, C1, ..."""
    return [
        outcome(i, {"n": "no", "y": "yes"}[k], t(i), company=f"C{i}")
        for i, k in enumerate(kinds)
    ]


RUN_CASES = [
    pytest.param("", [], 0, 0, id="nothing"),
    pytest.param("nnn", [], 3, 3, id="no-offers-longest-is-current"),
    pytest.param("n", [], 1, 1, id="single-no"),
    pytest.param("y", [0], 0, 0, id="yes-first"),
    pytest.param("yy", [0, 0], 0, 0, id="two-yes"),
    pytest.param("nny", [2], 0, 2, id="run-closed-by-yes"),
    pytest.param("nnyn", [2], 1, 2, id="open-current-after-last-yes"),
    pytest.param("nynnn", [1], 3, 3, id="current-run-is-the-longest"),
    pytest.param("nnynnny", [2, 3], 0, 3, id="two-completed"),
    pytest.param("nnnnynyn", [4, 1], 1, 4, id="first-completed-longest"),
    pytest.param("ynn", [0], 2, 2, id="yes-then-nos"),
]


@pytest.mark.parametrize(("kinds", "completed", "current", "longest"), RUN_CASES)
def test_rejection_runs_counts(kinds, completed, current, longest):
    runs = rejection_runs(_sequence(kinds), UTC)
    assert [r.no for r in runs.completed] == completed
    assert runs.current == current
    assert runs.longest == longest


def test_rejection_runs_completed_carry_yes_company_and_day():
    runs = rejection_runs(_sequence("nnynny"), UTC)
    assert runs == Runs(
        completed=(
            CompletedRun(2, "C2", date(2026, 10, 3)),
            CompletedRun(2, "C5", date(2026, 10, 6)),
        ),
        current=0,
        longest=2,
    )


@pytest.mark.parametrize(
    ("instant", "tz", "expected_day"),
    [
        pytest.param(utc(2026, 10, 5, 23, 30), UTC, date(2026, 10, 5), id="utc"),
        pytest.param(utc(2026, 10, 5, 23, 30), BERLIN, date(2026, 10, 6), id="berlin-next-day"),
        pytest.param(utc(2026, 10, 5, 23, 30), LOS_ANGELES, date(2026, 10, 5), id="la-same-day"),
        pytest.param(utc(2026, 10, 6, 3, 0), LOS_ANGELES, date(2026, 10, 5), id="la-previous-day"),
        pytest.param(utc(2026, 10, 6, 3, 0), UTC, date(2026, 10, 6), id="utc-early"),
        pytest.param(
            utc(2026, 10, 5, 23, 30), ZoneInfo("Europe/Berlin"), date(2026, 10, 6), id="zoneinfo"
        ),
    ],
)
def test_offer_day_is_local_day(instant, tz, expected_day):
    runs = rejection_runs([outcome(1, "no", instant - timedelta(days=2)),
                           outcome(2, "yes", instant, company="Acme")], tz)
    assert runs.completed == (CompletedRun(1, "Acme", expected_day),)


@pytest.mark.parametrize(
    ("yes_id", "no_id", "completed", "current"),
    [
        # Same outcome instant: the lower application id comes first.
        pytest.param(2, 1, [1], 0, id="no-has-lower-id-counts-before-yes"),
        pytest.param(1, 2, [0], 1, id="yes-has-lower-id-no-counts-after"),
    ],
)
def test_runs_ties_in_outcome_instant_broken_by_application_id(yes_id, no_id, completed, current):
    same = t(5)
    apps = [
        app(yes_id, ("applied", t(0)), ("offer", same)),
        app(no_id, ("applied", t(0)), ("rejected", same)),
    ]
    for ordering in (apps, list(reversed(apps))):
        runs = rejection_runs(outcomes(ordering), UTC)
        assert [r.no for r in runs.completed] == completed
        assert runs.current == current


def test_runs_end_to_end_withdrawn_and_open_applications_do_not_count():
    apps = [
        app(1, ("applied", t(0)), ("rejected", t(1))),
        app(2, ("applied", t(0)), ("withdrawn", t(2))),  # neither
        app(3, ("applied", t(0)), ("ghosted", t(3))),
        app(4, ("applied", t(0)), ("interviewing", t(4))),  # no outcome yet
        app(5, ("applied", t(0)), ("rejected", t(5)), ("interviewing", t(6))),  # corrected
        app(6, ("applied", t(0)), ("offer", t(7)), ("accepted", t(8))),
        app(7, ("applied", t(0)), ("rejected", t(9))),
        app(8, ("applied", t(0)), ("offer", t(10)), ("declined", t(11))),
        app(9, ("applied", t(0)), ("ghosted", t(12)), ("rejected", t(13))),
    ]
    runs = rejection_runs(outcomes(apps), UTC)
    assert runs == Runs(
        completed=(
            CompletedRun(2, "Company 6", date(2026, 10, 8)),
            CompletedRun(1, "Company 8", date(2026, 10, 11)),
        ),
        current=1,
        longest=2,
    )


def test_runs_ghosted_then_rejected_ordered_by_first_no():
    # App 1 was ghosted before app 2's offer and formally rejected after it: it counts before.
    apps = [
        app(1, ("applied", t(0)), ("ghosted", t(2)), ("rejected", t(10))),
        app(2, ("applied", t(0)), ("offer", t(5))),
    ]
    runs = rejection_runs(outcomes(apps), UTC)
    assert [r.no for r in runs.completed] == [1]
    assert runs.current == 0


# --------------------------------------------------------------------------------------
# Job-hunt actions and bounce-back time.
# --------------------------------------------------------------------------------------


def test_job_hunt_actions_are_applied_events_reflections_wins_and_done_actions_sorted():
    apps = [
        app(1, ("saved", t(0)), ("applied", t(2)), ("screening", t(3)), ("rejected", t(4))),
        app(2, ("applied", t(1)), ("offer", t(6)), ("applied", t(7))),
        app(3, ("ghosted", t(8)), ("withdrawn", t(9)), ("interviewing", t(10))),
    ]
    instants = job_hunt_action_instants(
        apps, reflections_saved=[t(5)], wins=[t(0, hours=1)], actions_done=[t(11)]
    )
    assert instants == [t(0, hours=1), t(1), t(2), t(5), t(7), t(11)]


def test_job_hunt_actions_default_to_applied_events_only():
    assert job_hunt_action_instants([app(1, ("applied", t(3)), ("rejected", t(4)))]) == [t(3)]
    assert job_hunt_action_instants([]) == []


BOUNCE_CASES = [
    pytest.param([], [], None, 0, id="nothing"),
    pytest.param([("no", t(0))], [], None, 0, id="no-without-any-action"),
    pytest.param([("no", t(0))], [t(0)], None, 0, id="action-at-same-instant-does-not-count"),
    pytest.param([("no", t(0))], [t(-1)], None, 0, id="action-before-does-not-count"),
    pytest.param([("no", t(0))], [t(0), t(2)], 2.0, 1, id="same-instant-skipped-next-counts"),
    pytest.param([("no", t(0))], [t(0, hours=36)], 1.5, 1, id="fractional-days"),
    pytest.param([("no", t(0))], [t(0, hours=6)], 0.25, 1, id="quarter-day"),
    pytest.param([("no", t(0))], [t(0, minutes=1)], 1 / 1440, 1, id="one-minute"),
    pytest.param([("no", t(0))], [t(3), t(1)], 1.0, 1, id="first-action-after-counts"),
    pytest.param([("yes", t(0))], [t(1)], None, 0, id="yes-is-not-measured"),
    pytest.param(
        [("no", t(0)), ("no", t(1)), ("no", t(10))],
        [t(0, hours=12), t(4)],
        # 0.5 (to t0+12h), 3.0 (to t4), and none for the no at t10
        1.75,
        2,
        id="median-of-two-and-samples-exclude-no-without-action",
    ),
    pytest.param(
        [("no", t(0)), ("no", t(1)), ("no", t(2))],
        [t(0, hours=6), t(4), t(2, hours=12)],
        # sorted actions: t0+6h, t2+12h, t4 -> 0.25, 1.5, 0.5 -> median 0.5
        0.5,
        3,
        id="median-of-three",
    ),
    pytest.param(
        [("no", t(0)), ("yes", t(1)), ("no", t(2))],
        [t(3)],
        2.0,  # 3.0 and 1.0
        2,
        id="yes-between-nos-ignored",
    ),
]


@pytest.mark.parametrize(("outs", "actions", "median", "samples"), BOUNCE_CASES)
def test_bounce_back(outs, actions, median, samples):
    ordered = [outcome(i, kind, at) for i, (kind, at) in enumerate(outs)]
    result = bounce_back(ordered, sorted(actions))
    assert result.samples == samples
    if median is None:
        assert result.median_days is None
    else:
        assert result.median_days == pytest.approx(median)


def test_bounce_back_counts_elapsed_time_across_a_dst_change():
    # Berlin moved clocks forward on 2026-03-29: noon to noon is 23 hours, whatever the
    # datetime flavour the caller passes.
    for zone in (BERLIN, ZoneInfo("Europe/Berlin")):
        no_at = datetime(2026, 3, 28, 12, tzinfo=zone)
        action = datetime(2026, 3, 29, 12, tzinfo=zone)
        result = bounce_back([outcome(1, "no", no_at)], [action])
        assert result == BounceBack(pytest.approx(23 / 24), 1)


def test_bounce_back_in_compute_stats_uses_only_job_hunt_actions():
    apps = [
        app(1, ("applied", t(0)), ("rejected", t(10))),
        # A stage event that is not `applied` is not a job-hunt action.
        app(2, ("applied", t(1)), ("screening", t(10, hours=1))),
        app(3, ("applied", t(13))),
    ]
    stats = compute_stats(apps, now=t(20), tz=UTC)
    assert stats.bounce_back == BounceBack(3.0, 1)

    with_win = compute_stats(apps, wins=[t(10, hours=12)], now=t(20), tz=UTC)
    assert with_win.bounce_back == BounceBack(0.5, 1)

    with_reflection = compute_stats(apps, reflections_saved=[t(11)], now=t(20), tz=UTC)
    assert with_reflection.bounce_back == BounceBack(1.0, 1)

    with_action = compute_stats(apps, actions_done=[t(10, hours=6)], now=t(20), tz=UTC)
    assert with_action.bounce_back == BounceBack(0.25, 1)

    # A reflection saved at the very instant of the no does not count.
    same_instant = compute_stats(apps, reflections_saved=[t(10)], now=t(20), tz=UTC)
    assert same_instant.bounce_back == BounceBack(3.0, 1)


def test_bounce_back_measured_from_first_no_of_ghosted_then_rejected():
    apps = [
        app(1, ("applied", t(0)), ("ghosted", t(10)), ("rejected", t(12))),
        app(2, ("applied", t(11))),
    ]
    assert compute_stats(apps, now=t(20), tz=UTC).bounce_back == BounceBack(1.0, 1)


# --------------------------------------------------------------------------------------
# Funnel.
# --------------------------------------------------------------------------------------

FUNNEL_CASES = [
    pytest.param([("saved", t(0))], (0, 0, 0, 0), id="saved-only"),
    pytest.param([("applied", t(0))], (1, 0, 0, 0), id="applied"),
    pytest.param([("applied", t(0)), ("screening", t(1))], (1, 1, 0, 0), id="screening"),
    pytest.param(
        [("applied", t(0)), ("screening", t(1)), ("interviewing", t(2))],
        (1, 1, 1, 0),
        id="interviewing",
    ),
    pytest.param(
        [("applied", t(0)), ("screening", t(1)), ("interviewing", t(2)), ("rejected", t(3))],
        (1, 1, 1, 0),
        id="rejected-at-interviewing",
    ),
    pytest.param(
        [("applied", t(0)), ("interviewing", t(2)), ("rejected", t(3))],
        (1, 1, 1, 0),
        id="rejected-at-interviewing-skipping-screening",
    ),
    pytest.param(
        [("saved", t(0)), ("interviewing", t(2))], (1, 1, 1, 0), id="later-stage-implies-earlier"
    ),
    pytest.param([("applied", t(0)), ("rejected", t(3))], (1, 0, 0, 0), id="rejected-at-applied"),
    pytest.param([("applied", t(0)), ("ghosted", t(3))], (1, 0, 0, 0), id="ghosted"),
    pytest.param(
        [("applied", t(0)), ("screening", t(1)), ("withdrawn", t(3))],
        (1, 1, 0, 0),
        id="withdrawn-after-screening",
    ),
    pytest.param([("applied", t(0)), ("offer", t(3))], (1, 1, 1, 1), id="offer"),
    pytest.param(
        [("applied", t(0)), ("offer", t(3)), ("accepted", t(4))], (1, 1, 1, 1), id="accepted"
    ),
    pytest.param(
        [("applied", t(0)), ("offer", t(3)), ("declined", t(4))], (1, 1, 1, 1), id="declined"
    ),
    pytest.param([("accepted", t(4))], (1, 1, 1, 1), id="accepted-alone-reached-offer"),
    pytest.param([("declined", t(4))], (1, 1, 1, 1), id="declined-alone-reached-offer"),
    pytest.param(
        [("applied", t(0)), ("offer", t(3)), ("rejected", t(4))],
        (1, 1, 1, 1),
        id="offer-then-rejected-still-reached-offer",
    ),
    pytest.param([("rejected", t(4))], (0, 0, 0, 0), id="rejected-without-forward-stage"),
    pytest.param([], (0, 0, 0, 0), id="no-events"),
]


@pytest.mark.parametrize(("events", "expected"), FUNNEL_CASES)
def test_funnel_single_application(events, expected):
    assert funnel([app(1, *events)]) == dict(zip(FUNNEL_STAGES, expected, strict=True))


def test_funnel_sums_over_applications_and_keys_in_order():
    apps = [
        app(1, ("saved", t(0))),
        app(2, ("applied", t(0))),
        app(3, ("applied", t(0)), ("screening", t(1)), ("interviewing", t(2)), ("rejected", t(3))),
        app(4, ("applied", t(0)), ("offer", t(3)), ("accepted", t(4))),
        app(5, ("applied", t(0)), ("screening", t(1)), ("ghosted", t(9))),
    ]
    result = funnel(apps)
    assert list(result) == ["applied", "screening", "interviewing", "offer"]
    assert result == {"applied": 4, "screening": 3, "interviewing": 2, "offer": 1}
    assert funnel([]) == {"applied": 0, "screening": 0, "interviewing": 0, "offer": 0}


# --------------------------------------------------------------------------------------
# Response rate.
# --------------------------------------------------------------------------------------

RESPONSE_CASES = [
    pytest.param([], 0.0, id="no-applications-zero-denominator"),
    pytest.param([[("saved", t(0))]], 0.0, id="only-saved-zero-denominator"),
    pytest.param(
        [[("saved", t(0)), ("screening", t(1))]], 0.0, id="answer-without-applied-not-counted"
    ),
    pytest.param([[("applied", t(0))]], 0.0, id="applied-no-answer"),
    pytest.param([[("applied", t(0)), ("screening", t(1))]], 1.0, id="screening-is-answer"),
    pytest.param([[("applied", t(0)), ("interviewing", t(1))]], 1.0, id="interviewing-is-answer"),
    pytest.param([[("applied", t(0)), ("rejected", t(1))]], 1.0, id="rejected-is-answer"),
    pytest.param([[("applied", t(0)), ("offer", t(1))]], 1.0, id="offer-is-answer"),
    pytest.param([[("applied", t(0)), ("accepted", t(1))]], 1.0, id="accepted-is-answer"),
    pytest.param([[("applied", t(0)), ("declined", t(1))]], 1.0, id="declined-is-answer"),
    pytest.param([[("applied", t(0)), ("ghosted", t(1))]], 0.0, id="ghosted-not-answer"),
    pytest.param([[("applied", t(0)), ("withdrawn", t(1))]], 0.0, id="withdrawn-not-answer"),
    pytest.param(
        [[("applied", t(0)), ("ghosted", t(1)), ("withdrawn", t(2))]],
        0.0,
        id="ghosted-and-withdrawn-not-answer",
    ),
    pytest.param(
        [[("applied", t(0)), ("ghosted", t(20)), ("rejected", t(30))]],
        1.0,
        id="ghosted-then-rejected-is-answer",
    ),
    pytest.param(
        [[("screening", t(0)), ("applied", t(1))]], 0.0, id="answer-before-applied-not-counted"
    ),
    pytest.param(
        [[("applied", t(0)), ("applied", t(1))]], 0.0, id="second-applied-not-an-answer"
    ),
    pytest.param(
        [[("applied", t(0)), ("saved", t(1))]], 0.0, id="moved-back-to-saved-not-an-answer"
    ),
    pytest.param(
        [
            [("applied", t(0)), ("screening", t(1))],
            [("applied", t(0)), ("ghosted", t(1))],
            [("applied", t(0)), ("withdrawn", t(1))],
            [("applied", t(0)), ("rejected", t(1))],
            [("saved", t(0))],  # not in the denominator
            [("rejected", t(0))],  # never applied: not in the denominator
        ],
        0.5,
        id="mixed-two-of-four",
    ),
    pytest.param(
        [
            [("applied", t(0)), ("offer", t(1))],
            [("applied", t(0))],
            [("applied", t(0))],
        ],
        1 / 3,
        id="one-of-three",
    ),
]


@pytest.mark.parametrize(("histories", "expected"), RESPONSE_CASES)
def test_response_rate(histories, expected):
    apps = [app(i + 1, *events) for i, events in enumerate(histories)]
    result = response_rate(apps)
    assert isinstance(result, float)
    assert result == pytest.approx(expected)


def test_response_rate_same_instant_as_applied_ordered_by_event_id():
    same = t(0)
    after = ApplicationFacts(
        1, "A", (EventFact("applied", same, 1), EventFact("rejected", same, 2))
    )
    before = ApplicationFacts(
        2, "B", (EventFact("rejected", same, 1), EventFact("applied", same, 2))
    )
    assert response_rate([after]) == 1.0
    assert response_rate([before]) == 0.0


# --------------------------------------------------------------------------------------
# Activity streaks.
# --------------------------------------------------------------------------------------


def _days(*days: int, hour: int = 12) -> list[pendulum.DateTime]:
    """Instants at `hour` UTC on the given days of October 2026."""
    return [utc(2026, 10, d, hour) for d in days]


STREAK_CASES = [
    pytest.param([], 10, (0, 0), id="nothing"),
    pytest.param(_days(10), 10, (1, 1), id="today-only"),
    pytest.param(
        _days(10) + _days(10, hour=1) + _days(10, hour=23), 10, (1, 1),
        id="several-actions-one-day-is-one-day",
    ),
    pytest.param(_days(8, 9, 10), 10, (3, 3), id="ends-today"),
    pytest.param(_days(7, 8, 9), 10, (3, 3), id="ends-yesterday-today-empty-yet"),
    pytest.param(_days(6, 7, 8), 10, (0, 3), id="ended-two-days-ago-current-zero"),
    pytest.param(_days(1, 2, 3, 4, 8, 9, 10), 10, (3, 4), id="longest-in-the-past"),
    pytest.param(_days(1, 2, 5, 6, 7, 8, 9), 10, (5, 5), id="current-is-longest-from-yesterday"),
    pytest.param(_days(1, 3, 5, 7, 9), 10, (1, 1), id="every-other-day"),
    pytest.param(_days(9, 10, 10, 9), 10, (2, 2), id="duplicates-unordered"),
    pytest.param(
        [utc(2026, 10, 30), utc(2026, 10, 31), utc(2026, 11, 1)], None, (3, 3),
        id="across-month-end",
    ),
    pytest.param(_days(30) + [utc(2026, 11, 1)], None, (1, 1), id="gap-at-month-end"),
    pytest.param(_days(10, 11), 10, (1, 2), id="future-day-not-in-current-streak"),
]


@pytest.mark.parametrize(("instants", "today", "expected"), STREAK_CASES)
def test_activity_streaks(instants, today, expected):
    # today=None means 2026-11-01.
    today_date = date(2026, 11, 1) if today is None else date(2026, 10, today)
    assert activity_streaks(instants, today_date, UTC) == Streaks(*expected)


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        # 2026-10-01 23:30 UTC and 2026-10-02 10:00 UTC, today = 2026-10-02.
        pytest.param(UTC, Streaks(2, 2), id="utc-two-days"),
        pytest.param(BERLIN, Streaks(1, 1), id="berlin-both-on-oct-2"),  # 01:30 and 12:00
        pytest.param(LOS_ANGELES, Streaks(2, 2), id="los-angeles-two-days"),  # 16:30 and 03:00
    ],
)
def test_activity_streak_day_boundary_depends_on_zone(tz, expected):
    instants = [utc(2026, 10, 1, 23, 30), utc(2026, 10, 2, 10, 0)]
    assert activity_streaks(instants, date(2026, 10, 2), tz) == expected


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        # An action at 2026-10-02 23:30 UTC; now is 2026-10-04 08:00 UTC.
        pytest.param(UTC, Streaks(0, 1), id="utc-oct-2-is-two-days-ago"),
        pytest.param(BERLIN, Streaks(1, 1), id="berlin-oct-3-is-yesterday"),
        pytest.param(LOS_ANGELES, Streaks(0, 1), id="la-oct-2-is-two-days-ago"),
    ],
)
def test_current_streak_today_taken_from_now_in_zone(tz, expected):
    apps = [app(1, ("applied", utc(2026, 10, 2, 23, 30)))]
    stats = compute_stats(apps, now=utc(2026, 10, 4, 8, 0), tz=tz)
    assert stats.activity == expected


def test_now_late_in_utc_is_already_tomorrow_in_berlin():
    # now = 2026-10-04 23:30 UTC = Oct 5 01:30 in Berlin; activity on Oct 3 (UTC noon).
    apps = [app(1, ("applied", utc(2026, 10, 3)))]
    now = utc(2026, 10, 4, 23, 30)
    assert compute_stats(apps, now=now, tz=UTC).activity == Streaks(1, 1)  # yesterday
    assert compute_stats(apps, now=now, tz=BERLIN).activity == Streaks(0, 1)  # two days ago


def test_activity_counts_stage_events_and_every_action_kind():
    apps = [
        app(1, ("saved", utc(2026, 10, 5))),  # a stage event, not a job-hunt action
        app(2, ("screening", utc(2026, 10, 6))),
    ]
    stats = compute_stats(
        apps,
        reflections_saved=[utc(2026, 10, 7)],
        wins=[utc(2026, 10, 8)],
        actions_done=[utc(2026, 10, 9)],
        now=utc(2026, 10, 9, 18),
        tz=UTC,
    )
    assert stats.activity == Streaks(5, 5)


# --------------------------------------------------------------------------------------
# Everything at once, and the JSON document.
# --------------------------------------------------------------------------------------


def _scenario() -> list[ApplicationFacts]:
    return [
        app(1, ("applied", utc(2026, 10, 1, 9)), ("rejected", utc(2026, 10, 3, 9)),
            company="Acme"),
        app(2, ("applied", utc(2026, 10, 2, 9)), ("screening", utc(2026, 10, 4, 9)),
            ("interviewing", utc(2026, 10, 6, 9)), ("offer", utc(2026, 10, 8, 23, 30)),
            ("accepted", utc(2026, 10, 9, 9)), company="Globex"),
        app(3, ("saved", utc(2026, 10, 2, 10)), company="Initech"),
        app(4, ("applied", utc(2026, 10, 4, 9)), ("ghosted", utc(2026, 10, 20, 9)),
            company="Umbrella"),
        app(5, ("applied", utc(2026, 10, 5, 9)), ("withdrawn", utc(2026, 10, 7, 9)),
            company="Hooli"),
    ]


def test_compute_stats_scenario():
    stats = compute_stats(
        _scenario(),
        reflections_saved=[utc(2026, 10, 3, 21)],
        wins=[],
        actions_done=[utc(2026, 10, 21, 9)],
        now=utc(2026, 10, 21, 20),
        tz=UTC,
    )
    assert stats.applications == 5
    assert stats.by_stage == {
        "saved": 1, "applied": 0, "screening": 0, "interviewing": 0, "offer": 0,
        "accepted": 1, "declined": 0, "rejected": 1, "ghosted": 1, "withdrawn": 1,
    }
    assert stats.funnel == {"applied": 4, "screening": 1, "interviewing": 1, "offer": 1}
    # Applied: 1, 2, 4, 5. Answered: 1 (rejected), 2 (screening...). Not: 4 (ghosted), 5.
    assert stats.response_rate == 0.5
    # Outcomes: Acme no (Oct 3), Globex yes (Oct 8 23:30), Umbrella no (Oct 20).
    assert stats.runs == Runs((CompletedRun(1, "Globex", date(2026, 10, 8)),), 1, 1)
    # Acme: reflection 12 h later = 0.5; Umbrella: growth action 1 day later = 1.0.
    assert stats.bounce_back == BounceBack(0.75, 2)
    # Active days: Oct 1-9 (9 days), Oct 20, 21.
    assert stats.activity == Streaks(2, 9)
    assert [o.application_id for o in stats.outcomes] == [1, 2, 4]


def test_compute_stats_offer_day_in_berlin_moves_to_next_day():
    stats = compute_stats(_scenario(), now=utc(2026, 10, 21, 20), tz=BERLIN)
    assert stats.runs.completed == (CompletedRun(1, "Globex", date(2026, 10, 9)),)
    assert stats.to_json()["runs"]["completed"] == [
        {"no": 1, "company": "Globex", "day": "2026-10-09"}
    ]


def test_compute_stats_empty():
    stats = compute_stats([], now=utc(2026, 10, 21), tz=UTC)
    assert stats.to_json() == {
        "applications": 0,
        "by_stage": dict.fromkeys(STAGES, 0),
        "funnel": {"applied": 0, "screening": 0, "interviewing": 0, "offer": 0},
        "response_rate": 0.0,
        "runs": {"completed": [], "current": 0, "longest": 0},
        "bounce_back": {"median_days": None, "samples": 0},
        "activity": {"current_streak": 0, "longest_streak": 0},
    }


def test_by_stage_counts_current_stage_of_every_application():
    apps = [
        app(1, ("applied", t(0)), ("rejected", t(1)), ("interviewing", t(2))),
        app(2, ("applied", t(0))),
        app(3, ("applied", t(0)), ("offer", t(1))),
        app(4, ("applied", t(0)), ("offer", t(1)), ("declined", t(2))),
        app(5),  # no events: counted as an application, in no stage
    ]
    stats = compute_stats(apps, now=t(5), tz=UTC)
    assert stats.applications == 5
    assert list(stats.by_stage) == list(STAGES)
    assert stats.by_stage == {
        "saved": 0, "applied": 1, "screening": 0, "interviewing": 1, "offer": 1,
        "accepted": 0, "declined": 1, "rejected": 0, "ghosted": 0, "withdrawn": 0,
    }


def test_to_json_exact_keys_and_values():
    stats = compute_stats(
        _scenario(),
        reflections_saved=[utc(2026, 10, 3, 21)],
        actions_done=[utc(2026, 10, 21, 9)],
        now=utc(2026, 10, 21, 20),
        tz=UTC,
    )
    document = stats.to_json()
    assert set(document) == {
        "applications", "by_stage", "funnel", "response_rate", "runs", "bounce_back", "activity",
    }
    assert set(document["by_stage"]) == set(STAGES)
    assert set(document["funnel"]) == {"applied", "screening", "interviewing", "offer"}
    assert set(document["runs"]) == {"completed", "current", "longest"}
    assert all(set(run) == {"no", "company", "day"} for run in document["runs"]["completed"])
    assert set(document["bounce_back"]) == {"median_days", "samples"}
    assert set(document["activity"]) == {"current_streak", "longest_streak"}
    assert "outcomes" not in document
    assert document["runs"] == {
        "completed": [{"no": 1, "company": "Globex", "day": "2026-10-08"}],
        "current": 1,
        "longest": 1,
    }
    assert document["bounce_back"] == {"median_days": 0.75, "samples": 2}
    assert document["activity"] == {"current_streak": 2, "longest_streak": 9}
    # Plain JSON: it survives a round trip unchanged.
    assert json.loads(json.dumps(document)) == document


def test_to_json_copies_mappings():
    stats = Stats(
        applications=0,
        by_stage=dict.fromkeys(STAGES, 0),
        funnel=dict.fromkeys(FUNNEL_STAGES, 0),
        response_rate=0.0,
        runs=Runs((), 0, 0),
        bounce_back=BounceBack(None, 0),
        activity=Streaks(0, 0),
    )
    document = stats.to_json()
    document["by_stage"]["saved"] = 99
    document["funnel"]["applied"] = 99
    assert stats.by_stage["saved"] == 0
    assert stats.funnel["applied"] == 0


def test_instants_in_other_zones_compare_as_instants():
    # The same instants given in UTC, Berlin and a fixed offset give the same metrics.
    def shifted(zone) -> list[ApplicationFacts]:
        return [
            ApplicationFacts(a.id, a.company, tuple(
                EventFact(e.stage, e.at.astimezone(zone), e.id) for e in a.events
            ))
            for a in _scenario()
        ]

    reference = compute_stats(_scenario(), now=utc(2026, 10, 21, 20), tz=UTC).to_json()
    for zone in (BERLIN, ZoneInfo("Asia/Tokyo"), dt_timezone(timedelta(hours=-5))):
        assert compute_stats(shifted(zone), now=utc(2026, 10, 21, 20), tz=UTC).to_json() == (
            reference
        )


def test_a_no_whose_date_is_unknown_counts_in_the_runs_but_has_no_bounce_back_time():
    """PRODUCT.md, events whose date is unknown: the event counts for the stage, the outcome
    and the runs (placed at the application's latest dated instant), and is left out of
    bounce-back times and the activity streak."""
    undated = ApplicationFacts(1, "Lumen", (EventFact("applied", t(0), 100),
                                            EventFact("rejected", t(0), 101, dated=False)))
    dated = app(2, ("applied", t(1)), ("rejected", t(5)))
    later = app(3, ("applied", t(6)))
    stats = compute_stats([undated, dated, later], now=t(6, hours=1), tz=UTC)
    assert stats.by_stage["rejected"] == 2
    assert stats.runs.current == 2  # both no's count
    assert [(o.application_id, o.at, o.dated) for o in stats.outcomes] == [
        (1, t(0), False), (2, t(5), True)]
    # Only the dated no has a bounce-back time: 1 day to the next application.
    assert stats.bounce_back == BounceBack(1.0, 1)
    # The undated event adds no day of its own to the streak (it sits on a dated one's).
    summary = summarise(undated)
    assert (summary.stage_dated, summary.outcome_dated) == (False, False)
    assert (summarise(dated).stage_dated, summarise(dated).outcome_dated) == (True, True)
    lonely = ApplicationFacts(4, "Solo", (EventFact("applied", t(3), 400),
                                          EventFact("screening", t(4), 401, dated=False)))
    assert compute_stats([lonely], now=t(4), tz=UTC).activity == Streaks(1, 1)
