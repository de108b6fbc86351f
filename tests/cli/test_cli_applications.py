"""`bounceback add / move / list / show / delete / undo` against real database files."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pendulum
import pytest

from bounceback_tui.domain.dates import local_zone


def local_today() -> date:
    return pendulum.now(local_zone()).date()


def local_day(instant: datetime) -> date:
    return instant.astimezone(local_zone()).date()


# --- add -------------------------------------------------------------------------------------


def test_add_prints_only_the_id_and_defaults_to_applied_today(bb, db, store_at):
    assert bb.ok("add", "Acme", "Backend Engineer") == "1\n"
    assert bb.ok("add", "Globex", "Data Engineer") == "2\n"

    detail = store_at(db).get_application(1)
    app = detail.application
    assert (app.company, app.role, app.stage) == ("Acme", "Backend Engineer", "applied")
    assert [e.stage for e in detail.events] == ["applied"]
    assert local_day(app.applied_at) == local_today()
    assert app.applied_at.utcoffset() == timedelta(0)


def test_add_with_stage_and_a_day_records_applied_then_that_stage(bb, db, store_at):
    app_id = bb.add("Initech", "SRE", "--stage", "interviewing", "--applied-on", "2024-03-05",
                    "--source", "referral", "--location", "Remote", "--url", "https://x.test/1",
                    "--notes", "two rounds\nthen a take-home")
    detail = store_at(db).get_application(app_id)
    assert [e.stage for e in detail.events] == ["applied", "interviewing"]
    assert {local_day(e.at) for e in detail.events} == {date(2024, 3, 5)}
    app = detail.application
    assert (app.stage, app.source, app.location, app.url, app.notes) == (
        "interviewing", "referral", "Remote", "https://x.test/1", "two rounds\nthen a take-home")
    [row] = bb.rows()
    assert (row["stage"], row["applied_on"]) == ("interviewing", "2024-03-05")


@pytest.mark.parametrize(
    ("typed", "days_back"),
    [("today", 0), ("yesterday", 1), ("3 days ago", 3), ("2 weeks ago", 14)],
)
def test_add_applied_on_relative_forms(bb, typed, days_back):
    bb.add("Acme", "Dev", "--applied-on", typed)
    [row] = bb.rows()
    assert row["applied_on"] == (local_today() - timedelta(days=days_back)).isoformat()


def test_add_applied_on_iso_instant_with_offset_keeps_the_instant(bb, db, store_at):
    app_id = bb.add("Acme", "Dev", "--applied-on", "2024-03-10T09:30+01:00")
    app = store_at(db).get_application(app_id).application
    assert app.applied_at == datetime(2024, 3, 10, 8, 30, tzinfo=UTC)


def test_add_saved_records_only_saved_and_no_applied_day(bb, db, store_at):
    app_id = bb.add("Hooli", "PM", "--stage", "saved")
    detail = store_at(db).get_application(app_id)
    assert [e.stage for e in detail.events] == ["saved"]
    assert detail.application.applied_at is None
    [row] = bb.rows()
    assert (row["stage"], row["applied_on"]) == ("saved", None)


def test_add_stage_ignores_case(bb):
    bb.add("Acme", "Dev", "--stage", "Screening")
    assert bb.rows()[0]["stage"] == "screening"


def test_control_characters_are_stored_exactly_and_shown_visibly(bb, db, store_at):
    company = "Evil\x1b[31mCo\x07\x9b"
    role = "Role\u202eX"
    app_id = bb.add(company, role, "--notes", "line one\nline\x1b two")

    app = store_at(db).get_application(app_id).application
    assert (app.company, app.role, app.notes) == (company, role, "line one\nline\x1b two")
    assert bb.rows()[0]["company"] == company  # JSON output keeps the exact text

    table = bb.ok("list")
    assert "Evil␛[31mCo␇<U+009B>" in table
    assert "Role<U+202E>X" in table
    shown = bb.ok("show", str(app_id))
    assert "Evil␛[31mCo␇<U+009B> — Role<U+202E>X" in shown
    assert "line␛ two" in shown
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in table
        assert raw not in shown


# --- move ------------------------------------------------------------------------------------


def test_move_with_a_day_and_a_note(bb, db, store_at):
    app_id = bb.add("Acme", "Dev", "--applied-on", "10 days ago")
    day = local_today() - timedelta(days=5)
    out = bb.ok("move", str(app_id), "screening", "--on", "5 days ago", "--note",
                "Recruiter called")
    assert out == f"Acme — Dev: applied → screening ({day.isoformat()})\n"

    detail = store_at(db).get_application(app_id)
    last = detail.events[-1]
    assert (last.stage, last.note, local_day(last.at)) == ("screening", "Recruiter called", day)
    assert detail.application.stage == "screening"
    assert bb.rows()[0]["last_event_at"] == detail.application.last_activity_at.isoformat()


def test_move_to_a_no_offers_a_reflection_and_defaults_to_now(bb, db, store_at):
    app_id = bb.add("Acme", "Dev", "--applied-on", "yesterday")
    out = bb.ok("move", str(app_id), "REJECTED")
    today = local_today().isoformat()
    assert out.splitlines()[0] == f"Acme — Dev: applied → rejected ({today})"
    assert "reflection" in out.splitlines()[1]
    assert store_at(db).get_application(app_id).application.stage == "rejected"


def test_move_unknown_id_is_refused(bb, db, file_state):
    bb.add("Acme", "Dev")
    before = file_state(db)
    message = bb.fails("move", "99", "screening")
    assert "no application with id 99" in message
    assert file_state(db) == before


def test_move_unknown_stage_is_refused(bb, db, file_state):
    bb.add("Acme", "Dev")
    before = file_state(db)
    message = bb.fails("move", "1", "phone-screen")
    assert "'phone-screen' is not one of" in message and "screening" in message
    assert file_state(db) == before


def test_move_dated_before_the_last_event_is_refused(bb, db, store_at, file_state):
    bb.add("Acme", "Dev", "--applied-on", "3 days ago")
    before = file_state(db)
    message = bb.fails("move", "1", "screening", "--on", "5 days ago")
    assert "cannot be dated before" in message
    assert file_state(db) == before
    assert [e.stage for e in store_at(db).get_application(1).events] == ["applied"]


def test_move_to_the_same_stage_is_refused(bb, db, file_state):
    bb.add("Acme", "Dev")
    before = file_state(db)
    assert "already at applied" in bb.fails("move", "1", "applied")
    assert file_state(db) == before


# --- list ------------------------------------------------------------------------------------


def test_list_table_shows_every_application(bb):
    bb.add("Acme", "Backend Engineer", "--applied-on", "2024-03-05")
    bb.add("Globex", "Data Engineer", "--stage", "screening", "--applied-on", "2024-04-01")
    lines = bb.ok("list").splitlines()
    assert lines[0].split() == ["ID", "COMPANY", "ROLE", "STAGE", "APPLIED", "LAST"]
    assert lines[1].split() == ["2", "Globex", "Data", "Engineer", "screening", "2024-04-01",
                                "2024-04-01"]
    assert lines[2].split() == ["1", "Acme", "Backend", "Engineer", "applied", "2024-03-05",
                                "2024-03-05"]
    assert len(lines) == 3


def test_list_table_cuts_long_names_to_the_column(bb):
    bb.add("A" * 60, "R" * 80)
    line = bb.ok("list").splitlines()[1]
    assert "A" * 27 + "…" in line and "A" * 28 not in line
    assert "R" * 35 + "…" in line and "R" * 36 not in line


def test_list_on_an_empty_database_says_how_to_start(bb):
    assert "bounceback add COMPANY ROLE" in bb.ok("list")
    assert bb.rows() == []


def test_list_json_has_exactly_the_documented_keys(bb):
    bb.add("Acme", "Dev", "--applied-on", "2024-03-05")
    [row] = bb.rows()
    assert set(row) == {"id", "company", "role", "stage", "applied_on", "last_event_at"}
    assert (row["id"], row["company"], row["role"], row["stage"], row["applied_on"]) == (
        1, "Acme", "Dev", "applied", "2024-03-05")
    last = datetime.fromisoformat(row["last_event_at"])
    assert last.utcoffset() is not None and local_day(last) == date(2024, 3, 5)


def test_list_filters_by_stage(bb):
    bb.add("Acme", "Dev")
    bb.add("Globex", "Dev", "--stage", "screening")
    bb.add("Initech", "Dev", "--stage", "screening")
    assert {r["company"] for r in bb.rows("--stage", "screening")} == {"Globex", "Initech"}
    assert [r["company"] for r in bb.rows("--stage", "applied")] == ["Acme"]
    assert bb.rows("--stage", "offer") == []
    assert bb.ok("list", "--stage", "offer") == "No applications match.\n"


@pytest.mark.parametrize("needle", ["zürich", "ZÜRICH", "Zürich", "züRICH"])
def test_list_search_ignores_case_beyond_ascii(bb, needle):
    bb.add("Acme", "Dev", "--location", "Zürich")
    bb.add("Globex", "Dev", "--location", "Berlin")
    bb.add("Straße GmbH", "Dev")
    assert [r["company"] for r in bb.rows("--search", needle)] == ["Acme"]
    assert [r["company"] for r in bb.rows("--search", "STRASSE")] == ["Straße GmbH"]


def test_list_search_looks_in_company_role_source_location_and_notes(bb):
    bb.add("Acme", "Dev")
    bb.add("Globex", "Data Wrangler")
    bb.add("Initech", "Dev", "--source", "WRANGLERS meetup")
    bb.add("Hooli", "Dev", "--notes", "ask about the wrangler team")
    bb.add("Wrangle Ltd", "Dev")
    found = {r["company"] for r in bb.rows("--search", "Wrangle")}
    assert found == {"Globex", "Initech", "Hooli", "Wrangle Ltd"}
    assert bb.ok("list", "--search", "nothing like this") == "No applications match.\n"


def test_list_orders_active_first_then_most_recent(bb):
    a = bb.add("Old Active", "Dev", "--applied-on", "10 days ago")
    b = bb.add("Moved Recently", "Dev", "--applied-on", "20 days ago")
    bb.ok("move", str(b), "screening", "--on", "2 days ago")
    c = bb.add("Rejected Yesterday", "Dev", "--applied-on", "5 days ago")
    bb.ok("move", str(c), "rejected", "--on", "yesterday")
    d = bb.add("Withdrawn Today", "Dev", "--applied-on", "3 days ago")
    bb.ok("move", str(d), "withdrawn")
    e = bb.add("Saved Now", "Dev", "--stage", "saved")
    f = bb.add("Offer Long Ago", "Dev", "--stage", "offer", "--applied-on", "30 days ago")
    assert [r["id"] for r in bb.rows()] == [e, b, a, f, d, c]
    table_ids = [int(line.split()[0]) for line in bb.ok("list").splitlines()[1:]]
    assert table_ids == [e, b, a, f, d, c]


# --- show ------------------------------------------------------------------------------------


def test_show_prints_details_history_and_notes(bb):
    app_id = bb.add("Acme", "Dev", "--applied-on", "2024-03-05", "--source", "referral",
                    "--location", "Remote", "--url", "https://x.test/job",
                    "--notes", "first line\nsecond line")
    bb.ok("move", str(app_id), "interviewing", "--on", "2024-03-12", "--note", "panel")
    bb.ok("move", str(app_id), "rejected", "--on", "2024-03-20", "--note", "form email")
    lines = bb.ok("show", str(app_id)).splitlines()
    assert lines[0] == "Acme — Dev  (id 1, rejected)"
    assert "  Source: referral" in lines
    assert "  Location: Remote" in lines
    assert "  Link: https://x.test/job" in lines
    assert "  Furthest stage reached: interviewing" in lines
    history = [line.split(None, 2) for line in lines if line.startswith("    2024-")]
    assert [(h[0], h[2]) for h in history] == [
        ("2024-03-05", "applied"), ("2024-03-12", "interviewing — panel"),
        ("2024-03-20", "rejected — form email")]
    assert lines[-3:] == ["  Notes:", "    first line", "    second line"]


def test_show_unknown_id_is_refused(bb):
    assert "no application with id 7" in bb.fails("show", "7")


# --- delete and undo -------------------------------------------------------------------------


def test_delete_with_yes_removes_the_application_and_its_history(bb, db, store_at):
    keep = bb.add("Globex", "Dev")
    gone = bb.add("Acme", "Dev")
    bb.ok("move", str(gone), "screening")
    out = bb.ok("delete", str(gone), "--yes")
    assert out == "Deleted Acme — Dev and its history.\n"  # for good: no undo promised
    assert [r["id"] for r in bb.rows()] == [keep]
    assert "no application with id" in bb.fails("show", str(gone))


def test_delete_without_yes_and_no_terminal_is_refused(bb, db, file_state):
    bb.add("Acme", "Dev")
    before = file_state(db)
    assert "add --yes" in bb.fails("delete", "1", input="y\n")
    assert file_state(db) == before
    assert [r["company"] for r in bb.rows()] == ["Acme"]


def test_delete_unknown_id_is_refused(bb, db, file_state):
    bb.add("Acme", "Dev")
    before = file_state(db)
    assert "no application with id 5" in bb.fails("delete", "5", "--yes")
    assert file_state(db) == before


def test_undo_takes_back_several_changes_in_reverse_order(bb, db, store_at):
    acme = bb.add("Acme", "Dev", "--applied-on", "4 days ago")
    globex = bb.add("Globex", "PM", "--applied-on", "3 days ago")
    bb.ok("move", str(globex), "interviewing", "--on", "2 days ago", "--note", "onsite")
    bb.ok("delete", str(acme), "--yes")

    # A delete is for good once its command ends (its words leave the undo log with every
    # entry about Acme); undo takes back the changes before it.
    assert bb.ok("undo") == "Undid: moved Globex to interviewing\n"
    assert [e.stage for e in store_at(db).get_application(globex).events] == ["applied"]
    assert bb.rows("--stage", "applied")[0]["id"] == globex
    assert {r["id"] for r in bb.rows()} == {globex}

    assert bb.ok("undo") == "Undid: added Globex — PM\n"
    assert bb.rows() == []
    assert bb.ok("undo") == "Nothing to undo.\n"


def test_undo_on_a_new_database_has_nothing_to_take_back(bb):
    assert bb.ok("undo") == "Nothing to undo.\n"


# --- machine output: exact when piped, harmless on a terminal --------------------------------


def test_piped_exports_keep_escape_sequences_exactly(bb):
    bb.add("A\x1b[31mB\u009b", "Dev\u202e")
    csv_text = bb.ok("export", "--format", "csv")
    assert "A\x1b[31mB\u009b,Dev\u202e," in csv_text
    # Markdown escapes `[` (a link's start) with a backslash; the control bytes stay exact.
    assert "### A\x1b\\[31mB\u009b — Dev\u202e" in bb.ok("export", "--format", "markdown")
    assert bb.export()["applications"][0]["company"] == "A\x1b[31mB\u009b"


def test_machine_output_on_a_terminal_shows_control_characters(bb, monkeypatch):
    import bounceback_tui.cli as main

    bb.add("A\x1b[31mB\u009b", "Dev\u202e", "--notes", "one\ntwo")
    monkeypatch.setattr(main, "_stdout_is_terminal", lambda: True)
    outputs = [bb.ok("export", "--format", fmt) for fmt in ("csv", "markdown", "json")]
    outputs.append(bb.ok("list", "--json"))
    for out in outputs:
        for raw in ("\x1b", "\u009b", "\u202e"):
            assert raw not in out
    assert "A␛[31mB<U+009B>,Dev<U+202E>," in outputs[0]
    assert '"one\ntwo"' in outputs[0]  # line feeds stay line feeds
    assert '"role": "Dev<U+202E>"' in outputs[3]


def test_text_that_is_not_utf8_is_refused_in_one_line(bb, db, file_state):
    bb.add("Acme", "Dev")
    before = file_state(db)
    assert "not valid UTF-8" in bb.fails("add", "Caf\udce9", "Dev")
    assert "not valid UTF-8" in bb.fails("move", "1", "screening", "--note", "x\udc9b")
    assert file_state(db) == before


def test_delete_keeps_reflections_and_undo_links_them_again(bb, db, store_at):
    """A delete can be undone by the window that made it while it runs (here one Store,
    as the dashboard holds one); the reflections about it are linked again."""
    app_id = bb.add("Acme", "Dev", "--applied-on", "3 days ago")
    bb.ok("move", str(app_id), "rejected", "--on", "yesterday")
    store = store_at(db)
    reflection = store.save_reflection({"went_well": "calm"}, application_id=app_id,
                                       status="saved")
    store.delete_application(app_id)
    assert store.get_reflection(reflection.id).application_id is None
    assert bb.ok("undo") == "Undid: deleted Acme — Dev\n"  # while the deleting Store is open
    assert store.get_reflection(reflection.id).application_id == app_id
    assert [e.stage for e in store.get_application(app_id).events] == ["applied", "rejected"]
