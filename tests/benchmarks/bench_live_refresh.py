"""What changes made elsewhere cost the open dashboard: CPU per outside change, idle CPU.

Not part of the test run. Run:

    python tests/benchmarks/bench_live_refresh.py [--size 10000] [--changes 100]
        [--gap 1.2] [--idle 20] [--via store|cli]

The real dashboard runs in tmux (120x40) on a generated hunt. Its CPU time (utime + stime of
the process, all threads, from /proc/PID/stat) is read:
  - while idle, for `--idle` seconds (as a percentage of one core);
  - across `--changes` outside changes made `--gap` seconds apart (more than the poll
    interval: every change is seen on its own, the worst case), per change;
  - across the same number made in one burst (as fast as they can be written), per change.
Changes come from a separate Store in this process (`--via store`, a connection of its own,
as another window's) or from `bounceback add` / `bounceback move` (`--via cli`). They mix adds
and stage moves; the last of each series is an add, and the script says whether it reached
the screen. Target (issue 13): <= 30 ms per outside change at 10,000; idle under 0.5%.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOCKET = "bench-live"
TICKS = os.sysconf("SC_CLK_TCK")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", "b")


def dashboard_pid() -> int:
    """The dashboard's process: the pane's process, or its only child (under a shell)."""
    out = tmux("list-panes", "-t", "b", "-F", "#{pane_pid}").strip()
    pid = int(out)
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return int(children[0]) if children else pid


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process (every thread), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def wait_for(text: str, timeout: float) -> float | None:
    """Seconds until `text` is on screen, or None."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in screen():
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


class Changer:
    """Makes outside changes: adds and stage moves, through a Store or the CLI."""

    def __init__(self, db: Path, via: str, bounceback: str) -> None:
        from bounceback_tui.store import Store

        self.db, self.via, self.bounceback = db, via, bounceback
        self.store = Store.open(db)
        self.active = [r for r in self.store.list_applications(view="active")
                       if r.stage in ("applied", "screening")]
        self.random = random.Random(13)
        self.made = 0

    def change(self, *, company: str | None = None) -> None:
        """One change: an add when `company` is given (or every other time), else a move."""
        self.made += 1
        if company is None and self.made % 2 and self.active:
            record = self.active.pop(self.random.randrange(len(self.active)))
            stage = self.random.choice(
                [s for s in ("interviewing", "rejected", "ghosted") if s != record.stage])
            self._run("move", str(record.id), stage,
                      call=lambda: self.store.move(record.id, stage))
            return
        name = company or f"Outside {self.made}"
        self._run("add", name, "Engineer", call=lambda: self.store.add_application(
            name, "Engineer"))

    def _run(self, *args: str, call) -> None:
        if self.via == "store":
            call()
        else:
            subprocess.run([self.bounceback, "--db", str(self.db), *args], check=True,
                           stdout=subprocess.DEVNULL)

    def close(self) -> None:
        self.store.close()


def series(pid: int, changer: Changer, count: int, gap: float, mark: str) -> tuple[float,
                                                                                   float, float]:
    """CPU seconds and wall seconds over `count` changes (the last one an add of `mark`),
    up to the moment `mark` is on screen plus two quiet seconds; and how long after the last
    change `mark` took to appear (-1: it never did)."""
    start_cpu, start = cpu_seconds(pid), time.perf_counter()
    for number in range(count):
        last = number == count - 1
        changer.change(company=mark if last else None)
        if not last and gap:
            time.sleep(gap)
    seen = wait_for(mark, 20.0)
    time.sleep(2.0)
    return (cpu_seconds(pid) - start_cpu, time.perf_counter() - start,
            -1.0 if seen is None else seen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--gap", type=float, default=1.2)
    parser.add_argument("--idle", type=float, default=20.0)
    parser.add_argument("--via", choices=("store", "cli"), default="store")
    parser.add_argument("--db", type=Path, help="use a copy of this hunt instead of generating")
    args = parser.parse_args()
    bounceback = shutil.which("bounceback") or str(Path(sys.executable).with_name("bounceback"))
    work = Path(tempfile.mkdtemp(prefix="bb-live-"))
    env = {**os.environ, "HOME": str(work), "XDG_CONFIG_HOME": str(work / "config"),
           "XDG_STATE_HOME": str(work / "state"), "TERM": "xterm-256color"}
    db = work / "hunt.db"
    if args.db:
        shutil.copy(args.db, db)
    else:
        subprocess.run([bounceback, "generate", str(db), "--applications", str(args.size),
                        "--seed", "1"], check=True, stdout=subprocess.DEVNULL)
    tmux("kill-server")
    subprocess.run(["tmux", "-L", SOCKET, "new-session", "-d", "-x", "120", "-y", "40",
                    "-s", "b", f"{bounceback} --db {db}"], env=env, check=True)
    try:
        if wait_for("applications", 60) is None:
            raise RuntimeError("the dashboard never showed its rows:\n" + screen())
        time.sleep(5)  # the store, the timeline and the chart come after the first rows
        pid = dashboard_pid()
        changer = Changer(db, args.via, bounceback)

        before, begin = cpu_seconds(pid), time.perf_counter()
        time.sleep(args.idle)
        idle = (cpu_seconds(pid) - before) / (time.perf_counter() - begin)

        spaced_cpu, spaced_wall, spaced_seen = series(pid, changer, args.changes, args.gap,
                                                      "Spaced Last Co")
        burst_cpu, burst_wall, burst_seen = series(pid, changer, args.changes, 0.0,
                                                   "Burst Last Co")
        changer.close()
    finally:
        tmux("kill-server")
        shutil.rmtree(work, ignore_errors=True)

    def per_change(cpu: float, wall: float) -> tuple[float, float]:
        return cpu / args.changes * 1000, max(cpu - idle * wall, 0) / args.changes * 1000

    print(f"dashboard on {args.size:,} applications, changes via {args.via}")
    print(f"{'idle CPU':<48} {idle * 100:6.2f} %   target < 0.5 %")
    for name, cpu, wall, seen in (
        (f"{args.changes} changes {args.gap:g} s apart", spaced_cpu, spaced_wall, spaced_seen),
        (f"{args.changes} changes in one burst", burst_cpu, burst_wall, burst_seen),
    ):
        raw, net = per_change(cpu, wall)
        shown = f"last on screen after {seen:.1f} s" if seen >= 0 else "last NEVER on screen"
        print(f"{name:<48} {raw:6.1f} ms/change ({net:.1f} ms less idle)  {shown}")
    print("target: <= 30 ms of dashboard CPU per outside change")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
