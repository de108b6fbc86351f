"""A reflection being typed survives `kill -9`: the installed `bounceback` runs in tmux, a
rejection opens the form, words are typed, the process is killed with SIGKILL, and the next
start offers the draft with those words in it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from test_tmux import BOUNCEBACK, TMUX, tmux, wait_for

from bounceback_tui.store import Store

pytestmark = pytest.mark.slow


def _python_pid(shell_pid: int) -> int:
    """The bounceback process under the pane's shell."""
    children = Path(f"/proc/{shell_pid}/task/{shell_pid}/children").read_text().split()
    return int(children[0]) if children else shell_pid


@pytest.mark.skipif(TMUX is None or BOUNCEBACK is None, reason="needs tmux and bounceback")
def test_a_draft_typed_before_sigkill_is_offered_on_the_next_start(tmp_path: Path) -> None:
    db = tmp_path / "hunt.db"
    with Store.open(db) as store:
        application = store.add_application("Kill Test Co", "Platform Engineer")
    socket = f"bb-kill-{tmp_path.name}"
    home = tmp_path / "home"
    home.mkdir()
    command = (f"env -u COLUMNS -u LINES HOME={home} XDG_CONFIG_HOME={home}/.config "
               f"XDG_STATE_HOME={home}/.state {BOUNCEBACK} --db {db}; echo EXIT=$?; sleep 30")

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", "k", socket=socket)

    def keys(*names: str, literal: bool = False) -> None:
        tmux("send-keys", "-t", "k", *(["-l"] if literal else []), *names, socket=socket)

    tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", "k", command, socket=socket)
    try:
        wait_for(lambda: "Kill Test Co" in screen(), what="the application", screen=screen)
        keys("x")
        wait_for(lambda: "Move" in screen() and "rejected" in screen(), what="the dialog",
                 screen=screen)
        keys("Enter")
        wait_for(lambda: "Step 1 of 10" in screen(), what="the form", screen=screen)
        keys("C-Down")
        wait_for(lambda: "Step 2 of 10" in screen(), what="step 2", screen=screen)
        keys("Tab")
        keys("It was an internal candidate, nothing I did wrong.", literal=True)
        wait_for(lambda: "nothing I did wrong" in screen(), what="the typed words",
                 screen=screen)
        time.sleep(2.5)  # the draft is written within two seconds of typing
        shell = int(tmux("list-panes", "-t", "k", "-F", "#{pane_pid}", socket=socket))
        os.kill(_python_pid(shell), signal.SIGKILL)
        wait_for(lambda: "EXIT=137" in screen(), what="the killed process", screen=screen)

        with Store.open(db) as store:
            drafts = store.list_reflections(status="draft")
        assert [(d.application_id, d.reasons_text) for d in drafts] == [
            (application.id, "It was an internal candidate, nothing I did wrong.")]

        # The next start, in a fresh pane of the same server (the old one is then closed).
        tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", "k2", command, socket=socket)
        tmux("kill-session", "-t", "k", socket=socket)
        tmux("rename-session", "-t", "k2", "k", socket=socket)
        wait_for(lambda: "unfinished reflection" in screen(), what="the offer to resume",
                 screen=screen)
        wait_for(lambda: "Unfinished" in screen(), what="the journal", screen=screen)
        keys("2")
        keys("Down")
        keys("Enter")
        wait_for(lambda: "nothing I did wrong" in screen(), what="the resumed draft",
                 screen=screen)
    finally:
        subprocess.run([TMUX, "-L", socket, "kill-server"], capture_output=True, check=False)
