"""`bounceback import` (issue 15): a BounceBack JSON export, or the hunt in a CSV, an .xlsx
workbook or the .zip LinkedIn and Notion hand out. Registered on the `bounceback` group by
`cli.py`; each step imports what it needs when it runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from .cli import PROG, CommandError, _say, _store, cli


@cli.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True,
              help="Show how the file would be read (columns, statuses, problems); write "
                   "nothing.")
@click.option("--dates", "date_order", type=click.Choice(["dmy", "mdy"]),
              help="How to read CSV dates like 03/04/2024 when a whole column could be read "
                   "both ways (day first or month first).")
@click.option("--status", "statuses", multiple=True, metavar="WORD=STAGE",
              help="Read a status word of the file as a stage (or closed); repeat.")
@click.option("--sheet", metavar="NAME", help="The sheet of an .xlsx workbook to read "
                                             "(default: the first).")
@click.pass_context
def import_(ctx: click.Context, file: Path, dry_run: bool, date_order: str | None,
            statuses: tuple[str, ...], sheet: str | None) -> None:
    """Import a BounceBack .json export, or the hunt in a .csv or .xlsx from a spreadsheet or
    another tracker (LinkedIn, Huntr, Teal, Simplify, JobSync, Notion), or in the .zip that
    LinkedIn or Notion hands out: all or nothing, after a backup. Rows already in the hunt are
    skipped; `bounceback undo` takes the whole import back."""
    from .store.interchange import apply_plan, plan_json

    suffix = file.suffix.lower()
    if suffix not in (".json", ".csv", ".xlsx", ".zip"):
        raise CommandError(f"{file}: import reads .json (a BounceBack export), .csv, .xlsx or "
                           ".zip files")
    mapped = _status_options(statuses)
    if suffix == ".json":
        text, _note = _read_text(file)
        plan = plan_json(text)
    else:
        plan = _plan_tables(file, date_order, mapped, sheet)
    with _reporting(file.name):  # before the file is opened: nothing written if refused
        plan.check(counts=dry_run)  # a large CSV is read here, keeping nothing
    if dry_run:
        _show_dry_run(plan)
        click.echo(f"Would import {plan.summary()}. Nothing was written.")
        return
    store = _store(ctx)
    store.backup_before_a_big_change()  # a copy to go back to
    with _reporting(file.name):  # the file changed since: all or nothing still
        result = apply_plan(store, plan, source=file.name)
    for note in plan.notes:  # column names and status words come from the file
        _say(f"note: {note}", err=True)
    if not result.written:
        click.echo(f"Nothing new in {file.name}: its {result.skipped} applications are "
                   "already in your hunt.")
        return
    skipped = (f"; {result.skipped} already in your hunt, skipped" if result.skipped else "")
    click.echo(f"Imported {result.summary}{skipped}. `bounceback undo` takes it back.")


def _plan_tables(file: Path, date_order: str | None, mapped: dict[str, str],
                 sheet: str | None) -> Any:
    """One plan from the tables of a .csv, .xlsx or .zip file."""
    from .store.csv_import import merge_plans
    from .store.import_files import read_tables
    from .store.interchange import plan_csv

    tables = read_tables(file, sheet=sheet)
    plans = []
    for table in tables:
        with _reporting(table.name):  # one table (a CSV file): its rows read when written
            plan = plan_csv(table.source, date_order=date_order, statuses=mapped,
                            source=table.name, lazy=len(tables) == 1)
        if table.note:
            plan.notes.insert(0, f"{table.name}: {table.note}" if len(tables) > 1
                              else table.note)
        plans.append(plan)
    return merge_plans(plans)


def _status_options(statuses: tuple[str, ...]) -> dict[str, str]:
    """`--status WORD=STAGE` options as {normalised word: stage or "closed"}."""
    from .domain.import_words import can_mean, normal_word
    from .domain.stages import STAGES

    mapped: dict[str, str] = {}
    for option in statuses:
        word, sep, stage = option.rpartition("=")
        stage = stage.strip().lower()
        if not sep or not word.strip():
            raise CommandError(f"--status {option!r}: write WORD=STAGE, e.g. "
                               "--status 'Heard back?=screening'")
        if stage not in (*STAGES, "closed"):
            raise CommandError(f"--status {option!r}: {stage!r} is not a stage; use one of "
                               f"{', '.join(STAGES)} or closed")
        if not can_mean(word, stage):
            raise CommandError(f"--status {option!r}: {word.strip()!r} says no, so it cannot "
                               f"mean {stage}")
        mapped[normal_word(word)] = stage
    return mapped


def _read_text(file: Path) -> tuple[str, str]:
    """The file's text and, when it was not UTF-8, a note saying how it was read."""
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{file}: no such file") from None
    except OSError as exc:
        raise CommandError(f"{file}: {exc.strerror}") from None
    if b"\x00" in data[:4096]:
        raise CommandError(f"{file}: not a text file (an .xlsx or .zip? save the sheet as CSV "
                           "UTF-8 and try again)")
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    try:  # Excel on Windows saves "CSV" in Windows-1252
        return data.decode("cp1252"), "read as Windows-1252 (cp1252): the file is not UTF-8"
    except UnicodeDecodeError:
        raise CommandError(f"{file}: not UTF-8 text; save it as UTF-8 (CSV UTF-8 in a "
                           "spreadsheet) and try again") from None


@contextmanager
def _reporting(name: str) -> Iterator[None]:
    """Every problem a CSV's reading finds on a line of its own (exit status 1)."""
    from .store.csv_import import CsvImportError

    try:
        yield
    except CsvImportError as exc:
        if len(exc.problems) == 1:
            raise CommandError(f"{exc.problems[0]}; nothing was imported") from None
        for problem in exc.problems:  # every problem at once, one line each
            _say(f"{PROG}: {problem}", err=True)
        _say(f"{PROG}: nothing was imported ({len(exc.problems)} problems in {name})",
             err=True)
        raise SystemExit(1) from None


def _show_dry_run(plan: Any) -> None:
    """How the file was read: each column and the field it fills, with two samples; each
    status word and what it means."""
    from .domain.user_text import fit

    if plan.columns:
        rows = [(use.header, use.field.replace("_", " ") if use.field not in ("kept", "")
                 else ("kept in notes" if use.field == "kept" else "empty"),
                 " · ".join(use.samples)) for use in plan.columns]
        width = min(max(len(r[0]) for r in rows), 28)
        click.echo("Columns")
        for header, target, samples in rows:
            _say(f"  {fit(header, width):<{width}}  → {target:<15} {fit(samples, 60)}".rstrip())
    if plan.statuses:
        click.echo("Statuses")
        for word, meaning, count in plan.statuses:
            _say(f"  '{word}' → {meaning} ({count} row{'s' if count > 1 else ''})")
    for note in plan.notes:
        _say(f"note: {note}")
