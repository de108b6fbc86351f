"""The key overrides' catalog and checks: every binding id of the dashboard is known (with its
own keys), every key the dashboard uses passes the check, and keys nobody can press fail."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import bounceback_tui
from bounceback_tui.keymap import DEFAULT_KEYS, key_problem, keys_in_force


def bindings_in_the_package() -> dict[str, str]:
    """Binding id → keys for every Binding declared by a class of the package."""
    from textual.binding import Binding
    from textual.dom import DOMNode

    for module in pkgutil.walk_packages(bounceback_tui.__path__, "bounceback_tui."):
        if not module.name.startswith(("bounceback_tui.web", "bounceback_tui.store.migrations")):
            importlib.import_module(module.name)

    def subclasses(cls: type) -> set[type]:
        found = set(cls.__subclasses__())
        for sub in list(found):
            found |= subclasses(sub)
        return found

    ids: dict[str, str] = {}
    for cls in subclasses(DOMNode):
        if not cls.__module__.startswith("bounceback_tui."):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                assert ids.get(binding.id, binding.key) == binding.key, binding.id
                ids[binding.id] = binding.key
    return ids


def test_the_catalog_holds_every_binding_id_and_its_own_keys() -> None:
    assert bindings_in_the_package() == DEFAULT_KEYS


def test_every_key_the_dashboard_uses_passes_the_check() -> None:
    assert {binding_id: key_problem(keys) for binding_id, keys in DEFAULT_KEYS.items()
            if key_problem(keys)} == {}


@pytest.mark.parametrize("keys", [
    "a", "A", "F", "1", "?", "/", "<", "é", "question_mark", "slash", "less_than_sign",
    "left_square_bracket", "comma", "plus", "minus", "at", "backslash", "space", "tab",
    "enter", "escape", "backspace", "delete", "insert", "home", "end", "pageup", "pagedown",
    "up", "down", "left", "right", "f1", "f12", "f24", "ctrl+s", "ctrl+shift+up", "alt+x",
    "shift+tab", "ctrl+home", "a,A", " a , ctrl+a ", "+",
])
def test_keys_a_terminal_can_send_pass(keys: str) -> None:
    assert key_problem(keys) is None


@pytest.mark.parametrize("keys", [
    "", " ", "a,", ",a", "Ctrl+a", "control+a", "ctrl+", "ctrl+ctrl+a", "Enter", "ESC",
    "f25", "hello", "ctrl+hello", "\t", "\x1b", "\u200b",
])
def test_keys_nobody_can_press_fail(keys: str) -> None:
    assert key_problem(keys)


def test_keys_in_force_are_the_overrides_over_the_defaults() -> None:
    keys = keys_in_force({"pipeline.add": "A"})
    assert keys["pipeline.add"] == "A" and keys["pipeline.delete"] == "d"
    assert list(keys) == list(DEFAULT_KEYS)
