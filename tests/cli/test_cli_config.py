"""`bounceback config` (in-process and as the installed command) and shell completion through
the installed command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bounceback_tui.keymap import DEFAULT_KEYS
from bounceback_tui.settings import THEMES


@pytest.fixture
def config(private_home: Path) -> Path:
    """Where config.toml is for the test's private home (XDG_CONFIG_HOME)."""
    return private_home / ".config" / "bounceback" / "config.toml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_config_with_no_file_shows_the_path_and_the_defaults(bb, config: Path) -> None:
    result = bb.run("config", db=False)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"Settings file: {config}\n"
        "(not there yet: these are the defaults; the dashboard creates it when you change "
        "the theme or gentle mode)\n"
        "\n"
        'theme = "textual-dark"\n'
        "gentle = false\n"
        "quiet_days = 14\n"
        "ghost_days = 30\n"
        "reminders.enabled = true\n"
        "reminders.minutes_before = [60, 10]\n"
        "calendar_file = false\n"
        "keys: every key is its own (`bounceback config --keys` lists them)\n")
    assert not config.exists()


def test_config_shows_the_values_in_force_with_key_overrides(bb, config: Path) -> None:
    write(config, '# mine\ntheme = "nord"\ngentle = true\nquiet_days = 7\n'
                  "[reminders]\nenabled = false\nminutes_before = [15]\n"
                  '[keys]\n"pipeline.add" = "A"\n"app.help" = "f1,question_mark"\n')
    result = bb.run("config", db=False)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"Settings file: {config}\n"
        "\n"
        'theme = "nord"\n'
        "gentle = true\n"
        "quiet_days = 7\n"
        "ghost_days = 30\n"
        "reminders.enabled = false\n"
        "reminders.minutes_before = [15]\n"
        "calendar_file = false\n"
        'keys."pipeline.add" = "A"\n'
        'keys."app.help" = "f1,question_mark"\n')


def test_config_names_each_problem_on_its_own_line_and_exits_1(bb, config: Path) -> None:
    mine = 'quiet_days = "soon"\ntheme = "neon"\n[keys]\n"pipeline.nope" = "b"\n'
    write(config, mine)
    result = bb.run("config", db=False)
    assert result.exit_code == 1
    assert "quiet_days = 14\n" in result.stdout and 'theme = "textual-dark"\n' in result.stdout
    assert result.stderr.splitlines() == [
        'bounceback: config.toml: theme must be one of Textual\'s themes, such as "nord" '
        '(got "neon"); using "textual-dark" (`bounceback config --themes` lists them)',
        "bounceback: config.toml: quiet_days must be a whole number of days from 1 to 3650 "
        '(got "soon"); using 14',
        'bounceback: config.toml: keys."pipeline.nope" is not a binding id; ignored '
        "(`bounceback config --keys` lists them)",
    ]
    assert config.read_text() == mine


def test_config_on_a_file_that_is_not_toml(bb, config: Path) -> None:
    write(config, 'theme = "nord"\n\nquiet_days = = 3\n')
    result = bb.run("config", db=False)
    assert result.exit_code == 1
    assert 'theme = "textual-dark"\n' in result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith("bounceback: config.toml: not valid TOML at line 3, column 14 (")


def test_config_carries_settings_json_over(bb, config: Path) -> None:
    write(config.with_name("settings.json"), json.dumps({"theme": "dracula", "gentle": True}))
    out = bb.ok("config", db=False)
    assert 'theme = "dracula"\ngentle = true\n' in out
    assert config.exists() and config.with_name("settings.json.migrated").exists()


def test_config_keys_lists_every_binding_with_the_keys_in_force(bb, config: Path) -> None:
    write(config, '[keys]\n"pipeline.add" = "A"\n')
    lines = bb.ok("config", "--keys", db=False).splitlines()
    assert len(lines) == len(DEFAULT_KEYS)
    rows = {line.split()[0]: line.split()[1:] for line in lines}
    assert rows["pipeline.add"] == ["A", "(yours)"]
    assert rows["pipeline.delete"] == ["d"]
    assert rows["app.help"] == ["question_mark"]


def test_config_themes_lists_the_theme_names(bb) -> None:
    assert bb.ok("config", "--themes", db=False).splitlines() == list(THEMES)


# --- the installed command -------------------------------------------------------------------


@pytest.mark.slow
def test_installed_config_prints_path_values_and_problems(run_process, bounceback_exe,
                                                          config: Path) -> None:
    ok = run_process([bounceback_exe, "config"])
    assert (ok.returncode, ok.stderr) == (0, "")
    assert ok.stdout.startswith(f"Settings file: {config}\n")
    write(config, '[keys]\n"pipeline.add" = "A"\n"app.zoom" = "Ctrl+z"\n')
    bad = run_process([bounceback_exe, "config"])
    assert bad.returncode == 1
    assert 'keys."pipeline.add" = "A"\n' in bad.stdout
    assert bad.stderr == (
        'bounceback: config.toml: keys."app.zoom" = "Ctrl+z" has "Ctrl+", which is not a '
        "modifier (modifiers: ctrl+, shift+, alt+, meta+, super+, hyper+); using \"z\"\n")


@pytest.mark.slow
@pytest.mark.parametrize(("shell", "marker"), [
    ("bash", "complete -o nosort -F _bounceback_completion bounceback"),
    ("zsh", "#compdef bounceback"),
    ("fish", "complete --no-files --command bounceback"),
])
def test_installed_command_prints_a_completion_script(run_process, bounceback_exe,
                                                      shell: str, marker: str) -> None:
    """The variable comes with no arguments, like opening the dashboard: it must reach
    click, not open the dashboard (which would refuse: no terminal)."""
    result = run_process([bounceback_exe], extra_env={"_BOUNCEBACK_COMPLETE": f"{shell}_source"})
    assert (result.returncode, result.stderr) == (0, "")
    assert marker in result.stdout
    assert "_BOUNCEBACK_COMPLETE" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(("words", "cword", "expected"), [
    ("bounceback ex", "1", ["plain,export"]),
    ("bounceback conf", "1", ["plain,config"]),
    ("bounceback cont", "1", ["plain,contact", "plain,contacts"]),
    ("bounceback --db hunt.db ex", "3", ["plain,export"]),
    ("bounceback export --format ", "3", ["plain,json", "plain,csv", "plain,markdown",
                                         "plain,ics"]),
])
def test_installed_command_completes_words(run_process, bounceback_exe, words: str,
                                           cword: str, expected: list[str]) -> None:
    result = run_process([bounceback_exe], extra_env={
        "_BOUNCEBACK_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": cword})
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == expected
