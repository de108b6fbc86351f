"""Which rows and fields sync carries between machines, and which stay local.

Each synced table is an *entity* of the shared document: a map from a row's `uid` to its
fields, as the file stores them (instants and days as their stored text, lists as JSON
text). References to other rows travel as the other row's uid. What an application's events
repeat (its stage, instants, outcome, …) is never sent: every machine computes it again.

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


APPLICATIONS: Final = Entity(
    "applications",
    ("company", "role", "source", "location", "url", "notes", "follow_up_on", "created_at"),
    local=("id", "uid", "stage", "applied_at", "last_activity_at", "updated_at", "outcome",
           "outcome_at", "furthest_stage", "responded", "closed", "search_text",
           "stage_dated", "outcome_dated"),
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
    references=(("reflection_id", "reflections"),), local=("id", "uid"))

ENTITIES: Final[tuple[Entity, ...]] = (APPLICATIONS, EVENTS, REFLECTIONS, WINS, ACTIONS)
"""In the order their rows are written (a reference is written after what it names)."""
BY_NAME: Final = {entity.name: entity for entity in ENTITIES}
