"""The only place that uses Plotly internals, each to skip a re-check of what is already valid.

Plotly validates every property as a figure is built (~50–100 ms a chart). A figure dict that was
checked when it was made (``Figure.to_dict()``) and a registered template need no second check:

- ``unchecked_figure(spec)``: ``go.Figure(spec, _validate=False)`` (~1 ms instead of ~50).
- ``assign_unchecked(obj, prop, value)``: one assignment with ``obj._validate`` off, the way Plotly
  sets its own default template on every new figure (``BaseFigure._initialize_layout_template``).
- ``PlotlyObject``: the base class of figures' parts (``plotly.basedatatypes.BasePlotlyType``).
- ``drawn(fig)``: ``fig`` for a renderer that only serializes ``to_dict()`` (``st.plotly_chart``):
  the figure's own state (``_data``, ``_layout``), not the deep copy ``to_dict`` makes (about
  half of a cached chart's cost on a rerun at kp).

``tests/test_plotly_internals.py`` checks each against Plotly's checked path and fails loudly when
Plotly is upgraded past ``TESTED_PLOTLY``: check these three again, then raise it.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from plotly.basedatatypes import BasePlotlyType as PlotlyObject

TESTED_PLOTLY = "7.1"  # major.minor these internals were checked against

__all__ = ["TESTED_PLOTLY", "PlotlyObject", "assign_unchecked", "drawn", "unchecked_figure"]


def unchecked_figure(spec: dict) -> go.Figure:
    """A figure from a dict made by ``Figure.to_dict()`` (already checked), not checked again."""
    return go.Figure(spec, _validate=False)


def assign_unchecked(obj: PlotlyObject, prop: str, value: Any) -> None:
    """``obj[prop] = value`` without validation (``value`` must be valid already)."""
    checking = obj._validate
    obj._validate = False
    try:
        obj[prop] = value
    finally:
        obj._validate = checking


class _Drawn(go.Figure):
    """Answers ``to_dict()`` with a figure's own state; nothing else (its ``__init__`` builds no state)."""

    def __init__(self, fig: go.Figure) -> None:  # the parent keeps no state here: it is ``fig``
        self._source = fig

    def to_dict(self) -> dict:
        source = self._source
        if source._frame_objs:  # frames: the copying path (no chart here has any)
            return source.to_dict()
        return {"data": source._data, "layout": source._layout}


def drawn(fig: go.Figure) -> go.Figure:
    """``fig`` to hand to ``st.plotly_chart``, which only calls ``to_dict()`` and serializes the result:
    without the deep copy. The renderer must not change what it is given (Streamlit's does not)."""
    return _Drawn(fig)
