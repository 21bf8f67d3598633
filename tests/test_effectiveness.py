"""Partnership Effectiveness Index: weights, arithmetic, missing components, and the fixture's groups."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.effectiveness import (
    DEFAULT_WEIGHTS,
    KEYS,
    component_scores,
    compose_index,
    effectiveness_index,
    method_markdown,
    normalise_weights,
    worked_example,
)
from tests.overview_fixture import Q1_2025, Q2_2025, make_overview_db

approx = pytest.approx


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = make_overview_db(tmp_path_factory.mktemp("index") / "overview.duckdb")
    with Database(path, read_only=True) as database:
        yield database


def test_weights_are_scaled_to_sum_to_one() -> None:
    assert normalise_weights({"high_performing": 2, "progress": 1, "on_time_training": 1}) == {
        "high_performing": 0.5,
        "progress": 0.25,
        "on_time_training": 0.25,
        "just_culture": 0.0,
    }
    assert sum(normalise_weights(DEFAULT_WEIGHTS).values()) == approx(1.0)
    for bad in ({"high_performing": 0}, {"progress": -1, "high_performing": 2}, {"speed": 1}):
        with pytest.raises(ValueError):
            normalise_weights(bad)


def hand_components() -> pd.DataFrame:
    """Four groups; NaN marks a missing component."""
    nan = float("nan")
    rows = [
        ("A", 80.0, 60.0, 40.0, 20.0),
        ("B", 80.0, 60.0, nan, 20.0),  # training suppressed
        ("C", 80.0, nan, nan, 20.0),  # only the high-performing share carries weight
        ("D", nan, 60.0, nan, nan),  # 25% of the weight left: no index
    ]
    frame = pd.DataFrame(rows, columns=["group", *KEYS]).assign(label=lambda f: f["group"])
    for key in KEYS:
        frame[f"why_{key}"] = frame[key].isna().map({True: "suppressed", False: ""})
    return frame


def test_index_arithmetic_with_missing_components() -> None:
    weights = {"high_performing": 2, "progress": 1, "on_time_training": 1, "just_culture": 0}
    out = compose_index(hand_components(), weights).set_index("group")
    # A: 0.5×80 + 0.25×60 + 0.25×40 (+ 0×20) = 40 + 15 + 10 = 65
    assert out.loc["A", "index"] == approx(65.0)
    assert out.loc["A", "coverage"] == approx(1.0)
    # B: training missing → coverage 0.75 → (40 + 15) / 0.75 = 73.333…
    assert out.loc["B", "index"] == approx(55 / 0.75)
    assert out.loc["B", "missing"] == "On-time partnership training (suppressed)"
    # C: high-performing only → coverage 0.5 (exactly the minimum) → 40 / 0.5 = 80
    assert out.loc["C", "index"] == approx(80.0)
    # D: progress only → coverage 0.25 < 0.5 → no index, no points
    assert math.isnan(out.loc["D", "index"]) and out.loc["D", "coverage"] == approx(0.25)
    assert out.loc["D", [f"points_{k}" for k in KEYS]].isna().all()
    # points add up to the index, and missing components have no points
    points = out[[f"points_{k}" for k in KEYS]].sum(axis=1)
    assert points.loc[["A", "B", "C"]].tolist() == approx(out.loc[["A", "B", "C"], "index"].tolist())
    assert math.isnan(out.loc["B", "points_on_time_training"])
    # a zero weight is never reported as missing
    assert "Just Culture" not in out.loc["A", "missing"]


def test_worked_example_spells_out_the_same_arithmetic() -> None:
    weights = {"high_performing": 2, "progress": 1, "on_time_training": 1, "just_culture": 0}
    rows = hand_components().set_index("group", drop=False)
    assert worked_example(rows.loc["A"], weights) == "A: (0.50 × 80.0 + 0.25 × 60.0 + 0.25 × 40.0) = 65.0"
    assert worked_example(rows.loc["B"], weights).endswith(
        "÷ 0.75 (weights of the components present) = 73.3"
    )
    assert "too few" in worked_example(rows.loc["D"], weights)


def test_components_of_the_fixture_regions(db: Database) -> None:
    components = component_scores(db, Filters(), "region", [Q2_2025])
    assert components["survey_year"].tolist() == [2024, 2024]  # no 2025 survey: the 2024 one is used
    north, south = components.set_index("group").loc["North"], components.set_index("group").loc["South"]
    assert north["high_performing"] == approx(200 / 3)  # 2 of 3
    assert north["progress"] == approx(100.0)  # T1, T3 up; T2 held level 4
    assert south["progress"] == approx(50.0)  # T4 up, T6 down; T5 has no level a year earlier
    # South has 5 respondents (< 11); North is hidden too, or national minus North would reveal South
    assert math.isnan(south["just_culture"]) and math.isnan(north["just_culture"])
    assert south["why_just_culture"].startswith("suppressed: fewer than 11 respondents")
    # North on its own is the same North cell: still hidden (else national − North = South again)
    (alone,) = component_scores(db, Filters(regions=("North",)), "region", [Q2_2025])["just_culture"]
    assert math.isnan(alone)


def test_index_of_the_fixture_regions(db: Database) -> None:
    out = effectiveness_index(db, Filters(), "region", [Q2_2025]).set_index("group")
    # North: training (12 people) and survey (12) hidden, since national − North would give South
    # (5 people, 5 respondents) away → coverage 0.5 → (66.67 + 100) / 2 = 83.33
    assert math.isnan(out.loc["North", "on_time_training"])
    assert (out.loc["North", "index"], out.loc["North", "coverage"]) == (approx(250 / 3), approx(0.5))
    # South: training and survey suppressed → coverage 0.5 → (33.33 + 50) / 2 = 41.67
    assert (out.loc["South", "index"], out.loc["South", "coverage"]) == (
        approx((100 / 3 + 50) / 2),
        approx(0.5),
    )
    # North alone is the same cell, with the same two components hidden
    alone = effectiveness_index(db, Filters(regions=("North",)), "region", [Q2_2025])
    assert alone["index"].tolist() == [approx(250 / 3)]


def test_component_scales_do_not_depend_on_the_other_groups_shown(db: Database) -> None:
    both = component_scores(db, Filters(), "region", [Q2_2025]).set_index("group")
    alone = component_scores(db, Filters(regions=("North",)), "region", [Q2_2025]).set_index("group")
    for key in ("high_performing", "progress"):
        assert alone.loc["North", key] == approx(both.loc["North", key])
    assert math.isnan(alone.loc["North", "on_time_training"]) and math.isnan(
        both.loc["North", "on_time_training"]
    )


def test_quarters_default_to_the_filters_range_and_each_gets_its_survey_year(db: Database) -> None:
    out = effectiveness_index(db, Filters(first_quarter=Q1_2025, last_quarter=Q2_2025), "national")
    assert out["quarter"].tolist() == [Q1_2025, Q2_2025]
    assert out["survey_year"].tolist() == [2024, 2024]
    # national Just Culture: (860 + 100 + 180 + 40) / 17 respondents
    assert out["just_culture"].tolist() == [approx(1180 / 17)] * 2
    old = effectiveness_index(db, Filters(), "national", [date(2022, 4, 1)])
    assert old.empty  # no assessments that quarter: no row


def test_method_text_states_weights_rules_and_survey_year() -> None:
    text = method_markdown({"high_performing": 1, "progress": 1, "on_time_training": 2}, 2024)
    assert "| 25% |" in text and "| 50% |" in text and "| 0% |" in text
    assert "fewer than 11 people" in text and "less than 50% of the" in text
    assert "2024 survey" in text
