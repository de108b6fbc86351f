"""The command palette's company search: fuzzy over every company in the hunt."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from .domain.user_text import visible


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
