"""Just Culture charts: survey indices by year, by group, where they fall, and by UBT level.

Suppressed groups (fewer respondents than the minimum group size) are never drawn as numbers: they
appear as labelled gaps, and hovers say "suppressed".
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.charts.cells import readable_heatmap, suppressed_layer
from lmp_metrics.charts.events import add_event_markers
from lmp_metrics.charts.style import (
    LEVEL_COLORS,
    PALETTE,
    SERIES_DASHES,
    empty_figure,
    legend_below,
    plotly_text,
    styled,
)
from lmp_metrics.vocabulary.formats import signed
from lmp_metrics.vocabulary.measures import LEVEL_NAMES
from lmp_metrics.vocabulary.surveys import INDEX_NAMES

SCORE_AXIS = "Score (0–100, respondent-weighted)"
POINTS_BELOW = 8  # a level with fewer teams shows them as points, not a box
FALLS_MIN_RANGE = 5.0  # points either side of zero on the "fell most" chart


def index_trend_figure(summary: pd.DataFrame, scope: str, events: pd.DataFrame | None = None) -> go.Figure:
    """One line per index over survey years for a single group (e.g. ``by='national'``); the scope's
    ``events`` (``metrics.events.scope_events`` rows) marked at their dates within those years."""
    title = f"Survey indices by year: {scope}"
    if summary.empty:
        return empty_figure(title, "No survey results for these filters and years.")
    fig = go.Figure()
    years = sorted(summary["survey_year"].unique())
    for (index_name, label), color, dash in zip(INDEX_NAMES.items(), PALETTE, SERIES_DASHES, strict=False):
        rows = summary[summary["index_name"] == index_name].set_index("survey_year").reindex(years)
        hover = [
            _cell(score, n, hidden)[1]
            for score, n, hidden in zip(rows["score"], rows["respondents"], rows["suppressed"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=years,
                y=rows["score"],
                mode="lines+markers",
                name=label,
                line={"color": color, "width": 3, "dash": dash},  # told apart without colour too
                marker={"size": 9},
                customdata=hover,
                hovertemplate=f"{label} %{{x}}: %{{customdata}}<extra></extra>",
            )
        )
    fig.update_xaxes(tickvals=years, ticktext=[str(y) for y in years])
    styled(fig, title, "Survey year", SCORE_AXIS, height=440)
    legend_below(fig)  # with the events' symbols the legend wraps: above the plot it would cover the title
    return fig if events is None else add_event_markers(fig, events, years=years)


def group_year_heatmap(
    summary: pd.DataFrame, index_name: str, group_label: str, limit: int = 40
) -> go.Figure:
    """Score of one index per group × year, lowest latest score on top; suppressed cells are grey
    and say so. With more than ``limit`` groups only the ``limit`` lowest are drawn (the title says so)."""
    label = INDEX_NAMES[index_name]
    title = f"{label} by {group_label.lower()} and year"
    rows = summary[summary["index_name"] == index_name]
    if rows.empty:
        return empty_figure(title, "No survey results for these filters and years.")
    latest = rows["survey_year"].max()
    order = rows[rows["survey_year"] == latest].sort_values(["score", "group"])["group"].tolist()
    order += sorted(set(rows["group"]) - set(order))
    if len(order) > limit:
        title += f": the {limit} lowest of {len(order)} in {latest}"
        order = order[:limit]
    score = rows.pivot(index="group", columns="survey_year", values="score").reindex(order)
    respondents = rows.pivot(index="group", columns="survey_year", values="respondents").reindex(order)
    suppressed = rows.pivot(index="group", columns="survey_year", values="suppressed").reindex(order)
    years = [str(y) for y in score.columns]
    cells = [
        [_cell(*values) for values in zip(*columns, strict=True)]
        for columns in zip(score.values, respondents.values, suppressed.values, strict=True)
    ]
    text = [[cell[0] for cell in row] for row in cells]
    shown = score.stack().dropna()  # colour range over the shown scores, for contrast
    hover = [[cell[1] for cell in row] for row in cells]
    fig = go.Figure(
        readable_heatmap(
            z=score.values,
            x=years,
            y=order,
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{y}, %{x}: %{customdata}<extra></extra>",
            zmin=5 * math.floor(shown.min() / 5) if len(shown) else 0,
            zmax=5 * math.ceil(shown.max() / 5) if len(shown) else 100,
            colorbar={"title": "Score"},
            hoverongaps=True,
            xgap=1,
            ygap=1,
        )
    )
    hidden = suppressed.eq(True).to_numpy()
    if hidden.any():
        fig.add_trace(suppressed_layer(years, order, hidden, "suppressed", plotly_text(suppressed_label())))
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False)
    fig.update_xaxes(type="category", showgrid=False)
    height = max(300, min(1400, 90 + 26 * len(order)))
    return styled(fig, title, "Survey year", group_label, height=height)


def _cell(score: float, respondents: float, suppressed: object) -> tuple[str, str]:
    """(cell text, hover text) for one group-year: suppressed, missing or a score."""
    if pd.notna(suppressed) and bool(suppressed):
        return "suppressed", suppressed_label()
    if pd.isna(score):
        return "", "no result"
    return f"{score:.0f}", f"{score:.1f} ({respondents:,.0f} respondents)"


def falls_figure(
    changes: pd.DataFrame, index_name: str, group_label: str, year: int, top: int = 15
) -> go.Figure:
    """Horizontal bars of the largest year-over-year falls of one index (suppressed groups left out).

    The change axis is symmetric around zero and spans at least ±``FALLS_MIN_RANGE`` points, so a
    half-point dip looks like one instead of filling the chart; each bar is labelled with its change.
    """
    label = INDEX_NAMES[index_name]
    title = f"Where {label} fell most, {year - 1} → {year}"
    # a fall is one that shows as a fall: -0.04 reads "0.0", not "−0.0"
    falls = changes[(changes["index_name"] == index_name) & (changes["change"].round(1) < 0)].head(top)
    if falls.empty:
        return empty_figure(
            title,
            f"Nothing fell: no {group_label.lower()} with a comparable result is lower in {year} than in "
            f"{year - 1} (by 0.1 points or more).",
        )
    falls = falls.iloc[::-1]
    span = max(FALLS_MIN_RANGE, 1.25 * float(-falls["change"].min()))  # room for the labels
    fig = go.Figure(
        go.Bar(
            x=falls["change"],
            y=falls["group"],
            orientation="h",
            marker_color=PALETTE[5],
            text=[points_text(c) for c in falls["change"]],
            textposition="outside",
            cliponaxis=False,
            customdata=np.column_stack([falls["previous"], falls["score"]]),
            hovertemplate="%{y}: %{customdata[0]:.1f} → %{customdata[1]:.1f} (%{x:+.1f} points)<extra></extra>",
        )
    )
    fig.update_xaxes(range=[-span, span], zeroline=True, zerolinecolor="#555555", zerolinewidth=1.5)
    fig.update_yaxes(type="category")
    height = max(300, 90 + 28 * len(falls))
    return styled(fig, title, "Change in score (points, 0–100 scale)", group_label, height=height)


def points_text(change: float) -> str:
    """A change in points with one decimal and a true minus sign: ``−0.5``, ``+1.2``; no sign on
    ``0.0``."""
    return signed(change, ".1f").replace("-", "−")


def score_by_level_figure(
    box: pd.DataFrame, index_name: str, year: int, points: pd.DataFrame | None = None
) -> go.Figure:
    """Box per Path to Performance level from precomputed statistics; a level found in ``points``
    (columns level, score: one row per team, for levels with few teams) shows its teams as points
    instead, since a box drawn from two or three values suggests a spread that is not there."""
    label = INDEX_NAMES[index_name]
    title = f"{label} team scores by UBT level, {year}"
    if box.empty:
        return empty_figure(title, "No team with enough respondents and a level that year.")
    fig = go.Figure()
    dotted = set() if points is None else set(points["level"].astype(int))
    for row in box.itertuples():
        level = int(row.level)
        name = LEVEL_NAMES[level]
        if level in dotted:
            fig.add_trace(_level_points(name, level, points.loc[points["level"] == level, "score"]))
        else:
            fig.add_trace(_level_box(name, level, row))
        fig.add_annotation(x=name, y=row.high, text=f"{row.teams:,} teams", showarrow=False, yshift=14)
    fig.update_yaxes(range=[0, 105])
    fig = styled(fig, title, "Team level that year (last assessment)", "Team score (0–100)", height=420)
    if dotted:
        fig.update_layout(
            title_subtitle_text=f"Levels with fewer than {POINTS_BELOW} teams: one point per team"
        )
    return fig


def _level_box(name: str, level: int, row: object) -> go.Box:
    """A box from precomputed quartiles and fences (no single team drawn)."""
    return go.Box(
        x=[name],
        q1=[row.q1],
        median=[row.median],
        q3=[row.q3],
        lowerfence=[row.low],
        upperfence=[row.high],
        mean=[row.mean],
        name=name,
        marker_color=LEVEL_COLORS[level],
        line={"color": "#333333", "width": 1.5},
        fillcolor=LEVEL_COLORS[level],
        showlegend=False,
        hoverinfo="y",
    )


def _level_points(name: str, level: int, scores: pd.Series) -> go.Box:
    """The level's team scores as jittered points (a box trace with its box made invisible)."""
    clear = "rgba(0,0,0,0)"
    return go.Box(
        x=[name] * len(scores),
        y=scores.tolist(),
        name=name,
        boxpoints="all",
        jitter=0.35,
        pointpos=0,
        fillcolor=clear,
        line={"color": clear},
        marker={"color": LEVEL_COLORS[level], "size": 11, "line": {"color": "#333333", "width": 1.5}},
        hoveron="points",
        hovertemplate=f"{name}: one team, %{{y:.1f}}<extra></extra>",
        showlegend=False,
    )
