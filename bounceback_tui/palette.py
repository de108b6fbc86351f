"""The command palette (ctrl+p): the dashboard's commands, and a fuzzy jump to any company."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from .domain.user_text import visible

if TYPE_CHECKING:
    from .app import BounceBackApp


def dashboard_commands(app: BounceBackApp) -> Iterable[SystemCommand]:
    """The dashboard's own entries, before Textual's (theme, keys, quit, …)."""
    yield SystemCommand("Add application", "Log a new application",
                        lambda: app.pipeline_pane.add_application())
    yield SystemCommand("Jump to a company", "Filter the pipeline to one company",
                        lambda: app.call_after_refresh(app.action_command_palette))
    yield SystemCommand("New reflection", "Reflect on a no, or on anything",
                        app.action_new_reflection)
    yield SystemCommand("Resume a reflection", "Open your latest unfinished reflection",
                        lambda: app.in_reflection_pane("resume_latest"))
    yield SystemCommand("Add a win", "Log something that went well",
                        lambda: app.in_reflection_pane("action_add_win"))
    yield SystemCommand("Add a growth action", "One concrete thing to do, with a day",
                        lambda: app.in_reflection_pane("action_add_action"))
    yield SystemCommand("Reflections, actions and wins", "The journal in the Reflection pane",
                        lambda: app.action_focus_pane("reflection"))
    yield SystemCommand("Timeline and streak chart", "Your hunt as a story (v: chart)",
                        lambda: app.action_focus_pane("timeline"))
    yield SystemCommand("Save the chart", "The streak chart as an SVG beside the database",
                        app.action_save_chart)
    yield SystemCommand(
        "Gentle mode: " + ("turn off" if app.settings.gentle else "turn on"),
        "For hard weeks: hide counts of no's, lead with effort and progress",
        app.toggle_gentle)
    yield SystemCommand("Switch theme", "Change the colours (remembered)",
                        app.action_change_theme)
    yield SystemCommand("Back up now", "A verified copy in backups/ beside the database",
                        app.back_up)
    yield SystemCommand("Export", "Everything as JSON in exports/ beside the database",
                        app.export_json)


class CompanyCommands(Provider):
    """`Jump to …`: one entry per company, most recently active first."""

    async def startup(self) -> None:
        store = getattr(self.app, "store", None)
        self._companies: list[str] = (
            await asyncio.to_thread(store.companies) if store is not None else [])

    async def discover(self) -> Hits:
        for company in self._companies[:20]:
            yield DiscoveryHit(Content(f"Jump to {visible(company)}"),
                               partial(self.app.jump_to_company, company),  # type: ignore[attr-defined]
                               help="Show this company's applications")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for company in self._companies:
            shown = visible(company)
            score = matcher.match(shown)
            if score > 0:
                yield Hit(score, matcher.highlight(shown),
                          partial(self.app.jump_to_company, company),  # type: ignore[attr-defined]
                          text=f"Jump to {shown}", help="Show this company's applications")
