"""What sync costs at 10,000 applications (issue 17): joining a new machine (target ≤ 5 s),
one change pushed and pulled (≤ 50 ms of CPU on each side), the memory the sync state adds
(≤ 100 MiB), each printed with the baseline it is compared with, measured in the same run.

Not part of the test run. Run:

    python tests/benchmarks/bench_sync.py [--db HUNT.db] [--applications 10000]

Without --db a hunt is generated (`bounceback generate`'s generator). The machines are two
copies of the database in a private temporary folder; the shared folder sits beside them.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu() -> float:
    return time.process_time()


def add_week(store) -> str:
    """What a real hunt of this size holds beside its applications (the generator makes none):
    an interview for every fifth application, details for every third, a person for every
    tenth with their part, written straight into the file in one transaction."""
    import sqlite3

    now = "2026-10-01 09:00:00.000000"
    conn = sqlite3.connect(store.path)
    try:
        with conn:
            ids = [row[0] for row in conn.execute("SELECT id FROM applications ORDER BY id")]
            conn.executemany(
                "INSERT INTO interviews (application_id, kind, starts_at, minutes, with_text, "
                "place, notes, how_it_went, created_at, updated_at) VALUES (?, 'video', ?, 45, "
                "'the team', 'Zoom', 'ask about on-call', '', ?, ?)",
                [(i, now, now, now) for i in ids[::5]])
            conn.executemany(
                "INSERT INTO application_details (application_id, pay_text, pay_min, pay_max, "
                "pay_currency, pay_period, posting, excitement, tags) VALUES (?, '$120k–$140k', "
                "120000, 140000, 'USD', 'year', ?, 3, '[\"remote\"]')",
                [(i, "We are hiring. " * 40) for i in ids[::3]])
            for i in ids[::10]:
                cursor = conn.execute(
                    "INSERT INTO contacts (name, title, company, email, phone, link, notes, "
                    "created_at, updated_at) VALUES (?, 'Recruiter', '', ?, '', '', '', ?, ?)",
                    (f"Person {i}", f"p{i}@example.test", now, now))
                conn.execute("INSERT INTO application_contacts (application_id, contact_id, "
                             "part) VALUES (?, ?, 'recruiter')", (i, cursor.lastrowid))
        counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("interviews", "application_details", "contacts")}
    finally:
        conn.close()
    return ", ".join(f"{count:,} {table}" for table, count in counts.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--applications", type=int, default=10_000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bb-bench-sync-"))
    os.chmod(root, 0o700)
    os.environ["XDG_CONFIG_HOME"] = str(root / "config")
    from bounceback_tui.store import Store
    from bounceback_tui.store.sync import exchange, init, join

    (root / "laptop").mkdir(mode=0o700)
    (root / "desktop").mkdir(mode=0o700)
    (root / "Sync").mkdir(mode=0o700)
    laptop_db = root / "laptop" / "h.db"
    if args.db:
        shutil.copyfile(args.db, laptop_db)
    else:
        from bounceback_tui.demo.generate import generate_hunt

        with Store.open(laptop_db) as fresh:
            generate_hunt(fresh, applications=args.applications, seed=5)
    laptop = Store.open(laptop_db)
    apps = laptop.count_applications(view="all")
    week = add_week(laptop)
    print(f"the week's rows added for the bench: {week}")
    desktop = Store.open(root / "desktop" / "h.db")

    started, cpu0 = time.perf_counter(), cpu()
    phrase = init(laptop, root / "Sync", name="laptop")
    print(f"init with {apps:,} applications (the first push): "
          f"{time.perf_counter() - started:.2f} s, {cpu() - cpu0:.2f} s CPU")
    started, cpu0 = time.perf_counter(), cpu()
    join(desktop, root / "Sync", phrase, name="desktop")
    join_s = time.perf_counter() - started
    print(f"join a new machine: {join_s:.2f} s ({cpu() - cpu0:.2f} s CPU); target ≤ 5 s")
    started = time.perf_counter()
    from bounceback_tui.store.interchange import export_document

    export_document(desktop)
    export_s = time.perf_counter() - started
    print(f"  baseline, exporting the same hunt as JSON: {export_s:.2f} s "
          f"(join is {join_s / export_s:.1f}× that)")
    exchange(laptop)

    pushes, pulls, idle = [], [], []
    for n in range(5):
        app = laptop.add_application(f"Bench {n}", "Engineer")
        cpu0 = cpu()
        exchange(laptop)
        pushes.append((cpu() - cpu0) * 1000)
        cpu0 = cpu()
        exchange(desktop)
        pulls.append((cpu() - cpu0) * 1000)
        cpu0 = cpu()
        laptop.move(app.id, "screening")
        idle.append((cpu() - cpu0) * 1000)
    pushes.sort()
    pulls.sort()
    idle.sort()
    print(f"one change pushed: {pushes[2]:.0f} ms CPU (median of 5); pulled: {pulls[2]:.0f} ms "
          "CPU; target ≤ 50 ms each")
    print(f"  baseline, the change itself (Store.move): {idle[2]:.1f} ms CPU")

    import subprocess
    import sys

    probe = (
        "import sys, os\n"
        f"os.environ['XDG_CONFIG_HOME'] = {str(root / 'config')!r}\n"
        "from bench_sync import rss_mib\n"
        "from bounceback_tui.store import Store\n"
        "from bounceback_tui.store.sync import engine\n"
        f"store = Store.open({str(laptop_db)!r})\n"
        "store.count_applications(view='all')\n"
        "before = rss_mib()\n"
        "doc = engine.load_document(store)\n"
        "print(rss_mib() - before)\n")
    laptop.close()
    desktop.close()
    grown = float(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                 check=True, cwd=Path(__file__).parent,
                                 env={**os.environ, "PYTHONPATH": os.pathsep.join(
                                     [str(Path(__file__).parent), *sys.path])}).stdout)
    print(f"sync state in memory: {grown:.0f} MiB more than the open store; target ≤ 100 MiB")
    laptop = desktop = None
    shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
