"""Survey roll-ups: respondent weighting and small-group suppression, on hand-made rows."""

from __future__ import annotations

import math
from datetime import date

import pytest

from lmp_metrics.database import Database
from lmp_metrics.filters import Filters
from lmp_metrics.surveys import survey_summary
from tests.conftest import insert_rows


def team(team_id: str, region: str, facility: str, department: str, partner: str = "Both") -> dict:
    return {
        "team_id": team_id,
        "team_name": f"Team {team_id}",
        "department": department,
        "facility": facility,
        "service_area": f"SA {region}",
        "region": region,
        "labor_partner": partner,
        "formed_on": date(2015, 1, 1),
    }


def survey(team_id: str, year: int, index: str, score: float, respondents: int) -> dict:
    return {
        "team_id": team_id,
        "survey_year": year,
        "index_name": index,
        "score": score,
        "respondents": respondents,
    }


@pytest.fixture
def survey_db(empty_db: Database, build_marts) -> Database:
    """Region North: A (6 people, 80) + B (5 people, 60) = 11 respondents, just enough.
    Region South: C (10 people, 50) alone, one short. Region West: D (11 people, 90).
    """
    insert_rows(
        empty_db,
        "teams",
        [
            team("A", "North", "F1", "ICU", "Coalition"),
            team("B", "North", "F1", "Lab", "Alliance"),
            team("C", "South", "F2", "ICU", "Coalition"),
            team("D", "West", "F3", "ICU", "Alliance"),
        ],
    )
    insert_rows(
        empty_db,
        "survey_results",
        [
            survey("A", 2024, "just_culture", 80.0, 6),
            survey("B", 2024, "just_culture", 60.0, 5),
            survey("C", 2024, "just_culture", 50.0, 10),
            survey("D", 2024, "just_culture", 90.0, 11),
            survey("D", 2023, "just_culture", 70.0, 11),
            survey("D", 2024, "speak_up", 40.0, 0),
        ],
    )
    build_marts(empty_db)
    return empty_db


def row(frame, group: str, year: int = 2024, index: str = "just_culture"):
    hits = frame[(frame["group"] == group) & (frame["survey_year"] == year) & (frame["index_name"] == index)]
    assert len(hits) == 1, (group, year, index)
    return hits.iloc[0]


def test_region_means_are_weighted_by_respondents_and_11_is_enough(survey_db: Database) -> None:
    out = survey_summary(survey_db, Filters(), "region", years=[2024])
    north = row(out, "North")
    # (80×6 + 60×5) / (6+5) = (480 + 300) / 11 = 780/11 = 70.909…, not the plain mean 70.
    assert north["score"] == pytest.approx(780 / 11)
    assert north["respondents"] == 11
    assert not north["suppressed"]
    west = row(out, "West")
    assert (west["score"], west["respondents"], west["suppressed"]) == (90.0, 11, False)


def test_ten_respondents_are_suppressed_everywhere_in_the_row(survey_db: Database) -> None:
    south = row(survey_summary(survey_db, Filters(), "region", years=[2024]), "South")
    assert south["suppressed"]
    assert math.isnan(south["score"]) and math.isnan(south["respondents"])


def test_zero_respondents_never_divide_by_zero(survey_db: Database) -> None:
    speak = row(survey_summary(survey_db, Filters(), "region", years=[2024]), "West", index="speak_up")
    assert speak["suppressed"] and math.isnan(speak["score"])


def test_national_weights_every_team(survey_db: Database) -> None:
    nation = row(survey_summary(survey_db, Filters(), "national", years=[2024]), "National")
    # (480 + 300 + 50×10 + 90×11) / (6+5+10+11) = (780 + 500 + 990) / 32 = 2270/32 = 70.9375
    assert nation["score"] == pytest.approx(2270 / 32)
    assert nation["respondents"] == 32 and nation["teams"] == 4


def test_team_level_rows_under_11_are_suppressed(survey_db: Database) -> None:
    out = survey_summary(survey_db, Filters(), "team", years=[2024])
    jc = out[out["index_name"] == "just_culture"].set_index("group")
    assert jc["suppressed"].to_dict() == {"A": True, "B": True, "C": True, "D": False}


def test_labor_partner_and_department_groupings(survey_db: Database) -> None:
    partners = survey_summary(survey_db, Filters(), "labor_partner", years=[2024])
    # Coalition = A (6) + C (10) = 16 respondents: (480 + 500) / 16 = 61.25
    assert row(partners, "Coalition")["score"] == pytest.approx(980 / 16)
    # Alliance = B (5) + D (11) = 16: (300 + 990) / 16 = 80.625
    assert row(partners, "Alliance")["score"] == pytest.approx(1290 / 16)
    icu = row(survey_summary(survey_db, Filters(), "department", years=[2024]), "ICU")
    # ICU = A, C, D: (480 + 500 + 990) / 27 = 1970/27
    assert icu["score"] == pytest.approx(1970 / 27)


def test_filters_limit_teams_and_quarter_range_limits_years(survey_db: Database) -> None:
    north_only = survey_summary(survey_db, Filters(regions=("North",)), "national", years=None)
    assert north_only["respondents"].tolist() == [11]
    ranged = Filters(first_quarter=date(2023, 1, 1), last_quarter=date(2023, 10, 1))
    out = survey_summary(survey_db, ranged, "region")
    assert out[["group", "survey_year", "score"]].values.tolist() == [["West", 2023, 70.0]]
    assert survey_summary(survey_db, Filters(), "region", years=[]).empty


def test_min_group_size_setting_is_respected(survey_db: Database, monkeypatch) -> None:
    monkeypatch.setenv("LMP_MIN_GROUP_SIZE", "12")
    north = row(survey_summary(survey_db, Filters(), "region", years=[2024]), "North")
    assert north["suppressed"]


def test_unknown_grouping_is_refused(survey_db: Database) -> None:
    with pytest.raises(ValueError, match="unknown grouping"):
        survey_summary(survey_db, Filters(), "region; DROP TABLE teams", years=[2024])
