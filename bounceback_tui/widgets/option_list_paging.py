"""A fix for Textual 8's OptionList (and so SelectionList, the journal, the palette's list):
`pageup`/`pagedown` on a list that has options but has not been laid out yet (hidden behind
a reflection form, on a tab not shown, or mounted a moment ago) raised KeyError from
`_move_page` and stopped the app. Such a list has no page to move by: the key does nothing.

Imported (once) by the panes that hold lists; it changes OptionList for the whole app.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList

_move_page = OptionList._move_page


def _move_page_when_laid_out(self: OptionList, direction: Any) -> None:
    highlighted = self.highlighted
    if highlighted is not None and highlighted not in self._index_to_line:
        return  # no lines measured yet
    _move_page(self, direction)


if getattr(OptionList._move_page, "__name__", "") != _move_page_when_laid_out.__name__:
    OptionList._move_page = _move_page_when_laid_out  # type: ignore[method-assign]
