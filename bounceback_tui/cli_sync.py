"""`bounceback sync`: one hunt on several machines, through a folder the person owns
(issue 17). Registered on the `bounceback` group by `cli.py`; the sync engine is imported
when a command runs."""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from .cli import CommandError, _echo_data, _say, _store, cli


def _engine() -> Any:
    from .store.sync import engine

    return engine


def _ago(stamp: str | None) -> str:
    if not stamp:
        return "never"
    try:
        seconds = (datetime.now(UTC) - datetime.fromisoformat(stamp)).total_seconds()
    except ValueError:
        return stamp
    if seconds < 90:
        return f"{max(0, int(seconds))} s ago"
    if seconds < 90 * 60:
        return f"{int(seconds // 60)} min ago"
    if seconds < 36 * 3600:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} days ago"


def after_delete(store: Any) -> str | None:
    """A delete on a hunt that syncs goes out at once: until an exchange, this machine's copy
    of the shared state (and its files in the folder) still hold what was deleted. What to
    say about it; None when the hunt does not sync."""
    if not store.sync_glance()[0]:
        return None
    from .store.sync import SyncError, exchange

    try:
        exchange(store)
    except SyncError as error:
        return (f"The other machines get the delete at the next `bounceback sync` (now: "
                f"{error}); until then this machine's sync state still holds it, sealed.")
    return "It is gone from the shared folder and this machine's sync state too."


def _report(result: Any, *, quiet_when_idle: bool = False) -> None:
    for line in result.refused:
        _say(f"refused: {line}", err=True)
    if quiet_when_idle and not (result.sent or result.received or result.refused):
        return
    parts = []
    if result.sent:
        parts.append(f"sent {result.sent} change{'s' if result.sent != 1 else ''}")
    if result.received:
        parts.append(f"applied {result.received} file{'s' if result.received != 1 else ''} "
                     f"from other machines ({result.changed} row"
                     f"{'s' if result.changed != 1 else ''} changed)")
    _say("Synced: " + (", ".join(parts) if parts else "nothing new on either side") + ".")
    if result.forgotten:
        _say("What was deleted is gone from this machine's files in the shared folder too; "
             "copies a sync service keeps in its history are encrypted.")
    if result.conflicts:
        _say(f"{result.conflicts} reflection{'s were' if result.conflicts != 1 else ' was'} "
             "edited on two machines; both versions are kept (`bounceback sync status`).")


@cli.group(invoke_without_command=True)
@click.option("--watch", is_flag=True, help="Keep exchanging until interrupted (ctrl+c).")
@click.option("--every", type=click.FloatRange(1, 3600), default=5.0, show_default=True,
              help="With --watch: seconds between looks at the folder and the database.")
@click.pass_context
def sync(ctx: click.Context, watch: bool, every: float) -> None:
    """One hunt on several machines, through a folder you own (Syncthing, Dropbox, a USB
    stick): end-to-end encrypted, no account, no server. Without a subcommand: one
    exchange."""
    if ctx.invoked_subcommand is not None:
        return
    store = _store(ctx)
    engine = _engine()
    if not watch:
        _report(engine.exchange(store))
        return
    _say(f"Syncing every {every:g} s; ctrl+c stops.")
    try:
        while True:
            _report(engine.exchange(store), quiet_when_idle=True)
            time.sleep(every)
    except KeyboardInterrupt:
        _say("Stopped.")


@sync.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", help="What the other machines call this one (default: its hostname).")
@click.pass_context
def init(ctx: click.Context, folder: Path, name: str | None) -> None:
    """Make a shared space in FOLDER holding this hunt, and print its recovery phrase."""
    store = _store(ctx)
    phrase = _engine().init(store, folder, name=name)
    words = phrase.split()
    lines = [" ".join(f"{i + 1:>2}. {word:<10}" for i, word in enumerate(words[row:row + 6],
                                                                       start=row)).rstrip()
             for row in range(0, len(words), 6)]
    _say(f"Shared space made in {folder.expanduser().resolve()}.")
    _say("")
    _say("The recovery phrase of this hunt (shown once; write it down, keep it private):")
    _say("")
    for line in lines:
        click.echo("  " + line)
    _say("")
    _say("On the next machine: bounceback sync join FOLDER (it asks for these 24 words).")
    _say("Without the phrase the shared folder cannot be read, by anyone, on any machine.")


@sync.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--phrase-file", type=click.Path(path_type=Path, dir_okay=False),
              help="Read the recovery phrase from this file (default: standard input).")
@click.option("--name", help="What the other machines call this one (default: its hostname).")
@click.pass_context
def join(ctx: click.Context, folder: Path, phrase_file: Path | None, name: str | None) -> None:
    """Take part in the shared space in FOLDER (made by `sync init` on another machine)."""
    if phrase_file is not None:
        try:
            phrase = phrase_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {phrase_file}: {error}") from None
    elif sys.stdin.isatty():
        phrase = click.prompt("Recovery phrase (24 words)", hide_input=True)
    else:
        phrase = sys.stdin.read()
    store = _store(ctx)
    result = _engine().join(store, folder, phrase, name=name)
    _say(f"Joined the shared space in {folder.expanduser().resolve()}.")
    _report(result)


@sync.command(name="status")
@click.option("--json", "as_json", is_flag=True, help="A JSON object instead of lines.")
@click.pass_context
def status_(ctx: click.Context, as_json: bool) -> None:
    """This machine, the others seen, the last exchange and what waits to be sent."""
    state = _engine().status(_store(ctx))
    if as_json:
        _echo_data(json.dumps({
            "enabled": state.enabled, "folder": state.folder,
            "machine": {"id": state.machine, "name": state.name},
            "others": [{"id": key, "name": value} for key, value in state.others.items()],
            "last_exchange": state.last_exchange, "pending": state.pending,
            "conflicts": state.conflicts, "problem": state.last_error,
        }, ensure_ascii=False, indent=1) + "\n")
        return
    if not state.enabled:
        _say("This hunt does not sync. `bounceback sync init FOLDER` makes a shared space; "
             "`bounceback sync join FOLDER` joins one.")
        return
    rows = [
        ("This machine", f"{state.name} ({state.machine})"),
        ("Shared folder", state.folder or ""),
        ("Other machines", ", ".join(f"{name} ({key})" for key, name in state.others.items())
         or "none has joined so far"),
        ("Last exchange", _ago(state.last_exchange)),
        ("To send", f"{state.pending} change{'s' if state.pending != 1 else ''}"),
    ]
    if state.conflicts:
        rows.append(("Two versions", f"{state.conflicts} reflection"
                     f"{'s' if state.conflicts != 1 else ''} (both kept)"))
    if state.last_error:
        rows.append(("Problem", state.last_error))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        _say(f"{label:<{width}}  {value}")
