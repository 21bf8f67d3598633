"""Level metrics against numbers worked out by hand on the fixture in ``overview_fixture.py``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from overview_fixture import Q1_2025, Q2_2024, Q2_2025, Q4_2024, make_overview_db

from lmp_metrics.database import Database
from lmp_metrics.filters import Filters
from lmp_metrics.levels import (
    binomial_limit,
    dimension_scores,
    funnel_grid,
    funnel_limits,
    funnel_positions,
    level_distribution,
    level_summary,
    level_transitions,
)

approx = pytest.approx


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = make_overview_db(tmp_path_factory.mktemp("levels") / "overview.duckdb")
    with Database(path, read_only=True) as database:
        yield database


def one(frame, **where) -> dict:
    """The single row matching ``where``, as a dict."""
    mask = True
    for column, value in where.items():
        mask = mask & (frame[column] == value)
    rows = frame[mask]
    assert len(rows) == 1, rows
    return rows.iloc[0].to_dict()


def test_national_quarter_by_quarter(db: Database) -> None:
    frame = level_summary(db, Filters(), "national")
    assert frame["quarter"].tolist() == [date(2024, m, 1) for m in (1, 4, 7, 10)] + [Q1_2025, Q2_2025]
    q2 = one(frame, quarter=Q2_2025)
    # levels 4,4,3,4,2,3 → 6 teams, mean 20/6, HP 3/6; vs 24Q2: 5 compared, up 3, down 1, up-or-held-high 4
    assert q2["group"] == "National"
    assert (q2["assessed_teams"], q2["compared_teams"], q2["high_performing_teams"]) == (6, 5, 3)
    assert q2["mean_level"] == approx(20 / 6)
    assert q2["high_performing_share"] == approx(0.5)
    assert q2["moved_up_share"] == approx(0.6)
    assert q2["moved_down_share"] == approx(0.2)
    assert q2["improved_or_sustained_share"] == approx(0.8)
    q1 = one(frame, quarter=Q1_2025)  # 3,5,3,4,2,4; up T1,T2,T3,T4; down T6
    assert q1["mean_level"] == approx(3.5)
    assert (q1["moved_up_share"], q1["moved_down_share"]) == (approx(0.8), approx(0.2))


def test_team_not_assessed_is_left_out_and_no_year_ago_means_no_movement(db: Database) -> None:
    q4 = one(level_summary(db, Filters(), "national"), quarter=Q4_2024)
    # T3 not assessed in 24Q4: 3,5,3,1,4 → 5 teams, mean 16/5, HP 2/5; 2023 Q4 not in the data
    assert q4["assessed_teams"] == 5
    assert q4["mean_level"] == approx(3.2)
    assert q4["high_performing_share"] == approx(0.4)
    assert q4["compared_teams"] == 0
    assert q4["moved_up_share"] != q4["moved_up_share"]  # NaN, not 0


def test_by_region_uses_only_teams_with_a_year_ago_level_for_movement(db: Database) -> None:
    frame = level_summary(db, Filters(), "region", [Q2_2025])
    north, south = one(frame, group="North"), one(frame, group="South")
    assert (north["assessed_teams"], north["mean_level"]) == (3, approx(11 / 3))
    assert north["high_performing_share"] == approx(2 / 3)
    assert (north["moved_up_share"], north["moved_down_share"]) == (approx(2 / 3), 0.0)
    # South: T5 has no 24Q2 level, so 2 compared teams: T4 up, T6 down
    assert (south["assessed_teams"], south["compared_teams"]) == (3, 2)
    assert (south["mean_level"], south["high_performing_share"]) == (approx(3.0), approx(1 / 3))
    assert (south["moved_up_share"], south["moved_down_share"]) == (approx(0.5), approx(0.5))


def test_other_groupings_and_filters(db: Database) -> None:
    partners = level_summary(db, Filters(), "labor_partner", [Q2_2025])
    # Coalition T1 4, T4 4, T5 2; Alliance T2 4, T6 3; Both T3 3
    assert one(partners, group="Coalition")["mean_level"] == approx(10 / 3)
    assert one(partners, group="Alliance")["high_performing_share"] == approx(0.5)
    assert one(partners, group="Both")["high_performing_share"] == 0.0
    facilities = level_summary(db, Filters(regions=("North",)), "facility", [Q2_2025])
    assert facilities["group"].tolist() == ["NF1", "NF2"]
    assert one(facilities, group="NF1")["mean_level"] == approx(4.0)
    departments = level_summary(db, Filters(facilities=("SF1",)), "department", [Q2_2025])
    assert one(departments, group="Dept C")["assessed_teams"] == 2
    teams = level_summary(db, Filters(departments=("Dept A",)), "team", [Q2_2025])
    assert teams["label"].tolist() == ["Team 1", "Team 2"]
    assert one(teams, group="T2")["improved_or_sustained_share"] == 1.0  # held level 4
    service_areas = level_summary(db, Filters(labor_partners=("Alliance",)), "service_area", [Q2_2025])
    assert service_areas["assessed_teams"].tolist() == [1, 1]


def test_quarter_range_of_the_filters_applies_when_no_quarters_are_given(db: Database) -> None:
    frame = level_summary(db, Filters(first_quarter=Q4_2024, last_quarter=Q1_2025), "region")
    assert sorted(set(frame["quarter"])) == [Q4_2024, Q1_2025]
    assert level_summary(db, Filters(), "region", []).empty


def test_level_distribution_shares(db: Database) -> None:
    frame = level_distribution(db, Filters(), [Q2_2025])
    assert frame["level"].tolist() == [2, 3, 4]
    assert frame["teams"].tolist() == [1, 2, 3]
    assert frame["share"].tolist() == approx([1 / 6, 2 / 6, 3 / 6])


def test_transitions_only_count_teams_assessed_in_both_quarters(db: Database) -> None:
    frame = level_transitions(db, Filters(), Q2_2024, Q2_2025)
    # T1 2→4, T2 4→4, T3 2→3, T4 3→4, T6 4→3; T5 was not assessed in 24Q2
    pairs = {(r.level_from, r.level_to): (r.teams, r.share_of_from) for r in frame.itertuples()}
    assert pairs == {
        (2, 3): (1, approx(0.5)),
        (2, 4): (1, approx(0.5)),
        (3, 4): (1, approx(1.0)),
        (4, 3): (1, approx(0.5)),
        (4, 4): (1, approx(0.5)),
    }


def test_family_scores_count_each_team_once(db: Database) -> None:
    frame = dimension_scores(db, Filters(), "region", [Q2_2025])
    north = frame[frame["group"] == "North"]
    family = north[north["dimension_name"].isna()].iloc[0]
    # team means T1 (4+2)/2 = 3, T2 3, T3 5 → 11/3, not the row mean 17/5
    assert (family["family"], family["teams"], family["score"]) == ("performance", 3, approx(11 / 3))
    by_dimension = north.dropna(subset=["dimension_name"]).set_index("dimension_name")["score"]
    assert by_dimension.to_dict() == {"Goals and performance": approx(4.0), "Use of tools": approx(2.5)}


def test_binomial_limits_by_hand() -> None:
    # Binomial(10, 0.5): cumulative counts /1024: F(1)=11, F(2)=56, F(7)=968, F(8)=1013.
    # upper 97.5%: r=8, α=(1013−998.4)/(1013−968)=0.32444 → (8−0.32444)/10 = 0.767556
    assert binomial_limit(10, 0.5, 0.975) == approx(0.7675556, abs=1e-6)
    # lower 2.5%: r=2, α=(56−25.6)/(56−11)=0.67556 → (2−0.67556)/10 = 0.132444
    assert binomial_limit(10, 0.5, 0.025) == approx(0.1324444, abs=1e-6)
    # Binomial(3, 0.5): F = 1/8, 4/8, 7/8, 1. upper 97.5%: r=3, α=0.025/0.125=0.2 → 2.8/3
    # upper 99.9%: α=0.001/0.125=0.008 → 2.992/3; lower limits fall below 0 and are clipped
    limits = funnel_limits(0.5, [3, 10]).set_index("n")
    assert limits.loc[3, "upper_95"] == approx(2.8 / 3)
    assert limits.loc[3, "upper_99_8"] == approx(2.992 / 3)
    assert limits.loc[3, "lower_95"] == 0.0
    assert limits.loc[10, "upper_99_8"] > limits.loc[10, "upper_95"] > 0.5
    assert binomial_limit(5, 0.0, 0.975) == 0.0
    assert binomial_limit(5, 1.0, 0.025) == 1.0


def test_funnel_places_groups_against_limits_around_the_overall_share(db: Database) -> None:
    groups = level_summary(db, Filters(), "region", [Q2_2025])
    points, limits, overall = funnel_positions(groups)
    assert overall == approx(0.5)  # (2 + 1) / (3 + 3)
    assert points["position"].tolist() == ["within", "within"]  # 2/3 and 1/3 are inside 0–0.933
    assert limits["n"].tolist() == [1, 2, 3]
    extreme = groups.assign(high_performing_share=[1.0, 0.0])
    extreme_points, _, _ = funnel_positions(extreme)
    assert extreme_points["position"].tolist() == ["above 99.8%", "within"]


def test_funnel_grid_is_dense_for_small_groups_and_ends_at_the_largest() -> None:
    assert funnel_grid(5) == [1, 2, 3, 4, 5]
    grid = funnel_grid(4000)
    assert grid[:60] == list(range(1, 61)) and grid[-1] == 4000 and len(grid) < 200


def test_empty_scope_gives_empty_frames(db: Database) -> None:
    nobody = Filters(regions=("Atlantis",))
    assert level_summary(db, nobody, "region").empty
    assert level_distribution(db, nobody).empty
    points, limits, overall = funnel_positions(level_summary(db, nobody, "facility", [Q2_2025]))
    assert points.empty and limits.empty and overall != overall
