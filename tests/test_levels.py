"""Level metrics against numbers worked out by hand on the fixture in ``overview_fixture.py``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.levels import (
    binomial_limit,
    binomial_tails,
    dimension_scores,
    funnel_grid,
    funnel_limits,
    funnel_positions,
    level_distribution,
    level_summary,
    level_transitions,
)
from tests.overview_fixture import Q1_2025, Q2_2024, Q2_2025, Q4_2024, make_overview_db

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
    # Binomial(10, 0.5): cumulative counts /1024: F(0)=1, F(1)=11, F(2)=56.
    # lower 2.5%: r=2 (F(1)=0.0107 < 0.025 ≤ F(2)=0.0547), α=(56−25.6)/(56−11)=0.675556 → (2−0.675556)/10
    assert binomial_limit(10, 0.5, 0.025) == approx(0.1324444, abs=1e-6)
    # upper 97.5% mirrors the lower limit of the not-high-performing share: 1 − 0.132444
    assert binomial_limit(10, 0.5, 0.975) == approx(0.8675556, abs=1e-6)
    # lower 0.1%: r=1 (F(0)=0.000977 < 0.001 ≤ F(1)), α=(11−1.024)/(11−1)=0.9976 → 0.00024
    assert binomial_limit(10, 0.5, 0.001) == approx(0.000240, abs=1e-6)
    # Binomial(4, 0.25): F(0)=81/256=0.3164 ≥ 0.025 → r=0, (0 − α)/4 < 0 → clipped to 0.
    # upper 97.5% = 1 − lower 2.5% of Binomial(4, 0.75): F(0)=1/256=0.0039, F(1)=13/256=0.0508 → r=1,
    # α=(13−6.4)/(13−1)=0.55 (0.025 = 6.4/256) → (1−0.55)/4 = 0.1125 → upper = 0.8875
    assert binomial_limit(4, 0.25, 0.025) == 0.0
    assert binomial_limit(4, 0.25, 0.975) == approx(0.8875)
    limits = funnel_limits(0.5, [3, 10]).set_index("n")
    # Binomial(3, 0.5): even 3 of 3 (P = 1/8) is not unusual: the 95% limits are 0 and 1
    assert (limits.loc[3, "lower_95"], limits.loc[3, "upper_95"]) == (0.0, 1.0)
    assert limits.loc[10, "upper_99_8"] == approx(1 - 0.000240, abs=1e-6)
    assert binomial_limit(5, 0.0, 0.975) == 0.0
    assert binomial_limit(5, 1.0, 0.025) == 1.0


def test_exact_tails_by_hand() -> None:
    # Binomial(10, 0.5): P(R ≥ 9) = 11/1024, P(R ≤ 1) = 11/1024, P(R ≥ 10) = 1/1024
    assert binomial_tails(10, 9, 0.5) == (approx(11 / 1024), approx(1023 / 1024))
    assert binomial_tails(10, 1, 0.5)[1] == approx(11 / 1024)
    assert binomial_tails(10, 0, 0.5) == (1.0, approx(1 / 1024))


@pytest.mark.parametrize("p0", [0.1, 0.37, 0.5, 0.75, 0.93])
@pytest.mark.parametrize("n", [1, 2, 5, 12, 40, 150])
def test_a_point_is_beyond_a_drawn_limit_exactly_when_the_exact_test_says_so(n: int, p0: float) -> None:
    limits = funnel_limits(p0, [n]).iloc[0]
    for r in range(n + 1):
        above, below = binomial_tails(n, r, p0)
        assert (r / n > limits["upper_95"]) == (above < 0.025), (r, above)
        assert (r / n > limits["upper_99_8"]) == (above < 0.001), (r, above)
        assert (r / n < limits["lower_95"]) == (below < 0.025), (r, below)
        assert (r / n < limits["lower_99_8"]) == (below < 0.001), (r, below)


def test_funnel_places_groups_against_limits_around_the_overall_share(db: Database) -> None:
    groups = level_summary(db, Filters(), "region", [Q2_2025])
    points, limits, overall = funnel_positions(groups)
    assert overall == approx(0.5)  # (2 + 1) / (3 + 3)
    assert points["position"].tolist() == ["within", "within"]  # 2 of 3 and 1 of 3 are common at p=0.5
    assert limits["n"].tolist() == [1, 2, 3]
    # 10 of 10 vs 9 of 10 vs 0 of 10 against p0 = 19/30 (hand: P(R≥10)=(19/30)^10=0.0104 → above 95%;
    # P(R≤0)=(11/30)^10=0.0000436 → below 99.8%; P(R≥9)=10·(19/30)^9·(11/30)+0.0104=0.0705 → within)
    made_up = pd.DataFrame(
        {
            "group": ["A", "B", "C"],
            "assessed_teams": [10, 10, 10],
            "high_performing_teams": [10, 9, 0],
            "high_performing_share": [1.0, 0.9, 0.0],
        }
    )
    made_up_points, _, p0 = funnel_positions(made_up)
    assert p0 == approx(19 / 30)
    assert made_up_points["p_above"].tolist()[:2] == [approx((19 / 30) ** 10), approx(0.0705, abs=5e-4)]
    assert made_up_points["position"].tolist() == ["above 95%", "within", "below 99.8%"]


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
