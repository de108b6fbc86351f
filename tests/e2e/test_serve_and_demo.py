"""`bounceback serve` answers on 127.0.0.1 only, to the printed token; `bounceback demo` opens
a made-up hunt in a temporary folder and cleans it up (or keeps it with --keep)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
BOUNCEBACK = shutil.which("bounceback")
TMUX = shutil.which("tmux")


@pytest.mark.skipif(BOUNCEBACK is None, reason="needs the installed bounceback")
def test_serve_answers_on_loopback_only(tmp_path: Path) -> None:
    """Setup: `bounceback serve --port 0` on a new database. Action: read the printed URL,
    fetch the page without and with its token. Holds: the URL names 127.0.0.1 and the real
    port; without the token 403, with it the BounceBack page; the port listens on 127.0.0.1
    only. (tests/reliability/test_serve.py covers the guards in depth.)"""
    log = tmp_path / "serve.err"
    with log.open("w") as err:
        server = subprocess.Popen([BOUNCEBACK, "--db", str(tmp_path / "h.db"), "serve",
                                   "--port", "0"], stdout=subprocess.DEVNULL, stderr=err,
                                  start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        found = None
        while time.monotonic() < deadline and found is None and server.poll() is None:
            found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=\S+", log.read_text())
            time.sleep(0.1)
        assert found, log.read_text()
        url, port = found.group(0), int(found.group(1))
        assert port != 0
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
        assert refused.value.code == 403
        with urllib.request.urlopen(url, timeout=10) as answer:
            page = answer.read().decode()
        assert "BounceBack" in page
        listening = subprocess.run(["ss", "-ltn"], capture_output=True, text=True).stdout \
            if shutil.which("ss") else ""
        for line in listening.splitlines():
            if f":{port} " in line:
                assert "127.0.0.1:" in line, line
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
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
