"""Team scorecard figures on the hand-made fixture (tests/scorecard_fixture.py), worked out by hand."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.charts import scorecard as charts
from lmp_metrics.charts.style import LEVEL_NAMES
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.scorecard import (
    dimension_history,
    holds_back,
    level_history,
    search_scope,
    search_teams,
    team_label,
    team_profile,
    team_projects,
    team_surveys,
    team_training,
)
from lmp_metrics.views.scorecard import (
    holds_back_summary,
    holds_back_table,
    level_table,
    peer_summary,
    present_noted,
    projects_table,
    survey_chart_note,
    survey_table,
    survey_tables,
    training_table,
    training_tables,
    training_trend_table,
)
from tests.scorecard_fixture import Q1, Q2, Q3, fill_scorecard_fixture

ALL = Filters()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    from lmp_metrics.core.migrations import migrate

    database = Database(tmp_path_factory.mktemp("scorecard") / "scorecard.duckdb")
    migrate(database)
    fill_scorecard_fixture(database)
    yield database
    database.close()


def ids(frame) -> list[str]:
    return frame["team_id"].tolist()


# -- Find my team -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # exact id first, then the team whose *name* starts with "T1"
        ("t1", ["T1", "T7"]),
        # name prefix (Oakridge ICU) before facility matches (Oakland), those by name
        ("oak", ["T5", "T1", "T2", "T3"]),
        # names containing ICU, then the closed team that matches only by department
        ("ICU", ["T1", "T2", "T4", "T5", "T6"]),
        # every word must match somewhere: department ICU and facility Richmond; open before closed
        ("icu  richmond", ["T4", "T6"]),
        ("ALPHA", ["T1"]),
        ("pharm", ["T3", "T7"]),
        ("", []),
        ("   ", []),
        ("%", []),
        ("_", []),
    ],
)
def test_search_ranks_exact_id_then_name_prefix_then_contains(
    db: Database, text: str, expected: list
) -> None:
    assert ids(search_teams(db, text, ALL)) == expected


def test_search_binds_text_so_sql_is_just_characters(db: Database) -> None:
    assert ids(search_teams(db, "x'); DROP TABLE teams; --", ALL)) == []
    assert db.scalar("SELECT count(*) FROM teams") == 7


def test_search_respects_filters_limit_and_own_team_scope(db: Database) -> None:
    assert ids(search_teams(db, "icu", Filters(regions=("SCAL",)))) == ["T5"]
    assert ids(search_teams(db, "icu", ALL, limit=2)) == ["T1", "T2"]
    assert ids(search_teams(db, "icu", search_scope(ALL, ("T4",)))) == ["T4"]
    assert ids(search_teams(db, "icu", search_scope(ALL, ()))) == []
    assert ids(search_teams(db, "icu", search_scope(ALL, None))) == ["T1", "T2", "T4", "T5", "T6"]


def test_search_result_label_shows_name_department_facility(db: Database) -> None:
    rows = search_teams(db, "t", ALL).set_index("team_id")
    assert team_label(rows.loc["T1"]) == "Alpha ICU · ICU · Oakland"
    assert team_label(rows.loc["T6"]) == "Foxtrot Crew · ICU · Richmond (closed)"


# -- Profile and percentile -----------------------------------------------------------------------
def test_profile_of_an_established_team(db: Database) -> None:
    p = team_profile(db, "T1", ALL)
    assert (p.team_name, p.department, p.facility, p.region) == ("Alpha ICU", "ICU", "Oakland", "NCAL")
    assert (p.members, p.quarters_assessed, p.first_quarter, p.last_quarter) == (12, 3, Q1, Q3)
    assert (p.level, p.next_level, p.level_year_ago, p.closed_on, p.department_type) == (
        3,
        4,
        None,
        None,
        "ICU",
    )
    assert p.mean_score == pytest.approx(22.5 / 7)
    # ICU teams in NCAL assessed in Q3: T1 (level 3), T2 (level 4), T4 (level 3, mean 3.0 < 22.5/7)
    assert (p.peer_teams, p.peers_below, p.percentile) == (2, 1, pytest.approx(50.0))


def test_percentile_history_counts_ties_as_half(db: Database) -> None:
    history = level_history(db, "T1", ALL)
    assert history["quarter"].tolist() == [Q1, Q2, Q3]
    assert history["level"].tolist() == [2, 2, 3]
    # Q1: peers T2 (3), T4 (2, same mean: tie), T6 (1) → (1 + ½) / 3
    # Q2: peers T2 (3), T4 (3), T6 (1) → 1 / 3;  Q3: 1 / 2
    assert history["percentile"].tolist() == pytest.approx([50.0, 100 / 3, 50.0])
    assert history["peer_teams"].tolist() == [3, 3, 2]


def test_profiles_of_closed_new_and_lone_teams(db: Database) -> None:
    closed = team_profile(db, "T6", ALL)
    assert (closed.closed_on, closed.last_quarter, closed.level, closed.members) == (
        date(2024, 5, 15),
        Q2,
        1,
        0,
    )
    new = team_profile(db, "T7", ALL)
    assert (new.quarters_assessed, new.first_quarter, new.level) == (1, Q3, 1)
    # "Richmond Pharmacy" is of type Pharmacy, like Oakland's T3 (level 4) in the same region
    assert (new.department, new.department_type) == ("Richmond Pharmacy", "Pharmacy")
    assert (new.peer_teams, new.percentile) == (1, 0.0)
    lone = team_profile(db, "T5", ALL)
    assert (lone.peer_teams, lone.percentile) == (0, None)  # the only ICU team in SCAL
    assert team_profile(db, "T5", ALL).next_level == 5


def test_profile_is_none_for_unknown_or_filtered_out_teams(db: Database) -> None:
    assert team_profile(db, "NOPE", ALL) is None
    assert team_profile(db, "T1", Filters(regions=("SCAL",))) is None
    assert team_profile(db, "T1", Filters(team_ids=("T4",))) is None
    assert team_profile(db, "T1", Filters(regions=("NCAL",))).team_id == "T1"


# -- Dimension scores against department, facility and region ----------------------------------
def test_comparison_averages_count_each_team_once(db: Database) -> None:
    frame = dimension_history(db, "T1", ALL).set_index(["quarter", "dimension_id"])
    assert len(frame) == 3 * 7
    q3_goals = frame.loc[(Q3, "goals")]
    # department = ICU at Oakland (T1 3.0, T2 4.0); facility Oakland (+ T3 4.5);
    # region NCAL in Q3 (T1 3.0, T2 4.0, T3 4.5, T4 3.0, T7 1.0)
    assert q3_goals["score"] == 3.0
    assert q3_goals["department_avg"] == pytest.approx(3.5)
    assert q3_goals["facility_avg"] == pytest.approx(11.5 / 3)
    assert q3_goals["region_avg"] == pytest.approx(3.1)
    assert (q3_goals["department_teams"], q3_goals["facility_teams"], q3_goals["region_teams"]) == (2, 3, 5)
    q3_tools = frame.loc[(Q3, "tools")]
    assert (q3_tools["department_avg"], q3_tools["facility_avg"], q3_tools["region_avg"]) == pytest.approx(
        (2.5, 3.0, 2.6)
    )
    # Q2: scores equal levels; region NCAL includes the closed team T6 while it was still assessed
    q2 = frame.loc[(Q2, "sponsorship")]
    assert (q2["department_avg"], q2["facility_avg"], q2["region_avg"]) == pytest.approx((2.5, 3.0, 13 / 5))


def test_department_average_is_the_department_at_the_team_facility(db: Database) -> None:
    frame = dimension_history(db, "T4", ALL).set_index(["quarter", "dimension_id"])
    # Richmond ICU in Q2: T4 (3.0) and T6 (1.0); Oakland's ICU teams are another department
    assert frame.loc[(Q2, "goals"), "department_avg"] == pytest.approx(2.0)
    assert frame.loc[(Q2, "goals"), "department_teams"] == 2


# -- What holds it back ----------------------------------------------------------------------------
def test_holds_back_lists_dimensions_below_next_level_median_by_gap(db: Database) -> None:
    frame = holds_back(db, "T1", ALL, Q3)
    # level-4 teams in Q3: T2, T3, T5 → medians goals 4.0, tools 3.5, sponsorship 4.0, leadership 4.0,
    # process 4.0, engagement 4.0, training 4.0
    below = frame[frame["below"]]
    assert below["dimension_name"].tolist() == [
        "Use of tools",  # 3.5 − 2.0
        "Team member engagement",  # 4.0 − 2.5
        "Goals and performance",  # 4.0 − 3.0
        "Team process",  # 4.0 − 3.0
        "Leadership",  # 4.0 − 3.5
    ]
    assert below["gap"].tolist() == pytest.approx([1.5, 1.5, 1.0, 1.0, 0.5])
    assert below["next_level_median"].tolist() == pytest.approx([3.5, 4.0, 4.0, 4.0, 4.0])
    met = frame[~frame["below"]]
    assert met["dimension_name"].tolist() == ["Sponsorship", "Training"]  # meets (gap 0), above (−0.5)
    assert met["gap"].tolist() == pytest.approx([0.0, -0.5])
    assert set(frame["next_level_teams"]) == {3}


def test_holds_back_without_teams_one_level_higher(db: Database) -> None:
    frame = holds_back(db, "T2", ALL, Q3)  # level 4; no team reached level 5 in Q3
    assert len(frame) == 7
    assert frame["next_level_median"].isna().all()
    assert not frame["below"].any()
    assert set(frame["next_level_teams"]) == {0}


# -- Projects -------------------------------------------------------------------------------------
def test_projects_compare_result_with_baseline_in_the_right_direction(db: Database) -> None:
    frame = team_projects(db, "T1", ALL).set_index("project_id")
    assert list(frame.index) == ["P3", "P2", "P1"]  # newest first
    assert frame.loc["P1", "outcome"] == "better"  # 10 → 6 where lower is better
    assert frame.loc["P1", "change"] == pytest.approx(4.0)
    assert frame.loc["P1", "improvement"] == pytest.approx(0.4)
    assert frame.loc["P2", "outcome"] == "worse"  # 80 → 75 where higher is better
    assert frame.loc["P2", "change"] == pytest.approx(-5.0)
    assert (frame.loc["P3", "outcome"], frame.loc["P3", "status"]) == ("no result yet", "in progress")
    assert math.isnan(frame.loc["P3", "change"])
    assert team_projects(db, "T4", ALL).empty


def test_project_table_shows_signed_improvement_and_outcome(db: Database) -> None:
    shown = projects_table(team_projects(db, "T1", ALL)).set_index("Project")
    assert shown.loc["Fewer falls", ["Baseline", "Result", "Improvement", "Result vs baseline"]].tolist() == [
        "10",
        "6",
        "+40%",
        "better",
    ]
    assert shown.loc["Hand hygiene", "Improvement"] == "-6%"  # (75 − 80) / 80
    assert shown.loc["Huddle board", ["Result", "Improvement", "Completed"]].tolist() == ["", "", ""]
    assert shown.loc["Fewer falls", ["Started", "Completed"]].tolist() == ["2023-09-01", "2024-03-01"]


def test_holds_back_table_states_each_dimension(db: Database) -> None:
    shown = holds_back_table(holds_back(db, "T1", ALL, Q3), next_level=4)
    assert shown.columns.tolist() == ["Dimension", "Team score", "Typical at level 4", "Status"]
    assert shown.iloc[0].tolist() == ["Use of tools", "2.00", "3.50", "below by 1.50"]
    assert shown.iloc[-1].tolist() == ["Training", "4.50", "4.00", "meets it"]
    assert holds_back_summary(holds_back(db, "T1", ALL, Q3), 4) == (
        "A dimension holds the team back when it is below the typical level-4 team's score; "
        f"5 of {len(shown)} do. **Raise first, largest gap first:** Use of tools 2.00 → 3.50 (gap 1.50) · "
        "Team member engagement 2.50 → 4.00 (gap 1.50) · Goals and performance 3.00 → 4.00 (gap 1.00)"
        " · then 2 more with smaller gaps (table below)"
    )
    assert (
        holds_back_summary(holds_back(db, "T3", ALL, Q2), 5)
        == "Every dimension already meets a typical level-5 team."
    )


def test_holds_back_states_the_criterion_when_the_next_level_scores_the_top_everywhere() -> None:
    # the issue: a level-4 team against level 5, whose median team scores 5.00 on all seven dimensions
    scores = [4.2, 4.9, 3.6, 4.5, 4.95, 4.0, 4.8]
    frame = pd.DataFrame(
        {
            "dimension_name": [f"D{i}" for i in range(1, 8)],
            "score": scores,
            "next_level_median": [5.0] * 7,
            "gap": [5.0 - v for v in scores],
            "below": [True] * 7,
        }
    ).sort_values("gap", ascending=False)
    assert holds_back_summary(frame, 5) == (
        "A typical level-5 team scores 5.00 on every dimension, so each dimension below 5.00 holds the team "
        "back; 7 of 7 do. **Raise first, largest gap first:** D3 3.60 → 5.00 (gap 1.40) · "
        "D6 4.00 → 5.00 (gap 1.00) · D1 4.20 → 5.00 (gap 0.80) · then 4 more with smaller gaps (table below)"
    )


# -- Training of the team's members ---------------------------------------------------------------
def quarters_of(db: Database, team_id: str) -> tuple[date, ...]:
    return tuple(level_history(db, team_id, ALL)["quarter"])


def test_training_per_course_and_trend_follow_the_contract(db: Database) -> None:
    t1 = team_profile(db, "T1", ALL)
    training = team_training(db, t1, ALL, quarters_of(db, "T1"))
    assert (training.status, training.as_of) == ("ok", Q3)
    assert training.trend["quarter"].tolist() == [Q1, Q2, Q3]
    # Q1 end: C1 + C2 = 15 assignments, 13 completed, 12 on time, 2 overdue (p12 on C1, p3 on C2)
    q1 = training.trend.iloc[0]
    assert (q1["completion_rate"], q1["on_time_rate"], q1["overdue"]) == pytest.approx((13 / 15, 12 / 15, 2))
    # Q3 end: + C3's 11 assignments, all done on time → 26 assigned, 24 completed, 23 on time
    q3 = training.trend.iloc[-1]
    assert (q3["completion_rate"], q3["on_time_rate"]) == pytest.approx((24 / 26, 23 / 26))
    assert (q3["overdue"], q3["people"], q3["suppressed"]) == (2, 12, False)
    courses = training.by_course.set_index("course")
    basics = courses.loc["LMP basics"]
    assert (basics["people"], basics["assigned"], basics["completed"], basics["overdue"]) == (12, 12, 11, 1)
    assert (basics["completion_rate"], basics["on_time_rate"]) == pytest.approx((11 / 12, 10 / 12))
    # Co-lead skills: 3 people → suppressed. Then Speaking up (11 people, the smallest other course)
    # is suppressed too: else "2 overdue in all − 1 in LMP basics − 0 in Speaking up" would reveal it.
    assert courses["suppressed"].to_dict() == {
        "Co-lead skills": True,
        "LMP basics": False,
        "Speaking up": True,
    }
    for course in ("Co-lead skills", "Speaking up"):
        assert math.isnan(courses.loc[course, "overdue"]) and math.isnan(courses.loc[course, "assigned"])


def test_training_table_keeps_suppressed_cells_suppressed(db: Database) -> None:
    training = team_training(db, team_profile(db, "T1", ALL), ALL, quarters_of(db, "T1"))
    shown = training_table(training.by_course).set_index("Course")
    assert shown.loc["LMP basics"].tolist() == ["12", "12", "11", "92%", "83%", "1"]
    assert set(shown.loc["Co-lead skills"]) == {suppressed_label()}
    csv_row = shown.reset_index().to_csv(index=False).splitlines()[1]
    assert csv_row == "Co-lead skills," + ",".join([suppressed_label()] * 6)
    trend = training_trend_table(training.trend)
    assert trend.iloc[-1].tolist() == ["2024 Q3", "12", "92.3%", "88.5%", "2"]  # 24/26, 23/26


@pytest.mark.parametrize(
    ("team_id", "status"), [("T2", "suppressed"), ("T6", "suppressed"), ("T4", "no records")]
)
def test_training_states_for_small_teams_and_teams_without_records(
    db: Database, team_id: str, status: str
) -> None:
    training = team_training(db, team_profile(db, team_id, ALL), ALL, quarters_of(db, team_id))
    assert training.status == status
    assert training.by_course.empty and training.trend.empty


# -- Surveys against the facility --------------------------------------------------------------------
def test_surveys_against_the_facility_weighted_by_respondents(db: Database) -> None:
    frame = team_surveys(db, team_profile(db, "T1", ALL), ALL).set_index(["index_name", "series"])
    # Engagement: T1 (12) is hidden though big enough: ICU in Oakland (T1 + T2) − T1 would give T2 (6) away.
    assert frame.loc[("engagement", "Team"), "suppressed"]
    assert frame.loc[("just_culture", "Team"), "score"] == pytest.approx(60.0)
    # Oakland: T1 70 × 12, T2 80 × 6, T3 90 × 20 → 3120 / 38
    assert frame.loc[("engagement", "Facility"), "score"] == pytest.approx(3120 / 38)
    assert frame.loc[("just_culture", "Facility"), "score"] == pytest.approx((60 * 12 + 70 * 20) / 32)
    speak_up = frame.loc[("speak_up", "Team")]  # 8 respondents
    assert speak_up["suppressed"] and math.isnan(speak_up["score"]) and math.isnan(speak_up["respondents"])
    assert frame.loc[("speak_up", "Facility"), "score"] == pytest.approx((65 * 8 + 75 * 20) / 28)


def test_survey_table_shows_team_and_facility_side_by_side(db: Database) -> None:
    shown = survey_table(team_surveys(db, team_profile(db, "T1", ALL), ALL)).set_index("Index")
    assert shown.loc["Engagement"].tolist() == [2023, suppressed_label(), suppressed_label(), "82.1", "38"]
    assert shown.loc["Just Culture"].tolist() == [2023, "60.0", "12", "66.2", "32"]  # 2120 / 32
    assert shown.loc["Speak up"].tolist() == [2023, suppressed_label(), suppressed_label(), "72.1", "28"]
    assert team_surveys(db, team_profile(db, "T4", ALL), ALL).empty


# -- Charts ---------------------------------------------------------------------------------------------
def test_level_chart_steps_over_the_five_named_bands(db: Database) -> None:
    fig = charts.level_history_figure(level_history(db, "T1", ALL), "Alpha ICU")
    (trace,) = fig.data
    assert list(trace.x) == ["2024 Q1", "2024 Q2", "2024 Q3"] and list(trace.y) == [2, 2, 3]
    assert trace.line.shape == "hv"
    assert [a.text for a in fig.layout.annotations] == list(LEVEL_NAMES.values())
    assert [(b.y0, b.y1) for b in fig.layout.shapes] == [(v - 0.5, v + 0.5) for v in LEVEL_NAMES]
    assert "ahead of 50% of 2 comparable teams" in trace.customdata[-1]
    assert "Alpha ICU" in fig.layout.title.text and fig.layout.yaxis.title.text == "Level (1–5)"


def test_holds_back_chart_puts_the_largest_gap_on_top(db: Database) -> None:
    fig = charts.holds_back_figure(holds_back(db, "T1", ALL, Q3), 3, "2024 Q3")
    _, typical, team = fig.data
    assert (team.y[-1], team.y[0]) == ("Use of tools", "Training")  # bottom → top
    assert list(typical.x)[-1] == 3.5 and list(team.x)[-1] == 2.0
    assert "level-4" in typical.name
    top = charts.holds_back_figure(holds_back(db, "T2", ALL, Q3), 5, "2024 Q3")
    assert "top level" in top.layout.annotations[0].text
    nobody = charts.holds_back_figure(holds_back(db, "T2", ALL, Q3), 4, "2024 Q3")
    assert "No team was at level 5 in 2024 Q3" in nobody.layout.annotations[0].text


def test_dimension_chart_has_one_panel_per_dimension_with_four_series(db: Database) -> None:
    fig = charts.dimension_trends_figure(dimension_history(db, "T1", ALL), "Alpha ICU")
    assert len(fig.data) == 7 * 4
    goals = [t for t in fig.data if t.xaxis == "x"]
    assert [t.name for t in goals] == [
        "This team",
        "Department average",
        "Facility average",
        "Region average",
    ]
    assert goals[3].y[-1] == pytest.approx(3.1)  # region average, goals, Q3
    assert [a.text for a in fig.layout.annotations][:2] == [
        "<b>Goals and performance</b>",
        "<b>Use of tools</b>",
    ]


def test_survey_chart_marks_suppressed_results_instead_of_drawing_them(db: Database) -> None:
    fig = charts.survey_figure(team_surveys(db, team_profile(db, "T1", ALL), ALL), "Alpha ICU")
    speak_up_team = next(t for t in fig.data if t.xaxis == "x3" and t.name == "Team")
    assert math.isnan(speak_up_team.y[0])
    marks = [t for t in fig.data if t.name == suppressed_label()]
    assert sorted(m.xaxis for m in marks) == ["x", "x3"]  # engagement (complement) and speak up (8)
    assert "suppressed" in marks[0].hovertemplate


def test_empty_charts_say_why(db: Database) -> None:
    assert (
        "not been assessed"
        in charts.level_history_figure(level_history(db, "NOPE", ALL), "X").layout.annotations[0].text
    )
    empty_trend = team_training(db, team_profile(db, "T4", ALL), ALL, quarters_of(db, "T4")).trend
    assert "No training records" in charts.training_trend_figure(empty_trend, "X").layout.annotations[0].text


# -- Percentile only with enough comparable teams ------------------------------------------------------
def test_percentile_is_shown_only_with_enough_comparable_teams(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    t1, t5, t7 = (team_profile(db, t, ALL) for t in ("T1", "T5", "T7"))
    assert not t1.ranked  # 2 comparable teams, the default minimum is 5
    assert peer_summary(t1) == (
        "–",
        "Only 2 other ICU teams in NCAL in 2024 Q3: too few for a percentile (needs 5).",
    )
    assert peer_summary(t7)[1].startswith("Only 1 other Pharmacy team in NCAL in 2024 Q3")
    assert peer_summary(t5) == ("–", "No other ICU team in SCAL assessed in 2024 Q3.")
    monkeypatch.setenv("LMP_MIN_PEER_TEAMS", "2")
    assert t1.ranked and not t7.ranked and not t5.ranked
    assert peer_summary(t1) == ("50", "Ahead of 50% of the 2 other ICU teams in NCAL.")


def test_level_table_and_hover_hold_back_percentiles_of_too_few_teams(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = level_history(db, "T1", ALL)  # 3, 3, 2 comparable teams
    shown = level_table(history)
    assert shown["Percentile among comparable teams"].tolist() == ["", "", ""]
    assert shown["Comparable teams"].tolist() == ["3", "3", "2"]
    hover = charts.level_history_figure(history, "Alpha ICU").data[0].customdata[-1]
    assert "(too few for a percentile: needs 5)" in hover
    monkeypatch.setenv("LMP_MIN_PEER_TEAMS", "3")
    assert level_table(history)["Percentile among comparable teams"].tolist() == ["50", "33", ""]


# -- Suppressed cells: one Note on screen, a label in every CSV cell -------------------------------------
def test_present_noted_blanks_suppressed_cells_and_notes_each_row_once() -> None:
    frame = pd.DataFrame(
        {"name": ["a", "b", "c"], "x": [1.0, math.nan, math.nan], "y": [2.0, math.nan, 5.0]}
        | {"hide_x": [False, True, True], "hide_y": [False, True, False]}
    )
    spec = {"name": ("Name", None, None), "x": ("X", "{:.0f}", "hide_x"), "y": ("Y", "{:.0f}", "hide_y")}
    shown = present_noted(frame, spec, {"hide_x": "x hidden", "hide_y": "y hidden"})
    assert shown.columns.tolist() == ["Name", "Note", "X", "Y"]  # the note before the blanks it explains
    assert shown.values.tolist() == [
        ["a", "", "1", "2"],
        ["b", "x hidden; y hidden", "", ""],
        ["c", "x hidden", "", "5"],
    ]
    assert "Note" not in present_noted(frame.iloc[:1], spec, {"hide_x": "x hidden"})


def all_labelled(cells) -> bool:
    """Every cell reads the suppressed label: no number, no blank (the CSV form)."""
    return all(cell == suppressed_label() for cell in cells)


def test_training_tables_note_suppressed_courses_once(db: Database) -> None:
    by_course = team_training(db, team_profile(db, "T1", ALL), ALL, quarters_of(db, "T1")).by_course
    shown = training_tables(by_course)
    screen = shown.screen.set_index("Course")
    assert screen.loc["LMP basics"].tolist() == ["", "12", "12", "11", "92%", "83%", "1"]
    for course in ("Co-lead skills", "Speaking up"):
        assert screen.loc[course].tolist() == ["suppressed", "", "", "", "", "", ""]
    assert shown.export.equals(training_table(by_course))  # the CSV labels every suppressed cell
    assert all_labelled(shown.export.set_index("Course").loc["Speaking up"].tolist())
    assert "no total shown anywhere reveals it by subtraction" in shown.sentence


def test_training_tables_when_every_course_or_none_is_suppressed() -> None:
    def courses(hidden: list[bool]) -> pd.DataFrame:
        value = [math.nan if h else 12.0 for h in hidden]
        rate = [math.nan if h else 0.5 for h in hidden]
        return pd.DataFrame(
            {"course": [f"C{i}" for i in range(len(hidden))], "suppressed": hidden}
            | dict.fromkeys(("people", "assigned", "completed", "overdue"), value)
            | dict.fromkeys(("completion_rate", "on_time_rate"), rate)
        )

    everything = training_tables(courses([True, True]))
    assert everything.screen is None
    assert everything.sentence.startswith("Every course's figures are suppressed. Suppressed: a course taken")
    assert everything.export.shape == (2, 7) and all_labelled(everything.export.iloc[:, 1:].values.ravel())
    nothing = training_tables(courses([False, False]))
    assert nothing.sentence is None and "Note" not in nothing.screen
    assert nothing.screen.equals(nothing.export)


def surveys(team: list[int], facility: list[int], years: tuple[int, ...] = (2023, 2024)) -> pd.DataFrame:
    """Engagement results per year: the team's and the facility's respondents (score = respondents)."""
    rows = [
        {"survey_year": y, "index_name": "engagement", "series": series, "respondents": n}
        for series, counts in (("Team", team), ("Facility", facility))
        for y, n in zip(years, counts, strict=True)
    ]
    frame = pd.DataFrame(rows).assign(suppressed=lambda f: f["respondents"] < 11)
    frame["respondents"] = frame["respondents"].astype(float).where(~frame["suppressed"])
    return frame.assign(score=frame["respondents"])


def test_survey_tables_note_suppressed_results_and_keep_the_csv_labelled(db: Database) -> None:
    frame = team_surveys(db, team_profile(db, "T1", ALL), ALL)
    shown = survey_tables(frame)
    screen = shown.screen.set_index("Index")
    note = "team suppressed"
    assert screen.loc["Speak up"].tolist() == [2023, note, "", "", "72.1", "28"]
    assert screen.loc["Engagement"].tolist() == [2023, note, "", "", "82.1", "38"]
    assert shown.export.equals(survey_table(frame)) and shown.sentence is None
    assert survey_chart_note(frame).startswith(
        "2 of 3 team results are suppressed (fewer than 11 respondents"
    )


def test_survey_tables_say_it_in_one_sentence_when_every_team_result_is_suppressed() -> None:
    team_hidden = survey_tables(surveys([5, 8], [40, 9]))
    assert team_hidden.sentence == (
        "Every team result is suppressed: each survey year had fewer than 11 respondents, or showing it "
        "would reveal such a group by subtraction. The table shows the facility's results."
    )
    assert team_hidden.screen.columns.tolist() == [
        "Year",
        "Index",
        "Note",
        "Facility score",
        "Facility respondents",
    ]
    assert team_hidden.screen.values.tolist() == [
        [2024, "Engagement", "facility suppressed", "", ""],
        [2023, "Engagement", "", "40.0", "40"],
    ]
    assert all_labelled(
        team_hidden.export["Team score"].tolist() + team_hidden.export["Team respondents"].tolist()
    )
    all_hidden = survey_tables(surveys([5, 8], [6, 9]))
    assert all_hidden.screen is None and all_hidden.sentence.startswith("Every team result is suppressed")
    assert survey_chart_note(surveys([5, 8], [6, 9])) is None  # the table's sentence says it
    assert survey_chart_note(surveys([5, 12], [40, 40])).startswith("1 of 2 team results are suppressed")
    assert survey_chart_note(surveys([12, 13], [40, 40])) is None


# -- Suppressed points: out of the line, marked in a labelled strip below 0 -------------------------------
def test_survey_chart_marks_suppressed_years_below_the_axis_not_at_zero(db: Database) -> None:
    fig = charts.survey_figure(team_surveys(db, team_profile(db, "T1", ALL), ALL), "Alpha ICU")
    mark, *_ = [t for t in fig.data if t.name == suppressed_label()]
    assert list(mark.x) == ["2023"] and all(y < 0 for y in mark.y)
    low, high = fig.layout.yaxis.range
    assert (low, high) == (charts.BAND[0], 100) and low < mark.y[0] < charts.BAND[1] < 0
    assert fig.layout.yaxis.ticktext[0] == "suppressed" and fig.layout.yaxis.tickvals[0] == mark.y[0]
    assert [(s.yref, s.y0, s.y1) for s in fig.layout.shapes] == [
        (y, *charts.BAND) for y in ("y", "y2", "y3")
    ]  # a grey strip in each panel
    clean = charts.survey_figure(surveys([12, 13], [40, 40]), "X")
    assert tuple(clean.layout.yaxis.range) == (0, 100) and not clean.layout.shapes


def test_survey_chart_labels_a_few_years_ending_with_the_latest() -> None:
    years = tuple(range(2017, 2027))
    fig = charts.survey_figure(surveys([12] * 10, [40] * 10, years), "X")
    assert list(fig.layout.xaxis.tickvals) == ["2017", "2020", "2023", "2026"]


def test_training_trend_marks_suppressed_quarters_below_the_axis() -> None:
    trend = pd.DataFrame(
        {
            "quarter": [date(2024, 1, 1), date(2024, 4, 1), date(2024, 7, 1)],
            "completion_rate": [math.nan, 0.5, 0.75],
            "on_time_rate": [math.nan, 0.25, 0.5],
            "assigned": [math.nan, 8, 8],
            "due": [math.nan, 8, 8],
            "suppressed": [True, False, False],
        }
    )
    fig = charts.training_trend_figure(trend, "X")
    completion, _, mark = fig.data
    assert math.isnan(completion.y[0]) and list(completion.y[1:]) == [50.0, 75.0]
    assert list(mark.x) == ["2024 Q1"] and charts.BAND[0] < mark.y[0] < charts.BAND[1] < 0
    assert fig.layout.yaxis.ticktext[0] == "suppressed" and fig.layout.yaxis.ticktext[-1] == "100%"
    assert fig.layout.legend.y < 0  # below the plot, clear of the title's second line
    clean = charts.training_trend_figure(trend.iloc[1:].assign(suppressed=False), "X")
    assert tuple(clean.layout.yaxis.range) == (0, 105) and len(clean.data) == 2


def test_training_trend_leaves_out_rates_on_too_few_assignments() -> None:
    # the issue: a first quarter at 100% on one assignment
    trend = pd.DataFrame(
        {
            "quarter": [date(2024, 1, 1), date(2024, 4, 1), date(2024, 7, 1)],
            "completion_rate": [1.0, 0.5, 0.75],
            "on_time_rate": [1.0, 0.5, 0.5],
            "assigned": [1, 6, 8],
            "due": [1, 4, 8],  # 4 due: the on-time rate of 2024 Q2 rests on too few
            "suppressed": [False, False, False],
        }
    )
    fig = charts.training_trend_figure(trend, "X")
    completion, on_time = fig.data
    assert math.isnan(completion.y[0]) and list(completion.y[1:]) == [50.0, 75.0]
    assert math.isnan(on_time.y[0]) and math.isnan(on_time.y[1]) and on_time.y[2] == 50.0
    assert f"fewer than {charts.MIN_RATE_BASE} assignments are left out" in fig.layout.title.subtitle.text
    enough = charts.training_trend_figure(trend.iloc[2:], "X")
    assert not enough.layout.title.subtitle.text


def test_level_chart_labels_whole_years_back_from_the_latest() -> None:
    quarters = [date(2016 + (6 + i * 3) // 12, (6 + i * 3) % 12 + 1, 1) for i in range(41)]  # 2016 Q3–2026 Q3
    history = pd.DataFrame(
        {"quarter": quarters, "level": [3] * 41, "percentile": [math.nan] * 41, "peer_teams": [0] * 41}
    )
    x_axis = charts.level_history_figure(history, "X").layout.xaxis
    # 2016 starts in Q3 (no label to crowd 2017's); every second year, counted back from 2026
    assert list(x_axis.ticktext) == ["2018", "2020", "2022", "2024", "2026"]
    assert list(x_axis.tickvals) == ["2018 Q1", "2020 Q1", "2022 Q1", "2024 Q1", "2026 Q1"]


def test_survey_tables_on_paper_keep_the_latest_years_and_the_csv_every_year() -> None:
    frame = surveys([20, 5, 8], [40, 40, 40], years=(2022, 2023, 2024))
    paper = survey_tables(frame, latest_years=2)
    assert paper.screen["Year"].tolist() == [2024, 2023] and "Team score" not in paper.screen
    assert paper.sentence.startswith("Every team result is suppressed: each of the latest 2 survey years had")
    assert paper.export["Year"].tolist() == [2024, 2023, 2022]
    screen = survey_tables(frame).screen
    assert screen["Year"].tolist() == [2024, 2023, 2022] and screen["Team score"].tolist() == ["", "", "20.0"]
