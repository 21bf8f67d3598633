"""On track? The high-performing share, its straight-line fit, the projection with its prediction
interval to the target quarter, the target line and the scope's events."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lmp_metrics.charts.events import add_event_markers
from lmp_metrics.charts.style import PALETTE, empty_figure, legend_below, styled, target_line
from lmp_metrics.vocabulary.quarters import quarter_label

BAND = "rgba(0, 114, 178, 0.15)"  # PALETTE[0], pale


def projection_figure(
    history: pd.DataFrame, path: pd.DataFrame, target: float, title: str, events: pd.DataFrame | None = None
) -> go.Figure:
    """``history``: quarter, share, fitted (``Projection.history``); ``path``: quarter, projected,
    lower, upper (``Projection.path()``), starting at the last quarter of ``history``."""
    if history.empty:
        return empty_figure(title, "No assessments in the quarters the trend is fitted on.")
    past = [quarter_label(q) for q in history["quarter"]]
    ahead = [quarter_label(q) for q in path["quarter"]]
    fig = go.Figure()
    fig.add_scatter(
        x=ahead + ahead[::-1],
        y=list(path["upper"]) + list(path["lower"])[::-1],
        mode="lines",
        fill="toself",
        fillcolor=BAND,
        line={"width": 0},
        name="95% prediction interval",
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=past,
        y=history["share"],
        mode="lines+markers",
        name="Level 4–5 share",
        line={"color": PALETTE[0], "width": 3},
        customdata=history[["high_performing_teams", "assessed_teams"]].to_numpy(),
        hovertemplate="%{x}: %{y:.1%} (%{customdata[0]:,} of %{customdata[1]:,} teams)<extra></extra>",
    )
    fig.add_scatter(
        x=past,
        y=history["fitted"],
        mode="lines",
        name="Straight-line fit",
        line={"color": "#555555", "dash": "dot", "width": 2},
        hovertemplate="%{x}: fit %{y:.1%}<extra></extra>",
    )
    fig.add_scatter(
        x=ahead,
        y=path["projected"],
        mode="lines+markers",
        name="Projection",
        line={"color": PALETTE[0], "dash": "dash", "width": 2},
        marker={"symbol": "circle-open", "size": 8},
        customdata=path[["lower", "upper"]].to_numpy(),
        hovertemplate="%{x}: %{y:.1%} (95% interval %{customdata[0]:.1%} – %{customdata[1]:.1%})<extra></extra>",
    )
    target_line(fig, target, f"Target {target:.0%}")
    styled(fig, title, "Quarter", "Teams at level 4–5 (% of assessed)", height=480)
    quarters = past + ahead[1:]
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=quarters)
    fig.update_yaxes(tickformat=".0%", range=[0, 1.02])
    legend_below(fig)
    if events is not None:
        add_event_markers(fig, events, quarters)
    return fig
