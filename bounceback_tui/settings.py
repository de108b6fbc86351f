"""BounceBack's settings: `config.toml` in the user config folder, a file people may edit.

Reading (tomllib) never stops the app: a value that is wrong is one line naming the key, and
that key's default is used; a file that is not TOML at all is one line with its line number,
the defaults for everything, and the file is never written over. The dashboard remembers the
theme and gentle mode by changing only that key (tomlkit keeps comments and everything else),
written privately and atomically. A settings.json from before is carried over once and then
renamed settings.json.migrated.

No Textual here (`bounceback config` reads the file too); `apply_settings` only calls the
app it is given.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .keymap import DEFAULT_KEYS, key_problem
from .domain.follow_up import GHOST_DAYS, QUIET_DAYS
from .paths import config_dir
from .private_files import ensure_private_dir, write_private_text

CONFIG_NAME = "config.toml"
LEGACY_NAME = "settings.json"
MIGRATED_SUFFIX = ".migrated"

DEFAULT_THEME = "textual-dark"
THEMES = (
    "textual-dark", "textual-light", "nord", "gruvbox", "catppuccin-mocha", "dracula",
    "tokyo-night", "monokai", "flexoki", "catppuccin-latte", "catppuccin-frappe",
    "catppuccin-macchiato", "solarized-light", "solarized-dark", "rose-pine", "rose-pine-moon",
    "rose-pine-dawn", "atom-one-dark", "atom-one-light", "ansi-dark", "ansi-light",
)
"""Textual's own themes, the ones `theme` may name (a test keeps this list equal to Textual's)."""

DAYS = (1, 3650)
"""The range of quiet_days and ghost_days."""
REMINDER_MINUTES = (1, 10080)
"""The range of one reminder: a minute to a week before."""
MAX_REMINDERS = 10


@dataclass(frozen=True)
class Reminders:
    """When to be reminded of an interview (the dashboard's `ReminderWatch`)."""

    enabled: bool = True
    """Whether to remind at all."""
    minutes_before: tuple[int, ...] = (60, 10)
    """Minutes before an interview, largest first."""


@dataclass(frozen=True)
class Settings:
    """What BounceBack remembers between runs, with what was wrong in the file it came from."""

    theme: str = DEFAULT_THEME
    """The Textual theme last chosen."""
    quiet_days: int = QUIET_DAYS
    """Days without news after which an active application is marked quiet."""
    ghost_days: int = GHOST_DAYS
    """Days without news after which the row asks "ghosted?" (nothing moves by itself)."""
    gentle: bool = False
    """Gentle mode: counts of no's hidden everywhere, effort and progress first."""
    reminders: Reminders = Reminders()
    """Interview reminders."""
    calendar_file: bool = False
    """Keep the plan as a calendar file beside the database (`hunt.ics` for `hunt.db`),
    written again after every change, for calendar apps that subscribe to a file."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """Key overrides by binding id (Textual keymap), only the usable ones."""
    problems: tuple[str, ...] = field(default=(), compare=False)
    """One line per thing in the file that could not be used (its default was used)."""

    def with_theme(self, theme: str) -> Settings:
        """A copy with another theme."""
        return replace(self, theme=theme)


class SettingsNotSaved(OSError):
    """The settings file could not be changed; the message says why, in one line."""


def config_path() -> Path:
    """Where the settings live: config.toml in the user config folder."""
    return config_dir() / CONFIG_NAME


# --- reading ---------------------------------------------------------------------------------


def load_settings(path: Path | None = None) -> Settings:
    """The settings in force: the file's values, the default for anything missing or wrong
    (each wrong thing named in `problems`). A settings.json beside a missing config.toml is
    carried over first."""
    target = path or config_path()
    if not (target.exists() or target.is_symlink()):  # a link to nowhere is not "missing"
        legacy = target.with_name(LEGACY_NAME)
        if legacy.is_file() and legacy != target:
            return _carry_over(legacy, target)
        return Settings()
    document, problem, _text = _read(target)
    if problem:
        return Settings(problems=(problem,))
    return settings_from(document, source=target.name)


def _read(path: Path) -> tuple[dict[str, Any], str | None, str | None]:
    """The parsed file, why it cannot be used at all (one line, with the line number) or
    None, and its text (None when it is missing or unreadable)."""
    import tomllib

    name = path.name
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return {}, None, None
    except UnicodeDecodeError:
        return {}, f"{name}: not UTF-8 text; using the defaults for everything", None
    except OSError as exc:
        return {}, (f"{name}: cannot be read ({exc.strerror or type(exc).__name__}); "
                    "using the defaults for everything"), None
    try:
        return tomllib.loads(text), None, text
    except tomllib.TOMLDecodeError as exc:
        return {}, f"{name}: {_toml_error(exc, text)}; using the defaults for everything", text


def _toml_error(exc: Exception, text: str) -> str:
    """`not valid TOML at line 3, column 7 (expected '=' after a key…)` from tomllib's
    message (which says "at end of document" for a file that ends too soon)."""
    message = str(exc)
    where = re.search(r"\(at line (\d+), column (\d+)\)", message)
    what = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message).strip()
    what = what[:1].lower() + what[1:]
    if where:
        return f"not valid TOML at line {where[1]}, column {where[2]} ({what})"
    last = len(text.rstrip("\n").split("\n"))
    return f"not valid TOML at its end, line {last} ({what})"


def settings_from(document: Mapping[str, Any], *, source: str = CONFIG_NAME) -> Settings:
    """Settings from a parsed config.toml, one problem line per value that cannot be used."""
    problems: list[str] = []
    defaults = Settings()

    def bad(key: str, rule: str, got: Any, default: Any, hint: str = "") -> None:
        problems.append(f"{source}: {key} must be {rule} (got {shown(got)}); "
                        f"using {shown(default)}{hint}")

    values: dict[str, Any] = {}
    for key in document:
        if key not in _KNOWN:
            problems.append(f"{source}: there is no setting {shown(key)}; ignored "
                            f"(known: {', '.join(_KNOWN)})")

    theme = document.get("theme", defaults.theme)
    if not isinstance(theme, str) or theme not in THEMES:
        bad("theme", "one of Textual's themes, such as \"nord\"", theme, defaults.theme,
            " (`bounceback config --themes` lists them)")
    else:
        values["theme"] = theme

    gentle = document.get("gentle", defaults.gentle)
    if isinstance(gentle, bool):
        values["gentle"] = gentle
    else:
        bad("gentle", "true or false", gentle, defaults.gentle)
    calendar = document.get("calendar_file", defaults.calendar_file)
    if isinstance(calendar, bool):
        values["calendar_file"] = calendar
    else:
        bad("calendar_file", "true or false", calendar, defaults.calendar_file)

    for key in ("quiet_days", "ghost_days"):
        value = document.get(key, getattr(defaults, key))
        if _whole(value, *DAYS):
            values[key] = value
        else:
            bad(key, f"a whole number of days from {DAYS[0]} to {DAYS[1]}", value,
                getattr(defaults, key))
    quiet = values.get("quiet_days", defaults.quiet_days)
    ghost = values.get("ghost_days", defaults.ghost_days)
    if ghost <= quiet:
        fallback = max(defaults.ghost_days, quiet + 1)
        problems.append(f"{source}: ghost_days must be more than quiet_days, {quiet} "
                        f"(got {ghost}); using {fallback}")
        values["ghost_days"] = fallback

    values["reminders"] = _reminders(document.get("reminders", {}), source, problems)
    values["keys"] = _keys(document.get("keys", {}), source, problems)
    return Settings(**values, problems=tuple(problems))


_KNOWN = ("theme", "gentle", "quiet_days", "ghost_days", "reminders", "keys", "calendar_file")


def _whole(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _reminders(table: Any, source: str, problems: list[str]) -> Reminders:
    defaults = Reminders()
    if not isinstance(table, dict):
        problems.append(f"{source}: reminders must be a table ([reminders]) "
                        f"(got {shown(table)}); using the defaults")
        return defaults
    for key in table:
        if key not in ("enabled", "minutes_before"):
            problems.append(f"{source}: there is no setting reminders.{shown(key)}; ignored "
                            "(known: enabled, minutes_before)")
    enabled = table.get("enabled", defaults.enabled)
    if not isinstance(enabled, bool):
        problems.append(f"{source}: reminders.enabled must be true or false "
                        f"(got {shown(enabled)}); using {shown(defaults.enabled)}")
        enabled = defaults.enabled
    minutes = table.get("minutes_before", list(defaults.minutes_before))
    low, high = REMINDER_MINUTES
    if (not isinstance(minutes, list) or len(minutes) > MAX_REMINDERS
            or not all(_whole(m, low, high) for m in minutes)):
        problems.append(
            f"{source}: reminders.minutes_before must be a list of up to {MAX_REMINDERS} "
            f"whole numbers of minutes from {low} to {high}, such as [60, 10] "
            f"(got {shown(minutes)}); using {shown(list(defaults.minutes_before))}")
        minutes = list(defaults.minutes_before)
    return Reminders(enabled=enabled, minutes_before=tuple(sorted(set(minutes), reverse=True)))


def _keys(table: Any, source: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(table, dict):
        problems.append(f"{source}: keys must be a table ([keys]) (got {shown(table)}); "
                        "every key stays its own")
        return {}
    keymap: dict[str, str] = {}
    for binding_id, keys in table.items():
        where = f"keys.{shown(binding_id)}"
        if binding_id not in DEFAULT_KEYS:
            near = [known for known in DEFAULT_KEYS if known.split(".")[-1] == binding_id]
            hint = f"did you mean {shown(near[0])}? " if near else ""
            problems.append(f"{source}: {where} is not a binding id; ignored ({hint}"
                            "`bounceback config --keys` lists them)")
            continue
        default = DEFAULT_KEYS[binding_id]
        if not isinstance(keys, str):
            problems.append(f'{source}: {where} must be a key in quotes, such as "A" or '
                            f'"ctrl+a" (got {shown(keys)}); using {shown(default)}')
            continue
        problem = key_problem(keys)
        if problem:
            problems.append(f"{source}: {where} = {shown(keys)} {problem}; "
                            f"using {shown(default)}")
            continue
        keymap[binding_id] = ",".join(key.strip() for key in keys.split(","))
    return keymap


def shown(value: Any) -> str:
    """A value from the file as TOML would write it, on one line, at most 60 cells, every
    control character visible (it is the person's text)."""
    from .domain.user_text import visible

    if isinstance(value, str):
        text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list | tuple):
        text = "[" + ", ".join(shown(item) for item in value[:10]) + (
            ", …]" if len(value) > 10 else "]")
    elif isinstance(value, dict):
        text = "a table"
    else:
        text = str(value)
    text = visible(text)
    return text if len(text) <= 60 else text[:59] + "…"


# --- writing ---------------------------------------------------------------------------------

REMEMBERED = ("theme", "gentle")
"""The settings the dashboard changes itself."""


def remember_setting(name: str, value: str | bool, path: Path | None = None) -> None:
    """Set one top-level setting in config.toml and change nothing else in it: comments,
    other keys, even values that are wrong stay as the person wrote them. A missing file is
    created with every setting explained. A file that is not valid TOML is never written
    over: SettingsNotSaved says where it is wrong."""
    if name not in REMEMBERED:
        raise ValueError(f"the dashboard does not change {name}")
    target = path or config_path()
    _document, problem, text = _read(target)
    if problem:
        reason = problem.split("; using")[0]
        raise SettingsNotSaved(f"{reason}; {target} was left as it is (fix it, or delete it "
                               "to start again)")
    if text is None:
        ensure_private_dir(target.parent)
        values: dict[str, Any] = {name: value}
        new_text = fresh_config(replace(Settings(), **values))
    else:
        import tomlkit

        try:
            document = tomlkit.parse(text)
            document[name] = value
            new_text = tomlkit.dumps(document)
            import tomllib

            tomllib.loads(new_text)  # never write a file that would not read back
        except Exception as exc:  # noqa: BLE001  (tomlkit's reader is not tomllib's)
            raise SettingsNotSaved(f"{target.name} could not be updated in place "
                                   f"({type(exc).__name__}); {target} was left as it is; "
                                   f"set {name} in it by hand") from None
    write_private_text(target, new_text, replace=True)


def fresh_config(settings: Settings) -> str:
    """A new config.toml holding `settings`, with a short comment on each key."""
    minutes = ", ".join(str(m) for m in settings.reminders.minutes_before)
    keys = ""
    if settings.keys:  # tomlkit quotes them; the dashboard's first write (no keys) needs none
        import tomlkit

        keys = "".join(f"{tomlkit.string(binding_id).as_string()} = "
                       f"{tomlkit.string(keys).as_string()}\n"
                       for binding_id, keys in settings.keys.items())
    return f"""\
# BounceBack settings. Edit freely: a value that is wrong is named when BounceBack starts
# (and by `bounceback config`) and its default is used instead.

# Colour theme: one of Textual's themes (ctrl+p, "Change theme" shows them). Remembered
# when you change it in the dashboard.
theme = "{settings.theme}"

# Gentle mode: hide counts of no's everywhere, effort and progress first (true or false).
gentle = {str(settings.gentle).lower()}

# Days without news after which an active application is marked "quiet" (1 to 3650).
quiet_days = {settings.quiet_days}

# Days without news after which the row asks "ghosted?" (more than quiet_days, up to 3650).
# Nothing ever moves by itself.
ghost_days = {settings.ghost_days}

[reminders]
# Reminders while the dashboard is open: before an interview, and on the morning of a
# follow-up day. Never twice for the same thing, never 22:00-08:00 unless an interview is then.
enabled = {str(settings.reminders.enabled).lower()}
# Minutes before an interview to remind you (up to 10, each from 1 to 10080, a week).
minutes_before = [{minutes}]

[keys]
# Your own keys, by binding id: `bounceback config --keys` lists every id and its key.
# Several keys: "a,A". Modifiers: ctrl+, alt+, shift+. For example:
# "pipeline.add" = "A"
{keys}"""


# --- settings.json from earlier versions -----------------------------------------------------


def _carry_over(legacy: Path, target: Path) -> Settings:
    """Read settings.json once into a new config.toml, then rename it settings.json.migrated.
    If config.toml cannot be written, the old values are used this time and kept."""
    try:
        raw = json.loads(legacy.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = {}
    if not isinstance(raw, dict):
        raw = {}
    old_keys = ("theme", "quiet_days", "ghost_days", "gentle")
    settings = settings_from({k: v for k, v in raw.items() if k in old_keys}, source=LEGACY_NAME)
    try:
        ensure_private_dir(target.parent)
        write_private_text(target, fresh_config(settings), replace=False)
    except FileExistsError:  # another window carried it over meanwhile
        return load_settings(target)
    except OSError as exc:
        note = (f"{target.name}: could not be created ({exc.strerror or exc}); using "
                f"{LEGACY_NAME} this time")
        return replace(settings, problems=(*settings.problems, note))
    try:
        legacy.rename(legacy.with_name(legacy.name + MIGRATED_SUFFIX))
    except OSError:
        pass  # config.toml exists now, so settings.json is not read again either way
    return settings


# --- the dashboard ---------------------------------------------------------------------------


def apply_settings(app: Any, settings: Settings) -> None:
    """At the dashboard's start: the theme, the key overrides, and one warning per problem
    in the file (as plain text: the lines quote the person's file)."""
    if settings.theme in app.available_themes:
        app.theme = settings.theme
    if settings.keys:
        app.set_keymap(dict(settings.keys))
    for problem in settings.problems:
        app.notify(problem, title="Settings", severity="warning", markup=False, timeout=12)
