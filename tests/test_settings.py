"""config.toml on real files: reading every setting, one line for each bad value (its default
used), a broken file never written over, remembering one key keeps the rest of the person's
file, a fresh file explains itself, and settings.json is carried over once."""

from __future__ import annotations

import json
import os
import stat
import tomllib
from pathlib import Path

import pytest

from bounceback_tui.settings import (
    THEMES,
    Reminders,
    Settings,
    SettingsNotSaved,
    config_path,
    fresh_config,
    load_settings,
    remember_setting,
)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "conf" / "config.toml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_lives_in_the_user_config_folder(private_home: Path) -> None:
    assert config_path() == private_home / ".config" / "bounceback" / "config.toml"


def test_no_file_means_the_defaults_and_no_problems(config: Path) -> None:
    assert load_settings(config) == Settings()
    assert load_settings(config).problems == ()
    assert not config.exists()  # reading never creates it


def test_every_setting_is_read(config: Path) -> None:
    write(config, """
theme = "nord"
gentle = true
quiet_days = 7
ghost_days = 21

[reminders]
enabled = false
minutes_before = [10, 1440, 60, 10]

[keys]
"pipeline.add" = "A"
"app.help" = "f1, question_mark"
"reflection.save" = "ctrl+shift+s"
""")
    settings = load_settings(config)
    assert settings.problems == ()
    assert (settings.theme, settings.gentle, settings.quiet_days, settings.ghost_days) == (
        "nord", True, 7, 21)
    assert settings.reminders == Reminders(enabled=False, minutes_before=(1440, 60, 10))
    assert settings.keys == {"pipeline.add": "A", "app.help": "f1,question_mark",
                             "reflection.save": "ctrl+shift+s"}


@pytest.mark.parametrize(("line", "problem"), [
    ('quiet_days = "soon"',
     'quiet_days must be a whole number of days from 1 to 3650 (got "soon"); using 14'),
    ("quiet_days = 0",
     "quiet_days must be a whole number of days from 1 to 3650 (got 0); using 14"),
    ("quiet_days = 3651",
     "quiet_days must be a whole number of days from 1 to 3650 (got 3651); using 14"),
    ("quiet_days = 14.5",
     "quiet_days must be a whole number of days from 1 to 3650 (got 14.5); using 14"),
    ("quiet_days = true",
     "quiet_days must be a whole number of days from 1 to 3650 (got true); using 14"),
    ("ghost_days = -3",
     "ghost_days must be a whole number of days from 1 to 3650 (got -3); using 30"),
    ("ghost_days = 10",
     "ghost_days must be more than quiet_days, 14 (got 10); using 30"),
    ('gentle = "yes"', 'gentle must be true or false (got "yes"); using false'),
    ("gentle = 1", "gentle must be true or false (got 1); using false"),
    ('theme = "neon"',
     'theme must be one of Textual\'s themes, such as "nord" (got "neon"); using '
     '"textual-dark" (`bounceback config --themes` lists them)'),
    ("theme = 3",
     'theme must be one of Textual\'s themes, such as "nord" (got 3); using '
     '"textual-dark" (`bounceback config --themes` lists them)'),
    ("colour = 1",
     'there is no setting "colour"; ignored (known: theme, gentle, quiet_days, ghost_days, '
     "reminders, keys, calendar_file)"),
    ("calendar_file = 1",
     "calendar_file must be true or false (got 1); using false"),
    ('reminders = "often"',
     'reminders must be a table ([reminders]) (got "often"); using the defaults'),
    ("[reminders]\nenabled = 1",
     "reminders.enabled must be true or false (got 1); using true"),
    ("[reminders]\nminutes_before = 60",
     "reminders.minutes_before must be a list of up to 10 whole numbers of minutes from 1 to "
     "10080, such as [60, 10] (got 60); using [60, 10]"),
    ("[reminders]\nminutes_before = [60, 0]",
     "reminders.minutes_before must be a list of up to 10 whole numbers of minutes from 1 to "
     "10080, such as [60, 10] (got [60, 0]); using [60, 10]"),
    ('[reminders]\nminutes_before = ["an hour"]',
     "reminders.minutes_before must be a list of up to 10 whole numbers of minutes from 1 to "
     '10080, such as [60, 10] (got ["an hour"]); using [60, 10]'),
    ("[reminders]\nsnooze = 5",
     'there is no setting reminders."snooze"; ignored (known: enabled, minutes_before)'),
    ('keys = "vim"', 'keys must be a table ([keys]) (got "vim"); every key stays its own'),
    ('[keys]\n"pipeline.nope" = "b"',
     'keys."pipeline.nope" is not a binding id; ignored (`bounceback config --keys` lists '
     "them)"),
    ('[keys]\n"add" = "b"',
     'keys."add" is not a binding id; ignored (did you mean "pipeline.add"? '
     "`bounceback config --keys` lists them)"),
    ('[keys]\n"pipeline.add" = 1',
     'keys."pipeline.add" must be a key in quotes, such as "A" or "ctrl+a" (got 1); '
     'using "a"'),
    ('[keys]\n"pipeline.add" = ""', 'keys."pipeline.add" = "" is empty; using "a"'),
    ('[keys]\n"pipeline.add" = "ctrl+"',
     'keys."pipeline.add" = "ctrl+" has no key after the last +; using "a"'),
    ('[keys]\n"pipeline.add" = "Ctrl+a"',
     'keys."pipeline.add" = "Ctrl+a" has "Ctrl+", which is not a modifier (modifiers: ctrl+, '
     'shift+, alt+, meta+, super+, hyper+); using "a"'),
    ('[keys]\n"pipeline.add" = "ctrl+ctrl+a"',
     'keys."pipeline.add" = "ctrl+ctrl+a" repeats a modifier; using "a"'),
    ('[keys]\n"pipeline.add" = "a,,b"',
     'keys."pipeline.add" = "a,,b" has an empty key between commas (the , key is written '
     'comma); using "a"'),
    ('[keys]\n"pipeline.add" = "Enter"',
     'keys."pipeline.add" = "Enter" has "Enter", which names no key (keys look like a, A, '
     'ctrl+s, f2, escape, question_mark); using "a"'),
    ('[keys]\n"pipeline.add" = "a,ctrl+hello"',
     'keys."pipeline.add" = "a,ctrl+hello" has "hello", which names no key (in '
     '"ctrl+hello") (keys look like a, A, ctrl+s, f2, escape, question_mark); using "a"'),
    ('[keys]\n"pipeline.add" = "\\u001b"',
     'keys."pipeline.add" = "␛" holds a character that is not a key (write space or tab); '
     'using "a"'),
])
def test_each_bad_value_is_one_line_naming_the_key_and_its_default_is_used(
        config: Path, line: str, problem: str) -> None:
    write(config, line + "\n")
    settings = load_settings(config)
    assert settings.problems == (f"config.toml: {problem}",)
    assert all("\n" not in p for p in settings.problems)
    assert settings == Settings()  # every value in force is the default


def test_good_values_stay_when_others_are_bad(config: Path) -> None:
    write(config, 'theme = "nord"\nquiet_days = "soon"\n[keys]\n"pipeline.add" = "A"\n'
                  '"app.zoom" = "nope"\n')
    settings = load_settings(config)
    assert (settings.theme, settings.quiet_days, dict(settings.keys)) == (
        "nord", 14, {"pipeline.add": "A"})
    assert len(settings.problems) == 2


def test_a_value_from_the_file_is_shown_short_on_one_line_with_controls_visible(
        config: Path) -> None:
    write(config, 'theme = "\\u001b[2Jneon\\nglow' + "x" * 200 + '"\n')
    (problem,) = load_settings(config).problems
    assert "\x1b" not in problem and "\n" not in problem
    assert '(got "␛[2Jneon␊glow' in problem and "…)" in problem
    assert len(problem) < 200


@pytest.mark.parametrize(("text", "where"), [
    ('theme = "nord"\nquiet_days = = 3\n', "at line 2, column 14"),
    ('theme = "nord"\n[keys\n', "at line 2, column 6"),
    ('theme = "nord', "at its end, line 1"),
    ('theme = "nord"\n\n[keys]\n"a" = ', "at its end, line 4"),
    ('theme = "nord"\ntheme = "gruvbox"\n', "at line 2, column "),
])
def test_a_file_that_is_not_toml_is_one_line_with_its_line_and_the_defaults(
        config: Path, text: str, where: str) -> None:
    write(config, text)
    settings = load_settings(config)
    assert settings == Settings()
    (problem,) = settings.problems
    assert problem.startswith(f"config.toml: not valid TOML {where}")
    assert problem.endswith("; using the defaults for everything")


def test_a_file_that_is_not_utf8_is_one_line_and_the_defaults(config: Path) -> None:
    config.parent.mkdir()
    config.write_bytes(b'theme = "caf\xe9"\n')
    assert load_settings(config).problems == (
        "config.toml: not UTF-8 text; using the defaults for everything",)


def test_a_broken_file_is_never_written_over(config: Path) -> None:
    broken = b'# mine\ntheme = "nord"\nquiet_days = = 3\n'
    config.parent.mkdir()
    config.write_bytes(broken)
    with pytest.raises(SettingsNotSaved) as caught:
        remember_setting("theme", "gruvbox", config)
    assert str(caught.value) == (
        "config.toml: not valid TOML at line 3, column 14 (invalid value); "
        f"{config} was left as it is (fix it, or delete it to start again)")
    with pytest.raises(SettingsNotSaved):
        remember_setting("gentle", True, config)
    assert config.read_bytes() == broken
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]  # no temp left


def test_remembering_the_theme_changes_only_that_key(config: Path) -> None:
    mine = ("# My BounceBack settings\n"
            'theme = "gruvbox"  # the warm one\n'
            "quiet_days = 10\n"
            'ghost_days = "later"  # wrong, but mine\n'
            "\n"
            "[reminders]\n"
            "# fewer pings\n"
            "minutes_before = [30]\n"
            "\n"
            "[keys]\n"
            '"pipeline.add" = "A"  # capital A\n')
    write(config, mine)
    remember_setting("theme", "nord", config)
    assert config.read_text() == mine.replace('"gruvbox"', '"nord"')
    remember_setting("gentle", True, config)
    assert config.read_text() == mine.replace('"gruvbox"', '"nord"').replace(
        "quiet_days = 10\n", 'quiet_days = 10\n').replace(
        '# wrong, but mine\n', '# wrong, but mine\ngentle = true\n')
    assert tomllib.loads(config.read_text())["gentle"] is True
    assert stat.S_IMODE(config.stat().st_mode) == 0o600


def test_remembering_with_no_file_writes_a_fresh_one_that_explains_every_key(
        config: Path) -> None:
    remember_setting("theme", "nord", config)
    text = config.read_text()
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert stat.S_IMODE(config.parent.stat().st_mode) == 0o700
    assert tomllib.loads(text) == {
        "theme": "nord", "gentle": False, "quiet_days": 14, "ghost_days": 30,
        "reminders": {"enabled": True, "minutes_before": [60, 10]}, "keys": {}}
    lines = text.splitlines()
    for key in ("theme", "gentle", "quiet_days", "ghost_days", "enabled", "minutes_before"):
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{key} = "))
        assert lines[at - 1].startswith("#"), key  # a comment right above each key
    assert '# "pipeline.add" = "A"' in text  # the key overrides, by example
    assert "on the morning of a" in text
    assert load_settings(config) == Settings(theme="nord")
    assert load_settings(config).problems == ()


def test_a_fresh_file_holds_any_settings_and_reads_back_equal() -> None:
    settings = Settings(theme="dracula", gentle=True, quiet_days=3, ghost_days=4,
                        reminders=Reminders(False, (120,)),
                        keys={"pipeline.add": "A", "app.help": '"'})
    from bounceback_tui.settings import settings_from

    assert settings_from(tomllib.loads(fresh_config(settings))) == settings


def test_only_what_the_dashboard_changes_can_be_remembered(config: Path) -> None:
    with pytest.raises(ValueError):
        remember_setting("quiet_days", 3, config)  # type: ignore[arg-type]


def test_settings_json_is_carried_over_once_and_renamed(config: Path) -> None:
    legacy = write(config.with_name("settings.json"), json.dumps(
        {"theme": "nord", "quiet_days": 9, "ghost_days": 20, "gentle": True}))
    settings = load_settings(config)
    assert (settings.theme, settings.quiet_days, settings.ghost_days, settings.gentle) == (
        "nord", 9, 20, True)
    assert settings.problems == ()
    assert not legacy.exists()
    migrated = config.with_name("settings.json.migrated")
    assert json.loads(migrated.read_text())["theme"] == "nord"  # kept, under a new name
    assert tomllib.loads(config.read_text())["quiet_days"] == 9
    assert "# Days without news" in config.read_text()  # a fresh file, explained
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    # Later: config.toml is the one that counts, even if a settings.json appears again.
    write(legacy, json.dumps({"theme": "gruvbox"}))
    remember_setting("theme", "dracula", config)
    assert load_settings(config).theme == "dracula"


def test_a_bad_value_in_settings_json_is_named_once_and_not_carried_over(config: Path) -> None:
    write(config.with_name("settings.json"), json.dumps({"theme": "nord", "quiet_days": "x",
                                                         "unknown": 1}))
    settings = load_settings(config)
    assert settings.theme == "nord" and settings.quiet_days == 14
    assert settings.problems == (
        'settings.json: quiet_days must be a whole number of days from 1 to 3650 (got "x"); '
        "using 14",)
    assert load_settings(config).problems == ()  # carried over: config.toml counts now


def test_settings_json_is_not_carried_over_onto_a_link_to_nowhere(config: Path) -> None:
    write(config.with_name("settings.json"), json.dumps({"theme": "nord"}))
    config.symlink_to(config.parent / "elsewhere" / "config.toml")
    assert load_settings(config) == Settings()
    assert config.with_name("settings.json").exists()


def test_a_damaged_settings_json_is_carried_over_as_the_defaults(config: Path) -> None:
    write(config.with_name("settings.json"), "{not json")
    assert load_settings(config) == Settings()
    assert config.exists() and config.with_name("settings.json.migrated").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write a read-only folder")
def test_settings_json_is_still_used_when_config_toml_cannot_be_written(config: Path) -> None:
    legacy = write(config.with_name("settings.json"), json.dumps({"theme": "nord"}))
    config.parent.chmod(0o500)
    try:
        settings = load_settings(config)
    finally:
        config.parent.chmod(0o700)
    assert settings.theme == "nord"
    assert settings.problems == (
        "config.toml: could not be created (Permission denied); using settings.json this time",)
    assert legacy.exists() and not config.exists()


def test_the_theme_list_is_textuals() -> None:
    from textual.theme import BUILTIN_THEMES

    assert set(THEMES) == set(BUILTIN_THEMES)
