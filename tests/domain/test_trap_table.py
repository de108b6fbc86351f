"""How often the thinking-trap hint speaks, over two tables of short thoughts (issue 16, "Hints
that notice"): it should catch at least 40% of short distorted thoughts while flagging at most
3% of undistorted ones.

`thoughts.tsv` (364 rows) is the specification: job-hunt self-talk and everyday life, distorted
and not, each row with the trap a careful reader would name, the shape of the sentence
(`self-conclusion`, `should-feeling`, `never-about-other`, `guessed-feeling`, `reported-speech`,
`simile`, `negated`, …) and whether the hint is expected to catch it (`caught`: `yes`, `no` for
a known miss, `-` for an undistorted row). Every row is checked one by one.

`thoughts_heldout.tsv` (260 rows) was written by a teammate who never saw the rules, in the
style of CBT worksheets and across every kind of distortion (including kinds the product does
not name, such as all-or-nothing thinking and emotional reasoning). The rules were never tuned
to it; only its totals are checked. Do not tune the rules to it either: add the shape to
`thoughts.tsv` instead, and keep this one as the honest measure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bounceback_tui.domain.traps import TRAP_NAMES, detect_thinking_traps

HERE = Path(__file__).parent


def _rows(name: str) -> list[list[str]]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines[1:] if line.strip()]


TABLE = _rows("thoughts.tsv")
HELDOUT = _rows("thoughts_heldout.tsv")


def _names(text: str) -> list[str]:
    return [trap.name for trap in detect_thinking_traps(text)]


def test_the_table_is_well_formed() -> None:
    assert len(TABLE) >= 300
    assert all(len(row) == 4 for row in TABLE)
    texts = [text.casefold() for *_, text in TABLE]
    assert len(set(texts)) == len(texts)
    for expected, caught, _shape, text in TABLE:
        assert expected in (*TRAP_NAMES, "none"), expected
        assert caught == ("-" if expected == "none" else caught) and caught in ("yes", "no", "-")
        assert 3 <= len(text.split()) <= 30, text
    kinds = {expected for expected, *_ in TABLE}
    assert kinds == {*TRAP_NAMES, "none"}
    assert sum(expected == "none" for expected, *_ in TABLE) >= 150


@pytest.mark.parametrize(("expected", "caught", "shape", "text"),
                         [pytest.param(*row, id=f"{row[2]}-{n}") for n, row in enumerate(TABLE)])
def test_each_row(expected: str, caught: str, shape: str, text: str) -> None:
    names = _names(text)
    if expected == "none":
        assert names == [], f"{shape}: a hint on an undistorted thought"
    elif caught == "yes":
        assert expected in names, f"{shape}: {names or 'no hint'}"


def test_the_table_meets_the_target() -> None:
    distorted = [text for expected, _, _, text in TABLE if expected != "none"]
    undistorted = [text for expected, _, _, text in TABLE if expected == "none"]
    recall = sum(bool(_names(text)) for text in distorted) / len(distorted)
    false_alarms = sum(bool(_names(text)) for text in undistorted) / len(undistorted)
    assert recall >= 0.40 and false_alarms <= 0.03, (recall, false_alarms)
    known_misses = sum(caught == "no" for _, caught, _, _ in TABLE)
    assert known_misses <= len(distorted) * 0.1


def test_the_held_out_thoughts_meet_the_target() -> None:
    """Measured when it was added: 73 of 160 distorted thoughts caught (46%), 1 of 100
    undistorted ones flagged (1%); before the shape rules, 38 of 160 (24%) and none."""
    assert len(HELDOUT) == 260
    distorted = [text for label, text in HELDOUT if label == "distorted"]
    undistorted = [text for label, text in HELDOUT if label == "none"]
    recall = sum(bool(_names(text)) for text in distorted) / len(distorted)
    false_alarms = sum(bool(_names(text)) for text in undistorted) / len(undistorted)
    assert recall >= 0.40, recall
    assert false_alarms <= 0.03, false_alarms
