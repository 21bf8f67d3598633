"""The overview page on the hand-made fixture: cards, charts, CSV download and the report agree;
drill-down through the URL and the breadcrumb; team rows only for roles that may see them.

Expected numbers are those worked out in ``overview_fixture.py``.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lmp_metrics.access.filters import Filters
from lmp_metrics.charts import overview as charts
from lmp_metrics.charts.style import TARGET_COLOR
from lmp_metrics.commands import main
from lmp_metrics.core.database import Database
from lmp_metrics.metrics import levels
from lmp_metrics.metrics.effectiveness import DEFAULT_WEIGHTS, effectiveness_index
from lmp_metrics.metrics.levels import funnel_positions
from lmp_metrics.metrics.report import EXTENDED_COLUMNS, group_table, report_table
from lmp_metrics.views import overview as ov
from lmp_metrics.views.overview import DrillPath, child_levels_below, headline_cards, valid_path, versus
from lmp_metrics.vocabulary.hierarchy import level
from tests.overview_fixture import Q2_2025, make_overview_db
from tests.page_support import metrics, run_page
from ui.overview_tabs import funnel_figure

approx = pytest.approx
DEPT_C = {
    "drill_region": "South",
    "drill_service_area": "South SA",
    "drill_facility": "SF1",
    "drill_department": "Dept C",
}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_overview_db(tmp_path_factory.mktemp("page") / "overview.duckdb")


def page(db_path: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    return run_page("overview", db_path, monkeypatch, who=None, **params)


def figure(app: AppTest, index: int) -> dict:
    return json.loads(app.get("plotly_chart")[index].proto.spec)


def values(trace_axis: object) -> list:
    """Plotly sends numeric arrays base64-encoded ({'dtype', 'bdata'}); plain lists otherwise."""
    if isinstance(trace_axis, dict):
        return np.frombuffer(base64.b64decode(trace_axis["bdata"]), dtype=trace_axis["dtype"]).tolist()
    return list(trace_axis)


# -- drill path and cards, without Streamlit ------------------------------------------------------
def test_drill_path_round_trips_through_url_params() -> None:
    path = DrillPath().down("North").down("North SA")
    params = path.to_params()
    assert params == {
        "drill_region": "North",
        "drill_service_area": "North SA",
        "drill_facility": None,
        "drill_department": None,
    }
    assert DrillPath.from_params(params.get) == path
    assert DrillPath.from_params({"drill_facility": "NF1"}.get) == DrillPath()  # no region: no path
    assert (path.level, path.child_level, path.can_drill) == ("service_area", "facility", True)
    assert [label for label, _ in path.crumbs()] == ["Nation", "Region North", "Service area North SA"]
    assert path.crumbs()[1][1] == path.up_to(1) == DrillPath((("region", "North"),))
    department = DrillPath(
        (("region", "South"), ("service_area", "South SA"), ("facility", "SF1"), ("department", "Dept C"))
    )
    assert (department.child_level, department.can_drill) == ("team", False)
    assert child_levels_below(department, team_rows=False) == []
    assert child_levels_below(DrillPath(), team_rows=True)[-2:] == ["department", "team"]


def test_drill_scope_stays_inside_the_sidebar_filters(db_path: Path) -> None:
    path = DrillPath((("region", "North"),))
    assert path.scope(Filters()).regions == ("North",)
    assert path.scope(Filters(regions=("South",))).regions != ("North",)  # outside the filters: nothing
    with Database(db_path, read_only=True) as db:
        assert valid_path(db, Filters(), path.down("North SA").down("NF2")) == path.down("North SA").down(
            "NF2"
        )
        assert valid_path(db, Filters(), path.down("South SA")) == path  # South SA is not in North
        assert valid_path(db, Filters(regions=("South",)), path) == DrillPath()


def test_headline_cards_and_changes(db_path: Path) -> None:
    with Database(db_path, read_only=True) as db:
        quarters = [Q2_2025.replace(year=2024), Q2_2025.replace(month=1), Q2_2025]
        table = group_table(db, Filters(), "national", quarters)
    cards = {c.key: c for c in headline_cards(table, Q2_2025, quarters)}
    # mean 20/6 = 3.33; previous quarter 3.5 → −0.17; a year ago (24Q2: 2,4,2,3,4 → 3.0) → +0.33
    assert (cards["mean_level"].value, cards["mean_level"].change) == ("3.33", "-0.17")
    assert cards["mean_level"].year_change == "+0.33"
    # high-performing 50% both quarters (no sign, no arrow); 24Q2: T2, T6 of 5 → 40% → +10.0 pts
    assert (cards["high_performing_share"].change, cards["high_performing_share"].year_change) == (
        "0.0 pts",
        "+10.0 pts",
    )
    assert (cards["high_performing_share"].moved, cards["high_performing_share"].tone) == (False, None)
    assert (cards["mean_level"].moved, cards["mean_level"].tone) == (True, "worse")  # 3.50 → 3.33
    # moved up 60% (3 of 5) vs 80% in 25Q1; no movement a year earlier (no 2023 data)
    assert (cards["moved_up_share"].value, cards["moved_up_share"].change) == ("60.0%", "-20.0 pts")
    assert cards["moved_up_share"].year_change is None
    assert cards["moved_up_share"].caption.endswith(
        " · of 5 teams that also had a level four quarters earlier"
    )
    # training completion 13/17 = 76.5% vs 11/17 → +11.8 pts
    assert (cards["training_completion_rate"].value, cards["training_completion_rate"].change) == (
        "76.5%",
        "+11.8 pts",
    )
    assert cards["assessed_teams"].trend == (5.0, 6.0, 6.0)


# -- the page itself --------------------------------------------------------------------------------
def test_national_page_cards_chart_download_and_report_agree(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, media: list, capsys: pytest.CaptureFixture
) -> None:
    app = page(db_path, monkeypatch)
    shown = metrics(app)
    assert shown["Assessed teams"] == "6"
    assert shown["Mean level"] == "3.33"
    assert shown["High-performing share"] == "50.0%"
    assert (shown["Moved up"], shown["Moved down"]) == ("60.0%", "20.0%")
    assert (shown["Training completion"], shown["On-time training"]) == ("76.5%", "58.8%")  # 13/17, 10/17

    bars = figure(app, 0)["data"][0]
    by_region = dict(zip(bars["y"], values(bars["x"]), strict=True))
    assert by_region == {"North": approx(2 / 3), "South": approx(1 / 3)}

    url = app.get("download_button")[0].proto.url
    download = media[-1].get_file(url.rsplit("/", 1)[1]).content.decode()
    rows = {r["group"]: r for r in csv.DictReader(io.StringIO(download))}
    assert float(rows["North"]["high_performing_share"]) == by_region["North"]
    assert (rows["South"]["training_completion_rate"], rows["South"]["training_suppressed"]) == ("", "True")

    assert main(["report", "--db", str(db_path), "--by", "region", "--quarter", "2025-Q2"]) == 0
    report = {r["group"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    for group, row in report.items():
        for column, value in row.items():
            assert rows[group][column] == value, (group, column)
    # the national report row is what the cards show
    assert main(["report", "--db", str(db_path), "--quarter", "2025-Q2", "--format", "json"]) == 0
    (national,) = json.loads(capsys.readouterr().out)
    assert f"{national['training_completion_rate']:.1%}" == shown["Training completion"]
    assert f"{national['mean_level']:.2f}" == shown["Mean level"]


def only_figure(app: AppTest, title_start: str) -> dict:
    """The one figure whose title starts with ``title_start`` (other tabs are not drawn)."""
    figures = [figure(app, i) for i in range(len(app.get("plotly_chart")))]
    (found,) = [f for f in figures if f["layout"]["title"]["text"].startswith(title_start)]
    return found


def test_only_the_open_tab_is_drawn_and_its_name_is_in_the_url(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = page(db_path, monkeypatch)
    assert len(app.get("plotly_chart")) == 2  # children bars + the default tab (levels over time)
    mix = only_figure(app, "Level distribution")
    level4 = next(t for t in mix["data"] if t["name"].startswith("4 "))
    q2 = level4["x"].index("2025 Q2")
    assert values(level4["y"])[q2] == approx(0.5)  # 3 of 6 at level 4 in 2025 Q2
    assert any(shape.get("y0") == 0.75 for shape in mix["layout"]["shapes"])  # the 75% target line


def test_transitions_and_funnel_tabs(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page(db_path, monkeypatch, tab="Transitions")
    transitions = only_figure(app, "Level transitions")["layout"]["title"]["text"]
    assert "2024 Q2 → 2025 Q2" in transitions  # default: four quarters back
    assert "5 teams assessed in both: 3 moved up, 1 stayed, 1 moved down" in transitions
    app = page(db_path, monkeypatch, tab="Funnel plot")
    funnel = only_figure(app, "High-performing share by facility: funnel plot")
    points = [t for t in funnel["data"] if t.get("mode") == "markers+text"]
    # by facility: NF1 2 of 2, NF2 0 of 1, SF1 1 of 3 around 3/6; none is unusual for such small groups
    assert [t["name"] for t in points] == ["within the limits (chance)"]
    assert sorted(values(points[0]["x"])) == [1, 2, 3]
    app = page(db_path, monkeypatch, tab="Dimensions")
    assert (
        "performance 3.67 · leadership 3.50"
        in only_figure(app, "Dimension scores")["layout"]["title"]["text"]
    )


def test_funnel_says_what_it_compares_with_and_names_outliers() -> None:
    # 95 of 100, 20 of 100, 55 of 100 around 170/300 = 56.7%: the first far above, the second far below
    groups = pd.DataFrame(
        {
            "group": ["A", "B", "C"],
            "label": ["Alpha", "Beta", "Gamma"],
            "assessed_teams": [100, 100, 100],
            "high_performing_teams": [95, 20, 55],
        }
    ).assign(high_performing_share=lambda f: f["high_performing_teams"] / f["assessed_teams"])
    points, limits, overall = funnel_positions(groups)
    fig = charts.funnel(points, limits, overall, 0.75, "Facility", "Region X · 2025 Q2", "Region X")
    named = {t.name: [x for x in t.text if x] for t in fig.data if t.mode == "markers+text"}
    assert named == {
        "above the average of Region X (beyond 99.8% limits)": ["Alpha"],
        "within the limits (chance)": [],
        "below the average of Region X (beyond 99.8% limits)": ["Beta"],
    }
    assert (
        "against the average of Region X (56.7%), not against the 75% target"
        in fig.layout.title.subtitle.text
    )
    note = ov.funnel_note(points, "Region X")
    assert "compared with the average of Region X, not with the target" in note
    assert "Alpha (above), Beta (below)" in note and "each drill level compares with its own average" in note


def test_drill_down_by_url_and_back_up_by_breadcrumb(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page(db_path, monkeypatch, drill_region="North")
    assert app.subheader[0].value == "Region North · 2025 Q2"
    assert metrics(app)["Assessed teams"] == "3"
    assert metrics(app)["Mean level"] == "3.67"  # 11/3
    # North's 12 people are enough, but national − North would give South (5) away: suppressed
    assert metrics(app)["Training completion"] == "suppressed"
    app.query_params["drill_service_area"] = "North SA"
    app.run()
    bars = figure(app, 0)["data"][0]
    assert sorted(bars["y"]) == ["NF1", "NF2"]
    app.button(key="crumb_0").click().run()
    assert "drill_region" not in app.query_params and "drill_service_area" not in app.query_params
    assert app.subheader[0].value == "Nation · 2025 Q2"


def test_unknown_drill_value_falls_back_to_the_valid_part(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = page(db_path, monkeypatch, drill_region="South", drill_service_area="Atlantis")
    assert app.subheader[0].value == "Region South · 2025 Q2"


def test_department_shows_its_teams_to_an_admin(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page(
        db_path,
        monkeypatch,
        **DEPT_C,
        tab="Funnel plot",
    )
    bars = figure(app, 0)["data"][0]
    assert dict(zip(bars["y"], values(bars["x"]), strict=True)) == {"Team 4": 1.0, "Team 5": 0.0}
    assert "A funnel plot compares several groups" in " ".join(i.value for i in app.info)


def test_team_rows_are_withheld_from_a_viewer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    grants = [{"identity": "vic@kp.org", "role": "viewer", "scope": "national"}]
    db_path = make_overview_db(tmp_path / "grants.duckdb", grants)
    app = page(
        db_path,
        monkeypatch,
        **{"as": "vic@kp.org"},
        **DEPT_C,
    )
    assert "Team-level rows are outside your access" in " ".join(i.value for i in app.info)
    assert metrics(app)["Assessed teams"] == "2"  # the department's own figures are still shown


def test_index_weights_rescale_and_method_text(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page(db_path, monkeypatch, tab="Effectiveness index")
    app.slider(key="w_just_culture").set_value(0).run()
    app.slider(key="w_on_time_training").set_value(0).run()
    caption = next(c.value for c in app.caption if c.value.startswith("Weights are scaled"))
    assert "High-performing teams 50%" in caption and "Just Culture (People Pulse) 0%" in caption
    index = only_figure(app, "Partnership Effectiveness Index")
    bars = [t for t in index["data"] if t["type"] == "bar"]
    points = {t["name"]: dict(zip(t["y"], values(t["x"]), strict=True)) for t in bars}
    # North: 0.5 × 66.67 + 0.5 × 100 = 83.33 → 33.33 + 50 points
    assert points["High-performing teams"]["North"] == approx(100 / 3)
    assert points["Improving or sustaining"]["North"] == approx(50.0)
    method = " ".join(m.value for m in app.markdown)
    assert "Index = Σ weight × component score" in method
    assert "Worked example:** Nation: (0.50 × 50.0 + 0.50 × 80.0) = 65.0" in method


def test_every_chart_says_why_it_is_empty() -> None:
    nothing = pd.DataFrame(columns=["group", "label", "quarter", "index", "dimension_name", "assessed_teams"])
    figures = [
        charts.children_bars(nothing, "high_performing_share", "Region", "Nation", 0.75),
        charts.level_mix(nothing, 0.75, "Nation"),
        charts.heatmap(nothing, "mean_level", "Region", "Nation"),
        charts.transitions(nothing, "2024 Q2", "2025 Q2", "Nation"),
        charts.funnel(nothing, nothing, float("nan"), 0.75, "Facility", "Nation"),
        charts.dimension_bars(nothing, [Q2_2025], "Nation"),
        charts.index_bars(nothing, "Region", "Nation"),
    ]
    for fig in figures:
        assert fig.layout.title.text.endswith("Nation")
        assert fig.layout.annotations and fig.layout.annotations[0].text


def test_suppressed_training_is_labelled_in_the_bars_not_drawn_as_zero(db_path: Path) -> None:
    with Database(db_path, read_only=True) as db:
        kids = report_table(db, Filters(), "region", Q2_2025, EXTENDED_COLUMNS)
    fig = charts.children_bars(kids, "on_time_rate", "Region", "Nation")
    bars = dict(zip(fig.data[0].y, fig.data[0].text, strict=True))
    # South has 5 people; North (12) is suppressed too, else national − North = South
    assert bars == {"North": "suppressed (<11 people)", "South": "suppressed (<11 people)"}


# -- readability fixes from the browser review ------------------------------------------------------
def test_cards_name_the_quarters_they_compare_with(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert versus(date(2025, 1, 1)) == "vs 2025 Q1"
    app = page(db_path, monkeypatch)
    # 2025 Q2 shown: the change is against 2025 Q1, short enough for a card ("vs prev. qua…" was cut)
    assert {m.proto.delta_description for m in app.metric} == {"vs 2025 Q1"}
    year_ago = [c.value for c in app.caption if c.value.startswith("A year ago")]
    assert len(year_ago) == 7 and all(c.startswith("A year ago (2024 Q2): ") for c in year_ago)


def test_table_shows_shares_with_one_decimal_under_short_headers(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = page(db_path, monkeypatch)
    config = json.loads(app.dataframe[0].proto.columns)
    # Streamlit's "percent" shows (decimals of step − 2) decimals: step 0.001 → "50.0%", like the charts
    for share in ("high_performing_share", "training_completion_rate", "on_time_rate", "moved_up_share"):
        assert config[share]["type_config"] == {"type": "number", "format": "percent", "step": 0.001}
    assert config["mean_level"]["type_config"]["format"] == "%.2f"
    assert config["high_performing_share"]["help"] == "Teams at level 4–5 (% of assessed)"
    assert max(len(column.get("label", "")) for column in config.values()) <= 10  # ten columns fit 1280 px


def test_table_rounds_shares_as_the_chart_labels_do_and_the_csv_keeps_them_whole(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, media: list
) -> None:
    app = page(db_path, monkeypatch)
    shown = app.dataframe[0].value.set_index("label")["high_performing_share"]
    # Streamlit cuts a share at its step (2/3 would read 66.6%); the table holds 0.667, read 66.7%
    assert shown.to_dict() == {"North": 0.667, "South": 0.333}
    url = app.get("download_button")[0].proto.url
    download = media[-1].get_file(url.rsplit("/", 1)[1]).content.decode()
    rows = {r["group"]: r for r in csv.DictReader(io.StringIO(download))}
    assert float(rows["North"]["high_performing_share"]) == 2 / 3


def test_bar_labels_sit_inside_the_bar_end_and_the_target_line_runs_under_the_bars() -> None:
    frame = pd.DataFrame(
        {
            "group": ["A", "B", "C"],
            "label": ["A", "B", "C"],
            "high_performing_share": [0.8, 0.821, 0.214],
            "assessed_teams": [15, 28, 14],
        }
    )
    fig = charts.children_bars(frame, "high_performing_share", "Region", "Nation", 0.75)
    bars = fig.data[0]
    assert list(bars.y) == ["C", "A", "B"] and list(bars.text) == ["21.4%", "80.0%", "82.1%"]
    assert (bars.textposition, bars.insidetextanchor) == ("auto", "end")
    (line,) = fig.layout.shapes
    assert (line.x0, line.layer) == (0.75, "below")  # a label at 74–80% no longer sits on the line
    assert fig.layout.bargap == 0.35  # so the line still shows between the bars
    assert fig.layout.xaxis.title.text == "Teams at level 4–5 (% of assessed)"


def test_level_mix_outlines_every_level_and_names_the_target_in_the_legend() -> None:
    # 2025 Q2 of the fixture: levels 4,4,3,4,2,3 → 2: 1/6, 3: 2/6, 4: 3/6
    mix = pd.DataFrame({"quarter": [Q2_2025] * 3, "level": [2, 3, 4], "teams": [1, 2, 3]})
    fig = charts.level_mix(mix.assign(share=mix["teams"] / 6), 0.75, "Nation")
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name[0] for t in bars] == ["5", "4", "3", "2", "1"]
    assert all(t.marker.line.width >= 1 and t.marker.line.color == "#333333" for t in bars)
    (target,) = [t for t in fig.data if t.type == "scatter"]
    assert target.name == "Target: 75% at level 4–5"
    assert (target.line.color, target.line.dash) == (TARGET_COLOR, "dash")
    assert not fig.layout.annotations  # no label box over the bars, in light or dark theme
    assert fig.layout.shapes[0].y0 == 0.75
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == (
        "Quarter",
        "Share of assessed teams (%)",
    )


def test_every_axis_and_colour_bar_title_is_capitalised(db_path: Path) -> None:
    year_ago = Q2_2025.replace(year=2024)
    quarters = [year_ago, Q2_2025]
    region, facility, every = level("region").label, level("facility").label, Filters()
    with Database(db_path, read_only=True) as db:  # each chart from its query, as ui.overview draws it
        figures = [
            charts.children_bars(
                report_table(db, every, "region", Q2_2025, EXTENDED_COLUMNS),
                "high_performing_share",
                region,
                "Nation",
                0.75,
            ),
            charts.level_mix(levels.level_distribution(db, every, quarters), 0.75, "Nation"),
            charts.heatmap(
                group_table(db, every, "region", quarters), "high_performing_share", region, "Nation"
            ),
            charts.transitions(
                levels.level_transitions(db, every, year_ago, Q2_2025), "2024 Q2", "2025 Q2", "Nation"
            ),
            funnel_figure(
                levels.funnel_data(db, every, "facility", Q2_2025), 0.75, facility, "Nation", "Nation"
            ),
            charts.dimension_bars(
                levels.dimension_scores(db, every, "national", quarters), quarters, "Nation"
            ),
            charts.index_bars(
                effectiveness_index(db, every, "region", [Q2_2025], DEFAULT_WEIGHTS), region, "Nation"
            ),
        ]
    for spec in (figure.to_dict() for figure in figures):
        layout = spec["layout"]
        titles = [
            layout[axis]["title"]["text"]
            for axis in layout
            if axis.startswith(("xaxis", "yaxis")) and layout[axis].get("title", {}).get("text")
        ]
        titles += [t["colorbar"]["title"]["text"] for t in spec["data"] if "colorbar" in t]
        assert titles, layout["title"]["text"]
        assert all(title[0].isupper() for title in titles), titles
