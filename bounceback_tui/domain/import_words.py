"""The words other trackers use (issue 15): their column headers and their status words, read
as BounceBack's fields and stages. Pure: `store/csv_import.py` applies them to a file.

Where the words come from (each tracker's real export, with sources): docs/import-formats.md.

Rules that keep meaning intact:
- Headers and statuses are compared after dropping emoji, punctuation and case, and camelCase
  is split (`JobTitle` reads as `job title`): `✉️ Applied` is `applied`.
- Status words are looked up, never guessed: no close-spelling match, because a near word
  can mean the opposite (`Unsent` is not `sent`, `Offer rescinded` is not an offer). A word
  that negates (`not`, `no`, `un…`, `rescinded`, `never`…) never maps to a forward stage.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FIELDS: dict[str, tuple[str, ...]] = {
    "company": ("company", "company name", "employer", "organization", "organisation",
                "companyname", "business"),
    "role": ("role", "title", "job title", "position", "job", "job role", "position title",
             "job position", "jobtitle", "job name", "opportunity"),
    "stage": ("stage", "status", "list", "state", "application status", "list name",
              "listname", "current status", "job status"),
    "applied_on": ("applied on", "date applied", "application date", "applied date", "applied",
                   "date of application", "applied at", "submitted on", "date submitted"),
    "saved_on": ("date added", "date saved", "saved date", "saved on", "added on",
                 "created", "created at", "createdat", "date created", "bookmarked on"),
    "status_on": ("status date", "date of status", "last updated", "updated", "updated at",
                  "stage date", "date updated", "last status change", "last activity"),
    "furthest_stage": ("furthest stage",),
    "event_on": ("date",),
    "source": ("source", "job source", "found via", "found on", "where found", "channel",
               "jobsource", "job board", "platform", "referral source"),
    "location": ("location", "city", "place", "job location"),
    "url": ("url", "link", "job url", "job link", "posting url", "posting", "job posting",
            "job post url", "job post link", "application link", "listing url",
            "applicant portal"),
    "notes": ("notes", "note", "comments", "comment", "details", "description of notes"),
    "follow_up_on": ("follow up", "follow up date", "follow-up", "next action date",
                     "follow up on", "next follow up", "reminder date"),
    "pay": ("salary", "salary range", "pay", "compensation", "pay range", "salary expectation"),
    "deadline_on": ("deadline", "application deadline", "closing date", "apply by"),
    "excitement": ("excitement", "interest level", "interest", "rating"),
    "contact_name": ("contact", "contact person", "contact name", "recruiter",
                     "hiring manager"),
    "contact_email": ("contact email", "recruiter email", "email"),
    "contact_phone": ("contact phone number", "contact phone", "phone"),
    "id": ("id", "index", "row", "#"),
    "event_type": ("type", "action", "activity", "event"),
}
"""Each field and the headers that hold it (already normalised: `normal_header`)."""

DATE_FIELDS = ("applied_on", "saved_on", "status_on", "event_on", "follow_up_on",
               "deadline_on")
"""Fields whose cells are dates (a column of them is a date column only if its cells read
as dates: JobSync's `applied` holds Yes/No)."""

STAGE_WORDS: dict[str, str] = {
    # saved: not sent yet
    "wishlist": "saved", "wish list": "saved", "bookmarked": "saved", "bookmark": "saved",
    "interested": "saved", "to apply": "saved", "saved": "saved", "draft": "saved",
    "researching": "saved", "research": "saved", "applying": "saved", "new": "saved",
    "not applied yet": "saved", "not applied": "saved", "in progress": "saved",
    "planned": "saved", "considering": "saved", "want to apply": "saved", "idea": "saved",
    # applied
    "applied": "applied", "application sent": "applied", "submitted": "applied",
    "sent": "applied", "in review": "applied", "pending": "applied", "waiting": "applied",
    "acknowledged": "applied", "under review": "applied", "application submitted": "applied",
    "job application": "applied",
    # screening
    "screen": "screening", "screening": "screening", "phone screen": "screening",
    "recruiter call": "screening", "recruiter screen": "screening", "hr call": "screening",
    "hr screen": "screening", "phone interview": "screening", "online assessment": "screening",
    "oa": "screening", "assessment": "screening", "coding challenge": "screening",
    # interviewing
    "interview": "interviewing", "interviewing": "interviewing", "interviews": "interviewing",
    "onsite": "interviewing", "on site": "interviewing", "technical interview": "interviewing",
    "final round": "interviewing", "final interview": "interviewing", "take home":
    "interviewing", "interview scheduled": "interviewing", "interview completed":
    "interviewing", "on site interview": "interviewing", "second round": "interviewing",
    # offer
    "offer": "offer", "offered": "offer", "offer received": "offer", "negotiating": "offer",
    "negotiation": "offer",
    # accepted / declined
    "accepted": "accepted", "hired": "accepted", "offer accepted": "accepted",
    "declined": "declined", "offer declined": "declined", "turned down offer": "declined",
    "i declined": "declined",
    # rejected
    "rejected": "rejected", "rejection": "rejected", "not selected": "rejected",
    "declined by company": "rejected", "denied": "rejected", "unsuccessful": "rejected",
    "job rejected": "rejected", "offer rescinded": "rejected", "rescinded": "rejected",
    "position filled": "rejected", "not moving forward": "rejected",
    # ghosted
    "ghosted": "ghosted", "no response": "ghosted", "no reply": "ghosted",
    "no answer": "ghosted", "silence": "ghosted", "no feedback": "ghosted",
    "timeout": "ghosted", "timed out": "ghosted",
    # withdrawn (the person stepped away)
    "withdrawn": "withdrawn", "withdrew": "withdrawn", "withdraw": "withdrawn",
    "i withdrew": "withdrawn", "not interested": "withdrawn",
    "no longer interested": "withdrawn",
}
"""Every status word known, normalised (`normal_word`), and the stage it means."""

CLOSED_WORDS = frozenset({"archived", "expired", "closed", "job closed", "posting closed",
                          "position closed", "archive"})
"""Words that close an application without saying how: no outcome is invented for them (the
application keeps its stage and is marked withdrawn only if it was never sent)."""

KEEP_WORDS = frozenset({"job moved", "note created", "contact made", "activity created",
                        "note", "job created", "job added", "on hold", "paused"})
"""Activity-log types and statuses that change nothing (a note, a contact made, on hold)."""

NEGATIONS = re.compile(r"\b(not|no|never|un\w+|rescinded|cancel+ed|revoked|withdrawn|"
                       r"withdrew|declined)\b")
"""A status holding one of these never reads as a step forward (applied… accepted)."""

FORWARD = ("applied", "screening", "interviewing", "offer", "accepted")


@dataclass(frozen=True)
class StatusReading:
    """What a status word says: a stage; or `closed` (archived, expired: no outcome); or
    `keep` (no change, an activity log's note); `stage` None and both False: unknown."""

    stage: str | None = None
    closed: bool = False
    keep: bool = False


def normal_word(text: str) -> str:
    """Lower case, camelCase split, emoji and punctuation dropped, spaces collapsed:
    `✉️ Applied!` → `applied`, `JobTitle` → `job title`, `Heard back?` → `heard back`."""
    text = text.replace("\ufeff", "")
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # camelCase
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LN":
            kept.append(char.lower())
        elif char in "'’":
            continue  # "I'm" stays one word
        else:
            kept.append(" ")  # punctuation, symbols (emoji), marks, separators
    return " ".join("".join(kept).split())


def normal_header(text: str) -> str:
    """A header as `FIELDS` lists it."""
    return normal_word(text)


def field_of(header: str) -> str | None:
    """The field a header names, or None."""
    key = normal_header(header)
    for field, names in FIELDS.items():
        if key in names:
            return field
    return None


def read_status(word: str, extra: dict[str, str] | None = None) -> StatusReading:
    """What status `word` means. `extra` maps more words (normalised) to stages or to
    "closed" (the user's `--status WORD=STAGE`). An empty word says nothing (keep)."""
    key = normal_word(word)
    if not key:
        return StatusReading(keep=True)
    if extra and key in extra:
        target = extra[key]
        return StatusReading(closed=True) if target == "closed" else StatusReading(target)
    if key in STAGE_WORDS:
        return StatusReading(STAGE_WORDS[key])
    if key in CLOSED_WORDS:
        return StatusReading(closed=True)
    if key in KEEP_WORDS:
        return StatusReading(keep=True)
    if key.startswith("job ") and key[4:] in STAGE_WORDS:  # JOB_APPLICATION, JOB_REJECTED
        return StatusReading(STAGE_WORDS[key[4:]])
    from .stages import STAGES

    if key in STAGES:
        return StatusReading(key)
    return StatusReading()


def can_mean(word: str, stage: str) -> bool:
    """False when `word` negates and `stage` is a forward stage (a guard for user mappings
    and future vocabularies: `Not interested=saved` is refused)."""
    return not (stage in FORWARD and NEGATIONS.search(normal_word(word)))
