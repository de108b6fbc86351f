"""BounceBack's screens and dialogs, one per module.

Screens never touch the store: they take plain values and dismiss with frozen dataclasses
that the app hands to the store. Their styles live in `styles/dialogs.tcss`, which each
screen lists in `CSS_PATH` so it looks right whichever app pushes it.
"""

from __future__ import annotations

from bounceback_tui.paths import styles_dir

DIALOGS_CSS = styles_dir() / "dialogs.tcss"
"""The stylesheet every screen in this package loads (the app may list it too; Textual reads
a path only once)."""
