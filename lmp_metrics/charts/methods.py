"""Figures of the Compare methods page: rank slopes, rank intervals, rank agreement, outcome association.

Frames in (``metrics.method_compare`` output), figures out; groups without an index are never drawn.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lmp_metrics.charts.style import PALETTE, empty_figure, legend_below, styled
from lmp_metrics.vocabulary.quarters import quarter_label

MOVED_COLOR, STILL_COLOR = "#D55E00", "#8c8c8c"
MAX_SLOPE_GROUPS = 40


def rank_slopes(
    scores: pd.DataFrame, quarter: object, names: Mapping[str, str], group_label: str
) -> go.Figure:
    """One line per group through its rank under each method (1 at the top); groups whose rank
    changes are drawn in colour, the others in grey. Only groups every method ranks."""
    title = (
        f"Rank of each {group_label.lower()} under each method (1 = highest index) · {quarter_label(quarter)}"
    )
    rows = scores[(scores["quarter"] == quarter) & scores["rank"].notna()]
    wide = rows.pivot_table(index="label", columns="method_id", values="rank", aggfunc="first")
    methods = [m for m in names if m in wide.columns]
    wide = wide[methods].dropna() if methods else wide
    if len(methods) < 2 or wide.empty:
        return empty_figure(
            title, "Choose at least two methods that rank the same groups to see rank changes."
        )
    wide = wide.sort_values(methods[0]).head(MAX_SLOPE_GROUPS)
    x = [names[m] for m in methods]
    moved = wide.nunique(axis=1) > 1
    fig = go.Figure()
    for still, colour, width, legend in (
        (False, MOVED_COLOR, 3, "rank changes"),
        (True, STILL_COLOR, 1.5, "same rank"),
    ):
        part = wide[moved != still]  # one trace per colour, the groups' lines separated by gaps
        if part.empty:
            continue
        fig.add_scatter(
            x=[v for _ in range(len(part)) for v in (*x, None)],
            y=[v for ranks in part.to_numpy() for v in (*ranks, None)],
            text=[v for label in part.index for v in (*[label] * len(x), None)],
            mode="lines+markers",
            name=legend,
            line={"color": colour, "width": width},
            hovertemplate="%{text}<br>%{x}: rank %{y}<extra></extra>",
        )
    ends = [
        {
            "x": x[end],
            "y": ranks[end],
            "text": text,
            "xanchor": anchor,
            "xshift": shift,
            "showarrow": False,
            "font": {"size": 12, "color": MOVED_COLOR if changed else STILL_COLOR},
        }
        for label, ranks, changed in zip(wide.index, wide.to_numpy(), moved, strict=True)
        for end, anchor, shift, text in (
            (0, "right", -8, f"{label} ({int(ranks[0])})"),
            (-1, "left", 8, f"({int(ranks[-1])}) {label}"),
        )
    ]
    fig.update_layout(annotations=ends)
    styled(fig, title, "Method", None, height=max(360, 160 + 24 * len(wide)))
    fig.update_yaxes(autorange="reversed", showticklabels=False, zeroline=False)  # ranks are in the labels
    wrapped = ["<br>".join(textwrap.wrap(name, 14)) for name in x]  # names side by side, never overlapping
    fig.update_xaxes(type="category", tickangle=0, tickvals=x, ticktext=wrapped, range=[-0.1, len(x) - 0.9])
    fig.update_layout(margin={"l": 200, "r": 200, "b": 90})
    return fig


def rank_intervals(
    intervals: pd.DataFrame, method_name: str, group_label: str, share: float, seed: int
) -> go.Figure:
    """Each group's rank (dot) and the middle ``share`` of its resampled ranks (bar)."""
    title = f"How sure is each rank? {method_name} · {share:.0%} of resamples"
    if intervals.empty:
        return empty_figure(
            title, "No group has an index under this method in this quarter, so nothing is ranked."
        )
    frame = intervals.sort_values(["rank", "label"], ascending=[False, True])
    fig = go.Figure()
    fig.add_scatter(
        x=frame["rank"],
        y=frame["label"],
        mode="markers",
        marker={"color": PALETTE[0], "size": 10},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": frame["high"] - frame["rank"],
            "arrayminus": frame["rank"] - frame["low"],
            "color": PALETTE[0],
            "thickness": 2,
        },
        customdata=frame[["low", "high"]].to_numpy(),
        hovertemplate="%{y}: rank %{x}, between %{customdata[0]} and %{customdata[1]}<extra></extra>",
        name=f"Rank, with the interval (seed {seed})",
    )
    styled(fig, title, "Rank (1 = highest index)", group_label, height=max(320, 160 + 26 * len(frame)))
    worst = int(frame["high"].max())
    fig.update_xaxes(range=[0.5, worst + 0.5], dtick=1 if worst <= 20 else 5)
    fig.update_yaxes(type="category", tickmode="array", tickvals=list(frame["label"]))
    return fig


def agreement_lines(agreement: pd.DataFrame, names: Mapping[str, str]) -> go.Figure:
    """Spearman (solid) and Kendall τ-b (dotted) between each pair of methods, quarter by quarter."""
    title = "Do the methods rank the groups alike? Rank agreement per quarter"
    frame = agreement.dropna(subset=["spearman"])
    if frame.empty:
        return empty_figure(
            title, "Rank agreement needs two methods and at least three groups ranked by both."
        )
    fig = go.Figure()
    pairs = frame[["method_a", "method_b"]].drop_duplicates().itertuples(index=False)
    for i, (a, b) in enumerate(pairs):
        part = frame[(frame["method_a"] == a) & (frame["method_b"] == b)].sort_values("quarter")
        colour, pair = PALETTE[i % len(PALETTE)], f"{names[a]} vs {names[b]}"
        for column, label, dash in (("spearman", "Spearman ρ", "solid"), ("kendall", "Kendall τ-b", "dot")):
            fig.add_scatter(
                x=part["quarter"],
                y=part[column],
                mode="lines+markers",
                name=f"{pair}: {label}",
                line={"color": colour, "dash": dash},
                hovertemplate=f"{pair}<br>%{{x|%Y Q%q}}: {label} %{{y:.2f}}<extra></extra>",
            )
    styled(fig, title, "Quarter", "Rank correlation (−1 to 1)", height=440)
    fig.update_yaxes(range=[-1.05, 1.05])
    legend_below(fig)
    return fig


def outcome_association(
    association: pd.DataFrame, names: Mapping[str, str], outcomes: Mapping[str, str]
) -> go.Figure:
    """Per outcome, each method's Spearman ρ with it across groups, quarter by quarter."""
    title = "Does the index go with what matters? Spearman ρ across groups, per quarter"
    frame = association.dropna(subset=["rho"])
    if frame.empty:
        return empty_figure(
            title, "Too few groups with both an index and the outcome (at least three needed)."
        )
    fig = make_subplots(rows=2, cols=2, subplot_titles=list(outcomes.values()), shared_yaxes=True)
    for i, method_id in enumerate(names):
        for j, outcome in enumerate(outcomes):
            part = frame[(frame["method_id"] == method_id) & (frame["outcome"] == outcome)].sort_values(
                "quarter"
            )
            fig.add_scatter(
                x=part["quarter"],
                y=part["rho"],
                mode="lines+markers",
                name=names[method_id],
                legendgroup=method_id,
                showlegend=j == 0,
                line={"color": PALETTE[i % len(PALETTE)]},
                hovertemplate=f"{names[method_id]}<br>%{{x|%Y Q%q}}: ρ %{{y:.2f}}<extra></extra>",
                row=j // 2 + 1,
                col=j % 2 + 1,
            )
    styled(fig, title, "Quarter", "Spearman ρ", height=560)
    fig.update_yaxes(range=[-1.05, 1.05])
    legend_below(fig)
    return fig
