"""Several processes on one database at once, and a -wal that must not grow without bound
while a dashboard keeps the file open."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from reliability_support import (
    ForkServer,
    Tally,
    check_pipeline,
    log_lines,
    run_cli,
    succeeded,
    wait_for_line,
)

from bounceback_tui.store import Store
from bounceback_tui.store.queries.pipeline import PipelineReader


def test_four_store_writers_at_once_lose_nothing_and_never_see_locked(
        tmp_path: Path, fork_server: ForkServer, tally: Tally) -> None:
    """Setup: no database file yet.
    Action: 4 processes start together on the same new path; each opens it (so they race
    to create and migrate it) and makes 25 adds and 12 moves, one transaction each.
    Must hold: every process exits 0 with nothing on stderr (no "database is locked"),
    all 148 changes are there (100 applications, 148 stage events), every change is whole."""
    db = tmp_path / "shared.db"
    pids = [(fork_server.run("add_many", tmp_path / f"w{n}.log", db=str(db), seed=n,
                             count=25, tag=f"P{n}"), tmp_path / f"w{n}.log")
            for n in range(4)]
    for pid, log in pids:
        assert fork_server.wait(pid) == 0, Path(f"{log}.err").read_text()
        err = Path(f"{log}.err")
        assert not err.exists() or err.read_text() == "", err.read_text()
    facts = check_pipeline(db)
    assert len(facts.application_ids) == 100
    assert len(facts.event_ids) == facts.changes == 148
    reported = {int(w[0]) for _, log in pids for w in log_lines(log, "add")}
    assert reported == facts.application_ids
    tally.checked("concurrent Store writes", 148)


def test_four_bounceback_commands_at_once_never_say_locked(tmp_path: Path,
                                                           tally: Tally) -> None:
    """Setup: no database file yet.
    Action: 4 threads each run `bounceback --db DB add …` twice in a row, all at once
    (8 real processes racing to create, migrate and write the same new file).
    Must hold: every command exits 0, prints its id and nothing on stderr; the 8
    applications are all there, with distinct ids, and every change is whole."""
    db = tmp_path / "shared.db"
    results: list[tuple[int, str, str]] = []
    lock = threading.Lock()

    def runner(n: int) -> None:
        for i in range(2):
            proc = run_cli("--db", str(db), "add", f"Thread {n} #{i}", "Engineer")
            with lock:
                results.append((proc.returncode, proc.stdout, proc.stderr))

    threads = [threading.Thread(target=runner, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 8
    for code, out, err in results:
        assert code == 0 and err == "", (code, err)
    ids = {int(out) for _, out, _ in results}
    assert len(ids) == 8
    facts = check_pipeline(db)
    assert facts.application_ids == ids
    tally.checked("concurrent bounceback adds", 8)


def test_wal_stays_bounded_while_a_dashboard_keeps_reading(
        tmp_path: Path, fork_server: ForkServer, tally: Tally) -> None:
    """Setup: a database held open as the dashboard holds it: a Store, its data_version
    connection and a PipelineReader, reading a page every 20 ms.
    Action: another process makes 1,000 changes (one transaction each, ~3,000 rows); then
    one import of 1,500 large applications (one ~12 MB transaction); then 20 single adds.
    Must hold: during the 1,000 changes the -wal never exceeds 8 MiB (SQLite checkpoints
    it every 1,000 pages); after the import's outsized -wal, the next writes cut it back
    under 8 MiB; the reader sees every new row and data_version changed."""
    bound = 8 * 1024 * 1024
    db = tmp_path / "hunt.db"
    wal = Path(f"{db}-wal")
    store = Store.open(db)
    reader = PipelineReader.connect(db)
    assert reader is not None
    try:
        version = store.data_version()
        largest = 0

        def run_and_watch(job: str, log: Path, **args: object) -> int:
            nonlocal largest
            pid = fork_server.run(job, log, **args)
            status: list[int] = []
            waiter = threading.Thread(target=lambda: status.append(fork_server.wait(pid)))
            waiter.start()
            while waiter.is_alive():
                reader.page(limit=50)
                store.data_version()
                if wal.exists():
                    largest = max(largest, wal.stat().st_size)
                time.sleep(0.02)
            waiter.join()
            assert status == [0], Path(f"{log}.err").read_text()
            return status[0]

        log = tmp_path / "steady.log"
        run_and_watch("write_pipeline", log, db=str(db), seed=4, count=1000)
        assert 0 < largest <= bound, f"the -wal grew to {largest} bytes"
        facts = check_pipeline(db)
        assert reader.count() == len(facts.application_ids)
        assert store.data_version() != version

        log = tmp_path / "bulk.log"
        pid = fork_server.run("bulk_then_small", log, db=str(db), seed=5, bulk=1500, small=0)
        assert fork_server.wait(pid) == 0, Path(f"{log}.err").read_text()
        after_import = wal.stat().st_size
        assert after_import > bound  # the import's transaction alone is larger
        log = tmp_path / "small.log"
        pid = fork_server.run("bulk_then_small", log, db=str(db), seed=6, bulk=0, small=20)
        assert fork_server.wait(pid) == 0, Path(f"{log}.err").read_text()
        wait_for_line(log, "add")
        assert wal.stat().st_size <= bound, (
            f"the -wal stayed at {wal.stat().st_size} bytes after the import "
            f"({after_import} bytes)")
        assert reader.count() == len(facts.application_ids) + 1500 + 20
        tally.checked("writes under a reading dashboard", 1000 + 1 + 20)
        print(f"-wal: largest {largest} B over 1,000 changes; {after_import} B after the "
              f"import; {os.path.getsize(wal)} B after 20 more adds")
    finally:
        reader.close()
        store.close()
    assert not wal.exists()  # the last connection to close checkpoints and removes it
    succeeded(run_cli("--db", str(db), "list", "--json"))


async def test_an_open_dashboard_catches_up_with_thousands_of_writes_elsewhere(
        tmp_path: Path, tally: Tally) -> None:
    """Setup: a database with 50 applications, the real dashboard open on it (Pilot).
    Action: another process adds 2,000 applications in 20 transactions while the dashboard
    polls the file.
    Must hold: within a few seconds of the last write the dashboard's pipeline counts all
    2,050 and its timeline starts with the newest one, no error is shown, and the -wal stays
    bounded (under 16 MiB) while the dashboard keeps its connections open."""
    import subprocess
    import sys

    from bounceback_tui.app import make_app

    db = tmp_path / "open.db"
    with Store.open(db) as store:
        for n in range(50):
            store.add_application(f"Before {n}", "Engineer")
    writer = (
        "import sys\n"
        "from bounceback_tui.store import Store\n"
        "with Store.open(sys.argv[1]) as store:\n"
        "    for batch in range(20):\n"
        "        for n in range(100):\n"
        "            store.add_application(f'Later {batch}-{n}', 'Designer')\n"
    )
    app = make_app(db, settings_file=tmp_path / "config.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.query("#pipeline-table") or app.store is None:
            await pilot.pause(0.05)
        table = app.query_one("#pipeline-table")
        proc = subprocess.Popen([sys.executable, "-c", writer, str(db)])
        peak_wal = 0
        while proc.poll() is None:
            await pilot.pause(0.1)
            wal = Path(f"{db}-wal")
            peak_wal = max(peak_wal, wal.stat().st_size if wal.exists() else 0)
        assert proc.returncode == 0
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and table.row_count != 2050:
            await pilot.pause(0.1)
        assert table.row_count == 2050
        assert table.record_at(0) is not None and table.record_at(0).company == "Later 19-99"
        timeline = app.query_one("#timeline")
        while time.monotonic() < deadline and not (
                timeline.items and timeline.items[0].company == "Later 19-99"):
            await pilot.pause(0.1)
        assert timeline.items[0].company == "Later 19-99"
        assert not [n for n in app._notifications if n.severity == "error"]
    assert peak_wal < 16 * 1024 * 1024, peak_wal
    tally.checked("writes caught up by an open dashboard", 2000)
