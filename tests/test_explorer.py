"""The measure registry against numbers worked out by hand on a three-team fixture.

Teams: T1 (Colorado, Alliance), T2 (Colorado, Coalition), T3 (Georgia, Both).
Levels, 2024 Q1 → 2025 Q1:  T1 2,3,3,4,4   T2 1,1,2,2,3   T3 5,4,5,5,4.
2025 Q1: levels 4,3,4 → mean 11/3, high-performing 2/3; versus 2024 Q1 T1 and T2 moved up,
T3 moved down → up 2/3, down 1/3. Colorado: 4,3 → mean 3.5, high-performing 1/2.
Dimension scores 2025 Q1 (Sponsorship, Team process): T1 3.0, 4.0; T2 2.0, 2.5; T3 4.0, 5.0.
Engagement survey 2024: T1 60 (8 respondents), T2 70 (20), T3 80 (30).
"""

from __future__ import annotations

import functools
import json
import sys
import types
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lmp_metrics.access.filters import Filters
from lmp_metrics.charts.cells import READABLE_SCALE, SUPPRESSED_FILL
from lmp_metrics.charts.explorer import explorer_figure, period_ticks
from lmp_metrics.charts.style import TARGET_COLOR, is_meeting_styled, meeting_style
from lmp_metrics.core.database import Database
from lmp_metrics.core.marts import rebuild_marts
from lmp_metrics.core.migrations import migrate
from lmp_metrics.metrics import catalog, explorer
from lmp_metrics.views import tables
from lmp_metrics.views.tables import number_text, period_pivot, shown_numbers
from tests.dbfixtures import insert_rows

approx = pytest.approx
QUARTERS = [date(2024, 1, 1), date(2024, 4, 1), date(2024, 7, 1), date(2024, 10, 1), date(2025, 1, 1)]
LEVELS = {"T1": [2, 3, 3, 4, 4], "T2": [1, 1, 2, 2, 3], "T3": [5, 4, 5, 5, 4]}
# T3 is "Both": were it Alliance, national Alliance − Georgia would give T1 (8 respondents) away,
# and the marks would hide Georgia and then Colorado as well.
TEAMS = {"T1": ("Colorado", "Alliance"), "T2": ("Colorado", "Coalition"), "T3": ("Georgia", "Both")}
SCORES = {"T1": (3.0, 4.0), "T2": (2.0, 2.5), "T3": (4.0, 5.0)}
SURVEY = {"T1": (60.0, 8), "T2": (70.0, 20), "T3": (80.0, 30)}


def build_explorer_db(path: Path) -> Path:
    """Write the fixture described in the module docstring to ``path``."""
    with Database(path) as db:
        migrate(db)
        insert_rows(
            db,
            "teams",
            [
                {
                    "team_id": team,
                    "team_name": f"Team {team}",
                    "department": f"Dept {team}",
                    "facility": f"Fac {region}",
                    "service_area": f"SA {region}",
                    "region": region,
                    "labor_partner": partner,
                    "formed_on": date(2020, 1, 1),
                }
                for team, (region, partner) in TEAMS.items()
            ],
        )
        insert_rows(
            db,
            "team_quarter_levels",
            [
                {"team_id": team, "quarter": q, "level": level}
                for team, levels in LEVELS.items()
                for q, level in zip(QUARTERS, levels, strict=True)
            ],
        )
        insert_rows(
            db,
            "dimensions",
            [
                {
                    "dimension_id": "D1",
                    "dimension_name": "Sponsorship",
                    "family": "leadership",
                    "sort_order": 1,
                },
                {
                    "dimension_id": "D2",
                    "dimension_name": "Team process",
                    "family": "engagement",
                    "sort_order": 2,
                },
            ],
        )
        insert_rows(
            db,
            "team_quarter_scores",
            [
                {"team_id": team, "quarter": QUARTERS[-1], "dimension_id": dim, "score": score}
                for team, scores in SCORES.items()
                for dim, score in zip(("D1", "D2"), scores, strict=True)
            ],
        )
        insert_rows(
            db,
            "survey_results",
            [
                {"team_id": t, "survey_year": 2024, "index_name": "engagement", "score": s, "respondents": n}
                for t, (s, n) in SURVEY.items()
            ],
        )
        rebuild_marts(db)
        db.execute("CHECKPOINT")
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = build_explorer_db(tmp_path_factory.mktemp("explorer") / "explorer.duckdb")
    with Database(path, read_only=True) as database:
        yield database


def row(frame: pd.DataFrame, **where: object) -> dict:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, frame
    return frame[mask].iloc[0].to_dict()


def test_every_contract_measure_is_registered_with_valid_breakdowns() -> None:
    expected = {
        "assessed_teams",
        "mean_level",
        "high_performing_share",
        "moved_up_share",
        "moved_down_share",
        "dimension_score",
        "completion_rate",
        "on_time_rate",
        "overdue",
        "survey_engagement",
        "survey_just_culture",
        "survey_speak_up",
        "effectiveness_index",
    }
    assert set(explorer.MEASURES) == expected
    for m in explorer.MEASURES.values():
        assert m.source in explorer.SOURCES and m.unit in explorer.UNIT_TITLES
        assert set(m.breakdowns) <= set(explorer.BREAKDOWN_LABELS)
    assert "course" in explorer.MEASURES["completion_rate"].breakdowns
    assert "course" not in explorer.MEASURES["mean_level"].breakdowns
    assert "dimension" in explorer.MEASURES["dimension_score"].breakdowns


def test_level_measures_national_latest_quarter(db: Database) -> None:
    frame = explorer.measure_frame(db, "mean_level", Filters())
    assert list(frame.columns) == explorer.FRAME_COLUMNS
    assert frame["period_label"].tolist() == ["2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4", "2025 Q1"]
    latest = row(frame, period=date(2025, 1, 1))
    assert (latest["group"], latest["value"], latest["base"]) == ("National", approx(11 / 3), 3)
    share = row(explorer.measure_frame(db, "high_performing_share", Filters()), period=date(2025, 1, 1))
    assert share["value"] == approx(2 / 3)
    up = row(explorer.measure_frame(db, "moved_up_share", Filters()), period=date(2025, 1, 1))
    down = row(explorer.measure_frame(db, "moved_down_share", Filters()), period=date(2025, 1, 1))
    assert (up["value"], down["value"], up["base"]) == (approx(2 / 3), approx(1 / 3), 3)


def test_breakdown_by_region_and_the_subgroup_question(db: Database) -> None:
    frame = explorer.measure_frame(db, "high_performing_share", Filters(), "region")
    assert row(frame, group="Colorado", period=date(2025, 1, 1))["value"] == approx(0.5)
    assert row(frame, group="Georgia", period=date(2025, 1, 1))["value"] == approx(1.0)
    # "Alliance teams in Colorado since 2024 Q3" is T1 alone: levels 3, 4, 4
    subgroup = Filters(first_quarter=date(2024, 7, 1), regions=("Colorado",), labor_partners=("Alliance",))
    mean = explorer.measure_frame(db, "mean_level", subgroup)
    assert mean["value"].tolist() == [3.0, 4.0, 4.0]
    assert mean["base"].tolist() == [1, 1, 1]


def test_dimension_score_by_dimension_and_by_region(db: Database) -> None:
    by_dimension = explorer.measure_frame(db, "dimension_score", Filters(), "dimension")
    assert by_dimension["group"].tolist() == ["Sponsorship", "Team process"]
    assert by_dimension["value"].tolist() == [approx(3.0), approx(11.5 / 3)]
    by_region = explorer.measure_frame(db, "dimension_score", Filters(), "region", option="Sponsorship")
    assert row(by_region, group="Colorado")["value"] == approx(2.5)
    assert row(by_region, group="Georgia")["value"] == approx(4.0)
    assert explorer.dimension_options(db) == ["Sponsorship", "Team process"]


def test_survey_index_is_yearly_weighted_and_suppressed_with_complements(db: Database) -> None:
    by_region = explorer.measure_frame(db, "survey_engagement", Filters(), "region")
    colorado = row(by_region, group="Colorado")
    assert colorado["period"] == date(2024, 1, 1) and colorado["period_label"] == "2024"
    assert colorado["value"] == approx((60 * 8 + 70 * 20) / 28)
    by_team = explorer.measure_frame(db, "survey_engagement", Filters(), "team")
    # T1 has 8 respondents → suppressed; T2 is then suppressed too so T1 = total − T3 − T2 is hidden
    assert by_team.set_index("group")["suppressed"].to_dict() == {"T1": True, "T2": True, "T3": False}
    hidden = by_team[by_team["suppressed"]]
    assert hidden["value"].isna().all() and hidden["base"].isna().all()
    assert row(by_team, group="T3")["value"] == approx(80.0)


def test_training_measures_map_the_training_module_columns(
    monkeypatch: pytest.MonkeyPatch, db: Database
) -> None:
    calls = []

    def training_rates(db: Database, filters: Filters, by: str, quarters: object = None) -> pd.DataFrame:
        calls.append(by)
        return pd.DataFrame(
            {
                "group": ["employee", "manager", "physician"],
                "quarter": [date(2025, 1, 1)] * 3,
                "people": [40.0, float("nan"), 25.0],
                "assigned": [80, float("nan"), 50],
                "completed": [60, float("nan"), 20],
                "due": [70, float("nan"), 40],
                "on_time": [35, float("nan"), 30],
                "overdue": [9, float("nan"), 12],
                "completion_rate": [0.75, float("nan"), 0.4],
                "on_time_rate": [0.5, float("nan"), 0.75],
                "suppressed": [False, True, False],
            }
        )

    monkeypatch.setitem(
        sys.modules, "lmp_metrics.metrics.training", types.SimpleNamespace(training_rates=training_rates)
    )
    frame = explorer.measure_frame(db, "on_time_rate", Filters(), "role")
    assert calls == ["role"]
    # the explorer keeps the source's marks as they are: it decides no suppression of its own
    assert frame.set_index("group")["suppressed"].to_dict() == {
        "employee": False,
        "manager": True,
        "physician": False,
    }
    assert row(frame, group="employee")["value"] == approx(0.5)
    assert row(frame, group="employee")["base"] == 40
    overdue = explorer.measure_frame(db, "overdue", Filters(), "role")
    assert row(overdue, group="employee")["value"] == 9


def test_unsupported_choices_are_refused(db: Database) -> None:
    with pytest.raises(explorer.UnknownChoice, match="not 'course'"):
        explorer.measure_frame(db, "mean_level", Filters(), "course")
    with pytest.raises(explorer.UnknownChoice, match="unknown measure"):
        explorer.measure_frame(db, "nope", Filters())


def test_empty_scope_gives_an_empty_frame_with_the_standard_columns(db: Database) -> None:
    frame = explorer.measure_frame(db, "mean_level", Filters(regions=("Nowhere",)))
    assert frame.empty and list(frame.columns) == explorer.FRAME_COLUMNS


@pytest.mark.parametrize("key", sorted(explorer.MEASURES))
def test_the_whole_history_cut_to_a_range_is_the_ranged_frame(small_db: Database, key: str) -> None:
    """The page queries each measure once over all periods and cuts the quarter range out of it;
    that must equal asking for the range (each period is worked out on its own)."""
    chosen = explorer.measure(key)
    options = explorer.dimension_options(small_db)
    quarters = catalog.quarters(small_db)
    scope = Filters(labor_partners=("Alliance", "Both"))
    for by in ("national", "region", "team", "dimension", "role"):
        if by not in chosen.breakdowns:
            continue
        option = options[1] if key == "dimension_score" and by != "dimension" else None
        history = explorer.measure_frame(small_db, key, explorer.whole_history(scope), by, option)
        for first, last in (
            (quarters[3], quarters[-5]),
            (quarters[-4], quarters[-1]),
            (quarters[0], quarters[0]),
        ):
            ranged = scope.narrowed(first_quarter=first, last_quarter=last)
            expected = explorer.measure_frame(small_db, key, ranged, by, option)
            cut = explorer.in_range(history, chosen, ranged)
            assert not cut.empty or expected.empty
            pd.testing.assert_frame_equal(cut, expected, check_dtype=False, check_index_type=False)


def test_a_range_keeps_the_survey_years_it_touches(small_db: Database) -> None:
    chosen = explorer.measure("survey_engagement")
    frame = pd.DataFrame(
        {
            "period": [date(2022, 1, 1), date(2023, 1, 1), date(2024, 1, 1), date(2025, 1, 1)],
            "value": [1, 2, 3, 4],
        }
    )
    ranged = Filters(first_quarter=date(2023, 10, 1), last_quarter=date(2024, 4, 1))
    assert explorer.in_range(frame, chosen, ranged)["value"].tolist() == [2, 3]
    quarterly = explorer.measure("mean_level")
    assert explorer.in_range(frame, quarterly, ranged)["value"].tolist() == [3]
    assert explorer.in_range(frame, quarterly, Filters())["value"].tolist() == [1, 2, 3, 4]


# -- the page, driven with AppTest ---------------------------------------------------------------
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def page_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the fixture (saving a view writes to it), used by the app via LMP_DB."""
    path = build_explorer_db(tmp_path / "page.duckdb")
    monkeypatch.setenv("LMP_DB", str(path))
    return path


def open_explorer(query: dict[str, str | list[str]] | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    app.switch_page("pages/explorer.py")
    for name, value in (query or {}).items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def shown_table(app: AppTest) -> pd.DataFrame:
    """The long table (one row per group and period) under the group × period one."""
    return next(t.value for t in app.dataframe if "period_label" in t.value.columns).reset_index(drop=True)


def by_label(app: AppTest, widgets: str, label: str):
    return next(w for w in getattr(app, widgets) if w.label == label)


def test_subgroup_question_takes_three_interactions(page_db: Path) -> None:
    """ "How does this look for Alliance teams in Colorado since 2024 Q3?" — T1 alone: HP 0, 1, 1."""
    app = open_explorer()
    interactions = 0

    def interact(widget_change) -> None:
        nonlocal interactions
        interactions += 1
        widget_change.run()
        assert not app.exception, [e.message for e in app.exception]

    interact(by_label(app, "multiselect", "Region").select("Colorado"))
    interact(by_label(app, "multiselect", "Labor partner").select("Alliance"))
    interact(by_label(app, "select_slider", "Quarters").set_value((date(2024, 7, 1), date(2025, 1, 1))))
    assert interactions <= 3
    table = shown_table(app)
    assert table["label"].tolist() == ["Colorado"] * 3
    assert table["period_label"].tolist() == ["2024 Q3", "2024 Q4", "2025 Q1"]
    assert table["value"].tolist() == [0.0, 1.0, 1.0]
    assert table["base"].tolist() == [1, 1, 1]


def test_first_view_is_useful_without_any_choice(page_db: Path) -> None:
    app = open_explorer()
    assert by_label(app, "selectbox", "Measure").value == "high_performing_share"
    assert by_label(app, "selectbox", "Breakdown").value == "region"
    table = shown_table(app)
    latest = table[table["period_label"] == "2025 Q1"].set_index("label")["value"]
    assert latest.to_dict() == {"Colorado": 0.5, "Georgia": 1.0}
    assert len(app.get("plotly_chart")) == 1


def test_unsupported_breakdown_in_the_url_falls_back(page_db: Path) -> None:
    app = open_explorer({"measure": "mean_level", "by": "course"})
    assert by_label(app, "selectbox", "Breakdown").value == "region"


# -- charts ------------------------------------------------------------------------------------------
def test_line_chart_draws_the_frame_and_marks_suppressed_points(db: Database) -> None:
    frame = explorer.measure_frame(db, "survey_engagement", Filters(), "team")
    fig = explorer_figure(frame, explorer.measure("survey_engagement"), "line", "Engagement by team", "Team")
    lines = {t.name: list(t.y) for t in fig.data if t.mode == "lines+markers"}
    assert lines["Team T3"] == [80.0]
    assert lines["Team T1"][0] != lines["Team T1"][0]  # NaN: no number drawn for a suppressed team
    marks = [t for t in fig.data if t.name.endswith(": suppressed")]
    assert sorted(t.name for t in marks) == ["Team T1: suppressed", "Team T2: suppressed"]
    assert "suppressed (&lt;11 people)" in fig.layout.title.subtitle.text


def test_bars_heatmap_and_multiples_say_suppressed(db: Database) -> None:
    frame = explorer.measure_frame(db, "survey_engagement", Filters(), "team")
    chosen = explorer.measure("survey_engagement")
    figure = explorer_figure(frame, chosen, "bars", "t", "Team")
    (bars,) = figure.data  # suppressed teams get no bar at all: no 0-length bar, no "0.0" hover
    assert (list(bars.y), list(bars.x), bars.texttemplate) == (["Team T3"], [80.0], "%{x:.1f}")
    notes = {a.y: (a.text, a.hovertext) for a in figure.layout.annotations}
    assert notes == {
        "Team T1": ("suppressed", "suppressed (&lt;11 people)"),
        "Team T2": ("suppressed", "suppressed (&lt;11 people)"),
    }
    assert list(figure.layout.yaxis.categoryarray) == ["Team T1", "Team T2", "Team T3"]
    assert all(x != 0 for x in bars.x)
    heat = explorer_figure(frame, chosen, "heatmap", "t", "Team").data[0]
    assert [row[0] for row in heat.text] == ["supp.", "supp.", "80.0"]
    multiples = explorer_figure(frame, chosen, "multiples", "t", "Team")
    assert [a.text for a in multiples.layout.annotations][:3] == ["Team T1", "Team T2", "Team T3"]


def test_many_groups_are_capped_with_a_note(db: Database) -> None:
    frame = pd.DataFrame(
        {
            "group": [f"G{i}" for i in range(10)],
            "label": [f"G{i}" for i in range(10)],
            "period": [date(2025, 1, 1)] * 10,
            "period_label": ["2025 Q1"] * 10,
            "value": [0.5] * 10,
            "base": list(range(10, 20)),
            "suppressed": [False] * 10,
        }
    )
    fig = explorer_figure(
        frame, explorer.measure("high_performing_share"), "line", "t", "Region", target=0.75
    )
    names = [t.name for t in fig.data]
    assert names == [f"G{i}" for i in range(2, 10)] + ["Target 75%"]  # the 8 with the largest base
    assert "Showing the 8 largest of 10 groups" in fig.layout.title.subtitle.text
    assert "G0" not in names and "G1" not in names


def test_eight_lines_differ_in_colour_marker_and_dash_on_screen_and_on_the_projector() -> None:
    # the issue: Georgia and Washington both orange (colours reused after six series)
    frame = pd.DataFrame(
        {
            "group": [f"G{i}" for i in range(8)] * 2,
            "label": [f"G{i}" for i in range(8)] * 2,
            "period": [date(2025, 1, 1)] * 8 + [date(2025, 4, 1)] * 8,
            "period_label": ["2025 Q1"] * 8 + ["2025 Q2"] * 8,
            "value": [0.5 + i / 100 for i in range(8)] * 2,
            "base": [20] * 16,
            "suppressed": [False] * 16,
        }
    )
    chosen = explorer.measure("high_performing_share")
    fig = explorer_figure(frame, chosen, "line", "t", "Region")
    for styled_fig in (fig, meeting_style(go.Figure(fig))):
        lines = [t for t in styled_fig.data if t.mode == "lines+markers"]
        assert len(lines) == 8
        for attribute in (lambda t: t.line.color, lambda t: t.marker.symbol, lambda t: t.line.dash):
            assert len({attribute(t) for t in lines}) == 8


def test_change_over_the_period_shows_each_groups_change_in_points() -> None:
    # two lines 2 points apart on a 0–100 axis look alike; their changes do not
    periods = [date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1)]
    rows = [
        ("A", [0.60, 0.70, 0.62], [False] * 3),
        ("B", [0.50, 0.40, 0.45], [False] * 3),
        ("C", [0.55, 0.55, float("nan")], [False, False, True]),
    ]
    frame = pd.DataFrame(
        [
            {
                "group": g,
                "label": g,
                "period": p,
                "period_label": f"2025 Q{i + 1}",
                "value": v,
                "base": 30,
                "suppressed": h,
            }
            for g, values, hidden in rows
            for i, (p, v, h) in enumerate(zip(periods, values, hidden, strict=True))
        ]
    )
    fig = explorer_figure(
        frame, explorer.measure("high_performing_share"), "change", "HP by region", "Region"
    )
    bar = fig.data[0]
    shown = dict(zip(bar.y, bar.text, strict=True))
    assert shown == {"C": "suppressed", "B": "-5.0 pts", "A": "+2.0 pts"}
    assert list(bar.y) == ["C", "B", "A"]  # no figure first, then from the largest fall
    assert "2025 Q1 → 2025 Q3" in fig.layout.title.text
    assert "percentage points" in fig.layout.xaxis.title.text


def test_empty_and_all_suppressed_frames_explain_themselves(db: Database) -> None:
    chosen = explorer.measure("mean_level")
    empty = explorer_figure(
        explorer.measure_frame(db, "mean_level", Filters(regions=("Nowhere",))), chosen, "line", "t", "Region"
    )
    assert "No data for these filters" in empty.layout.annotations[0].text


def test_meeting_style_is_high_contrast_idempotent_and_keeps_the_target(db: Database) -> None:
    frame = explorer.measure_frame(db, "high_performing_share", Filters(), "region")
    fig = explorer_figure(
        frame, explorer.measure("high_performing_share"), "line", "t", "Region", target=0.75
    )
    styled = meeting_style(go.Figure(fig))
    colours = {t.name: (t.line.color, t.line.dash, t.line.width) for t in styled.data}
    assert colours["Colorado"] == ("#0072B2", "solid", 4)
    assert colours["Georgia"] == ("#882255", "dash", 4)  # pale orange swapped for a dark colour
    assert colours["Target 75%"][0] == TARGET_COLOR
    assert styled.layout.font.size == 22 and styled.layout.xaxis.tickfont.size == 20
    assert is_meeting_styled(styled) and not is_meeting_styled(fig)
    before = styled.to_json()
    assert meeting_style(styled).to_json() == before


# -- readability ---------------------------------------------------------------------------------------
def test_lines_differ_by_marker_and_the_legend_sits_under_the_plot(db: Database) -> None:
    frame = explorer.measure_frame(db, "mean_level", Filters(), "team")
    fig = explorer_figure(frame, explorer.measure("mean_level"), "line", "t", "Team")
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert len({t.marker.symbol for t in lines}) == len(lines) == 3
    assert fig.layout.legend.orientation == "h" and fig.layout.legend.y < 0
    # five quarters need no thinning; labels stay horizontal
    assert list(fig.layout.xaxis.tickvals) == ["2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4", "2025 Q1"]
    assert fig.layout.xaxis.tickangle == 0


def test_period_ticks_label_every_other_quarter_or_whole_years_back_from_the_latest() -> None:
    twelve = [f"q{i}" for i in range(12)]
    assert period_ticks(twelve)["tickvals"] == ["q1", "q3", "q5", "q7", "q9", "q11"]
    forty = [f"q{i}" for i in range(40)]
    assert period_ticks(forty)["tickvals"] == ["q7", "q15", "q23", "q31", "q39"]  # every 8th: 5 labels
    assert period_ticks(["a", "b"])["tickvals"] == ["a", "b"]


def test_heatmap_is_light_under_dark_text_and_covers_suppressed_cells(db: Database) -> None:
    frame = explorer.measure_frame(db, "survey_engagement", Filters(), "team")
    fig = explorer_figure(frame, explorer.measure("survey_engagement"), "heatmap", "t", "Team")
    heat, layer = fig.data
    assert heat.colorscale == tuple(tuple(stop) for stop in READABLE_SCALE)
    assert [row[0] for row in layer.text] == ["supp.", "supp.", ""]  # T1, T2 hidden; T3 80.0 shown
    assert layer.colorscale[0][1] == SUPPRESSED_FILL
    assert fig.layout.plot_bgcolor is None


def test_period_pivot_is_group_by_quarter_with_one_decimal_percentages(db: Database) -> None:
    frame = explorer.measure_frame(db, "high_performing_share", Filters(), "region")
    wide = period_pivot(frame, explorer.measure("high_performing_share"), "Region")
    # Colorado: T1 2,3,3,4,4 and T2 1,1,2,2,3 → level ≥ 4: 0, 0, 0, 1 of 2, 1 of 2; Georgia always 1 of 1
    assert wide.columns.tolist() == ["Region", "2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4", "2025 Q1"]
    assert wide.values.tolist() == [
        ["Colorado", "0.0%", "0.0%", "0.0%", "50.0%", "50.0%"],
        ["Georgia", "100.0%", "100.0%", "100.0%", "100.0%", "100.0%"],
    ]
    engagement = explorer.measure_frame(db, "survey_engagement", Filters(), "team")
    wide = period_pivot(engagement, explorer.measure("survey_engagement"), "Team")
    assert wide.values.tolist() == [["Team T1", "suppressed"], ["Team T2", "suppressed"], ["Team T3", "80.0"]]


def test_page_shows_the_pivot_first_and_shares_with_one_decimal(page_db: Path) -> None:
    app = open_explorer()
    pivot = app.dataframe[0].value
    assert pivot.columns.tolist()[:2] == ["Region", "2024 Q1"]
    assert pivot.set_index("Region")["2025 Q1"].to_dict() == {"Colorado": "50.0%", "Georgia": "100.0%"}
    long = next(t for t in app.dataframe if "period_label" in t.value.columns)
    assert long.value["shown"].tolist() == [0.0] * 3 + [50.0] * 2 + [100.0] * 5  # Colorado, Georgia
    assert list(long.proto.column_order) == ["label", "period_label", "shown", "base", "note"]
    shown = json.loads(long.proto.columns)["shown"]
    assert (shown["label"], shown["type_config"]["format"]) == ("High-performing share", "%.1f%%")


def test_range_and_chart_type_reuse_the_queried_history(
    page_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving the quarter range cuts the cached history (no query); another chart type also keeps
    the frame and its table (only the figure is new)."""
    calls = {"query": 0, "table": 0}

    def counted(name: str, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(explorer, "measure_frame", counted("query", explorer.measure_frame))
    monkeypatch.setattr(tables, "period_pivot", counted("table", tables.period_pivot))
    st.cache_data.clear()
    app = open_explorer()
    assert calls == {"query": 1, "table": 1}
    by_label(app, "select_slider", "Quarters").set_value((date(2024, 7, 1), date(2025, 1, 1))).run()
    assert calls == {"query": 1, "table": 2}
    assert shown_table(app)["period_label"].unique().tolist() == ["2024 Q3", "2024 Q4", "2025 Q1"]
    by_label(app, "selectbox", "Chart").set_value("heatmap").run()
    assert not app.exception and calls == {"query": 1, "table": 2}
    assert json.loads(app.get("plotly_chart")[0].proto.spec)["data"][0]["type"] == "heatmap"


def test_shares_are_rounded_to_one_decimal_not_cut() -> None:
    assert number_text(0.772727, "share") == "77.3%" and number_text(0.85185, "rate") == "85.2%"
    assert number_text(3.14159, "level") == "3.14" and number_text(1017, "teams") == "1,017"
    assert number_text(float("nan"), "share") == ""
    assert shown_numbers(pd.Series([0.772727, 3.5]), "share").tolist() == approx([77.2727, 350.0])
    assert shown_numbers(pd.Series([3.25]), "level").tolist() == [3.25]
