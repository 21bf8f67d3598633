"""Measures and units: formats derived from the unit, against hand-written texts."""

from __future__ import annotations

import pytest

from lmp_metrics.vocabulary import measures as m


@pytest.mark.parametrize(
    ("unit", "value", "text"),
    [
        ("share", 0.77275, "77.3%"),
        ("rate", 0.5, "50.0%"),
        ("level", 3.254, "3.25"),
        ("score", 2.0, "2.00"),
        ("index", 61.26, "61.3"),
        ("teams", 1017, "1,017"),
        ("assignments", 12345.4, "12,345"),
        ("share", None, "–"),
        ("teams", float("nan"), "–"),
    ],
)
def test_unit_text(unit: str, value: float | None, text: str) -> None:
    assert m.UNITS[unit].text(value) == text


def test_unit_change() -> None:
    assert m.UNITS["share"].change(0.75, 0.70) == "+5.0 pts"
    assert m.UNITS["level"].change(3.0, 3.25) == "-0.25"
    assert m.UNITS["teams"].change(1200, 1017) == "+183"
    assert m.UNITS["teams"].change(1200, None) is None


def test_unit_formats_for_tables_and_excel() -> None:
    assert [(u.printf, u.excel) for u in (m.UNITS["share"], m.UNITS["level"], m.UNITS["teams"])] == [
        ("%.1f%%", "0.0%"),
        ("%.2f", "0.00"),
        ("localized", "#,##0"),
    ]


def test_high_levels_follow_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert m.high_levels() == "4–5"
    monkeypatch.setenv("LMP_HIGH_PERFORMING_LEVEL", "3")
    assert (m.high_performing_level(), m.high_levels()) == (3, "3–5")
    monkeypatch.setenv("LMP_HIGH_PERFORMING_LEVEL", "5")
    assert m.high_levels() == "5"


def test_labels_default_down_the_chain() -> None:
    mean = m.MEASURES["mean_level"]
    assert (mean.short, mean.table_header, mean.axis_title) == (
        "Mean level",
        "Mean level",
        "Mean Path to Performance level (1–5)",
    )
    dimension = m.MEASURES["dimension_score"]
    assert (dimension.short, dimension.axis_title) == ("Dimension score", "Mean score (1.0–5.0)")
    assert m.MEASURES["high_performing_share"].axis_title == "Teams at level 4–5 (% of assessed)"


def test_overview_measures_by_report_column() -> None:
    assert list(m.OVERVIEW) == [
        "high_performing_share",
        "mean_level",
        "moved_up_share",
        "moved_down_share",
        "assessed_teams",
        "training_completion_rate",
        "on_time_rate",
    ]
    assert m.OVERVIEW["training_completion_rate"] is m.MEASURES["completion_rate"]


def test_every_measure_is_well_formed() -> None:
    for found in m.MEASURES.values():
        assert found.unit in m.UNITS
        assert found.query in {"levels", "dimensions", "training", "surveys", "effectiveness"}
        assert found.higher_is_better in (True, False, None)
