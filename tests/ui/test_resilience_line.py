"""Step 8's sentence, "you bounced back before", in words a person would say (issue 16)."""

from __future__ import annotations

import pytest

from bounceback_tui.widgets.reflection_form import resilience_line


@pytest.mark.parametrize(("median", "said"), [
    (0.02, ", usually the same day."),  # within the hour: never "within 0 days"
    (0.04, ", usually the same day."),
    (1.0, ", usually within 1 day."),
    (2.5, ", usually within 2.5 days."),
])
def test_the_usual_time_reads_as_a_person_would_say_it(median: float, said: str) -> None:
    line = resilience_line(3, median)
    assert line.startswith("You have already bounced back from 3 setbacks" + said)
    assert "0 days" not in line


def test_gentle_mode_does_not_count_and_a_first_no_is_a_first_step() -> None:
    assert resilience_line(3, 0.0, gentle=True).startswith(
        "You have bounced back before, usually the same day.")
    assert "first step" in resilience_line(0, None)
