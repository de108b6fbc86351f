"""CLI start-up and query cost at 10,000 applications, as ratios to `import sqlmodel`.

Not part of the test run (timings on a shared machine are noisy). Run:

    python tests/benchmarks/bench_cli.py [--applications 10000] [--runs 9]

Every command runs as a fresh process, interleaved with the baseline so both see the same
noise; the script prints medians and the ratio to the baseline measured in the same run.
Targets (issue 2): `add` <= 1.2x, `stats --json` <= 1.5x. The agenda (issue 14), with 2,000
interviews and 1,000 people added to the hunt, against `python -c 'import sqlite3'` (a status
bar runs it every few seconds): `agenda --line` <= 3x, `agenda --json` <= 4x.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"add": 1.2, "stats --json": 1.5, "agenda --line": 3.0, "agenda --json": 4.0}
SQLMODEL = "baseline: python -c 'import sqlmodel'"
SQLITE = "baseline: python -c 'import sqlite3'"
BASELINE_OF = {"agenda --line": SQLITE, "agenda --json": SQLITE}
"""Which baseline a command is measured against (SQLMODEL when not named)."""


def add_the_week(db: Path, interviews: int = 2000, people: int = 1000) -> None:
    """Interviews around now (past and coming) and people, as a hunt in full swing has."""
    import random
    from datetime import UTC, datetime, timedelta

    from bounceback_tui.store import Store

    chooser = random.Random(5)
    now = datetime.now(UTC)
    with Store.open(db) as store:
        ids = [a.id for a in store.list_applications()]
        contacts = [store.add_contact(f"Person {n}").id for n in range(people)]
        for _ in range(interviews):
            store.add_interview(chooser.choice(ids), kind=chooser.choice(
                ("video", "technical", "onsite", "phone screen")),
                starts_at=now + timedelta(hours=chooser.randint(-2000, 400)),
                contact_ids=[chooser.choice(contacts)])


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    bounceback = shutil.which("bounceback") or "bounceback"
    env = dict(os.environ)
    # A regular install has bytecode for every module (pip compiles it); an editable checkout
    # with PYTHONDONTWRITEBYTECODE set would compile ours on every start. Compare like with like.
    import bounceback_tui

    subprocess.run([sys.executable, "-m", "compileall", "-q",
                    str(Path(bounceback_tui.__file__).parent)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        start = time.perf_counter()
        subprocess.run([bounceback, "generate", str(db), "--applications",
                        str(args.applications), "--seed", "1"], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"generate {args.applications} applications: {time.perf_counter() - start:.2f} s")
        add_the_week(db)
        commands = {
            SQLMODEL: [sys.executable, "-c", "import sqlmodel"],
            SQLITE: [sys.executable, "-c", "import sqlite3"],
            "agenda --line": [bounceback, "--db", str(db), "agenda", "--line"],
            "agenda --json": [bounceback, "--db", str(db), "agenda", "--json"],
            "add": [bounceback, "--db", str(db), "add", "Bench Co", "Engineer"],
            "stats --json": [bounceback, "--db", str(db), "stats", "--json"],
            "list --json": [bounceback, "--db", str(db), "list", "--json"],
        }
        for argv in commands.values():  # warm the file cache and bytecode once
            timed(argv, env)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                samples[name].append(timed(argv, env))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    print(f"{'command':<40} {'median':>8} {'ratio':>6}  target")
    worst = 0
    for name, median in medians.items():
        baseline = medians[BASELINE_OF.get(name, SQLMODEL)]
        ratio = median / baseline
        target = TARGETS.get(name)
        verdict = "" if target is None else (f"<= {target}x " + ("ok" if ratio <= target else "MISSED"))
        if target is not None and ratio > target:
            worst = 1
        print(f"{name:<40} {median * 1000:>6.0f}ms {ratio:>5.2f}x  {verdict}")
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
