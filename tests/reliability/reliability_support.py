"""What the reliability tests share: the fork server's client, the real `bounceback` command,
and checks that read a database file the way the next start would."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

PROG = "bounceback"
HERE = Path(__file__).resolve().parent


# --- figures for the report ------------------------------------------------------------------


@dataclass
class Tally:
    """How many faults the suite injected and how many committed writes it checked."""

    faults: dict[str, int] = field(default_factory=dict)
    writes_checked: dict[str, int] = field(default_factory=dict)
    rows_compared: dict[str, int] = field(default_factory=dict)

    def fault(self, kind: str, n: int = 1) -> None:
        """Count `n` injected faults of a kind (a kill -9, a damaged file, a full disk …)."""
        self.faults[kind] = self.faults.get(kind, 0) + n

    def checked(self, kind: str, n: int) -> None:
        """Count `n` writes whose presence (or whole absence) was checked afterwards."""
        self.writes_checked[kind] = self.writes_checked.get(kind, 0) + n

    def compared(self, kind: str, n: int) -> None:
        """Count `n` rows compared one by one with the original's."""
        self.rows_compared[kind] = self.rows_compared.get(kind, 0) + n


TALLY = Tally()


# --- the fork server ----------------------------------------------------------------------------


class ForkServer:
    """A client of `fault_jobs.py`: start jobs in warm, forked children; kill; reap."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, str(HERE / "fault_jobs.py")], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, bufsize=1, cwd=HERE)
        self._live: set[int] = set()

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(json.dumps(request) + "\n")
        self._proc.stdin.flush()
        answer = json.loads(self._proc.stdout.readline())
        assert "error" not in answer, answer
        return answer

    def run(self, job: str, log: Path, **args: Any) -> int:
        """Start `job` in a new child; its pid."""
        pid = int(self._ask({"op": "run", "job": job, "log": str(log), "args": args})["pid"])
        self._live.add(pid)
        return pid

    def wait(self, pid: int) -> int:
        """Reap a child: its exit code, or minus the signal that ended it."""
        status = int(self._ask({"op": "wait", "pid": pid})["status"])
        self._live.discard(pid)
        return status

    def reap_all(self) -> None:
        """Kill and reap every child still running (a test that failed half-way)."""
        for pid in sorted(self._live):
            with contextlib.suppress(ProcessLookupError):
                kill9(pid)
            self.wait(pid)

    def close(self) -> None:
        """Stop the server, after its children."""
        self.reap_all()
        assert self._proc.stdin is not None
        self._proc.stdin.close()
        self._proc.wait(timeout=10)


def wait_for_line(log: Path, prefix: str, *, timeout: float = 20.0) -> None:
    """Wait until a child's log holds a line starting with `prefix`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and any(line.startswith(prefix) for line in log.read_text().splitlines()):
            return
        err = Path(f"{log}.err")
        if err.exists() and err.read_text().strip():
            raise AssertionError(f"the child failed:\n{err.read_text()}")
        time.sleep(0.005)
    raise AssertionError(f"no {prefix!r} in {log} after {timeout} s")


def log_lines(log: Path, kind: str) -> list[list[str]]:
    """The words of every `kind …` line of a child's log."""
    if not log.exists():
        return []
    return [line.split()[1:] for line in log.read_text().splitlines()
            if line.split() and line.split()[0] == kind]


def kill9(pid: int) -> None:
    """SIGKILL, as `kill -9` sends it."""
    os.kill(pid, signal.SIGKILL)


# --- the real command ---------------------------------------------------------------------------


def bounceback_exe() -> str:
    """The `bounceback` console script of the environment running the tests."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which(PROG, path=search)
    assert found, "the bounceback console script is not installed in this environment"
    return found


def cli_env() -> dict[str, str]:
    """The test's environment (a private HOME, set by the root conftest), for a child."""
    env = {k: v for k, v in os.environ.items() if k != "BOUNCEBACK_DB"}
    env.update(COLUMNS="120", PYTHONDONTWRITEBYTECODE="1")
    return env


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`bounceback ARGS` as a real process, no terminal on stdin."""
    return subprocess.run([bounceback_exe(), *args], capture_output=True, text=True,
                          env=cli_env(), stdin=subprocess.DEVNULL, timeout=timeout,
                          check=False)


def start_cli(*args: str) -> subprocess.Popen[str]:
    """`bounceback ARGS` started, not waited for."""
    return subprocess.Popen([bounceback_exe(), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=cli_env(),
                            stdin=subprocess.DEVNULL)


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    """A refusal as the person sees it: exit 1, nothing on stdout, one `bounceback: …` line
    on stderr, no traceback, not the "unexpected error" of a bug. Returns the message."""
    assert proc.returncode == 1, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == "", proc.stdout
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"{PROG}: "), proc.stderr
    message = lines[0][len(PROG) + 2:]
    assert message.strip() and not message.startswith("unexpected error"), proc.stderr
    return message


def succeeded(proc: subprocess.CompletedProcess[str]) -> str:
    """A command that must have worked, quietly: its stdout."""
    assert proc.returncode == 0 and proc.stderr == "", (proc.returncode, proc.stderr)
    return proc.stdout


# --- reading a file the way the next start would --------------------------------------------------


def sql_dump(db: Path) -> list[str]:
    """The database's schema and rows as SQL: equal dumps, equal contents."""
    connection = sqlite3.connect(db)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def sha256(path: Path) -> str:
    """The file's bytes, hashed."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sound(path: Path) -> sqlite3.Connection:
    """A connection to `path` (recovering a leftover -wal, as the next start would) after
    checking `PRAGMA integrity_check` is ok and `PRAGMA foreign_key_check` is empty."""
    conn = sqlite3.connect(path, isolation_level=None)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    return conn


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


@dataclass(frozen=True)
class PipelineFacts:
    """What a database holds, after `check_pipeline` found every change whole."""

    application_ids: frozenset[int]
    event_ids: frozenset[int]
    changes: int  # every change ever committed (the undo log's AUTOINCREMENT)


def check_pipeline(path: Path) -> PipelineFacts:
    """Every change of `write_pipeline` wholly there or wholly absent:

    integrity and foreign keys are sound; every application has its first event
    (`applied` or `saved`); no event lacks its application; every application's summary
    columns (stage, instants, outcome, furthest stage, answered, closed) equal what its
    events say; and each committed change (one event and one undo-log row) was counted once.
    """
    from bounceback_tui.store.instants import to_stored
    from bounceback_tui.store.models import summary_columns

    conn = sound(path)
    try:
        conn.row_factory = sqlite3.Row
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'applications'").fetchone():
            # Killed while creating the file: the schema is one transaction, so no table at all.
            assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
            return PipelineFacts(frozenset(), frozenset(), 0)
        apps = {row["id"]: row for row in conn.execute("SELECT * FROM applications")}
        events: dict[int, list[sqlite3.Row]] = {}
        for row in conn.execute("SELECT * FROM stage_events ORDER BY at, id"):
            assert row["application_id"] in apps, f"event {row['id']} has no application"
            events.setdefault(row["application_id"], []).append(row)
        for app_id, app in apps.items():
            history = events.get(app_id)
            assert history, f"application {app_id} has no first stage event"
            assert history[0]["stage"] in ("applied", "saved"), (app_id, history[0]["stage"])
            expected = summary_columns(app_id, app["company"], [
                (e["stage"], _instant(e["at"]), e["id"]) for e in history])
            for name, value in expected.items():
                if isinstance(value, datetime):
                    value = to_stored(value)
                elif isinstance(value, bool):
                    value = int(value)
                assert app[name] == value, (app_id, name, app[name], value)
        sequence = conn.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
        changes = sequence[0] if sequence else 0
        n_events = sum(len(h) for h in events.values())
        # write_pipeline's adds make one event each, its moves one more: one event per change.
        assert n_events == changes, (n_events, changes)
        last = conn.execute("SELECT action, payload FROM changes ORDER BY id DESC LIMIT 1"
                            ).fetchone()
        if last is not None:  # the newest change points at rows that exist
            payload = json.loads(last["payload"])
            if last["action"] == "add":
                assert payload["application_id"] in apps
            else:
                assert any(e["id"] == payload["event_id"] for h in events.values() for e in h)
        return PipelineFacts(frozenset(apps),
                             frozenset(e["id"] for h in events.values() for e in h), changes)
    finally:
        conn.close()


def table_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in rowid order, read without changing the file."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
                for name in tables}
    finally:
        conn.close()


def eventually(check: Callable[[], bool], *, timeout: float = 10.0) -> bool:
    """Poll `check` until it holds (True) or time runs out (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.002)
    return False
