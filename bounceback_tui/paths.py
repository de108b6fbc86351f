"""Where BounceBack keeps things: the database, settings, and the stylesheets."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "bounceback"
DB_ENV = "BOUNCEBACK_DB"


def default_db_path() -> Path:
    """The database in the user data folder (platformdirs), e.g.
    ~/.local/share/bounceback/bounceback.db on Linux."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "bounceback.db"


def resolve_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    """`--db PATH` beats $BOUNCEBACK_DB, which beats the user data folder."""
    if option:
        return Path(option).expanduser()
    from_env = os.environ.get(DB_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_db_path()


def config_dir() -> Path:
    """The folder for settings (theme, thresholds)."""
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def styles_dir() -> Path:
    """The Textual stylesheets: inside the package in a wheel, `styles/` in a checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "styles", package.parent / "styles"):
        if (candidate / "app.tcss").is_file():
            return candidate
    raise FileNotFoundError(
        f"BounceBack's stylesheets are missing (looked in {package / 'styles'} and "
        f"{package.parent / 'styles'}); reinstall BounceBack"
    )
