"""A small settings file in the user config folder: the chosen theme and follow-up thresholds.

A missing or damaged file means the defaults; saving writes a private file atomically.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from .paths import config_dir
from .private_files import ensure_private_dir, write_private_text

DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True)
class Settings:
    """What BounceBack remembers between runs."""

    theme: str = DEFAULT_THEME
    """The Textual theme last chosen."""
    quiet_days: int = 14
    """Days without news after which an active application is marked quiet."""
    ghost_days: int = 30
    """Days without news after which the row asks "ghosted?" (nothing moves by itself)."""
    gentle: bool = False
    """Gentle mode: counts of no's hidden everywhere, effort and progress first."""

    def with_theme(self, theme: str) -> Settings:
        """A copy with another theme."""
        return replace(self, theme=theme)


def settings_path() -> Path:
    """Where the settings live: settings.json in the user config folder."""
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults for anything missing or unreadable."""
    target = path or settings_path()
    try:
        raw = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    defaults = Settings()
    values = {}
    for f in fields(Settings):
        value = raw.get(f.name, getattr(defaults, f.name))
        expected = type(getattr(defaults, f.name))
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            value = getattr(defaults, f.name)
        if expected is int and not 1 <= value <= 3650:
            value = getattr(defaults, f.name)
        values[f.name] = value
    return Settings(**values)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings (0600, in a 0700 folder we create), replacing the old file whole."""
    target = path or settings_path()
    ensure_private_dir(target.parent)
    write_private_text(target, json.dumps(asdict(settings), indent=2) + "\n", replace=True)
