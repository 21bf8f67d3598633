"""The Plotly internals of ``lmp_metrics.charts.plotly_internals`` still do what the checked path does.

Fails loudly on a Plotly upgrade: check each helper again (these tests), then raise ``TESTED_PLOTLY``.
"""

from __future__ import annotations

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from lmp_metrics.charts.plotly_internals import (
    TESTED_PLOTLY,
    PlotlyObject,
    assign_unchecked,
    drawn,
    unchecked_figure,
)


def figure() -> go.Figure:
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1.5, 2.5], marker={"color": "#0072B2"}))
    fig.update_layout(title={"text": "T"}, height=300)
    return fig


def test_plotly_is_the_version_these_internals_were_checked_against() -> None:
    major_minor = ".".join(plotly.__version__.split(".")[:2])
    assert major_minor == TESTED_PLOTLY, (
        f"Plotly {plotly.__version__}: re-check lmp_metrics/charts/plotly_internals.py, then set TESTED_PLOTLY"
    )


def test_the_unchecked_paths_really_skip_the_check() -> None:
    invalid = {"data": [], "layout": {"height": "tall"}}
    with pytest.raises(ValueError):
        go.Figure(invalid)
    assert unchecked_figure(invalid).to_dict()["layout"]["height"] == "tall"  # not checked: not refused
    layout = go.Figure().layout
    assert isinstance(layout, PlotlyObject) and layout._validate is True
    assign_unchecked(layout, "height", "tall")
    assert layout.to_plotly_json()["height"] == "tall"


def test_an_unchecked_figure_equals_the_checked_one() -> None:
    spec = figure().to_dict()
    assert unchecked_figure(spec).to_dict() == go.Figure(spec).to_dict() == spec


def test_an_unchecked_assignment_equals_the_checked_one_and_restores_checking() -> None:
    template = pio.templates["plotly_white"]
    checked, unchecked = figure(), figure()
    checked.layout.template = template
    assign_unchecked(unchecked.layout, "template", template)
    assert unchecked.to_dict() == checked.to_dict()
    assert unchecked.layout._validate is True
    with pytest.raises(ValueError):  # checking is back on for the next assignment
        unchecked.layout.height = "tall"


def test_a_drawn_figure_serializes_as_the_figure_does_and_stays_untouched() -> None:
    import numpy as np
    import plotly.tools

    built = go.Figure(go.Scatter(x=np.arange(5), y=np.linspace(0, 1, 5), name="s"))
    built.add_hline(y=0.5, annotation_text="target")
    for fig in (figure(), unchecked_figure(figure().to_dict()), unchecked_figure(built.to_dict())):
        before = fig.to_dict()
        # what st.plotly_chart does with a figure: to_dict through plotly.tools, then JSON
        as_sent = pio.to_json(
            plotly.tools.return_figure_from_figure_or_data(drawn(fig), True), validate=False
        )
        assert as_sent == pio.to_json(
            plotly.tools.return_figure_from_figure_or_data(fig, True), validate=False
        )
        assert fig.to_dict() == before
    changed = unchecked_figure(figure().to_dict())
    changed.update_layout(title_text="changed")  # state, not a stale copy
    assert drawn(changed).to_dict()["layout"]["title"]["text"] == "changed"
