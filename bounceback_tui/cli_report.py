"""`bounceback stats` and `bounceback export`: what the hunt adds up to, and the hunt as a
file (json, csv, a markdown journal or story, a calendar). Registered on the `bounceback`
group by `cli.py`; the renderers are imported when a command runs."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cli import APPLICATION_ID, CommandError, _echo_data, _say, _store, _terminal_width, cli


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="The metrics as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Your resilience in numbers: runs of no's, bounce-back time, funnel, streaks."""
    store = _store(ctx)
    result = store.stats()
    interviews = store.interview_figures()
    if as_json:
        _echo_data(json.dumps({**result.to_json(), "interviews": interviews},
                              ensure_ascii=False, indent=1) + "\n")
        return
    from .domain.user_text import visible

    def plural(n: int, word: str, many: str | None = None) -> str:
        return f"{n} {word if n == 1 else (many or word + 's')}"

    nos = "no's"
    if not result.applications:
        click.echo("Add your first application with: bounceback add COMPANY ROLE")
        return
    stages = " · ".join(f"{name} {count}" for name, count in result.by_stage.items() if count)
    funnel = " → ".join(f"{name} {count}" for name, count in result.funnel.items() if count)
    rows = [("Applications", f"{result.applications}  ({stages})"), ("Funnel", funnel)]
    if result.response_rate:
        rows.append(("Response rate", f"{result.response_rate:.0%} of applications got an "
                     "answer"))
    for run in result.runs.completed:
        rows.append(("No's before a yes",
                     f"{plural(run.no, 'no', nos)} → yes  {visible(run.company)}  "
                     f"{run.day.isoformat()}"))
    if result.runs.completed:
        rows.append(("Current run", f"{plural(result.runs.current, 'no', nos)} since the last "
                     f"yes (longest run {result.runs.longest})"))
    elif result.runs.current:
        rows.append(("Current run", f"{plural(result.runs.current, 'no', nos)} so far"))
    bounce = result.bounce_back
    if bounce.median_days is not None:
        rows.append(("Bounce-back", f"median {bounce.median_days:.1f} days, over "
                     f"{plural(bounce.samples, 'setback')} you came back from"))
    activity = result.activity
    if activity.current:
        rows.append(("Showing up", f"{plural(activity.current, 'day')} in a row "
                     f"(longest {plural(activity.longest, 'day')})"))
    elif activity.longest:
        rows.append(("Showing up", f"longest {plural(activity.longest, 'day')} in a row"))
    if interviews["interviews"]:
        per_offer = (f"; {interviews['per_offer']:g} per offer" if interviews["per_offer"]
                     else "")
        rows.append(("Interviews", f"{interviews['interviews']}{per_offer}"))
        rows.append(("Led to an offer", " · ".join(
            f"{kind} {figures['offers']} of {figures['interviews']}"
            for kind, figures in interviews["by_kind"].items())))
    import textwrap

    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        click.echo(textwrap.fill(f"{label:<{width}}  {value}", width=max(40, _terminal_width()),
                                 subsequent_indent=" " * (width + 2), break_on_hyphens=False))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "markdown", "ics"]),
              default="json", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (created 0600) instead of standard output (-).")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--story", is_flag=True,
              help='With markdown: "From no to next", the no\'s that led to an offer and '
                   "what they taught.")
@click.option("--application", "application_id", metavar="ID", type=APPLICATION_ID,
              help="With --story: the offer to tell (default: the latest one).")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, force: bool, story: bool,
           application_id: int | None) -> None:
    """Export everything: json (lossless), csv (one row per application), a markdown
    journal, or ics (the plan as a calendar: interviews, take-homes, follow-ups, deadlines).

    With --story, markdown tells "From no to next" instead: the no's that led to an offer.
    """
    from . import exports

    if application_id is not None and not story:
        raise CommandError("--application chooses the offer of --story; add --story")
    if story and fmt != "markdown":
        if ctx.get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT:
            raise CommandError(f"--story is told in markdown, not {fmt}; "
                               "use --format markdown")
        fmt = "markdown"  # `export --story` alone: the story only comes in markdown
    text = exports.render(_store(ctx), fmt, story=story, application_id=application_id)
    if output is None or str(output) == "-":  # `-o -` means standard output, as usual
        _echo_data(text)
        return
    _write_private(output, text, force=force)
    _say(f"Exported to {output}", err=True)


def _write_private(path: Path, text: str, *, force: bool) -> None:
    """Write a new file readable only by its owner; replace an old one only with force."""
    from .exports import write_new
    from .private_files import NotARegularFile

    path = path.expanduser()
    try:
        write_new(path, text, replace=force)
    except FileExistsError:
        raise CommandError(f"{path} already exists; choose another name or add --force") from None
    except NotARegularFile as exc:
        raise CommandError(f"{exc} (or leave out --output for standard output)") from None
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
