"""Hostile text, end to end: markup, terminal escape sequences, C0/C1 controls, bidi overrides,
wide and combining characters and a 100,000-character string go in through the real
command line (argv), through an import (NUL cannot travel in argv) and through the store;
they come back byte-exact from the machine outputs and harmless everywhere a person reads
them: the `list` table, `show`, the dashboard's table, detail, filter and notifications, and
a real terminal (tmux)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from bounceback_tui.cli import cli
from bounceback_tui.domain.user_text import cell_width, fit, visible
from bounceback_tui.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))
from ui_support import ready, settle, until

HUGE = "[/]é\x1b" * 20_000
"""100,000 characters (120,000 UTF-8 bytes: still one argv string on Linux)."""

HOSTILE: dict[str, str] = {
    "markup_bold": "[b]x[/b]",
    "markup_close": "[/]",
    "markup_link": "[link=https://x]y[/link]",
    "markup_action": "[@click=app.quit]z[/]",
    "backslash_markup": "x\\[y]100%_off",
    "esc_clear": "\x1b[2J",
    "osc_title": "\x1b]0;title\x07",
    "osc52_clipboard": "\x1b]52;c;aGk=\x07",
    "csi_colour": "\x1b[31mred\x1b[0m",
    "c1_csi": "a\x9b31mb",
    "c1_nel": "a\x85b",
    "bel": "ding\x07dong",
    "nul": "a\x00b",
    "bidi_rlo": "abc\u202edef",
    "bidi_isolate": "\u2066iso\u2069",
    "cjk": "求职信",
    "emoji_zwj": "👩\u200d💻",
    "combining": "e\u0301",
    "huge": HUGE,
}
"""Every hostile string, by name. All but `nul` are added with `bounceback add` as argv."""

ARGV = [name for name in HOSTILE if "\x00" not in HOSTILE[name]]
FIELDS = ("company", "role", "source", "location", "url", "notes")

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters that must never reach a terminal raw (line feed and tab aside)."""


def environment(home: Path) -> dict[str, str]:
    """A private home for a real `bounceback` process; a fixed table width."""
    env = {k: v for k, v in os.environ.items() if k not in ("BOUNCEBACK_DB", "TZ")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_STATE_HOME=str(home / "state"),
               COLUMNS="120", PYTHONDONTWRITEBYTECODE="1", LANG="C.UTF-8")
    return env


def bounceback_exe() -> str:
    found = shutil.which("bounceback", path=os.pathsep.join(
        [str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    assert found, "the bounceback console script is not installed in this environment"
    return found


@dataclass
class Hunt:
    """A database whose applications hold the hostile strings, two to an application, and
    what the real command printed about it."""

    db: Path
    env: dict[str, str]
    ids: dict[str, int] = field(default_factory=dict)
    """The application holding each string."""
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The fields each string was put in (its move's note aside)."""
    values: dict[int, dict[str, str]] = field(default_factory=dict)
    """What each application's fields hold."""
    listed: list[dict[str, Any]] = field(default_factory=list)
    exported: dict[str, Any] = field(default_factory=dict)
    csv_rows: list[dict[str, str]] = field(default_factory=list)
    table: str = ""

    def run(self, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([bounceback_exe(), "--db", str(self.db), *args],
                              capture_output=True, env=self.env, stdin=subprocess.DEVNULL,
                              timeout=90, check=False)


FIRST = ("company", "location", "url")
"""Where the first string of a pair goes; the second goes in role, source and notes."""
SECOND = ("role", "source", "notes")
NOTE_STAGE = {0: "screening", 1: "interviewing"}
"""The move whose note holds the first / second string of the pair."""


def import_document(text: str) -> dict[str, Any]:
    """A BounceBack interchange document with one application holding `text` everywhere."""
    return {"format": "bounceback", "version": 1, "exported_at": "2026-11-01T09:00:00+00:00",
            "applications": [{
                **{name: text for name in FIELDS},
                "events": [{"stage": "applied", "at": "2026-11-01T09:00:00+00:00", "note": ""},
                           {"stage": "screening", "at": "2026-11-02T09:00:00+00:00",
                            "note": text}]}],
            "reflections": [], "wins": [], "actions": []}


@pytest.fixture(scope="module")
def hunt(tmp_path_factory: pytest.TempPathFactory) -> Hunt:
    """Every argv-safe hostile string added by the installed `bounceback add`, two to an
    application (nine processes, three at a time), each also the note of a stage move; the
    one with NUL imported by `bounceback import` from a JSON file. Then `list --json`,
    `export --format json`, `export --format csv` and `list` run once each as real
    processes."""
    root = tmp_path_factory.mktemp("hostile")
    home = root / "home"
    home.mkdir()
    found = Hunt(root / "hunt.db", environment(home))
    document = root / "nul.json"
    document.write_text(json.dumps(import_document(HOSTILE["nul"])), encoding="utf-8")
    imported = found.run("import", str(document))  # also creates the file before the adds
    assert imported.returncode == 0, imported
    pairs = [tuple(ARGV[i:i + 2]) for i in range(0, len(ARGV), 2)]

    def add(pair: tuple[str, ...]) -> tuple[tuple[str, ...], subprocess.CompletedProcess[bytes]]:
        first, second = HOSTILE[pair[0]], HOSTILE[pair[-1]]
        return pair, found.run("add", first, second, f"--location={first}", f"--url={first}",
                               f"--source={second}", f"--notes={second}")

    with ThreadPoolExecutor(max_workers=3) as pool:
        for pair, result in pool.map(add, pairs):
            assert (result.returncode, result.stderr) == (0, b""), (pair, result)
            app_id = int(result.stdout)
            found.values[app_id] = {}
            for name, where in zip(pair, (FIRST, SECOND), strict=False):
                found.ids[name], found.fields[name] = app_id, where
            for name, where in zip((pair[0], pair[-1]), (FIRST, SECOND), strict=True):
                found.values[app_id].update(dict.fromkeys(where, HOSTILE[name]))
    with Store.open(found.db) as store:
        (row,) = [r for r in store.list_applications() if r.company == HOSTILE["nul"]]
        found.ids["nul"], found.fields["nul"] = row.id, FIELDS
        found.values[row.id] = dict.fromkeys(FIELDS, HOSTILE["nul"])
        for pair in pairs:
            app_id = found.ids[pair[0]]
            for stage, name in zip(NOTE_STAGE.values(), pair, strict=False):
                store.move(app_id, stage, note=HOSTILE[name])
    with ThreadPoolExecutor(max_workers=2) as pool:
        listed, exported, exported_csv, table = pool.map(lambda args: found.run(*args), [
            ("list", "--json"), ("export", "--format", "json"), ("export", "--format", "csv"),
            ("list",)])
    for result in (listed, exported, exported_csv, table):
        assert (result.returncode, result.stderr) == (0, b""), result
    found.listed = json.loads(listed.stdout.decode("utf-8"))
    found.exported = json.loads(exported.stdout.decode("utf-8"))
    found.csv_rows = list(csv.DictReader(io.StringIO(exported_csv.stdout.decode("utf-8"),
                                                     newline="")))
    found.table = table.stdout.decode("utf-8")
    return found


def note_of(app: dict[str, Any], name: str, hunt: Hunt) -> str:
    """The note of the move that holds `name` (the import's screening for NUL)."""
    stage = "screening" if hunt.fields[name] is not SECOND else "interviewing"
    return next(e["note"] for e in app["events"] if e["stage"] == stage)


def in_process(db: Path, *args: str) -> str:
    """`bounceback --db DB ARGS` through click's runner (same code, no process start)."""
    result = CliRunner().invoke(cli, ["--db", str(db), *args], prog_name="bounceback",
                                catch_exceptions=False)
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    return result.stdout


# --- the command line ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", list(HOSTILE))
def test_machine_outputs_return_each_string_byte_exact(hunt: Hunt, name: str) -> None:
    """Setup: the string went in as argv to `bounceback add` (company, location and url, or
    role, source and notes; all six for NUL, by import) and as a stage move's note.
    Action: `list --json`, `export --format json`, `export --format csv`, piped.
    Holds: each gives the string back exactly, in every field it was put in."""
    text, app_id, where = HOSTILE[name], hunt.ids[name], hunt.fields[name]
    (row,) = [r for r in hunt.listed if r["id"] == app_id]
    assert [row[f] for f in where if f in row] == [text] * len({"company", "role"} & {*where})
    (app,) = [a for a in hunt.exported["applications"] if a["id"] == app_id]
    assert {f: app[f] for f in where} == dict.fromkeys(where, text)
    assert note_of(app, name, hunt) == text
    (line,) = [r for r in hunt.csv_rows if r["id"] == str(app_id)]
    assert {f: line[f] for f in where} == dict.fromkeys(where, text)


@pytest.mark.slow
def test_the_list_table_shows_symbols_and_stays_aligned(hunt: Hunt) -> None:
    """Setup: the hostile hunt. Action: `bounceback list` (a real process, 120 columns).
    Holds: no raw control, C1 or bidi character in the output; every row takes the same
    number of cells (measured by display.cell_width and, independently, by Rich, which is
    what the dashboard and modern terminals use), so every column starts at the same cell;
    each company and role appears in its visible form, cut to its column."""
    assert not RAW.search(hunt.table), RAW.search(hunt.table)
    header, *rows = hunt.table.splitlines()
    assert len(rows) == len(set(hunt.ids.values()))
    for measure in (cell_width, cell_len):
        widths = {measure(row) for row in rows}
        assert len(widths) == 1, (measure.__name__, [(measure(r), r) for r in rows])
        (width,) = widths
        assert measure(header) == width - len("2026-11-26") + len("LAST")
    company_w = header.index("ROLE") - header.index("COMPANY") - 2
    role_w = header.index("STAGE") - header.index("ROLE") - 2
    for name, app_id in hunt.ids.items():
        (row,) = [r for r in rows if r.split()[0] == str(app_id)]
        shown = visible(HOSTILE[name])
        if "company" in hunt.fields[name]:
            assert f"  {fit(shown, company_w)}  " in row, (name, row)
        if "role" in hunt.fields[name]:
            assert f"  {fit(shown, role_w)}  " in row, (name, row)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(HOSTILE))
def test_show_prints_every_field_as_visible_text(hunt: Hunt, name: str) -> None:
    """Setup: the hostile hunt. Action: `bounceback show ID`.
    Holds: no raw control, C1 or bidi character; each field holding the string, and its
    move's note, show it whole in its visible form (the notes too, on one line: only a
    line feed starts a new line)."""
    app_id, where = hunt.ids[name], hunt.fields[name]
    out = in_process(hunt.db, "show", str(app_id))
    assert not RAW.search(out), (name, RAW.search(out))
    values = {key: visible(value) for key, value in hunt.values[app_id].items()}
    shown = visible(HOSTILE[name])
    assert all(values[key] == shown for key in where)
    lines = out.removesuffix("\n").split("\n")
    assert lines[0].startswith(f"{values['company']} — {values['role']}  (id {app_id}, ")
    for label, key in (("Source", "source"), ("Location", "location"), ("Link", "url")):
        assert f"  {label}: {values[key]}" in lines, label
    history = lines[lines.index("  History:") + 1:lines.index("  Notes:")]
    assert any(line.endswith(f" — {shown}") for line in history), history
    assert lines[lines.index("  Notes:") + 1:] == [f"    {values['notes']}"]


def test_show_breaks_notes_only_at_line_feeds(tmp_path: Path) -> None:
    """Setup: notes holding the characters Python's `splitlines` also breaks at (NEL U+0085,
    VT, FF, the separators U+001C–U+001E, U+2028, U+2029), a lone CR and a CRLF.
    Action: `bounceback show ID`. Holds: a line feed, a CRLF or a lone CR starts a new line
    (as in the dashboard's detail); every other one of those characters is shown as a
    visible symbol, none is lost."""
    db = tmp_path / "hunt.db"
    lines = ["one\x85two", "three\x0bfour\x0cfive", "six\x1cseven\x1d\x1e",
             "eight\u2028nine\u2029", "ten\ra lone CR", "windows line"]
    with Store.open(db) as store:
        app_id = store.add_application("Acme", "Dev", notes="\n".join(lines) + "\r\nlast").id
    out = in_process(db, "show", str(app_id))
    assert not RAW.search(out), RAW.search(out)
    printed = out.removesuffix("\n").split("\n")
    notes = printed[printed.index("  Notes:") + 1:]
    expected = [*lines[:4], "ten", "a lone CR", "windows line", "last"]
    assert notes == [f"    {visible(line)}" for line in expected]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["markup_close", "backslash_markup", "csi_colour", "bidi_rlo",
                                  "cjk", "nul"])
def test_search_finds_hostile_text_literally(hunt: Hunt, name: str) -> None:
    """Setup: the hostile hunt. Action: `list --json --search TEXT` with the string itself.
    Holds: it finds exactly the applications holding that text (`%` and `_` are not
    wildcards, markup and escapes are plain characters)."""
    text = HOSTILE[name]
    rows = json.loads(in_process(hunt.db, "list", "--json", "--search", text))
    expected = {i for n, i in hunt.ids.items() if text.casefold() in HOSTILE[n].casefold()}
    assert {r["id"] for r in rows} == expected and hunt.ids[name] in expected


@pytest.mark.slow
@pytest.mark.parametrize(("what", "args"), [
    ("blank company", ["add", " \t ", "Dev"]),
    ("blank role", ["add", "Acme", "\n"]),
    ("bytes that are not UTF-8", ["add", b"Acme\xff\xfe", "Dev"]),
    ("bytes that are not UTF-8 in a note", ["move", "1", "offer", "--note", b"\xc3("]),
])
def test_refused_text_is_one_line_exit_1_and_changes_nothing(
        tmp_path: Path, what: str, args: list[str | bytes]) -> None:
    """Setup: a database with one application. Action: a real `bounceback` process given
    text it must refuse. Holds: exit status 1, nothing on stdout, exactly one `bounceback: …`
    line on stderr with no raw control characters, and the database file unchanged."""
    home = tmp_path / "home"
    home.mkdir()
    found = Hunt(tmp_path / "hunt.db", environment(home))
    with Store.open(found.db) as store:
        store.add_application("Acme", "Dev")
    before = found.db.read_bytes(), sorted(p.name for p in tmp_path.iterdir())
    result = found.run(*args)
    err = result.stderr.decode("utf-8", "replace")
    assert (result.returncode, result.stdout) == (1, b""), (what, result)
    assert len(err.splitlines()) == 1 and err.startswith("bounceback: "), err
    assert "unexpected error" not in err and not RAW.search(err.rstrip("\n")), err
    assert (found.db.read_bytes(), sorted(p.name for p in tmp_path.iterdir())) == before


# --- the dashboard ---------------------------------------------------------------------------


NOW = pendulum.datetime(2026, 11, 26, 9, 30, tz="UTC")


@pytest.fixture
def frozen() -> Iterator[None]:
    """Time stands still at NOW, in UTC (what the dashboard tests of tests/ui do)."""
    pendulum.set_local_timezone(pendulum.timezone("UTC"))
    with pendulum.travel_to(NOW, freeze=True):
        yield


SINK = "".join(HOSTILE[n] for n in HOSTILE if n != "huge")
"""Every short hostile string in one."""


@pytest.fixture
def hostile_db(tmp_path: Path, frozen: None) -> tuple[Path, dict[str, int]]:
    """One application per hostile string (company and notes hostile, role `Role-NN`) and
    one, `sink`, whose company, role, notes and history hold all the short ones at once."""
    path = tmp_path / "hostile.db"
    ids: dict[str, int] = {}
    with Store.open(path) as store:
        for number, (name, text) in enumerate(HOSTILE.items()):
            ids[name] = store.add_application(
                text, f"Role-{number:02d}", notes=text, source=text,
                applied_at=NOW.subtract(days=30 - number)).id
        ids["sink"] = store.add_application(SINK, SINK, notes=SINK + "\n" + HUGE,
                                            source=SINK, location=SINK, url=SINK,
                                            applied_at=NOW.subtract(days=1)).id
        store.move(ids["sink"], "screening", at=NOW.subtract(hours=2), note=SINK)
    return path, ids


def screen_text(app: Any) -> str:
    """Everything on screen, as plain text (the SVG screenshot without its tags)."""
    from html import unescape

    svg = app.export_screenshot()
    return unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def assert_harmless(app: Any) -> str:
    """The screenshot holds no raw control character; returns the screen's text."""
    svg = app.export_screenshot()
    assert not RAW.search(svg), RAW.search(svg)
    return screen_text(app)


def make(db: Path, tmp_path: Path) -> Any:
    from bounceback_tui.app import make_app

    return make_app(db, settings_file=tmp_path / "config.toml", clock=pendulum.now)


@pytest.mark.slow
async def test_dashboard_shows_hostile_text_literally(hostile_db, tmp_path: Path) -> None:
    """Setup: an application per hostile string, and one holding all of them.
    Action: open the dashboard (120×40), zoom the pipeline, open the detail of the one
    holding all (enter), filter with `/` typing `[b]x[/b]`, then move the match on with `>`.
    Holds: every row shows its company in visible form and every column starts at the same
    cell on every row (Rich's measure); the detail shows every markup string as typed and
    escapes as ␛; the filter field holds exactly what was typed and the table only the
    matches; the notification says `[b]x[/b]: applied → screening` literally; the app is
    still running and no screenshot holds a raw control character."""
    from textual.widgets import Input

    from bounceback_tui.widgets.pipeline_table import PipelineTable, layout_columns

    db, ids = hostile_db
    app = make(db, tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("z")
        await settle(pilot)
        text = assert_harmless(app)
        table = app.query_one(PipelineTable)
        assert table.row_count == len(HOSTILE) + 1
        width = table.scrollable_content_region.width
        company_w = layout_columns(width).company
        for name, hostile in HOSTILE.items():
            assert fit(visible(hostile), company_w).rstrip() in text, name
        starts = {}
        for y in range(1, table.row_count + 1):
            line = table.render_line(y).text
            role = re.search(r"Role-\d\d", line)
            if role:
                starts[role.group()] = cell_len(line[:role.start()])
        header = table.render_line(0).text
        assert len(starts) == len(HOSTILE)
        assert set(starts.values()) == {cell_len(header[:header.index("Role")])}, starts

        assert table.move_cursor_to_id(ids["sink"])
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ApplicationDetailScreen"
        text = assert_harmless(app)
        for name in ("markup_bold", "markup_close", "markup_link", "markup_action",
                     "backslash_markup", "cjk"):
            assert HOSTILE[name] in text, name
        assert "␛[2J" in text and "␛]0;title␇" in text and "<U+202E>" in text
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("slash", *"[b]x[/b]")
        field = app.query_one("#pipeline-filter", Input)
        assert field.value == "[b]x[/b]"
        await until(pilot, lambda: table.search == "[b]x[/b]" and not table.querying
                    and table.row_count == 2, what="the filtered table")
        shown = {table.record_at(row).id for row in range(table.row_count)}
        assert shown == {ids["markup_bold"], ids["sink"]}
        await settle(pilot)
        assert "[b]x[/b]" in assert_harmless(app)
        await pilot.press("enter")  # to the first match
        await settle(pilot)
        assert table.move_cursor_to_id(ids["markup_bold"])
        await pilot.press("greater_than_sign")
        await settle(pilot)
        message = "[b]x[/b]: applied → screening."
        assert any(n.message.startswith(message) for n in app._notifications)
        assert message in assert_harmless(app)
        assert app.is_running


PRESSED = 20
"""Characters of the 2,000 typed with `pilot.press` (~65 ms each)."""


@pytest.mark.slow
async def test_filter_takes_two_thousand_typed_characters(hostile_db, tmp_path: Path) -> None:
    """Setup: the hostile hunt. Action: `/`, then 2,000 characters (markup, brackets,
    backslashes, CJK, accents, spaces) as key events: the first 20 with `pilot.press`, the
    other 1,980 as a burst of the same Key events sent without waiting between keys
    (`pilot.press` waits ~65 ms after each key even on a bare Input: 2,000 would take over
    two minutes). Holds: the field's value is exactly what was typed, the table shows the
    empty result, and the app still runs."""
    from textual import events
    from textual.keys import _character_to_key
    from textual.widgets import Input

    from bounceback_tui.widgets.pipeline_table import PipelineTable

    typed = ("[b]x[/b] \\[/] 求职 é [@click=app.quit] " * 60)[:2000]
    db, _ = hostile_db
    app = make(db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *typed[:PRESSED])
        field = app.query_one("#pipeline-filter", Input)
        assert field.value == typed[:PRESSED]
        driver = app._driver
        for char in typed[PRESSED:]:
            key = char if char.isalnum() else _character_to_key(char)
            driver.send_message(events.Key(key, char))
        await until(pilot, lambda: field.value == typed, what="all 2,000 characters",
                    timeout=60)
        table = app.query_one(PipelineTable)
        await until(pilot, lambda: table.search == typed and not table.querying,
                    what="the filter to apply", timeout=30)
        assert table.row_count == 0
        assert app.is_running


# --- a real terminal -------------------------------------------------------------------------


TMUX = shutil.which("tmux")


def tmux(socket: str, *args: str) -> str:
    assert TMUX
    return subprocess.run([TMUX, "-L", socket, *args], capture_output=True, text=True,
                          check=True, timeout=20).stdout


def wait_for(predicate: Any, what: str, screen: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}; the screen:\n{screen()}")


@pytest.mark.slow
@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_escape_sequences_cannot_drive_a_real_terminal(tmp_path: Path) -> None:
    """Setup: applications whose companies hold `ESC]0;PWNED BEL` (set the window title)
    and `ESC[2J` (clear the screen), and two plain ones. Action: in tmux (120×40), print a
    title sequence ourselves (the control: tmux honours it), then run the installed
    `bounceback --db DB`, quit, and run `show` and `list --json` on the terminal.
    Holds: the pane title stays the control's, the dashboard shows the plain rows and the
    hostile ones as ␛ symbols, `show` prints them as symbols and `list --json` as JSON
    escapes: nothing reaches the terminal raw."""
    db = tmp_path / "hunt.db"
    with Store.open(db) as store:
        store.add_application("Plain Row A", "Dev")
        store.add_application("Evil \x1b]0;PWNED\x07 Corp", "Dev \x1b]2;PWNED\x07")
        store.add_application("Clear \x1b[2J Corp", "Dev \x1b[H\x1b[2J", notes="\x1b[2J")
        store.add_application("Plain Row B", "Dev")
    home = tmp_path / "home"
    home.mkdir()
    env = environment(home)
    env.pop("COLUMNS")
    exe = bounceback_exe()
    socket = f"bb-hostile-{os.getpid()}"
    script = tmp_path / "run.sh"
    script.write_text(
        "unset COLUMNS LINES; printf '\\033]0;CONTROL\\007'; sleep 0.5\n"
        f"'{exe}' --db '{db}'; echo DASHBOARD_EXIT=$?\n"
        f"'{exe}' --db '{db}' show 2; '{exe}' --db '{db}' list --json\n"
        f"echo COMMANDS_DONE; sleep 60\n")
    env_args = [item for k, v in env.items() if k in (
        "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "LANG", "PATH")
        for item in ("-e", f"{k}={v}")]
    tmux(socket, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-s", "t",
         *env_args, f"sh '{script}'")
    try:
        def screen() -> str:
            return tmux(socket, "capture-pane", "-p", "-t", "t")

        def title() -> str:
            return tmux(socket, "display", "-p", "-t", "t", "#{pane_title}").strip()

        wait_for(lambda: title() == "CONTROL", "the control title", screen)
        wait_for(lambda: "Plain Row A" in screen() and "Plain Row B" in screen()
                 and "4 applications" in screen(), "the dashboard's rows", screen)
        time.sleep(1.0)  # let every frame reach the terminal
        shown = screen()
        assert "Evil ␛]0;PWNED␇ Corp" in shown and "Clear ␛[2J Corp" in shown
        assert title() == "CONTROL"
        tmux(socket, "send-keys", "-t", "t", "q")
        wait_for(lambda: "COMMANDS_DONE" in screen(), "the commands", screen)
        shown = screen()
        assert "DASHBOARD_EXIT=0" in shown
        assert "Evil ␛]0;PWNED␇ Corp — Dev ␛]2;PWNED␇" in shown
        assert '"company": "Clear \\u001b[2J Corp"' in shown and "Plain Row B" in shown
        assert title() == "CONTROL"
    finally:
        subprocess.run([TMUX, "-L", socket, "kill-server"], capture_output=True, check=False)
