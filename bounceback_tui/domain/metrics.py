"""The resilience metrics of PRODUCT.md ("Metrics"), as pure functions.

Nothing here reads a database or the clock: callers pass facts, an instant for "now" and
the time zone whose calendar days count. Instants are aware `datetime`s (pendulum's
DateTime is one).
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from operator import itemgetter
from typing import NamedTuple

from .stages import ANSWER_STAGES, FORWARD_RANK, STAGES, furthest_stage, outcome_class

FUNNEL_STAGES = ("applied", "screening", "interviewing", "offer")
_event_order = itemgetter(1, 2)  # (at, id) of an EventFact


class EventFact(NamedTuple):
    """One stage event: the stage, when, and its id (which breaks ties in time).

    A NamedTuple, not a dataclass: stats build one per event, tens of thousands at a time.
    """

    stage: str
    at: datetime
    id: int = 0
    dated: bool = True
    """False when the date is unknown (an import gave the stage, not when): `at` is then the
    application's latest dated instant, which places it in the history and the runs."""


@dataclass(eq=False)
class ApplicationFacts:
    """What the metrics need to know about one application. (Not frozen: stats build ten
    thousand of these, and a frozen dataclass's `__init__` is several times slower.)"""

    id: int
    company: str
    events: tuple[EventFact, ...]
    """Kept in order: by instant, ties by event id (sorted on creation)."""

    def __post_init__(self) -> None:
        self.events = tuple(sorted(self.events, key=_event_order))

    @property
    def history(self) -> tuple[EventFact, ...]:
        """Events in order: by instant, ties by event id."""
        return self.events

    @property
    def current_stage(self) -> str | None:
        """The latest event's stage."""
        history = self.history
        return history[-1].stage if history else None


class Outcome(NamedTuple):
    """An application's outcome: its class ("no"/"yes") and the instant it first happened."""

    application_id: int
    company: str
    kind: str
    at: datetime
    dated: bool = True
    """False when the outcome's date is unknown: placed in the runs at `at`, left out of
    bounce-back times."""


class CompletedRun(NamedTuple):
    """The no's between one yes and the one before it (or the start)."""

    no: int
    company: str
    day: date


class Runs(NamedTuple):
    """Rejection-to-offer runs."""

    completed: tuple[CompletedRun, ...]
    current: int
    longest: int


class BounceBack(NamedTuple):
    """Median days from a no to the next job-hunt action, over the no's that have one."""

    median_days: float | None
    samples: int


class Streaks(NamedTuple):
    """Consecutive active days."""

    current: int
    longest: int


@dataclass(frozen=True)
class Stats:
    """Everything `bounceback stats` reports."""

    applications: int
    by_stage: dict[str, int]
    funnel: dict[str, int]
    response_rate: float
    runs: Runs
    bounce_back: BounceBack
    activity: Streaks
    outcomes: tuple[Outcome, ...] = field(default=(), repr=False)

    def to_json(self) -> dict[str, object]:
        """The JSON document of `bounceback stats --json` (exactly its keys)."""
        return {
            "applications": self.applications,
            "by_stage": dict(self.by_stage),
            "funnel": dict(self.funnel),
            "response_rate": self.response_rate,
            "runs": {
                "completed": [
                    {"no": r.no, "company": r.company, "day": r.day.isoformat()}
                    for r in self.runs.completed
                ],
                "current": self.runs.current,
                "longest": self.runs.longest,
            },
            "bounce_back": {
                "median_days": self.bounce_back.median_days,
                "samples": self.bounce_back.samples,
            },
            "activity": {
                "current_streak": self.activity.current,
                "longest_streak": self.activity.longest,
            },
        }


def outcome_of(app: ApplicationFacts) -> Outcome | None:
    """The outcome of an application, from its *current* stage's class.

    Its instant is the first event whose stage is in that class.
    """
    history = app.history
    if not history:
        return None
    kind = outcome_class(history[-1].stage)
    if kind is None:
        return None
    first = next(e for e in history if outcome_class(e.stage) == kind)
    return Outcome(app.id, app.company, kind, first.at, first.dated)


def outcomes(apps: Iterable[ApplicationFacts]) -> list[Outcome]:
    """Every outcome, ordered by instant (ties: application id)."""
    return order_outcomes(o for o in map(outcome_of, apps) if o is not None)


def order_outcomes(found: Iterable[Outcome]) -> list[Outcome]:
    """Outcomes ordered by instant, ties by application id."""
    return sorted(found, key=lambda o: (o.at, o.application_id))


def furthest_stage_of(app: ApplicationFacts) -> str | None:
    """The furthest forward-path stage in an application's history (accepted and declined
    are past offer), or None."""
    return furthest_stage([event.stage for event in app.history])


def responded(app: ApplicationFacts) -> bool:
    """Whether the company answered: an event after the first `applied` one whose stage is an
    answer (screening, interviewing, offer, accepted, declined, rejected)."""
    seen_applied = False
    for event in app.history:
        if seen_applied and event.stage in ANSWER_STAGES:
            return True
        if event.stage == "applied":
            seen_applied = True
    return False


class ApplicationSummary(NamedTuple):
    """What the aggregate metrics need from one application, computed from its history.

    The store keeps these on each application's row (rewritten with every event change),
    so `stats` at 10,000 applications reads one row per application instead of every event.
    """

    id: int
    company: str
    stage: str | None
    outcome: str | None
    outcome_at: datetime | None
    furthest_stage: str | None
    applied: bool
    responded: bool
    stage_dated: bool = True
    """Whether the current stage's event is dated (an undated one gets no quiet marker)."""
    outcome_dated: bool = True
    """Whether the outcome's event is dated."""


def summarise(app: ApplicationFacts) -> ApplicationSummary:
    """One application's summary, from its history."""
    outcome = outcome_of(app)
    return ApplicationSummary(
        id=app.id,
        company=app.company,
        stage=app.current_stage,
        outcome=outcome.kind if outcome else None,
        outcome_at=outcome.at if outcome else None,
        furthest_stage=furthest_stage_of(app),
        applied=any(e.stage == "applied" for e in app.events),
        responded=responded(app),
        stage_dated=app.history[-1].dated if app.history else True,
        outcome_dated=outcome.dated if outcome else True,
    )


def rejection_runs(ordered_outcomes: Sequence[Outcome], tz: tzinfo) -> Runs:
    """Cut the ordered outcomes at each yes: the no's before each, and the no's since the last."""
    completed: list[CompletedRun] = []
    count = 0
    for outcome in ordered_outcomes:
        if outcome.kind == "no":
            count += 1
        else:
            completed.append(CompletedRun(count, outcome.company, outcome.at.astimezone(tz).date()))
            count = 0
    longest = max([run.no for run in completed] + [count])
    return Runs(tuple(completed), count, longest)


def job_hunt_action_instants(
    apps: Iterable[ApplicationFacts],
    reflections_saved: Iterable[datetime] = (),
    wins: Iterable[datetime] = (),
    actions_done: Iterable[datetime] = (),
) -> list[datetime]:
    """Instants of job-hunt actions, sorted: `applied` events of any application, saved
    reflections, logged wins and completed growth actions."""
    instants = [e.at for app in apps for e in app.events if e.stage == "applied" and e.dated]
    instants.extend(reflections_saved)
    instants.extend(wins)
    instants.extend(actions_done)
    instants.sort()
    return instants


def bounce_back(ordered_outcomes: Sequence[Outcome], action_instants: Sequence[datetime]) -> BounceBack:
    """Median fractional days from each no to the first job-hunt action strictly after it.

    `action_instants` must be sorted.
    """
    days: list[float] = []
    for outcome in ordered_outcomes:
        if outcome.kind != "no" or not outcome.dated:
            continue  # a no whose date is unknown has no time to bounce back in
        i = bisect.bisect_right(action_instants, outcome.at)
        if i < len(action_instants):
            # Subtract in UTC: two stdlib datetimes sharing a tzinfo subtract wall clocks,
            # which is off by the DST shift when one lies across a change.
            after = action_instants[i].astimezone(UTC)
            elapsed = after - outcome.at.astimezone(UTC)
            days.append(elapsed.total_seconds() / 86400)
    if not days:
        return BounceBack(None, 0)
    return BounceBack(statistics.median(days), len(days))


def funnel(apps: Iterable[ApplicationFacts]) -> dict[str, int]:
    """For applied, screening, interviewing and offer: applications that reached that stage
    or a later one on the forward path."""
    return funnel_of(map(furthest_stage_of, apps))


def funnel_of(furthest_stages: Iterable[str | None]) -> dict[str, int]:
    """The funnel, from each application's furthest forward-path stage."""
    counts = dict.fromkeys(FUNNEL_STAGES, 0)
    for stage in furthest_stages:
        if stage is None:
            continue
        furthest = FORWARD_RANK[stage]
        for name in FUNNEL_STAGES:
            if furthest >= FORWARD_RANK[name]:
                counts[name] += 1
    return counts


def response_rate(apps: Iterable[ApplicationFacts]) -> float:
    """Applications with an answer after `applied` / applications with an `applied` event."""
    return response_rate_of(map(summarise, apps))


def response_rate_of(summaries: Iterable[ApplicationSummary]) -> float:
    """The response rate, from application summaries."""
    applied = answered = 0
    for summary in summaries:
        if summary.applied:
            applied += 1
            answered += summary.responded
    return answered / applied if applied else 0.0


def activity_streaks(instants: Iterable[datetime], today: date, tz: tzinfo) -> Streaks:
    """Current and longest runs of consecutive active days (local days in `tz`).

    The current streak ends today, or yesterday when today has no activity yet.
    """
    days = sorted({instant.astimezone(tz).date() for instant in instants})
    longest = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    active = set(days)
    end = today if today in active else today - timedelta(days=1)
    current = 0
    while end in active:
        current += 1
        end -= timedelta(days=1)
    return Streaks(current, longest)


def compute_stats(
    apps: Sequence[ApplicationFacts],
    *,
    reflections_saved: Sequence[datetime] = (),
    wins: Sequence[datetime] = (),
    actions_done: Sequence[datetime] = (),
    now: datetime,
    tz: tzinfo,
) -> Stats:
    """All the metrics at once, from every application's full history."""
    actions = job_hunt_action_instants(apps, reflections_saved, wins, actions_done)
    return stats_from_summaries(
        [summarise(app) for app in apps],
        action_instants=actions,
        activity=[e.at for app in apps for e in app.events if e.dated] + actions,
        now=now,
        tz=tz,
    )


def stats_from_summaries(
    summaries: Sequence[ApplicationSummary],
    *,
    action_instants: Sequence[datetime],
    activity: Iterable[datetime],
    now: datetime,
    tz: tzinfo,
) -> Stats:
    """All the metrics, from application summaries.

    `action_instants` are the job-hunt actions, sorted (see `job_hunt_action_instants`).
    `activity` are instants whose local days count as active: every stage event and action,
    or fewer instants that cover the same local days.
    """
    by_stage = dict.fromkeys(STAGES, 0)
    for summary in summaries:
        if summary.stage is not None:
            by_stage[summary.stage] += 1
    ordered = order_outcomes(
        Outcome(s.id, s.company, s.outcome, s.outcome_at, s.outcome_dated)
        for s in summaries
        if s.outcome is not None and s.outcome_at is not None
    )
    return Stats(
        applications=len(summaries),
        by_stage=by_stage,
        funnel=funnel_of(s.furthest_stage for s in summaries),
        response_rate=response_rate_of(summaries),
        runs=rejection_runs(ordered, tz),
        bounce_back=bounce_back(ordered, action_instants),
        activity=activity_streaks(activity, now.astimezone(tz).date(), tz),
        outcomes=tuple(ordered),
    )
