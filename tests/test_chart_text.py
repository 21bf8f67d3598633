"""Every chart's text alternative (``charts.describe``): the table holds exactly what the chart draws,
suppressed figures as "suppressed", and the sentence names the extremes or the latest values.
Expected values are written out by hand from the tiny figures below."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lmp_metrics.charts.cells import readable_heatmap, suppressed_layer
from lmp_metrics.charts.describe import text_alternative
from lmp_metrics.charts.style import empty_figure, phone_style, styled


def alt_of(fig: go.Figure):
    return text_alternative(fig.to_dict())


def test_horizontal_bars_with_a_suppressed_group() -> None:
    fig = go.Figure(
        go.Bar(x=[0.5, 0.25], y=["North", "South"], orientation="h", name="High-performing share")
    )
    fig.add_annotation(x=0, xref="paper", y="East", yref="y", text="suppressed", showarrow=False)
    styled(fig, "High-performing share by region, 2026 Q3", "Share of teams", "Region")
    fig.update_xaxes(tickformat=".0%")
    alt = alt_of(fig)
    assert alt.title == "High-performing share by region, 2026 Q3"
    expected = pd.DataFrame(
        {"Region": ["North", "South", "East"], "High-performing share": ["50%", "25%", "suppressed"]}
    )
    pd.testing.assert_frame_equal(alt.table, expected)
    assert alt.summary == (
        "Bar chart of Share of teams by Region, 3 rows; highest North (50%), lowest South (25%); "
        "1 figure suppressed (too few people)."
    )


def test_lines_over_quarters_with_a_suppressed_quarter_of_one_series() -> None:
    quarters = ["2026 Q1", "2026 Q2", "2026 Q3"]
    fig = go.Figure(
        [
            go.Scatter(x=quarters, y=[80.0, 82.5, 90.0], name="Completion rate", mode="lines+markers"),
            go.Scatter(x=quarters[:2], y=[60.0, 61.25], name="On-time rate", mode="lines+markers"),
            go.Scatter(x=["2026 Q3"], y=[-5], name="On-time rate: suppressed (<11 people)", mode="markers"),
        ]
    )
    styled(fig, "Training rates<br><sup>Team A</sup>", "Quarter", "Share (%)")
    fig.update_yaxes(ticksuffix="%")
    alt = alt_of(fig)
    assert alt.title == "Training rates — Team A"
    assert alt.table.to_dict("list") == {
        "Quarter": quarters,
        "Completion rate": ["80%", "82.5%", "90%"],
        "On-time rate": ["60%", "61.2%", "suppressed"],
    }
    assert alt.summary == (
        "Line chart of Share (%) by Quarter, from 2026 Q1 to 2026 Q3; latest: Completion rate 90%, "
        "On-time rate suppressed; "
        "1 figure suppressed (too few people)."
    )


def test_a_suppression_mark_without_a_series_hides_every_series_at_that_category() -> None:
    fig = go.Figure(
        [
            go.Scatter(x=["Q1", "Q2"], y=[3.5, None], name="Team", mode="lines"),
            go.Scatter(x=["Q1", "Q2"], y=[3.0, None], name="Facility", mode="lines"),
            go.Scatter(x=["Q2"], y=[0], name="suppressed (<11 people)", mode="markers"),
        ]
    )
    styled(fig, "Scores", "Quarter", "Score (1–5)")
    table = alt_of(fig).table
    assert table.to_dict("list") == {
        "Quarter": ["Q1", "Q2"],
        "Team": ["3.50", "suppressed"],
        "Facility": ["3", "suppressed"],
    }


def test_heatmap_cells_read_from_their_text_and_the_suppressed_layer() -> None:
    x, y = ["2025", "2026"], ["Clinic A", "Clinic B"]
    hidden = np.array([[False, True], [False, False]])
    z = np.array([[0.7, np.nan], [0.4, 0.9]])
    text = [["70%", ""], ["40%", "90%"]]
    fig = go.Figure([readable_heatmap(z=z, x=x, y=y, text=text, texttemplate="%{text}")])
    fig.add_trace(suppressed_layer(x, y, hidden, "suppressed", "suppressed (<11 people)"))
    styled(fig, "Completion by clinic", "Year", "Clinic")
    alt = alt_of(fig)
    assert alt.table.to_dict("list") == {
        "Clinic and Year": ["Clinic A", "Clinic B"],
        "2025": ["70%", "40%"],
        "2026": ["suppressed", "90%"],
    }
    assert alt.summary == (
        "Heat map of values by Clinic and Year, 2 rows; highest Clinic B, 2026 (90%), "
        "lowest Clinic B, 2025 (40%); 1 figure suppressed (too few people)."
    )


def test_a_suppressed_value_never_reaches_the_table_even_when_the_figure_holds_it() -> None:
    """The suppression marks win over any value drawn at the same place."""
    fig = go.Figure(
        [
            go.Bar(x=["A", "B"], y=[4.0, 7.0], name="Teams"),
            go.Scatter(x=["B"], y=[0], name="Teams: suppressed", mode="markers"),
        ]
    )
    table = alt_of(styled(fig, "Teams", "Group", "Teams")).table
    assert table["Teams"].tolist() == ["4", "suppressed"]
    assert "7" not in table.to_string()


def test_panels_of_a_subplot_figure_get_their_own_columns() -> None:
    layout = {
        "xaxis": {"domain": [0, 0.45]},
        "xaxis2": {"domain": [0.55, 1], "anchor": "y2"},
        "yaxis2": {"anchor": "x2"},
        "annotations": [
            {"text": "<b>Sponsorship</b>", "x": 0.225, "y": 1, "xref": "paper", "yref": "paper"},
            {"text": "<b>Leadership</b>", "x": 0.775, "y": 1, "xref": "paper", "yref": "paper"},
        ],
    }
    fig = go.Figure(
        [
            go.Scatter(x=["Q1"], y=[4.0], name="This team"),
            go.Scatter(x=["Q1"], y=[3.0], name="This team", xaxis="x2", yaxis="y2"),
        ],
        layout,
    )
    assert alt_of(fig).table.to_dict("list") == {
        "Category": ["Q1"],
        "Sponsorship · This team": ["4"],
        "Leadership · This team": ["3"],
    }


def test_box_plot_rows_are_quartiles_per_group() -> None:
    fig = go.Figure(go.Box(x=["L1"] * 4 + ["L2"] * 2, y=[1, 2, 3, 4, 10, 20], name="Scores"))
    table = alt_of(styled(fig, "Scores by level", "Level", "Score")).table
    assert table.to_dict("list") == {
        "Level": ["L1", "L2"],
        "Median": ["2.50", "15.00"],
        "Lower quartile": ["1.75", "12.50"],
        "Upper quartile": ["3.25", "17.50"],
        "Points": ["4", "2"],
    }


def test_boxes_drawn_from_given_quartiles_read_them_back() -> None:
    """The Just Culture chart draws each level's box from precomputed quartiles (no points): the load
    benchmark found its table failing on them."""
    boxes = [
        go.Box(x=["Level 2"], q1=[40.0], median=[50.0], q3=[60.0], lowerfence=[30.0], upperfence=[70.0]),
        go.Box(x=["Level 4"], q1=[55.0], median=[62.5], q3=[70.0], lowerfence=[45.0], upperfence=[80.0]),
    ]
    table = alt_of(styled(go.Figure(boxes), "Just Culture by level", "Level", "Index")).table
    assert table.to_dict("list") == {
        "Level": ["Level 2", "Level 4"],
        "Median": ["50.00", "62.50"],
        "Lower quartile": ["40.00", "55.00"],
        "Upper quartile": ["60.00", "70.00"],
    }


def test_an_empty_chart_says_why_and_has_no_table() -> None:
    alt = alt_of(empty_figure("Level over time", "No assessments for this team."))
    assert alt.title == "Level over time"
    assert alt.summary == "No assessments for this team."
    assert alt.table.empty


def test_phone_style_wraps_the_title_puts_the_legend_below_and_thins_ticks() -> None:
    """On a copy: the figure given (the cached one) stays as it was."""
    quarters = [f"20{y} Q{q}" for y in range(20, 27) for q in range(1, 5)]
    fig = go.Figure(go.Scatter(x=quarters, y=list(range(len(quarters))), name="Level"))
    styled(fig, "Dimension scores against department, facility and region averages<br><sup>Team A</sup>")
    fig.update_xaxes(tickmode="array", tickvals=quarters[::4], ticktext=[q[:4] for q in quarters[::4]])
    styled_for_phone = phone_style(fig)
    go.Figure(styled_for_phone.to_dict())  # Plotly checks every property it set: all valid
    phone = styled_for_phone.layout
    assert phone.title.text == (
        "Dimension scores against<br>department, facility and region<br>averages<br><sup>Team A</sup>"
    )
    assert phone.legend.yref == "container" and phone.legend.y == 0 and phone.legend.orientation == "h"
    # 7 labels → every 2nd, counted back from the latest
    assert list(phone.xaxis.tickvals) == ["2020 Q1", "2022 Q1", "2024 Q1", "2026 Q1"]
    assert list(phone.xaxis.ticktext) == ["2020", "2022", "2024", "2026"]
    assert fig.layout.legend.yref is None and len(fig.layout.xaxis.tickvals) == 7


def test_a_band_drawn_as_one_polygon_becomes_its_upper_and_lower_edges() -> None:
    ahead = ["2026 Q4", "2027 Q1"]
    fig = go.Figure(
        [
            go.Scatter(
                x=ahead + ahead[::-1], y=[0.8, 0.9, 0.5, 0.6], fill="toself", name="Interval", mode="lines"
            ),
            go.Scatter(x=ahead, y=[0.7, 0.75], name="Projection", mode="lines"),
            go.Scatter(x=[None], y=[None], name="Target 75%", mode="lines"),  # a legend entry only
        ]
    )
    styled(fig, "Projection", "Quarter", "Share")
    fig.update_yaxes(tickformat=".0%")
    assert alt_of(fig).table.to_dict("list") == {
        "Quarter": ahead,
        "Interval (upper)": ["80%", "90%"],
        "Interval (lower)": ["60%", "50%"],
        "Projection": ["70%", "75%"],
    }


def test_a_scatter_of_two_measures_lists_each_labelled_point() -> None:
    fig = go.Figure(
        [
            go.Scatter(x=[40.0, 80.0], y=[2.0, 4.5], mode="markers", name="teams", text=["Team A", "Team B"]),
            go.Scatter(x=[40.0, 80.0], y=[2.5, 4.0], mode="lines", name="trend"),
        ]
    )
    alt = alt_of(styled(fig, "Training and level", "On time (%)", "Level (1–5)"))
    assert alt.table.to_dict("list") == {
        "Label": ["Team A", "Team B"],
        "On time (%)": ["40", "80"],
        "Level (1–5)": ["2", "4.50"],
    }
    assert alt.summary == "Scatter plot of Level (1–5) against On time (%), 2 points."


def test_a_panel_marked_suppressed_on_its_domain_shows_no_figure() -> None:
    layout = {
        "xaxis": {"domain": [0, 0.45]},
        "xaxis2": {"domain": [0.55, 1], "anchor": "y2"},
        "yaxis2": {"anchor": "x2"},
        "annotations": [
            {"text": "Course A", "x": 0.225, "y": 1, "xref": "paper", "yref": "paper"},
            {"text": "Course B", "x": 0.775, "y": 1, "xref": "paper", "yref": "paper"},
            {"text": "suppressed (<11 people)", "x": 0.5, "y": 0.5, "xref": "x2 domain", "yref": "y2 domain"},
        ],
    }
    fig = go.Figure(
        [
            go.Bar(x=["0–7", "8–14"], y=[60.0, 40.0]),
            go.Bar(x=["0–7", "8–14"], y=[None, None], xaxis="x2", yaxis="y2"),
        ],
        layout,
    )
    assert alt_of(fig).table.to_dict("list") == {
        "Category": ["0–7", "8–14"],
        "Course A": ["60", "40"],
        "Course B": ["suppressed", "suppressed"],
    }


def test_phone_style_lays_a_row_of_four_panels_out_in_two_columns() -> None:
    fig = make_subplots(rows=1, cols=4, subplot_titles=["A", "B", "C", "D"], shared_yaxes=True)
    for col in range(1, 5):
        fig.add_trace(go.Scatter(x=[1, 2], y=[3, 4], name=f"p{col}"), row=1, col=col)
    fig.update_layout(height=400)
    styled_for_phone = phone_style(fig)
    go.Figure(styled_for_phone.to_dict())  # Plotly checks every property it set: all valid
    phone = styled_for_phone.layout
    # two rows: 0.1 between columns, 0.3 / 2 between rows; each panel 0.45 wide and 0.425 high
    assert [round(v, 3) for v in phone.xaxis3.domain] == [0, 0.45]
    assert [round(v, 3) for v in phone.yaxis3.domain] == [0, 0.425]
    assert [round(v, 3) for v in phone.xaxis2.domain] == [0.55, 1]
    assert [round(v, 3) for v in phone.yaxis2.domain] == [0.575, 1]
    titles = {n.text: (round(n.x, 3), round(n.y, 3)) for n in phone.annotations}
    assert titles == {"A": (0.225, 1), "B": (0.775, 1), "C": (0.225, 0.425), "D": (0.775, 0.425)}
    assert phone.height == 640  # 400 × 2 rows / 1 row × 0.8
    assert phone.yaxis.showticklabels is not False and phone.yaxis2.showticklabels is False
    assert phone.yaxis3.showticklabels is True  # a left-hand panel now: it shows the scale
