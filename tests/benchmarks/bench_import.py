"""Importing a large tracker export: time and peak memory, against `bounceback generate` of
the same number of applications measured in the same run (issue 15).

Not part of the test run (timings on a shared machine are noisy). Run:

    python tests/benchmarks/bench_import.py [--rows 100000] [--runs 3]

Writes a CSV in the shape of a Teal/Notion-style tracker export (company, title, status with
a status date, applied date, salary, location, URL, notes and two columns with no home of
their own), then, alternating, for `--runs` rounds: `bounceback import FILE` and `bounceback
generate --applications ROWS`, each into a new database, each a fresh process. Prints the
median times, their ratio, and each command's peak resident memory (from the kernel's
accounting of the finished child: ru_maxrss).

Targets (issue 15): import <= 3x generate at 100,000 rows; peak memory <= 250 MiB; a
1,000,000-row file (`--rows 1000000 --runs 1`) no more than 2x that memory.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

STATUSES = ("Bookmarked", "Applied", "Applied", "Applied", "Interviewing", "Not Selected",
            "No Response", "Negotiating", "I Withdrew", "Archived")
TARGET_RATIO, TARGET_MIB = 3.0, 250


def write_export(path: Path, rows: int, seed: int = 7) -> None:
    """A tracker export of `rows` distinct jobs."""
    chooser = random.Random(seed)
    start = date(2024, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Job Position", "Company", "Status", "Status Date", "Date Applied",
                         "Salary", "Location", "URL", "Notes", "Priority", "Resume Name"])
        for n in range(rows):
            applied = start + timedelta(days=chooser.randrange(0, 900))
            status = chooser.choice(STATUSES)
            later = applied + timedelta(days=chooser.randrange(1, 40))
            writer.writerow([
                f"Engineer {n % 97}", f"Company {n}", status,
                later.isoformat() if status not in ("Applied", "Bookmarked") else "",
                applied.isoformat() if status != "Bookmarked" else "",
                f"${chooser.randrange(60, 200)}k", chooser.choice(("Remote", "Berlin", "NYC")),
                f"https://jobs.example/{n}", "notes " * chooser.randrange(0, 8),
                chooser.choice(("High", "Medium", "Low")), "cv.pdf"])


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run `command` from a fresh interpreter, so that the peak reported is its own."""
    probe = ("import resource, subprocess, sys, time;"
             "t = time.perf_counter();"
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
             "e = time.perf_counter() - t;"
             "sys.stderr.write(r.stderr[-300:]) if r.returncode else None;"
             "print(e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,"
             " r.returncode)")
    out = subprocess.run([sys.executable, "-c", probe, *command], env=env,
                         capture_output=True, text=True)
    seconds, mib, code = out.stdout.split()
    if int(code):
        sys.exit(f"{' '.join(command[:3])}… failed: {out.stderr.strip()}")
    return float(seconds), float(mib)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    command = shutil.which("bounceback")
    if command is None:
        sys.exit("install the project first: `bounceback` is not on PATH")
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.chmod(work, 0o700)
    env = {**os.environ, "HOME": str(work), "XDG_CONFIG_HOME": str(work / "config"),
           "XDG_DATA_HOME": str(work / "data")}
    try:
        export = work / "export.csv"
        write_export(export, args.rows)
        size = export.stat().st_size / 1024 / 1024
        print(f"{args.rows:,} rows, {size:.1f} MiB of CSV")
        imports, generates = [], []
        for round_ in range(args.runs):
            for label, into in (("import", imports), ("generate", generates)):
                db = work / f"{label}-{round_}.db"
                argv = (["--db", str(db), "import", str(export)] if label == "import" else
                        ["generate", str(db), "--applications", str(args.rows)])
                into.append(measure([command, *argv], env))
                db.unlink()
        imp = statistics.median(t for t, _ in imports)
        gen = statistics.median(t for t, _ in generates)
        imp_mib = max(m for _, m in imports)
        gen_mib = max(m for _, m in generates)
        print(f"import    {imp:7.2f} s   peak {imp_mib:6.0f} MiB")
        print(f"generate  {gen:7.2f} s   peak {gen_mib:6.0f} MiB")
        print(f"ratio     {imp / gen:7.2f}x  target <= {TARGET_RATIO}x; "
              f"memory target <= {TARGET_MIB} MiB at 100,000 rows")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
