"""The house style (``charts.style.styled``) gives the same figure as Plotly's own update calls,
without Plotly re-checking the template on every figure."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from _plotly_utils.basevalidators import BaseTemplateValidator
from plotly.subplots import make_subplots

from lmp_metrics.charts.style import (
    FONT_FAMILY,
    MEETING_PALETTE,
    PALETTE,
    meeting_style,
    merge_update,
    styled,
)


def plain(fig: go.Figure) -> dict:
    """The figure as the browser gets it (JSON), so arrays and key order do not matter."""
    return json.loads(pio.to_json(fig, validate=False))


def test_styled_sets_the_house_look_on_the_white_template() -> None:
    fig = styled(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])), "Title", "Quarter", "Share (%)", height=300)
    layout = plain(fig)["layout"]
    assert layout["template"] == json.loads(json.dumps(pio.templates["plotly_white"].to_plotly_json()))
    assert layout["title"] == {"text": "Title", "x": 0, "xanchor": "left"}
    assert layout["colorway"] == PALETTE
    assert layout["font"] == {"family": FONT_FAMILY, "size": 14}
    assert layout["height"] == 300
    assert layout["margin"] == {"l": 60, "r": 20, "t": 70, "b": 50}
    assert layout["legend"] == {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0}
    assert layout["hoverlabel"] == {"font": {"size": 13}}
    assert layout["xaxis"]["title"] == {"text": "Quarter"} and layout["yaxis"]["title"] == {
        "text": "Share (%)"
    }


def test_styled_equals_plotly_update_calls_and_keeps_what_the_builder_set() -> None:
    def built() -> go.Figure:
        fig = make_subplots(rows=1, cols=2, subplot_titles=["a", "b"])
        fig.add_trace(go.Bar(x=[1], y=[2]), row=1, col=2)
        fig.update_layout(legend_traceorder="reversed", title_subtitle_text="filters", margin_t=120)
        fig.update_xaxes(title_standoff=4)
        return fig

    fig = styled(built(), "T", "x", None, height=500)
    reference = built().update_layout(
        title={"text": "T", "x": 0, "xanchor": "left"},
        colorway=PALETTE,
        font={"family": FONT_FAMILY, "size": 14},
        height=500,
        margin={"l": 60, "r": 20, "t": 70, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
        hoverlabel={"font_size": 13},
        template="plotly_white",
    )
    reference.update_xaxes(title_text="x")
    assert plain(fig) == plain(reference)
    layout = plain(fig)["layout"]
    assert layout["legend"]["traceorder"] == "reversed" and layout["title"]["subtitle"] == {"text": "filters"}
    assert layout["xaxis"]["title"] == layout["xaxis2"]["title"] == {"text": "x", "standoff": 4}
    assert "title" not in layout["yaxis"]


def test_merge_update_merges_nested_values_and_still_checks_them() -> None:
    fig = go.Figure(layout={"legend": {"x": 0.5, "bgcolor": "#eeeeee"}})
    merge_update(fig.layout, {"legend": {"x": 0, "font": {"size": 9}}, "height": 250})
    assert fig.layout.legend.to_plotly_json() == {"x": 0, "bgcolor": "#eeeeee", "font": {"size": 9}}
    assert fig.layout.height == 250
    with pytest.raises(ValueError):
        merge_update(fig.layout, {"legend": {"orientation": "diagonal"}})


def test_the_template_is_not_checked_again_for_every_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the registered template was validated again")

    fig = go.Figure()  # Plotly's default template, before the check is switched off
    monkeypatch.setattr(BaseTemplateValidator, "validate_coerce", refuse)
    styled(fig, "T")
    assert fig.layout.template.layout.plot_bgcolor == "white"
    assert fig.layout.template.data.bar[0].marker.line.color == "white"


def test_meeting_style_equals_plotly_update_calls() -> None:
    def built() -> go.Figure:
        fig = make_subplots(rows=1, cols=2, subplot_titles=["left", "right"])
        fig.add_trace(go.Scatter(x=[1, 2], y=[3, 4], line={"color": PALETTE[1]}, name="a"), row=1, col=1)
        fig.add_trace(go.Scatter(x=[1, 2], y=[4, 3], name="b", mode="markers"), row=1, col=2)
        fig.add_trace(go.Bar(x=[1], y=[2], name="c"), row=1, col=2)
        fig.update_layout(title_subtitle_text="filters")
        return styled(fig, "T", "x", "y", height=500)

    fig = meeting_style(built())
    reference = built()
    reference.update_layout(
        font={"size": 22, "color": "#111111"},
        title_font_size=30,
        title_subtitle_font={"size": 20, "color": "#333333"},
        legend_font_size=20,
        hoverlabel={"font_size": 20},
        colorway=MEETING_PALETTE,
        meta="lmp-meeting-style",
        height=650,
        margin={"t": 130, "l": 90, "b": 80, "r": 30},
    )
    reference.update_xaxes(tickfont_size=20, title_font_size=22)
    reference.update_yaxes(tickfont_size=20, title_font_size=22)
    reference.update_annotations(font_size=20)
    a, b, c = reference.data
    a.update(line={"color": MEETING_PALETTE[1], "dash": "dash", "width": 4}, textfont_size=20)
    a.update(marker={"color": MEETING_PALETTE[1], "symbol": "square", "size": 12})
    b.update(line_color=MEETING_PALETTE[0], line_dash="solid", marker_color=MEETING_PALETTE[0])
    b.update(marker_symbol="circle", marker_size=12, textfont_size=20)
    c.update(textfont_size=20)
    assert plain(fig) == plain(reference)
    assert plain(meeting_style(fig)) == plain(reference)  # a second time changes nothing
