"""Moving in from another tracker (issue 15): each real export format imports as exported,
with no flags; nothing is lost; one file is one change (dry run, re-import, undo); every
problem is listed at once.

The fixtures (tests/fixtures/imports/) have the shapes described, with sources, in
docs/import-formats.md; their companies and people are made up.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pendulum
import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
BERLIN = ZoneInfo("Europe/Berlin")
NOW = pendulum.datetime(2026, 12, 6, 9, 30, tz="Europe/Berlin")


@pytest.fixture(autouse=True)
def frozen(monkeypatch) -> Iterator[None]:
    """One clock and one zone: `9/19` is the last 19 September before today, wherever the
    machine is and whenever the test runs."""
    monkeypatch.setattr("bounceback_tui.domain.dates.local_zone", lambda: BERLIN)
    with pendulum.travel_to(NOW, freeze=True):
        yield


def imported(bb, name: str, *options: str) -> dict[str, dict]:
    """Import a fixture; every application by company, with its events and notes."""
    out = bb.ok("import", str(FIXTURES / name), *options)
    assert out.startswith("Imported ")
    return {app["company"]: app for app in bb.export()["applications"]}


def stages(app: dict) -> list[str]:
    return [event["stage"] for event in app["events"]]


def local(instant: str) -> str:
    return pendulum.parse(instant).in_timezone("Europe/Berlin").format("YYYY-MM-DD HH:mm")


def test_linkedin_applications_keep_the_minute_and_every_other_column(bb) -> None:
    apps = imported(bb, "linkedin-job-applications.csv")
    assert len(apps) == 6 and {tuple(stages(a)) for a in apps.values()} == {("applied",)}
    northfield = apps["Northfield Robotics"]
    assert local(northfield["events"][0]["at"]) == "2026-03-05 09:41"
    assert northfield["url"] == "http://www.linkedin.com/jobs/view/4190000102"
    assert "Imported from linkedin-job-applications.csv:" in northfield["notes"]
    assert "Resume Name: Jamie_Rivera_CV.pdf" in northfield["notes"]
    assert "How many years of work experience do you have with Python?:6" in northfield["notes"]
    people = bb.export()["contacts"]
    assert [p["email"] for p in people] == ["jamie.rivera@example.com"] * 2


def test_linkedin_saved_jobs_are_saved_and_a_job_already_applied_for_is_skipped(bb) -> None:
    imported(bb, "linkedin-job-applications.csv")
    imported(bb, "linkedin-job-applications_1.csv")
    out = bb.ok("import", str(FIXTURES / "linkedin-saved-jobs.csv"))
    assert out.endswith("; 1 already in your hunt, skipped. `bounceback undo` takes it back.\n")
    apps = {(a["company"], a["role"]): a for a in bb.export()["applications"]}
    assert len(apps) == 6 + 2 + 4
    assert stages(apps[("Corvid Systems", "Staff Data Engineer")]) == ["saved"]
    assert stages(apps[("Northfield Robotics", "Platform Engineer")]) == ["applied"]


def test_jobsync_yes_no_column_is_not_a_date_and_archived_invents_no_rejection(bb) -> None:
    apps = imported(bb, "jobsync.csv")
    assert stages(apps["Brightwell Analytics"]) == ["saved"]
    assert stages(apps["Northfield Robotics"]) == ["saved", "applied"]
    assert [e["at"][:10] for e in apps["Northfield Robotics"]["events"]] == [
        "2026-03-04", "2026-03-05"]
    assert stages(apps["Orchard Health"]) == ["saved", "withdrawn"]  # Expired, never sent
    westmere = apps["Westmere Labs"]
    assert stages(westmere) == ["saved", "applied", "withdrawn"]
    assert westmere["events"][-1]["note"] == "Archived in the file"
    assert "applied: Yes" in westmere["notes"] and "index" not in westmere["notes"]
    stats = json.loads(bb.ok("stats", "--json"))
    assert (stats["by_stage"]["rejected"], stats["by_stage"]["withdrawn"]) == (1, 2)


def test_notion_emoji_statuses_dates_with_times_pay_and_follow_ups(bb) -> None:
    apps = imported(bb, "notion-job-applications.csv")
    assert stages(apps["Brightwell Analytics"]) == ["saved"]
    assert stages(apps["Saltbox Media"]) == ["saved", "applied", "screening"]
    assert stages(apps["Quillmark, Inc."])[-1] == "interviewing"
    assert stages(apps["Orchard Health"]) == ["saved", "applied"]  # On Hold: no change
    assert local(apps["Brightwell Analytics"]["events"][0]["at"]) == "2026-03-07 14:20"
    assert apps["Brightwell Analytics"]["follow_up_on"] == "2026-03-12"
    assert apps["Brightwell Analytics"]["details"]["pay"] == "$150k-175k"
    assert "Priority: 🔥 High" in apps["Brightwell Analytics"]["notes"]
    northfield = apps["Northfield Robotics"]
    assert northfield["notes"].startswith("Referred by former colleague\n\nImported from")


def test_teal_words_keep_their_meaning(bb) -> None:
    apps = imported(bb, "teal-UNVERIFIED.csv")
    assert stages(apps["Brightwell Analytics"]) == ["saved"]
    assert stages(apps["Harbor & Pine"])[-1] == "offer"  # Negotiating
    assert stages(apps["Lumen Freight"])[-1] == "rejected"  # Not Selected
    assert stages(apps["Orchard Health"])[-1] == "ghosted"  # No Response
    assert stages(apps["Westmere Labs"])[-1] == "withdrawn"  # I Withdrew
    northfield = apps["Northfield Robotics"]
    assert northfield["follow_up_on"] == "2026-03-12"
    assert northfield["details"]["excitement"] == 5


def test_simplify_status_dates_date_each_outcome(bb) -> None:
    apps = imported(bb, "simplify.csv")
    lumen = apps["Lumen Freight"]
    assert [(e["stage"], e["at"][:10]) for e in lumen["events"]] == [
        ("applied", "2026-01-09"), ("rejected", "2026-02-10")]
    assert stages(apps["Brightwell Analytics"]) == ["saved"]  # Applied Date N/A


def test_huntr_activity_log_is_one_history_per_job(bb) -> None:
    apps = imported(bb, "huntr-cli-activities.csv")
    assert len(apps) == 4
    quillmark = apps["Quillmark, Inc."]
    assert [(e["stage"], e["at"][:16]) for e in quillmark["events"]] == [
        ("applied", "2026-02-27T23:01"), ("interviewing", "2026-03-09T16:02")]
    lumen = apps["Lumen Freight"]
    assert [(e["stage"], e["at"][:10]) for e in lumen["events"]] == [
        ("applied", "2026-01-09"), ("rejected", "2026-02-10")]
    assert stages(apps["Northfield Robotics"]) == ["applied"]  # a note changes nothing


def test_a_sheet_without_years_and_free_text_statuses(bb) -> None:
    apps = imported(bb, "google-sheets-user-shape.csv")
    assert apps["Brightwell Analytics"]["events"][0]["at"][:10] == "2026-09-19"
    assert stages(apps["Lumen Freight"])[-1] == "accepted"  # "Accepted!"
    assert stages(apps["Orchard Health"]) == ["saved"]  # In Progress: not sent yet


def test_unknown_words_and_bad_rows_are_all_listed_at_once_and_nothing_is_written(
        bb, db: Path, tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("Company,Role,Status,Date Applied\n"
                    "Acme,Dev,Heard back?,2026-11-02\n"
                    ",PM,Applied,2026-11-03\n"
                    "Initech,SRE,Unsent,2026-11-04\n"
                    "Hooli,QA,Heard back?,2999-01-01\n"
                    "Umbrella,Ops,Applied,someday\n")
    result = bb.run("import", str(path))
    assert result.exit_code == 1 and result.stdout == "" and not db.exists()
    assert result.stderr.splitlines() == [
        "bounceback: row 3: the company is empty",
        "bounceback: row 5: 'Date Applied': '2999-01-01' is in the future",
        "bounceback: row 6: 'Date Applied': cannot read the date 'someday'",
        "bounceback: unknown status 'Heard back?' (rows 2, 5): add --status 'Heard back?'=STAGE "
        "with STAGE one of saved, applied, screening, interviewing, offer, accepted, declined, "
        "rejected, ghosted, withdrawn or closed",
        "bounceback: unknown status 'Unsent' (row 4): add --status Unsent=STAGE with STAGE one "
        "of saved, applied, screening, interviewing, offer, accepted, declined, rejected, "
        "ghosted, withdrawn or closed",
        "bounceback: nothing was imported (5 problems in mine.csv)",
    ]
    refused = bb.run("import", str(path), "--status", "Unsent=applied")
    assert refused.exit_code == 1
    assert "'Unsent' says no, so it cannot mean applied" in refused.stderr


def test_one_file_is_one_change_backed_up_skipped_when_again_and_undone_whole(
        bb, db: Path, tmp_path: Path) -> None:
    bb.add("Existing", "Dev")
    dry = bb.ok("import", "--dry-run", str(FIXTURES / "teal-UNVERIFIED.csv"))
    assert "  Job Position  → role            Senior Data Engineer · Platform Engineer" in dry
    assert "  'Negotiating' → offer (1 row)" in dry
    assert dry.endswith("Nothing was written.\n") and len(bb.rows()) == 1
    imported(bb, "teal-UNVERIFIED.csv")
    assert list((db.parent / "backups").iterdir())  # a copy from before the import
    assert len(bb.rows()) == 8
    again = bb.ok("import", str(FIXTURES / "teal-UNVERIFIED.csv"))
    assert again == ("Nothing new in teal-UNVERIFIED.csv: its 7 applications are already in "
                     "your hunt.\n")
    assert bb.ok("undo").startswith("Undid: imported 7 applications")
    assert [r["company"] for r in bb.rows()] == ["Existing"]


def test_own_csv_export_round_trips_the_stats(bb, tmp_path: Path) -> None:
    """The furthest stage reached travels with the CSV, so the funnel and every metric
    come back the same in a new file."""
    a = bb.add("Acme", "Dev", "--applied-on", "2026-10-01")
    bb.ok("move", str(a), "screening", "--on", "2026-10-05")
    bb.ok("move", str(a), "interviewing", "--on", "2026-10-09")
    bb.ok("move", str(a), "rejected", "--on", "2026-10-20")
    b = bb.add("Globex", "PM", "--applied-on", "2026-10-02")
    bb.ok("move", str(b), "offer", "--on", "2026-11-01")
    bb.add("Hooli", "QA", "--stage", "saved")
    path = tmp_path / "own.csv"
    path.write_text(bb.ok("export", "--format", "csv"))
    fresh = tmp_path / "fresh.db"
    bb.ok("import", str(path), db=fresh)
    assert bb.ok("stats", "--json", db=fresh) == bb.ok("stats", "--json")
    assert date.fromisoformat(bb.rows(db=fresh)[0]["applied_on"] or "2026-10-01")


def test_a_linkedin_download_is_read_as_it_comes_one_change(bb, tmp_path: Path) -> None:
    """The zip itself: its split application files, then its saved jobs (a saved job already
    applied for is left out), imported as one change."""
    import zipfile

    archive = tmp_path / "Basic_LinkedInDataExport_12-06-2026.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("Profile.csv", "First Name,Last Name\nJamie,Rivera\n")
        for name in ("linkedin-saved-jobs.csv", "linkedin-job-applications.csv",
                     "linkedin-job-applications_1.csv"):
            inner = {"linkedin-saved-jobs.csv": "Saved Jobs.csv",
                     "linkedin-job-applications.csv": "Job Applications.csv",
                     "linkedin-job-applications_1.csv": "Job Applications_1.csv"}[name]
            out.write(FIXTURES / name, f"Jobs/{inner}")
    out_text = bb.ok("import", str(archive))
    assert out_text.startswith("Imported 12 applications")  # 6 + 2 + 5 saved, 1 of them known
    apps = {(a["company"], a["role"]): a for a in bb.export()["applications"]}
    assert stages(apps[("Northfield Robotics", "Platform Engineer")]) == ["applied"]
    assert stages(apps[("Meridian Bank", "Data Platform Lead")]) == ["saved"]
    assert "Imported from Basic_LinkedInDataExport_12-06-2026.zip" in apps[
        ("Northfield Robotics", "Platform Engineer")]["notes"]
    assert bb.ok("undo").startswith("Undid: imported 12 applications")
    assert bb.rows() == []


def test_a_notion_export_zip_uses_the_all_rows_file(bb, tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "Export-0c1d.zip"
    text = (FIXTURES / "notion-job-applications.csv").read_bytes()
    hex_id = "2f4c8b43e5658142a060f4e3c920e7f4"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr(f"Job Applications {hex_id}.csv", text.splitlines(keepends=True)[0]
                     + text.splitlines(keepends=True)[1])  # the current view: one row
        out.writestr(f"Job Applications {hex_id}_all.csv", text)
        out.writestr(f"Job Applications/Brightwell {hex_id}.md", "# Brightwell\n")
    assert bb.ok("import", str(archive)).startswith("Imported 8 applications")


def test_an_xlsx_workbook_first_sheet_or_the_one_named(bb, tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "Hunt"
    first.append(["Company", "Job Title", "Status", "Date Applied", "Excitement"])
    first.append(["Acme", "Dev", "Interviewing", datetime(2026, 11, 3), 4])
    first.append(["Globex", "PM", "Not Selected", datetime(2026, 10, 30, 14, 5), None])
    other = book.create_sheet("Old")
    other.append(["Company", "Role"])
    other.append(["Initech", "SRE"])
    path = tmp_path / "hunt.xlsx"
    book.save(path)
    dry = bb.ok("import", "--dry-run", str(path))
    assert "note: sheet 'Hunt' (of 2; --sheet NAME reads another)" in dry
    bb.ok("import", str(path))
    apps = {a["company"]: a for a in bb.export()["applications"]}
    assert stages(apps["Acme"]) == ["applied", "interviewing"]
    assert apps["Acme"]["details"]["excitement"] == 4
    assert local(apps["Globex"]["events"][0]["at"]) == "2026-10-30 14:05"
    assert bb.ok("import", "--sheet", "Old", str(path)).startswith("Imported 1 applications")
    assert bb.fails("import", "--sheet", "New", str(path)) == (
        "hunt.xlsx: no sheet 'New'; its sheets are 'Hunt', 'Old'")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert "broken.xlsx: not a readable .xlsx workbook" in bb.fails("import", str(broken))
