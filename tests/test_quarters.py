"""Quarter parsing and labels, against hand-worked dates."""

from datetime import date

import pytest

from lmp_metrics.vocabulary.quarters import parse_quarter, quarter_end, quarter_label, shift_quarters


@pytest.mark.parametrize(
    "text", ["2025-Q2", "2025Q2", "Q2 2025", "2025-04-01", "2025-06-30", "2025-05-17", " 2025-q2 "]
)
def test_every_contract_format_means_2025_q2(text: str) -> None:
    assert parse_quarter(text) == date(2025, 4, 1)


@pytest.mark.parametrize("text", ["2025-Q5", "Q0 2025", "spring 2025", "", "2025-13-01"])
def test_nonsense_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match="not a quarter"):
        parse_quarter(text)


def test_labels_ends_and_shifts() -> None:
    assert quarter_label(date(2025, 4, 1)) == "2025 Q2"
    assert quarter_end(date(2025, 10, 1)) == date(2025, 12, 31)
    assert shift_quarters(date(2025, 4, 1), -4) == date(2024, 4, 1)
    assert shift_quarters(date(2025, 10, 1), 1) == date(2026, 1, 1)
