"""`bounceback` and `bounceback --db PATH` open the dashboard without loading the CLI parser;
everything else goes through it. Both paths fail the same way: one line, exit status 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bounceback_tui.__main__ import _dashboard_only


@pytest.mark.parametrize(("argv", "expected"), [
    ([], (True, None)),
    (["--db", "hunt.db"], (True, "hunt.db")),
    (["--db=hunt.db"], (True, "hunt.db")),
    (["--db"], (False, None)),              # click says what is missing
    (["--db="], (False, None)),
    (["--db", "--help"], (False, None)),
    (["--db", "x.db", "list"], (False, None)),
    (["list"], (False, None)),
    (["--help"], (False, None)),
    (["--version"], (False, None)),
])
def test_only_a_bare_dashboard_start_takes_the_fast_path(argv, expected):
    assert _dashboard_only(argv) == expected


def run(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bounceback_tui", *argv], cwd=cwd,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)})


@pytest.mark.parametrize("argv", [["--db", "hunt.db"], ["--db=hunt.db"]])
def test_fast_path_outside_a_terminal_fails_in_one_line(tmp_path, argv):
    result = run(*argv, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ("bounceback: the dashboard needs a terminal; for scripts use the "
                             "commands (see `bounceback --help`)\n")
    assert result.stdout == ""
    assert not (tmp_path / "hunt.db").exists()


def test_fast_path_does_not_load_click_and_commands_still_work(tmp_path):
    probe = ("import sys, bounceback_tui.__main__ as m\n"
             "try:\n    m.main(['--db', 'hunt.db'])\n"
             "except SystemExit as exit:\n    print(exit.code, 'click' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                            text=True, stdin=subprocess.DEVNULL, check=False)
    assert result.stdout.split() == ["1", "False"]
    added = run("--db", "hunt.db", "add", "Acme", "Engineer", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    listed = run("--db", "hunt.db", "list", cwd=tmp_path)
    assert "Acme" in listed.stdout


def test_the_demo_starts_with_the_persons_settings_and_never_changes_them(
        bb, monkeypatch, private_home: Path) -> None:
    """Setup: the person's config.toml says theme "nord". Action: `bounceback demo`, and in
    its dashboard switch the theme and gentle mode (the real app, headless). Holds: the demo
    opened in nord; the person's file is byte for byte as it was."""
    from bounceback_tui import launch
    from bounceback_tui.palette import toggle_gentle
    from bounceback_tui.settings import config_path

    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('# mine\ntheme = "nord"\n', encoding="utf-8")
    before = config_path().read_bytes()
    seen: list[object] = []

    def headless(path: Path, *, settings_file: Path | None = None) -> None:
        from bounceback_tui.app import make_app

        app = make_app(path, settings_file=settings_file)

        async def use(pilot) -> None:
            await pilot.pause()
            seen.append(app.theme)
            app.theme = "textual-light"
            toggle_gentle(app)
            await pilot.pause()
            seen.append(settings_file.read_text(encoding="utf-8"))
            app.exit()

        app.run(headless=True, auto_pilot=use)

    monkeypatch.setattr(launch, "run_dashboard", headless)
    bb.ok("demo", "--applications", "5", db=False)
    assert seen[0] == "nord"
    assert 'theme = "textual-light"' in seen[1] and "gentle = true" in seen[1]  # the copy
    assert config_path().read_bytes() == before
