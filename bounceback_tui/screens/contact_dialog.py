"""Adding a person to an application, or linking one already known (`c` in the pipeline,
issue 14): name, their part, title, email, phone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, RadioButton, RadioSet, Static

from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.store.records import CONTACT_PARTS
from bounceback_tui.widgets.form_fields import (
    FormField,
    LineInput,
    OneChoice,
    after_typed_keys,
    visible_line,
)

from .dialog import ONE_LINE_KEYS, Dialog

if TYPE_CHECKING:
    from bounceback_tui.store.planning import ContactRecord
    from bounceback_tui.store.records import ApplicationRecord



@dataclass(frozen=True)
class ContactInput:
    """A person as confirmed: linked when `name` is someone known, else added."""

    name: str
    part: str
    title: str
    email: str
    phone: str


class ContactDialog(Dialog[ContactInput | None]):
    """"Add a person": who, their part in the application, and how to reach them. Given a
    `contact`, the same form changes that person (name, title, email, phone; their parts
    stay)."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#contact-name"
    BINDINGS: ClassVar[list[BindingType]] = ONE_LINE_KEYS

    def __init__(self, application: ApplicationRecord | None, known: tuple[str, ...] = (),
                 *, contact: ContactRecord | None = None) -> None:
        super().__init__()
        self.application = application
        self.contact = contact
        """The person changed, or None when adding one."""
        self.known = known
        """Names of people already in the hunt (typing one links them)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="contact-box", classes="dialog-box") as box:
            person = self.contact
            box.border_title = "Add a person" if person is None else "Change a person"
            if self.application is not None:
                yield Static(Content.assemble(
                    (visible_line(self.application.company), "bold"), " — ",
                    visible_line(self.application.role)), classes="dialog-title")
            yield FormField("Name", LineInput(visible_line(person.name) if person else "",
                                              id="contact-name", compact=True,
                                              placeholder="e.g. Sam Lee"),
                            hint=True, id="field-name")
            if person is None:
                with OneChoice(id="contact-part", compact=True):
                    for index, part in enumerate(CONTACT_PARTS):
                        yield RadioButton(part, value=index == 0, name=part)
            for key, label, hint in (("title", "Title", "optional: Recruiter"),
                                     ("email", "Email", "optional"),
                                     ("phone", "Phone", "optional")):
                value = visible_line(getattr(person, key)) if person else ""
                yield FormField(label, LineInput(value, id=f"contact-{key}", compact=True,
                                                 placeholder=hint), id=f"field-{key}")
        yield Footer(show_command_palette=False)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        key = (event.input.id or "").removeprefix("contact-")
        fields = self.query(f"#field-{key}")
        if fields:
            fields.first(FormField).value_changed(event.value)
        if key == "name" and self.contact is None:
            known = event.value.strip().casefold() in {n.casefold() for n in self.known}
            self.query_one("#field-name", FormField).show_hint(
                "already in your hunt: enter links them" if known else "")

    def action_accept(self) -> None:
        after_typed_keys(self, self._accept)

    def _accept(self) -> None:
        name = self.query_one("#contact-name", Input).value.strip()
        if not name:
            self.query_one("#field-name", FormField).show_error("write their name")
            self.query_one("#contact-name", Input).focus()
            return
        parts = self.query("#contact-part")
        pressed = parts.first(RadioSet).pressed_button if parts else None
        part = pressed.name if pressed is not None and pressed.name else "other"
        self.dismiss(ContactInput(name, part, *(
            self.query_one(f"#contact-{key}", Input).value.strip()
            for key in ("title", "email", "phone"))))

    def action_cancel(self) -> None:
        self.dismiss(None)
