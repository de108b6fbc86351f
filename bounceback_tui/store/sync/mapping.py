"""Which rows and fields sync carries between machines, and which stay local.

Each synced table is an *entity* of the shared document: a map from a row's `uid` to its
fields, as the file stores them (instants and days as their stored text, lists as JSON
text). References to other rows travel as the other row's uid. What an application's events
repeat (its stage, instants, outcome, …) is never sent: every machine computes it again.

A field still at its blank (an empty text, no value; see `engine._blanks`) is not sent when
its row is new, and a row arriving without it takes the blank: most rows leave several
fields empty, and each field held costs the document about half a kilobyte of memory.

A reflection is not a row of fields but a set of revisions (see `engine`): two machines
that both edited it keep both, and the person chooses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Entity:
    name: str
    """The table, and the document's map of it."""
    fields: tuple[str, ...]
    """The columns sent as they are."""
    references: tuple[tuple[str, str], ...] = ()
    """(column, entity): a local id sent as the uid of that entity's row."""
    local: tuple[str, ...] = ()
    """Columns that never travel (ids and what is computed on each machine)."""
    packed: bool = False
    """Each row is one JSON text rather than a map of fields: a row that is written once
    and hardly ever edited (a stage event) costs a third of the memory that way; two edits
    made apart keep one of them whole."""
    key: str = "id"
    """The column that names a row locally (what the outbox logs)."""
    loose: tuple[str, ...] = ()
    """References that may be empty: the row still comes when what it named is gone (any
    other reference must be found here, or the row waits for it)."""
    flat: bool = False
    """Each field is a key of its own ("<uid>/<field>") rather than a map per row: a row two
    machines can make apart under the same uid (an application's details) then merges field
    by field; a map made on each would keep only one of them whole."""
    undo: str | None = None
    """The undo action that puts back fields this machine set when the other machine's
    value replaced them (see `engine._keep_what_lost`); None: not offered."""


APPLICATIONS: Final = Entity(
    "applications",
    ("company", "role", "source", "location", "url", "notes", "follow_up_on", "created_at"),
    local=("id", "uid", "stage", "applied_at", "last_activity_at", "updated_at", "outcome",
           "outcome_at", "furthest_stage", "responded", "closed", "search_text",
           "stage_dated", "outcome_dated"),
    undo="edit",
)
EVENTS: Final = Entity(
    "stage_events", ("stage", "at", "note", "dated"),
    references=(("application_id", "applications"),), local=("id", "uid"), packed=True)
REFLECTION_CONTENT: Final[tuple[str, ...]] = (
    "status", "updated_at", "saved_at", "feelings", "mood_before", "reasons", "reasons_text",
    "feedback_status", "feedback_text", "went_well", "do_differently", "taught_me",
    "mismatches", "alignment_text", "direction_text", "commitment_text", "commitment_kind",
    "commitment_due", "next_step", "mood_after")
"""What a revision of a reflection holds."""
REFLECTIONS: Final = Entity(
    "reflections", ("created_at",), references=(("application_id", "applications"),),
    local=("id", "uid", "revision", *REFLECTION_CONTENT))
WINS: Final = Entity("wins", ("at", "text", "kind"), local=("id", "uid"))
ACTIONS: Final = Entity(
    "growth_actions", ("created_at", "text", "kind", "due_on", "done_at"),
    references=(("reflection_id", "reflections"),), local=("id", "uid"),
    loose=("reflection_id",))
CONTACTS: Final = Entity(
    "contacts", ("name", "title", "company", "email", "phone", "link", "notes", "created_at"),
    local=("id", "uid", "updated_at"), undo="edit_contact")
INTERVIEWS: Final = Entity(
    "interviews", ("kind", "starts_at", "due_at", "minutes", "with_text", "place", "notes",
                   "how_it_went", "created_at"),
    references=(("application_id", "applications"),), local=("id", "uid", "updated_at"),
    undo="edit_interview")
DETAILS: Final = Entity(
    "application_details", ("pay_text", "pay_min", "pay_max", "pay_currency", "pay_period",
                            "posting", "deadline_on", "excitement", "tags"),
    references=(("application_id", "applications"),), local=("uid",), key="application_id",
    flat=True, undo="set_details")
PARTS: Final = Entity(
    "application_contacts", ("part",),
    references=(("application_id", "applications"), ("contact_id", "contacts")),
    local=("id", "uid"))
INTERVIEW_PEOPLE: Final = Entity(
    "interview_contacts", (),
    references=(("interview_id", "interviews"), ("contact_id", "contacts")),
    local=("id", "uid"))

ENTITIES: Final[tuple[Entity, ...]] = (APPLICATIONS, EVENTS, REFLECTIONS, WINS, ACTIONS,
                                       CONTACTS, INTERVIEWS, DETAILS, PARTS, INTERVIEW_PEOPLE)
"""In the order their rows are written (a reference is written after what it names)."""
BY_NAME: Final = {entity.name: entity for entity in ENTITIES}
