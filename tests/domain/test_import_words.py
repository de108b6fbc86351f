"""Other trackers' words (issue 15): headers and statuses read without flipping meaning."""

from __future__ import annotations

import pytest

from bounceback_tui.domain.import_words import can_mean, field_of, normal_word, read_status


@pytest.mark.parametrize(("header", "field"), [
    ("Job Position", "role"), ("JobTitle", "role"), ("appliedDate", "applied_on"),
    ("JobSource", "source"), ("Employer", "company"), ("Date Added", "saved_on"),
    ("Job Post URL", "url"), ("Date Saved", "saved_on"), ("Saved Date", "saved_on"),
    ("Status Date", "status_on"), ("Follow up", "follow_up_on"),
    ("Next Action Date", "follow_up_on"), ("\ufeffCompany Name", "company"),
    ("Application Date", "applied_on"), ("Salary Range", "pay"), ("Contact Email",
                                                                  "contact_email"),
    ("applied", "applied_on"), ("Resume Name", None), ("Question And Answers", None),
])
def test_headers_of_real_exports_name_their_fields(header: str, field: str | None) -> None:
    assert field_of(header) == field


@pytest.mark.parametrize(("word", "stage"), [
    ("Negotiating", "offer"), ("Researching", "saved"), ("To Apply", "saved"),
    ("Final Interview", "interviewing"), ("Waiting", "applied"),
    ("Interview Scheduled", "interviewing"), ("Acknowledged", "applied"),
    ("Online Assessment", "screening"), ("OA", "screening"), ("No Response", "ghosted"),
    ("Not Selected", "rejected"), ("I Withdrew", "withdrawn"), ("🎯 Researching", "saved"),
    ("✉️ Applied", "applied"), ("APPLIED", "applied"), ("Offer rescinded", "rejected"),
    ("Not interested", "withdrawn"), ("Applying", "saved"), ("JOB_REJECTED", "rejected"),
    ("JOB_APPLICATION", "applied"),
])
def test_status_words_read_as_what_they_mean(word: str, stage: str) -> None:
    assert read_status(word).stage == stage


def test_closing_words_invent_no_outcome_and_unknown_words_are_not_guessed() -> None:
    assert read_status("Archived").closed and read_status("Expired").closed
    assert read_status("Archived").stage is None
    for unknown in ("Unsent", "Heard back?", "Appplied", "Offerr"):
        reading = read_status(unknown)
        assert (reading.stage, reading.closed, reading.keep) == (None, False, False), unknown
    assert read_status("JOB_MOVED").keep and read_status("On Hold").keep
    assert read_status("Heard back?", {"heard back": "screening"}).stage == "screening"


def test_a_negation_never_maps_forward() -> None:
    assert not can_mean("Not heard back", "screening")
    assert not can_mean("Unsent", "applied")
    assert can_mean("Unsent", "saved") and can_mean("Heard back?", "screening")
    assert normal_word("  ✉️  Applied!! ") == "applied"
