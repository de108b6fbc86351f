"""Opening the dashboard, shared by `bounceback` with no command, `demo` and the fast path in
`__main__.py` (which does not load the command-line parser, so the first frame comes sooner).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .domain.user_text import visible

PROG = "bounceback"


class DashboardError(Exception):
    """A one-line reason the dashboard could not open or had to stop; exit status 1."""


def run_dashboard(path: Path, *, settings_file: Path | None = None) -> None:
    """Open the dashboard on `path` until the person quits; DashboardError if it cannot.
    `settings_file`: another config.toml than the person's (the demo's copy)."""
    served = bool(os.environ.get("TEXTUAL_DRIVER"))  # `bounceback serve` runs us this way
    if not served and (not sys.stdin.isatty() or not sys.stdout.isatty()):
        raise DashboardError("the dashboard needs a terminal; for scripts use the commands "
                             "(see `bounceback --help`)")
    from .app import make_app

    app = make_app(path, settings_file=settings_file)
    app.bridge.freeze_heap = True
    app.run()
    if app.open_error:
        raise DashboardError(app.open_error)
    if app.crash_message:
        raise DashboardError(app.crash_message)
    if app.return_code:
        sys.exit(app.return_code)


def open_dashboard(db: str | None) -> int:
    """`bounceback [--db PATH]`: the exit status; every failure is one line on stderr."""
    from .paths import resolve_db_path

    try:
        run_dashboard(resolve_db_path(db))
    except DashboardError as exc:
        _say(str(exc))
        return 1
    except KeyboardInterrupt:
        _say("interrupted; nothing was changed")
        return 130
    except Exception as exc:  # noqa: BLE001  (a bug: one line, no traceback with your data)
        _say(f"unexpected error ({type(exc).__name__}); nothing was changed. "
             "Please report it with the command you ran")
        return 1
    return 0


def _say(message: str) -> None:
    print(f"{PROG}: {visible(message)}", file=sys.stderr)
