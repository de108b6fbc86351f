"""The agenda read straight from the file with the standard library (issue 14), for the
quick path of `bounceback agenda --line` and `--json` (`quick_agenda.py`): no ORM, no
pendulum. It says what `Store.agenda` says (tests/cli/test_quick_agenda.py compares them).
Read only; never creates the file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, time, timedelta

ACTIVE = ("saved", "applied", "screening", "interviewing", "offer")
"""domain.stages.ACTIVE_STAGES, spelled out to keep this import-free (a test checks)."""


class NotQuick(Exception):
    """The full command should answer: the file is at an older schema, or unreadable."""


def agenda(path: str, *, now: datetime, days: int) -> list[tuple]:
    """(day, at, kind, application id, company, role, title), as `Store.agenda` orders them;
    `now` is aware and local."""
    from pathlib import Path

    from ..errors import StoreOpenError
    from ..file.location import inspect_file, sqlite_uri
    from ..schema import HEAD

    try:  # the checks every open makes: whose file, whose folder, what it is
        state = inspect_file(Path(path))
    except StoreOpenError:
        raise NotQuick from None  # the full command says what is wrong
    if state.kind != "bounceback" or state.revision != HEAD:
        raise NotQuick  # new, or to be migrated first
    today = now.date()
    end_day = today + timedelta(days=days)
    start, end = _stored(_midnight(today)), _stored(_midnight(end_day))
    uri = sqlite_uri(Path(path).resolve(), read_only=True, wal_pages=state.wal_pages)
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error:
        raise NotQuick from None
    try:
        conn.execute("PRAGMA busy_timeout = 2000")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("BEGIN")
        items = []
        names: dict[int, list[str]] = {}
        for interview_id, name in conn.execute(
                "SELECT ic.interview_id, c.name FROM interview_contacts ic JOIN contacts c "
                "ON c.id = ic.contact_id JOIN interviews i ON i.id = ic.interview_id "
                "WHERE coalesce(i.starts_at, i.due_at) >= ? AND coalesce(i.starts_at, "
                "i.due_at) < ? ORDER BY c.name", (start, end)):
            names.setdefault(interview_id, []).append(name)
        for row in conn.execute(
                "SELECT i.id, i.application_id, a.company, a.role, i.kind, i.with_text, "
                "coalesce(i.starts_at, i.due_at) AS w FROM interviews i JOIN applications a "
                "ON a.id = i.application_id WHERE w >= ? AND w < ? ORDER BY w, i.id",
                (start, end)):
            interview_id, app_id, company, role, kind, with_text, when = row
            at = _instant(when)
            if kind == "take-home":
                title, what = "take-home due", "take_home"
            else:
                people = ", ".join([*names.get(interview_id, []),
                                    *([with_text] if with_text else [])])
                title, what = kind + (f" with {people}" if people else ""), "interview"
            items.append((at.date(), at, what, app_id, company, role, title))
        marks = ", ".join("?" * len(ACTIVE))
        for app_id, company, role, day_text in conn.execute(
                f"SELECT id, company, role, follow_up_on FROM applications WHERE "
                f"follow_up_on IS NOT NULL AND follow_up_on < ? AND stage IN ({marks})",
                (end_day.isoformat(), *ACTIVE)):
            day = date.fromisoformat(day_text)
            title = "follow up" + (" (overdue)" if day < today else "")
            items.append((max(day, today), None, "follow_up", app_id, company, role, title))
        for app_id, company, role, day_text in conn.execute(
                f"SELECT a.id, a.company, a.role, d.deadline_on FROM applications a JOIN "
                f"application_details d ON d.application_id = a.id WHERE d.deadline_on >= ? "
                f"AND d.deadline_on < ? AND a.stage IN ({marks})",
                (today.isoformat(), end_day.isoformat(), *ACTIVE)):
            items.append((date.fromisoformat(day_text), None, "deadline", app_id, company,
                          role, "application deadline"))
        for text, day_text in conn.execute(
                "SELECT text, due_on FROM growth_actions WHERE done_at IS NULL AND due_on IS "
                "NOT NULL AND due_on < ?", (end_day.isoformat(),)):
            items.append((max(date.fromisoformat(day_text), today), None, "action", None, "",
                          "", f"growth action: {text}"))
        conn.execute("COMMIT")
    except sqlite3.Error:
        raise NotQuick from None
    finally:
        conn.close()
    order = {"interview": 0, "take_home": 1, "deadline": 2, "follow_up": 3, "action": 4}
    return sorted(items, key=lambda i: (i[0], i[1] is None, i[1] or now, order[i[2]],
                                        i[4].casefold(), i[3] or 0))


def _midnight(day: date) -> datetime:
    """The first instant of a local day (the machine's zone, as the full command uses)."""
    return datetime.combine(day, time()).astimezone()


def _stored(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00").astimezone()


def interview_rows(raw: sqlite3.Connection, yes_stages: list[str]
                   ) -> tuple[list[tuple[str, int, int]], int]:
    """(kind, interviews, how many of them belong to an application that reached a yes) per
    kind, and how many applications had a yes (`Store.interview_figures`)."""
    marks = ", ".join("?" * len(yes_stages))
    rows = raw.execute(
        f"SELECT i.kind, count(*), total(a.furthest_stage IN ({marks})) FROM interviews i "
        "JOIN applications a ON a.id = i.application_id GROUP BY i.kind", yes_stages).fetchall()
    offers = raw.execute("SELECT count(*) FROM applications WHERE outcome = 'yes'").fetchone()[0]
    return [(kind, int(count), int(led)) for kind, count, led in rows], int(offers)
