"""Hostile JSON imports (issue 12, part 4): every malformed shape of an interchange document
is refused by `plan_json` with an ImportError_ whose message starts with the path of the
value in the file (`applications[2].events[0].at: …`), never another exception; instants in
the future and events out of time order are refused as `add` and `move` refuse them; the
real `bounceback import` answers in one line, exit status 1, the database unchanged."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from reliability_support import bounceback_exe as exe
from reliability_support import sql_dump as dump

from bounceback_tui.store import Store
from bounceback_tui.store.interchange import ImportError_, apply_plan, plan_json

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
"""The clock `plan_json` is given (`now=`): the tests do not depend on today's date."""


def at(days_ago: float, base: datetime = NOW) -> str:
    return (base - timedelta(days=days_ago)).isoformat()


def valid_document(base: datetime = NOW) -> dict[str, Any]:
    """A document holding every kind of item and field: two applications (one with two
    events at the same instant), a linked and a free reflection with every answer, wins,
    and actions (one done, one linked to a reflection)."""
    return {
        "format": "bounceback", "version": 1, "exported_at": at(0, base),
        "applications": [
            {"id": 1, "company": "Acme", "role": "Dev", "source": "referral",
             "location": "Zürich", "url": "https://acme.test", "notes": "two\nlines",
             "follow_up_on": "2026-12-01",
             "events": [{"stage": "applied", "at": at(30, base), "note": ""},
                        {"stage": "screening", "at": at(30, base), "note": "same instant"},
                        {"stage": "rejected", "at": at(20, base), "note": "form email"}]},
            {"id": 2, "company": "Globex", "role": "PM", "source": "", "location": "",
             "url": "", "notes": "", "follow_up_on": None,
             "events": [{"stage": "applied", "at": at(10, base), "note": ""}]},
        ],
        "reflections": [
            {"id": 1, "application_id": 1, "status": "saved", "revision": 3,
             "created_at": at(19, base), "updated_at": at(18, base), "saved_at": at(18, base),
             "feelings": ["sad", "doubting"], "mood_before": 2, "reasons": ["freeze"],
             "reasons_text": "not me", "feedback_status": "received", "feedback_text": "ok",
             "went_well": "calm", "do_differently": "ask", "taught_me": "small teams",
             "mismatches": ["team"], "alignment_text": "manager", "direction_text": "platform",
             "commitment_text": "SQL course", "commitment_kind": "skill",
             "commitment_due": "2026-12-10", "next_step": "apply", "mood_after": 4},
            {"id": 2, "application_id": None, "status": "draft", "revision": 1,
             "created_at": at(5, base), "updated_at": at(5, base), "saved_at": None,
             "feelings": [], "next_step": "sleep"},
        ],
        "wins": [{"id": 1, "at": at(15, base), "text": "kind words", "kind": "feedback"}],
        "actions": [
            {"id": 1, "created_at": at(18, base), "text": "SQL course", "kind": "skill",
             "due_on": "2026-12-10", "done_at": None, "reflection_id": 1},
            {"id": 2, "created_at": at(12, base), "text": "call Sam", "kind": "network",
             "due_on": None, "done_at": at(11, base), "reflection_id": None},
        ],
    }


class Raw:
    """A value written into the JSON text as is (what json.dumps cannot write)."""

    def __init__(self, text: str, label: str) -> None:
        self.text, self.label = text, label

    def __repr__(self) -> str:
        return self.label


DEEP = Raw("[" * 10_000 + "]" * 10_000, "10,000 nested lists")
HUGE_NUMBER = Raw("9" * 5_000, "a 5,000-digit number")
INFINITE = Raw("1e400", "1e400")
HOSTILE_VALUES: list[Any] = [None, True, False, 0, -1, 2**70, INFINITE, HUGE_NUMBER, "", "x",
                             "\ud800", "\x1b[2J", [], {}, [[]], DEEP]
"""What each node of the document is replaced by, one at a time."""

PATH = re.compile(r'^(\$|[A-Za-z_]\w*)((\[\d+\])|(\.[A-Za-z_]\w*)|(\["(?:[^"\\]|\\.)*"\]))*: ')
"""A message that starts with a JSON path (JSONPath without its `$.`; `$` for the whole
document), then `: `."""
STEP = re.compile(r'\[(\d+)\]|\.?([A-Za-z_]\w*)|\[("(?:[^"\\]|\\.)*")\]')


def serialise(doc: Any) -> str:
    """JSON text of `doc`, with each Raw written as is (lone surrogates as \\ud800)."""
    raws: dict[str, str] = {}

    def swap(value: Any) -> Any:
        if isinstance(value, Raw):
            key = f"@@raw{len(raws)}@@"
            raws[key] = value.text
            return key
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    text = json.dumps(swap(doc))
    for key, raw in raws.items():
        text = text.replace(f'"{key}"', raw)
    return text


def nodes(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every node: the document, each container and each leaf."""
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from nodes(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from nodes(child, (*path, index))


def replaced(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    mutated = copy.deepcopy(doc)
    parent = mutated
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return mutated


def resolves(doc: Any, steps: list[Any]) -> int:
    """How many of `steps` lead somewhere in `doc` (DEEP holds lists at every depth)."""
    node = doc
    for count, step in enumerate(steps):
        if node is DEEP:
            if step != 0:
                return count
            continue
        if isinstance(step, int) and isinstance(node, list) and step < len(node) or isinstance(step, str) and isinstance(node, dict) and step in node:
            node = node[step]
        else:
            return count
    return len(steps)


def path_steps(path: str) -> list[Any]:
    if path == "$":
        return []
    path = path.removeprefix("$")
    steps: list[Any] = []
    for index, name, quoted in STEP.findall(path):
        steps.append(int(index) if index else (name or json.loads(quoted)))
    return steps


def check_refusal(message: str, mutated: Any) -> None:
    """The message starts with a path, and that path names a place in the file (or a field
    missing from an object that is there)."""
    match = PATH.match(message)
    assert match, message
    steps = path_steps(match.group(0)[:-2])
    assert resolves(mutated, steps) >= len(steps) - 1, message
    assert "\n" not in message and "Traceback" not in message, message


def test_the_valid_document_is_accepted() -> None:
    plan = plan_json(serialise(valid_document()), now=NOW)
    assert plan.summary() == ("2 applications (4 stage events), 2 reflections, 1 wins, "
                              "2 actions")


def test_every_node_replaced_by_every_hostile_value(tmp_path: Path) -> None:
    """Setup: a valid document; every node (the document itself, each container, each
    leaf) replaced, one at a time, by each hostile value (null, booleans, 0, -1, 2**70,
    1e400, a 5,000-digit number, "", "x", a lone surrogate, an escape sequence, [], {},
    [[]], 10,000 nested lists). Action: plan_json; an accepted plan is applied to a real
    database. Holds: each is accepted and applies, or is refused with an ImportError_ whose
    message starts with a path naming a place in the file; never any other exception."""
    doc = valid_document()
    problems: list[str] = []
    accepted = refused = 0
    with Store.open(tmp_path / "accepted.db") as store:
        for path in list(nodes(doc)):
            for value in HOSTILE_VALUES:
                mutated = replaced(doc, path, value)
                label = f"{'/'.join(map(str, path)) or '$'} = {value!r}"
                try:
                    plan = plan_json(serialise(mutated), now=NOW)
                except ImportError_ as exc:
                    refused += 1
                    try:
                        check_refusal(str(exc), mutated)
                    except AssertionError as failure:
                        problems.append(f"{label}: {failure}")
                    continue
                except Exception as exc:  # the bug this test is here to catch
                    problems.append(f"{label}: {type(exc).__name__}: {exc}"[:300])
                    continue
                accepted += 1
                try:
                    apply_plan(store, plan)
                except Exception as exc:
                    problems.append(f"{label}: accepted, then apply_plan raised "
                                    f"{type(exc).__name__}: {exc}"[:300])
    assert not problems, f"{len(problems)} problems, e.g.:\n" + "\n".join(problems[:15])
    assert refused > 500 and accepted > 50, (refused, accepted)


@pytest.mark.parametrize(("where", "value", "path"), [
    (("applications", 0, "id"), [1], "applications[0].id: expected a whole number"),
    (("reflections", 0, "feelings"), [1, {}], "reflections[0].feelings[0]: expected a word"),
    (("applications", 0, "events"), {}, "applications[0].events: expected a list, got an "
                                        "empty object"),
    (("applications", 1, "events", 0, "at"), 5,
     "applications[1].events[0].at: expected an ISO 8601 time with offset, got 5"),
    (("wins",), None, "wins: expected a list, got null"),
    (("reflections", 0, "revision"), INFINITE, "reflections[0].revision: must be a positive "
                                               "whole number"),
    (("applications", 1, "company"), "Glo\ud800bex", "applications[1].company: holds "
                                                     "'\\ud800'"),
    (("actions", 0, "reflection_id"), {}, "actions[0].reflection_id: expected the id of "
                                          "a reflection"),
    (("applications", 1, "notes"), DEEP, "applications[1].notes[0][0]: nested more than"),
    (("reflections", 1, "mood_after"), HUGE_NUMBER, "reflections[1].mood_after: a number of "
                                                    "5000 digits"),
    ((), [1, 2], "$: expected an object"),
])
def test_malformed_shapes_name_their_path(where, value, path) -> None:
    with pytest.raises(ImportError_) as refusal:
        plan_json(serialise(replaced(valid_document(), where, value)), now=NOW)
    assert str(refusal.value).startswith(path), str(refusal.value)


# --- the same rules as `add` and `move` ---------------------------------------------------------


FUTURE = "is in the future; give the time it happened"
OUT_OF_ORDER = "a move cannot be dated before it"


@pytest.mark.parametrize("where", [
    ("applications", 1, "events", 0, "at"), ("reflections", 0, "created_at"),
    ("reflections", 0, "updated_at"), ("reflections", 0, "saved_at"), ("wins", 0, "at"),
    ("actions", 0, "created_at"), ("actions", 1, "done_at"),
])
def test_instants_in_the_future_are_refused(where) -> None:
    """An instant a minute after `now`, anywhere: refused with its path and the words of
    `add --applied-on`; the same instant one minute before `now` is accepted."""
    path = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in where).lstrip(".")
    soon = (NOW + timedelta(minutes=1)).isoformat()
    with pytest.raises(ImportError_) as refusal:
        plan_json(serialise(replaced(valid_document(), where, soon)), now=NOW)
    assert str(refusal.value) == f"{path}: {soon} {FUTURE}"
    earlier = (NOW - timedelta(minutes=1)).isoformat()
    plan_json(serialise(replaced(valid_document(), where, earlier)), now=NOW)


def test_events_out_of_time_order_are_refused_and_ties_are_kept() -> None:
    doc = valid_document()
    doc["applications"][0]["events"][2]["at"] = at(31)
    with pytest.raises(ImportError_) as refusal:
        plan_json(serialise(doc), now=NOW)
    assert str(refusal.value) == (
        f"applications[0].events[2].at: the last event before it (screening) is at {at(30)}; "
        f"{OUT_OF_ORDER} (events go in time order)")
    plan = plan_json(serialise(valid_document()), now=NOW)  # two events at one instant
    assert [e["stage"] for e in plan.applications[0]["events"]] == [
        "applied", "screening", "rejected"]


# --- the real command ----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_real_import_refuses_in_one_line_and_changes_nothing(tmp_path: Path) -> None:
    """Setup: a database with one application; documents with an unhashable id, a list of
    non-words, events as an object, 10,000 nested lists, a number where an object goes,
    null lists, revision 1e400, a lone surrogate, a 5,000-digit number, an event in the
    future, events out of order. Action: the installed `bounceback import FILE` (and
    `--dry-run`). Holds: exit status 1, nothing on stdout, one line on stderr that starts
    `bounceback: ` and the path, and the database's rows and bytes are unchanged; the
    same command with `add` and `move` refuses the future and the order in the same words."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "BOUNCEBACK_DB"}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), LANG="C.UTF-8")
    db = tmp_path / "hunt.db"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([exe(), "--db", str(db), *args], capture_output=True,
                              text=True, env=env, stdin=subprocess.DEVNULL, timeout=120,
                              check=False)

    assert run("add", "Existing", "Dev", "--applied-on", "3 days ago").returncode == 0
    now = datetime.now(UTC)
    base = valid_document(now)
    future = (now + timedelta(days=2)).isoformat(timespec="seconds")
    cases: list[tuple[tuple[Any, ...], Any, str]] = [
        (("applications", 0, "id"), [1], "applications[0].id: "),
        (("reflections", 0, "feelings"), [1, {}], "reflections[0].feelings[0]: "),
        (("applications", 0, "events"), {}, "applications[0].events: "),
        (("applications", 1, "notes"), DEEP, "applications[1].notes[0][0]: "),
        (("wins", 0), 7, "wins[0]: "),
        (("actions",), None, "actions: "),
        (("reflections", 0, "revision"), INFINITE, "reflections[0].revision: "),
        (("applications", 1, "role"), "\ud800", "applications[1].role: "),
        (("applications", 0, "id"), HUGE_NUMBER, "applications[0].id: "),
        (("wins", 0, "at"), future, f"wins[0].at: {future} {FUTURE}"),
        (("applications", 0, "events", 2, "at"), at(40, now),
         "applications[0].events[2].at: "),
    ]
    before = (dump(db), db.read_bytes())
    for where, value, start in cases:
        path = tmp_path / "in.json"
        path.write_text(serialise(replaced(base, where, value)), encoding="utf-8")
        for extra in ((), ("--dry-run",)):
            result = run("import", str(path), *extra)
            assert (result.returncode, result.stdout) == (1, ""), (where, result)
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith(f"bounceback: {start}"), (
                where, result.stderr)
            assert "unexpected error" not in result.stderr
        assert (dump(db), db.read_bytes()) == before, where
    assert result.stderr.rstrip().endswith(OUT_OF_ORDER + " (events go in time order)")
    added = run("add", "Later", "Dev", "--applied-on", future)
    assert added.returncode == 1 and added.stderr.rstrip().endswith(FUTURE), added.stderr
    moved = run("move", "1", "rejected", "--on", "5 days ago")
    assert moved.returncode == 1 and OUT_OF_ORDER in moved.stderr, moved.stderr
    assert (dump(db), db.read_bytes()) == before
