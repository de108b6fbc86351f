"""The options that set an application's details (issue 14), shared by `add` and `edit`:
--pay, --deadline, --excitement, --tag, --posting, --follow-up; each value checked before
anything is written. No import of cli.py at load (both command modules import this)."""

from __future__ import annotations

from typing import Any

import click


def _now() -> Any:
    import pendulum

    return pendulum.now()


def _refuse(message: str) -> Exception:
    from .cli import CommandError

    return CommandError(message)


def detail_options(function: Any) -> Any:
    """--pay, --deadline, --excitement, --tag, --posting, --follow-up (for add and edit)."""
    for option in reversed((
        click.option("--pay", metavar="TEXT", help='As written, e.g. "$165k" or "£90k–120k".'),
        click.option("--deadline", metavar="DATE", help="The application deadline."),
        click.option("--excitement", type=click.IntRange(1, 5), help="1 to 5."),
        click.option("--tag", "tags", multiple=True, metavar="TAG", help="A tag (repeat)."),
        click.option("--posting", metavar="FILE|-",
                     help="The posting's text, from a file or - for standard input."),
        click.option("--follow-up", "follow_up", metavar="DATE|none",
                     help="When to follow up (e.g. next friday), or none."),
    )):
        function = option(function)
    return function


def read_details(pay: str | None, deadline: str | None, excitement: int | None,
                 tags: tuple[str, ...], posting: str | None, follow_up: str | None
                 ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The detail changes and application changes the options ask for, checked before
    anything is written."""
    from .domain.dates import DateInputError, local_zone
    from .domain.future_dates import future_day
    from .domain.pay import PayInputError, read_pay

    details: dict[str, Any] = {}
    changes: dict[str, Any] = {}
    if pay is not None:
        try:
            read_pay(pay)
        except PayInputError as exc:
            raise _refuse(str(exc)) from None
        details["pay"] = pay
    for option, text, target, name in (("--deadline", deadline, details, "deadline_on"),
                                       ("--follow-up", follow_up, changes, "follow_up_on")):
        if text is None:
            continue
        try:
            target[name] = (None if text.strip().lower() == "none" else
                            future_day(text, now=_now(), tz=local_zone()))
        except DateInputError as exc:
            raise _refuse(f"{option}: {exc}") from None
    if excitement is not None:
        details["excitement"] = excitement
    if tags:
        details["tags"] = list(tags)
    if posting is not None:
        details["posting"] = _read_posting(posting)
    return details, changes


def _read_posting(source: str) -> str:
    import sys
    from pathlib import Path

    from .store.planning import POSTING_LIMIT

    try:
        data = (sys.stdin.buffer.read(POSTING_LIMIT * 4 + 1) if source == "-"
                else Path(source).read_bytes())
    except OSError as exc:
        raise _refuse(f"--posting: cannot read {source}: {exc.strerror or exc}") from None
    if b"\x00" in data:
        raise _refuse(f"--posting: {source} is not text (it holds binary data)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(f"--posting: {source} is not UTF-8 text; save it as UTF-8") from None
    if len(text) > POSTING_LIMIT:
        raise _refuse(f"--posting: {source} is over 1 MB; keep the job's text only")
    return text


