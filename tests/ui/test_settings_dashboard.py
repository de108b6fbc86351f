"""config.toml in the dashboard: key overrides answer to their new key, problems in the file
are shown as plain-text warnings, and what the dashboard remembers keeps the person's file."""

from __future__ import annotations

import tomllib
from pathlib import Path

from test_dashboard import screen_text
from ui_support import ready, settle

from bounceback_tui.palette import key_rows, toggle_gentle
from bounceback_tui.screens.application_form import ApplicationForm
from bounceback_tui.store import Store


async def test_a_key_override_in_config_toml_works_in_the_dashboard(
        dashboard, empty_db: Path, tmp_path: Path) -> None:
    """Setup: config.toml moves "Add" from a to A. Action: press a, then A and fill the
    form. Holds: a does nothing, A opens the form and the application is saved; the keys
    panel shows A for Add."""
    (tmp_path / "config.toml").write_text('[keys]\n"pipeline.add" = "A"\n')
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, rows=False)
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, ApplicationForm)
        assert len(app.screen_stack) == 1
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ApplicationForm)
        await pilot.press(*"Acme", "tab", *"Engineer", "ctrl+s")
        await settle(pilot)
        assert ("Pipeline", "A", "Add") in key_rows(app)
    with Store.open(empty_db) as store:
        assert [(a.company, a.role) for a in store.list_applications()] == [("Acme", "Engineer")]


async def test_problems_in_config_toml_are_warnings_and_the_defaults_are_used(
        dashboard, empty_db: Path, tmp_path: Path) -> None:
    """Setup: an unknown binding id, a key that is no key, a theme Textual does not have
    and a threshold in words, all written like markup. Action: open the dashboard. Holds:
    one warning per problem, shown as typed (no markup read), the defaults in force and
    the default `a` still adds."""
    (tmp_path / "config.toml").write_text(
        'theme = "[b]neon[/b]"\nquiet_days = "soon"\n'
        '[keys]\n"pipeline.nope" = "b"\n"pipeline.add" = "[red]x"\n')
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot, rows=False)
        said = [(n.message, n.severity, n.markup) for n in app._notifications]
        assert sorted(m for m, _, _ in said) == sorted([
            'config.toml: keys."pipeline.add" = "[red]x" has "[red]x", which names no key '
            '(keys look like a, A, ctrl+s, f2, escape, question_mark); using "a"',
            'config.toml: keys."pipeline.nope" is not a binding id; ignored '
            '(`bounceback config --keys` lists them)',
            'config.toml: quiet_days must be a whole number of days from 1 to 3650 '
            '(got "soon"); using 14',
            'config.toml: theme must be one of Textual\'s themes, such as "nord" '
            '(got "[b]neon[/b]"); using "textual-dark" (`bounceback config --themes` lists '
            'them)',
        ])
        assert {(severity, markup) for _, severity, markup in said} == {("warning", False)}
        assert app.theme == "textual-dark" and app.settings.quiet_days == 14
        assert "[b]neon[/b]" in screen_text(app)  # the toast shows the text as written
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ApplicationForm)


async def test_changing_the_theme_keeps_the_persons_comments_and_values(
        dashboard, hunt_db: Path, tmp_path: Path) -> None:
    """Setup: a hand-written config.toml with comments, a threshold and a key override.
    Action: switch the theme in the dashboard, then gentle mode. Holds: only `theme` and
    `gentle` changed; every comment and other line is still there."""
    config = tmp_path / "config.toml"
    mine = ('# my settings, by hand\nquiet_days = 10  # I follow up early\n\n'
            '[keys]\n# my keys\n"pipeline.add" = "A"\n')
    config.write_text(mine)
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, rows=False)
        app.theme = "nord"
        await pilot.pause()
        toggle_gentle(app)
        await pilot.pause()
    text = config.read_text()
    assert text == ('# my settings, by hand\nquiet_days = 10  # I follow up early\n'
                    'theme = "nord"\ngentle = true\n\n'
                    '[keys]\n# my keys\n"pipeline.add" = "A"\n')
    assert tomllib.loads(text)["keys"] == {"pipeline.add": "A"}


async def test_a_broken_config_toml_is_never_written_over(
        dashboard, hunt_db: Path, tmp_path: Path) -> None:
    """Setup: config.toml with a syntax error on line 2. Action: open the dashboard and
    change the theme. Holds: a warning with the line number at the start, one saying the
    theme could not be remembered and where the file is wrong, and the file byte for byte
    as it was."""
    config = tmp_path / "config.toml"
    broken = b'theme = "nord"\nquiet_days = = 3\n'
    config.write_bytes(broken)
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot, rows=False)
        assert app.theme == "textual-dark"  # the defaults for everything
        app.theme = "gruvbox"
        await pilot.pause()
        said = [n.message for n in app._notifications]
    assert config.read_bytes() == broken
    assert said[0].startswith("config.toml: not valid TOML at line 2, column 14 (")
    assert said[0].endswith("; using the defaults for everything")
    assert said[-1].startswith("Could not remember the theme: config.toml: not valid TOML at "
                               "line 2, column 14 (")
    assert f"{config} was left as it is" in said[-1]


async def test_the_help_lists_every_pane_and_never_runs_a_key_into_its_text(
        dashboard, empty_db: Path) -> None:
    """Issue 16: help showed "home,ctrl+homeFirst" and no Timeline keys. Each key of a
    two-key binding is shown apart, every pane's keys are listed, and on screen every key
    fits its column (at 80 columns too)."""
    from bounceback_tui.palette import show_keys

    app = dashboard(empty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, rows=False)
        rows = key_rows(app)
        assert ("Pipeline table", "home / ^home", "First") in rows
        assert {section for section, _, _ in rows} >= {"Timeline", "Timeline list"}
        assert any(section == "Timeline" and key == "v" for section, key, _ in rows)
        show_keys(app)
        await settle(pilot)
        for cell in app.screen.query(".help-key"):
            text = str(cell.render())
            assert len(text) < cell.content_region.width, text  # and a gap before its text
