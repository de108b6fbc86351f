"""Showing user text in a terminal exactly as text: control characters made visible,
widths measured in terminal cells. Pure functions, no Rich or Textual."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_BIDI = {
    0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
    0x2066, 0x2067, 0x2068, 0x2069,
}


def _visible_char(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC, ␊ for a line feed)
    if code == 0x7F:
        return "␡"
    if 0x80 <= code <= 0x9F or code in _BIDI or 0xD800 <= code <= 0xDFFF:
        return f"<U+{code:04X}>"  # C1 controls, bidi overrides, lone surrogates
    return char


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every terminal control character replaced by a visible stand-in.

    With `keep_newlines`, line feeds stay line feeds (for multi-line notes).
    """
    if text.isprintable() and not any(ord(c) in _BIDI for c in text):
        return text
    out = []
    for char in text:
        if keep_newlines and char == "\n":
            out.append(char)
        else:
            out.append(_visible_char(char))
    return "".join(out)


def char_width(char: str) -> int:
    """Terminal cells a character takes: 2 for wide East Asian forms, 0 for combining marks."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal cells `text` takes. Emoji joined by a zero-width joiner (👩‍💻) take the cells
    of one, as in Rich (which draws the dashboard) and in terminals that join them."""
    if text.isascii():
        return len(text)
    return _wide_cell_width(text)


_JOINER = "\u200d"


@lru_cache(maxsize=8192)
def _wide_cell_width(text: str) -> int:
    # Cached: tables and the timeline measure the same names on every line they draw.
    return sum(width for _, width in _clusters(text))


def _clusters(text: str) -> list[tuple[str, int]]:
    """`text` in pieces that are drawn together, with their cells: a character with the
    zero-width marks after it, and whatever a zero-width joiner joins to it."""
    pieces: list[tuple[str, int]] = []
    for char in text:
        width = char_width(char)
        if pieces and (width == 0 or pieces[-1][0][-1] == _JOINER):
            piece, cells = pieces[-1]
            pieces[-1] = (piece + char, cells)
        else:
            pieces.append((char, width))
    return pieces


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` cells (ending in … when cut), then padded to `width`.
    A cut never splits a character from its marks or a joined emoji."""
    used = cell_width(text)
    if used <= width:
        return text + " " * (width - used)
    out, used = [], 0
    for piece, cells in _clusters(text[:max(width, 0) * 4 + 16]):
        if used + cells > width - 1:
            break
        out.append(piece)
        used += cells
    return "".join(out) + "…" + " " * (width - used - 1)
