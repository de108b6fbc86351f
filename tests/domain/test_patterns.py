"""Patterns across past rejections (PRODUCT.md, reflection step 6), on hand-made rows."""

from __future__ import annotations

import ast
import inspect

import pytest

from bounceback_tui.domain import rejection_patterns as patterns
from bounceback_tui.domain.rejection_patterns import (
    TOP_ROLE_WORDS,
    TOP_SOURCES,
    RejectionPatterns,
    describe,
    rejection_patterns,
    role_words_of,
)

Row = tuple[str | None, str, str]


def rows(*items: Row) -> list[Row]:
    return list(items)


# --- empty input ----------------------------------------------------------------------------


def test_no_rejections_gives_empty_patterns_and_no_line() -> None:
    result = rejection_patterns([])
    assert result == RejectionPatterns(0, (), (), ())
    assert describe(result) == []


def test_accepts_any_iterable_once() -> None:
    result = rejection_patterns(iter([("applied", "LinkedIn", "Dev"),
                                      ("screening", "LinkedIn", "Dev")]))
    assert result.total == 2
    assert result.by_source == (("LinkedIn", 2),)


# --- by stage -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("furthest", "expected"),
    [
        (["applied", "applied"], (("applied", 2),)),
        (["interviewing", "applied", "screening", "applied"],
         (("applied", 2), ("screening", 1), ("interviewing", 1))),
        (["offer", "saved", "declined", "accepted", "interviewing"],
         (("saved", 1), ("interviewing", 1), ("offer", 1), ("accepted", 1), ("declined", 1))),
        # A missing or unknown furthest stage is counted as "applied".
        ([None, "applied", "rejected", "nonsense"], (("applied", 4),)),
        ([None, "screening"], (("applied", 1), ("screening", 1))),
    ],
)
def test_by_stage_in_forward_path_order(furthest: list[str | None],
                                        expected: tuple[tuple[str, int], ...]) -> None:
    result = rejection_patterns([(stage, "", "Dev") for stage in furthest])
    assert result.by_stage == expected
    assert result.total == len(furthest) == sum(count for _, count in result.by_stage)


# --- by source ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        # Case-insensitive groups keep the most common spelling.
        (["LinkedIn", "linkedin", "LinkedIn", " LinkedIn  "], (("LinkedIn", 4),)),
        (["linkedin", "linkedin", "LinkedIn"], (("linkedin", 3),)),
        # A tie between spellings picks the one that sorts first, whatever the row order.
        (["referral", "Referral"], (("Referral", 2),)),
        (["Referral", "referral"], (("Referral", 2),)),
        # Empty or blank is "unknown"; inner spaces are tidied.
        (["", "  ", "Job  board", "job board"], (("Job board", 2), ("unknown", 2))),
        # Most first, ties by name ignoring case.
        (["b", "A", "c", "c", "a"], (("A", 2), ("c", 2), ("b", 1))),
        # Unicode case folding groups spellings too.
        (["STRASSE", "straße", "Straße", "Straße"], (("Straße", 4),)),
    ],
)
def test_by_source_groups_and_orders(sources: list[str],
                                     expected: tuple[tuple[str, int], ...]) -> None:
    result = rejection_patterns([("applied", source, "Dev") for source in sources])
    assert result.by_source == expected


def test_by_source_lists_at_most_five() -> None:
    sources = ["f"] * 1 + ["e"] * 2 + ["d"] * 3 + ["c"] * 4 + ["b"] * 5 + ["a"] * 6 + ["g"]
    result = rejection_patterns([("applied", source, "Dev") for source in sources])
    assert len(result.by_source) == TOP_SOURCES == 5
    assert result.by_source == (("a", 6), ("b", 5), ("c", 4), ("d", 3), ("e", 2))
    assert result.total == len(sources)


# --- role words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("Senior Backend Engineer", {"backend", "engineer"}),
        ("Head of Platform and Data", {"head", "platform", "data"}),
        ("Jr. Software Engineer II", {"software", "engineer"}),
        ("Lead Developer", {"lead", "developer"}),
        ("Sr Front-end Developer (Mid-Level)", {"front-end", "developer"}),
        ("C++ / C# developer, 10+ years, 2024-25", {"c++", "c#", "developer", "years"}),
        ("Engineer, engineer, ENGINEER", {"engineer"}),
        ("A role for the best of the best", {"best"}),
        ("Développeuse Back-End", {"développeuse", "back-end"}),
        ("Entwickler für Straßenbahnen", {"entwickler", "für", "strassenbahnen"}),
        ("Ｐｙｔｈｏｎ engineer", {"python", "engineer"}),  # full-width letters (NFKC)
        ("Cafe\u0301 barista", {"café", "barista"}),  # combining accent (NFC)
        ("Инженер-программист", {"инженер-программист"}),
        ("データ エンジニア", {"データ", "エンジニア"}),
        ("snake_case x 1 2 3", {"snake", "case"}),
        ("", set()),
    ],
)
def test_role_words_of(role: str, expected: set[str]) -> None:
    assert role_words_of(role) == expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        # Needs at least two rejections; counted once per rejection.
        (["Backend Engineer", "Frontend Engineer Engineer"], (("engineer", 2),)),
        (["Backend Engineer", "Data Analyst"], ()),
        # Stop and seniority words never recur; "lead" is kept.
        (["Senior Lead of the Platform", "Junior Lead for the Platform", "Senior Lead"],
         (("lead", 3), ("platform", 2))),
        # Most first, then alphabetically.
        (["Platform Backend", "backend platform", "Backend Go", "go"],
         (("backend", 3), ("go", 2), ("platform", 2))),
        # Unicode words, grouped by case folding.
        (["Développeur Python", "DÉVELOPPEUR Java", "Ingénieur données", "ingénieur Données"],
         (("données", 2), ("développeur", 2), ("ingénieur", 2))),
    ],
)
def test_role_words_recurring(roles: list[str], expected: tuple[tuple[str, int], ...]) -> None:
    result = rejection_patterns([("applied", "", role) for role in roles])
    assert result.role_words == expected


def test_role_words_lists_at_most_five() -> None:
    roles = ["alpha beta gamma delta epsilon zeta eta"] * 2 + ["alpha beta"]
    result = rejection_patterns([("applied", "", role) for role in roles])
    assert len(result.role_words) == TOP_ROLE_WORDS == 5
    assert result.role_words == (("alpha", 3), ("beta", 3), ("delta", 2), ("epsilon", 2),
                                 ("eta", 2))


# --- describe -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            rows(("applied", "LinkedIn", "Senior Backend Engineer"),
                 ("applied", "linkedin", "Backend Developer"),
                 ("screening", "LinkedIn", "Platform Engineer"),
                 ("interviewing", "referral", "Staff Platform Engineer"),
                 (None, "", "Backend Engineer")),
            [
                "5 past rejections to learn from.",
                "Where they ended: 3 after applying, 1 after screening, 1 after interviews",
                "Sources: LinkedIn 3, referral 1, unknown 1",
                "Recurring in roles: engineer 4, backend 3, platform 2",
            ],
        ),
        (
            rows(("offer", "Recruiter", "Designer")),
            [
                "1 past rejection to learn from.",
                "Where they ended: 1 after an offer",
                "Sources: Recruiter 1",
            ],
        ),
        (
            rows(("saved", "", "Writer"), ("accepted", "", "Writer"),
                 ("declined", "", "Editor")),
            [
                "3 past rejections to learn from.",
                ("Where they ended: 1 before applying, 1 after accepting, "
                 "1 after declining an offer"),
                "Sources: unknown 3",
                "Recurring in roles: writer 2",
            ],
        ),
    ],
)
def test_describe(data: list[Row], expected: list[str]) -> None:
    assert describe(rejection_patterns(data)) == expected


@pytest.mark.parametrize("data", [rows(), rows(("applied", "x", "Dev")),
                                  rows(*[("screening", "LinkedIn", "Backend Dev")] * 9)])
def test_describe_stays_plain_and_kind(data: list[Row]) -> None:
    lines = describe(rejection_patterns(data))
    text = " ".join(lines).casefold()
    assert bool(lines) == bool(data)  # no rejections: nothing said (docs/voice.md)
    assert all(line and "\n" not in line and len(line) < 120 for line in lines)
    for harsh in ("fail", "bad", "wrong", "only", "should", "never", "mistake", "!"):
        assert harsh not in text


# --- hygiene --------------------------------------------------------------------------------


def test_module_uses_only_the_standard_library_and_stages() -> None:
    tree = ast.parse(inspect.getsource(patterns))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add("." * node.level + (node.module or ""))
    assert imported <= {"__future__", "re", "unicodedata", "collections", "collections.abc",
                        "dataclasses", "typing", ".stages"}
