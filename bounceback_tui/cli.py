"""The `bounceback` commands: parse → open the store → run a command (or the dashboard).

Nothing here imports Textual; commands import what they need when they run. Opening the
dashboard with no command skips this module altogether (see `__main__.py`).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from .cli_details import detail_options
from .domain.stages import STAGES

if TYPE_CHECKING:
    from .store import Store

PROG = "bounceback"


class CommandError(Exception):
    """A one-line message for the person at the terminal; exit status 1."""


def _say_error(message: str) -> None:
    from .domain.user_text import visible

    click.echo(f"{PROG}: {visible(message)}", err=True)


class BounceBackGroup(click.Group):
    """Runs a command and turns every failure into one clear line and exit status 1."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             **extra: Any) -> NoReturn:
        from .domain.dates import DateInputError
        from .store.errors import StoreError

        try:
            result = super().main(args=args, prog_name=prog_name or PROG,
                                  standalone_mode=False, **extra)
            sys.exit(result if isinstance(result, int) else 0)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else "")
            sys.exit(0)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else PROG
            message = " ".join(exc.format_message().split()).rstrip(".")
            _say_error(f"{message[:1].lower()}{message[1:]} (see `{where} --help`)")
        except click.Abort:
            _say_error("stopped; nothing was changed")
            sys.exit(130)
        except (CommandError, StoreError, DateInputError) as exc:
            _say_error(str(exc))
        except click.ClickException as exc:
            _say_error(exc.format_message())
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)
        except UnicodeEncodeError:  # e.g. argv bytes that are not UTF-8 (surrogate escapes)
            _say_error("some text is not valid UTF-8 and cannot be used; check the terminal's "
                       "encoding (LANG) and try again")
        except KeyboardInterrupt:
            _say_error("interrupted; nothing was changed")
            sys.exit(130)
        except Exception as exc:  # a bug: one line, no traceback with your data in it
            _say_error(f"unexpected error ({type(exc).__name__}); nothing was changed. "
                       "Please report it with the command you ran")
        sys.exit(1)


APPLICATION_ID = click.IntRange(1, 2**63 - 1)
"""An application id as SQLite can hold it (larger numbers would crash the query)."""


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _echo_data(text: str) -> None:
    """Machine output (JSON, CSV, Markdown, a path a script reads): exact when piped or
    redirected; on a terminal, control characters in user text are shown as visible symbols
    and cannot drive it."""
    if _stdout_is_terminal():
        from .domain.user_text import visible

        text = visible(text, keep_newlines=True)
    click.echo(text, nl=False, color=True)  # color=True: click would strip escapes from data


def _say(message: str, *, err: bool = False) -> None:
    """A line for a person that holds text from the user or a file (a path, a column name):
    control characters always show as symbols, so the line stays one line and harmless
    wherever it goes (a terminal, or a log someone `cat`s later)."""
    from .domain.user_text import visible

    click.echo(visible(message), err=err)


def _store(ctx: click.Context) -> Store:
    """Open the database chosen by --db, $BOUNCEBACK_DB or the user data folder."""
    from .paths import resolve_db_path
    from .store import Store

    root = ctx.find_root()
    if "store" not in root.meta:
        path = resolve_db_path(root.params.get("db_path"))
        store = Store.open(path)
        root.meta["store"] = store
        root.call_on_close(store.close)
        root.call_on_close(lambda: _keep_calendar(store, path))  # runs first: last in
    return root.meta["store"]


def _keep_calendar(store: Store, path: Any) -> None:
    """After a command that changed something: the calendar file beside the database, when
    the `calendar_file` setting asks for one. Cannot be written: a warning, the change
    stands."""
    if not store.writes:
        return
    from .settings import load_settings

    if not load_settings().calendar_file:
        return
    from .exports import keep_calendar
    from .store.errors import StoreError

    try:
        keep_calendar(store, path)
    except StoreError as exc:
        _say(f"warning: {exc}", err=True)


def _when(text: str | None, *, what: str) -> Any:
    if text is None:
        return None
    from .domain.dates import DateInputError, parse_when

    try:
        return parse_when(text)
    except DateInputError as exc:
        raise CommandError(f"{what}: {exc}") from None


@click.group(cls=BounceBackGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", metavar="PATH",
              help="Database file (default: $BOUNCEBACK_DB, else the user data folder).")
@click.version_option(__version__, "--version", prog_name=PROG)
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """BounceBack: track your job hunt, reflect on each "no", see yourself bounce back.

    With no command, opens the dashboard.
    """
    if ctx.invoked_subcommand is None:
        from .paths import resolve_db_path

        _run_dashboard(resolve_db_path(db_path))


def _run_dashboard(path: Path, settings_file: Path | None = None) -> None:
    """Open the dashboard on `path`; a refusal or a crash ends in one line and status 1."""
    from .launch import DashboardError, run_dashboard

    try:
        run_dashboard(path, settings_file=settings_file)
    except DashboardError as exc:
        raise CommandError(str(exc)) from None


@cli.command()
@click.option("--keep", is_flag=True, help="Keep the demo database and print where it is.")
@click.option("--applications", "count", type=click.IntRange(1, 100_000), default=300,
              show_default=True, help="How many made-up applications.")
def demo(keep: bool, count: int) -> None:
    """Open the dashboard on a made-up hunt in a temporary folder (never your own data, and
    never your own settings: it starts with a copy of them, and what it changes stays in
    the copy)."""
    import shutil
    import tempfile

    from .demo.generate import generate_hunt
    from .settings import config_path
    from .store import Store

    folder = Path(tempfile.mkdtemp(prefix="bounceback-demo-"))
    path, settings = folder / "demo.db", folder / "config.toml"
    try:
        if config_path().is_file():
            shutil.copyfile(config_path(), settings)
        with Store.open(path) as store:
            generate_hunt(store, applications=count, seed=2026)
        _run_dashboard(path, settings)
    finally:
        if keep:
            _say(f"The demo database is at {path}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


WEB_EXTRA = ("textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2")
"""What `pip install 'bounceback-tui[web]'` brings for `serve`."""


def _port(ctx: click.Context, param: click.Parameter, value: int) -> int:
    if 0 < value < 1024:
        raise click.BadParameter("use 0 (any free port) or a port from 1024 to 65535",
                                 ctx=ctx, param=param)
    return value


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              callback=_port, help="Port on 127.0.0.1; 0 picks a free one.")
@click.option("--sessions", type=click.IntRange(min=1), default=1, show_default=True,
              help="How many browser tabs may each run a dashboard at once.")
@click.pass_context
def serve(ctx: click.Context, port: int, sessions: int) -> None:
    """Serve the dashboard in a web browser, on this machine only, to whoever has the
    printed address (it holds a new secret token each time)."""
    try:
        from .web.server import DashboardServer, dashboard_command, listen_on_loopback
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in WEB_EXTRA:
            raise
        raise CommandError("serving in a browser needs the web extra: "
                           "pip install 'bounceback-tui[web]'") from None
    from .paths import resolve_db_path

    path = resolve_db_path(ctx.find_root().params.get("db_path"))
    try:
        sock = listen_on_loopback(port)
    except OSError as exc:
        import errno

        if exc.errno == errno.EADDRINUSE:
            raise CommandError(f"port {port} is already in use; choose another with --port, "
                               "or --port 0 for any free one") from None
        raise CommandError(f"cannot listen on 127.0.0.1:{port} "
                           f"({exc.strerror or type(exc).__name__})") from None
    server = DashboardServer(dashboard_command(path), sock=sock, sessions=sessions)
    click.echo(f"BounceBack at {server.url}  (this machine only; ctrl+c stops it)", err=True)
    server.serve()


@cli.command()
@click.argument("company")
@click.argument("role")
@click.option("--applied-on", metavar="DATE", help="today (default), yesterday, N days ago, YYYY-MM-DD.")
@click.option("--stage", type=click.Choice(STAGES, case_sensitive=False), default="applied",
              show_default=True, help="Where it stands now.")
@click.option("--source", default="", help="Where you found it (referral, LinkedIn, …).")
@click.option("--location", default="", help="City, or Remote.")
@click.option("--url", default="", help="Link to the posting.")
@click.option("--notes", default="", help="Anything worth remembering.")
@detail_options
@click.pass_context
def add(ctx: click.Context, company: str, role: str, applied_on: str | None, stage: str,
        source: str, location: str, url: str, notes: str, **detail_options: Any) -> None:
    """Add an application; prints its id."""
    from .cli_details import read_details

    if not company.strip():  # checked before the store opens: bad input creates no file
        raise CommandError("company is empty; give the company's name")
    if not role.strip():
        raise CommandError("role is empty; give the job title")
    at = _when(applied_on, what="--applied-on")
    details, changes = read_details(**detail_options)
    store = _store(ctx)
    record = store.add_application(
        company, role, applied_at=at, stage=stage, source=source, location=location,
        url=url, notes=notes)
    if changes:
        store.edit_application(record.id, **changes)
    if details:
        store.set_details(record.id, **details)
    click.echo(record.id)


@cli.command()
@click.argument("application_id", metavar="ID", type=APPLICATION_ID)
@click.argument("stage", metavar="STAGE", type=click.Choice(STAGES, case_sensitive=False))
@click.option("--on", "on", metavar="DATE", help="When it happened (default: now).")
@click.option("--note", default="", help="A short note (who called, what they said).")
@click.pass_context
def move(ctx: click.Context, application_id: int, stage: str, on: str | None, note: str) -> None:
    """Record that application ID reached STAGE."""
    from .domain.user_text import visible

    store = _store(ctx)
    before = store.get_application(application_id).application
    event = store.move(application_id, stage, at=_when(on, what="--on"), note=note)
    day = event.at.astimezone().date().isoformat()
    click.echo(f"{visible(before.company)} — {visible(before.role)}: "
               f"{before.stage} → {event.stage} ({day})")
    if event.stage in ("rejected", "ghosted"):
        click.echo("That one stings. When you are ready, `bounceback` opens a short reflection.")


@cli.command(name="list")
@click.option("--stage", type=click.Choice(STAGES, case_sensitive=False), help="Only this stage.")
@click.option("--search", metavar="TEXT", help="Company, role, source, location or notes contain TEXT.")
@click.option("--json", "as_json", is_flag=True, help="A JSON array instead of a table.")
@click.pass_context
def list_(ctx: click.Context, stage: str | None, search: str | None, as_json: bool) -> None:
    """List applications: active first, most recent activity on top."""
    from .domain.dates import local_zone

    records = _store(ctx).list_applications(stage=stage, search=search)
    zone = local_zone()
    if as_json:
        rows = [
            {
                "id": r.id, "company": r.company, "role": r.role, "stage": r.stage,
                "applied_on": (r.applied_at.astimezone(zone).date().isoformat()
                               if r.applied_at else None),
                "last_event_at": r.last_activity_at.isoformat(),
            }
            for r in records
        ]
        _echo_data(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    if not records:
        click.echo("No applications match." if stage or search else
                   "Add your first application with: bounceback add COMPANY ROLE")
        return
    _print_table(records, zone)


def _terminal_width() -> int:
    """Columns of the terminal the person is looking at, even when stdout is piped
    (`bounceback list | head`); 100 when there is no terminal at all."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            continue
    return 100


def _print_table(records: Sequence[Any], zone: Any) -> None:
    from .domain.user_text import cell_width, fit, visible

    width = _terminal_width()
    ids = [str(r.id) for r in records]
    id_w = max(2, max(map(len, ids)))
    fixed = id_w + 12 + 10 + 10 + 5 * 2  # id, stage, applied, last activity, five gaps
    company_w = max(8, min(28, max(cell_width(visible(r.company)) for r in records)))
    role_w = max(8, min(36, max(cell_width(visible(r.role)) for r in records)))
    available = max(16, width - fixed)
    while company_w + role_w > available and max(company_w, role_w) > 8:
        if company_w >= role_w:
            company_w -= 1
        else:
            role_w -= 1
    header = (f"{'ID':>{id_w}}  {fit('COMPANY', company_w)}  {fit('ROLE', role_w)}  "
              f"{fit('STAGE', 12)}  {fit('APPLIED', 10)}  LAST")
    click.echo(header.rstrip())
    for r, rid in zip(records, ids, strict=True):
        applied = r.applied_at.astimezone(zone).date().isoformat() if r.applied_at else "—"
        last = r.last_activity_at.astimezone(zone).date().isoformat()
        click.echo(f"{rid:>{id_w}}  {fit(visible(r.company), company_w)}  "
                   f"{fit(visible(r.role), role_w)}  {fit(r.stage, 12)}  {fit(applied, 10)}  {last}")


@cli.command()
@click.argument("application_id", metavar="ID", type=APPLICATION_ID)
@click.pass_context
def show(ctx: click.Context, application_id: int) -> None:
    """Show one application with its full history."""
    from .domain.user_text import visible

    detail = _store(ctx).get_application(application_id)
    app = detail.application
    click.echo(f"{visible(app.company)} — {visible(app.role)}  (id {app.id}, {app.stage})")
    for label, value in (("Source", app.source), ("Location", app.location), ("Link", app.url)):
        if value:
            click.echo(f"  {label}: {visible(value)}")
    if detail.furthest_stage and detail.furthest_stage != app.stage:
        click.echo(f"  Furthest stage reached: {detail.furthest_stage}")
    click.echo("  History:")
    for event in detail.events:
        note = f" — {visible(event.note)}" if event.note else ""
        at = event.at.astimezone().strftime('%Y-%m-%d %H:%M') if event.dated else "date unknown"
        click.echo(f"    {at:<16}  {event.stage}{note}")
    if app.notes:
        click.echo("  Notes:")
        # Only line feeds, CRLF and CR break lines (as in the dashboard): splitlines() would
        # also break at NEL, VT, FF, U+2028… and drop them unseen instead of showing them.
        notes = app.notes.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n")
        for line in notes.split("\n"):
            click.echo(f"    {visible(line)}")


@cli.command()
@click.argument("application_id", metavar="ID", type=APPLICATION_ID)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def delete(ctx: click.Context, application_id: int, yes: bool) -> None:
    """Delete an application and its history, for good (nothing keeps a copy)."""
    from .domain.user_text import visible

    store = _store(ctx)
    app = store.get_application(application_id).application
    label = f"{visible(app.company)} — {visible(app.role)}"
    if not yes:
        if not sys.stdin.isatty():
            raise CommandError("not deleting without confirmation; add --yes")
        click.confirm(f"Delete {label} and its history for good?", abort=True)
    store.delete_application(application_id)
    click.echo(f"Deleted {label} and its history.")
    from .cli_sync import after_delete

    shared = after_delete(store)
    if shared:
        click.echo(shared)


@cli.command()
@click.pass_context
def undo(ctx: click.Context) -> None:
    """Take back the last change to an application (add, edit, move; a delete only from
    the dashboard that made it, while it is open)."""
    from .domain.user_text import visible

    result = _store(ctx).undo()
    click.echo(f"Undid: {visible(result.summary)}" if result else "Nothing to undo.")


@cli.command()
@click.argument("dest", required=False, type=click.Path(path_type=Path))
@click.pass_context
def backup(ctx: click.Context, dest: Path | None) -> None:
    """Copy the database safely (verified, 0600); prints the copy's path."""
    _echo_data(f"{_store(ctx).backup(dest)}\n")  # exact for scripts, symbols on a terminal


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--applications", "count", type=click.IntRange(1, 1_000_000), default=300,
              show_default=True, help="How many applications.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same data.")
def generate(path: Path, count: int, seed: int) -> None:
    """Write a realistic synthetic job hunt to a new database at PATH (for demos, benchmarks)."""
    from .demo.generate import generate_hunt
    from .store import Store

    if path.exists() and path.stat().st_size > 0:
        raise CommandError(f"{path} already exists; generate writes a new database")
    with Store.open(path) as store:
        report = generate_hunt(store, applications=count, seed=seed)
    _say(f"Generated {report.applications} applications in {path}")


@cli.command()
@click.option("--keys", "all_keys", is_flag=True,
              help="Every binding id with the keys it answers to (for [keys] overrides).")
@click.option("--themes", is_flag=True, help="The theme names `theme` may hold.")
def config(all_keys: bool, themes: bool) -> int:
    """Show the settings file's path, the values in force and any problems in it
    (exit status 1 if it has some)."""
    from .keymap import keys_in_force
    from .settings import THEMES, config_path, load_settings, shown

    if themes:
        click.echo("\n".join(THEMES))
        return 0
    path = config_path()
    settings = load_settings(path)
    if all_keys:
        width = max(map(len, keys_in_force({})))
        for binding_id, keys in keys_in_force(settings.keys).items():
            own = "" if binding_id not in settings.keys else "   (yours)"
            click.echo(f"{binding_id:<{width}}  {keys}{own}")
    else:
        _say(f"Settings file: {path}")
        if not path.exists():
            click.echo("(not there yet: these are the defaults; the dashboard creates it "
                       "when you change the theme or gentle mode)")
        click.echo()
        reminders = settings.reminders
        for key, value in (("theme", settings.theme), ("gentle", settings.gentle),
                           ("quiet_days", settings.quiet_days),
                           ("ghost_days", settings.ghost_days),
                           ("reminders.enabled", reminders.enabled),
                           ("reminders.minutes_before", list(reminders.minutes_before)),
                           ("calendar_file", settings.calendar_file)):
            click.echo(f"{key} = {shown(value)}")
        if not settings.keys:
            click.echo("keys: every key is its own (`bounceback config --keys` lists them)")
        for binding_id, keys in settings.keys.items():
            click.echo(f"keys.{shown(binding_id)} = {shown(keys)}")
    for problem in settings.problems:
        _say(f"{PROG}: {problem}", err=True)
    return 1 if settings.problems else 0


from . import cli_import, cli_plan, cli_report, cli_sync  # noqa: F401  (register their commands)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Console-script entry point."""
    cli.main(args=list(argv) if argv is not None else None, prog_name=PROG)
