"""Showing user text in a terminal exactly as text: control characters made visible,
widths measured in terminal cells the way Rich measures them (`rich.cells`, loaded only for
text that is not plain ASCII). No Textual; the data layer (store/) never imports this."""

from __future__ import annotations

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


def cell_width(text: str) -> int:
    """Terminal cells `text` takes, exactly as Rich (which draws the dashboard) counts them:
    wide East Asian forms 2, combining marks 0, an emoji made wide by VS16 (✉️, ❤️) 2, a
    ZWJ sequence (👩‍💻) or a flag (🇫🇷) as one picture. Plain ASCII never loads Rich's
    tables; anything else asks `rich.cells`, so the two can never disagree."""
    if text.isascii() and text.isprintable():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` cells (ending in … when cut), then padded to `width`.
    A cut never splits a character from its marks, its VS16 or a joined emoji; a joiner
    with nothing after it is left out (Rich would join the … or the padding to it)."""
    used = cell_width(text)
    if used <= width:
        if used < width and text.endswith(_JOINER):
            text = text.rstrip(_JOINER)  # Rich would join the padding to it and not count it
        return text + " " * (width - used)
    if width <= 0:
        return ""
    if text.isascii() and text.isprintable():
        return text[:width - 1] + "…"
    from rich.cells import split_graphemes

    head = text[:width * 4 + 16]  # enough for `width` cells (zero-width runs only cut sooner)
    spans, _ = split_graphemes(head)
    end = used = 0
    for _start, stop, cells in spans:
        if used + cells > width - 1:
            break
        end, used = stop, used + cells
    return head[:end].rstrip(_JOINER) + "…" + " " * (width - used - 1)


_JOINER = "\u200d"
"""A zero-width joiner: Rich counts whatever follows it as part of the same picture."""
