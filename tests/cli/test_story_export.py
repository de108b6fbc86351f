"""`bounceback export --format markdown --story`: "From no to next", the no's that led to an
offer and what the run leaves to keep (never a sentence with a thinking trap in it)."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta

import pytest

from bounceback_tui.domain.dates import local_zone

T0 = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def local_day(instant: datetime) -> str:
    return instant.astimezone(local_zone()).date().isoformat()


def no(store, company: str, role: str, when: datetime, stage: str = "rejected") -> int:
    app = store.add_application(company, role, applied_at=when - timedelta(days=5))
    store.move(app.id, stage, at=when)
    return app.id


def yes(store, company: str, role: str, when: datetime) -> int:
    app = store.add_application(company, role, applied_at=when - timedelta(days=9),
                                stage="interviewing")
    store.move(app.id, "offer", at=when)
    return app.id


@pytest.fixture
def hunt(db, store_at) -> dict[str, int]:
    """Two offers: Alpha after one no, Beta after three; one no since."""
    store = store_at(db)
    one = no(store, "One", "Dev", at(1))
    alpha = yes(store, "Alpha", "Analyst", at(2))
    globex = no(store, "Globex", "Backend Engineer", at(3))
    no(store, "Hooli", "PM", at(4), "ghosted")
    initech = no(store, "Initech", "Data Engineer", at(5))
    beta = yes(store, "Beta", "Platform Engineer", at(6))
    later = no(store, "Later", "Dev", at(7))
    store.save_reflection({"do_differently": "Rest before the onsite.", "taught_me": ""},
                          application_id=one, status="saved")
    store.save_reflection({"do_differently": "Ask about the team\nbefore the final round.",
                           "taught_me": "I like small teams."},
                          application_id=globex, status="saved")
    store.save_reflection({"taught_me": "Only a draft."}, application_id=initech)
    store.save_reflection({"taught_me": "Not in this story."}, application_id=later,
                          status="saved")
    return {"alpha": alpha, "beta": beta, "later": later}


def test_the_story_of_the_latest_offer(bb, hunt):
    text = bb.ok("export", "--format", "markdown", "--story")
    day = local_day(at(6))
    assert text.startswith(f"# From no to next: Beta, {day}\n")
    assert f"It took 3 no's to reach the offer from Beta (Platform Engineer) on {day}." in text
    assert (f"- Globex — Backend Engineer, rejected, {local_day(at(3))}\n"
            f"- Hooli — PM, ghosted, {local_day(at(4))}\n"
            f"- Initech — Data Engineer, rejected, {local_day(at(5))}\n") in text
    assert ("\n## What I learned\n\n- I like small teams. (Globex)\n"
            "- Ask about the team before the final round. (Globex)\n") in text
    for absent in ("One", "Alpha", "Later", "Only a draft.", "Not in this story.",
                   "Rest before the onsite."):
        assert absent not in text, absent
    assert text.rstrip().endswith("I kept going after each of those 3 no's, and here I am.")
    stats = bb.ok("stats")
    assert "3 no's → yes  Beta" in stats  # the same run the stats report


def test_the_story_of_a_chosen_offer(bb, hunt):
    text = bb.ok("export", "--format", "markdown", "--story", "--application", str(hunt["alpha"]))
    assert text.startswith(f"# From no to next: Alpha, {local_day(at(2))}\n")
    assert "It took 1 no to reach the offer" in text
    assert f"- One — Dev, rejected, {local_day(at(1))}\n" in text
    assert "- Rest before the onsite. (One)\n" in text
    assert "## What went well" not in text  # nothing said: no heading


def test_user_text_cannot_become_markdown(bb, db, store_at):
    store = store_at(db)
    evil = no(store, "[Evil](https://x.test) *Co*", "<b>Dev</b> | `x`", at(1))
    store.save_reflection({"do_differently": "# not a heading\n- not a list\n1. nor this\n[/]",
                           "taught_me": "&amp; stays _as typed_ \\o/"},
                          application_id=evil, status="saved")
    yes(store, "Good_Co", "Lead # 1", at(2))
    text = bb.ok("export", "--format", "markdown", "--story")
    assert text.startswith(r"# From no to next: Good\_Co, ")
    assert r"(Lead \# 1)" in text
    assert (r"- \[Evil\](https://x.test) \*Co\* — \<b\>Dev\</b\> \| \`x\`, rejected, "
            in text)
    assert "- \\# not a heading - not a list 1. (" in text  # a sentence at a time, one line
    assert "- nor this \\[/\\] (" in text
    assert "- \\&amp; stays \\_as typed\\_ \\\\o/ (" in text
    assert r"(\[Evil\](https://x.test) \*Co\*)" in text


def test_an_offer_without_no_s_before_it(bb, db, store_at):
    yes(store_at(db), "Acme", "Dev", at(1))
    text = bb.ok("export", "--format", "markdown", "--story")
    assert "came without a single no on the way" in text
    assert "## The no's on the way" not in text and "## What" not in text
    assert text.rstrip().endswith("I kept showing up, and here I am.")


def test_no_offer_yet_is_one_line_and_exit_1(bb, db, store_at):
    assert "no offer yet to tell the story of" in bb.fails(
        "export", "--format", "markdown", "--story")
    no(store_at(db), "Acme", "Dev", at(1))
    assert "no offer yet to tell the story of" in bb.fails(
        "export", "--format", "markdown", "--story")


def test_a_chosen_application_must_have_an_offer(bb, hunt):
    message = bb.fails("export", "--format", "markdown", "--story",
                       "--application", str(hunt["later"]))
    assert "Later" in message and "has no offer" in message
    assert "no application with id 999" in bb.fails(
        "export", "--format", "markdown", "--story", "--application", "999")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_story_is_markdown_only(bb, hunt, fmt):
    message = bb.fails("export", "--format", fmt, "--story")
    assert "--story" in message and "--format markdown" in message


def test_story_alone_means_markdown(bb, hunt):
    assert bb.ok("export", "--story").startswith("# From no to next: Beta")


def test_application_needs_story(bb, hunt):
    assert "--story" in bb.fails("export", "--format", "markdown",
                                 "--application", str(hunt["alpha"]))


def test_story_file_is_private_and_kept_unless_forced(bb, hunt, tmp_path):
    target = tmp_path / "story.md"
    result = bb.run("export", "--format", "markdown", "--story", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"Exported to {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("# From no to next: Beta")
    assert "already exists" in bb.fails("export", "--format", "markdown", "--story",
                                        "-o", str(target), "--application", str(hunt["alpha"]))
    assert target.read_text(encoding="utf-8").startswith("# From no to next: Beta")
    bb.ok("export", "--format", "markdown", "--story", "-o", str(target), "--force",
          "--application", str(hunt["alpha"]))
    assert target.read_text(encoding="utf-8").startswith("# From no to next: Alpha")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


STORY = """# From no to next: Beta, 2026-10-07

It took 2 no's to reach the offer from Beta (Platform Engineer) on 2026-10-07.

## The no's on the way

- Globex — Backend Engineer, rejected, 2026-10-04
- Hooli — PM, ghosted, 2026-10-05

## What went well

- I explained my projects clearly. (Globex)

## What was not about me

- an internal candidate (Globex)

## What I learned

- I like small teams. (Globex)

## Wins on the way

- Kind words from the Hooli panel

## What I did to keep building

- Practise system design

I kept going after each of those 2 no's, and here I am.
"""
"""The whole story, pinned (docs/voice.md): what went well, reasons not about the person,
what was learned, wins and actions done; the harsh sentences typed are in none of it."""


def test_the_whole_story_reads_exactly(db, store_at):
    from bounceback_tui.exports import export_story_markdown

    store = store_at(db)
    no(store, "One", "Dev", at(1))
    yes(store, "Alpha", "Analyst", at(2))
    globex = no(store, "Globex", "Backend Engineer", at(3))
    no(store, "Hooli", "PM", at(4), "ghosted")
    store.save_reflection({"went_well": "I explained my projects clearly. I'm such a failure.",
                           "reasons": ["an internal candidate"],
                           "do_differently": "I'm such a failure, I always mess up interviews.",
                           "taught_me": "I'll never get a job at this rate. I like small teams."},
                          application_id=globex, status="saved")
    store.add_win("Kind words from the Hooli panel", at=at(4.5))
    store.complete_action(store.add_action("Practise system design").id, at=at(4.6))
    yes(store, "Beta", "Platform Engineer", at(6))
    assert export_story_markdown(store, tz=UTC) == STORY
    left = export_story_markdown(store, tz=UTC, left_out=[0, 3])  # chosen in the dashboard
    assert "I explained" not in left and "Kind words" not in left
    assert "## What went well" not in left and "## Wins on the way" not in left
