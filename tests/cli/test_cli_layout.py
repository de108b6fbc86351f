"""Readable output fits the terminal the person is looking at."""

from __future__ import annotations

import pytest

from bounceback_tui.domain.user_text import cell_width


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_list_and_stats_fit_the_terminal_width(bb, monkeypatch, columns) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    bb.ok("add", "Stonebridge Payments International", "Senior Staff Platform Engineer, Infra")
    bb.ok("add", "会社名がとても長い株式会社テスト", "エンジニア")
    for n in range(8):
        bb.ok("move", "1", ["screening", "interviewing", "rejected"][n % 3]) if n < 3 else None
    listing = bb.ok("list").splitlines()
    stats = bb.ok("stats").splitlines()
    assert len(listing) == 3 and listing[0].startswith("ID")
    for line in listing + stats:
        assert cell_width(line) <= columns, line
    assert any("…" in line for line in listing)  # long names are cut, visibly
    assert "Stonebr" in listing[1] + listing[2]
