"""What the Reflection and Timeline panes say until their content arrives."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..domain.user_text import visible

REFLECTION_INTRO = (
    "When a no arrives, this is where you turn it into a next step: a short guided "
    "reflection, one gentle question at a time. Press x or g on an application in the "
    "pipeline when you are ready."
)
TIMELINE_INTRO = (
    "Your hunt as a story will appear here: every application sent, every no and how soon "
    "you bounced back, and the runs of no's that led to each yes."
)


class PaneNote(Static, can_focus=True):
    """A short, friendly paragraph in a pane; takes focus so 2 and 3 have somewhere to go."""

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(text, id=id, markup=False)


class ReflectionNote(PaneNote):
    """The Reflection pane's note; after x or g it names the application to reflect on."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(REFLECTION_INTRO, id=id)
        self.about_label: str | None = None

    def brief(self) -> None:
        """One line, once the journal below has something in it."""
        if self.about_label is None:
            self.update(Text("n: a new reflection · x or g on a no: reflect on it",
                             style="dim"))

    def form_closed(self, *, journal: bool) -> None:
        """The form was put away (saved, kept as a draft, or left untouched): the promise
        of a reflection to come is over; the brief line (a `journal` below) or the intro."""
        self.about_label = None
        if journal:
            self.brief()
        else:
            self.update(REFLECTION_INTRO)

    def about(self, company: str, role: str, stage: str) -> None:
        """Say which application the next reflection will be about."""
        self.about_label = f"{company} — {role}"
        text = Text()
        text.append("Your reflection will be about ")
        text.append(visible(company), style="bold")
        text.append(" — ")
        text.append(visible(role), style="bold")
        text.append(f" ({stage}).\n\n")
        text.append("That one stings, and that is allowed. Take a breath; the guided questions "
                    "will be here, and every answer is optional.")
        self.update(text)
