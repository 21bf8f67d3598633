"""The only place that uses Plotly internals, each to skip a re-check of what is already valid.

Plotly validates every property as a figure is built (~50–100 ms a chart). A figure dict that was
checked when it was made (``Figure.to_dict()``) and a registered template need no second check:

- ``unchecked_figure(spec)``: ``go.Figure(spec, _validate=False)`` (~1 ms instead of ~50).
- ``assign_unchecked(obj, prop, value)``: one assignment with ``obj._validate`` off, the way Plotly
  sets its own default template on every new figure (``BaseFigure._initialize_layout_template``).
- ``PlotlyObject``: the base class of figures' parts (``plotly.basedatatypes.BasePlotlyType``).

``tests/test_plotly_internals.py`` checks each against Plotly's checked path and fails loudly when
Plotly is upgraded past ``TESTED_PLOTLY``: check these three again, then raise it.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from plotly.basedatatypes import BasePlotlyType as PlotlyObject

TESTED_PLOTLY = "7.1"  # major.minor these internals were checked against

__all__ = ["TESTED_PLOTLY", "PlotlyObject", "assign_unchecked", "unchecked_figure"]


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
