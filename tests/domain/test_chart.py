"""The Timeline pane's charts (bounceback_tui.domain.chart), on hand-built histories."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest

from bounceback_tui.domain.chart import (
    GLYPH_GHOSTED,
    GLYPH_OPEN,
    GLYPH_REJECTED,
    GLYPH_YES,
    HEAT_GLYPHS,
    ROLES,
    SPARK_GLYPHS,
    Line,
    OutcomeMark,
    RunBar,
    funnel_lines,
    heat_level,
    heat_weeks,
    heatmap,
    runs_chart,
    sparkline,
    split_runs,
    streak_line,
    trend_sentence,
)
from bounceback_tui.domain.metrics import FUNNEL_STAGES, Outcome, rejection_runs

DAY0 = date(2026, 3, 1)
NO_GLYPHS = GLYPH_REJECTED + GLYPH_GHOSTED


def text(line: Line) -> str:
    """A line's text, its pieces joined."""
    return "".join(piece for piece, _ in line)


def texts(lines: list[Line]) -> list[str]:
    """Each line's text."""
    return [text(line) for line in lines]


def marks(spec: str, companies: str = "ABCDEFGHIJ") -> list[OutcomeMark]:
    """Outcomes from letters: r rejected, g ghosted, o offer, a accepted, d declined, w withdrawn.

    A yes takes the next company of `companies`; each outcome falls a day after the last.
    """
    stages = {"r": "rejected", "g": "ghosted", "o": "offer", "a": "accepted", "d": "declined",
              "w": "withdrawn"}
    names = iter(companies)
    result = []
    for i, letter in enumerate(spec):
        stage = stages[letter]
        company = next(names) if letter in "oad" else "Nope"
        result.append(OutcomeMark(stage, company, DAY0 + timedelta(days=i)))
    return result


def run(nos: str, company: str, day: date) -> RunBar:
    """A completed run from letters (r rejected, g ghosted)."""
    return RunBar(tuple("rejected" if c == "r" else "ghosted" for c in nos), company, day, False)


def now(nos: str = "") -> RunBar:
    """The current run from letters."""
    return RunBar(tuple("rejected" if c == "r" else "ghosted" for c in nos), None, None, True)


# -- split_runs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "completed", "current"),
    [
        ("", [], 0),
        ("rrg", [], 3),
        ("o", [0], 0),
        ("oad", [0, 0, 0], 0),
        ("rrorgrr", [2], 4),
        ("rgwrorrrdgw", [3, 3], 1),
        ("rrrrro", [5], 0),
    ],
)
def test_split_runs_agrees_with_metrics_rejection_runs(
    spec: str, completed: list[int], current: int
) -> None:
    found = split_runs(marks(spec))
    kinds = {"r": "no", "g": "no", "o": "yes", "a": "yes", "d": "yes"}
    at = datetime(2026, 3, 1, 12, tzinfo=UTC)
    outcomes = [
        Outcome(i, mark.company, kinds[letter], at + timedelta(days=i))
        for i, (letter, mark) in enumerate(zip(spec, marks(spec), strict=True))
        if letter in kinds
    ]
    expected = rejection_runs(outcomes, UTC)
    assert [len(r.nos) for r in found if not r.current] == [r.no for r in expected.completed]
    assert [r.company for r in found[:-1]] == [r.company for r in expected.completed]
    assert [r.day for r in found[:-1]] == [r.day for r in expected.completed]
    assert found[-1].current and len(found[-1].nos) == expected.current
    assert [len(r.nos) for r in found[:-1]] == completed
    assert len(found[-1].nos) == current
    assert sum(r.current for r in found) == 1


def test_split_runs_keeps_each_no_kind_in_order() -> None:
    found = split_runs(marks("rgorrg"))
    assert found == [
        RunBar(("rejected", "ghosted"), "A", DAY0 + timedelta(days=2), False),
        RunBar(("rejected", "rejected", "ghosted"), None, None, True),
    ]


# -- runs_chart ------------------------------------------------------------------------


def test_a_small_chart_exactly() -> None:
    runs = [run("rrgrr", "Acme", date(2026, 3, 3)), run("", "Globex", date(2026, 4, 12)),
            now("rgr")]
    assert texts(runs_chart(runs, 60)) == [
        "▮▮▯▮▮✦  5 no's → yes  Acme  Mar 3",
        "✦       a yes right after  Globex  Apr 12",
        "▮▯▮╌    3 no's so far",
    ]


def test_roles_of_a_chart_line() -> None:
    line = runs_chart([run("rrg", "Acme", date(2026, 3, 3)), now()], 60)[0]
    assert line == [
        ("▮▮", "rejected"), ("▯", "ghosted"), ("✦", "yes"), ("  ", "muted"), ("3", "number"),
        (" no's → yes  ", "muted"), ("Acme", "label"), ("  Mar 3", "muted"),
    ]


def test_an_empty_current_run_after_a_yes_says_nothing() -> None:
    """Not "no no's since your last yes": an absence is not news (docs/voice.md)."""
    lines = runs_chart([run("rr", "Acme", date(2026, 3, 3)), now()], 60)
    assert texts(lines) == ["▮▮✦  2 no's → yes  Acme  Mar 3"]


def test_one_no_is_one_no() -> None:
    assert texts(runs_chart([run("r", "Acme", date(2026, 3, 3)), now("g")], 60)) == [
        "▮✦  1 no → yes  Acme  Mar 3", "▯╌  1 no so far"]


def test_no_offers_yet_shows_only_the_current_run() -> None:
    assert texts(runs_chart([now("rrgr")], 40)) == ["▮▮▯▮╌  4 no's so far"]


def test_only_offers_show_just_the_markers() -> None:
    runs = split_runs(marks("oad"))
    assert [t.split("  ")[0] for t in texts(runs_chart(runs, 60))[:3]] == [GLYPH_YES] * 3


def test_no_outcomes_at_all_gives_a_warm_first_run_message() -> None:
    lines = runs_chart(split_runs([]), 120)
    assert len(lines) == 2
    assert all(role == "muted" for line in lines for _, role in line)
    joined = " ".join(texts(lines)).lower()
    assert "every no" in joined and "yes" in joined and "step" in joined


def test_years_show_on_every_day_when_the_yeses_span_years() -> None:
    runs = [run("r", "Acme", date(2025, 12, 30)), run("r", "Globex", date(2026, 1, 5)), now()]
    lines = texts(runs_chart(runs, 80))
    assert lines[0].endswith("Acme  Dec 30 2025")
    assert lines[1].endswith("Globex  Jan 5 2026")


def test_company_names_stay_in_label_pieces_whatever_they_hold() -> None:
    odd = "[b]Acme[/b] \x1b[31m"
    line = runs_chart([run("r", odd, date(2026, 3, 3)), now()], 80)[0]
    assert (odd, "label") in line
    assert all(odd not in piece for piece, role in line if role != "label")


def test_a_long_company_is_cut_with_an_ellipsis() -> None:
    lines = texts(runs_chart([run("rr", "A" * 100, date(2026, 3, 3)), now()], 40))
    assert lines[0] == "▮▮✦  2 no's → yes  " + "A" * 13 + "…  Mar 3"
    assert len(lines[0]) == 40


def test_a_run_that_fits_is_not_scaled() -> None:
    lines = runs_chart([run("r" * 10, "Acme", date(2026, 3, 3)), now()], 40)
    assert texts(lines)[0] == "▮" * 10 + "✦  10 no's → yes  Acme  Mar 3"
    assert not any(t.startswith("one cell") for t in texts(lines))


@pytest.mark.parametrize(
    ("nos", "width", "per_cell"),
    [
        # label "100 no's → yes  Acme  Mar 3" is 27 cells: bar area 40 - 27 - 2 = 11
        (100, 40, math.ceil(100 / 10)),
        # bar area 60 - 27 - 2 = 31
        (500, 60, math.ceil(500 / 30)),
        # the bar area never shrinks below 8 cells
        (30, 20, math.ceil(30 / 7)),
        # 11 no's and a marker need 12 cells: bar area 38 - 26 - 2 = 10
        (11, 38, 2),
    ],
)
def test_long_runs_are_scaled(nos: int, width: int, per_cell: int) -> None:
    lines = runs_chart([run("r" * nos, "Acme", date(2026, 3, 3)), now("r")], width)
    assert lines[-1] == [(f"one cell = {per_cell} no's", "muted")]
    bar = text(lines[0]).split(" ")[0]
    assert bar == GLYPH_REJECTED * math.ceil(nos / per_cell) + GLYPH_YES
    cells = len(bar) - 1
    assert cells * per_cell >= nos > (cells - 1) * per_cell
    assert len(bar) <= max(8, width - 27 - 2)
    current = next(t for t in texts(lines) if "so far" in t)
    assert current.startswith(GLYPH_REJECTED + GLYPH_OPEN + " ")
    assert all(len(t) <= width for t in texts(lines))


@pytest.mark.parametrize(
    ("nos", "width", "per_cell", "bar"),
    [
        # label "30 no's → yes  A  Mar 3" is 23 cells: width 36 leaves a bar area of 11
        ("ggr" * 5 + "rrg" * 5, 36, 3, GLYPH_GHOSTED * 5 + GLYPH_REJECTED * 5),
        # width 41 leaves 16; a tie counts as rejected
        ("gg" * 5 + "gr" * 5 + "rr" * 5, 41, 2, GLYPH_GHOSTED * 5 + GLYPH_REJECTED * 10),
        # the smallest bar area, 8: a last, partial cell goes by its own no's (9 = 4 × 2 + 1)
        ("rr" + "gg" + "rg" + "rr" + "g", 30, 2, "▮▯▮▮▯"),
    ],
)
def test_a_scaled_cell_is_ghosted_only_when_most_of_its_nos_are(
    nos: str, width: int, per_cell: int, bar: str
) -> None:
    lines = texts(runs_chart([run(nos, "A", date(2026, 3, 3)), now()], width))
    assert lines[-1] == f"one cell = {per_cell} no's"
    assert lines[0].split(" ")[0] == bar + GLYPH_YES


def test_ghosted_and_rejected_glyphs_unscaled() -> None:
    line = runs_chart([now("rgg")], 40)[0]
    assert line[:3] == [(GLYPH_REJECTED, "rejected"), (GLYPH_GHOSTED * 2, "ghosted"),
                        (GLYPH_OPEN, "open")]


def test_every_line_fits_every_width() -> None:
    histories = [
        [run("r" * 500, "Acme", date(2026, 3, 3)), now("g" * 499)],
        [run("rg" * 60, "N" * 80, date(2025, 3, 3)), run("", "Zed", date(2026, 1, 1)),
         now("r" * 7)],
        [run("g", "Initech", date(2026, 3, 3)), now()],
        [now("r" * 250)],
        [now()],
    ]
    for runs in histories:
        for width in range(20, 201):
            for gentle in (False, True):
                for line in runs_chart(runs, width, gentle=gentle):
                    assert len(text(line)) <= width, (width, text(line))
                    assert {role for _, role in line} <= ROLES


def test_tiny_widths_just_cut_the_line() -> None:
    lines = runs_chart([run("rr", "Acme", date(2026, 3, 3)), now("r")], 5)
    assert texts(lines) == ["▮▮✦  ", "▮╌   "]


# -- gentle mode -----------------------------------------------------------------------


def test_gentle_mode_shows_only_the_yeses_exactly() -> None:
    runs = [run("rrgrrrrrrrrrr", "Acme", date(2026, 3, 3)),
            run("g" * 7, "Globex", date(2026, 4, 1)), now("r" * 9)]
    lines = runs_chart(runs, 60, gentle=True)
    assert texts(lines) == ["✦ yes  Acme  Mar 3", "✦ yes  Globex  Apr 1"]
    assert lines[0][0] == (GLYPH_YES, "yes")


@pytest.mark.parametrize(
    "runs",
    [
        [run("r" * 13, "Acme", date(2026, 3, 3)), now("r" * 9)],
        [run("r" * 42, "Acme", date(2025, 3, 3)), run("g" * 6, "B", date(2026, 5, 1)), now("g")],
        [now("r" * 7)],
        [now()],
    ],
)
def test_gentle_mode_never_shows_a_count_of_nos(runs: list[RunBar]) -> None:
    for width in (20, 60, 200):
        lines = runs_chart(runs, width, gentle=True)
        joined = "\n".join(texts(lines))
        assert not set(joined) & set(NO_GLYPHS + GLYPH_OPEN)
        assert " no" not in joined and "now" not in joined
        days = [r.day for r in runs if r.day]
        without_days = re.sub(r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d+( \d{4})?",
                              "", joined)
        assert not re.search(r"\d", without_days), joined
        assert len(lines) == max(1, len(days))
        assert all(role != "number" for line in lines for _, role in line)


def test_gentle_mode_without_a_yes_encourages() -> None:
    lines = runs_chart([now("rrr")], 80, gentle=True)
    assert len(lines) == 1 and lines[0][0][1] == "muted"
    assert "yes" in text(lines[0]) and not re.search(r"\d", text(lines[0]))


# -- heatmap ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "level"), [(-1, 0), (0, 0), (1, 1), (2, 2), (3, 3), (4, 3), (5, 4), (99, 4)]
)
def test_heat_levels(count: int, level: int) -> None:
    assert heat_level(count) == level


@pytest.mark.parametrize(
    ("width", "wanted", "weeks"), [(0, 26, 1), (5, 26, 1), (6, 26, 1), (8, 26, 2), (24, 26, 10),
                                   (56, 26, 26), (200, 26, 26), (200, 52, 52)]
)
def test_heat_weeks_fit_the_width(width: int, wanted: int, weeks: int) -> None:
    assert heat_weeks(width, wanted) == weeks


def test_heatmap_shape_and_blank_future_days() -> None:
    today = date(2026, 3, 12)  # a Thursday
    lines = heatmap({}, today, 5)
    assert len(lines) == 9
    rows = texts(lines[1:8])
    assert [r[:4] for r in rows] == ["Mon ", "    ", "Wed ", "    ", "Fri ", "    ", "    "]
    assert all(len(r) == 4 + 2 * 5 for r in rows)
    for weekday, row in enumerate(rows):
        last = row[-2:]
        assert last == ("  " if weekday > today.weekday() else HEAT_GLYPHS[0] + " ")
    assert texts(lines[-1:]) == ["less · ░ ▒ ▓ █ more"]
    assert [role for _, role in lines[-1]] == ["muted", "heat-0", "muted", "heat-1", "muted",
                                               "heat-2", "muted", "heat-3", "muted", "heat-4",
                                               "muted"]


def test_heatmap_cells_show_each_days_level() -> None:
    today = date(2026, 3, 15)  # a Sunday: the last column is full
    counts = {date(2026, 3, 9): 1, date(2026, 3, 10): 2, date(2026, 3, 11): 4,
              date(2026, 3, 12): 7, date(2026, 3, 2): 3, date(2026, 2, 1): 9}
    lines = heatmap(counts, today, 2)
    assert texts(lines[1:8]) == [
        "Mon ▓ ░ ", "    · ▒ ", "Wed · ▓ ", "    · █ ", "Fri · · ", "    · · ", "    · · ",
    ]
    assert lines[1] == [("Mon ", "muted"), ("▓ ", "heat-3"), ("░ ", "heat-1")]


def test_heatmap_month_labels_sit_over_the_first_week_of_each_month() -> None:
    today = date(2026, 4, 15)
    lines = heatmap({}, today, 8)
    # Mondays: Feb 23, Mar 2, 9, 16, 23, 30, Apr 6, 13
    assert text(lines[0]) == "      Mar       Apr"
    assert lines[0][0][1] == "muted"


def test_a_month_label_that_would_overflow_the_grid_is_left_out() -> None:
    lines = heatmap({}, date(2026, 3, 4), 3)  # Mondays Feb 16, 23, Mar 2
    assert text(lines[0]).strip() == ""


@pytest.mark.parametrize("weeks", [1, 4, 26, 52])
def test_heatmap_columns_are_weeks(weeks: int) -> None:
    lines = heatmap({}, date(2026, 11, 26), weeks)
    assert all(len(t) == 4 + 2 * weeks for t in texts(lines[1:8]))
    assert len(text(lines[0])) <= 4 + 2 * weeks


# -- streak line -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "longest", "expected"),
    [
        (5, 23, "current streak 5 days · longest 23 days"),
        (1, 1, "current streak 1 day · longest 1 day"),
        (0, 23, "longest streak 23 days"),
        (0, 0, ""),
    ],
)
def test_streak_line(current: int, longest: int, expected: str) -> None:
    assert text(streak_line(current, longest)) == expected


def test_streak_line_numbers_carry_the_number_role() -> None:
    line = streak_line(5, 23)
    assert [piece for piece, role in line if role == "number"] == ["5", "23"]


# -- sparkline -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "width", "expected"),
    [
        ([], 10, ""),
        ([1, 2], 0, ""),
        ([3, 3, 3], 10, "▄▄▄"),
        ([0, 7], 10, "▁█"),
        ([0, 1, 2, 3, 4, 5, 6, 7], 10, SPARK_GLYPHS),
        ([10, 0, 5], 10, "█▁▅"),
        # six values in three cells: means 0.5, 2.5, 4.5
        ([0, 1, 2, 3, 4, 5], 3, "▁▅█"),
        # seven values in two cells: [0, 0, 0] and [7, 7, 7, 7]
        ([0, 0, 0, 7, 7, 7, 7], 2, "▁█"),
    ],
)
def test_sparkline(values: list[float], width: int, expected: str) -> None:
    assert sparkline(values, width) == expected


def test_sparkline_never_exceeds_its_width() -> None:
    values = [float(i % 13) for i in range(1000)]
    for width in range(1, 120):
        assert len(sparkline(values, width)) == min(width, 1000)


# -- trend sentence --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([], None),
        ([4.0, 1.0, 2.0], None),
        ([4.0, 4.0, 1.5, 1.5], "bouncing back faster: 4.0 → 1.5 days"),
        # odd: the middle value belongs to the earlier half ([5, 3, 4] against [1, 1])
        ([5.0, 3.0, 4.0, 1.0, 1.0], "bouncing back faster: 4.0 → 1.0 day"),
        ([2.0, 3.0, 2.5, 2.5], "lately about 2.5 days from a no to your next step"),
        ([1.0, 1.0, 3.0, 4.0], "lately about 3.5 days from a no to your next step"),
        ([1.0, 1.0, 1.0, 1.0], "lately about 1.0 day from a no to your next step"),
        # a drop under 10% is not called faster
        ([2.0, 2.0, 1.85, 1.85], "lately about 1.9 days from a no to your next step"),
        # nor is a drop of 0.05 days or less
        ([0.3, 0.3, 0.26, 0.26], "lately about 0.3 days from a no to your next step"),
    ],
)
def test_trend_sentence(days: list[float], expected: str | None) -> None:
    assert trend_sentence(days) == expected


def test_trend_sentence_never_judges() -> None:
    for days in ([1, 1, 9, 9], [0.1, 0.2, 30, 40], [2, 2, 2, 2, 2, 2]):
        sentence = trend_sentence(days) or ""
        assert not re.search(r"slower|worse|longer", sentence)


# -- funnel ----------------------------------------------------------------------------


def test_funnel_exactly() -> None:
    funnel = {"applied": 40, "screening": 20, "interviewing": 5, "offer": 1}
    lines = funnel_lines(funnel, 0.375, 40)
    # 12 + 1 + 2 name and count, 6 for the conversion, 1 space: 18 cells of bar
    assert texts(lines) == [
        "applied      40       " + "█" * 18,
        "screening    20  50%  " + "█" * 9,
        "interviewing  5  25%  ██",
        "offer         1  20%  █",
        "response rate 38%",
    ]
    assert lines[1] == [("screening   ", "label"), (" ", "muted"), ("20", "number"),
                        ("  50%  ", "muted"), ("█" * 9, "bar")]
    assert lines[-1] == [("response rate ", "label"), ("38%", "number")]
    assert [line[0][0].strip() for line in lines[:4]] == list(FUNNEL_STAGES)


def test_funnel_with_nothing_applied() -> None:
    lines = funnel_lines(dict.fromkeys(FUNNEL_STAGES, 0), 0.0, 40)
    assert texts(lines) == [
        "applied      0",
        "screening    0",
        "interviewing 0",
        "offer        0",
        "response rate 0%",
    ]
    assert not any(role == "bar" for line in lines for _, role in line)


def test_funnel_gives_every_nonzero_stage_a_cell() -> None:
    lines = funnel_lines({"applied": 1000, "screening": 1, "interviewing": 0, "offer": 0}, 0.1, 30)
    assert [piece for line in lines for piece, role in line if role == "bar"] == ["█" * 6, "█"]


@pytest.mark.parametrize("width", range(10, 120, 7))
def test_funnel_fits_the_width(width: int) -> None:
    funnel = {"applied": 12345, "screening": 300, "interviewing": 20, "offer": 3}
    for line in funnel_lines(funnel, 0.123, width):
        assert len(text(line)) <= width


def test_the_chart_module_imports_no_textual_or_rich() -> None:
    script = "import sys, json, bounceback_tui.domain.chart; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    loaded = json.loads(out.stdout.splitlines()[-1])
    assert not [m for m in loaded if m.split(".")[0] in ("textual", "rich")]
