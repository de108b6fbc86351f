"""`bounceback serve` answers on 127.0.0.1 only; `bounceback demo` opens a made-up hunt in a
temporary folder and cleans it up (or keeps it with --keep)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
BOUNCEBACK = shutil.which("bounceback")
TMUX = shutil.which("tmux")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(BOUNCEBACK is None, reason="needs the installed bounceback")
def test_serve_answers_on_loopback_only(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen([BOUNCEBACK, "--db", str(tmp_path / "h.db"), "serve", "--port",
                               str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        page = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                    page = answer.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert "BounceBack" in page
        listening = subprocess.run(["ss", "-ltn"], capture_output=True, text=True).stdout \
            if shutil.which("ss") else ""
        for line in listening.splitlines():
            if f":{port} " in line:
                assert "127.0.0.1:" in line, line
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.skipif(TMUX is None or BOUNCEBACK is None, reason="needs tmux and bounceback")
@pytest.mark.parametrize("keep", [False, True])
def test_demo_opens_a_made_up_hunt_and_cleans_up(tmp_path: Path, keep: bool) -> None:
    sock = f"bb-demo-{keep}-{tmp_path.name}"
    log = tmp_path / "out.txt"
    flags = " --keep" if keep else ""
    demo = (f"env -u COLUMNS -u LINES TMPDIR={tmp_path} HOME={tmp_path} "
            f"XDG_CONFIG_HOME={tmp_path}/c XDG_STATE_HOME={tmp_path}/s {BOUNCEBACK} demo{flags}")
    subprocess.run([TMUX, "-L", sock, "new-session", "-d", "-x", "120", "-y", "40", "-s", "d",
                    f"script -qfc '{demo}' {tmp_path / 'tty.txt'}; echo done > {log}; sleep 30"],
                   check=True)
    try:
        def screen() -> str:
            return subprocess.run([TMUX, "-L", sock, "capture-pane", "-p", "-t", "d"],
                                  capture_output=True, text=True).stdout

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "300 applications" not in screen():
            time.sleep(0.2)
        assert "300 applications" in screen()
        subprocess.run([TMUX, "-L", sock, "send-keys", "-t", "d", "q"], check=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not log.exists():
            time.sleep(0.2)
        transcript = (tmp_path / "tty.txt").read_text(errors="replace")
        kept = re.search(r"The demo database is at (\S+demo\.db)", transcript)
        folders = list(tmp_path.glob("bounceback-demo-*"))
        if keep:
            assert kept and Path(kept.group(1)).exists()
            assert [Path(kept.group(1)).parent] == folders
        else:
            assert kept is None and folders == []  # the temporary hunt is gone
    finally:
        subprocess.run([TMUX, "-L", sock, "kill-server"], capture_output=True)
