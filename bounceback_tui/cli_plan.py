"""The week's commands (issue 14): `interview`, `interviews`, `contact add`, `contacts`,
`agenda`. Registered on the `bounceback` group by `cli.py`; each imports what it needs when
it runs."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import click

from .cli import APPLICATION_ID, CommandError, _echo_data, _store, cli
from .cli_details import detail_options, read_details


def _now() -> Any:
    import pendulum

    return pendulum.now()


def _future(text: str, *, what: str) -> datetime:
    from .domain.dates import DateInputError, local_zone
    from .domain.future_dates import future_instant

    try:
        return future_instant(text, now=_now(), tz=local_zone())
    except DateInputError as exc:
        raise CommandError(f"{what}: {exc}") from None


def _show_when(moment: datetime) -> str:
    from .domain.dates import local_zone

    local = moment.astimezone(local_zone())
    return f"{local:%a %d %b %Y %H:%M}"


def _visible(text: str) -> str:
    from .domain.user_text import visible

    return visible(text)


@cli.command()
@click.argument("application_id", metavar="ID", type=APPLICATION_ID)
@click.argument("when", metavar="WHEN")
@click.option("--kind", default="other", show_default=True,
              help="phone screen, video, technical, take-home, onsite, panel, final or other.")
@click.option("--minutes", type=int, help="How long (1 to 720).")
@click.option("--with", "with_", multiple=True, metavar="NAME",
              help="Who it is with: a person's name from `bounceback contacts`, or any text.")
@click.option("--contact-id", "contact_ids", multiple=True, type=APPLICATION_ID,
              help="A person by id (when a name matches two people).")
@click.option("--where", "place", default="", help="An address or a meeting link.")
@click.option("--note", default="", help="Anything worth remembering.")
@click.pass_context
def interview(ctx: click.Context, application_id: int, when: str, kind: str,
              minutes: int | None, with_: tuple[str, ...], contact_ids: tuple[int, ...],
              place: str, note: str) -> None:
    """Schedule an interview for application ID at WHEN (e.g. "tomorrow 10:00",
    "next friday 3pm", "Dec 10 2pm"); for a take-home, WHEN is when it is due. Prints its id."""
    at = _future(when, what="WHEN")
    store = _store(ctx)
    people, free = list(contact_ids), []
    for name in with_:
        matches = store.list_contacts(name=name)
        exact = [c for c in matches if c.name.casefold() == name.strip().casefold()]
        found = exact or matches
        if len(found) > 1:
            choices = ", ".join(f"{c.id} ({_visible(c.name)})" for c in found)
            raise CommandError(f"--with {name!r} matches {len(found)} people: {choices}; "
                               "give --contact-id ID instead")
        if found:
            people.append(found[0].id)
        else:
            free.append(name)
    is_take_home = kind.strip().lower().replace("_", "-").replace(" ", "-") == "take-home"
    record = store.add_interview(
        application_id, kind=kind, starts_at=None if is_take_home else at,
        due_at=at if is_take_home else None, minutes=minutes, with_text=", ".join(free),
        place=place, notes=note, contact_ids=people)
    click.echo(record.id)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON array instead of lines.")
@click.option("--application", "application_id", type=APPLICATION_ID,
              help="Only this application's.")
@click.pass_context
def interviews(ctx: click.Context, as_json: bool, application_id: int | None) -> None:
    """List interviews (and take-homes by their due time), earliest first."""
    records = _store(ctx).list_interviews(application_id=application_id)
    if as_json:
        _echo_data(json.dumps([{
            "id": r.id, "application_id": r.application_id, "company": r.company,
            "role": r.role, "kind": r.kind,
            "starts_at": r.starts_at.isoformat() if r.starts_at else None,
            "due_at": r.due_at.isoformat() if r.due_at else None,
            "minutes": r.minutes, "with": [*r.contacts, *([r.with_text] if r.with_text else [])],
            "where": r.place, "notes": r.notes, "how_it_went": r.how_it_went,
        } for r in records], ensure_ascii=False, indent=1) + "\n")
        return
    if not records:
        click.echo("Schedule an interview with: bounceback interview ID WHEN")
        return
    for r in records:
        length = f" · {r.minutes} min" if r.minutes else ""
        due = "due " if r.kind == "take-home" else ""
        click.echo(f"{r.id:>4}  {due}{_show_when(r.when)}  {_visible(r.company)} — "
                   f"{_visible(r.role)} · {r.kind}{length}")


@cli.group(invoke_without_command=True)
@click.pass_context
def contact(ctx: click.Context) -> None:
    """People of the hunt: `contact add NAME …`."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@contact.command(name="add")
@click.argument("name")
@click.option("--company", default="")
@click.option("--title", default="")
@click.option("--email", default="")
@click.option("--phone", default="")
@click.option("--link", default="", help="A profile link.")
@click.option("--note", default="")
@click.option("--application", "application_id", type=APPLICATION_ID,
              help="The application they are part of.")
@click.option("--as", "part", default="other", show_default=True,
              help="recruiter, hiring manager, referrer, interviewer or other.")
@click.pass_context
def contact_add(ctx: click.Context, name: str, company: str, title: str, email: str,
                phone: str, link: str, note: str, application_id: int | None,
                part: str) -> None:
    """Add a person; prints their id."""
    if not name.strip():
        raise CommandError("the person's name is empty; give their name")
    record = _store(ctx).add_contact(name, company=company, title=title, email=email,
                                     phone=phone, link=link, notes=note,
                                     application_id=application_id, part=part)
    click.echo(record.id)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON array instead of lines.")
@click.pass_context
def contacts(ctx: click.Context, as_json: bool) -> None:
    """List the people of the hunt."""
    records = _store(ctx).list_contacts()
    if as_json:
        _echo_data(json.dumps([{
            "id": c.id, "name": c.name, "title": c.title, "company": c.company,
            "email": c.email, "phone": c.phone, "link": c.link, "notes": c.notes,
            "applications": [{"application_id": a, "as": part} for a, part in c.parts],
        } for c in records], ensure_ascii=False, indent=1) + "\n")
        return
    if not records:
        click.echo("Add someone you are in touch with: bounceback contact add NAME")
        return
    for c in records:
        about = " · ".join(_visible(x) for x in (c.title, c.company) if x)
        click.echo(f"{c.id:>4}  {_visible(c.name)}" + (f"  {about}" if about else ""))


@cli.command()
@click.option("--days", type=click.IntRange(1, 366), default=14, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="A JSON array instead of lines.")
@click.option("--line", "as_line", is_flag=True,
              help="One short line for a status bar (empty when nothing is near).")
@click.pass_context
def agenda(ctx: click.Context, days: int, as_json: bool, as_line: bool) -> None:
    """What is coming up: interviews, take-homes, follow-ups, deadlines, actions due."""
    from .domain.dates import local_zone

    zone = local_zone()
    now = _now().in_timezone(zone)
    items = _store(ctx).agenda(now=now, tz=zone, days=2 if as_line else days)
    if as_line:
        _echo_data(agenda_line(items, now) + "\n" if items else "")
        return
    if as_json:
        _echo_data(json.dumps([{
            "kind": i.kind, "at": i.at.astimezone(zone).isoformat() if i.at else None,
            "day": i.day.isoformat(), "application_id": i.application_id,
            "company": i.company, "role": i.role, "title": i.title,
        } for i in items], ensure_ascii=False, indent=1) + "\n")
        return
    if not items:
        click.echo(f"Nothing planned in the next {days} days.")
        return
    day = None
    for item in items:
        if item.day != day:
            day = item.day
            label = "Today" if day == now.date() else (
                "Tomorrow" if (day - now.date()).days == 1 else f"{day:%a %-d %b}")
            click.echo(label)
        at = f"{item.at.astimezone(zone):%H:%M}" if item.at else "     "
        who = (f"{_visible(item.company)} — {_visible(item.role)} · " if item.company else "")
        click.echo(f"  {at}  {who}{_visible(item.title)}")


def agenda_line(items: list[Any], now: datetime) -> str:
    """"Acme technical in 2h · 2 follow-ups today" (the quick path's line, one wording)."""
    from .quick_agenda import agenda_line as line

    return line([(i.day, i.at, i.kind, i.application_id, i.company, i.role, i.title)
                 for i in items], now)


# --- an application's details: `edit` ---------------------------------------------------------


@cli.command()
@click.argument("application_id", metavar="ID", type=APPLICATION_ID)
@click.option("--company")
@click.option("--role")
@click.option("--source")
@click.option("--location")
@click.option("--url")
@click.option("--notes")
@detail_options
@click.pass_context
def edit(ctx: click.Context, application_id: int, company: str | None, role: str | None,
         source: str | None, location: str | None, url: str | None, notes: str | None,
         pay: str | None, deadline: str | None, excitement: int | None,
         tags: tuple[str, ...], posting: str | None, follow_up: str | None) -> None:
    """Change application ID: its fields, pay, deadline, excitement, tags, posting or
    follow-up day. `bounceback undo` takes back the fields and the details (pay, deadline,
    excitement, tags, posting) as one step each."""
    details, changes = read_details(pay, deadline, excitement, tags, posting, follow_up)
    changes.update({name: value for name, value in (
        ("company", company), ("role", role), ("source", source), ("location", location),
        ("url", url), ("notes", notes)) if value is not None})
    if not details and not changes:
        raise CommandError("nothing to change; give an option such as --pay or --notes "
                           "(see bounceback edit --help)")
    store = _store(ctx)
    store.get_application(application_id)  # an unknown id: nothing is written
    if changes:
        store.edit_application(application_id, **changes)
    if details:
        store.set_details(application_id, **details)
    click.echo(f"Edited {application_id}.")
