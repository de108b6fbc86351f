"""Widths of user text agree with Rich (which draws the dashboard) for every tricky case, and
cutting to a width never splits what is drawn as one picture."""

from __future__ import annotations

import pytest
from rich.cells import cell_len, split_graphemes

from bounceback_tui.domain.user_text import cell_width, fit, visible

TRICKY = [
    "",
    "Acme",
    "✉️",  # VS16 makes a narrow symbol wide
    "✉️ Mail",
    "❤️",
    "❤️❤️ love",
    "✉",  # the same symbols without VS16
    "❤",
    "1️⃣",  # keycap
    "👩‍💻",  # ZWJ sequence
    "👨‍👩‍👧‍👦 family",
    "🏳️‍🌈",
    "👍🏽",  # skin tone modifier
    "🇫🇷",  # flag
    "🇫🇷🇩🇪🇯🇵",
    "日本語",  # CJK
    "한국어 회사",
    "ｆｕｌｌｗｉｄｔｈ",
    "e\u0301",  # combining acute
    "Zu\u0308rich",
    "a\u0300\u0301\u0302",  # several marks
    "\u200d",  # a lone joiner
    "x\ufe0f",  # VS16 on a letter
    "\ufe0f",
    "a\u200db",
    "Ω≈ç√∫",
    "Crème brûlée ☕ 🎉",
    "emoji at the end 🚀",
    "mixed ✉️日本👩‍💻e\u0301🇫🇷",
]


@pytest.mark.parametrize("text", TRICKY)
def test_cell_width_agrees_with_rich(text: str) -> None:
    assert cell_width(text) == cell_len(text)
    shown = visible(text)
    assert cell_width(shown) == cell_len(shown)


@pytest.mark.parametrize("text", TRICKY)
def test_fit_fills_exactly_the_width_and_cuts_between_graphemes(text: str) -> None:
    boundaries = {0} | {end for _, end, _ in split_graphemes(text)[0]}
    for width in range(1, cell_len(text) + 3):
        fitted = fit(text, width)
        assert cell_len(fitted) == width, (text, width, fitted)
        if cell_len(text) <= width:
            if width > cell_len(text):  # a joiner at the end would swallow the padding
                text_shown = text.rstrip("\u200d")
            else:
                text_shown = text
            assert fitted == text_shown + " " * (width - cell_len(text))
        else:
            kept = fitted.rstrip(" ")
            assert kept.endswith("…")
            kept = kept[:-1]
            assert text.startswith(kept) and len(kept) in boundaries, (text, width, fitted)


def test_fit_to_nothing_is_nothing() -> None:
    assert fit("✉️ Mail", 0) == "" and fit("abc", 0) == ""


def test_ascii_needs_no_rich() -> None:
    import subprocess
    import sys

    code = ("import sys; from bounceback_tui.domain.user_text import cell_width, fit;"
            "assert cell_width('Acme Labs') == 9 and fit('Acme Labs', 5) == 'Acme…';"
            "print('rich' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
