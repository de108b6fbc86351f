"""Random offline edits on two and three machines, exchanged in any order, always end in the
same hunt on every machine, with every addition present and nothing readable in the folder
(issue 17, "Proof")."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import canonical, folder_bytes

from bounceback_tui.store import Store
from bounceback_tui.store.errors import InvalidInput
from bounceback_tui.store.sync import exchange, init, join

STAGES = ("screening", "interviewing", "offer", "rejected", "ghosted")
WORDS = st.sampled_from(["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark"])

op = st.one_of(
    st.tuples(st.just("add"), WORDS),
    st.tuples(st.just("move"), st.integers(0, 9), st.sampled_from(STAGES)),
    st.tuples(st.just("edit"), st.integers(0, 9), st.sampled_from(["notes", "role", "location"]),
              st.text("abcxyz ", min_size=1, max_size=8)),
    st.tuples(st.just("win"), st.text("abcdef", min_size=1, max_size=6)),
    st.tuples(st.just("delete"), st.integers(0, 9)),
    st.tuples(st.just("reflect"), st.integers(0, 9), st.text("pqrs", min_size=1, max_size=6)),
    st.tuples(st.just("interview"), st.integers(0, 9), st.integers(8, 17)),
    st.tuples(st.just("person"), st.integers(0, 9), st.sampled_from(["Priya", "Sam"]),
              st.sampled_from(["recruiter", "referrer"])),
    st.tuples(st.just("details"), st.integers(0, 9),
              st.sampled_from(["pay", "tags", "excitement"]), st.integers(1, 5)),
    st.tuples(st.just("undo")),
    st.tuples(st.just("exchange")),
)
WHEN = datetime(2026, 3, 9, tzinfo=UTC)
"""Interviews are on a fixed day (the engine never reads the clock for them)."""

_TEMPLATE: dict[str, Path] = {}


def _fresh(folder: Path) -> Store:
    """A new, migrated database (copied from one made once: migrating is the slow part)."""
    if "db" not in _TEMPLATE:
        where = Path(tempfile.mkdtemp(prefix="bb-sync-template-"))
        Store.open(where / "t.db").close()
        _TEMPLATE["db"] = where / "t.db"
    folder.mkdir(mode=0o700)
    shutil.copyfile(_TEMPLATE["db"], folder / "h.db")
    return Store.open(folder / "h.db")


def _apply(store: Store, step: tuple, added: dict[str, set[str]]) -> None:
    try:
        _step(store, step, added)
    except InvalidInput:  # refused as the person would be ("already at screening")
        pass


def _step(store: Store, step: tuple, added: dict[str, set[str]]) -> None:
    apps = store.list_applications()
    kind = step[0]
    if kind == "add":
        record = store.add_application(step[1], "Dev")
        added["apps"].add(f"{step[1]}#{record.id}")
    elif kind == "win":
        store.add_win(step[1])
        added["wins"].add(step[1])
    elif kind == "exchange":
        exchange(store)
    elif kind == "undo":
        store.undo()
    elif apps:
        app = apps[step[1] % len(apps)]
        if kind == "move":
            store.move(app.id, step[2])
        elif kind == "edit":
            store.edit_application(app.id, **{step[2]: step[3]})
        elif kind == "delete":
            store.delete_application(app.id)
        elif kind == "reflect":
            existing = [r for r in store.list_reflections() if r.application_id == app.id]
            store.save_reflection({"went_well": step[2]}, application_id=app.id,
                                  reflection_id=existing[0].id if existing else None)
        elif kind == "interview":
            store.add_interview(app.id, kind="phone", starts_at=WHEN.replace(hour=step[2]))
        elif kind == "person":
            known = store.list_contacts(name=step[2])
            if known:
                store.link_contact(known[0].id, app.id, step[3])
            else:
                store.add_contact(step[2], application_id=app.id, part=step[3])
        elif kind == "details":
            value = {"pay": f"{step[3]}0k", "tags": [f"t{step[3]}"], "excitement": step[3]}
            store.set_details(app.id, **{step[2]: value[step[2]]})


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(count=st.integers(2, 3),
       steps=st.lists(st.tuples(st.integers(0, 2), op), min_size=1, max_size=14),
       order=st.permutations(range(3)))
def test_any_edits_in_any_order_end_the_same_everywhere(count: int, steps: list,
                                                        order: list[int]) -> None:
    root = Path(tempfile.mkdtemp(prefix="bb-sync-prop-"))
    try:
        shared = root / "Sync"
        shared.mkdir(mode=0o700)
        stores = [_fresh(root / f"m{i}") for i in range(count)]
        added: dict[str, set[str]] = {"apps": set(), "wins": set()}
        phrase = init(stores[0], shared, name="m0")
        for store in stores[1:]:
            join(store, shared, phrase)
        for who, step in steps:
            _apply(stores[who % count], step, added)
        for _ in range(2):  # every machine exchanges, in the drawn order, twice
            for who in order:
                if who < count:
                    exchange(stores[who])
        views = [canonical(store) for store in stores]
        assert all(view == views[0] for view in views[1:])
        assert {text for _, text, _ in views[0]["wins"]} == added["wins"]
        data = folder_bytes(shared)
        for text in added["wins"] | {name.split("#")[0] for name in added["apps"]}:
            if len(text) >= 4:
                assert text.encode() not in data
        for store in stores:
            store.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
