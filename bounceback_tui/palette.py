"""The command palette (ctrl+p) and what its entries do: the dashboard's commands, a fuzzy
jump to any company, the files it saves (backup, export, story), the keys screen, and
quitting (q, ctrl+q and the palette's Quit ask first when typed words would be lost)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from .domain.user_text import visible

if TYPE_CHECKING:
    from .app import BounceBackApp
    from .store import Store


def dashboard_commands(app: BounceBackApp) -> Iterable[SystemCommand]:
    """The dashboard's own entries, before Textual's (theme, keys, quit, …)."""
    yield SystemCommand("Add application", "Log a new application",
                        lambda: app.pipeline_pane.add_application())
    yield SystemCommand("Jump to a company", "Filter the pipeline to one company",
                        lambda: app.call_after_refresh(app.action_command_palette))
    yield SystemCommand("New reflection", "Reflect on a no, or on anything",
                        app.action_new_reflection)
    yield SystemCommand("Resume a reflection", "Open your latest unfinished reflection",
                        lambda: in_reflection_pane(app, "resume_latest"))
    yield SystemCommand("Add a win", "Log something that went well",
                        lambda: in_reflection_pane(app, "action_add_win"))
    yield SystemCommand("Add a growth action", "One concrete thing to do, with a day",
                        lambda: in_reflection_pane(app, "action_add_action"))
    yield SystemCommand("Reflections, actions and wins", "The journal in the Reflection pane",
                        lambda: app.action_focus_pane("reflection"))
    yield SystemCommand("Timeline and streak chart", "Your hunt as a story (v: chart)",
                        lambda: app.action_focus_pane("timeline"))
    yield SystemCommand("Save the chart", "The streak chart as an SVG beside the database",
                        app.action_save_chart)
    yield SystemCommand(
        "Gentle mode: " + ("turn off" if app.settings.gentle else "turn on"),
        "For hard weeks: hide counts of no's, lead with effort and progress",
        lambda: toggle_gentle(app))
    yield SystemCommand("Switch theme", "Change the colours (remembered)",
                        app.action_change_theme)
    yield SystemCommand("Back up now", "A verified copy in backups/ beside the database",
                        lambda: back_up(app))
    yield SystemCommand("Export", "Everything as JSON in exports/ beside the database",
                        lambda: export_json(app))
    yield SystemCommand("Import a file", "Move your hunt in: a CSV, .xlsx or .zip from "
                        "another tracker or a sheet, or a BounceBack JSON export",
                        lambda: import_file(app))
    yield SystemCommand("Two versions of a reflection", "Choose what to keep of a reflection "
                        "changed on two machines (sync)", lambda: choose_versions(app))


def choose_versions(app: BounceBackApp, *, after_choice: bool = False) -> None:
    """Ask, one reflection at a time, which version to keep of those edited on two machines."""
    from .screens.versions_dialog import VersionsDialog

    def read(store: Store) -> object:
        from .store.sync import engine

        found = engine.versions(store)
        if not found:
            return None
        local_id, uid, versions = found[0]
        about = ""
        record = store.get_reflection(local_id)
        if record.application_id is not None:
            about = store.get_application(record.application_id).application.company
        return uid, about, versions

    def show(found: object) -> None:
        if found is None:
            app.notify("Kept. Every reflection has one version again." if after_choice else
                       "Every reflection has one version.")
            return
        uid, about, versions = found  # type: ignore[misc]

        def chosen(keep: str | None) -> None:
            if keep is None:
                return

            def settle(store: Store) -> object:
                from .store.sync import engine

                return engine.choose(store, uid, keep)

            app.bridge.run(settle, done=lambda _result: choose_versions(app, after_choice=True),
                           changes=False)

        app.push_screen(VersionsDialog(about, versions), chosen)

    app.bridge.run(read, done=show, changes=False)


def in_reflection_pane(app: BounceBackApp, method: str) -> None:
    """Focus the Reflection pane and call one of its methods (new, resume, win, action)."""
    app.action_focus_pane("reflection")
    getattr(app.reflection_pane, method)()


async def jump_to_company(app: BounceBackApp, company: str) -> None:
    """Show one company's applications in the pipeline."""
    app.action_focus_pane("pipeline")
    await app.pipeline_pane.set_filter(company)


def toggle_gentle(app: BounceBackApp) -> None:
    """Gentle mode: no rejection counts anywhere; effort and progress first (remembered)."""
    from dataclasses import replace

    from .panes.deck import PaneDeck

    app.settings = replace(app.settings, gentle=not app.settings.gentle)
    app.remember("gentle mode", "gentle", app.settings.gentle)
    app.query_one(PaneDeck).set_gentle(app.settings.gentle)
    app.refresh_pulse()
    app.notify("Gentle mode on: counts of no's are hidden; your effort comes first."
               if app.settings.gentle else "Gentle mode off.")


def save_file(app: BounceBackApp, write: Callable[[Store], Path], what: str) -> None:
    """Write a file through the store bridge, then say where it is ("Exported to …")."""
    app.bridge.run(write, changes=False, done=lambda path: app.notify(
        f"{what} {visible(str(path))}", markup=False, timeout=8))


def back_up(app: BounceBackApp) -> None:
    """Back up the database now (backups/ beside it)."""
    save_file(app, lambda store: store.backup(), "Backed up to")


def export_json(app: BounceBackApp) -> None:
    """Export everything to a new JSON file in exports/ beside the database."""
    from .exports import save_json

    save_file(app, save_json, "Exported to")


def import_file(app: BounceBackApp) -> None:
    """Ask for a file, show how it reads, import it on enter (one change: u takes it back)."""
    from .screens.import_dialog import ImportDialog
    from .screens.import_progress import PROGRESS_FROM, ImportProgress

    def chosen(choice: object) -> None:
        if choice is None:
            return
        from .store.interchange import apply_plan

        path, plan = choice.path, choice.plan  # type: ignore[attr-defined]
        bar = None
        if len(plan.applications) >= PROGRESS_FROM:  # a moment's wait shows how far it got
            bar = ImportProgress(path.name, len(plan.applications))
            app.push_screen(bar)

        def write(store: Store) -> object:
            store.backup_before_a_big_change()
            told = None if bar is None else (
                lambda done, _total: app.call_from_thread(bar.advance, done))
            return apply_plan(store, plan, source=path.name, progress=told)

        def close_bar() -> None:
            if bar is not None:
                bar.finish()

        def done(result: object) -> None:
            close_bar()
            app.pipeline_pane.table.refresh_rows()
            app.reflection_pane.reload()
            if not result.written:  # type: ignore[attr-defined]
                app.notify(f"Nothing new in {visible(path.name)}: it is all in your hunt "
                           "already.", markup=False)
                return
            skipped = result.skipped  # type: ignore[attr-defined]
            more = f"; {skipped} already there, skipped" if skipped else ""
            app.notify(f"Imported {result.summary}{more}. u in the pipeline takes it back.",  # type: ignore[attr-defined]
                       markup=False, timeout=10)

        if bar is None:
            app.notify(f"Importing {visible(path.name)}…", markup=False)
        app.bridge.run(write, done=done, failed=close_bar)

    app.push_screen(ImportDialog(), chosen)


def key_rows(app: BounceBackApp) -> list[tuple[str, str, str]]:
    """(section, key, description) for every described binding of the dashboard, with the
    keys config.toml chose."""
    from .panes.pipeline import PipelinePane
    from .panes.reflection import ReflectionPane
    from .panes.timeline import TimelinePane
    from .screens.help import key_help
    from .widgets.timeline_view import TimelineView
    from .widgets.pipeline_table import PipelineTable
    from .widgets.reflection_form import ReflectionForm

    return key_help((("Everywhere", app.BINDINGS), ("Pipeline", PipelinePane.BINDINGS),
                     ("Pipeline table", PipelineTable.BINDINGS),
                     ("Reflection pane", ReflectionPane.BINDINGS),
                     ("Reflection form", ReflectionForm.BINDINGS),
                     ("Timeline", TimelinePane.BINDINGS),
                     ("Timeline list", TimelineView.BINDINGS)),
                    app.get_key_display, app.settings.keys)


def quit_asking(app: BounceBackApp) -> None:
    """Quit; ask first only if a form holds text that was not saved. An open reflection is
    written as a draft on the way out (it asks nothing)."""
    if app.panes_here():
        app.reflection_pane.save_before_quit()
    if not any(getattr(screen, "has_unsaved_text", lambda: False)()
               for screen in app.screen_stack):
        app.exit()
        return
    from .screens.confirm import ConfirmDialog

    app.push_screen(ConfirmDialog("Quit and lose what you typed?"),
                    lambda yes: app.exit() if yes else None)


def show_keys(app: BounceBackApp) -> None:
    """The keys and help screen."""
    from .screens.help import HelpScreen

    app.push_screen(HelpScreen(key_rows(app)))


class CompanyCommands(Provider):
    """`Jump to …`: one entry per company, most recently active first."""

    async def startup(self) -> None:
        store = getattr(self.app, "store", None)
        self._companies: list[str] = (
            await asyncio.to_thread(store.companies) if store is not None else [])

    async def discover(self) -> Hits:
        for company in self._companies[:20]:
            yield DiscoveryHit(Content(f"Jump to {visible(company)}"),
                               partial(jump_to_company, self.app, company),  # type: ignore[arg-type]
                               help="Show this company's applications")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for company in self._companies:
            shown = visible(company)
            score = matcher.match(shown)
            if score > 0:
                yield Hit(score, matcher.highlight(shown),
                          partial(jump_to_company, self.app, company),  # type: ignore[arg-type]
                          text=f"Jump to {shown}", help="Show this company's applications")
