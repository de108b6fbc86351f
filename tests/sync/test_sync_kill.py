"""Sync killed mid-exchange (issue 17, "Proof"): real `bounceback sync` processes on two
databases with one shared folder, SIGKILLed at random moments while they push and pull.
Nothing is lost, nothing is applied twice, both files stay sound, and the machines end the
same."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from support import meet_and_match, sound

from bounceback_tui.store import Store
from bounceback_tui.store.sync import init, join


def _start_sync(db: Path) -> subprocess.Popen[str]:
    """`bounceback --db DB sync` as a real process (the test's private HOME and config)."""
    env = {k: v for k, v in os.environ.items() if k != "BOUNCEBACK_DB"}
    return subprocess.Popen([sys.executable, "-m", "bounceback_tui", "--db", str(db), "sync"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, stdin=subprocess.DEVNULL)


def test_exchanges_killed_at_random_moments_lose_nothing(tmp_path: Path) -> None:
    """Setup: a laptop and a desktop in one shared space (seed 17).
    Action: 12 rounds; each adds 20 applications on one machine, then runs `bounceback sync`
    on it and on the other, each SIGKILLed at a random moment within the time one whole
    exchange of 20 applications took on this machine, measured first (so most kills land
    inside the exchange on a fast machine and a slow one alike; importing takes about half).
    Must hold: after every kill both files pass integrity_check; at the end, after plain
    exchanges, both machines hold every application exactly once, and the same hunt."""
    rng = random.Random(17)
    folder = tmp_path / "Sync"
    folder.mkdir(mode=0o700)
    dbs = {}
    for name in ("laptop", "desktop"):
        (tmp_path / name).mkdir(mode=0o700)
        dbs[name] = tmp_path / name / "h.db"
    with Store.open(dbs["laptop"]) as laptop, Store.open(dbs["desktop"]) as desktop:
        phrase = init(laptop, folder, name="laptop")
        join(desktop, folder, phrase, name="desktop")
    added: list[str] = []
    with Store.open(dbs["laptop"]) as store:
        for n in range(20):
            added.append(f"laptop first-{n}")
            store.add_application(added[-1], "Engineer")
    start = time.monotonic()
    proc = _start_sync(dbs["laptop"])
    _out, err = proc.communicate(timeout=60)
    span = time.monotonic() - start  # one whole exchange, start-up included
    assert proc.returncode == 0, err
    kills = finished = 0
    for round_ in range(12):
        here = ("laptop", "desktop")[round_ % 2]
        with Store.open(dbs[here]) as store:
            for n in range(20):
                added.append(f"{here} {round_}-{n}")
                store.add_application(added[-1], "Engineer")
        for name in (here, "desktop" if here == "laptop" else "laptop"):
            proc = _start_sync(dbs[name])
            time.sleep(rng.uniform(0, span))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
            else:
                finished += 1
            _out, err = proc.communicate(timeout=30)
            assert proc.returncode in (0, -9), err
            assert all(sound(db) for db in dbs.values())
    assert kills >= 6
    with Store.open(dbs["laptop"]) as laptop, Store.open(dbs["desktop"]) as desktop:
        meet_and_match(laptop, desktop, added)
    assert finished + kills == 24
