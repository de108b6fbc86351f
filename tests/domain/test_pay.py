"""Pay as people write it (issue 14): kept as typed, read where it can be."""

from __future__ import annotations

import pytest

from bounceback_tui.domain.pay import PayInputError, pay_reading, read_pay


@pytest.mark.parametrize(("text", "reading"), [
    ("£90k–120k a year", "90,000–120,000 GBP a year"),
    ("$165k", "165,000 USD"),
    ("€50/h", "50 EUR an hour"),
    ("90-120k EUR", "90,000–120,000 EUR"),
    ("90.000 - 110.000 EUR per annum", "90,000–110,000 EUR a year"),
    ("competitive", ""),
    ("", ""),
])
def test_pay_is_kept_as_typed_and_read_where_it_can_be(text: str, reading: str) -> None:
    pay = read_pay(text)
    assert pay.text == text.strip() if not text.strip() else pay.text == text
    assert pay_reading(pay) == reading


def test_a_range_upside_down_is_refused_with_the_way_to_write_it() -> None:
    with pytest.raises(PayInputError, match="write it low to high"):
        read_pay("£120k–90k")
