"""Planning the week (issue 14): interviews, people, an application's pay and details, and
the agenda of what is coming up. A part of `Store` (it inherits `PlanningStore`); each write
is one transaction and one step `undo` can take back."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from .errors import InvalidInput, NotFound
from .records import CONTACT_PARTS, INTERVIEW_KINDS
from .values import aware, check_text, from_jsonable, jsonable, label, utc_now

if TYPE_CHECKING:
    from sqlmodel import Session

MAX_MINUTES = 12 * 60
POSTING_LIMIT = 1_000_000
"""The longest posting kept, in characters (a pasted page is far shorter)."""
DETAIL_FIELDS = ("pay", "posting", "deadline_on", "excitement", "tags")
INTERVIEW_FIELDS = ("kind", "starts_at", "due_at", "minutes", "with_text", "place", "notes",
                    "how_it_went")
CONTACT_FIELDS = ("name", "title", "company", "email", "phone", "link", "notes")


@dataclass(frozen=True)
class InterviewRecord:
    id: int
    application_id: int
    company: str
    role: str
    kind: str
    starts_at: datetime | None
    due_at: datetime | None
    minutes: int | None
    with_text: str
    place: str
    notes: str
    how_it_went: str
    contacts: tuple[str, ...] = ()

    @property
    def when(self) -> datetime:
        """The instant that places it: the start, or a take-home's due instant."""
        moment = self.starts_at or self.due_at
        assert moment is not None
        return moment


@dataclass(frozen=True)
class ContactRecord:
    id: int
    name: str
    title: str
    company: str
    email: str
    phone: str
    link: str
    notes: str
    parts: tuple[tuple[int, str], ...] = ()
    """(application id, part) for each application the person belongs to."""


@dataclass(frozen=True)
class DetailsRecord:
    application_id: int
    pay_text: str = ""
    pay_min: int | None = None
    pay_max: int | None = None
    pay_currency: str = ""
    pay_period: str = ""
    posting: str = ""
    deadline_on: date | None = None
    excitement: int | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApplicationPlan:
    """What the detail screen shows beside the history (issue 14)."""

    details: DetailsRecord
    interviews: tuple[InterviewRecord, ...]
    contacts: tuple[ContactRecord, ...]


@dataclass(frozen=True)
class AgendaItem:
    """One thing coming up: an interview or take-home (at an instant), or a follow-up,
    deadline or growth action due (on a day)."""

    kind: str
    """interview, take_home, follow_up, deadline or action."""
    day: date
    at: datetime | None
    application_id: int | None
    company: str
    role: str
    title: str


class PlanningStore:
    """The planning half of `Store` (which provides `_write`, `_read`, `_log`)."""

    if TYPE_CHECKING:
        def _write(self) -> AbstractContextManager[Session]: ...
        def _read(self) -> AbstractContextManager[Session]: ...
        @staticmethod
        def _log(session: Session, action: str, summary: str,
                 payload: dict[str, Any]) -> None: ...

    # --- interviews -------------------------------------------------------------------------

    def add_interview(self, application_id: int, *, kind: str = "other",
                      starts_at: datetime | None = None, due_at: datetime | None = None,
                      minutes: int | None = None, with_text: str = "", place: str = "",
                      notes: str = "", contact_ids: Iterable[int] = ()) -> InterviewRecord:
        """Schedule (or record) an interview. A take-home needs `due_at`, any other kind
        `starts_at`; a past instant is allowed (an interview already held)."""
        from .planning_models import Interview, InterviewContact

        kind = _interview_kind(kind)
        if kind == "take-home":
            if due_at is None:
                raise InvalidInput("a take-home needs its due time (--due or WHEN)")
            due_at, starts_at = aware(due_at, "due"), None
        else:
            if starts_at is None:
                raise InvalidInput("an interview needs its start time")
            starts_at = aware(starts_at, "when")
        _check_minutes(minutes)
        check_text({"with": with_text, "where": place, "notes": notes})
        now = utc_now()
        with self._write() as session:
            application = _application(session, application_id)
            contacts = [_contact(session, cid) for cid in dict.fromkeys(contact_ids)]
            row = Interview(application_id=application_id, kind=kind, starts_at=starts_at,
                            due_at=due_at, minutes=minutes, with_text=with_text, place=place,
                            notes=notes, how_it_went="", created_at=now, updated_at=now)
            session.add(row)
            session.flush()
            for contact in contacts:
                session.add(InterviewContact(interview_id=row.id, contact_id=contact.id))
            self._log(session, "add_interview",
                      f"scheduled a {kind} with {label(application.company, application.role)}",
                      {"interview_id": row.id, "application_id": application_id})
            session.flush()
            return _interview_record(session, row)

    def list_interviews(self, *, application_id: int | None = None,
                        since: datetime | None = None,
                        until: datetime | None = None) -> list[InterviewRecord]:
        """Interviews (take-homes by their due time) in time order, optionally of one
        application or within [since, until). Three queries however many there are."""
        from sqlalchemy import func, select

        from .models import Application
        from .planning_models import Contact, Interview, InterviewContact

        when = func.coalesce(Interview.starts_at, Interview.due_at)
        query = select(Interview, Application.company, Application.role).join(
            Application, Application.id == Interview.application_id)
        if application_id is not None:
            query = query.where(Interview.application_id == application_id)
        if since is not None:
            query = query.where(when >= since)
        if until is not None:
            query = query.where(when < until)
        with self._read() as session:
            rows = session.execute(query.order_by(when, Interview.id)).all()
            names: dict[int, list[str]] = {}
            ids = [row[0].id for row in rows]
            for start in range(0, len(ids), 500):  # SQLite's limit on parameters
                for interview_id, name in session.execute(
                        select(InterviewContact.interview_id, Contact.name)
                        .join(Contact, Contact.id == InterviewContact.contact_id)
                        .where(InterviewContact.interview_id.in_(ids[start:start + 500]))
                        .order_by(Contact.name)).all():
                    names.setdefault(interview_id, []).append(name)
            return [_make_interview(row[0], row[1], row[2], tuple(names.get(row[0].id, ())))
                    for row in rows]

    def record_how_it_went(self, interview_id: int, note: str) -> InterviewRecord:
        """The short note on how an interview went (empty to clear it)."""
        from .planning_models import Interview

        check_text({"note": note})
        with self._write() as session:
            row = session.get(Interview, interview_id) if _valid_id(interview_id) else None
            if row is None:
                raise NotFound(f"no interview with id {interview_id}; "
                               "`bounceback interviews` shows ids")
            before = row.how_it_went
            row.how_it_went, row.updated_at = note, utc_now()
            self._log(session, "edit_interview", "noted how an interview went",
                      {"interview_id": interview_id, "before": {"how_it_went": before}})
            session.flush()
            return _interview_record(session, row)

    def edit_interview(self, interview_id: int, **changes: Any) -> InterviewRecord:
        """Change some of an interview's kind, starts_at, due_at, minutes, with_text, place,
        notes, how_it_went (undo puts the old values back)."""
        unknown = set(changes) - set(INTERVIEW_FIELDS)
        if unknown:
            raise InvalidInput(f"cannot change {', '.join(sorted(unknown))} of an interview")
        if "kind" in changes:
            changes["kind"] = _interview_kind(changes["kind"])
        for name in ("starts_at", "due_at"):
            if changes.get(name) is not None:
                changes[name] = aware(changes[name], "when")
        if "minutes" in changes:
            _check_minutes(changes["minutes"])
        check_text({k: v for k, v in changes.items() if isinstance(v, str)})
        with self._write() as session:
            row = _interview(session, interview_id)
            kind = changes.get("kind", row.kind)
            starts = changes.get("starts_at", row.starts_at)
            due = changes.get("due_at", row.due_at)
            if kind == "take-home":
                changes["due_at"], changes["starts_at"] = due or starts, None
                if changes["due_at"] is None:
                    raise InvalidInput("a take-home needs its due time")
            else:
                changes["starts_at"], changes["due_at"] = starts or due, None
                if changes["starts_at"] is None:
                    raise InvalidInput("an interview needs its start time")
            before = jsonable({name: getattr(row, name) for name in changes})
            for name, value in changes.items():
                setattr(row, name, value)
            row.updated_at = utc_now()
            application = _application(session, row.application_id)
            self._log(session, "edit_interview",
                      f"changed a {kind} with {label(application.company, application.role)}",
                      {"interview_id": interview_id, "before": before})
            session.flush()
            return _interview_record(session, row)

    def delete_interview(self, interview_id: int) -> InterviewRecord:
        """Remove an interview (undo brings it back, with its people)."""
        from sqlalchemy import delete, select

        from .planning_models import Interview, InterviewContact

        with self._write() as session:
            row = _interview(session, interview_id)
            record = _interview_record(session, row)
            rows = {
                "interviews": [jsonable(dict(r._mapping)) for r in session.execute(
                    select(Interview.__table__).where(Interview.id == interview_id)).all()],
                "interview_contacts": [jsonable(dict(r._mapping)) for r in session.execute(
                    select(InterviewContact.__table__).where(
                        InterviewContact.interview_id == interview_id)).all()],
            }
            session.execute(delete(InterviewContact).where(
                InterviewContact.interview_id == interview_id))
            session.execute(delete(Interview).where(Interview.id == interview_id))
            self._log(session, "delete_interview",
                      f"removed a {record.kind} with {label(record.company, record.role)}",
                      {"rows": rows})
            return record

    # --- people -----------------------------------------------------------------------------

    def add_contact(self, name: str, *, title: str = "", company: str = "", email: str = "",
                    phone: str = "", link: str = "", notes: str = "",
                    application_id: int | None = None, part: str = "other") -> ContactRecord:
        """A new person, linked to an application with their part when one is given."""
        from .planning_models import ApplicationContact, Contact

        if not name.strip():
            raise InvalidInput("the person's name is empty; give their name")
        values = {"name": name, "title": title, "company": company, "email": email,
                  "phone": phone, "link": link, "notes": notes}
        check_text(values)
        part = _contact_part(part)
        now = utc_now()
        with self._write() as session:
            if application_id is not None:
                _application(session, application_id)
            row = Contact(**values, created_at=now, updated_at=now)
            session.add(row)
            session.flush()
            if application_id is not None:
                session.add(ApplicationContact(application_id=application_id,
                                               contact_id=row.id, part=part))
            self._log(session, "add_contact", f"added {name}", {"contact_id": row.id})
            session.flush()
            return _contact_record(session, row)

    def link_contact(self, contact_id: int, application_id: int, part: str = "other"
                     ) -> ContactRecord:
        """Give a person a part in an application (again is a no-op)."""
        from sqlalchemy import select

        from .planning_models import ApplicationContact

        part = _contact_part(part)
        with self._write() as session:
            contact = _contact(session, contact_id)
            _application(session, application_id)
            exists = session.execute(select(ApplicationContact.id).where(
                ApplicationContact.application_id == application_id,
                ApplicationContact.contact_id == contact_id,
                ApplicationContact.part == part)).first()
            if exists is None:
                link = ApplicationContact(application_id=application_id,
                                          contact_id=contact_id, part=part)
                session.add(link)
                session.flush()
                self._log(session, "link_contact", f"linked {contact.name}",
                          {"link_id": link.id})
            return _contact_record(session, contact)

    def edit_contact(self, contact_id: int, **changes: Any) -> ContactRecord:
        """Change some of a person's name, title, company, email, phone, link, notes."""
        unknown = set(changes) - set(CONTACT_FIELDS)
        if unknown:
            raise InvalidInput(f"cannot change {', '.join(sorted(unknown))} of a person")
        if "name" in changes and not str(changes["name"]).strip():
            raise InvalidInput("the person's name is empty; give their name")
        check_text(changes)
        with self._write() as session:
            row = _contact(session, contact_id)
            before = {name: getattr(row, name) for name in changes}
            for name, value in changes.items():
                setattr(row, name, value)
            row.updated_at = utc_now()
            self._log(session, "edit_contact", f"edited {row.name}",
                      {"contact_id": contact_id, "before": before})
            session.flush()
            return _contact_record(session, row)

    def unlink_contact(self, contact_id: int, application_id: int) -> ContactRecord:
        """Take a person off an application (every part they had in it); the person stays."""
        from sqlalchemy import delete, select

        from .planning_models import ApplicationContact

        with self._write() as session:
            contact = _contact(session, contact_id)
            application = _application(session, application_id)
            pair = (ApplicationContact.application_id == application_id,
                    ApplicationContact.contact_id == contact_id)
            rows = [jsonable(dict(r._mapping)) for r in session.execute(
                select(ApplicationContact.__table__).where(*pair)).all()]
            if not rows:
                raise NotFound(f"{contact.name} has no part in "
                               f"{label(application.company, application.role)}")
            session.execute(delete(ApplicationContact).where(*pair))
            self._log(session, "unlink_contact",
                      f"took {contact.name} off {label(application.company, application.role)}",
                      {"rows": {"application_contacts": rows}})
            session.flush()
            return _contact_record(session, contact)

    def list_contacts(self, *, name: str | None = None,
                      application_id: int | None = None) -> list[ContactRecord]:
        """People by name; `name` matches case-insensitively (as a part of the name)."""
        from sqlalchemy import select

        from .planning_models import ApplicationContact, Contact

        query = select(Contact).order_by(Contact.name, Contact.id)
        if name is not None:
            query = query.where(Contact.name.icontains(name.strip(), autoescape=True))
        if application_id is not None:
            query = query.where(Contact.id.in_(select(ApplicationContact.contact_id).where(
                ApplicationContact.application_id == application_id)))
        with self._read() as session:
            return [_contact_record(session, row)
                    for row in session.execute(query).scalars().all()]

    def application_plan(self, application_id: int) -> ApplicationPlan:
        """An application's details, interviews and people, for its detail screen."""
        return ApplicationPlan(self.application_details(application_id),
                               tuple(self.list_interviews(application_id=application_id)),
                               tuple(self.list_contacts(application_id=application_id)))

    # --- an application's details -------------------------------------------------------

    def application_details(self, application_id: int) -> DetailsRecord:
        from .planning_models import ApplicationDetails

        with self._read() as session:
            _application(session, application_id)
            row = session.get(ApplicationDetails, application_id)
            return _details_record(application_id, row)

    def set_details(self, application_id: int, **changes: Any) -> DetailsRecord:
        """Change some of pay (the text as typed), posting, deadline_on, excitement, tags."""
        from ..domain.pay import PayInputError, read_pay
        from .planning_models import ApplicationDetails

        unknown = set(changes) - set(DETAIL_FIELDS)
        if unknown:
            raise InvalidInput(f"cannot set {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        if "pay" in changes:
            try:
                pay = read_pay(changes["pay"] or "")
            except PayInputError as exc:
                raise InvalidInput(str(exc)) from None
            values.update(pay_text=pay.text, pay_min=pay.minimum, pay_max=pay.maximum,
                          pay_currency=pay.currency, pay_period=pay.period)
        if "posting" in changes:
            posting = changes["posting"] or ""
            if len(posting) > POSTING_LIMIT:
                raise InvalidInput("the posting is over 1 MB; keep the job's text only")
            values["posting"] = posting
        if "deadline_on" in changes:
            values["deadline_on"] = changes["deadline_on"]
        if "excitement" in changes:
            excitement = changes["excitement"]
            if excitement is not None and (isinstance(excitement, bool)
                                           or excitement not in range(1, 6)):
                raise InvalidInput("excitement is 1 to 5 (or none)")
            values["excitement"] = excitement
        if "tags" in changes:
            tags = [" ".join(str(t).split()) for t in changes["tags"]]
            values["tags"] = list(dict.fromkeys(t for t in tags if t))
        check_text({k: v for k, v in values.items() if isinstance(v, str)})
        check_text({f"tag {n}": t for n, t in enumerate(values.get("tags", []))})
        with self._write() as session:
            application = _application(session, application_id)
            row = session.get(ApplicationDetails, application_id)
            before = _details_record(application_id, row)
            if row is None:
                row = ApplicationDetails(application_id=application_id)
                session.add(row)
            for name, value in values.items():
                setattr(row, name, value)
            application.updated_at = utc_now()
            self._log(session, "set_details",
                      f"edited the details of {label(application.company, application.role)}",
                      {"application_id": application_id,
                       "before": _jsonable_details(before)})
            session.flush()
            return _details_record(application_id, row)

    def follow_ups(self) -> list[Any]:
        """(id, company, role, follow_up_on) of every active application with a follow-up
        day (the calendar's all-day items)."""
        from sqlalchemy import select

        from ..domain.stages import ACTIVE_STAGES
        from .models import Application

        with self._read() as session:
            return list(session.execute(
                select(Application.id, Application.company, Application.role,
                       Application.follow_up_on)
                .where(Application.follow_up_on.is_not(None),
                       Application.stage.in_(sorted(ACTIVE_STAGES)))
                .order_by(Application.follow_up_on, Application.id)).all())

    def follow_ups_on(self, day: date) -> list[Any]:
        """(id, company, role) of the active applications to follow up on `day`."""
        from sqlalchemy import select

        from ..domain.stages import ACTIVE_STAGES
        from .models import Application

        with self._read() as session:
            return list(session.execute(
                select(Application.id, Application.company, Application.role)
                .where(Application.follow_up_on == day,
                       Application.stage.in_(sorted(ACTIVE_STAGES)))
                .order_by(Application.id)).all())

    def deadlines(self) -> list[tuple[int, str, str, date]]:
        """(application id, company, role, deadline) of open applications with a deadline."""
        from sqlalchemy import select

        from ..domain.stages import ACTIVE_STAGES
        from .models import Application
        from .planning_models import ApplicationDetails

        with self._read() as session:
            return [tuple(row) for row in session.execute(  # type: ignore[misc]
                select(Application.id, Application.company, Application.role,
                       ApplicationDetails.deadline_on)
                .join(ApplicationDetails, ApplicationDetails.application_id == Application.id)
                .where(ApplicationDetails.deadline_on.is_not(None),
                       Application.stage.in_([*sorted(ACTIVE_STAGES), "saved"]))
                .order_by(ApplicationDetails.deadline_on, Application.id)).all()]

    def interview_figures(self) -> dict[str, Any]:
        """Interviews per offer and how far each kind leads (PRODUCT.md: an offer is a yes;
        "reached" is the application's furthest stage): {"interviews": n, "offers": m,
        "per_offer": n / m or None, "by_kind": {kind: {"interviews", "offers"}}}. Plain SQL:
        `stats` pays for no more models than before."""
        from ..domain.stages import YES_STAGES
        from .queries.agenda import interview_rows

        with self._read() as session:
            rows, offers = interview_rows(session.connection().connection.driver_connection,
                                          sorted(YES_STAGES))
        total = sum(count for _, count, _ in rows)
        order = {kind: n for n, kind in enumerate(INTERVIEW_KINDS)}
        return {
            "interviews": total, "offers": offers,
            "per_offer": round(total / offers, 1) if offers and total else None,
            "by_kind": {kind: {"interviews": count, "offers": int(led or 0)}
                        for kind, count, led in sorted(rows, key=lambda r: order.get(r[0], 99))},
        }

    # --- what is coming up ----------------------------------------------------------------

    def agenda(self, *, now: datetime, tz: tzinfo, days: int = 14) -> list[AgendaItem]:
        """What is coming up from today (local, in `tz`) for `days` days, today first:
        interviews and take-homes due from now on (and earlier today), follow-ups due (those
        overdue count as today's), deadlines of open applications, growth actions due."""
        from sqlalchemy import select

        from ..domain.stages import ACTIVE_STAGES
        from .journal_models import GrowthAction
        from .models import Application
        from .planning_models import ApplicationDetails

        today = now.astimezone(tz).date()
        end_day = today + timedelta(days=days)
        start = _local_midnight(today, tz)
        end = _local_midnight(end_day, tz)
        items = [
            AgendaItem("take_home" if record.kind == "take-home" else "interview",
                       record.when.astimezone(tz).date(), record.when, record.application_id,
                       record.company, record.role, _interview_title(record))
            for record in self.list_interviews(since=start, until=end)
        ]
        active = sorted(ACTIVE_STAGES)
        with self._read() as session:
            for row in session.execute(
                    select(Application.id, Application.company, Application.role,
                           Application.follow_up_on)
                    .where(Application.follow_up_on.is_not(None),
                           Application.follow_up_on < end_day,
                           Application.stage.in_(active))).all():
                day = max(row.follow_up_on, today)
                title = "follow up" + (" (overdue)" if row.follow_up_on < today else "")
                items.append(AgendaItem("follow_up", day, None, row.id, row.company, row.role,
                                        title))
            for row in session.execute(
                    select(Application.id, Application.company, Application.role,
                           ApplicationDetails.deadline_on)
                    .join(ApplicationDetails,
                          ApplicationDetails.application_id == Application.id)
                    .where(ApplicationDetails.deadline_on >= today,
                           ApplicationDetails.deadline_on < end_day,
                           Application.stage.in_([*active, "saved"]))).all():
                items.append(AgendaItem("deadline", row.deadline_on, None, row.id,
                                        row.company, row.role, "application deadline"))
            for action in session.execute(
                    select(GrowthAction).where(GrowthAction.done_at.is_(None),
                                               GrowthAction.due_on.is_not(None),
                                               GrowthAction.due_on < end_day)).scalars():
                day = max(action.due_on, today)
                items.append(AgendaItem("action", day, None, None, "", "",
                                        f"growth action: {action.text}"))
        order = {"interview": 0, "take_home": 1, "deadline": 2, "follow_up": 3, "action": 4}
        return sorted(items, key=lambda i: (i.day, i.at is None, i.at or now, order[i.kind],
                                            i.company.casefold(), i.application_id or 0))


def _interview_title(record: InterviewRecord) -> str:
    if record.kind == "take-home":
        return "take-home due"
    people = ", ".join([*record.contacts, *([record.with_text] if record.with_text else [])])
    return record.kind + (f" with {people}" if people else "")


def _local_midnight(day: date, tz: tzinfo) -> datetime:
    import pendulum

    return pendulum.datetime(day.year, day.month, day.day, tz=tz)


def _valid_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def _application(session: Session, application_id: int) -> Any:
    from .models import Application

    row = session.get(Application, application_id) if _valid_id(application_id) else None
    if row is None:
        raise NotFound(f"no application with id {application_id}; `bounceback list` shows ids")
    return row


def _interview(session: Session, interview_id: int) -> Any:
    from .planning_models import Interview

    row = session.get(Interview, interview_id) if _valid_id(interview_id) else None
    if row is None:
        raise NotFound(f"no interview with id {interview_id}; "
                       "`bounceback interviews` shows ids")
    return row


def _contact(session: Session, contact_id: int) -> Any:
    from .planning_models import Contact

    row = session.get(Contact, contact_id) if _valid_id(contact_id) else None
    if row is None:
        raise NotFound(f"no person with id {contact_id}; `bounceback contacts` shows ids")
    return row


def _interview_kind(kind: str) -> str:
    word = " ".join(kind.strip().lower().replace("_", " ").replace("-", " ").split())
    for name in INTERVIEW_KINDS:
        if word == name.replace("-", " ") or (word == "phone" and name == "phone screen"):
            return name
    raise InvalidInput(f"unknown interview kind {kind!r}; use one of "
                       f"{', '.join(INTERVIEW_KINDS)}")


def _contact_part(part: str) -> str:
    word = " ".join(part.strip().lower().replace("_", " ").replace("-", " ").split())
    if word in CONTACT_PARTS:
        return word
    raise InvalidInput(f"unknown part {part!r}; use one of {', '.join(CONTACT_PARTS)}")


def _check_minutes(minutes: int | None) -> None:
    if minutes is None:
        return
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not (
            0 < minutes <= MAX_MINUTES):
        raise InvalidInput(f"the length must be 1 to {MAX_MINUTES} minutes (12 hours)")


def _interview_record(session: Session, row: Any) -> InterviewRecord:
    from sqlalchemy import select

    from .planning_models import Contact, InterviewContact

    application = _application(session, row.application_id)
    names = tuple(session.execute(
        select(Contact.name).join(InterviewContact, InterviewContact.contact_id == Contact.id)
        .where(InterviewContact.interview_id == row.id).order_by(Contact.name)).scalars())
    return _make_interview(row, application.company, application.role, names)


def _make_interview(row: Any, company: str, role: str, names: tuple[str, ...]
                    ) -> InterviewRecord:
    return InterviewRecord(row.id, row.application_id, company, role, row.kind, row.starts_at,
                           row.due_at, row.minutes, row.with_text, row.place, row.notes,
                           row.how_it_went, names)


def _contact_record(session: Session, row: Any) -> ContactRecord:
    from sqlalchemy import select

    from .planning_models import ApplicationContact

    parts = tuple((link.application_id, link.part) for link in session.execute(
        select(ApplicationContact).where(ApplicationContact.contact_id == row.id)
        .order_by(ApplicationContact.id)).scalars())
    return ContactRecord(row.id, row.name, row.title, row.company, row.email, row.phone,
                         row.link, row.notes, parts)


def _details_record(application_id: int, row: Any) -> DetailsRecord:
    if row is None:
        return DetailsRecord(application_id)
    return DetailsRecord(application_id, row.pay_text, row.pay_min, row.pay_max,
                         row.pay_currency, row.pay_period, row.posting, row.deadline_on,
                         row.excitement, tuple(row.tags or ()))


def _jsonable_details(record: DetailsRecord) -> dict[str, Any]:
    return {"pay_text": record.pay_text, "pay_min": record.pay_min, "pay_max": record.pay_max,
            "pay_currency": record.pay_currency, "pay_period": record.pay_period,
            "posting": record.posting,
            "deadline_on": record.deadline_on.isoformat() if record.deadline_on else None,
            "excitement": record.excitement, "tags": list(record.tags)}


def undo_planning(session: Session, action: str, payload: dict[str, Any]) -> bool:
    """Take back a planning change inside `Store.undo`'s transaction; False if `action` is
    not one of them."""
    from sqlalchemy import delete, update

    from .planning_models import ApplicationContact, ApplicationDetails, Contact, Interview

    if action == "add_interview":
        session.execute(delete(Interview).where(Interview.id == payload["interview_id"]))
    elif action == "edit_interview":
        session.execute(update(Interview).where(Interview.id == payload["interview_id"])
                        .values(from_jsonable(Interview, payload["before"])))
    elif action in ("delete_interview", "unlink_contact"):
        restore_planning(session, payload["rows"])
    elif action == "edit_contact":
        session.execute(update(Contact).where(Contact.id == payload["contact_id"])
                        .values(payload["before"]))
    elif action == "add_contact":
        session.execute(delete(Contact).where(Contact.id == payload["contact_id"]))
    elif action == "link_contact":
        session.execute(delete(ApplicationContact)
                        .where(ApplicationContact.id == payload["link_id"]))
    elif action == "set_details":
        before = dict(payload["before"])
        if before["deadline_on"]:
            before["deadline_on"] = date.fromisoformat(before["deadline_on"])
        session.execute(delete(ApplicationDetails).where(
            ApplicationDetails.application_id == payload["application_id"]))
        session.add(ApplicationDetails(application_id=payload["application_id"], **before))
    else:
        return False
    return True


PLANNING_TABLES = ("application_details", "application_contacts", "interviews",
                   "interview_contacts")
"""The week's rows that belong to an application, parents first (how undo puts them back)."""


def planning_rows(session: Session, application_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every planning row of an application, ready for the undo log (a delete takes them
    with it; undo brings them back)."""
    from sqlalchemy import select

    from .planning_models import (
        ApplicationContact,
        ApplicationDetails,
        Interview,
        InterviewContact,
    )

    interviews = select(Interview.id).where(Interview.application_id == application_id)
    queries = {
        "application_details": select(ApplicationDetails.__table__).where(
            ApplicationDetails.application_id == application_id),
        "application_contacts": select(ApplicationContact.__table__).where(
            ApplicationContact.application_id == application_id),
        "interviews": select(Interview.__table__).where(
            Interview.application_id == application_id),
        "interview_contacts": select(InterviewContact.__table__).where(
            InterviewContact.interview_id.in_(interviews)),
    }
    return {table: [jsonable(dict(row._mapping)) for row in session.execute(query).all()]
            for table, query in queries.items()}


def restore_planning(session: Session, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Put back what `planning_rows` kept (people deleted meanwhile stay deleted, with
    their parts)."""
    from sqlalchemy import insert, select

    from .planning_models import (
        ApplicationContact,
        ApplicationDetails,
        Contact,
        Interview,
        InterviewContact,
    )

    models = {"application_details": ApplicationDetails,
              "application_contacts": ApplicationContact, "interviews": Interview,
              "interview_contacts": InterviewContact}
    people = set(session.execute(select(Contact.id)).scalars())
    for table in PLANNING_TABLES:
        values = [from_jsonable(models[table], row) for row in rows.get(table, [])]
        values = [v for v in values if "contact_id" not in v or v["contact_id"] in people]
        if values:
            session.execute(insert(models[table].__table__), values)
