"""The training page and its charts keep small groups suppressed: charts, hovers, tables, downloads.

Numbers come from ``training_fixture.py`` (T1: 11 people; T2: 10 people, suppressed; T1 is then
suppressed too, else facility F1 − T1 = T2; F1 and the nation, 21 people, are shown).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.charts import training as charts
from lmp_metrics.charts.style import TARGET_COLOR
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.training import (
    RATE_COLUMNS,
    assessment_scores,
    completion_times,
    level_association,
    overdue_by_age,
    team_training_levels,
    training_rates,
)
from lmp_metrics.views.training import labelled_for_download
from lmp_metrics.vocabulary.quarters import QuarterRange
from tests.training_fixture import Q2_2025, Q3_2025, make_training_db

ROOT = Path(__file__).resolve().parent.parent
ALL = Filters()
Q2_ONLY = Filters(quarters=QuarterRange(Q2_2025, Q2_2025))


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_training_db(tmp_path_factory.mktemp("training_page") / "training.duckdb")


@pytest.fixture
def db(db_path: Path):
    database = Database(db_path, read_only=True)
    yield database
    database.close()


def trace_values(fig, name: str) -> dict[str, list]:
    """Every trace of ``fig`` as plain JSON (numbers, text, hovers)."""
    return {trace.name or f"trace{i}": json.loads(trace.to_json()) for i, trace in enumerate(fig.data)}.get(
        name, {}
    )


def groups_in_numeric_traces(fig) -> set[str]:
    return {
        y
        for trace in fig.data
        if trace.name != "suppressed"
        for y in (trace.y if trace.y is not None else [])
    }


def test_rates_chart_labels_suppressed_groups_and_draws_no_number_for_them(db: Database) -> None:
    rates = training_rates(db, ALL, "team", [Q2_2025])
    fig = charts.rates_by_group_figure(rates, "Team", "30 Jun 2025")
    assert groups_in_numeric_traces(fig) == set()
    hidden = trace_values(fig, "suppressed")
    assert sorted(hidden["y"]) == ["T1", "T2"]
    assert set(hidden["text"]) == {suppressed_label()}
    assert suppressed_label() in hidden["hovertemplate"]
    fig = charts.rates_by_group_figure(training_rates(db, ALL, "facility", [Q2_2025]), "Facility", "30 Jun")
    on_time = trace_values(fig, "On-time rate")
    assert on_time["x"] == [pytest.approx(100 * 18 / 23)]
    assert "18 of 23 due" in on_time["customdata"][0]


def test_heatmap_cells_of_suppressed_groups_are_grey_text_not_numbers(db: Database) -> None:
    rates = training_rates(db, ALL, "team")
    fig = charts.rate_heatmap(rates, "on_time_rate", "Team")
    values, grey = fig.data[0], fig.data[1]
    row = list(values.y).index("T2")
    assert all(v is None or math.isnan(v) for v in values.z[row])
    assert all(t in ("suppressed", "") for t in values.text[row])
    assert any(v == 1.0 for v in grey.z[row])
    assert all(suppressed_label() in h or h == "no assignments" for h in values.customdata[row])


def test_overdue_chart_orders_worst_first_and_labels_small_groups(db: Database) -> None:
    overdue = overdue_by_age(db, ALL, "facility", Q3_2025)
    fig = charts.overdue_figure(overdue, "Facility", "30 Sep 2025")
    assert groups_in_numeric_traces(fig) == {"F1"}
    # by course: Co-lead skills (4 people) hidden, and Partnership basics, the other part of the total
    fig = charts.overdue_figure(overdue_by_age(db, ALL, "course", Q3_2025), "Course", "30 Sep 2025")
    assert groups_in_numeric_traces(fig) == set()
    assert sorted(trace_values(fig, "suppressed")["y"]) == ["Co-lead skills", "Partnership basics"]
    totals = charts.overdue_totals_figure(
        training_rates(db, ALL, "facility", [Q3_2025]), "Facility", "30 Sep"
    )
    # ranked by rate: F1's 4 overdue among its 21 people = 19.0 per 100, the count at the bar's end
    assert list(totals.data[0].x) == [pytest.approx(400 / 21)] and list(totals.data[0].y) == ["F1"]
    assert list(totals.data[0].customdata) == [4]
    assert [t.strip() for t in totals.data[1].text] == ["4 overdue"]
    totals = charts.overdue_totals_figure(training_rates(db, ALL, "team", [Q3_2025]), "Team", "30 Sep 2025")
    assert sorted(trace_values(totals, "suppressed")["y"]) == ["T1", "T2"]


def test_overdue_groups_are_ranked_by_rate_not_by_size() -> None:
    # a big department with more overdue but a lower rate ranks below a small one
    rates = pd.DataFrame(
        {
            "group": ["Big", "Small", "Tiny"],
            "overdue": [30.0, 12.0, float("nan")],
            "people": [300, 40, 5],
            "suppressed": [False, False, True],
        }
    )
    fig = charts.overdue_totals_figure(rates, "Department", "30 Sep 2025")
    assert list(fig.data[0].y) == ["Small", "Big"]  # 30 per 100 above 10 per 100
    assert list(fig.data[0].x) == [pytest.approx(30.0), pytest.approx(10.0)]
    assert "per 100 people" in fig.layout.xaxis.title.text


def test_scores_and_completion_time_charts_hide_small_groups(db: Database) -> None:
    scores = charts.scores_figure(assessment_scores(db, Q2_ONLY, "facility"), "Facility", "2025 Q2")
    assert list(scores.data[0].y) == ["F1"]
    assert list(scores.data[0].x) == [pytest.approx(1500 / 18)]  # (600 + 900) / 18 scores
    scores = charts.scores_figure(assessment_scores(db, Q2_ONLY, "course"), "Course", "2025 Q2")
    assert sorted(trace_values(scores, "suppressed")["y"]) == ["Co-lead skills", "Partnership basics"]
    times = charts.completion_time_figure(completion_times(db, Q2_ONLY), "2025 Q2")
    panels = {a.text.split(" · ")[0]: i for i, a in enumerate(times.layout.annotations) if " · " in a.text}
    c2 = times.data[panels["Co-lead skills"]]
    assert set(c2.y) == {None} and c2.hoverinfo == "skip"  # no bar and no 0 for the hidden course
    assert any(a.text == suppressed_label() for a in times.layout.annotations)


def test_scatter_leaves_out_small_teams_and_fits_a_line(db: Database) -> None:
    teams = team_training_levels(db, ALL, Q3_2025)
    fit = level_association(teams, "level")
    assert fit["teams"] == 1 and fit["left_out"] == 1 and math.isnan(fit["slope"])  # one team: no line
    fig = charts.training_level_scatter(teams, "level", fit, "2025 Q3")
    assert len(fig.data) == 1
    assert list(fig.data[0].x) == [pytest.approx(100 * 5 / 11)]
    made_up = pd.DataFrame(
        {
            "team_id": list("ABCD"),
            "team_name": list("ABCD"),
            "trained_members": [20.0] * 4,
            "on_time_share": [0.2, 0.4, 0.6, 0.8],
            "level": [1, 2, 3, 4],
            "movement": [0, 0, 1, 1],
            "suppressed": [False] * 4,
        }
    )
    line = level_association(made_up, "level")  # level = 5 × share exactly
    assert line["slope"] == pytest.approx(5.0) and line["intercept"] == pytest.approx(0.0)
    assert line["r"] == pytest.approx(1.0)


def test_download_frame_blanks_suppressed_rows_and_says_why(db: Database) -> None:
    rates = training_rates(db, ALL, "team", [Q2_2025]).drop(columns="quarter")
    frame = labelled_for_download(rates, ["people", *RATE_COLUMNS])
    t2 = frame[frame["group"] == "T2"].iloc[0]
    assert t2["note"] == suppressed_label()
    assert all(
        math.isnan(t2[c]) for c in ["people", "assigned", "completed", "completion_rate", "on_time_rate"]
    )
    csv = frame.to_csv(index=False)
    t2_line = next(line for line in csv.splitlines() if line.startswith("T2,"))
    assert t2_line.replace(suppressed_label(), "").strip(",") == "T2"


def run_page(db_path: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("LMP_DB", str(db_path))
    st.cache_data.clear()  # results are cached across runs; the tests change settings between them
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    app.switch_page("pages/training.py")
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_page_table_and_charts_show_no_figure_of_a_small_group(db_path: Path, monkeypatch) -> None:
    app = run_page(db_path, monkeypatch, asof="2025-Q2", by="team")
    shown = app.dataframe[0].value.set_index("group")
    # T2 (10 people) is suppressed; T1 too, by the complement rule: the national card minus T1
    # would give T2 away.
    assert (shown["note"] == suppressed_label()).all()
    assert shown[["people", "completion_rate", "on_time_rate", "overdue"]].isna().all().all()
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    by_group = next(s for s in specs if "by team, as of" in s["layout"]["title"]["text"])
    assert all(not trace.get("x") for trace in by_group["data"] if trace.get("name") != "suppressed")
    hidden = next(trace for trace in by_group["data"] if trace.get("name") == "suppressed")
    assert sorted(hidden["y"]) == ["T1", "T2"] and set(hidden["text"]) == {suppressed_label()}


def test_page_shows_both_teams_when_neither_is_small(db_path: Path, tmp_path: Path, monkeypatch) -> None:
    # every cell of the fixture has at least 2 people (the two managers are the smallest): with a
    # minimum of 2 nothing is hidden (with 10, the course and role splits would still hide both teams)
    monkeypatch.setenv("LMP_MIN_GROUP_SIZE", "2")
    path = make_training_db(tmp_path / "two.duckdb")
    app = run_page(path, monkeypatch, asof="2025-Q2", by="team")
    shown = app.dataframe[0].value.set_index("group")
    # the table shows rates rounded as a person reads them (71.4%), the CSV keeps 10/14 exactly
    assert shown.loc["T1", "completion_rate"] == 0.714
    assert shown.loc["T2", "completion_rate"] == pytest.approx(1.0)
    assert (shown["note"] == "").all()


def test_page_cards_show_the_national_figures(db_path: Path, monkeypatch) -> None:
    app = run_page(db_path, monkeypatch, asof="2025-Q2", by="course")
    cards = {m.label: m.value for m in app.metric}
    assert cards["Completion rate"] == f"{100 * 20 / 24:.1f}%"
    assert cards["On-time rate"] == f"{100 * 18 / 23:.1f}%"
    assert cards["Overdue assignments"] == "2"
    assert cards["People with assignments"] == "21"


# -- readability fixes from the browser review ------------------------------------------------------
def rates_frame(on_time: dict[tuple[str, str], float]) -> pd.DataFrame:
    """``training_rates``-shaped rows for (group, quarter) → on-time rate, 100 people each."""
    rows = [
        {
            "group": group,
            "quarter": pd.Timestamp(quarter).date(),
            "people": 100,
            "assigned": 1000,
            "completed": 900,
            "due": 1000,
            "on_time": round(1000 * rate),
            "overdue": 100,
            "completion_rate": 0.9,
            "on_time_rate": rate,
            "suppressed": False,
        }
        for (group, quarter), rate in on_time.items()
    ]
    return pd.DataFrame(rows)


def test_heatmap_colours_span_the_data_range_and_say_so() -> None:
    rates = rates_frame(
        {
            ("A", "2025-04-01"): 0.596,
            ("A", "2025-07-01"): 0.604,
            ("B", "2025-04-01"): 0.713,
            ("B", "2025-07-01"): 0.745,
        }
    )
    fig = charts.rate_heatmap(rates, "on_time_rate", "Region")
    cells = fig.data[0]
    # 59.6 … 74.5 → whole percents 59–75, not 0–100 (which made 60 and 75 look alike)
    assert (cells.zmin, cells.zmax) == (59, 75)
    assert cells.colorbar.title.text == "Data range 59–75%"
    assert charts.data_range([[float("nan"), 80.0]]) == (79, 81)  # one value: still a scale
    assert charts.data_range([[float("nan")]]) == (0, 100)  # all suppressed: nothing to span


def test_late_completion_bars_are_hatched_not_only_orange() -> None:
    times = pd.DataFrame(
        {
            "course": ["C"] * 4,
            "due_within_days": [30] * 4,
            "bin": ["a", "b", "c", "d"],
            "low_days": [0, 8, 15, 31],
            "high_days": [7, 14, 30, 45],
            "completions": [10, 5, 3, 2],
            "share": [0.5, 0.25, 0.15, 0.1],
            "within_window": [True, True, True, False],
            "suppressed": [False] * 4,
        }
    )
    fig = charts.completion_time_figure(times, "2025 Q2")
    bars = fig.data[0]
    assert list(bars.x) == ["0–7", "8–14", "15–30", "31–45"]
    assert list(bars.marker.pattern.shape) == ["", "", "", charts.LATE_PATTERN]
    assert list(bars.marker.color)[-1] == TARGET_COLOR
    assert "hatched orange: after" in fig.layout.xaxis.title.text


def test_a_suppressed_course_panel_holds_no_value_and_says_suppressed() -> None:
    times = pd.DataFrame(
        {
            "course": ["C"] * 2,
            "due_within_days": [30] * 2,
            "bin": ["a", "b"],
            "low_days": [0, 8],
            "high_days": [7, 14],
            "completions": [float("nan")] * 2,
            "share": [float("nan")] * 2,
            "within_window": [True, True],
            "suppressed": [True] * 2,
        }
    )
    spec = charts.completion_time_figure(times, "2025 Q2").to_plotly_json()
    panel = spec["data"][0]
    assert list(panel["x"]) == ["0–7", "8–14"]
    assert all(value is None for value in panel["y"])  # absent, not a 0-length bar
    assert "hovertemplate" not in panel and panel["hoverinfo"] == "skip"
    assert any("suppressed" in note["text"] for note in spec["layout"]["annotations"])


def test_scores_are_labelled_dots_on_an_axis_near_the_data() -> None:
    scores = pd.DataFrame(
        {
            "group": ["A", "B", "small"],
            "scored": [50.0, 60.0, float("nan")],
            "mean_score": [78.8, 80.6, float("nan")],
            "people": [20.0, 30.0, float("nan")],
            "suppressed": [False, False, True],
        }
    )
    fig = charts.scores_figure(scores, "Course", "2023 Q4 – 2026 Q3")
    dots = fig.data[0]
    assert (dots.type, dots.mode) == ("scatter", "markers+text")
    assert list(dots.text) == ["78.8", "80.6"]
    # 78.8 − 2 → down to a multiple of 5: 75; 80.6 + 2 × 2 → up: 85
    assert tuple(fig.layout.xaxis.range) == (75, 85)
    hidden = trace_values(fig, "suppressed")
    assert hidden["y"] == ["small"] and hidden["x"] == [75] and hidden["text"] == [suppressed_label()]
    assert fig.layout.title.subtitle.text == "2023 Q4 – 2026 Q3 · axis starts at 75"
    assert fig.layout.xaxis.title.text == "Mean score (0–100)"  # the period no longer cut off there


def test_scatter_points_of_every_level_have_a_dark_outline(db: Database) -> None:
    teams = team_training_levels(db, ALL, Q3_2025)
    fig = charts.training_level_scatter(teams, "level", level_association(teams, "level"), "2025 Q3")
    marker = fig.data[0].marker
    assert marker.line.width >= 1 and marker.line.color == "#333333" and marker.opacity >= 0.8


def test_page_table_formats_and_card_captions(db_path: Path, monkeypatch) -> None:
    app = run_page(db_path, monkeypatch, asof="2025-Q3", by="course")
    assert {m.proto.delta_description for m in app.metric} == {"vs 2025 Q2"}
    config = json.loads(app.dataframe[0].proto.columns)
    for rate in ("completion_rate", "on_time_rate"):
        assert config[rate]["type_config"] == {"type": "number", "format": "percent", "step": 0.001}
    assert config["people"]["type_config"]["format"] == "localized"
    assert config["on_time"]["label"] == "Done on time"


def test_scatter_hover_names_the_team_and_its_numbers() -> None:
    teams = pd.DataFrame(
        {
            "team_id": ["A", "B"],
            "team_name": ["Alpha", None],
            "trained_members": [12.0, 20.0],
            "on_time_share": [0.5, 0.75],
            "level": [2, 4],
            "movement": [1.0, -1.0],
            "suppressed": [False, False],
        }
    )
    fit = level_association(teams, "movement")
    points = charts.training_level_scatter(teams, "movement", fit, "2025 Q3").data[0]
    # names (team id when unnamed) as hover text; movement and trained members as numbers
    assert list(points.text) == ["Alpha", "B"]
    assert points.customdata.tolist() == [[1.0, 12.0], [-1.0, 20.0]]
    assert points.hovertemplate.startswith("%{text}: %{x:.0f}% of %{customdata[1]:.0f} members on time")
    assert "movement %{customdata[0]:+.0f}" in points.hovertemplate
    hidden = charts.training_level_scatter(teams, "level", fit, "2025 Q3", named=False).data[0]
    assert list(hidden.text) == ["a team", "a team"]
