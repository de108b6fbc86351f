"""Dates people type and the clocks they live by: unreadable, impossible, far-future and
far-past dates are refused in one line with nothing written; an instant survives a change of
time zone between sessions; nights when the clocks change keep events in the order they
happened and bounce-back times in real (UTC) hours."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner, Result

from bounceback_tui.cli import cli
from bounceback_tui.store import Store
from bounceback_tui.store.errors import InvalidInput
from bounceback_tui.store.instants import to_stored

BERLIN = pendulum.timezone("Europe/Berlin")


def invoke(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], prog_name="bounceback",
                              catch_exceptions=False)


def ok(db: Path, *args: str) -> str:
    result = invoke(db, *args)
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    return result.stdout


def state(db: Path) -> tuple[bytes, list[str]]:
    """The database's bytes and the names beside it."""
    return db.read_bytes(), sorted(p.name for p in db.parent.iterdir())


def refused(db: Path, *args: str) -> str:
    """Runs a command that must be refused: exit 1, nothing on stdout, one `bounceback: …`
    line on stderr (not an unexpected error), the database and its folder unchanged."""
    before = state(db)
    result = invoke(db, *args)
    assert (result.exit_code, result.stdout) == (1, ""), (result.exit_code, result.stdout)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("bounceback: "), result.stderr
    assert "unexpected error" not in lines[0] and "Traceback" not in result.stderr
    assert state(db) == before
    return lines[0]


@pytest.fixture
def berlin() -> Iterator[None]:
    """The machine's zone is Europe/Berlin for pendulum (what `parse_when` reads)."""
    pendulum.set_local_timezone(BERLIN)
    try:
        yield
    finally:
        pendulum.set_local_timezone(None)


@pytest.fixture
def one_app(tmp_path: Path) -> Path:
    """A database with one application, applied ten days ago; no -wal left behind."""
    db = tmp_path / "hunt.db"
    with Store.open(db) as store:
        store.add_application("Acme", "Dev", applied_at=pendulum.now("UTC").subtract(days=10))
    return db


def days_ahead(count: int) -> str:
    return (date.today() + timedelta(days=count)).isoformat()


BAD_DATES = [
    pytest.param("03/04/2026", "ambiguous", id="ambiguous-slashes"),
    pytest.param("2026-02-30", "not a real date", id="february-30"),
    pytest.param("2026-13-01", "not a real date", id="month-13"),
    pytest.param("yesterday-ish", "cannot read", id="yesterday-ish"),
    pytest.param(days_ahead(2), "in the future", id="the-day-after-tomorrow"),
    pytest.param("2999-01-01", "in the future", id="far-future"),
    pytest.param("9999-12-31", "in the future", id="last-day-of-9999"),
    pytest.param("9999-12-31T23:59-12:00", "in the future", id="beyond-9999-in-utc"),
    pytest.param("99999 weeks ago", "before 1900", id="99999-weeks-ago"),
    pytest.param("99999 days ago", "before 1900", id="99999-days-ago"),
    pytest.param("0001-01-01", "before 1900", id="year-1"),
    pytest.param("0001-01-01T00:30+01:00", "before 1900", id="before-year-1-in-utc"),
    pytest.param("1899-12-31", "before 1900", id="1899"),
]


@pytest.mark.parametrize("command", ["add", "move"])
@pytest.mark.parametrize(("text", "reason"), BAD_DATES)
def test_bad_dates_are_refused_in_one_line_and_change_nothing(
        one_app: Path, command: str, text: str, reason: str) -> None:
    """Setup: a database with one application. Action: `add X Y --applied-on TEXT` or
    `move 1 offer --on TEXT` with an ambiguous, impossible, future or far-past date.
    Holds: exit 1, one line naming the problem, the database file and folder unchanged.
    (Future dates: any day or time after now is refused, as dates.py says; `tomorrow` and
    `in 3 days` are only for follow-up and due days.) Before 1900 is refused too: such
    dates used to be stored as `110-05-22 …` (strftime does not pad the year), after
    which `list`, `show`, `stats` and `export` failed with an unexpected error."""
    args = (["add", "Beta", "Dev", "--applied-on", text] if command == "add"
            else ["move", "1", "offer", "--on", text])
    message = refused(one_app, *args)
    assert reason in message, message
    flag = "--applied-on" if command == "add" else "--on"
    assert message.startswith(f"bounceback: {flag}: "), message


def test_the_oldest_and_newest_accepted_dates_keep_every_command_working(tmp_path) -> None:
    """Setup: a new database. Action: add applications on 1900-01-01, 40,000 days ago
    (1917 or 1918) and today, then list, show, stats and export. Holds: every command succeeds, and
    the stored instants keep their fixed-width text (so text order is time order)."""
    db = tmp_path / "hunt.db"
    for when in ("1900-01-01", "40000 days ago", "today"):
        ok(db, "add", f"Co {when}", "Dev", "--applied-on", when)
    rows = json.loads(ok(db, "list", "--json"))
    # 40,000 days before the real today (the commands run on the real clock): 1917 or 1918.
    # The command and this line could straddle a midnight, so either side of it is fine.
    early = {(date.today() - timedelta(days=40_000 + extra)).year for extra in (0, 1)}
    oldest = sorted(r["applied_on"][:4] for r in rows)[:2]
    assert oldest[0] == "1900" and int(oldest[1]) in early, (oldest, early)
    for args in (["list"], ["show", "1"], ["stats", "--json"], ["export"]):
        ok(db, *args)
    with sqlite3.connect(db) as conn:
        stored = [at for (at,) in conn.execute("SELECT at FROM stage_events ORDER BY at")]
    assert [len(at) for at in stored] == [26] * 3 and stored[0].startswith("1900-01-01 ")


def test_the_store_refuses_instants_it_could_not_keep_in_order(store: Store) -> None:
    """Setup: an open store. Action: add an application, move one, log a win with instants
    in the year 110, at 0001-01-01T00:30+01:00 (before year 1 in UTC) and in 9999 at
    -12:00 (after 9999 in UTC). Holds: InvalidInput each time (never an OverflowError or
    a row whose text sorts wrong), and nothing is written; `to_stored` pads years to four
    digits in any case."""
    app = store.add_application("Acme", "Dev")
    for bad in (datetime(110, 5, 22, 11, 6, tzinfo=UTC),
                datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),
                datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-12)))):
        with pytest.raises(InvalidInput):
            store.add_application("Old", "Dev", applied_at=bad)
        with pytest.raises(InvalidInput):
            store.move(app.id, "rejected", at=bad)
        with pytest.raises(InvalidInput):
            store.add_win("kept going", at=bad)
    assert [a.company for a in store.list_applications()] == ["Acme"]
    assert store.list_wins() == [] and len(store.get_application(app.id).events) == 1
    assert to_stored(datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=UTC)) == "0999-01-02 03:04:05.000006"
    assert to_stored(pendulum.datetime(2026, 3, 29, 3, 30, tz=BERLIN)) == (
        "2026-03-29 01:30:00.000000")


@pytest.mark.parametrize(("at", "reason"), [
    ("0100-01-01T00:00:00+00:00", "before 1900"),
    ("0001-01-01T00:30:00+01:00", "before 1900"),
    ("9999-12-31T23:00:00-12:00", "after 9998"),
])
def test_an_import_with_instants_out_of_range_is_refused(one_app: Path, at: str,
                                                         reason: str) -> None:
    """Setup: a database with one application; an interchange document whose event is at
    `at`. Action: `bounceback import FILE`. Holds: refused in one line naming the event,
    exit 1, nothing written (it used to import the year 100 as `100-01-01 …`, breaking
    every later read, and to crash with OverflowError on the other two)."""
    doc = {"format": "bounceback", "version": 1, "exported_at": "2026-11-01T09:00:00+00:00",
           "applications": [{"company": "Old Co", "role": "Dev",
                             "events": [{"stage": "applied", "at": at, "note": ""}]}],
           "reflections": [], "wins": [], "actions": []}
    path = one_app.parent / "old.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    message = refused(one_app, "import", str(path))
    assert "applications[0].events[0].at: " in message and reason in message, message


@pytest.mark.parametrize(("text", "reason"), [
    ("2026-10-25T02:30", "happens twice"),
    ("2026-10-25 02:59", "happens twice"),
    ("2026-03-29T02:30", "did not happen"),
])
def test_local_times_a_clock_change_makes_ambiguous_or_skips_are_refused(
        one_app: Path, berlin: None, text: str, reason: str) -> None:
    """Setup: the machine's zone is Europe/Berlin; a database with one application.
    Action: `add --applied-on` and `move --on` with a local time (no offset) in the hour
    the clocks repeat on 25 October 2026 or skip on 29 March 2026. Holds: refused in one
    line that says why and, for the repeated hour, names both offsets to choose from;
    nothing written. The same times with an offset are accepted (see the next tests)."""
    for args in (["add", "Beta", "Dev", "--applied-on", text],
                 ["move", "1", "offer", "--on", text]):
        message = refused(one_app, *args)
        assert reason in message, message
        if reason == "happens twice":
            assert "+02:00" in message and "+01:00" in message, message


# --- real processes with TZ set ----------------------------------------------------------------


def exe() -> str:
    found = shutil.which("bounceback", path=os.pathsep.join(
        [str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    assert found, "the bounceback console script is not installed in this environment"
    return found


def run(tmp_path: Path, tz: str, *args: str) -> str:
    """`bounceback ARGS` as a real process with TZ=tz; must succeed; its stdout."""
    env = {k: v for k, v in os.environ.items() if k != "BOUNCEBACK_DB"}
    env.update(TZ=tz, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), COLUMNS="120",
               PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([exe(), *args], capture_output=True, text=True, env=env,
                            stdin=subprocess.DEVNULL, timeout=60, check=False)
    assert (result.returncode, result.stderr) == (0, ""), (args, result)
    return result.stdout


def in_parallel(tmp_path: Path, tz: str, *commands: list[str]) -> list[str]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda args: run(tmp_path, tz, *args), commands))


def stored_instants(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [at for (at,) in conn.execute("SELECT at FROM stage_events ORDER BY id")]


@pytest.mark.slow
def test_a_time_zone_change_keeps_the_instant_and_shows_the_new_local_day(tmp_path) -> None:
    """Setup: in Tokyo (TZ=Asia/Tokyo) add one application at 2026-03-10T08:30 local time
    and one on the plain day 2026-03-10. Action: the next session is in Los Angeles
    (TZ=America/Los_Angeles): `list --json`, `list`, `show 1`, `export --format json`.
    Holds: the stored UTC instants are those of Tokyo's 08:30 and noon (23:30Z and 03:00Z)
    and the export gives them unchanged; every local day shown is Los Angeles's
    (2026-03-09, Tokyo's 10 March had not begun there), and `show` prints LA's 16:30."""
    db = str(tmp_path / "hunt.db")
    run(tmp_path, "Asia/Tokyo", "--db", db, "add", "Tokyo Time", "Dev",
        "--applied-on", "2026-03-10T08:30")
    run(tmp_path, "Asia/Tokyo", "--db", db, "add", "Tokyo Day", "Dev",
        "--applied-on", "2026-03-10")
    assert stored_instants(Path(db)) == ["2026-03-09 23:30:00.000000",
                                        "2026-03-10 03:00:00.000000"]
    listed, table, shown, exported = in_parallel(
        tmp_path, "America/Los_Angeles", ["--db", db, "list", "--json"], ["--db", db, "list"],
        ["--db", db, "show", "1"], ["--db", db, "export", "--format", "json"])
    assert {r["company"]: r["applied_on"] for r in json.loads(listed)} == {
        "Tokyo Time": "2026-03-09", "Tokyo Day": "2026-03-09"}
    assert [line.split()[-2] for line in table.splitlines()[1:]] == ["2026-03-09"] * 2
    assert "    2026-03-09 16:30  applied" in shown.splitlines()
    doc = json.loads(exported)
    assert {a["company"]: a["events"][0]["at"] for a in doc["applications"]} == {
        "Tokyo Time": "2026-03-09T23:30:00+00:00", "Tokyo Day": "2026-03-10T03:00:00+00:00"}
    assert stored_instants(Path(db)) == ["2026-03-09 23:30:00.000000",
                                        "2026-03-10 03:00:00.000000"]


def dst_document(*, newest_first: bool = False) -> dict[str, Any]:
    """One application whose four events straddle both 2026 clock changes in Berlin, listed
    in time order (an import refuses events out of order, as `move` does): 29 March 01:15
    CET and 03:30 CEST (75 real minutes apart), 25 October 02:45 CEST and 02:15 CET (the
    repeated hour: 02:45 came first, though its wall clock reads later). It ends withdrawn,
    neither a no nor a yes, so it leaves the bounce-back times alone."""
    events = [("applied", "2026-03-29T01:15:00+01:00"), ("screening", "2026-03-29T03:30:00+02:00"),
              ("interviewing", "2026-10-25T02:45:00+02:00"),
              ("withdrawn", "2026-10-25T02:15:00+01:00")]
    if newest_first:
        events.reverse()
    return {"format": "bounceback", "version": 1, "exported_at": "2026-11-01T09:00:00+00:00",
            "applications": [{"company": "Clockwork", "role": "Dev",
                              "events": [{"stage": s, "at": at, "note": ""} for s, at in events]}],
            "reflections": [], "wins": [], "actions": []}


@pytest.mark.slow
def test_clock_change_nights_keep_events_in_order_and_bounce_back_in_utc(
        tmp_path: Path, berlin: None) -> None:
    """Setup (machine zone Europe/Berlin): an imported application whose events straddle
    both 2026 clock changes, in time order (by instant, not by wall clock; the same events
    newest first are refused); and two no's entered with the CLI in
    local time: one rejected 29 March 01:30 CET, the next application sent 30 March 00:30
    CEST (22 h later in real time, 23 h by the wall clock); one rejected 25 October at
    02:45+02:00, the next sent at 02:15+01:00 (30 minutes later, though the wall clock went
    back). Action: `show` and `stats --json` as real processes with TZ=Europe/Berlin.
    Holds: `show` lists the events by instant (02:45 before 02:15 on 25 October); the
    stored instants are the UTC ones; the bounce-back median is exactly
    (22 h + 0.5 h) / 2 = 0.46875 days over 2 samples."""
    if datetime.now(UTC) < datetime(2026, 10, 26, tzinfo=UTC):
        pytest.skip("needs a clock after 25 October 2026 (future dates are refused)")
    db = tmp_path / "hunt.db"
    path = tmp_path / "dst.json"
    path.write_text(json.dumps(dst_document(newest_first=True)), encoding="utf-8")
    refused = invoke(db, "import", str(path))
    assert refused.exit_code == 1 and "a move cannot be dated before it" in refused.stderr
    path.write_text(json.dumps(dst_document()), encoding="utf-8")
    ok(db, "import", str(path))
    ok(db, "add", "Spring No", "Dev", "--applied-on", "2026-03-28T10:00")
    ok(db, "move", "2", "rejected", "--on", "2026-03-29T01:30")
    ok(db, "add", "Spring Next", "Dev", "--applied-on", "2026-03-30T00:30")
    ok(db, "add", "Autumn No", "Dev", "--applied-on", "2026-10-24T10:00")
    ok(db, "move", "4", "rejected", "--on", "2026-10-25T02:45+02:00")
    ok(db, "add", "Autumn Next", "Dev", "--applied-on", "2026-10-25T02:15+01:00")
    assert stored_instants(db) == [
        "2026-03-29 00:15:00.000000", "2026-03-29 01:30:00.000000",
        "2026-10-25 00:45:00.000000", "2026-10-25 01:15:00.000000",
        "2026-03-28 09:00:00.000000", "2026-03-29 00:30:00.000000",
        "2026-03-29 22:30:00.000000", "2026-10-24 08:00:00.000000",
        "2026-10-25 00:45:00.000000", "2026-10-25 01:15:00.000000"]
    shown, stats = in_parallel(tmp_path, "Europe/Berlin", ["--db", str(db), "show", "1"],
                               ["--db", str(db), "stats", "--json"])
    history = [line.split()[:3] for line in shown.splitlines() if line.startswith("    2026")]
    assert history == [["2026-03-29", "01:15", "applied"], ["2026-03-29", "03:30", "screening"],
                       ["2026-10-25", "02:45", "interviewing"],
                       ["2026-10-25", "02:15", "withdrawn"]], shown
    bounce = json.loads(stats)["bounce_back"]
    assert bounce == {"median_days": 0.46875, "samples": 2}
