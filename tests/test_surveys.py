"""Survey roll-ups: respondent weighting and small-group suppression, on hand-made rows."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.suppression import MarksOutOfDate, suppressed_label
from lmp_metrics.charts.cells import CELL_TEXT, READABLE_SCALE, SUPPRESSED_FILL
from lmp_metrics.charts.surveys import (
    falls_figure,
    group_year_heatmap,
    index_trend_figure,
    score_by_level_figure,
)
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.surveys import (
    level_association,
    score_by_level,
    survey_summary,
    survey_years,
    team_scores_by_level,
    year_over_year,
    yearly,
)
from lmp_metrics.views.surveys import labelled
from tests.dbfixtures import insert_rows, team_row


def survey(team_id: str, year: int, index: str, score: float, respondents: int) -> dict:
    return {
        "team_id": team_id,
        "survey_year": year,
        "index_name": index,
        "score": score,
        "respondents": respondents,
    }


def fill_surveys(empty_db: Database) -> None:
    """Region North: A (6 people, 80) + B (5 people, 60) = 11 respondents, just enough.
    Region South: C (10 people, 50) alone, one short. Region West: D (11 people, 90, Alliance).
    Region East: E (5 people, 20, department ER), so two regions are small and neither small one can
    be worked out from the national total and the others. Every team but D is Coalition, so the
    labor-partner split hides nothing more (had B been Alliance, national Alliance − West = B).
    """
    insert_rows(
        empty_db,
        "teams",
        [
            team_row("A", "North", "F1", "ICU", "Coalition"),
            team_row("B", "North", "F1", "Lab", "Coalition"),
            team_row("C", "South", "F2", "ICU", "Coalition"),
            team_row("D", "West", "F3", "ICU", "Alliance"),
            team_row("E", "East", "F4", "ER", "Coalition"),
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
            survey("E", 2024, "just_culture", 20.0, 5),
            survey("D", 2023, "just_culture", 70.0, 11),
            survey("D", 2024, "speak_up", 40.0, 0),
        ],
    )


@pytest.fixture
def survey_db(empty_db: Database, build_marts) -> Database:
    fill_surveys(empty_db)
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
    # (480 + 300 + 50×10 + 90×11 + 20×5) / (6+5+10+11+5) = (780 + 500 + 990 + 100) / 37 = 2370/37
    assert nation["score"] == pytest.approx(2370 / 37)
    assert nation["respondents"] == 37 and nation["teams"] == 5


def test_team_level_rows_under_11_are_suppressed(survey_db: Database) -> None:
    out = survey_summary(survey_db, Filters(), "team", years=[2024])
    jc = out[out["index_name"] == "just_culture"].set_index("group")
    assert jc["suppressed"].to_dict() == {"A": True, "B": True, "C": True, "D": False, "E": True}


def test_labor_partner_and_department_groupings(survey_db: Database) -> None:
    partners = survey_summary(survey_db, Filters(), "labor_partner", years=[2024])
    # Coalition = A (6) + B (5) + C (10) + E (5) = 26 respondents: (480 + 300 + 500 + 100) / 26
    assert row(partners, "Coalition")["score"] == pytest.approx(1380 / 26)
    assert row(partners, "Alliance")["score"] == pytest.approx(90.0)  # D alone, 11
    departments = survey_summary(survey_db, Filters(), "department", years=[2024])
    # ICU (A, C, D: 27) would give national − ICU = Lab + ER = 10 people away: hidden (it is ICU in
    # F1 (A, 6) ∪ South (C, 10) ∪ West (D, 11), and two of those are hidden).
    assert row(departments, "ICU")["suppressed"] and math.isnan(row(departments, "ICU")["score"])


def test_a_department_name_in_one_facility_reads_that_facility_s_cell(survey_db: Database) -> None:
    # ICU within F3 is team D (11): shown, as region West and team D are.
    west_icu = survey_summary(survey_db, Filters(facilities=("F3",)), "department", years=[2024])
    assert row(west_icu, "ICU")["score"] == pytest.approx(90.0)
    assert not row(survey_summary(survey_db, Filters(), "team", years=[2024]), "D")["suppressed"]


def test_a_lone_hidden_group_takes_the_smallest_other_with_it(survey_db: Database) -> None:
    # Within F1: ICU (A, 6) and Lab (B, 5) are both small, together 11: F1 (11) is shown, both hidden.
    out = survey_summary(survey_db, Filters(facilities=("F1",)), "department", years=[2024])
    jc = out[out["index_name"] == "just_culture"].set_index("group")
    assert jc["suppressed"].to_dict() == {"ICU": True, "Lab": True}
    assert jc["score"].isna().all() and jc["respondents"].isna().all()
    assert not row(survey_summary(survey_db, Filters(), "facility", years=[2024]), "F1")["suppressed"]


def test_filters_limit_teams_and_quarter_range_limits_years(survey_db: Database) -> None:
    north_only = survey_summary(survey_db, Filters(regions=("North",)), "national", years=None)
    assert north_only["respondents"].tolist() == [11]
    ranged = Filters(first_quarter=date(2023, 1, 1), last_quarter=date(2023, 10, 1))
    out = survey_summary(survey_db, ranged, "region")
    assert out[["group", "survey_year", "score"]].values.tolist() == [["West", 2023, 70.0]]
    assert survey_summary(survey_db, Filters(), "region", years=[]).empty


def test_min_group_size_setting_is_respected(survey_db: Database, build_marts, monkeypatch) -> None:
    monkeypatch.setenv("LMP_MIN_GROUP_SIZE", "12")
    with pytest.raises(MarksOutOfDate, match="built for min_group_size 11"):
        survey_summary(survey_db, Filters(), "region", years=[2024])
    build_marts(survey_db, ())  # the marts read the setting: rebuilt for 12
    north = row(survey_summary(survey_db, Filters(), "region", years=[2024]), "North")
    assert north["suppressed"]


def test_unknown_grouping_is_refused(survey_db: Database) -> None:
    with pytest.raises(ValueError, match="unknown grouping"):
        survey_summary(survey_db, Filters(), "region; DROP TABLE teams", years=[2024])


def test_year_over_year_puts_the_biggest_fall_first_and_suppressed_last(
    survey_db: Database, build_marts
) -> None:
    insert_rows(
        survey_db,
        "survey_results",
        [
            survey("A", 2023, "just_culture", 90.0, 6),
            survey("B", 2023, "just_culture", 70.0, 6),
            survey("C", 2023, "just_culture", 60.0, 20),
        ],
    )
    build_marts(survey_db)
    out = year_over_year(survey_db, Filters(), "region", 2024)
    # North 2023: (90×6 + 70×6)/12 = 80; 2024: 780/11 → change 780/11 − 80 = −9.09…
    # West: 70 → 90 = +20. East and South 2024 (5, 10 people), West speak_up (0) are suppressed.
    assert out[["group", "index_name"]].values.tolist() == [
        ["North", "just_culture"],
        ["West", "just_culture"],
        ["East", "just_culture"],
        ["South", "just_culture"],
        ["West", "speak_up"],
    ]
    assert out["change"].iloc[0] == pytest.approx(780 / 11 - 80)
    assert out["previous"].iloc[0] == pytest.approx(80.0)
    assert out["change"].iloc[1] == pytest.approx(20.0)
    assert out["suppressed"].tolist() == [False, False, True, True, True]
    assert not out["previous_suppressed"].any()  # South 2023 had 20 respondents
    assert out["change"].iloc[2:].isna().all() and out["score"].iloc[2:].isna().all()
    assert survey_years(survey_db, Filters()) == [2023, 2024]


@pytest.fixture
def level_db(empty_db: Database, build_marts) -> Database:
    """Eight teams in 2024. L6 (10 respondents), L7 (no level that year) and L8 (10 respondents, no
    level) must be left out. L8 is there so that L6 is not the only hidden team of the department,
    which would hide the smallest other team too (L1)."""
    scores = {
        "L1": (40, 11),
        "L2": (50, 20),
        "L3": (60, 11),
        "L4": (80, 12),
        "L5": (70, 30),
        "L6": (99, 10),
        "L7": (10, 50),
        "L8": (5, 10),
    }
    levels = [
        ("L1", 1, 2),
        ("L1", 10, 1),
        ("L2", 4, 1),
        ("L3", 7, 3),
        ("L4", 7, 3),
        ("L5", 1, 3),
        ("L6", 1, 5),
        ("L7", 1, 2),
    ]
    insert_rows(empty_db, "teams", [team_row(t, "North", "F1", "ICU") for t in scores])
    insert_rows(
        empty_db, "survey_results", [survey(t, 2024, "speak_up", s, n) for t, (s, n) in scores.items()]
    )
    insert_rows(
        empty_db,
        "team_quarter_levels",
        [
            {"team_id": t, "quarter": date(2024 if t != "L7" else 2023, m, 1), "level": lv}
            for t, m, lv in levels
        ],
    )
    build_marts(empty_db)
    return empty_db


def test_score_by_level_uses_the_last_level_of_the_year_and_only_big_enough_teams(level_db: Database) -> None:
    box = score_by_level(level_db, Filters(), 2024, "speak_up")
    # L1 was level 2 in Q1 but level 1 in Q4 → level 1 with L2: scores 40, 50.
    # Level 3: L3 60, L4 80, L5 70. L6 (level 5) has 10 respondents → no level-5 box at all.
    assert box["level"].tolist() == [1, 3]
    assert box.iloc[0][["teams", "low", "q1", "median", "q3", "high", "mean"]].tolist() == [
        2,
        40,
        42.5,
        45,
        47.5,
        50,
        45,
    ]
    assert box.iloc[1][["teams", "low", "q1", "median", "q3", "high", "mean"]].tolist() == [
        3,
        60,
        65,
        70,
        75,
        80,
        70,
    ]


def test_level_association_is_a_spearman_correlation_with_ties(level_db: Database) -> None:
    found = level_association(level_db, Filters(), 2024, "speak_up")
    # level ranks (ties averaged) 1.5, 1.5, 4, 4, 4; score ranks 1, 2, 3, 5, 4 (40, 50, 60, 80, 70)
    # deviations from 3: x −1.5, −1.5, 1, 1, 1; y −2, −1, 0, 2, 1 → Σxy 7.5, Σx² 7.5, Σy² 10
    # r = 7.5 / √(7.5 × 10) = √3/2 ≈ 0.866
    assert found["teams"] == 5
    assert found["spearman"] == pytest.approx(3**0.5 / 2)
    few = level_association(level_db, Filters(team_ids=("L1", "L3")), 2024, "speak_up")
    assert few["teams"] == 2 and math.isnan(few["spearman"])


def test_heatmap_says_suppressed_instead_of_a_number(survey_db: Database) -> None:
    summary = survey_summary(survey_db, Filters(), "region", years=[2024])
    fig = group_year_heatmap(summary, "just_culture", "Region")
    heat = fig.data[0]
    # rows by the latest score, lowest on top, suppressed last: North (70.9), West (90), East, South
    assert list(heat.y) == ["North", "West", "East", "South"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert [row[0] for row in heat.text] == ["71", "90", "suppressed", "suppressed"]
    assert math.isnan(heat.z[2][0])
    assert heat.customdata[2][0] == suppressed_label() and heat.customdata[0][0] == "70.9 (11 respondents)"
    lowest = group_year_heatmap(summary, "just_culture", "Region", limit=1)
    assert list(lowest.data[0].y) == ["North"]
    assert "the 1 lowest of 4 in 2024" in lowest.layout.title.text
    assert "Just Culture by region and year" in fig.layout.title.text


def test_trend_hover_never_shows_a_suppressed_number(survey_db: Database) -> None:
    summary = survey_summary(survey_db, Filters(regions=("West",)), "national", years=[2023, 2024])
    fig = index_trend_figure(summary, "West")
    speak = next(trace for trace in fig.data if trace.name == "Speak up")
    assert list(speak.customdata) == ["no result", suppressed_label()]  # 2023 none, 2024 0 respondents
    jc = next(trace for trace in fig.data if trace.name == "Just Culture")
    assert list(jc.y) == [70.0, 90.0]


def test_box_figure_draws_the_hand_worked_quartiles(level_db: Database) -> None:
    fig = score_by_level_figure(score_by_level(level_db, Filters(), 2024, "speak_up"), "speak_up", 2024)
    assert [(b.q1[0], b.median[0], b.q3[0]) for b in fig.data] == [(42.5, 45, 47.5), (65, 70, 75)]
    assert [a.text for a in fig.layout.annotations] == ["2 teams", "3 teams"]
    empty = score_by_level_figure(score_by_level(level_db, Filters(), 2020, "speak_up"), "speak_up", 2020)
    assert "No team with enough respondents" in empty.layout.annotations[0].text


def test_labelled_tables_show_words_for_suppressed_rows(survey_db: Database) -> None:
    summary = survey_summary(survey_db, Filters(), "region", years=[2024])
    shown = labelled(summary[summary["index_name"] == "just_culture"], {"score": 1, "respondents": 0})
    assert shown["score"].tolist() == [suppressed_label(), "70.9", suppressed_label(), "90.0"]
    assert shown["respondents"].tolist() == [suppressed_label(), "11", suppressed_label(), "11"]


def test_yearly_widens_the_quarter_range_to_whole_years() -> None:
    ranged = Filters(first_quarter=date(2023, 4, 1), last_quarter=date(2025, 4, 1), regions=("North",))
    assert yearly(ranged) == Filters(date(2023, 1, 1), date(2025, 10, 1), regions=("North",))
    assert yearly(Filters()) == Filters()


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_helper_matches_the_wcag_reference_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_heatmap_text_is_dark_on_light_cells_and_suppressed_cells_are_a_labelled_layer(
    survey_db: Database,
) -> None:
    summary = survey_summary(survey_db, Filters(), "region", years=[2024])
    fig = group_year_heatmap(summary, "just_culture", "Region")
    heat, layer = fig.data
    assert heat.colorscale == tuple(tuple(stop) for stop in READABLE_SCALE)
    assert heat.textfont.color == CELL_TEXT
    assert min(contrast(colour, CELL_TEXT) for _, colour in READABLE_SCALE) >= 7
    # rows North, West, East, South: the two suppressed regions are covered, nothing else
    assert [row[0] for row in layer.text] == ["", "", "suppressed", "suppressed"]
    assert [math.isnan(row[0]) for row in layer.z] == [True, True, False, False]
    assert layer.colorscale[0][1] == SUPPRESSED_FILL and layer.showscale is False
    assert contrast(SUPPRESSED_FILL, layer.textfont.color) >= 4.5
    assert fig.layout.plot_bgcolor is None  # no grey plot background framing the map
    whole = group_year_heatmap(summary[summary["group"] == "North"], "just_culture", "Region")
    assert len(whole.data) == 1  # nothing suppressed, no layer


def changes(*pairs: tuple[str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": [g for g, _ in pairs],
            "index_name": "just_culture",
            "previous": 70.0,
            "score": [70.0 + c for _, c in pairs],
            "change": [c for _, c in pairs],
        }
    )


def test_falls_axis_spans_at_least_five_points_either_side_and_bars_are_labelled() -> None:
    small = falls_figure(changes(("Colorado", -0.5), ("Hawaii", 2.9)), "just_culture", "Region", 2026)
    bar = small.data[0]
    assert list(bar.y) == ["Colorado"] and list(bar.text) == ["−0.5"]  # rises are not falls
    assert list(small.layout.xaxis.range) == [-5.0, 5.0]
    big = falls_figure(changes(("North", -8.0), ("South", -1.25)), "just_culture", "Region", 2026)
    # worst on top (drawn last); ±1.25 × the largest fall leaves room for its label
    assert list(big.data[0].y) == ["South", "North"] and list(big.data[0].text) == ["−1.2", "−8.0"]
    assert list(big.layout.xaxis.range) == [-10.0, 10.0]


def test_falls_that_round_to_zero_are_no_falls_and_the_chart_says_nothing_fell() -> None:
    # -0.04 shows as "0.0": the single bar "−0.0" when nothing fell
    fig = falls_figure(changes(("Colorado", -0.04), ("Hawaii", 2.9)), "just_culture", "Region", 2026)
    assert not [t for t in fig.data if t.type == "bar"]
    message = " ".join(a.text for a in fig.layout.annotations)
    assert "Nothing fell" in message and "region" in message
    one = falls_figure(changes(("Colorado", -0.04), ("Hawaii", -0.06)), "just_culture", "Region", 2026)
    assert list(one.data[0].y) == ["Hawaii"] and list(one.data[0].text) == ["−0.1"]


def test_team_scores_by_level_lists_only_levels_with_few_teams(level_db: Database) -> None:
    # level 1: L1 40, L2 50; level 3: L3 60, L5 70, L4 80 (L6 has 10 respondents, never drawn)
    few = team_scores_by_level(level_db, Filters(), 2024, "speak_up", below=8)
    assert few.values.tolist() == [[1, 40], [1, 50], [3, 60], [3, 70], [3, 80]]
    only_pairs = team_scores_by_level(level_db, Filters(), 2024, "speak_up", below=3)
    assert only_pairs.values.tolist() == [[1, 40], [1, 50]]


def test_levels_with_few_teams_are_drawn_as_points(level_db: Database) -> None:
    box = score_by_level(level_db, Filters(), 2024, "speak_up")
    points = team_scores_by_level(level_db, Filters(), 2024, "speak_up", below=3)
    fig = score_by_level_figure(box, "speak_up", 2024, points)
    dots, level_3 = fig.data
    assert list(dots.y) == [40, 50] and dots.boxpoints == "all" and dots.q1 is None
    assert (level_3.q1[0], level_3.median[0], level_3.q3[0]) == (65, 70, 75)
    assert [a.text for a in fig.layout.annotations] == ["2 teams", "3 teams"]
    assert "one point per team" in fig.layout.title.subtitle.text
