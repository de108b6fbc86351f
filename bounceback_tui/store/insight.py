"""What the history adds up to: what the dashboard recalls (a company's earlier no's, the
header's numbers, the journal's mark), every metric of PRODUCT.md, the timeline's pages,
the charts' data and the offer story. A part of `Store` (it inherits `InsightStore`);
reads only, each in one read transaction."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from ..domain.stages import ACTIVE_STAGES
from .errors import InvalidInput
from .models import Application
from .records import PastOutcome
from .types import to_stored
from .values import aware, parse_stored, utc_now

if TYPE_CHECKING:
    from sqlmodel import Session

    from ..domain.metrics import ApplicationSummary, Stats
    from ..domain.rejection_patterns import RejectionPatterns
    from .queries.live import NextInterview, PulseFacts, StreakMemo
    from .queries.timeline import ChartData, OfferStory, TimelineItem


class InsightStore:
    """The reading part of `Store` (which provides `_read`, `_application` and the streak
    memo)."""

    _streak_memo: StreakMemo | None

    if TYPE_CHECKING:
        def _read(self) -> AbstractContextManager[Session]: ...
        def _application(self, session: Session, application_id: int) -> Application: ...

    # --- what the dashboard recalls -------------------------------------------------------

    def company_history(
        self, company: str, *, exclude_id: int | None = None
    ) -> list[PastOutcome]:
        """Earlier "no"s from the same company (name compared ignoring case and surrounding
        spaces), newest first: what the dashboard recalls when you apply there again."""
        table = Application.__table__
        query = (
            select(table.c.id, table.c.company, table.c.role, table.c.stage,
                   table.c.outcome_at, table.c.furthest_stage)
            .where(func.bb_fold(func.trim(table.c.company)) == company.strip().casefold(),
                   table.c.outcome == "no")
            .order_by(table.c.outcome_at.desc())
        )
        if exclude_id is not None:
            query = query.where(table.c.id != exclude_id)
        with self._read() as session:
            return [PastOutcome(*row) for row in session.execute(query).all()]

    def rejection_patterns(self) -> RejectionPatterns:
        """Past no's by furthest stage, source and recurring role words (reflection step 6)."""
        from ..domain.rejection_patterns import rejection_patterns

        table = Application.__table__
        query = (
            select(table.c.furthest_stage, table.c.source, table.c.role)
            .where(table.c.outcome == "no")
            .order_by(table.c.outcome_at, table.c.id)
        )
        with self._read() as session:
            rows = session.execute(query).all()
        return rejection_patterns((furthest, source, role) for furthest, source, role in rows)

    def companies(self) -> list[str]:
        """Every company name, most recently active first, each once."""
        table = Application.__table__
        query = (select(table.c.company, func.max(table.c.last_activity_at).label("last"))
                 .group_by(table.c.company).order_by(func.max(table.c.last_activity_at).desc()))
        with self._read() as session:
            return [company for company, _ in session.execute(query).all()]

    def follow_ups_due(self, today: date) -> int:
        """Active applications whose follow-up day is today or earlier."""
        table = Application.__table__
        query = select(func.count()).select_from(table).where(
            table.c.follow_up_on.is_not(None), table.c.follow_up_on <= today,
            table.c.stage.in_(sorted(ACTIVE_STAGES)))
        with self._read() as session:
            return int(session.execute(query).scalar_one())

    def next_interview(self, now: datetime) -> NextInterview | None:
        """The first interview starting at `now` or later (the header names it)."""
        from .queries.live import next_interview

        with self._read() as session:
            return next_interview(session.connection().connection.driver_connection,
                                  aware(now, "now"))

    def pulse_facts(self, *, now: datetime | None = None, tz: tzinfo | None = None
                    ) -> PulseFacts:
        """The dashboard header's numbers (follow-ups due, no's since the last yes, whether
        there was a yes, the current streak): what `stats` and `follow_ups_due` say, read in
        a few milliseconds instead of computing every metric."""
        from ..domain.dates import local_zone
        from .queries.live import StreakMemo, pulse_facts

        if self._streak_memo is None:
            self._streak_memo = StreakMemo()
        with self._read() as session:
            raw = session.connection().connection.driver_connection
            return pulse_facts(raw, now=now or utc_now(), tz=tz or local_zone(),
                               memo=self._streak_memo)

    def journal_mark(self, labelled: Iterable[int] = ()) -> tuple[Any, ...]:
        """A value that differs whenever the journal (reflections, wins, growth actions, and
        the `labelled` applications whose names it shows) can have changed: one cheap read,
        so a change elsewhere re-reads the journal only when it can have touched it."""
        from .queries.live import journal_mark

        with self._read() as session:
            return journal_mark(session.connection().connection.driver_connection, labelled)

    # --- metrics, timeline, charts ------------------------------------------------------

    def stats(self, *, now: datetime | None = None, tz: tzinfo | None = None) -> Stats:
        """Every metric of PRODUCT.md, computed from the whole history."""
        from ..domain.dates import local_zone
        from ..domain.metrics import stats_from_summaries

        with self._read() as session:
            # One read transaction, straight through the driver (see `read_stat_facts`).
            raw = session.connection().connection.driver_connection
            current = now or utc_now()
            summaries, actions, activity = read_stat_facts(raw, current)
        return stats_from_summaries(
            summaries,
            action_instants=actions,
            activity=activity,
            now=current,
            tz=tz or local_zone(),
        )

    def timeline(
        self,
        *,
        since: datetime | None = None,
        before: tuple[str, int, int] | None = None,
        limit: int = 200,
        now: datetime | None = None,
    ) -> list[TimelineItem]:
        """One page of everything that happened, newest first: stage events, saved
        reflections, wins and completed actions (and, given `now`, the interviews held by
        then). Pass the last item's `key` as `before` for the next page; `since` keeps items
        at or after that instant."""
        from .queries.timeline import timeline_page

        if since is not None:
            aware(since, "since")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise InvalidInput("limit must be a whole number, 1 or more")
        with self._read() as session:
            raw = session.connection().connection.driver_connection
            try:
                return timeline_page(raw, since=since, before=before, limit=limit,
                                     now=None if now is None else aware(now, "now"))
            except ValueError as exc:
                raise InvalidInput(str(exc)) from None

    def chart_data(
        self, *, now: datetime | None = None, tz: tzinfo | None = None, since_day: date
    ) -> ChartData:
        """What the charts draw (outcome marks, bounce-back times, job-hunt actions per local
        day from `since_day`) and the stats, all from one read."""
        from ..domain.dates import local_zone
        from ..domain.metrics import stats_from_summaries
        from .queries.timeline import chart_data_from

        zone = tz or local_zone()
        with self._read() as session:
            raw = session.connection().connection.driver_connection
            current = now or utc_now()
            summaries, actions, activity = read_stat_facts(raw, current)
        stats = stats_from_summaries(summaries, action_instants=actions, activity=activity,
                                     now=current, tz=zone)
        return chart_data_from(summaries, actions, stats, tz=zone, since_day=since_day)

    def offer_story(
        self, application_id: int | None = None, *, tz: tzinfo | None = None
    ) -> OfferStory | None:
        """The run of no's that ended at an offer (the latest yes by default), with what the
        saved reflections about them taught. None when that application's outcome is not a
        yes, or there is no yes yet; NotFound for an unknown application."""
        from ..domain.dates import local_zone
        from .queries.timeline import offer_story

        zone = tz or local_zone()
        with self._read() as session:
            if application_id is not None:
                self._application(session, application_id)
            raw = session.connection().connection.driver_connection
            return offer_story(raw, application_id, tz=zone)


def _instants(raw: Any, sql: str) -> list[datetime]:
    return [parse_stored(value) for (value,) in raw.execute(sql).fetchall()]


def read_stat_facts(
    raw: Any, now: datetime,
) -> tuple[list[ApplicationSummary], list[datetime], list[datetime]]:
    """What the stats are computed from, read through the driver connection `raw` (inside a
    read transaction): one summary per application (its summary columns), the job-hunt
    action instants (sorted), and instants covering every active local day. An interview
    held (started by `now`) is a job-hunt action too."""
    from ..domain.metrics import ApplicationSummary, job_hunt_action_instants

    summaries = [
        ApplicationSummary(app_id, company, stage, outcome,
                           parse_stored(outcome_at) if outcome_at else None,
                           furthest, bool(applied), bool(answered), bool(stage_dated),
                           bool(outcome_dated))
        for (app_id, company, stage, outcome, outcome_at, furthest, applied, answered,
             stage_dated, outcome_dated)
        in raw.execute(
            "SELECT id, company, stage, outcome, outcome_at, furthest_stage, "
            "applied_at IS NOT NULL, responded, stage_dated, outcome_dated FROM applications"
        ).fetchall()
    ]
    applied = _instants(raw, "SELECT at FROM stage_events WHERE stage = 'applied' AND dated")
    reflections = _instants(raw, "SELECT saved_at FROM reflections "
                                 "WHERE status = 'saved' AND saved_at IS NOT NULL")
    wins = _instants(raw, "SELECT at FROM wins")
    done = _instants(raw, "SELECT done_at FROM growth_actions WHERE done_at IS NOT NULL")
    held = to_stored(now)
    done += [parse_stored(row[0]) for row in raw.execute(
        "SELECT starts_at FROM interviews WHERE starts_at <= ?", (held,))]
    # The local days with activity are the local days of each UTC day's first and last
    # instant (a UTC day spans at most two local days, in order): ~2 per day, not all.
    # An event whose date is unknown sits at an instant of a dated event of its application
    # (the latest): it adds no day, so the index on instants alone answers.
    activity = [
        parse_stored(value)
        for pair in raw.execute(
            "SELECT min(at), max(at) FROM ("
            " SELECT at FROM stage_events"
            " UNION ALL SELECT saved_at FROM reflections"
            "  WHERE status = 'saved' AND saved_at IS NOT NULL"
            " UNION ALL SELECT at FROM wins"
            " UNION ALL SELECT done_at FROM growth_actions WHERE done_at IS NOT NULL"
            " UNION ALL SELECT starts_at FROM interviews WHERE starts_at <= ?"
            ") GROUP BY substr(at, 1, 10)", (held,)
        ).fetchall()
        for value in pair
    ]
    return summaries, job_hunt_action_instants((), applied + reflections, wins, done), activity

