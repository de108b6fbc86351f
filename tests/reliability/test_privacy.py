"""Privacy on disk and on screen: every file BounceBack writes is readable only by its owner
(0600) and every folder it creates only by its owner (0700), whatever the umask; a deleted
reflection's words do not stay behind in the database or its write-ahead log; a crash while
a reflection is open prints none of it and exits non-zero."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pendulum
import pytest
import sqlalchemy

from bounceback_tui.store import Store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def exe() -> str:
    found = shutil.which("bounceback", path=os.pathsep.join(
        [str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    assert found, "the bounceback console script is not installed in this environment"
    return found


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BOUNCEBACK_DB", "COLUMNS", "LINES")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_STATE_HOME=str(home / "state"),
               PYTHONDONTWRITEBYTECODE="1", LANG="C.UTF-8")
    return env


@pytest.fixture
def umask_022() -> Iterator[None]:
    """This process creates files 0644 and folders 0755 unless BounceBack says otherwise."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def written_by_bounceback(root: Path, ours: set[Path]) -> tuple[list[Path], list[Path]]:
    """Every file and folder under `root`, except the ones the test made itself."""
    files, folders = [], []
    for path in sorted(root.rglob("*")):
        if path in ours:
            continue
        (folders if path.is_dir() else files).append(path)
    return files, folders


@pytest.mark.slow
async def test_everything_bounceback_writes_is_private_whatever_the_umask(
        tmp_path: Path, umask_022: None) -> None:
    """Setup: umask 022 in every process; a database path two folders deep that do not
    exist yet; an `out/` folder made by the test (0755) for exports.
    Action: the installed `bounceback` adds, moves (to rejected and to offer), exports
    json, csv, markdown and `--story` to files, backs up (default place and a chosen
    file); then the dashboard (Pilot, same umask) opens on the database with a settings
    file in new folders, switches theme, backs up, exports and saves the chart, and its
    -wal/-shm are looked at while it runs.
    Holds: every file BounceBack wrote (db, -wal, -shm, backups, exports, chart, settings)
    is 0600 and every folder it created 0700; files it did not create keep their mode."""
    root = tmp_path / "root"
    out = root / "out"
    out.mkdir(parents=True)
    assert mode(out) == 0o755  # the umask is in force
    db = root / "hunt" / "data" / "hunt.db"
    env = environment(root / "home")

    def bb(*args: str) -> str:
        result = subprocess.run([exe(), "--db", str(db), *args], capture_output=True,
                                text=True, env=env, stdin=subprocess.DEVNULL, timeout=60,
                                check=False, umask=0o022)
        assert (result.returncode, result.stderr) == (0, "") or (
            result.returncode == 0 and result.stderr.startswith("Exported to")), result
        return result.stdout

    bb("add", "Acme", "Dev", "--applied-on", "3 days ago")
    bb("move", "1", "rejected", "--note", "form email")
    bb("add", "Globex", "Dev", "--stage", "offer")
    with ThreadPoolExecutor(max_workers=2) as pool:
        *_, default_backup, chosen = (Path(printed.strip()) for printed in pool.map(
            lambda args: bb(*args), [
                ("export", "--format", "json", "--output", str(out / "hunt.json")),
                ("export", "--format", "csv", "--output", str(out / "hunt.csv")),
                ("export", "--format", "markdown", "--output", str(out / "hunt.md")),
                ("export", "--story", "--output", str(out / "story.md")),
                ("backup",), ("backup", str(out / "copy.db"))]))
    assert default_backup.parent == db.parent / "backups" and chosen == out / "copy.db"

    from textual.widgets import Input  # noqa: F401  (loads Textual before the clock is frozen)

    from bounceback_tui.app import make_app
    from bounceback_tui.palette import back_up, export_json

    settings = root / "config" / "deep" / "config.toml"
    app = make_app(db, settings_file=settings, clock=pendulum.now)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if app.store is not None:
                break
        assert app.store is not None
        app.store.add_win("kept going")  # a write: the -wal and -shm exist now
        companions = [Path(f"{db}-wal"), Path(f"{db}-shm")]
        assert all(p.exists() for p in companions)
        assert [mode(p) for p in companions] == [0o600, 0o600]
        app.theme = "nord" if app.theme != "nord" else "gruvbox"
        back_up(app)
        export_json(app)
        for _ in range(200):  # the chart is drawn after the Store opens (in a worker)
            await pilot.pause(0.05)
            if app.timeline_pane.chart is not None:
                break
        app.action_save_chart()  # a change came meanwhile: it may read the chart first
        for _ in range(200):
            await app.workers.wait_for_complete()
            await pilot.pause(0.05)
            if list(db.parent.rglob("*.svg")) and len(list(
                    (db.parent / "backups").glob("*.db"))) == 2:
                break
    assert settings.exists() and "theme = " in settings.read_text()
    assert list((db.parent / "exports").glob("*.json"))
    assert len(list((db.parent / "backups").glob("*.db"))) == 2
    charts = [p for p in db.parent.rglob("*.svg")]
    assert charts, sorted(db.parent.rglob("*"))

    files, folders = written_by_bounceback(root, ours={out})
    assert {p.name for p in files} >= {"hunt.db", "hunt.json", "hunt.csv", "hunt.md",
                                       "story.md", "copy.db", "config.toml"}
    assert {p: oct(mode(p)) for p in files if mode(p) != 0o600} == {}
    assert {p: oct(mode(p)) for p in folders if mode(p) != 0o700} == {}
    assert mode(out) == 0o755 and mode(root) == 0o755


# --- a deleted reflection leaves no trace ------------------------------------------------------


MARKER = "PRIVATE-MARKER-7f3a"


@pytest.fixture
def secure_delete_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every store connection starts with `PRAGMA secure_delete = OFF`, the default of
    SQLite as built by python.org and macOS (Debian's build turns it on, which would hide
    the problem here): BounceBack must ask for it itself."""
    from bounceback_tui.store.file import database

    real = database.create_engine

    def create_engine(*args: Any, **kwargs: Any) -> sqlalchemy.Engine:
        engine = real(*args, **kwargs)

        def off(dbapi_conn: Any, record: Any) -> None:
            dbapi_conn.execute("PRAGMA secure_delete = OFF")

        sqlalchemy.event.listen(engine, "connect", off, insert=True)
        return engine

    monkeypatch.setattr(database, "create_engine", create_engine)


def traces(db: Path) -> dict[str, int]:
    """How many times MARKER's bytes appear in the database file and its -wal."""
    found = {}
    for path in (db, Path(f"{db}-wal")):
        found[path.name] = path.read_bytes().count(MARKER.encode()) if path.exists() else 0
    return found


def test_a_deleted_reflection_leaves_no_trace_in_the_files(
        tmp_path: Path, secure_delete_off_by_default: None) -> None:
    """Setup: a store with two reflections kept, and one whose draft is saved three times
    (a long answer, so it spills onto overflow pages) with a unique marker, then saved.
    Action: delete that reflection through the Store API; SQLite's own (passive)
    checkpoint; read the raw bytes of the .db and -wal while the store is still open, then
    after it closes. Holds: the marker is in neither file, yet the other reflections are
    intact (the fix: `PRAGMA secure_delete = ON` on every connection, and the -wal
    checkpointed and truncated after a delete)."""
    db = tmp_path / "hunt.db"
    store = Store.open(db)
    try:
        app = store.add_application("Acme", "Dev")
        store.save_reflection({"went_well": "keep me one"}, application_id=app.id,
                              status="saved")
        draft = store.save_reflection({"went_well": f"{MARKER} first"}, application_id=app.id)
        for number in range(2):
            store.save_reflection({"went_well": f"{MARKER} draft {number} " * 400,
                                   "taught_me": MARKER}, reflection_id=draft.id)
        store.save_reflection({"went_well": f"{MARKER} final"}, reflection_id=draft.id,
                              status="saved")
        store.save_reflection({"went_well": "keep me two"}, status="saved")
        assert sum(traces(db).values()) > 0  # the marker is on disk before the delete
        started = time.perf_counter()
        store.delete_reflection(draft.id)
        cost = time.perf_counter() - started
        with store.database.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        assert traces(db) == {"hunt.db": 0, "hunt.db-wal": 0}, "while open"
        assert cost < 1.0, cost
        assert sorted(r.went_well for r in store.list_reflections()) == [
            "keep me one", "keep me two"]
    finally:
        store.close()
    assert traces(db) == {"hunt.db": 0, "hunt.db-wal": 0}, "after closing"


def test_store_connections_use_secure_delete(store: Store) -> None:
    """Setup: an open store. Action: ask each kind of connection it uses (reads and
    writes) for `PRAGMA secure_delete`. Holds: 1 on both, whatever SQLite's build default."""
    for engine in (store.database.engine, store.database.writer):
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


# --- a crash while a reflection is open ----------------------------------------------------------


TMUX = shutil.which("tmux")

CRASHING = """\
import sys

import bounceback_tui.domain.traps as traps


def broken(text):  # a bug in the thinking-trap check, with the person's words in its message
    raise RuntimeError("trap check failed on " + text)


traps.detect_thinking_traps = broken
from bounceback_tui.__main__ import main  # noqa: E402

main(sys.argv[1:])
"""


@pytest.mark.slow
@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_a_crash_in_an_open_reflection_prints_none_of_it(tmp_path: Path) -> None:
    """Setup: the real `bounceback` entry point in tmux (120×40), with one bug planted from
    outside the app: the thinking-trap check raises an error whose message holds the text
    it was given (app.py has no other way to crash on demand). Action: `r` opens a
    reflection, tab to "Anything else", type words with a unique marker, pause (the hint
    check runs a second later and raises). Holds: the process exits with status 1 and
    prints one `bounceback: … stopped because of a bug (…)` line; the marker
    is nowhere on the terminal (screen and scrollback); the crash logs are 0600 in
    folders BounceBack made 0700, and hold the traceback's frames and the error's type but
    not its message (which held the words)."""
    home = tmp_path / "home"
    env = environment(home)
    script = tmp_path / "crashing.py"
    script.write_text(CRASHING)
    db = tmp_path / "hunt.db"
    with Store.open(db) as store:
        store.add_application("Acme", "Dev")
    socket = f"bb-crash-{os.getpid()}"
    exports = " ".join(f"{k}='{env[k]}'" for k in (
        "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "LANG"))
    command = (f"unset COLUMNS LINES; env {exports} '{sys.executable}' '{script}' --db '{db}';"
               " echo EXIT=$?; sleep 60")

    def tmux(*args: str) -> str:
        return subprocess.run([TMUX, "-L", socket, *args], capture_output=True, text=True,
                              check=True, timeout=20).stdout

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", "c", "-S", "-200")

    def wait_for(predicate: Any, what: str) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen:\n{screen()}")

    tmux("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-s", "c", command)
    try:
        wait_for(lambda: "Acme" in screen() and "Timeline" in screen(), "the dashboard")
        tmux("send-keys", "-t", "c", "r")
        wait_for(lambda: "Feel it" in screen(), "the reflection form")
        tmux("send-keys", "-t", "c", "Tab", "Tab", "Tab")
        time.sleep(0.3)
        tmux("send-keys", "-t", "c", "-l", f"{MARKER} I always fail")
        wait_for(lambda: "EXIT=" in screen(), "the crash")
        shown = screen()
    finally:
        subprocess.run([TMUX, "-L", socket, "kill-server"], capture_output=True, check=False)
    assert "EXIT=1" in shown, shown
    assert MARKER not in shown and "always fail" not in shown, shown
    said = [line for line in shown.splitlines() if line.startswith("bounceback: ")]
    assert len(said) == 1 and "stopped because of a bug (" in said[0], shown
    logs = sorted((home / "state" / "bounceback").glob("crash-*.log"))
    assert logs and all(mode(log) == 0o600 for log in logs)
    # the planted bug is logged by its shape: where it happened and its type, never its
    # message, which held the person's words
    texts = [log.read_text() for log in logs]
    assert any("RuntimeError: (message withheld" in text and ", in broken\n" in text
               for text in texts), texts
    assert not any(MARKER in text or "always fail" in text for text in texts), texts
    for folder in (home, home / "state", home / "state" / "bounceback"):
        assert mode(folder) == 0o700, folder


POLL_WHILE_CLOSING = """\
import sys
import threading
from pathlib import Path

from bounceback_tui.store import Store

db = Path(sys.argv[1])
Store.open(db).close()
failures = []
for _ in range(100):
    store = Store.open(db)
    store.data_version()
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            try:
                store.data_version()
            except Exception as exc:  # noqa: BLE001
                failures.append(type(exc).__name__)

    thread = threading.Thread(target=poll)
    thread.start()
    store.close()
    stop.set()
    thread.join()
print("failures:", sorted(set(failures)))
"""


@pytest.mark.slow
def test_closing_the_store_while_the_dashboard_polls_it_does_not_crash(tmp_path: Path) -> None:
    """Setup: a store whose `data_version()` (the dashboard's once-a-second poll, run in a
    worker thread) is called in a loop from a second thread. Action: close the store from
    the main thread meanwhile (what quitting the dashboard does), 100 times, in a child
    process. Holds: the process exits 0 with no failure: close() used to close the poll's
    SQLite connection under a running query, a segmentation fault (exit -11) that skips
    the one-line crash message and prints a stack dump instead."""
    script = tmp_path / "poll_while_closing.py"
    script.write_text(POLL_WHILE_CLOSING)
    result = subprocess.run([sys.executable, str(script), str(tmp_path / "hunt.db")],
                            capture_output=True, text=True, timeout=60, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "failures: []\n", "")
