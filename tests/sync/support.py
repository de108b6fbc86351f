"""Machines for the sync tests: each a real SQLite file of its own; one shared folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from bounceback_tui.store import Store
from bounceback_tui.store.interchange import export_document


def canonical(store: Store) -> dict[str, Any]:
    """The hunt as `export --format json` has it, without what is local to a machine (row
    ids, a reflection's local revision counter, when it was exported), in a fixed order."""
    doc = export_document(store)
    apps = {a["id"]: a for a in doc["applications"]}

    def app_key(app_id: int | None) -> Any:
        if app_id is None:
            return None
        a = apps[app_id]
        return (a["company"], a["role"], a["notes"])

    people = {c["id"]: (c["name"], c["email"]) for c in doc["contacts"]}
    applications = sorted(
        (a["company"], a["role"], a["source"], a["location"], a["url"], a["notes"],
         a["follow_up_on"], tuple((e["stage"], e["at"], e["note"]) for e in a["events"]),
         repr(sorted((a["details"] or {}).items())),
         tuple(sorted(repr(sorted((k, v if k != "contact_ids" else
                                   sorted(people[c] for c in v))
                                  for k, v in i.items() if k != "id"))
                      for i in a["interviews"])))
        for a in doc["applications"])
    reflections = {r["id"]: r for r in doc["reflections"]}

    def reflection_key(ref_id: int | None) -> Any:
        if ref_id is None:
            return None
        r = reflections[ref_id]
        return (app_key(r["application_id"]), r["created_at"], r["went_well"])

    return {
        "applications": applications,
        "reflections": sorted(
            (repr(app_key(r["application_id"])),
             tuple(sorted((k, repr(v)) for k, v in r.items()
                          if k not in ("id", "application_id", "revision"))))
            for r in doc["reflections"]),
        "contacts": sorted(
            (repr(sorted((k, v) for k, v in c.items() if k not in ("id", "applications"))),
             tuple(sorted((repr(app_key(p["application_id"])), p["as"])
                          for p in c["applications"])))
            for c in doc["contacts"]),
        "wins": sorted((w["at"], w["text"], w["kind"]) for w in doc["wins"]),
        "actions": sorted((a["created_at"], a["text"], a["kind"], a["due_on"], a["done_at"],
                           repr(reflection_key(a["reflection_id"]))) for a in doc["actions"]),
    }


def folder_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def sound(db: Path) -> bool:
    """Whether the file passes SQLite's integrity_check (read-only: a kill test's victim may
    be restarted at once)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def meet_and_match(laptop: Store, desktop: Store, companies: list[str]) -> None:
    """After a kill test: two plain exchanges each, then both machines hold exactly
    `companies` (every one, none twice) and the same hunt."""
    from bounceback_tui.store.sync import exchange

    for _ in range(2):
        exchange(laptop)
        exchange(desktop)
    for store in (laptop, desktop):
        assert sorted(a.company for a in store.list_applications()) == sorted(companies)
    assert canonical(laptop) == canonical(desktop)
