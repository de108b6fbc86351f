"""Key overrides from config.toml: which bindings can be given other keys, and which keys
Textual can bind. Pure: `bounceback config` checks a file without loading Textual.

A test (tests/test_keymap.py) holds `DEFAULT_KEYS` equal to the ids and keys of every
`Binding` in the package, so a renamed or new binding cannot go unnoticed here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

DEFAULT_KEYS: dict[str, str] = {
    "app.coming_up": "4",
    "app.help": "question_mark",
    "app.pane_pipeline": "1",
    "app.pane_reflection": "2",
    "app.pane_timeline": "3",
    "app.quit": "q",
    "app.reflect": "r",
    "app.restore": "escape",
    "app.save_chart": "ctrl+e",
    "app.zoom": "z",
    "confirm.cancel": "escape",
    "confirm.enter": "enter",
    "confirm.no": "n",
    "confirm.yes": "y",
    "detail.close": "escape",
    "detail.close_q": "q",
    "detail.edit": "e",
    "detail.details": "p",
    "detail.interview": "i",
    "detail.person": "c",
    "detail.how_it_went": "h",
    "detail.reflect": "r",
    "detail.remove": "delete",
    "follow_up.accept": "enter",
    "follow_up.cancel": "escape",
    "form.cancel": "escape",
    "details.cancel": "escape",
    "details.next_field": "tab",
    "details.previous_field": "shift+tab",
    "details.save": "ctrl+s",
    "form.next_field": "tab",
    "form.previous_field": "shift+tab",
    "form.save": "ctrl+s",
    "help.close": "escape",
    "help.close_q": "q",
    "help.close_question": "question_mark",
    "import.accept": "enter",
    "import.cancel": "escape",
    "import.complete": "tab",
    "journal.accept": "enter",
    "journal.cancel": "escape",
    "journal.next_field": "tab",
    "journal.previous_field": "shift+tab",
    "move.accept": "enter",
    "move.cancel": "escape",
    "move.next_field": "tab",
    "move.previous_field": "shift+tab",
    "offer.cancel": "escape",
    "offer.close": "enter",
    "offer.copy": "c",
    "offer.save": "s",
    "pipeline.add": "a",
    "pipeline.backward": "less_than_sign",
    "pipeline.choose": "enter",
    "pipeline.contact": "c",
    "pipeline.cursor_down": "down",
    "pipeline.cursor_up": "up",
    "pipeline.delete": "d",
    "pipeline.filter": "slash",
    "pipeline.first": "home,ctrl+home",
    "pipeline.follow_up": "F",
    "pipeline.interview": "i",
    "pipeline.forward": "greater_than_sign",
    "pipeline.ghosted": "g",
    "pipeline.how_it_went": "h",
    "pipeline.last": "end,ctrl+end",
    "pipeline.move_to": "m",
    "pipeline.offer": "o",
    "pipeline.page_down": "pagedown",
    "pipeline.page_up": "pageup",
    "pipeline.reflect": "r",
    "pipeline.rejected": "x",
    "pipeline.undo": "u",
    "pipeline.view": "f",
    "pipeline.withdrawn": "w",
    "reflection.add_action": "a",
    "reflection.add_win": "w",
    "reflection.copy_request": "ctrl+r",
    "reflection.delete": "d",
    "reflection.hide_hint": "ctrl+g",
    "reflection.leave": "escape",
    "reflection.new": "n",
    "reflection.next_field": "tab",
    "reflection.next_step": "ctrl+down,pagedown",
    "reflection.open": "enter",
    "reflection.previous_field": "shift+tab",
    "reflection.previous_step": "ctrl+up,pageup",
    "reflection.save": "ctrl+s",
    "reflection.toggle_done": "space",
    "stage.cancel": "escape",
    "stage.choose": "enter",
    "status_word.cancel": "escape",
    "status_word.choose": "enter",
    "timeline.down": "down",
    "timeline.first": "home",
    "timeline.last": "end",
    "timeline.open": "enter",
    "timeline.page_down": "pagedown",
    "timeline.page_up": "pageup",
    "timeline.range_longer": "right_square_bracket",
    "timeline.range_shorter": "left_square_bracket",
    "timeline.reflect": "r",
    "timeline.save_chart": "ctrl+e",
    "timeline.up": "up",
    "timeline.view": "v",
    "versions.cancel": "escape",
    "versions.choose": "enter",
}
"""Every binding id in the dashboard and its own keys (Textual's spelling)."""

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
"""What may come before `+` in a key (`ctrl+s`, `ctrl+shift+up`)."""

_NAMED = {
    "escape", "enter", "return", "tab", "space", "backspace", "insert", "delete",
    "left", "right", "up", "down", "home", "end", "pageup", "pagedown", "newline",
    *(f"f{n}" for n in range(1, 25)),
}
_TEXTUAL_RENAMES = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
                    "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}


def _character_names() -> frozenset[str]:
    """The names Textual gives punctuation keys (`question_mark`, `slash`, `less_than_sign`),
    made the way Textual makes them: the Unicode name, lower case, `_` for spaces and `-`."""
    names = set()
    for code in (*range(0x21, 0x7F), *range(0xA1, 0x100)):
        char = chr(code)
        if char.isalnum():
            continue
        name = unicodedata.name(char, "").lower().replace("-", "_").replace(" ", "_")
        if name:
            names.add(_TEXTUAL_RENAMES.get(name, name))
    return frozenset(names)


KEY_NAMES = frozenset(_NAMED) | _character_names()
"""Key names longer than one character that a terminal can send."""


def key_problem(keys: str) -> str | None:
    """Why `keys` (one key, or several separated by commas, as in Textual's `Binding`) is no
    key anyone can press, as words to follow the value; None when it is fine."""
    if not keys.strip():
        return "is empty"
    parts = [key.strip() for key in keys.split(",")]
    for key in parts:
        where = f" (in {_quoted(key)})" if len(parts) > 1 else ""
        if not key:
            return "has an empty key between commas (the , key is written comma)"
        *modifiers, base = key.split("+") if len(key) > 1 else [key]
        for modifier in modifiers:
            if modifier not in MODIFIERS:
                return (f"has {_quoted(modifier + '+')}, which is not a modifier{where} "
                        f"(modifiers: {', '.join(m + '+' for m in MODIFIERS)})")
        if len(modifiers) != len(set(modifiers)):
            return f"repeats a modifier{where}"
        if not base:
            return f"has no key after the last +{where}"
        where = where if base != key else ""
        if len(base) == 1:
            if not base.isprintable() or base.isspace():
                return f"holds a character that is not a key{where} (write space or tab)"
        elif base not in KEY_NAMES:
            return (f"has {_quoted(base)}, which names no key{where} (keys look like a, A, "
                    "ctrl+s, f2, escape, question_mark)")
    return None


def _quoted(text: str) -> str:
    from .domain.user_text import visible

    text = visible(text)
    return '"' + (text if len(text) <= 20 else text[:19] + "…") + '"'


def keys_in_force(keymap: Mapping[str, str]) -> dict[str, str]:
    """Every binding id with the keys it answers to: its override, else its own."""
    return {binding_id: keymap.get(binding_id, default)
            for binding_id, default in DEFAULT_KEYS.items()}

