"""Events as markers on any time-series chart: a dotted line at the event and a symbol above the
plot whose hover names it. Several events at one position share one symbol (hover lists them all).

Charts with a category axis of quarter labels ('2025 Q2') pass ``quarters``: an event sits on the
quarter holding its date, and events outside those quarters are left out. Charts with a numeric
axis of years (yearly surveys) pass ``years``: an event sits at its date as a fraction of its year
(1 Oct 2021 at 2021.75, after that year's survey point), and events outside those years are left
out. Charts with a date axis pass neither and the events sit on their dates.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from lmp_metrics.charts.style import plotly_text
from lmp_metrics.vocabulary.quarters import quarter_label, quarter_start

EVENT_AXIS = "y9"  # a hidden 0–1 axis over the plot, so markers sit at its top whatever the data's scale
EVENT_COLOR = "#444444"
KIND_SYMBOLS = {"agreement": "diamond", "bargaining": "square", "training": "triangle-up", "other": "circle"}
KIND_NAMES = {
    "agreement": "Agreement",
    "bargaining": "Bargaining",
    "training": "Training",
    "other": "Other event",
}


def _positions(
    events: pd.DataFrame, quarters: Sequence[str] | None, years: Sequence[int] | None
) -> pd.Series:
    if years is not None:
        fractions = events["event_date"].map(
            lambda d: d.year + (d.timetuple().tm_yday - 1) / (366 if calendar.isleap(d.year) else 365)
        )
        inside = events["event_date"].map(lambda d: d.year in set(years))
        return fractions.where(inside)
    if quarters is None:
        return events["event_date"]
    labels = events["event_date"].map(lambda d: quarter_label(quarter_start(d)))
    return labels.where(labels.isin(set(quarters)))


def add_event_markers(
    fig: go.Figure,
    events: pd.DataFrame,
    quarters: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
) -> go.Figure:
    """Add ``events`` (``metrics.events.scope_events`` rows) to ``fig``; returns the same figure."""
    if events.empty:
        return fig
    placed = events.assign(x=_positions(events, quarters, years)).dropna(subset=["x"])
    if placed.empty:
        return fig
    for x in placed["x"].unique():
        fig.add_shape(
            type="line",
            x0=x,
            x1=x,
            xref="x",
            y0=0,
            y1=1,
            yref="paper",
            line={"color": EVENT_COLOR, "width": 1, "dash": "dot"},
            layer="above",
        )
    grouped = placed.groupby("x", sort=False).agg(
        kind=("kind", "first"),
        hover=("title", lambda titles: "<br>".join(plotly_text(t) for t in titles)),
        dates=("event_date", lambda days: ", ".join(d.isoformat() for d in days)),
    )
    for kind, rows in grouped.groupby("kind", sort=False):
        fig.add_scatter(
            x=list(rows.index),
            y=[1.0] * len(rows),
            yaxis=EVENT_AXIS,
            mode="markers",
            name=f"{KIND_NAMES.get(kind, kind)} (event)",
            marker={"symbol": KIND_SYMBOLS.get(kind, "circle"), "size": 11, "color": EVENT_COLOR},
            customdata=rows[["hover", "dates"]].to_numpy(),
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra>event</extra>",
            cliponaxis=False,
        )
    fig.update_layout(
        {
            f"yaxis{EVENT_AXIS[1:]}": {
                "overlaying": "y",
                "range": [0, 1.04],
                "visible": False,
                "fixedrange": True,
            }
        }
    )
    return fig
