"""The week in the interchange format (version 2, issue 14): people, and on each application
its details (pay as typed, posting, deadline, excitement, tags) and its interviews. Written by
`interchange.export_document`, read by `plan_json` (a version 1 file simply has none), written
back by `apply_plan` in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select

from .planning import MAX_MINUTES, POSTING_LIMIT
from .records import CONTACT_PARTS, INTERVIEW_KINDS

CONTACT_FIELDS = ("name", "title", "company", "email", "phone", "link", "notes")


# --- export ---------------------------------------------------------------------------------

def export_planning(session: Any) -> tuple[dict[int, dict[str, Any]], list[dict[str, Any]]]:
    """Per application id: {"details": …, "interviews": […]}; and the people."""
    from .planning_models import (
        ApplicationContact,
        ApplicationDetails,
        Contact,
        Interview,
        InterviewContact,
    )

    per_app: dict[int, dict[str, Any]] = {}
    for d in session.execute(select(ApplicationDetails.__table__)).all():
        per_app.setdefault(d.application_id, {})["details"] = {
            "pay": d.pay_text, "posting": d.posting, "deadline_on": _day(d.deadline_on),
            "excitement": d.excitement, "tags": list(d.tags or ()),
        }
    people: dict[int, list[int]] = {}
    for link in session.execute(select(InterviewContact.__table__)).all():
        people.setdefault(link.interview_id, []).append(link.contact_id)
    for i in session.execute(select(Interview.__table__).order_by(Interview.id)).all():
        per_app.setdefault(i.application_id, {}).setdefault("interviews", []).append({
            "id": i.id, "kind": i.kind, "starts_at": _iso(i.starts_at),
            "due_at": _iso(i.due_at), "minutes": i.minutes, "with": i.with_text,
            "where": i.place, "notes": i.notes, "how_it_went": i.how_it_went,
            "contact_ids": sorted(people.get(i.id, [])),
        })
    parts: dict[int, list[dict[str, Any]]] = {}
    for link in session.execute(
            select(ApplicationContact.__table__).order_by(ApplicationContact.id)).all():
        parts.setdefault(link.contact_id, []).append(
            {"application_id": link.application_id, "as": link.part})
    contacts = [{"id": c.id, **{name: getattr(c, name) for name in CONTACT_FIELDS},
                 "applications": parts.get(c.id, [])}
                for c in session.execute(select(Contact.__table__).order_by(Contact.id)).all()]
    return per_app, contacts


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _day(value: Any) -> str | None:
    return None if value is None else value.isoformat()


# --- reading ----------------------------------------------------------------------------------

def read_application_planning(app: Mapping[str, Any], path: str, h: Any) -> dict[str, Any]:
    """The details and interviews of one application in the file (checked); `h` is the
    interchange module (its readers and `_refuse`)."""
    out: dict[str, Any] = {"details": None, "interviews": []}
    details = app.get("details")
    if details is not None:
        where = h._step(path, "details")
        d = h._object(details, where)
        pay = h._text(d, "pay", where)
        from ..domain.pay import PayInputError, read_pay

        try:
            read_pay(pay)
        except PayInputError as exc:
            h._refuse(h._step(where, "pay"), str(exc))
        posting = h._text(d, "posting", where)
        if len(posting) > POSTING_LIMIT:
            h._refuse(h._step(where, "posting"), "over 1 MB; keep the job's text only")
        excitement = d.get("excitement")
        if excitement is not None and (isinstance(excitement, bool) or not isinstance(
                excitement, int) or not 1 <= excitement <= 5):
            h._refuse(h._step(where, "excitement"), f"must be 1 to 5 (or null), got "
                                                     f"{h._shown(excitement)}")
        tags = d.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            h._refuse(h._step(where, "tags"), f"expected a list of tags, got {h._shown(tags)}")
        for number, tag in enumerate(tags):
            h._unicode(tag, h._step(h._step(where, "tags"), number))
        out["details"] = {"pay": pay, "posting": posting,
                          "deadline_on": h._read_day(d.get("deadline_on"),
                                                     h._step(where, "deadline_on")),
                          "excitement": excitement, "tags": tags}
    for number, item in enumerate(h._array(app, "interviews", path)
                                  if "interviews" in app else []):
        where = h._step(h._step(path, "interviews"), number)
        i = h._object(item, where)
        kind = h._choice(i.get("kind"), INTERVIEW_KINDS, h._step(where, "kind"), "kind")
        starts = _any_instant(i.get("starts_at"), h._step(where, "starts_at"), h)
        due = _any_instant(i.get("due_at"), h._step(where, "due_at"), h)
        if (kind == "take-home") != (due is not None) or (starts is None) == (due is None):
            h._refuse(where, "a take-home has due_at and no starts_at; any other kind "
                             "starts_at and no due_at")
        minutes = i.get("minutes")
        if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int)
                                    or not 0 < minutes <= MAX_MINUTES):
            h._refuse(h._step(where, "minutes"), f"must be 1 to {MAX_MINUTES} (or null), "
                                                 f"got {h._shown(minutes)}")
        ids = i.get("contact_ids") or []
        if not isinstance(ids, list):
            h._refuse(h._step(where, "contact_ids"), f"expected a list of ids, got "
                                                     f"{h._shown(ids)}")
        out["interviews"].append({
            "kind": kind, "starts_at": starts, "due_at": due, "minutes": minutes,
            "with_text": h._text(i, "with", where), "place": h._text(i, "where", where),
            "notes": h._text(i, "notes", where),
            "how_it_went": h._text(i, "how_it_went", where), "contact_keys": ids,
            "path": where})
    return out


def _any_instant(value: Any, path: str, h: Any) -> datetime | None:
    """An ISO 8601 time with an offset, past or future (interviews are planned)."""
    if value is None or value == "":
        return None
    far = datetime(9000, 1, 1, tzinfo=UTC)
    return h._instant(value, path, far)


def read_contacts(doc: Mapping[str, Any], h: Any, app_ids: Mapping[Any, str]
                  ) -> list[dict[str, Any]]:
    """The people in the file, with their parts (links to applications in the file)."""
    people: list[dict[str, Any]] = []
    seen: dict[Any, str] = {}
    for number, item in enumerate(h._array(doc, "contacts", "$") if "contacts" in doc else []):
        path = f"contacts[{number}]"
        c = h._object(item, path)
        key = h._key(c, path)
        values = {name: h._text(c, name, path, required="give the person's name"
                                if name == "name" else "") for name in CONTACT_FIELDS}
        parts = []
        for index, link in enumerate(h._array(c, "applications", path)
                                     if "applications" in c else []):
            where = h._step(h._step(path, "applications"), index)
            part = h._object(link, where)
            parts.append((h._link(part, "application_id", where, app_ids, "application"),
                          h._choice(part.get("as", "other"), CONTACT_PARTS,
                                    h._step(where, "as"), "part")))
        h._unique(key, path, seen)
        people.append({"key": key, "values": values, "parts": parts})
    return people


def check_interview_people(plan: Any, h: Any) -> None:
    """Every interview's contact_ids name people in the file."""
    keys = {person["key"] for person in plan.contacts}
    for app in plan.applications:
        for interview in (app.get("planning") or {}).get("interviews", []):
            for number, key in enumerate(interview["contact_keys"]):
                if key not in keys:
                    h._refuse(h._step(h._step(interview["path"], "contact_ids"), number),
                              f"{h._shown(key)} is not in the file (no person has that id)")


# --- writing ----------------------------------------------------------------------------------

def insert_people(session: Any, plan: Any, now: Any) -> list[tuple[Any, int]]:
    """Insert a document's people (before its applications: interviews name them): each
    person's key and new id, in the plan's order."""
    from .planning_models import Contact

    people = []
    for person in plan.contacts:
        result = session.execute(insert(Contact.__table__).values(
            **person["values"], created_at=now, updated_at=now))
        people.append((person["key"], result.inserted_primary_key[0]))
    return people


def link_people(session: Any, plan: Any, people: list[tuple[Any, int]],
                app_ids: Mapping[Any, int]) -> None:
    """Each person's parts in the applications written (after them)."""
    from .planning_models import ApplicationContact

    for person, (_key, contact_id) in zip(plan.contacts, people, strict=True):
        for app_key, part in person["parts"]:
            if app_key in app_ids:
                session.execute(insert(ApplicationContact.__table__).values(
                    application_id=app_ids[app_key], contact_id=contact_id, part=part))


def insert_app_planning(session: Any, app: Mapping[str, Any], new_app: int,
                        contact_ids: Mapping[Any, int], now: Any) -> tuple[int, int]:
    """An application's details and interviews, and the person a spreadsheet's row names
    (`contact`); how many interviews and people were written."""
    from ..domain.pay import read_pay
    from .planning_models import (
        ApplicationContact,
        ApplicationDetails,
        Contact,
        Interview,
        InterviewContact,
    )

    planning = app.get("planning") or {"details": None, "interviews": []}
    details = planning["details"]
    if details is not None:
        pay = read_pay(details["pay"])
        session.execute(insert(ApplicationDetails.__table__).values(
            application_id=new_app, pay_text=pay.text, pay_min=pay.minimum,
            pay_max=pay.maximum, pay_currency=pay.currency, pay_period=pay.period,
            posting=details["posting"], deadline_on=details["deadline_on"],
            excitement=details["excitement"], tags=details["tags"]))
    for interview in planning["interviews"]:
        values = {k: v for k, v in interview.items() if k not in ("contact_keys", "path")}
        result = session.execute(insert(Interview.__table__).values(
            application_id=new_app, created_at=now, updated_at=now, **values))
        interview_id = result.inserted_primary_key[0]
        for key in dict.fromkeys(interview["contact_keys"]):
            session.execute(insert(InterviewContact.__table__).values(
                interview_id=interview_id, contact_id=contact_ids[key]))
    person = app.get("contact")
    if person is not None:
        result = session.execute(insert(Contact.__table__).values(
            **person, created_at=now, updated_at=now))
        session.execute(insert(ApplicationContact.__table__).values(
            application_id=new_app, contact_id=result.inserted_primary_key[0], part="other"))
    return len(planning["interviews"]), int(person is not None)
