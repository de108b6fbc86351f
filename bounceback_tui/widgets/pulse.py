"""The header line: BounceBack, today's date, and the pulse of the hunt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from ..domain.metrics import Stats
    from ..store.queries.live import NextInterview, PulseFacts


@dataclass(frozen=True)
class Pulse:
    """The numbers the header shows (from the stats functions)."""

    follow_ups_due: int
    current_run: int
    has_yes: bool
    streak: int
    gentle: bool = False
    """Gentle mode: the count of no's is left out; the streak comes first."""
    next_interview: str = ""
    """"Acme · technical · tomorrow 10:00" (issue 14), or empty."""
    started: bool = True
    """Whether the hunt holds any application (before: the header says what to do first)."""

    @classmethod
    def from_facts(cls, facts: PulseFacts, *, gentle: bool, now: Any = None) -> Pulse:
        """The header's numbers as the store's `pulse_facts` reads them."""
        return cls(follow_ups_due=facts.follow_ups_due, current_run=facts.current_run,
                   has_yes=facts.has_yes, streak=facts.streak, gentle=gentle,
                   next_interview=interview_label(facts.next_interview, now),
                   started=facts.started)


def interview_label(interview: NextInterview | None, now: Any) -> str:
    """"Acme · technical · tomorrow 10:00", the day said the short way while it is near."""
    from ..domain.user_text import visible

    if interview is None or now is None:
        return ""
    local = interview.starts_at.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    day = ("today" if days == 0 else "tomorrow" if days == 1 else
           f"{local:%a}" if days < 7 else f"{local:%-d %b}")
    return f"{visible(interview.company)} · {interview.kind} · {day} {local:%H:%M}"


class PulseHeader(Static):
    """`BounceBack · Thu 26 Nov · 2 follow-ups due · 3 no's since the last yes · 5-day streak`.

    A number is shown only when it says something (docs/voice.md): never a zero, never an
    absence ("no activity", "streak 0"); a new hunt's header says what to do first."""

    def __init__(self, *, id: str | None = None, add_key: str = "a") -> None:
        super().__init__("", id=id, markup=False)
        self._date = ""
        self._pulse: Pulse | None = None
        self.add_key = add_key
        """The key that adds an application (config.toml may have moved it)."""
        self._synced_at: str | None = None
        self._sync_problem: str | None = None

    @property
    def syncs(self) -> bool:
        """Whether an exchange with other machines has been shown (this hunt syncs)."""
        return self._synced_at is not None or self._sync_problem is not None

    @property
    def sync_problem(self) -> str | None:
        return self._sync_problem

    def show_sync(self, *, at: str | None, problem: str | None) -> None:
        """The last exchange with the other machines (ISO instant), or what went wrong."""
        if at is not None:
            self._synced_at = at
        self._sync_problem = problem
        if not getattr(self, "_sync_ticking", False):  # "synced 2 min ago" moves on
            self._sync_ticking = True
            self.set_interval(30, lambda: self.update(self._render_line(), layout=False))
        self.update(self._render_line(), layout=False)

    def sync_text(self, *, compact: bool) -> tuple[str, str] | None:
        """`synced 2 min ago`, or `sync: <problem>`; None when this hunt does not sync."""
        if self._sync_problem:
            return (f"sync: {self._sync_problem}" if not compact else "sync stopped",
                    "bold")
        if self._synced_at is None:
            return None
        from datetime import UTC, datetime

        try:
            seconds = (datetime.now(UTC) - datetime.fromisoformat(self._synced_at)
                       ).total_seconds()
        except ValueError:
            return None
        ago = ("just now" if seconds < 60 else f"{int(seconds // 60)} min ago"
               if seconds < 3600 else f"{int(seconds // 3600)} h ago")
        return (f"synced {ago}", "dim")

    def show(self, *, date_text: str | None = None, pulse: Pulse | None = None) -> None:
        """Update the date and (when known) the pulse."""
        if ((date_text is None or date_text == self._date)
                and (pulse is None or pulse == self._pulse)):
            return  # nothing new: no repaint (the dashboard asks after every change)
        if date_text is not None:
            self._date = date_text
        if pulse is not None:
            self._pulse = pulse
        self.update(self._render_line(), layout=False)  # one line, always (app.tcss)

    def read_pulse(self, *, gentle: bool, stats: Stats | None = None, now: Any = None) -> None:
        """Read the header's numbers (in a worker, through the store bridge) and show them:
        from `stats` when a chart's read brought them, else from `Store.pulse_facts`."""
        from ..store_bridge import bridge_of

        bridge = bridge_of(self)

        def read() -> None:
            store = bridge.store
            if store is None:
                return
            at = now if now is not None else bridge.now()
            if stats is None:  # the same numbers as every metric's, for much less
                pulse = Pulse.from_facts(store.pulse_facts(now=at), gentle=gentle, now=at)
            else:
                pulse = Pulse(follow_ups_due=store.follow_ups_due(at.date()),
                              current_run=stats.runs.current,
                              has_yes=bool(stats.runs.completed),
                              streak=stats.activity.current, gentle=gentle,
                              next_interview=interview_label(store.next_interview(at), at),
                              started=bool(stats.applications))
            self.app.call_from_thread(self.show, pulse=pulse)

        self.run_worker(read, thread=True, exclusive=True, group="pulse")

    def on_resize(self) -> None:
        self.update(self._render_line())

    def _render_line(self) -> Text:
        full = self._compose_line(compact=False)
        if full.cell_len <= self.size.width or not self.size.width:
            return full
        short = self._compose_line(compact=True)  # a narrow terminal: the same, in short
        if short.cell_len <= self.size.width:
            return short
        sync = bool(self._sync_problem)  # all is well with sync: it goes unsaid first
        for keep in range(8, 0, -1):  # then the last parts, whole, not cut in half
            line = self._compose_line(compact=True, sync=sync, keep=keep)
            if line.cell_len <= self.size.width:
                return line
        return line

    def _compose_line(self, *, compact: bool, sync: bool = True, keep: int = 8) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(" BounceBack ", style="bold")
        line.append("· ", style="dim")
        line.append(self._date.rsplit(" ", 1)[0] if compact else self._date)
        pulse = self._pulse
        if pulse is None:
            line.append("  ·  opening your hunt…", style="dim")
            return line
        if not pulse.started:
            line.append(" · " if compact else "  ·  ", style="dim")
            line.append(f"{self.add_key}: add your first application" if compact else
                        f"press {self.add_key} to add your first application", style="bold")
            return line
        parts = []
        if pulse.next_interview:
            parts.append((pulse.next_interview if not compact else
                           pulse.next_interview.replace(" · ", " "), "bold"))
        if pulse.follow_ups_due:
            noun = "follow-up" if pulse.follow_ups_due == 1 else "follow-ups"
            parts.append((f"{pulse.follow_ups_due} {'due' if compact else noun + ' due'}",
                          "bold"))
        streak = [(f"{pulse.streak}-day streak", "")] if pulse.streak else []
        if pulse.gentle:
            parts[:0] = streak
            parts.append(("gentle mode", "dim"))
        else:
            if pulse.current_run:
                nos = "no" if pulse.current_run == 1 else "no's"
                since = ("since a yes" if compact else "since the last yes") if pulse.has_yes \
                    else "so far"
                parts.append((f"{pulse.current_run} {nos} {since}", ""))
            parts.extend(streak)
        synced = self.sync_text(compact=compact) if sync else None
        if synced is not None and compact and self._sync_problem:
            parts.insert(0, synced)  # short of room, a stopped sync is said first
        elif synced is not None:
            parts.append(synced)
        separator = " · " if compact else "  ·  "
        for text, style in parts[:keep]:
            line.append(separator, style="dim")
            line.append(text, style=style)
        return line
