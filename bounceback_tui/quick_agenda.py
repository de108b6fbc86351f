"""`bounceback agenda --line` and `--json` without the command-line parser, the ORM or
pendulum (issue 14): a status bar runs it every few seconds. It reads the file read-only with
the standard library and says the same as `Store.agenda` (a test compares them). Anything it
cannot settle - a file at an older schema, a refusal to explain, an option it does not know -
goes to the full command instead, which explains or migrates; a missing file prints nothing
(an empty line, or `[]`) and creates nothing."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .store.queries.agenda import NotQuick, agenda

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["NotQuick", "agenda_line", "parse", "run"]


def parse(argv: Sequence[str]) -> tuple[str | None, str, int] | None:
    """(--db value, "line" or "json", days) for `[--db P] agenda (--line|--json) [--days N]`,
    else None."""
    args = list(argv)
    db = None
    if len(args) >= 2 and args[0] == "--db":
        db, args = args[1], args[2:]
    elif args and args[0].startswith("--db="):
        db, args = args[0][len("--db="):], args[1:]
    if not args or args[0] != "agenda" or (db is not None and not db):
        return None
    mode, days, rest = None, 14, args[1:]
    while rest:
        word = rest.pop(0)
        if word in ("--line", "--json") and mode is None:
            mode = word[2:]
        elif word == "--days" and rest and rest[0].isdigit() and 1 <= int(rest[0]) <= 366:
            days = int(rest.pop(0))
        else:
            return None
    return (db, mode, days) if mode else None


def run(db: str | None, mode: str, days: int) -> int:
    path = _db_path(db)
    if not os.path.exists(path):
        sys.stdout.write("" if mode == "line" else "[]\n")
        return 0
    now = datetime.now(UTC).astimezone()
    items = agenda(path, now=now, days=2 if mode == "line" else days)
    if mode == "line":
        line = agenda_line(items, now)
        sys.stdout.write(line + "\n" if line else "")
    else:
        sys.stdout.write(json.dumps([{
            "kind": kind, "at": at.astimezone().isoformat() if at else None,
            "day": day.isoformat(), "application_id": app_id, "company": company,
            "role": role, "title": title,
        } for day, at, kind, app_id, company, role, title in items],
            ensure_ascii=False, indent=1) + "\n")
    return 0


def _db_path(db: str | None) -> str:
    if db:
        return os.path.expanduser(db)
    from_env = os.environ.get("BOUNCEBACK_DB", "").strip()
    if from_env:
        return os.path.expanduser(from_env)
    from .paths import default_db_path

    return str(default_db_path())


def agenda_line(items: list[tuple], now: datetime) -> str:
    """The same line as `cli_plan.agenda_line`."""
    from .domain.user_text import visible

    parts = []
    timed = [i for i in items if i[1] is not None and 0 <= (i[1] - now).total_seconds() < 86400]
    if timed:
        _day, at, kind, _id, company, _role, title = timed[0]
        minutes = int((at - now).total_seconds() // 60)
        soon = f"in {minutes} min" if minutes < 60 else f"in {minutes // 60}h"
        what = "take-home due" if kind == "take_home" else title.split(" with ")[0]
        parts.append(f"{visible(company)} {what} {soon}")
    today = [i for i in items if i[0] == now.date() and i[1] is None]
    for kind, one, many in (("follow_up", "follow-up", "follow-ups"),
                            ("deadline", "deadline", "deadlines"),
                            ("action", "action due", "actions due")):
        count = sum(1 for i in today if i[2] == kind)
        if count:
            parts.append(f"{count} {one if count == 1 else many} today")
    return " · ".join(parts)
