"""`bounceback` and `python -m bounceback_tui`.

Opening the dashboard (no arguments, or only `--db PATH`) goes straight to it without loading
the command-line parser; everything else goes through `cli.py`, and so does a shell asking
for completions (click's `_BOUNCEBACK_COMPLETE`, which comes with no arguments).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported at run time: `agenda --line` in a status bar counts them
    from collections.abc import Sequence
    from typing import Any, NoReturn

COMPLETE_VAR = "_BOUNCEBACK_COMPLETE"
"""Set by the shell when it wants a completion script or completions from click."""


def _dashboard_only(argv: Sequence[str]) -> tuple[bool, str | None]:
    """Whether `argv` asks for nothing but the dashboard, and the --db value it gives."""
    if os.environ.get(COMPLETE_VAR):
        return False, None
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--db" and argv[1] and not argv[1].startswith("-"):
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > len("--db="):
        return True, argv[0][len("--db="):]
    return False, None


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Console-script entry point."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and "agenda" in args[:3] and not os.environ.get(COMPLETE_VAR):
        from . import quick_agenda  # a status bar's `agenda --line`: no parser, no ORM

        asked = quick_agenda.parse(args)
        if asked is not None:
            try:
                sys.exit(quick_agenda.run(*asked))
            except quick_agenda.NotQuick:
                pass  # the full command explains or migrates
    dashboard, db = _dashboard_only(args)
    if dashboard:
        from .launch import open_dashboard

        sys.exit(open_dashboard(db))
    from .cli import main as cli_main

    cli_main(args)


def __getattr__(name: str) -> Any:
    """`from bounceback_tui.__main__ import cli` still finds the command group."""
    if name == "cli":
        from .cli import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":
    main()
