"""Shared look of every chart: colour-blind-safe palettes, titles, axis labels, empty states."""

from __future__ import annotations

import plotly.graph_objects as go

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Path to Performance levels 1–5: light→dark blue-green sequence (readable in grey too).
LEVEL_COLORS = {1: "#d9d9d9", 2: "#a6cee3", 3: "#6baed6", 4: "#2171b5", 5: "#08306b"}
LEVEL_NAMES = {
    1: "1 Pre-team climate",
    2: "2 Building structures",
    3: "3 Projects under way",
    4: "4 High engagement",
    5: "5 High-performing",
}
TARGET_COLOR = "#D55E00"
FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"


def styled(
    fig: go.Figure, title: str, x_title: str | None = None, y_title: str | None = None, height: int = 420
) -> go.Figure:
    """Apply the house style: title, axis titles, palette, legend on top, readable margins."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        colorway=PALETTE,
        font={"family": FONT_FAMILY, "size": 14},
        height=height,
        margin={"l": 60, "r": 20, "t": 70, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
        hoverlabel={"font_size": 13},
        template="plotly_white",
    )
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return fig


def meeting_style(fig: go.Figure) -> go.Figure:
    """Projector style: larger text and thicker lines, same colours. Returns the same figure."""
    fig.update_layout(
        font={"size": 22}, title_font_size=28, legend_font_size=20, hoverlabel={"font_size": 20}
    )
    fig.update_traces(selector={"type": "scatter"}, line_width=4, marker_size=12)
    return fig


def plotly_text(text: str) -> str:
    """Escape ``<`` and ``>``: Plotly reads them as tags and drops the text (e.g. "<11 people")."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def empty_figure(title: str, reason: str) -> go.Figure:
    """A chart that says why it is empty instead of showing blank axes."""
    fig = go.Figure()
    fig.add_annotation(
        text=reason,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 16, "color": "#555555"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return styled(fig, title, height=260)
