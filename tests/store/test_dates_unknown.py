"""Events whose date is unknown (issue 15; PRODUCT.md, "Metrics"): an import that gives a
stage and no date keeps the event with its date unknown. The store keeps the flag, the
interchange writes it as `"at": null` and reads it back byte for byte, the stats leave it
out of bounce-back times, the timeline and the table say so instead of inventing a day."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bounceback_tui.store import Store
from bounceback_tui.store.errors import InvalidInput
from bounceback_tui.store.interchange import apply_plan, export_document, plan_json
from bounceback_tui.store.queries.pipeline import PipelineReader

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
"""The document's dates are before this (the machine's clock may be anywhere)."""


def document(*applications: dict) -> str:
    return json.dumps({"format": "bounceback", "version": 1,
                       "exported_at": "2026-11-26T09:00:00+00:00",
                       "applications": list(applications),
                       "reflections": [], "wins": [], "actions": []})


def application(company: str, *events: tuple[str, str | None]) -> dict:
    return {"company": company, "role": "Engineer", "source": "", "location": "", "url": "",
            "notes": "", "events": [{"stage": stage, "at": at, "note": ""}
                                    for stage, at in events]}


HUNT = (Path(__file__).resolve().parents[1] / "fixtures" / "dates_unknown.json").read_text(
    encoding="utf-8")
"""Lumen Health rejected and Initech interviewing, no dates for either; Acme rejected on a
date, then Globex applied to a day later."""


def test_an_undated_event_is_kept_shown_so_and_left_out_of_bounce_back(
        store: Store, db_path: Path) -> None:
    result = apply_plan(store, plan_json(HUNT, now=NOW))
    assert result.written
    by_name = {r.company: r for r in store.list_applications()}
    lumen = store.get_application(by_name["Lumen Health"].id)
    assert [(e.stage, e.dated) for e in lumen.events] == [("applied", True), ("rejected", False)]
    assert lumen.events[1].at == lumen.events[0].at  # placed after the last dated step
    stats = store.stats(now=NOW)
    assert stats.by_stage["rejected"] == 2 and stats.runs.current == 2
    assert stats.bounce_back.samples == 1  # Acme's only: 1 day to Globex
    assert stats.bounce_back.median_days == pytest.approx(1.0)
    from datetime import date

    chart = store.chart_data(now=NOW, tz=UTC, since_day=date(2026, 9, 1))
    assert [round(days, 3) for _at, days in chart.bounce] == [1.0]  # the chart agrees
    # The timeline says "date unknown" (the view reads `dated`) and gives no bounce-back.
    items = {(i.company, i.stage): i for i in store.timeline(now=NOW)}
    assert items[("Lumen Health", "rejected")].dated is False
    assert items[("Lumen Health", "rejected")].bounce_days is None
    assert items[("Acme", "rejected")].bounce_days == pytest.approx(1.0)
    # The table's reader knows the stage's date is unknown: no "ghosted?" for Initech.
    reader = PipelineReader.connect(db_path)
    try:
        rows = {r.company: r for r in reader.page(limit=10)}
    finally:
        reader.close()
    assert rows["Initech"].stage_dated is False and rows["Globex"].stage_dated is True


def test_the_json_round_trip_keeps_an_unknown_date_unknown(store: Store, tmp_path: Path) -> None:
    apply_plan(store, plan_json(HUNT, now=NOW))
    first = export_document(store)
    lumen = next(a for a in first["applications"] if a["company"] == "Lumen Health")
    assert [e["at"] for e in lumen["events"]] == ["2026-10-01T09:00:00+00:00", None]
    with Store.open(tmp_path / "again.db") as again:
        apply_plan(again, plan_json(json.dumps(first), now=NOW))
        second = export_document(again)
    for doc in (first, second):
        doc.pop("exported_at")
    assert second == first


@pytest.mark.parametrize(("events", "message"), [
    ([("applied", None)], "applications[0].events[0].at: the first event needs a date"),
    ([("applied", "2026-10-01T09:00:00+00:00"), ("screening", None),
      ("rejected", "2026-10-09T09:00:00+00:00")],
     "applications[0].events[2].at: an event with a date cannot follow one whose date is "
     "unknown"),
])
def test_an_unknown_date_only_where_it_can_be_placed(store: Store, events, message) -> None:
    with pytest.raises(InvalidInput) as caught:
        plan_json(document(application("Acme", *events)), now=NOW)
    assert str(caught.value).startswith(message)
    assert store.count_applications() == 0


def test_the_csv_round_trip_keeps_an_unknown_date_unknown(store: Store, tmp_path: Path) -> None:
    """The CSV export leaves `last_activity` empty where the stage's date is unknown, so a
    new file made from it has the same stats (not a bounce-back time nobody lived). The
    hunt comes from a spreadsheet itself: the CSV carries days, read as noon where the user
    is, so the round trip is the same in every time zone."""
    from bounceback_tui.store.interchange import export_csv, plan_csv

    sheet = ("Company,Role,Status,Date Applied,Status Date\n"
             "Lumen Health,Engineer,Rejected,2026-10-01,\n"
             "Acme,Engineer,Rejected,2026-10-02,2026-10-06\n"
             "Globex,Engineer,Applied,2026-10-07,\n")
    apply_plan(store, plan_csv(sheet, now=NOW))
    assert store.stats(now=NOW).bounce_back.samples == 1  # Acme's only
    text = export_csv(store)
    lumen = next(line for line in text.splitlines() if ",Lumen Health," in line)
    assert ",rejected,applied,2026-10-01,," in lumen
    with Store.open(tmp_path / "again.db") as again:
        apply_plan(again, plan_csv(text, now=NOW))
        assert again.stats(now=NOW).to_json() == store.stats(now=NOW).to_json()
        moved = next(r for r in again.list_applications() if r.company == "Lumen Health")
        assert [e.dated for e in again.get_application(moved.id).events] == [True, False]
