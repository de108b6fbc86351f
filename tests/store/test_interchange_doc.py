"""docs/interchange.md stays true: its JSON example imports and exports back the same, every
field the export writes is documented (and nothing else), and its CSV example imports."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bounceback_tui.store import Store
from bounceback_tui.store.interchange import (
    CSV_COLUMNS,
    apply_plan,
    export_document,
    plan_csv,
    plan_json,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "interchange.md"
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
"""The examples' dates are before this (the machine's clock may be anywhere)."""


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def documented_fields(heading: str) -> list[str]:
    """The first column of the first table under `heading`."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(heading):]
    table = section[section.index("\n|"):].split("\n\n")[0]
    return [row.split("|")[1].strip().strip("`") for row in table.strip().splitlines()[2:]]


def without_ids(doc: dict[str, Any]) -> dict[str, Any]:
    doc = json.loads(json.dumps(doc))
    doc.pop("exported_at")
    for key in ("applications", "reflections", "wins", "actions"):
        for item in doc[key]:
            item.pop("id")
    for app in doc["applications"]:
        for interview in app["interviews"]:
            interview.pop("id")
            interview.pop("contact_ids")
    for person in doc["contacts"]:
        person.pop("id")
        for part in person["applications"]:
            part.pop("application_id")
    for ref in doc["reflections"]:
        ref.pop("application_id")
    for action in doc["actions"]:
        action.pop("reflection_id")
    return doc


def test_the_json_example_round_trips(store: Store) -> None:
    (example,) = blocks("json")
    plan = plan_json(example, now=NOW)
    assert plan.summary() == ("1 applications (2 stage events), 1 reflections, 1 wins, "
                              "1 actions, 1 interviews, 1 people")
    apply_plan(store, plan)
    exported = export_document(store)
    assert without_ids(exported) == without_ids(json.loads(example))
    (app,) = exported["applications"]
    (person,) = exported["contacts"]
    assert app["interviews"][0]["contact_ids"] == [person["id"]]
    assert person["applications"] == [{"application_id": app["id"], "as": "recruiter"}]
    assert exported["reflections"][0]["application_id"] == exported["applications"][0]["id"]
    assert exported["actions"][0]["reflection_id"] == exported["reflections"][0]["id"]


def test_every_exported_field_is_documented() -> None:
    (example,) = blocks("json")
    doc = json.loads(example)
    assert documented_fields("### The document") == list(doc)
    assert documented_fields("The `details`") == list(doc["applications"][0]["details"])
    assert documented_fields("Each of `interviews[]`") == list(
        doc["applications"][0]["interviews"][0])
    for heading, items in (("### `contacts[]`", doc["contacts"]),
                           ("### `applications[]`", doc["applications"]),
                           ("### `reflections[]`", doc["reflections"]),
                           ("### `wins[]`", doc["wins"]),
                           ("### `actions[]`", doc["actions"])):
        assert documented_fields(heading) == list(items[0]), heading
    assert documented_fields("Each of `events[]`") == list(doc["applications"][0]["events"][0])
    assert documented_fields("## CSV") == list(CSV_COLUMNS)


def test_the_csv_example_imports(store: Store) -> None:
    (example,) = blocks("csv")
    apply_plan(store, plan_csv(example, now=NOW, tz=UTC))
    apps = {a.company: a for a in store.list_applications()}
    assert (apps["Acme"].stage, apps["Acme"].role) == ("rejected", "Backend Engineer")
    assert apps["Globex"].role == "=cmd()"  # the guard taken off
