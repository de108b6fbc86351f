"""`bounceback stats` (JSON keys and the readable summary) and where the database lives."""

from __future__ import annotations

import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import pendulum
import pytest

from bounceback_tui.domain.dates import local_zone

STATS_KEYS = {"applications", "by_stage", "funnel", "response_rate", "runs", "bounce_back",
              "activity", "interviews"}
STAGES = ["saved", "applied", "screening", "interviewing", "offer", "accepted", "declined",
          "rejected", "ghosted", "withdrawn"]


def days_ago(n: int) -> str:
    return (pendulum.now(local_zone()).date() - timedelta(days=n)).isoformat()


@pytest.fixture
def hunt(bb) -> None:
    """Two no's, a yes (an offer), another no, and an application sent today."""
    a = bb.add("Acme", "Dev", "--applied-on", "40 days ago")
    bb.ok("move", str(a), "rejected", "--on", "35 days ago")
    b = bb.add("Bolt", "Dev", "--applied-on", "30 days ago")
    bb.ok("move", str(b), "ghosted", "--on", "25 days ago")
    c = bb.add("Céleste", "Dev", "--applied-on", "20 days ago")
    bb.ok("move", str(c), "screening", "--on", "18 days ago")
    bb.ok("move", str(c), "offer", "--on", "15 days ago")
    d = bb.add("Dyne", "Dev", "--applied-on", "10 days ago")
    bb.ok("move", str(d), "rejected", "--on", "5 days ago")
    bb.add("Eon", "Dev")


def test_stats_json_has_exactly_the_documented_keys_and_values(bb, hunt):
    doc = json.loads(bb.ok("stats", "--json"))
    assert set(doc) == STATS_KEYS
    assert doc["applications"] == 5
    assert list(doc["by_stage"]) == STAGES
    assert {k: v for k, v in doc["by_stage"].items() if v} == {
        "applied": 1, "offer": 1, "rejected": 2, "ghosted": 1}
    assert doc["funnel"] == {"applied": 5, "screening": 1, "interviewing": 1, "offer": 1}
    assert doc["response_rate"] == pytest.approx(3 / 5)
    assert set(doc["runs"]) == {"completed", "current", "longest"}
    assert doc["runs"]["completed"] == [{"no": 2, "company": "Céleste", "day": days_ago(15)}]
    assert (doc["runs"]["current"], doc["runs"]["longest"]) == (1, 2)
    assert set(doc["bounce_back"]) == {"median_days", "samples"}
    assert doc["bounce_back"]["samples"] == 3
    assert doc["bounce_back"]["median_days"] == pytest.approx(5.0, abs=0.05)
    assert doc["activity"] == {"current_streak": 1, "longest_streak": 1}


def test_stats_readable_mentions_the_runs(bb, hunt):
    lines = bb.ok("stats").splitlines()
    by_label = {line.split("  ")[0]: line for line in lines}
    assert "2 no's → yes  Céleste  " + days_ago(15) in by_label["No's before a yes"]
    assert "1 no since the last yes (longest run 2)" in by_label["Current run"]
    assert "median 5.0 days, over 3 setbacks" in by_label["Bounce-back"]
    assert "60% of applications got an answer" in by_label["Response rate"]
    assert "applied 5 → screening 1 → interviewing 1 → offer 1" in by_label["Funnel"]
    assert by_label["Applications"].split()[1] == "5"


def test_stats_readable_before_any_yes_counts_the_open_run(bb):
    a = bb.add("Acme", "Dev", "--applied-on", "3 days ago")
    bb.ok("move", str(a), "rejected", "--on", "yesterday")
    out = bb.ok("stats")
    assert "1 no so far" in out and "yet" not in out
    assert "No's before a yes" not in out


def test_stats_readable_reports_no_zeroes_or_absences(bb):
    """docs/voice.md: a hunt with one application and no answer yet shows what is true of it,
    never a count of no's nobody asked for, a zero, or what has not happened."""
    bb.add("Acme", "Dev", "--applied-on", "5 days ago")
    out = bb.ok("stats")
    labels = [line.split("  ")[0] for line in out.splitlines()]
    assert "Applications" in labels and "Current run" not in labels
    assert "Bounce-back" not in labels
    assert "longest 1 day in a row" in out
    assert " 0 " not in out.replace("→", " ") and "yet" not in out and "!" not in out


def test_stats_on_an_empty_database(bb):
    assert bb.ok("stats") == "Add your first application with: bounceback add COMPANY ROLE\n"
    doc = json.loads(bb.ok("stats", "--json"))
    assert set(doc) == STATS_KEYS
    assert doc["applications"] == 0
    assert doc["runs"] == {"completed": [], "current": 0, "longest": 0}
    assert doc["bounce_back"] == {"median_days": None, "samples": 0}
    assert doc["interviews"] == {"interviews": 0, "offers": 0, "per_offer": None, "by_kind": {}}


def test_stats_shows_a_company_with_control_characters_visibly(bb):
    c = bb.add("Evil\x1bCo", "Dev", "--applied-on", "3 days ago")
    bb.ok("move", str(c), "offer", "--on", "yesterday")
    out = bb.ok("stats")
    assert "Evil␛Co" in out and "\x1b" not in out


# --- where the database lives ----------------------------------------------------------------


def default_db(home: Path) -> Path:
    return home / ".local" / "share" / "bounceback" / "bounceback.db"


def test_db_option_beats_the_environment(bb, tmp_path, private_home, monkeypatch):
    from_env, from_flag = tmp_path / "env.db", tmp_path / "flag.db"
    monkeypatch.setenv("BOUNCEBACK_DB", str(from_env))
    bb.ok("add", "Acme", "Dev", db=from_flag)
    assert from_flag.exists()
    assert not from_env.exists() and not default_db(private_home).exists()
    assert [r["company"] for r in json.loads(bb.ok("list", "--json", db=from_flag))] == ["Acme"]


def test_environment_beats_the_default(bb, tmp_path, private_home, monkeypatch):
    from_env = tmp_path / "env.db"
    monkeypatch.setenv("BOUNCEBACK_DB", str(from_env))
    bb.ok("add", "Acme", "Dev", db=False)
    assert from_env.exists() and not default_db(private_home).exists()
    monkeypatch.delenv("BOUNCEBACK_DB")
    assert json.loads(bb.ok("list", "--json", db=False)) == []


def test_default_is_the_user_data_folder_and_private(bb, private_home, monkeypatch):
    monkeypatch.setenv("BOUNCEBACK_DB", "  ")  # blank counts as unset
    old = os.umask(0)
    try:
        bb.ok("add", "Acme", "Dev", db=False)
    finally:
        os.umask(old)
    path = default_db(private_home)
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [r["company"] for r in json.loads(bb.ok("list", "--json", db=False))] == ["Acme"]


def test_db_option_expands_the_home_folder(bb, private_home):
    bb.ok("add", "Acme", "Dev", "--applied-on", "yesterday", db=Path("~/hunt.db"))
    assert (private_home / "hunt.db").is_file()
