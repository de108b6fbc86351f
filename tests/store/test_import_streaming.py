"""A large spreadsheet is imported without holding it (issue 15, "Speed and memory"): a CSV
file is read from the disk at each pass, each application is handed over as soon as its
job's rows are all read, and a problem found while writing takes everything back. Reading
the file lazily gives exactly what reading its text at once gives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bounceback_tui.store import Store
from bounceback_tui.store.csv_import import CsvImportError, plan_csv, text_rows
from bounceback_tui.store.import_files import read_tables
from bounceback_tui.store.interchange import apply_plan, export_document

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
"""Every date in these files is before this (the machine's clock may be anywhere)."""
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"

LOG = ("Date,Type,Company,Job,Status\n"
       "2026-03-01,JOB_MOVED,Acme,Dev,Applied\n"
       "2026-03-02,JOB_MOVED,Globex,PM,Applied\n"
       "2026-03-03,JOB_MOVED,Initech,SRE,Applied\n"
       "2026-03-04,JOB_MOVED,Globex,PM,Interview\n"
       "2026-03-09,JOB_MOVED,Acme,Dev,Rejected\n")
"""An activity log: Acme's rows are first and last, Globex's second and fourth."""


def written(store: Store) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """Each application (by id) and its events, as the export writes them."""
    document = export_document(store)
    return [(app["company"], [(e["stage"], e["at"], e.get("dated", True)) for e in app["events"]])
            for app in document["applications"]]


@pytest.mark.parametrize("name", ["huntr-cli-activities.csv", "linkedin-job-applications.csv",
                                  "notion-job-applications.csv", "teal-UNVERIFIED.csv",
                                  "google-sheets-generic.csv"])
def test_a_file_read_lazily_imports_what_its_text_imports(tmp_path: Path, name: str) -> None:
    path = FIXTURES / name
    (table,) = read_tables(path)
    assert table.rows is not None and table.text == ""  # read from the disk, not held
    results = []
    for label, rows, lazy in (("text", path.read_text(encoding="utf-8-sig"), False),
                              ("file", table.rows, True)):
        plan = plan_csv(rows, now=NOW, tz=UTC, source=name, lazy=lazy)
        with Store.open(tmp_path / f"{label}.db") as store:
            result = apply_plan(store, plan, source=name)
            results.append((result.summary, written(store)))
    assert results[0] == results[1]
    assert results[0][1]  # something was imported


class Counted:
    """A CSV text's rows that count how many have been read in the current pass."""

    def __init__(self, text: str) -> None:
        self.source, self.read = text_rows(text), 0

    def __call__(self) -> Iterator[list[str]]:
        self.read = 0
        for row in self.source():
            self.read += 1
            yield row


def test_each_application_is_handed_over_once_its_rows_are_read(tmp_path: Path) -> None:
    """Globex's rows end at the fourth: it comes before the file is read to the end; Acme
    (first seen) still comes first, as the file introduced them."""
    rows = Counted(LOG)
    plan = plan_csv(rows, now=NOW, tz=UTC, lazy=True)
    handed = [(application["company"], rows.read, [e["stage"] for e in application["events"]])
              for application in plan.applications]
    # Acme's last row is the file's last: nothing comes before it (first seen, first
    # handed over); then Globex and Initech, whose rows were in long before.
    assert handed == [("Acme", 6, ["applied", "rejected"]),
                      ("Globex", 6, ["applied", "interviewing"]),
                      ("Initech", 6, ["applied"])]
    log = LOG.replace("2026-03-09,JOB_MOVED,Acme,Dev,Rejected\n", "").replace(
        "Date,Type,Company,Job,Status\n",
        "Date,Type,Company,Job,Status\n2026-02-27,JOB_MOVED,Acme,Dev,Rejected\n")
    rows = Counted(log)
    plan = plan_csv(rows, now=NOW, tz=UTC, lazy=True)
    # Acme's rows are the first two: it comes once they are read (three lines, with the
    # header), before the rest of the file; Initech's one row waits for Globex's last,
    # which came first.
    assert [(a["company"], rows.read) for a in plan.applications] == [
        ("Acme", 3), ("Globex", 6), ("Initech", 6)]


def test_one_row_per_job_is_handed_over_row_by_row() -> None:
    text = "Company,Role,Status,Date Applied\n" + "".join(
        f"Co {n},Dev,Applied,2026-03-{n:02d}\n" for n in range(1, 8))
    rows = Counted(text)
    plan = plan_csv(rows, now=NOW, tz=UTC, lazy=True)
    # Application n is made when its row (line n + 1 of the file) has been read: never the
    # whole file first.
    assert [(a["company"], rows.read) for a in plan.applications] == [
        (f"Co {n}", n + 1) for n in range(1, 8)]
    assert len(plan.applications) == 7 and plan.counts().events == 7


def test_a_problem_found_while_writing_takes_everything_back(tmp_path: Path,
                                                             store: Store) -> None:
    """The file changed between the check and the write (a bad row at its end): nothing of
    it is written, and the hunt is as it was."""
    store.add_application("Already", "Here")
    before = written(store)
    path = tmp_path / "sheet.csv"
    path.write_text("Company,Role,Status,Date Applied\n" + "".join(
        f"Co {n},Dev,Applied,2026-03-{n:02d}\n" for n in range(1, 8)), encoding="utf-8")
    (table,) = read_tables(path)
    plan = plan_csv(table.source, now=NOW, tz=UTC, lazy=True)
    plan.check()
    with path.open("a", encoding="utf-8") as out:
        out.write("Co 9,Dev,Heard back?,someday\n")
    with pytest.raises(CsvImportError) as refused:
        apply_plan(store, plan, source=path.name)
    assert [problem.split(":")[0] for problem in refused.value.problems] == [
        "row 9", "unknown status 'Heard back?' (row 9)"]
    assert written(store) == before
    assert "import" not in (store.undo_summary() or "")
