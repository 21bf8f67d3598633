"""The funnel behind the What changed findings: each group's rate against its size, with the plain
99.8% limits and the limits adjusted for over-dispersion (``metrics.dispersion``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lmp_metrics.charts.style import PALETTE, empty_figure, legend_below, limit_lines, styled

_POSITIONS = {  # position → (legend name, colour, symbol)
    "above": ("above the adjusted limits", PALETTE[2], "triangle-up"),
    "within": ("within", "#7f7f7f", "circle"),
    "below": ("below the adjusted limits", PALETTE[5], "triangle-down"),
}


def adjusted_funnel_figure(
    points: pd.DataFrame, curves: pd.DataFrame, overall: float, what: str, unit: str, title: str
) -> go.Figure:
    """``points``: ``adjusted_positions`` rows (label, p, n_, position); ``curves``: ``limit_curves``."""
    if points.empty:
        return empty_figure(title, "No group to compare in this scope and quarter.")
    fig = go.Figure()
    limit_lines(
        fig,
        curves,
        (
            ("upper", "adjusted 99.8% limits", "solid", "#333333"),
            ("lower", None, "solid", "#333333"),
            ("plain_upper", "plain 99.8% limits", "dot", "#999999"),
            ("plain_lower", None, "dot", "#999999"),
        ),
    )
    fig.add_hline(y=overall, line_color=PALETTE[0], annotation_text=f"overall {overall:.1%}")
    for position, (name, colour, symbol) in _POSITIONS.items():
        rows = points[points["position"] == position]
        if rows.empty:
            continue
        fig.add_scatter(
            x=rows["n_"],
            y=rows["p"],
            mode="markers",
            name=name,
            marker={"color": colour, "symbol": symbol, "size": 10 if position != "within" else 7},
            customdata=rows[["label"]].to_numpy(),
            hovertemplate="%{customdata[0]}<br>" + what + " %{y:.1%} of %{x:,} " + unit + "<extra></extra>",
        )
    log = bool(np.nanmax(points["n_"]) > 30)
    x_title = f"Group size ({unit}" + (", log scale)" if log else ")")
    styled(fig, title, x_title, f"{what} (%)", height=440)
    fig.update_xaxes(type="log" if log else "linear")
    fig.update_yaxes(tickformat=".0%")
    legend_below(fig)
    return fig
