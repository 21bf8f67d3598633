"""Quarter parsing and labels, against hand-worked dates."""

from datetime import date

import pandas as pd
import pytest

from lmp_metrics.vocabulary.quarters import (
    QuarterRange,
    parse_quarter,
    quarter_end,
    quarter_label,
    shift_quarters,
)


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


# -- QuarterRange -------------------------------------------------------------------------------
Q = {
    label: parse_quarter(label)
    for label in ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2")
}
OPTIONS = list(Q.values())
DEFAULT = QuarterRange(Q["2025-Q3"], Q["2026-Q2"])


def test_parse_reads_the_url_and_lists_its_quarters() -> None:
    span = QuarterRange.parse("2025-Q2", "2026-Q1", OPTIONS, DEFAULT)
    assert span == QuarterRange(date(2025, 4, 1), date(2026, 1, 1))
    assert span.every() == [date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1), date(2026, 1, 1)]
    assert span.params() == ("2025-Q2", "2026-Q1")
    assert span.label == "2025 Q2 – 2026 Q1"


def test_parse_falls_back_per_end_and_orders_the_ends() -> None:
    assert QuarterRange.parse(None, "2026-Q1", OPTIONS, DEFAULT) == QuarterRange(Q["2025-Q3"], Q["2026-Q1"])
    assert QuarterRange.parse("spring", "2031-Q1", OPTIONS, DEFAULT) == DEFAULT  # unreadable, not in the data
    assert QuarterRange.parse("2026-Q1", "2025-Q2", OPTIONS, DEFAULT) == QuarterRange(
        Q["2025-Q2"], Q["2026-Q1"]
    )


def test_contains_among_and_cut() -> None:
    span = QuarterRange(Q["2025-Q2"], Q["2025-Q4"])
    assert [span.contains(q) for q in OPTIONS] == [False, True, True, True, False, False]
    assert span.among(reversed(OPTIONS)) == [Q["2025-Q2"], Q["2025-Q3"], Q["2025-Q4"]]
    assert QuarterRange(last=Q["2025-Q2"]).among(OPTIONS) == [Q["2025-Q1"], Q["2025-Q2"]]
    frame = pd.DataFrame({"quarter": OPTIONS, "value": range(6)})
    assert span.cut(frame)["value"].tolist() == [1, 2, 3]
    assert QuarterRange().cut(frame)["value"].tolist() == list(range(6))


def test_open_ends_where_and_whole_years() -> None:
    assert QuarterRange().is_open and QuarterRange().label == "first – latest"
    assert QuarterRange().where() == ("TRUE", [])
    assert QuarterRange(Q["2025-Q2"]).where("l.quarter") == ("l.quarter >= ?", [Q["2025-Q2"]])
    assert QuarterRange(Q["2025-Q2"], Q["2026-Q1"]).whole_years() == QuarterRange(
        date(2025, 1, 1), date(2026, 10, 1)
    )
    assert QuarterRange(Q["2025-Q2"], Q["2026-Q1"]).up_to_last() == QuarterRange(None, Q["2026-Q1"])
    assert QuarterRange(Q["2025-Q4"], Q["2025-Q2"]).every() == []  # an empty span
    with pytest.raises(ValueError, match="open quarter range"):
        QuarterRange(Q["2025-Q2"]).every()
