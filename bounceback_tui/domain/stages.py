"""The stages an application moves through, and what each one means (PRODUCT.md, "Stages")."""

from __future__ import annotations

from typing import Final, Literal, get_args

Stage = Literal[
    "saved",
    "applied",
    "screening",
    "interviewing",
    "offer",
    "accepted",
    "declined",
    "rejected",
    "ghosted",
    "withdrawn",
]

STAGES: Final[tuple[str, ...]] = get_args(Stage)
"""Every stage, in the order the product lists them."""

FORWARD_PATH: Final[tuple[str, ...]] = ("saved", "applied", "screening", "interviewing", "offer")
"""The forward path; `accepted` and `declined` both come after `offer`."""

FORWARD_RANK: Final[dict[str, int]] = {
    "saved": 0,
    "applied": 1,
    "screening": 2,
    "interviewing": 3,
    "offer": 4,
    "accepted": 5,
    "declined": 5,
}
"""Position on the forward path; stages off the path have no rank."""

NO_STAGES: Final[frozenset[str]] = frozenset({"rejected", "ghosted"})
"""A "no"."""

YES_STAGES: Final[frozenset[str]] = frozenset({"offer", "accepted", "declined"})
"""A "yes": an offer counts, whatever the person then chose."""

CLOSED_STAGES: Final[frozenset[str]] = frozenset(
    {"accepted", "declined", "rejected", "ghosted", "withdrawn"}
)
"""Stages after which nothing more is expected."""

ACTIVE_STAGES: Final[frozenset[str]] = frozenset(STAGES) - CLOSED_STAGES
"""Stages still in motion (an open offer included)."""

ANSWER_STAGES: Final[frozenset[str]] = frozenset(
    {"screening", "interviewing", "offer", "accepted", "declined", "rejected"}
)
"""Events that mean the company answered (for the response rate)."""


def outcome_class(stage: str) -> Literal["no", "yes"] | None:
    """The outcome class of a stage: "no", "yes" or None."""
    if stage in NO_STAGES:
        return "no"
    if stage in YES_STAGES:
        return "yes"
    return None


def normalise_stage(text: str) -> str:
    """Return the stage named by `text` (any case, surrounding spaces ignored).

    Raises ValueError with a message that lists the valid stages.
    """
    name = text.strip().lower()
    if name in STAGES:
        return name
    raise ValueError(f"unknown stage {text!r}; use one of: {', '.join(STAGES)}")


def next_forward(stage: str) -> str | None:
    """The next stage on the forward path (`>` in the pipeline), or None at the end."""
    if stage in FORWARD_PATH[:-1]:
        return FORWARD_PATH[FORWARD_PATH.index(stage) + 1]
    if stage == "offer":
        return "accepted"
    return None


def previous_forward(stage: str) -> str | None:
    """The previous stage on the forward path (`<` in the pipeline), or None at the start."""
    if stage in FORWARD_PATH[1:]:
        return FORWARD_PATH[FORWARD_PATH.index(stage) - 1]
    if stage in ("accepted", "declined"):
        return "offer"
    return None


def furthest_stage(stages: list[str] | tuple[str, ...]) -> str | None:
    """The furthest forward-path stage among `stages` (a history), or None."""
    best: str | None = None
    for stage in stages:
        rank = FORWARD_RANK.get(stage)
        if rank is not None and (best is None or rank > FORWARD_RANK[best]):
            best = stage
    return best


VIEWS: tuple[str, ...] = ("all", "active", "offers", "closed")
"""The pipeline's views, in the order `f` cycles them."""
VIEW_STAGES: dict[str, frozenset[str]] = {
    "active": frozenset(ACTIVE_STAGES), "offers": frozenset(YES_STAGES),
    "closed": frozenset(CLOSED_STAGES)}
"""The stages each view but "all" shows."""
