"""`Store.rejection_patterns` on a real SQLite file: only current no's count."""

from __future__ import annotations

from pathlib import Path

from bounceback_tui.domain.rejection_patterns import RejectionPatterns, describe
from bounceback_tui.store import Store


def add(store: Store, company: str, role: str, source: str, *stages: str) -> int:
    app = store.add_application(company, role, source=source)
    assert app.id is not None
    for stage in stages:
        store.move(app.id, stage)
    return app.id


def test_empty_store_has_no_patterns(store: Store) -> None:
    assert store.rejection_patterns() == RejectionPatterns(0, (), (), ())
    assert describe(store.rejection_patterns()) == []


def test_counts_only_rejected_and_ghosted(store: Store) -> None:
    add(store, "Acme", "Senior Backend Engineer", "LinkedIn", "rejected")
    add(store, "Beta", "Backend Developer", "linkedin", "screening", "rejected")
    add(store, "Gamma", "Platform Engineer", "Referral", "screening", "interviewing", "ghosted")
    add(store, "Delta", "Data Analyst", "", "ghosted")
    # Not a no: active, an offer (and what came after it), withdrawn.
    add(store, "Echo", "Backend Engineer", "LinkedIn")
    add(store, "Foxtrot", "Backend Engineer", "LinkedIn", "screening", "interviewing")
    add(store, "Golf", "Backend Engineer", "LinkedIn", "offer")
    add(store, "Hotel", "Backend Engineer", "LinkedIn", "offer", "accepted")
    add(store, "India", "Backend Engineer", "LinkedIn", "offer", "declined")
    add(store, "Juliet", "Backend Engineer", "LinkedIn", "withdrawn")
    add(store, "Kilo", "Backend Engineer", "LinkedIn", "interviewing", "rejected", "screening")

    result = store.rejection_patterns()
    assert result.total == 4
    assert result.by_stage == (("applied", 2), ("screening", 1), ("interviewing", 1))
    assert result.by_source == (("LinkedIn", 2), ("Referral", 1), ("unknown", 1))
    assert result.role_words == (("backend", 2), ("engineer", 2))
    assert describe(result) == [
        "4 past rejections to learn from.",
        "Where they ended: 2 after applying, 1 after screening, 1 after interviews",
        "Sources: LinkedIn 2, Referral 1, unknown 1",
        "Recurring in roles: backend 2, engineer 2",
    ]


def test_follows_moves_and_undo(store: Store) -> None:
    app_id = add(store, "Acme", "Designer", "Referral", "screening")
    assert store.rejection_patterns().total == 0
    store.move(app_id, "rejected")
    assert store.rejection_patterns().by_stage == (("screening", 1),)
    store.undo()
    assert store.rejection_patterns().total == 0
    store.move(app_id, "offer")
    store.move(app_id, "ghosted")  # an offer that went quiet is a no again
    assert store.rejection_patterns().by_stage == (("offer", 1),)


def test_saved_then_rejected_counts_as_before_applying(store: Store) -> None:
    app = store.add_application("Acme", "Writer", stage="saved")
    assert app.id is not None
    store.move(app.id, "rejected")
    assert store.rejection_patterns().by_stage == (("saved", 1),)


def test_reads_a_reopened_file(db_path: Path) -> None:
    with Store.open(db_path) as first:
        add(first, "Acme", "Platform Engineer", "LinkedIn", "rejected")
        add(first, "Beta", "Platform Lead", "LinkedIn", "screening", "ghosted")
    with Store.open(db_path) as again:
        result = again.rejection_patterns()
    assert result.total == 2
    assert result.by_source == (("LinkedIn", 2),)
    assert result.role_words == (("platform", 2),)
