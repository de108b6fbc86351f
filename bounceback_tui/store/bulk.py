"""Many rows at once, in one transaction: the demo hunt generator's way in.

The generator (`bounceback_tui.demo`) builds plain row dictionaries; this module is where
they meet SQLite, so nothing outside `store/` talks to the database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select, text

from .errors import InvalidInput
from .journal_models import GrowthAction, Reflection, Win
from .models import Application, StageEvent

if TYPE_CHECKING:
    from .service import Store

TABLES = ("applications", "stage_events", "reflections", "growth_actions", "wins")
"""Every table a bulk load may fill, in the order its rows are inserted (parents first)."""
_MODELS = {"applications": Application, "stage_events": StageEvent,
           "reflections": Reflection, "growth_actions": GrowthAction, "wins": Win}

Rows = Mapping[str, Sequence[Mapping[str, Any]]]
"""Rows by table name, each row a mapping of column to value (ids included)."""


def fill_empty(store: Store, build: Callable[[dict[str, int]], Rows]) -> Rows:
    """In one transaction: refuse a file that already has applications (InvalidInput), ask
    `build(first_free_ids)` for the rows, and insert them. Returns what `build` gave."""
    with store._write() as session:
        count = session.execute(select(func.count()).select_from(Application.__table__))
        if count.scalar_one():
            raise InvalidInput(
                f"{store.path} already has applications; generate into a new, empty database")
        conn = session.connection()
        rows = build({table: next_id(conn, table) for table in TABLES})
        for table in TABLES:
            if rows.get(table):
                session.execute(insert(_MODELS[table].__table__), list(rows[table]))
    return rows


def next_id(conn: Any, table: str) -> int:
    """The first free id of `table`, past any id AUTOINCREMENT has already handed out
    (so an undo of an earlier delete can never collide with new rows)."""
    if table not in _MODELS:
        raise ValueError(f"unknown table {table!r}")
    used = conn.execute(text(f"SELECT max(id) FROM {table}")).scalar() or 0
    seq = conn.execute(
        text("SELECT seq FROM sqlite_sequence WHERE name = :name"), {"name": table}
    ).scalar() or 0
    return max(used, seq) + 1
