"""Two dashboards syncing, SIGKILLed mid-exchange (issue 17, "Proof"): the installed
`bounceback` runs in tmux on two databases that share one folder; changes are made on both
(from outside and with keys), and each dashboard is killed with SIGKILL at random moments,
while it pulls and while it pushes, then started again. Nothing is lost, nothing is applied
twice, both files stay sound, and the machines end the same."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from test_tmux import BOUNCEBACK, TMUX, tmux, wait_for

from bounceback_tui.store import Store
from bounceback_tui.store.sync import init, join

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
from support import meet_and_match, sound  # tests/sync/support.py

pytestmark = pytest.mark.slow

MACHINES = ("laptop", "desktop")


def _companies(db: Path) -> Counter[str]:
    """Each application's company on this machine, with how many rows have it."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return Counter(row[0] for row in conn.execute("SELECT company FROM applications"))
    finally:
        conn.close()


def _events_per_application(db: Path) -> Counter[int]:
    """How many applications have 0, 1, 2… stage events (each added one has one)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return Counter(n for (n,) in conn.execute(
            "SELECT count(e.id) FROM applications a LEFT JOIN stage_events e "
            "ON e.application_id = a.id GROUP BY a.id"))
    finally:
        conn.close()


def _writing(db: Path) -> bool:
    """Whether another connection holds the write lock: the dashboard's exchange is one
    BEGIN IMMEDIATE transaction, and the test writes nothing meanwhile."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
    return False


def _machine(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT machine FROM sync_state WHERE id = 1").fetchone()[0]
    finally:
        conn.close()


def _files(folder: Path, machine: str) -> set[str]:
    """What is in a machine's folder of the space (push files, and a push being written)."""
    try:
        return set(os.listdir(folder / "bounceback-sync" / "machines" / machine))
    except FileNotFoundError:
        return set()


def _behind(folder: Path, db: Path, machines: dict[str, str]) -> tuple[bool, bool]:
    """Whether this machine's folder holds a push its database has not committed (a kill
    between writing the push and the end of the exchange), and whether the other machine's
    folder holds pushes this database has not applied."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        mine, seq = conn.execute("SELECT machine, seq FROM sync_state WHERE id = 1").fetchone()
        seen = {name for (name,) in conn.execute("SELECT name FROM sync_seen")}
    finally:
        conn.close()
    pushed = [int(name.split("-")[0]) for name in _files(folder, mine) if name[:1].isdigit()]
    theirs = {f"machines/{machine}/{name}" for machine in machines.values() if machine != mine
              for name in _files(folder, machine) if name[:1].isdigit()}
    return max(pushed, default=0) > seq, bool(theirs - seen)


def _until(predicate: Callable[[], object], seconds: float, *, every: float = 0.002) -> bool:
    """Look until `predicate` holds or `seconds` pass; whether it held."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


def _wait_for_the_moment(mode: str, rng: random.Random, db: Path, folder: Path, *, mine: str,
                         theirs: str, before: dict[str, set[str]]) -> None:
    """Until the moment to kill the dashboard on `db` (machine `mine`): a random one; or, once
    the other machine pushed, its exchange holding the database; or its own push being
    written, or written and not yet committed (the file is written before the commit). Each
    wait gives up after a while: the kill then lands wherever it lands."""
    if mode == "random":
        time.sleep(rng.uniform(0, 5))
    elif mode == "pull":
        _until(lambda: _files(folder, theirs) - before[theirs], 10)
        _until(lambda: _writing(db), 8)
    else:
        whole = mode == "written"
        _until(lambda: any(name[:1].isdigit() or not whole
                           for name in _files(folder, mine) - before[mine]), 10, every=0.0002)


class Dashboard:
    """The installed dashboard on one database in a 120x40 tmux session of its own, with the
    test's HOME and XDG folders (where the space's key was saved); it says EXIT=status when
    it ends."""

    def __init__(self, name: str, db: Path, socket: str) -> None:
        self.name, self.db, self.socket = name, db, socket
        env = " ".join(f"{key}={os.environ[key]}" for key in (
            "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"))
        self.command = (f"env -u COLUMNS -u LINES -u BOUNCEBACK_DB {env} {BOUNCEBACK} "
                        f"--db {db}; echo EXIT=$?; sleep 600")
        self.pid = 0

    def start(self) -> None:
        tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", self.name, self.command,
             socket=self.socket)
        self._found()

    def restart(self) -> None:
        tmux("respawn-pane", "-k", "-t", self.name, self.command, socket=self.socket)
        self._found()

    def _found(self) -> None:
        """The bounceback process under the pane's shell (env runs it in its own place)."""
        shell = int(tmux("display", "-p", "-t", self.name, "#{pane_pid}",
                         socket=self.socket).strip())
        children = Path(f"/proc/{shell}/task/{shell}/children")

        def started() -> bool:
            found = children.read_text().split() if children.exists() else []
            self.pid = int(found[0]) if found else 0
            return bool(self.pid)

        wait_for(started, timeout=10, what=f"the {self.name} dashboard's process")

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name, socket=self.socket)

    def keys(self, *names: str, literal: bool = False) -> None:
        tmux("send-keys", "-t", self.name, *(["-l"] if literal else []), *names,
             socket=self.socket)

    def ready(self) -> None:
        wait_for(lambda: "Pipeline" in self.screen() and "Timeline" in self.screen(),
                 what=f"the {self.name} dashboard", screen=self.screen)

    def add_with_keys(self, company: str, role: str) -> None:
        """a, the company, Tab, the role, ctrl+s; back once the row is in the file."""
        self.ready()
        self.keys("a")
        wait_for(lambda: "Applied on" in self.screen(), what="the add form",
                 screen=self.screen)
        self.keys(company, literal=True)
        self.keys("Tab")
        self.keys(role, literal=True)
        self.keys("C-s")
        wait_for(lambda: company in _companies(self.db), what="the typed application",
                 screen=self.screen)

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        wait_for(lambda: "EXIT=137" in self.screen(), what=f"the killed {self.name}",
                 screen=self.screen)

    def quit(self) -> None:
        self.keys("q")
        wait_for(lambda: "EXIT=0" in self.screen(), what=f"{self.name} to quit",
                 screen=self.screen)


@pytest.mark.skipif(TMUX is None or BOUNCEBACK is None, reason="needs tmux and bounceback")
def test_two_dashboards_killed_mid_exchange_lose_nothing(tmp_path: Path) -> None:
    """Setup: a laptop and a desktop in one shared space (seed 17), each hunt open in a
    dashboard of its own in tmux, 120x40 (a dashboard exchanges a few seconds after a change
    here and after the other machine pushed).
    Action: 12 rounds; each adds 10 applications on both machines from outside (rounds 1
    and 2 also one with keys, in the laptop's and then the desktop's dashboard), then SIGKILLs
    one dashboard (laptop, desktop in turn) and starts it again. The moment: rounds 0-1 and
    6-7 a random 0-5 s later; 2-3 and 8-9, once the other machine pushed, as soon as the
    victim's exchange holds the database (pulling that push); 4-5 as soon as the victim's
    push is being written into the folder; 10-11 as soon as it is written (the exchange
    commits after that).
    Must hold: after every kill both files pass integrity_check; the dashboards alone bring
    each machine every application, made outside or with keys on either, exactly once; after
    they quit and plain exchanges, both machines hold the same hunt, every application once
    with its one stage event, and both files are sound."""
    started = time.monotonic()
    folder = tmp_path / "Sync"
    folder.mkdir(mode=0o700)
    dbs: dict[str, Path] = {}
    for name in MACHINES:
        (tmp_path / name).mkdir(mode=0o700)
        dbs[name] = tmp_path / name / "h.db"
    with Store.open(dbs["laptop"]) as laptop, Store.open(dbs["desktop"]) as desktop:
        phrase = init(laptop, folder, name="laptop")
        join(desktop, folder, phrase, name="desktop")
    machines = {name: _machine(db) for name, db in dbs.items()}
    socket = f"bb-sync2-{tmp_path.name}"
    dashboards = {name: Dashboard(name, dbs[name], socket) for name in MACHINES}
    added: dict[str, list[str]] = {name: [] for name in MACHINES}
    moments: Counter[str] = Counter()
    rng = random.Random(17)

    def screens() -> str:
        return "\n".join(d.screen() for d in dashboards.values())

    try:
        for dashboard in dashboards.values():
            dashboard.start()
        for dashboard in dashboards.values():
            dashboard.ready()
        for round_ in range(12):
            victim = dashboards[MACHINES[round_ % 2]]
            other = dashboards[MACHINES[(round_ + 1) % 2]]
            mode = ("random", "pull", "writing", "random", "pull", "written")[round_ // 2]
            before = {machine: _files(folder, machine) for machine in machines.values()}
            for name in MACHINES:
                with Store.open(dbs[name]) as store:
                    for n in range(10):
                        added[name].append(f"{name} {round_}-{n}")
                        store.add_application(added[name][-1], "Engineer")
            if round_ in (1, 2):  # with keys, in the dashboard not killed this round
                other.add_with_keys(f"Typed on {other.name}", "Platform Engineer")
                added[other.name].append(f"Typed on {other.name}")
            mine = machines[victim.name]
            _wait_for_the_moment(mode, rng, victim.db, folder, mine=mine,
                                 theirs=machines[other.name], before=before)
            busy = mode not in ("writing", "written") and _writing(victim.db)
            victim.kill()
            ahead, unapplied = _behind(folder, victim.db, machines)
            left = {n for n in _files(folder, mine) - before[mine]
                    if n.endswith(".tmp")}  # a push being written, never renamed
            moments[mode] += 1
            moments["while exchanging"] += bool(busy or ahead or left)
            moments["while exchanging, with a push to apply"] += busy and unapplied
            moments["while writing a push"] += bool(left)
            moments["after writing a push, before committing"] += ahead
            assert all(sound(db) for db in dbs.values()), f"round {round_}"
            victim.restart()
        every = sorted(added["laptop"] + added["desktop"])

        def converged() -> bool:
            return all(sorted(_companies(db).elements()) == every for db in dbs.values())

        def missing() -> str:
            return "; ".join(f"{name} lacks {sorted(set(every) - set(_companies(db)))}, "
                             f"has twice {[c for c, n in _companies(db).items() if n > 1]}"
                             for name, db in dbs.items()) + "\n" + screens()

        wait_for(converged, timeout=60, what="both dashboards to hold every application",
                 screen=missing)
        print(f"converged at {time.monotonic() - started:.1f} s; kills: {dict(moments)}")
        for dashboard in dashboards.values():
            dashboard.quit()
    finally:
        subprocess.run([TMUX, "-L", socket, "kill-server"], capture_output=True, check=False)
    # The dashboards carried the changes both ways, before any exchange run here.
    for here, there in (("laptop", "desktop"), ("desktop", "laptop")):
        assert set(added[there]) <= set(_companies(dbs[here])), here
        assert f"Typed on {there}" in _companies(dbs[here])
    assert moments["while exchanging"] >= 1, moments
    with Store.open(dbs["laptop"]) as laptop, Store.open(dbs["desktop"]) as desktop:
        meet_and_match(laptop, desktop, every)
    for db in dbs.values():
        assert _events_per_application(db) == Counter({1: len(every)})
        assert sound(db)
