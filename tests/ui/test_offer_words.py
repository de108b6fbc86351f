"""What BounceBack hands back at an offer (issue 16): what went well, the reasons that were not
about the person, what was learned, wins and actions done; never a sentence in which the
thinking-trap hint found a trap. Before the story is saved, each line can be left out."""

from __future__ import annotations

from pathlib import Path

from test_dashboard import screen_text, table
from test_reflection import open_form_by_rejecting
from textual.widgets import SelectionList
from ui_support import NOW, clock_at, settle, until

from bounceback_tui.exports import export_story_markdown
from bounceback_tui.screens.offer import OfferScreen
from bounceback_tui.store import Store

HARSH = ("I'm such a failure, I always mess up interviews.",
         "I'll never get a job at this rate.")
"""Typed into step 4: the hints flag both (Labeling, Fortune telling)."""
KIND = "I explained my projects clearly."


async def test_an_offer_hands_back_what_went_well_and_never_self_attack(
        dashboard, hunt_db: Path) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        rejected = await open_form_by_rejecting(pilot)
        await pilot.press("ctrl+down", "ctrl+down", "ctrl+down")  # step 4
        assert "Step 4 of 10" in screen_text(app)
        await pilot.press(*KIND, "tab", *HARSH[0], "tab", *HARSH[1])
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("1")
        while table(app).selected.stage in ("rejected", "ghosted", "offer", "accepted",
                                            "declined"):
            await pilot.press("down")
        offered = table(app).selected
        with clock_at(NOW.add(hours=2)):  # the yes comes after the no (not at its instant)
            await pilot.press("o")
            await settle(pilot)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, OfferScreen),
                        what="the offer moment")
        text = screen_text(app)
        assert KIND in text and f"({rejected.company})" in text
        for harsh in HARSH:
            assert harsh not in text
        assert "failure" not in text and "never get a job" not in text
        # Leave the kind line out of the story, then save it: the file has neither.
        kept = app.screen.query_one(SelectionList)
        assert kept.has_focus
        lines = app.screen.story.kept
        first = next(n for n, line in enumerate(lines) if line.text == KIND)
        for _ in range(first):
            await pilot.press("down")
        await pilot.press("space", "s")
        await settle(pilot)
        await until(pilot, lambda: list((hunt_db.parent / "exports").glob("story-*.md")),
                    what="the story file")
        (story,) = (hunt_db.parent / "exports").glob("story-*.md")
        saved = story.read_text()
        assert offered.company in saved and KIND not in saved
        for harsh in HARSH:
            assert harsh not in saved
    with Store.open(hunt_db) as store:  # `export --story`: all the lines kept, no trap
        told = export_story_markdown(store, offered.id)
    assert KIND in told and "failure" not in told and "never get a job" not in told
