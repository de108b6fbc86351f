"""`bounceback import` and `bounceback export`: the lossless JSON interchange format, CSV from
spreadsheets and other trackers (all-or-nothing), CSV and Markdown exports, private files."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import stat
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from bounceback_tui.domain.dates import local_zone
from bounceback_tui.store import interchange

T = lambda *parts: datetime(*parts, tzinfo=UTC)

FEEDBACK = "Thanks for your time.\nThe panel liked the design round.\n\nThey hired internally."
REFLECTION_ANSWERS = {
    "feelings": ["frustrated", "doubting"],
    "mood_before": 2,
    "reasons": ["internal candidate", "freeze"],
    "reasons_text": "Not about me, mostly.",
    "feedback_status": "received",
    "feedback_text": FEEDBACK,
    "went_well": "Clear answers on the system design.",
    "do_differently": "Ask more about the team\nbefore the final round.",
    "taught_me": "I like small teams.",
    "mismatches": ["team", "values"],
    "alignment_text": "They wanted a manager.",
    "direction_text": "Platform roles, hands-on.",
    "commitment_text": "Finish the SQL course",
    "commitment_kind": "skill",
    "commitment_due": date(2026, 12, 1),
    "next_step": "Apply to two platform roles",
    "mood_after": 4,
}


@pytest.fixture
def full_hunt(db, store_at) -> dict[str, Any]:
    """Applications with histories, saved and draft reflections, wins, open and done actions;
    ids with gaps (a deleted application) so that round trips must remap them."""
    store = store_at(db)
    acme = store.add_application("Acme", "Backend Engineer", applied_at=T(2026, 9, 1, 9),
                                 source="referral", location="Zürich", url="https://acme.test/1",
                                 notes="Met Jo, \"nice\" team;\nsecond line")
    store.move(acme.id, "screening", at=T(2026, 9, 5, 10), note="recruiter call")
    store.move(acme.id, "interviewing", at=T(2026, 9, 12, 14))
    store.move(acme.id, "rejected", at=T(2026, 9, 20, 15, 30), note="form email")
    temp = store.add_application("Temp", "Gone", applied_at=T(2026, 9, 2))
    store.delete_application(temp.id)
    globex = store.add_application("Globex \x1b[1m", "Data Engineer", applied_at=T(2026, 9, 3),
                                   stage="screening")
    store.move(globex.id, "offer", at=T(2026, 10, 1, 8))
    store.edit_application(globex.id, follow_up_on=date(2026, 10, 8))
    hooli = store.add_application("Hooli", "PM", applied_at=T(2026, 10, 2), stage="saved")

    saved = store.save_reflection(REFLECTION_ANSWERS, application_id=acme.id, status="saved")
    store.save_reflection({"went_well": "Calm on the phone."}, application_id=globex.id)
    second = store.save_reflection({"feelings": ["sad"]}, application_id=globex.id)
    store.save_reflection({"feelings": ["sad", "tired"], "taught_me": "Rest first."},
                          reflection_id=second.id, status="saved")
    store.save_reflection({"next_step": "Sleep on it"})  # a free-standing draft
    store.add_win("Kind words from Jo", kind="feedback", at=T(2026, 9, 21, 10))
    store.add_win("Portfolio live\nwith three case studies", at=T(2026, 9, 25, 18))
    call = store.add_action("Call Sam", kind="network", due_on=date(2026, 10, 3))
    store.complete_action(call.id, at=T(2026, 10, 2, 11))
    store.add_action("Volunteer at the meetup", kind="freelance/volunteer")
    return {"acme": acme.id, "globex": globex.id, "hooli": hooli.id, "saved": saved.id}


def normalised(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with `exported_at` dropped and every id replaced by its position."""
    doc = copy.deepcopy(doc)
    doc.pop("exported_at")
    apps = {a["id"]: i for i, a in enumerate(doc["applications"])}
    refs = {r["id"]: i for i, r in enumerate(doc["reflections"])}
    for i, app in enumerate(doc["applications"]):
        app["id"] = i
    for ref in doc["reflections"]:
        ref["id"] = refs[ref["id"]]
        if ref["application_id"] is not None:
            ref["application_id"] = apps[ref["application_id"]]
    for i, win in enumerate(doc["wins"]):
        win["id"] = i
    for i, action in enumerate(doc["actions"]):
        action["id"] = i
        if action["reflection_id"] is not None:
            action["reflection_id"] = refs[action["reflection_id"]]
    return doc


# --- JSON ------------------------------------------------------------------------------------


def test_json_export_follows_the_interchange_format(bb, full_hunt):
    doc = bb.export()
    assert (doc["format"], doc["version"]) == ("bounceback", 2)
    assert datetime.fromisoformat(doc["exported_at"]).utcoffset() is not None
    assert [a["company"] for a in doc["applications"]] == ["Acme", "Globex \x1b[1m", "Hooli"]
    acme = doc["applications"][0]
    assert set(acme) >= {"id", "company", "role", "source", "location", "url", "notes", "events"}
    assert acme["notes"] == "Met Jo, \"nice\" team;\nsecond line"
    assert acme["events"] == [
        {"stage": "applied", "at": "2026-09-01T09:00:00+00:00", "note": ""},
        {"stage": "screening", "at": "2026-09-05T10:00:00+00:00", "note": "recruiter call"},
        {"stage": "interviewing", "at": "2026-09-12T14:00:00+00:00", "note": ""},
        {"stage": "rejected", "at": "2026-09-20T15:30:00+00:00", "note": "form email"},
    ]
    saved = next(r for r in doc["reflections"] if r["id"] == full_hunt["saved"])
    assert (saved["application_id"], saved["status"]) == (full_hunt["acme"], "saved")
    assert saved["feedback_text"] == FEEDBACK
    assert saved["commitment_due"] == "2026-12-01"
    assert {r["status"] for r in doc["reflections"]} == {"saved", "draft"}
    assert [w["text"] for w in doc["wins"]] == ["Kind words from Jo",
                                                "Portfolio live\nwith three case studies"]
    assert [a["text"] for a in doc["actions"]] == [
        "Finish the SQL course", "Call Sam", "Volunteer at the meetup"]
    assert doc["actions"][0]["reflection_id"] == full_hunt["saved"]


def test_json_round_trip_into_an_empty_database_gives_the_same_document(bb, full_hunt,
                                                                        tmp_path):
    first = bb.export()
    dump = tmp_path / "hunt.json"
    dump.write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    out = bb.ok("import", str(dump), db=fresh)
    assert out == ("Imported 3 applications (8 stage events), 4 reflections, 2 wins, "
                   "3 actions. `bounceback undo` takes it back.\n")
    second = json.loads(bb.ok("export", db=fresh))
    assert [a["id"] for a in second["applications"]] != [a["id"] for a in first["applications"]]
    assert normalised(second) == normalised(first)


def test_json_import_into_a_database_with_data_adds_and_relinks(bb, db, full_hunt, tmp_path,
                                                                store_at):
    dump = tmp_path / "hunt.json"
    dump.write_text(bb.ok("export"), encoding="utf-8")
    bb.ok("import", str(dump))
    doc = bb.export()
    assert [a["company"] for a in doc["applications"]].count("Acme") == 2
    new_acme = max(a["id"] for a in doc["applications"] if a["company"] == "Acme")
    copies = [r for r in doc["reflections"] if r["feedback_text"] == FEEDBACK]
    assert sorted(r["application_id"] for r in copies) == [full_hunt["acme"], new_acme]
    copied = max(copies, key=lambda r: r["id"])
    linked = [a for a in doc["actions"] if a["text"] == "Finish the SQL course"]
    assert sorted(a["reflection_id"] for a in linked) == sorted(r["id"] for r in copies)
    assert copied["id"] in [a["reflection_id"] for a in linked]
    free = [r for r in doc["reflections"] if r["next_step"] == "Sleep on it"]
    assert [r["application_id"] for r in free] == [None, None]
    assert store_at(db).get_application(new_acme).application.stage == "rejected"


def test_json_dry_run_reports_counts_and_writes_nothing(bb, full_hunt, tmp_path, file_state):
    dump = tmp_path / "hunt.json"
    dump.write_text(bb.ok("export"), encoding="utf-8")
    fresh = tmp_path / "fresh" / "hunt.db"
    out = bb.ok("import", str(dump), "--dry-run", db=fresh)
    assert out == ("Would import 3 applications (8 stage events), 4 reflections, 2 wins, "
                   "3 actions. Nothing was written.\n")
    assert not fresh.parent.exists()


def json_doc(*applications: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"format": "bounceback", "version": 1, "exported_at": "2026-11-01T00:00:00+00:00",
            "applications": list(applications), **extra}


def json_app(app_id: int, company: str, *stages: str) -> dict[str, Any]:
    return {"id": app_id, "company": company, "role": "Dev",
            "events": [{"stage": s, "at": f"2026-10-0{i + 1}T09:00:00+00:00", "note": ""}
                       for i, s in enumerate(stages)]}


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (json_doc(json_app(1, "Acme", "applied"), json_app(2, "Globex", "applied", "hired"),
                  json_app(3, "Initech", "applied")),
         "applications[1].events[1].stage: unknown stage 'hired'; use one of: saved, applied"),
        (json_doc(json_app(1, "Acme", "applied"), {"id": 2, "company": " ", "events": []}),
         "applications[1].company: is empty"),
        (json_doc(json_app(1, "Acme", "applied"), json_app(2, "Globex")),
         "applications[1].events: needs at least one stage event"),
        (json_doc(json_app(1, "Acme", "applied"),
                  {"id": 2, "company": "Globex",
                   "events": [{"stage": "applied", "at": "2026-10-01T09:00:00", "note": ""}]}),
         "applications[1].events[0].at: '2026-10-01T09:00:00' has no offset"),
        (json_doc(json_app(1, "Acme", "applied"),
                  reflections=[{"application_id": 1, "status": "saved", "mood_before": 9,
                                "created_at": "2026-10-02T09:00:00+00:00"}]),
         "reflections[0].mood_before: must be 1 to 5 (or null), got 9"),
        (json_doc(json_app(1, "Acme", "applied"),
                  reflections=[{"application_id": 7, "status": "draft",
                                "created_at": "2026-10-02T09:00:00+00:00"}]),
         "reflections[0].application_id: 7 is not in the file"),
        (json_doc(json_app(1, "Acme", "applied"), wins=[{"at": "yesterday", "text": "x"}]),
         "wins[0].at: 'yesterday' is not an ISO 8601 time"),
        (json_doc(json_app(1, "Acme", "applied"),
                  actions=[{"created_at": "2026-10-02T09:00:00+00:00", "text": "x",
                            "kind": "juggling"}]),
         "actions[0].kind: unknown kind 'juggling'"),
        (json_doc(applications={"id": 1}), "applications: expected a list, got an object"),
        (json_doc(json_app(1, "Acme", "applied"),
                  reflections=[{"application_id": 1, "status": "saved", "revision": 2**70,
                                "created_at": "2026-10-02T09:00:00+00:00"}]),
         "reflections[0].revision: must be a positive whole number, got 1180591620717411303424"),
        (json_doc(json_app(1, "Acme", "applied"),
                  reflections=[{"application_id": 1, "status": "saved", "feelings": None,
                                "created_at": "2026-10-02T09:00:00+00:00"}]),
         "reflections[0].feelings: expected a list of words, got null"),
        (json_doc(json_app(1, "Acme", "applied"), json_app(1, "Globex", "applied")),
         "applications[1].id: 1 appears twice (also at applications[0].id)"),
        ([1, 2, 3], "not a BounceBack export"),
    ],
    ids=["bad-stage-in-the-middle", "empty-company", "no-events", "naive-instant",
         "bad-reflection-after-good-apps", "dangling-link", "bad-win-instant", "bad-kind",
         "not-a-list", "huge-revision", "null-feelings", "duplicate-id", "not-an-object"],
)
def test_json_import_is_all_or_nothing(bb, db, tmp_path, file_state, doc, expected):
    bb.add("Existing", "Dev")
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = file_state(db)
    assert expected in bb.fails("import", str(path))
    assert file_state(db) == before
    assert expected in bb.fails("import", str(path), "--dry-run")
    assert [r["company"] for r in bb.rows()] == ["Existing"]


def test_json_import_of_documents_without_ids_keeps_free_items_free(bb, tmp_path):
    doc = json_doc(
        {"company": "Acme", "role": "Dev",
         "events": [{"stage": "applied", "at": "2026-10-01T09:00:00+00:00", "note": ""}]},
        reflections=[{"application_id": None, "status": "draft",
                      "created_at": "2026-10-02T09:00:00+00:00", "went_well": "free"},
                     {"status": "saved", "application_id": None,
                      "created_at": "2026-10-02T09:00:00+00:00", "went_well": "also free"}],
        actions=[{"created_at": "2026-10-02T09:00:00+00:00", "text": "free action"}],
    )
    path = tmp_path / "noids.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    bb.ok("import", str(path))
    out = bb.export()
    assert [r["application_id"] for r in out["reflections"]] == [None, None]
    assert [a["reflection_id"] for a in out["actions"]] == [None]


def test_a_failure_while_writing_rolls_back_everything(bb, db, store_at, tmp_path):
    bb.add("Existing", "Dev")
    plan = interchange.plan_json(json.dumps(json_doc(json_app(1, "Acme", "applied"),
                                                     json_app(2, "Globex", "applied"))))
    plan.wins.append({"at": T(2026, 10, 1), "text": None, "kind": ""})  # NOT NULL breaks
    store = store_at(db)
    with pytest.raises(Exception):
        interchange.apply_plan(store, plan)
    assert [a.company for a in store.list_applications()] == ["Existing"]
    assert store.list_wins() == []


# --- CSV import ------------------------------------------------------------------------------


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(text, encoding=encoding, newline="")
    return str(path)


def local_day(instant: datetime) -> date:
    return instant.astimezone(local_zone()).date()


def test_csv_import_from_a_spreadsheet(bb, db, tmp_path, store_at):
    path = write(tmp_path, "jobs.csv", (
        "Company Name,Job Title,Status,Date Applied,Source,Location,URL,Notes,Salary\n"
        "Acme,Backend Engineer,Phone Screen,2024-03-04,LinkedIn,Zürich,https://acme.test,"
        "\"Met Jo, nice\nsecond line\",90k\n"
        "Globex,Data Engineer,Not Selected,2024-03-10,Referral,Remote,,,\n"
        "Initech,SRE,Rejectd,2024-04-01,,,,,\n"
        "\n"
        "Hooli,PM,,2024-04-02,,,,,\n"
    ))
    result = bb.run("import", path)  # a misspelt status is never guessed (issue 15)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("bounceback: unknown status 'Rejectd' (row 4): add --status "
                             "Rejectd=STAGE with STAGE one of saved, applied, screening, "
                             "interviewing, offer, accepted, declined, rejected, ghosted, "
                             "withdrawn or closed; nothing was imported\n")
    result = bb.run("import", path, "--status", "Rejectd=rejected")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("Imported 4 applications (7 stage events), 0 reflections, "
                             "0 wins, 0 actions. `bounceback undo` takes it back.\n")
    assert result.stderr == ("note: 3 statuses have no date in the file: kept with the date "
                             "unknown (shown so, and left out of bounce-back times)\n")
    rows = {r["company"]: r for r in bb.rows()}
    assert {c: (r["stage"], r["applied_on"]) for c, r in rows.items()} == {
        "Acme": ("screening", "2024-03-04"), "Globex": ("rejected", "2024-03-10"),
        "Initech": ("rejected", "2024-04-01"), "Hooli": ("applied", "2024-04-02")}
    acme = store_at(db).get_application(rows["Acme"]["id"])
    # The file says Acme reached a phone screen, not when: the date is unknown, not the
    # day of applying (the product notes' rule for undated events).
    assert [(e.stage, e.dated) for e in acme.events] == [("applied", True), ("screening", False)]
    assert acme.events[1].at == acme.events[0].at  # its place: after the step before
    assert "    date unknown      screening\n" in bb.ok("show", str(rows["Acme"]["id"]))
    app = acme.application
    assert (app.role, app.source, app.location, app.url, app.notes) == (
        "Backend Engineer", "LinkedIn", "Zürich", "https://acme.test", "Met Jo, nice\nsecond line")


def test_csv_import_from_a_huntr_like_board(bb, tmp_path):
    path = write(tmp_path, "huntr.csv", (
        "Company,Position,List,Application Date\n"
        "Acme,Dev,Wishlist,\n"
        "Globex,PM,Applied,\"Mar 4, 2024\"\n"
        "Initech,SRE,Interview,2024-03-05\n"
        "Hooli,QA,Offer,2024-03-06\n"
        "Umbrella,Ops,Rejected,2024-03-07\n"
    ))
    bb.ok("import", path)
    rows = {r["company"]: (r["stage"], r["applied_on"]) for r in bb.rows()}
    assert rows == {"Acme": ("saved", None), "Globex": ("applied", "2024-03-04"),
                    "Initech": ("interviewing", "2024-03-05"), "Hooli": ("offer", "2024-03-06"),
                    "Umbrella": ("rejected", "2024-03-07")}


@pytest.mark.parametrize(("delimiter", "bom"), [(";", ""), ("\t", ""), (",", "\ufeff")])
def test_csv_import_reads_semicolons_tabs_and_a_bom(bb, tmp_path, delimiter, bom):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerows([["Company", "Title", "Stage"], ["Acme, Inc", "Dev", "screening"]])
    text = bom + out.getvalue()
    bb.ok("import", write(tmp_path, "x.csv", text))
    assert [(r["company"], r["stage"]) for r in bb.rows()] == [("Acme, Inc", "screening")]


def test_own_csv_export_imports_back(bb, tmp_path):
    a = bb.add("Acme; Inc", "Dev; Ops", "--applied-on", "2024-03-01", "--source", "ref;x",
               "--notes", 'see "a";"b";"c"')
    bb.ok("move", str(a), "interviewing", "--on", "2024-03-08")
    bb.ok("move", str(a), "rejected", "--on", "2024-03-15")
    bb.add('Quote "Q", Ltd', "R, S", "--applied-on", "2024-03-02", "--notes",
           "line1\nline2", "--location", "Zürich", "--url", "https://q.test/?a=1,2")
    bb.add("Hooli", "PM", "--stage", "saved")
    bb.add("Tab\tCo", "QA", "--stage", "offer", "--applied-on", "yesterday")
    exported = bb.ok("export", "--format", "csv")
    path = write(tmp_path, "own.csv", exported)
    fresh = tmp_path / "fresh.db"
    bb.ok("import", path, db=fresh)

    def comparable(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return sorted((r["company"], r["role"], r["stage"], r["applied_on"],
                       local_day(datetime.fromisoformat(r["last_event_at"]))) for r in rows)

    again = json.loads(bb.ok("list", "--json", db=fresh))
    assert comparable(again) == comparable(bb.rows())
    original = list(csv.DictReader(io.StringIO(exported)))
    reexported = list(csv.DictReader(io.StringIO(bb.ok("export", "--format", "csv", db=fresh))))
    keep = ("company", "role", "stage", "applied_on", "source", "location", "url", "notes")
    assert sorted(tuple(r[k] for k in keep) for r in reexported) == sorted(
        tuple(r[k] for k in keep) for r in original)


def test_csv_unknown_status_is_reported_with_its_row(bb, db, tmp_path, file_state):
    bb.add("Existing", "Dev")
    path = write(tmp_path, "x.csv", "Company,Role,Status\nAcme,Dev,Applied\nB,C,Frobbed\n")
    before = file_state(db)
    message = bb.fails("import", path)
    assert message.startswith("unknown status 'Frobbed' (row 3): add --status Frobbed=STAGE "
                              "with STAGE one of saved, applied")
    assert file_state(db) == before


def test_csv_bad_row_in_the_middle_writes_nothing(bb, db, tmp_path, file_state):
    bb.add("Existing", "Dev")
    path = write(tmp_path, "x.csv", (
        "Company,Role,Status,Date Applied\n"
        "Acme,Dev,Applied,2024-03-01\n"
        "Globex,PM,Applied,2999-01-01\n"
        "Initech,SRE,Applied,2024-03-03\n"
    ))
    before = file_state(db)
    message = bb.fails("import", path)
    assert message.startswith("row 3: ") and "in the future" in message
    assert file_state(db) == before
    assert [r["company"] for r in bb.rows()] == ["Existing"]
    assert "row 3" in bb.fails("import", path, "--dry-run")


@pytest.mark.parametrize("row", [",Dev,Applied,2024-03-01", "Acme,,Applied,2024-03-01",
                                 "Acme,Dev,Applied,2024-02-30", "Acme,Dev,Applied,next week"])
def test_csv_rows_with_missing_or_impossible_values_are_refused(bb, db, tmp_path, row):
    path = write(tmp_path, "x.csv", "Company,Role,Status,Date Applied\nOK,Dev,,\n" + row + "\n")
    assert bb.fails("import", path).startswith("row 3: ")
    assert not db.exists()


def test_csv_ambiguous_days_need_an_order(bb, db, tmp_path):
    """The column settles the order when one of its values can only be read one way; only a
    column of values that read both ways asks, naming both readings (issue 15)."""
    path = write(tmp_path, "x.csv", "Company,Role,Date Applied\nAcme,Dev,03/04/2024\n"
                                    "Globex,PM,25/12/23\n")
    bb.ok("import", path)
    assert sorted(r["applied_on"] for r in bb.rows()) == ["2023-12-25", "2024-04-03"]
    other = bb.db.with_name("other.db")
    assert bb.fails("import", path, "--dates", "mdy", db=other).startswith(
        "row 3: 'Date Applied': '25/12/23' is not a real date")
    path = write(tmp_path, "y.csv", "Company,Role,Date Applied\nAcme,Dev,03/04/2024\n"
                                    "Globex,PM,05/06/2024\n")
    assert bb.fails("import", path, db=other) == (
        "column 'Date Applied': '03/04/2024' reads 3 Apr 2024 day first or 4 Mar 2024 month "
        "first; add --dates dmy or --dates mdy; nothing was imported")
    assert not other.exists()
    bb.ok("import", path, "--dates", "mdy", db=other)
    assert sorted(r["applied_on"] for r in bb.rows(db=other)) == ["2024-03-04", "2024-05-06"]


def test_csv_without_a_company_column_is_refused(bb, tmp_path):
    path = write(tmp_path, "x.csv", "Name,Title\nAcme,Dev\n")
    assert bb.fails("import", path) == "no Company column (found: Name, Title); nothing was " \
        "imported"
    assert "the CSV file is empty" in bb.fails("import", write(tmp_path, "e.csv", ""))


def test_csv_dry_run_reports_and_writes_nothing(bb, db, tmp_path):
    path = write(tmp_path, "x.csv", "Company,Role,Status\nAcme,Dev,Interview\nB,C,\n")
    out = bb.ok("import", path, "--dry-run")
    assert out == ("Columns\n"
                   "  Company  → company         Acme · B\n"
                   "  Role     → role            Dev · C\n"
                   "  Status   → stage           Interview\n"
                   "Statuses\n"
                   "  'Interview' → interviewing (1 row)\n"
                   "note: 1 status has no date in the file: kept with the date unknown "
                   "(shown so, and left out of bounce-back times)\n"
                   "Would import 2 applications (3 stage events), 0 reflections, 0 wins, "
                   "0 actions. Nothing was written.\n")
    assert not db.exists()


# --- exports ---------------------------------------------------------------------------------


def test_export_output_is_private_even_with_an_open_umask(bb, full_hunt, tmp_path):
    target = tmp_path / "out" / "hunt.json"
    target.parent.mkdir()
    old = os.umask(0)
    try:
        result = bb.run("export", "--output", str(target))
    finally:
        os.umask(old)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"Exported to {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert normalised(json.loads(target.read_text(encoding="utf-8"))) == normalised(bb.export())
    assert sorted(p.name for p in target.parent.iterdir()) == ["hunt.json"]


def test_export_refuses_to_overwrite_without_force(bb, full_hunt, tmp_path):
    target = tmp_path / "hunt.md"
    target.write_text("my own notes")
    os.chmod(target, 0o644)
    message = bb.fails("export", "--format", "markdown", "-o", str(target))
    assert "already exists" in message and "--force" in message
    assert target.read_text() == "my own notes"
    bb.ok("export", "--format", "markdown", "-o", str(target), "--force")
    assert target.read_text(encoding="utf-8").startswith("# BounceBack journal")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".hunt.md")) == []


def test_export_into_a_missing_folder_is_refused(bb, full_hunt, tmp_path):
    target = tmp_path / "nope" / "hunt.json"
    assert "cannot write" in bb.fails("export", "-o", str(target))
    assert not target.parent.exists()


def test_csv_export_has_one_row_per_application(bb, full_hunt):
    rows = list(csv.reader(io.StringIO(bb.ok("export", "--format", "csv"))))
    assert tuple(rows[0]) == interchange.CSV_COLUMNS
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert sorted(int(r["id"]) for r in records) == sorted(
        [full_hunt["acme"], full_hunt["globex"], full_hunt["hooli"]])
    acme = next(r for r in records if r["company"] == "Acme")
    assert (acme["stage"], acme["source"], acme["location"], acme["notes"]) == (
        "rejected", "referral", "Zürich", "Met Jo, \"nice\" team;\nsecond line")
    assert acme["applied_on"] == local_day(T(2026, 9, 1, 9)).isoformat()
    hooli = next(r for r in records if r["company"] == "Hooli")
    assert (hooli["stage"], hooli["applied_on"]) == ("saved", "")


def test_markdown_export_holds_histories_and_reflections_in_full(bb, full_hunt):
    text = bb.ok("export", "--format", "markdown")
    assert text.startswith("# BounceBack journal\n")
    assert "### Acme — Backend Engineer" in text
    for stage, note in (("applied", ""), ("screening", " — recruiter call"),
                        ("interviewing", ""), ("rejected", " — form email")):
        assert f" {stage}{note}\n" in text
    for answer in ("Not about me, mostly.", "Clear answers on the system design.",
                   "I like small teams.", "They wanted a manager.", "Platform roles, hands-on.",
                   "Finish the SQL course", "Apply to two platform roles",
                   "frustrated, doubting", "internal candidate, freeze", "team, values",
                   "2026-12-01", "Calm on the phone.", "Rest first.", "Sleep on it"):
        assert answer in text, answer
    for line in FEEDBACK.splitlines():
        assert (f"> {line}\n" if line else ">\n") in text
    assert "> Ask more about the team\n> before the final round.\n" in text
    assert "> Met Jo, \"nice\" team;\n> second line\n" in text
    assert text.count("(saved)") == 2 and text.count("(draft)") == 2
    assert "## Other reflections" in text
    assert "Kind words from Jo" in text and "Portfolio live" in text
    assert "- [x] Call Sam (due 2026-10-03)" in text
    assert "- [ ] Volunteer at the meetup" in text
    assert "- [ ] Finish the SQL course (due 2026-12-01)" in text


def test_export_of_an_empty_database(bb):
    doc = bb.export()
    assert (doc["applications"], doc["reflections"], doc["wins"], doc["actions"]) == (
        [], [], [], [])
    assert bb.ok("export", "--format", "csv") == ",".join(interchange.CSV_COLUMNS) + "\n"
    journal = bb.ok("export", "--format", "markdown")
    assert journal.startswith("# BounceBack journal\n")
    # An empty journal reports no absences (docs/voice.md): no empty sections, no "yet".
    assert "##" not in journal and "yet" not in journal


def test_csv_quoted_semicolons_do_not_fool_the_delimiter_guess(bb, tmp_path):
    text = ("id,company,role,stage,applied_on,last_activity,source,location,url,notes\n"
            "2,Acme,Dev,applied,2024-03-01,2024-03-01T12:00+00:00,,,,x\n"
            '1,Acme,Dev,applied,2024-03-01,2024-03-01T12:00+00:00,,,,"see ""a"";""b"";""c"""\n')
    bb.ok("import", write(tmp_path, "own.csv", text))
    assert sorted(a["notes"] for a in bb.export()["applications"]) == ['see "a";"b";"c"', "x"]


def test_csv_last_activity_dates_the_current_stage(bb, db, tmp_path, store_at):
    path = write(tmp_path, "x.csv", (
        "Company,Role,Status,Date Applied,Last Activity\n"
        "Acme,Dev,Rejected,2024-03-01,2024-03-20\n"
        "Globex,PM,Applied,2024-03-02,2024-03-09\n"
        "Hooli,QA,Saved,,2024-02-10T08:30+00:00\n"
        "Initech,SRE,Interview,2024-03-05,2024-03-01\n"
    ))
    bb.ok("import", path)
    store = store_at(db)
    days = {r["company"]: [(e.stage, local_day(e.at).isoformat())
                           for e in store.get_application(r["id"]).events]
            for r in bb.rows()}
    assert days == {
        "Acme": [("applied", "2024-03-01"), ("rejected", "2024-03-20")],
        "Globex": [("applied", "2024-03-02")],
        "Hooli": [("saved", local_day(T(2024, 2, 10, 8, 30)).isoformat())],
        "Initech": [("applied", "2024-03-05"), ("interviewing", "2024-03-05")],  # never before
    }


def test_csv_unreadable_last_activity_is_reported_with_its_row(bb, db, tmp_path):
    path = write(tmp_path, "x.csv", "Company,Role,Status,Date Applied,Last Activity\n"
                                    "Acme,Dev,Rejected,2024-03-01,soon\n")
    assert bb.fails("import", path).startswith(
        "row 2: 'Last Activity': cannot read the date 'soon'")
    assert not db.exists()


def test_export_output_dash_means_standard_output(bb, full_hunt, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = bb.ok("export", "--format", "csv", "-o", "-")
    assert text.startswith("id,company,role,") and text.count("\n") >= 4
    assert not (tmp_path / "-").exists()


def test_csv_with_very_long_notes_imports_back(bb, tmp_path):
    notes = "a pasted job description. " * 8000  # ~200 kB, beyond csv's default cell limit
    bb.add("Acme", "Dev", "--notes", notes)
    path = write(tmp_path, "own.csv", bb.ok("export", "--format", "csv"))
    fresh = tmp_path / "fresh.db"
    bb.ok("import", path, db=fresh)
    assert bb.export(db=fresh)["applications"][0]["notes"] == notes  # own export: exact


def test_csv_with_an_unclosed_quote_is_refused_not_swallowed(bb, db, tmp_path):
    path = write(tmp_path, "x.csv", 'Company,Role,Notes\nAcme,Dev,"oops\nGlobex,PM,x\n')
    message = bb.fails("import", path)
    assert message.startswith("line 3: not readable as CSV")
    assert not db.exists()
