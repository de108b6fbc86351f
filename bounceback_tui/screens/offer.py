"""The offer moment: when an application moves to offer, how many no's led here, what the run
leaves to keep (what went well, reasons not about the person, what was learned, wins, actions
done: never a sentence with a thinking trap in it), and the story of that run, saved with the
lines the person keeps (space leaves one out)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, SelectionList, Static
from textual.widgets.selection_list import Selection

from bounceback_tui.domain.user_text import visible
from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.widgets.form_fields import ChoiceList

from .dialog import Dialog

if TYPE_CHECKING:
    from pathlib import Path

    from bounceback_tui.store import Store
    from bounceback_tui.store.queries.timeline import KeptLine, OfferStory


def story_command(application_id: int) -> str:
    """The command that writes this run's "from no to next" story."""
    return f"bounceback export --format markdown --story --application {application_id}"


KEPT_LABELS = {"went well": "went well", "not about me": "not about you",
               "learned": "learned", "win": "a win", "done": "done"}
"""How the offer moment names each kind of kept line (`OfferStory.kept`)."""


def celebration(story: OfferStory, *, gentle: bool) -> Text:
    """The panel's opening words: how many no's led here (none in gentle mode)."""
    text = Text()
    count = len(story.nos)
    if gentle:
        text.append("Every step you took led here. Take a moment with this one.")
    elif count == 0:
        text.append("Straight to a yes this time. Take a moment with this one.")
    else:
        noun = "no" if count == 1 else "no's"
        text.append(f"{count} {noun} led here", style="bold")
        text.append(", and you kept going after every one of them. They were steps, not "
                    "verdicts.")
    if story.kept:
        text.append("\n\nWhat this run leaves you", style="bold")
        text.append("  space leaves a line out of the story", style="dim")
    return text


def kept_prompt(line: KeptLine) -> Text:
    """One kept line in the list: its kind, the words (exactly as written), its no."""
    prompt = Text()
    prompt.append(f"{KEPT_LABELS[line.kind]}  ", style="dim")
    prompt.append(visible(line.text))
    if line.company:
        prompt.append(f"  ({visible(line.company)})", style="dim")
    return prompt


def closing(story: OfferStory) -> Text:
    text = Text()
    text.append("Tell the story of this run:\n", style="bold")
    text.append(f"  {story_command(story.application_id)}\n")
    text.append("s saves it to exports/ now (the lines ticked) · c copies the command · "
                "enter closes", style="dim")
    return text


class OfferScreen(Dialog[None]):
    """The offer moment. `s` posts `SaveStory` (the app writes the file) with the lines the
    person left out."""

    class SaveStory(Message):
        """Write the story of the run that ended at this offer, but the lines left out."""

        def __init__(self, application_id: int, left_out: tuple[int, ...] = ()) -> None:
            super().__init__()
            self.application_id = application_id
            self.left_out = left_out

        def write(self, store: Store) -> Path:
            """Write the story file (in a worker, through the store bridge)."""
            from bounceback_tui.exports import save_story

            return save_story(store, self.application_id, self.left_out)

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#offer-kept"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "save_story", "Save the story", id="offer.save"),
        Binding("c", "copy_command", "Copy command", id="offer.copy"),
        Binding("enter", "close", "Close", id="offer.close", priority=True),
        Binding("escape", "close", "Close", id="offer.cancel", show=False),
    ]

    def __init__(self, story: OfferStory, *, gentle: bool = False) -> None:
        super().__init__()
        self.story = story
        self._gentle = gentle

    def compose(self) -> ComposeResult:
        with Vertical(id="offer-box", classes="dialog-box") as box:
            box.border_title = Content(f"An offer from {visible(self.story.company)}")
            with VerticalScroll(id="offer-body"):
                yield Static(celebration(self.story, gentle=self._gentle), markup=False,
                             id="offer-text")
                if self.story.kept:
                    yield ChoiceList(*(Selection(kept_prompt(line), number, True)
                                       for number, line in enumerate(self.story.kept)),
                                     id="offer-kept")
                yield Static(closing(self.story), markup=False, id="offer-closing")
        yield Footer(show_command_palette=False)

    @property
    def left_out(self) -> tuple[int, ...]:
        """The kept lines the person unticked (by index)."""
        chosen = set(self.query_one(SelectionList).selected) if self.story.kept else set()
        return tuple(n for n in range(len(self.story.kept)) if n not in chosen)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy_command(self) -> None:
        self.app.copy_to_clipboard(story_command(self.story.application_id))
        self.notify("Copied the command (your terminal must allow clipboard access).")

    def action_save_story(self) -> None:
        self.post_message(self.SaveStory(self.story.application_id, self.left_out))
