"""Fields that act on every key in the order it was typed (see `KeysInOrder`). Kept apart
from `form_fields`: the pipeline's filter field is made from it right after the first paint,
without the form widgets' imports."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input


class KeysInOrder:
    """A field that runs its own key bindings (backspace, arrows, space, ctrl+u, …) as it
    reads each key, in the order typed.

    Textual runs a widget's binding only once the key has bubbled back up to the app, one
    queue per container, while the field handles a typed character at once: in a burst
    (keys sent through tmux, a fast typist, a busy machine), `a b backspace c` could end as
    "ab" and `space down space ctrl+s` could save before the choices were made. Here every
    key acts in the field's own queue, so a save that waits for that queue
    (`after_typed_keys`) sees all of them. A plain mixin, put before the widget class: a
    second Widget base would hide the widget's component styles."""

    async def _on_key(self: Any, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if binding.priority:
                continue
            if await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return


class OrderedInput(KeysInOrder, Input):
    """An Input whose backspace, arrows and ctrl+u act where they were typed."""
