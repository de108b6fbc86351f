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


@pytest.mark.skipif(TMUX is None or BOUNCEBACK is None, reason="needs tmux and bounceback")
def test_add_an_application_with_keys_in_a_real_terminal(tmp_path: Path) -> None:
    db = tmp_path / "hunt.db"
    socket = f"bb-e2e-{tmp_path.name}"
    env_home = tmp_path / "home"
    env_home.mkdir()
    command = (f"env -u COLUMNS -u LINES HOME={env_home} XDG_CONFIG_HOME={env_home}/.config "
               f"XDG_STATE_HOME={env_home}/.state {BOUNCEBACK} --db {db}; "
               f"echo EXIT=$?; sleep 30")
    tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", "e2e", command, socket=socket)
    try:
        size = tmux("display", "-p", "-t", "e2e", "#{window_width}x#{window_height}",
                    socket=socket).strip()
        assert size == "120x40", size

        def screen() -> str:
            return tmux("capture-pane", "-p", "-t", "e2e", socket=socket)

        wait_for(lambda: "Pipeline" in screen() and "Timeline" in screen(), what="the panes")
        wait_for(lambda: "No applications yet" in screen(), what="the empty pipeline")
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
