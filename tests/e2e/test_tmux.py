"""The installed `bounceback` in a real terminal (tmux): add an application with keys, read it
back from the screen and from `bounceback list --json`."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

TMUX = shutil.which("tmux")
BOUNCEBACK = shutil.which("bounceback")


def tmux(*args: str, socket: str) -> str:
    return subprocess.run([TMUX, "-L", socket, *args], capture_output=True, text=True,
                          check=True).stdout


def wait_for(predicate, *, timeout: float = 20.0, what: str = "", screen=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    shown = f"; the screen:\n{screen()}" if screen else ""
    raise AssertionError(f"timed out waiting for {what}{shown}")


def start_dashboard(db: Path, tmp_path: Path, socket: str) -> None:
    """The installed dashboard on `db` in a new 120x40 tmux session "e2e", with a home of its
    own; it says EXIT=status when it ends."""
    env_home = tmp_path / "home"
    env_home.mkdir()
    command = (f"env -u COLUMNS -u LINES HOME={env_home} XDG_CONFIG_HOME={env_home}/.config "
               f"XDG_STATE_HOME={env_home}/.state {BOUNCEBACK} --db {db}; "
               f"echo EXIT=$?; sleep 30")
    tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", "e2e", command, socket=socket)


@pytest.mark.skipif(TMUX is None or BOUNCEBACK is None, reason="needs tmux and bounceback")
def test_add_an_application_with_keys_in_a_real_terminal(tmp_path: Path) -> None:
    db = tmp_path / "hunt.db"
    socket = f"bb-e2e-{tmp_path.name}"
    start_dashboard(db, tmp_path, socket)
    try:
        size = tmux("display", "-p", "-t", "e2e", "#{window_width}x#{window_height}",
                    socket=socket).strip()
        assert size == "120x40", size

        def screen() -> str:
            return tmux("capture-pane", "-p", "-t", "e2e", socket=socket)

        wait_for(lambda: "Pipeline" in screen() and "Timeline" in screen(), what="the panes")
        wait_for(lambda: "Press a to add your first application" in screen(), what="the empty pipeline")
        tmux("send-keys", "-t", "e2e", "a", socket=socket)
        wait_for(lambda: "Applied on" in screen(), what="the add form")
        tmux("send-keys", "-t", "e2e", "-l", "Tmux [b]Works[/b]", socket=socket)
        tmux("send-keys", "-t", "e2e", "Tab", socket=socket)
        tmux("send-keys", "-t", "e2e", "-l", "Platform Engineer", socket=socket)
        tmux("send-keys", "-t", "e2e", "C-s", socket=socket)
        wait_for(lambda: "Tmux [b]W" in screen() and "1 application" in screen(),
                 what="the new row, shown literally", screen=screen)
        listed = json.loads(subprocess.run([BOUNCEBACK, "--db", str(db), "list", "--json"],
                                           capture_output=True, text=True, check=True).stdout)
        assert [(a["company"], a["role"], a["stage"]) for a in listed] == [
            ("Tmux [b]Works[/b]", "Platform Engineer", "applied")]
        tmux("send-keys", "-t", "e2e", "q", socket=socket)
        wait_for(lambda: "EXIT=0" in screen(), what="a clean exit")
    finally:
        subprocess.run([TMUX, "-L", socket, "kill-server"], capture_output=True)


@pytest.mark.skipif(TMUX is None or BOUNCEBACK is None, reason="needs tmux and bounceback")
def test_keys_sent_in_one_burst_all_land(tmp_path: Path) -> None:
    """Issue 16: keys that arrive in one read (tmux send-keys, a paste, a fast typist) each
    reach the widget that has focus once the key before them is handled: `3 v` while the
    dashboard starts, the add form's Tab, ctrl+u and a date, step 1's space, down, space."""
    db = tmp_path / "hunt.db"
    for company in ("Acme", "Globex"):
        subprocess.run([BOUNCEBACK, "--db", str(db), "add", company, "Engineer",
                        "--applied-on", "2026-11-02"], check=True, capture_output=True)
    socket = f"bb-burst-{tmp_path.name}"
    start_dashboard(db, tmp_path, socket)
    try:
        def screen() -> str:
            return tmux("capture-pane", "-p", "-t", "e2e", socket=socket)

        tmux("send-keys", "-t", "e2e", "3", "v", socket=socket)  # while it starts
        wait_for(lambda: "Showing up" in screen(), what="the chart, from v sent at start-up",
                 screen=screen)
        tmux("send-keys", "-t", "e2e", "1", "a", "Quillmark", "Tab", "Backend Engineer",
             "Tab", "C-u", "2026-11-20", "C-s", socket=socket)
        wait_for(lambda: "Quillmark" in screen() and "3 applications" in screen(),
                 what="the application added in one burst", screen=screen)
        listed = json.loads(subprocess.run([BOUNCEBACK, "--db", str(db), "list", "--json"],
                                           capture_output=True, text=True, check=True).stdout)
        added = next(a for a in listed if a["company"] == "Quillmark")
        assert added["role"] == "Backend Engineer"
        assert added["applied_on"] == "2026-11-20", added
        tmux("send-keys", "-t", "e2e", "x", socket=socket)
        wait_for(lambda: "reflect now" in screen(), what="the move dialog", screen=screen)
        tmux("send-keys", "-t", "e2e", "Enter", socket=socket)
        wait_for(lambda: "Step 1 of 10" in screen(), what="the reflection", screen=screen)
        tmux("send-keys", "-t", "e2e", "Space", "Down", "Space", "C-s", socket=socket)
        wait_for(lambda: "Step 1 of 10" not in screen(), what="the reflection saved",
                 screen=screen)
        document = json.loads(subprocess.run([BOUNCEBACK, "--db", str(db), "export"],
                                             capture_output=True, text=True, check=True).stdout)
        assert [r["feelings"] for r in document["reflections"]] == [["frustrated", "sad"]]
        tmux("send-keys", "-t", "e2e", "q", socket=socket)
        wait_for(lambda: "EXIT=0" in screen(), what="a clean exit", screen=screen)
    finally:
        subprocess.run([TMUX, "-L", socket, "kill-server"], capture_output=True)
