"""The offer moment: when an application moves to offer, how many no's led here and what the
reflections on them taught, and the command that tells that run's story."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Static

from bounceback_tui.domain.user_text import visible
from bounceback_tui.screens import DIALOGS_CSS

from .dialog import Dialog

if TYPE_CHECKING:
    from bounceback_tui.store.queries.timeline import OfferStory


def story_command(application_id: int) -> str:
    """The command that writes this run's "from no to next" story."""
    return f"bounceback export --format markdown --story --application {application_id}"


def celebration(story: OfferStory, *, gentle: bool) -> Text:
    """The panel's words: the run that led here and its lessons (user text shown literally)."""
    text = Text()
    count = len(story.nos)
    if gentle:
        text.append("Every step you took led here. Take a moment with this one.\n")
    elif count == 0:
        text.append("Straight to a yes this time. Take a moment with this one.\n")
    else:
        noun = "no" if count == 1 else "no's"
        text.append(f"{count} {noun} led here", style="bold")
        text.append(", and you kept going after every one of them. They were steps, not "
                    "verdicts.\n")
    lessons = [(company, answer) for company, *answers in story.lessons
               for answer in answers if answer.strip()]
    if lessons:
        text.append("\nWhat you learned on the way\n", style="bold")
        for company, answer in lessons:
            text.append("  • ")
            text.append(visible(answer))
            text.append(f"  ({visible(company)})\n" if company else "\n", style="dim")
    text.append("\nTell the story of this run:\n", style="bold")
    text.append(f"  {story_command(story.application_id)}\n")
    text.append("s saves it to exports/ now · c copies the command · enter closes", style="dim")
    return text


class OfferScreen(Dialog[None]):
    """The offer moment. `s` posts `SaveStory` (the app writes the file)."""

    class SaveStory(Message):
        """Write the story of the run that ended at this offer."""

        def __init__(self, application_id: int) -> None:
            super().__init__()
            self.application_id = application_id

    CSS_PATH = DIALOGS_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "save_story", "Save the story", id="offer.save"),
        Binding("c", "copy_command", "Copy command", id="offer.copy"),
        Binding("enter", "close", "Close", id="offer.close"),
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
        yield Footer(show_command_palette=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy_command(self) -> None:
        self.app.copy_to_clipboard(story_command(self.story.application_id))
        self.notify("Copied the command (your terminal must allow clipboard access).")

    def action_save_story(self) -> None:
        self.post_message(self.SaveStory(self.story.application_id))
