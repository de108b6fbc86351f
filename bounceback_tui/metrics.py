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
from datetime import date, datetime, timedelta, timezone, tzinfo

from .stages import ANSWER_STAGES, FORWARD_RANK, STAGES, outcome_class

FUNNEL_STAGES = ("applied", "screening", "interviewing", "offer")


@dataclass(frozen=True)
class EventFact:
    """One stage event: the stage, when, and its id (which breaks ties in time)."""

    stage: str
    at: datetime
    id: int = 0


@dataclass(frozen=True)
class ApplicationFacts:
    """What the metrics need to know about one application."""

    id: int
    company: str
    events: tuple[EventFact, ...]

    @property
    def history(self) -> list[EventFact]:
        """Events in order: by instant, ties by event id."""
        return sorted(self.events, key=lambda e: (e.at, e.id))

    @property
    def current_stage(self) -> str | None:
        """The latest event's stage."""
        history = self.history
        return history[-1].stage if history else None


@dataclass(frozen=True)
class Outcome:
    """An application's outcome: its class ("no"/"yes") and the instant it first happened."""

    application_id: int
    company: str
    kind: str
    at: datetime


@dataclass(frozen=True)
class CompletedRun:
    """The no's between one yes and the one before it (or the start)."""

    no: int
    company: str
    day: date


@dataclass(frozen=True)
class Runs:
    """Rejection-to-offer runs."""

    completed: tuple[CompletedRun, ...]
    current: int
    longest: int


@dataclass(frozen=True)
class BounceBack:
    """Median days from a no to the next job-hunt action, over the no's that have one."""

    median_days: float | None
    samples: int


@dataclass(frozen=True)
class Streaks:
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
    return Outcome(app.id, app.company, kind, first.at)


def outcomes(apps: Iterable[ApplicationFacts]) -> list[Outcome]:
    """Every outcome, ordered by instant (ties: application id)."""
    found = [o for o in map(outcome_of, apps) if o is not None]
    found.sort(key=lambda o: (o.at, o.application_id))
    return found


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
    instants = [e.at for app in apps for e in app.events if e.stage == "applied"]
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
        if outcome.kind != "no":
            continue
        i = bisect.bisect_right(action_instants, outcome.at)
        if i < len(action_instants):
            # Subtract in UTC: two stdlib datetimes sharing a tzinfo subtract wall clocks,
            # which is off by the DST shift when one lies across a change.
            after = action_instants[i].astimezone(timezone.utc)
            elapsed = after - outcome.at.astimezone(timezone.utc)
            days.append(elapsed.total_seconds() / 86400)
    if not days:
        return BounceBack(None, 0)
    return BounceBack(statistics.median(days), len(days))


def funnel(apps: Iterable[ApplicationFacts]) -> dict[str, int]:
    """For applied, screening, interviewing and offer: applications that reached that stage
    or a later one on the forward path."""
    counts = dict.fromkeys(FUNNEL_STAGES, 0)
    for app in apps:
        ranks = [FORWARD_RANK[e.stage] for e in app.events if e.stage in FORWARD_RANK]
        if not ranks:
            continue
        furthest = max(ranks)
        for stage in FUNNEL_STAGES:
            if furthest >= FORWARD_RANK[stage]:
                counts[stage] += 1
    return counts


def response_rate(apps: Iterable[ApplicationFacts]) -> float:
    """Applications with an answer after `applied` / applications with an `applied` event."""
    applied = answered = 0
    for app in apps:
        history = app.history
        first_applied = next((i for i, e in enumerate(history) if e.stage == "applied"), None)
        if first_applied is None:
            continue
        applied += 1
        if any(e.stage in ANSWER_STAGES for e in history[first_applied + 1 :]):
            answered += 1
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
    """All the metrics at once, from plain facts."""
    by_stage = dict.fromkeys(STAGES, 0)
    for app in apps:
        stage = app.current_stage
        if stage is not None:
            by_stage[stage] += 1
    ordered = outcomes(apps)
    actions = job_hunt_action_instants(apps, reflections_saved, wins, actions_done)
    activity_instants = [e.at for app in apps for e in app.events] + actions
    return Stats(
        applications=len(apps),
        by_stage=by_stage,
        funnel=funnel(apps),
        response_rate=response_rate(apps),
        runs=rejection_runs(ordered, tz),
        bounce_back=bounce_back(ordered, actions),
        activity=activity_streaks(activity_instants, now.astimezone(tz).date(), tz),
        outcomes=tuple(ordered),
    )
