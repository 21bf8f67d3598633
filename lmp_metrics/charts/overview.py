"""Charts of the leaders' overview: children bars, level mix, heatmap, transitions, funnel, dimensions, index."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.charts.events import add_event_markers
from lmp_metrics.charts.style import (
    LEVEL_COLORS,
    PALETTE,
    TARGET_COLOR,
    empty_figure,
    legend_below,
    limit_lines,
    styled,
    target_line,
)
from lmp_metrics.vocabulary.index_components import KEYS, NAMES
from lmp_metrics.vocabulary.measures import LEVEL_NAMES, LEVEL_VALUES, OVERVIEW, high_levels
from lmp_metrics.vocabulary.quarters import quarter_label

SEQUENTIAL = "Cividis"  # perceptually uniform and colour-blind safe
BAR_OUTLINE = {"width": 1, "color": "#333333"}  # keeps pale fills (level 1–2) visible on white
MAX_BARS = 60


def _axis(fig: go.Figure, key: str, axis: str = "x") -> None:
    """Percent ticks and a 0–100% range for shares; 0–5 for levels (bars start at zero)."""
    unit = OVERVIEW[key].formats
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    if unit.percent:
        update(tickformat=unit.d3_axis, range=list(unit.axis_range))
    elif unit.key == "level":
        update(range=[0, 5.2], dtick=1)


def _hover_value(frame: pd.DataFrame, key: str) -> list[str]:
    """Formatted values, with the suppression label where a people figure is suppressed."""
    suppressed = frame.get("training_suppressed", pd.Series(False, index=frame.index))
    return [
        suppressed_label() if OVERVIEW[key].people_based and hidden else OVERVIEW[key].text(v)
        for v, hidden in zip(frame[key], suppressed, strict=True)
    ]


def children_bars(
    frame: pd.DataFrame, key: str, child_label: str, scope_title: str, target: float | None = None
) -> go.Figure:
    """One horizontal bar per child group for one measure; ``customdata`` carries the group id.

    ``frame``: ``report.group_table`` rows of one quarter. Suppressed people figures draw no bar
    and say so in the bar's label.
    """
    measure = OVERVIEW[key]
    title = f"{measure.short} by {child_label.lower()} · {scope_title}"
    if frame.empty:
        return empty_figure(title, "No assessed teams in this selection and quarter.")
    shown = frame.sort_values([key, "label"], ascending=[True, False], na_position="first").tail(MAX_BARS)
    text = _hover_value(shown, key)
    fig = go.Figure(
        go.Bar(
            x=shown[key].fillna(0),
            y=shown["label"],
            orientation="h",
            customdata=shown[["group", "assessed_teams"]].to_numpy(),
            text=text,
            textposition="auto",  # inside the bar end when it fits, else just past a short bar
            insidetextanchor="end",
            textfont={"size": 12},
            marker_color=PALETTE[0],
            hovertemplate="%{y}<br>"
            + measure.short
            + ": %{text}<br>%{customdata[1]} assessed teams<extra></extra>",
        )
    )
    if target is not None and measure.is_share:
        fig.add_vline(  # under the bars: a bar's label never sits on the line
            x=target,
            line_color=TARGET_COLOR,
            line_dash="dash",
            layer="below",
            annotation_text=f"target {target:.0%}",
            annotation_font_color=TARGET_COLOR,
            annotation_position="top",
            annotation_yanchor="bottom",
        )
    if len(frame) > MAX_BARS:
        title += f" (top {MAX_BARS} of {len(frame)})"
    styled(fig, title, measure.axis_title, child_label, height=max(260, 90 + 26 * len(shown)))
    _axis(fig, key)
    fig.update_yaxes(type="category")
    fig.update_layout(bargap=0.35)  # the target line shows between bars, even with one or two
    return fig


def level_mix(
    distribution: pd.DataFrame, target: float, scope_title: str, events: pd.DataFrame | None = None
) -> go.Figure:
    """Share of assessed teams at each level per quarter, stacked to 100%, the top levels at the bottom.

    Stacking 5 then 4 from the axis up makes the high-performing share read straight against the
    target line. Every bar has a dark outline, so the pale levels 1–2 stand out from the background;
    the target is named in the legend (a label on the plot would cover the bars). ``events``
    (``metrics.events.scope_events`` rows) are marked on the quarters that hold them.
    """
    title = f"Level distribution over time · {scope_title}"
    if distribution.empty:
        return empty_figure(title, "No assessments in the selected quarters.")
    labels = [quarter_label(q) for q in sorted(distribution["quarter"].unique())]
    fig = go.Figure()
    for level in sorted(LEVEL_VALUES, reverse=True):
        rows = distribution[distribution["level"] == level]
        fig.add_bar(
            x=[quarter_label(q) for q in rows["quarter"]],
            y=rows["share"],
            name=LEVEL_NAMES[level],
            marker={"color": LEVEL_COLORS[level], "line": BAR_OUTLINE},
            customdata=rows["teams"],
            hovertemplate=f"{LEVEL_NAMES[level]}<br>%{{x}}: %{{y:.1%}} (%{{customdata}} teams)<extra></extra>",
        )
    target_line(fig, target, f"Target: {target:.0%} at level {high_levels()}")
    styled(fig, title, "Quarter", "Share of assessed teams (%)", height=460)
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    legend_below(fig)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=labels)
    fig.update_yaxes(tickformat=".0%", range=[0, 1])
    if events is not None:
        add_event_markers(fig, events, labels)
    return fig


def heatmap(frame: pd.DataFrame, key: str, child_label: str, scope_title: str) -> go.Figure:
    """Groups × quarters coloured by one measure; suppressed cells are blank and labelled."""
    measure = OVERVIEW[key]
    title = f"{measure.short} by {child_label.lower()} and quarter · {scope_title}"
    if frame.empty:
        return empty_figure(title, "No assessed teams in this selection.")
    frame = frame.assign(
        quarter_text=[quarter_label(q) for q in frame["quarter"]], shown=_hover_value(frame, key)
    )
    quarters = [quarter_label(q) for q in sorted(frame["quarter"].unique())]
    values = frame.pivot_table(
        index="label", columns="quarter_text", values=key, aggfunc="first", dropna=False
    )
    text = frame.pivot_table(index="label", columns="quarter_text", values="shown", aggfunc="first")
    values, text = values.reindex(columns=quarters), text.reindex(index=values.index, columns=quarters)
    rows = values.index[::-1]
    zrange = (
        {"zmin": 0, "zmax": 1}
        if measure.is_share
        else {"zmin": 1, "zmax": 5}
        if measure.unit == "level"
        else {}
    )
    fig = go.Figure(
        go.Heatmap(
            z=values.loc[rows].to_numpy(dtype=float),
            x=quarters,
            y=list(rows),
            text=text.loc[rows].fillna("no assessment").to_numpy(),
            texttemplate="%{text}" if values.size <= 240 else None,
            colorscale=SEQUENTIAL,
            colorbar={
                "title": {"text": measure.table_header, "side": "right"},
                "thickness": 12,
                "tickformat": measure.formats.d3_axis if measure.is_share else None,
            },
            textfont={"size": 11},
            hovertemplate="%{y} · %{x}<br>" + measure.short + ": %{text}<extra></extra>",
            xgap=1,
            ygap=1,
            **zrange,
        )
    )
    styled(fig, title, "Quarter", child_label, height=max(300, 130 + 30 * len(rows)))
    fig.update_xaxes(type="category", tickangle=0 if len(quarters) <= 8 else -45)
    fig.update_yaxes(type="category")
    return fig


def transitions(matrix: pd.DataFrame, first: str, second: str, scope_title: str) -> go.Figure:
    """Level in ``first`` (rows) × level in ``second`` (columns): teams and share of each row."""
    title = f"Level transitions {first} → {second} · {scope_title}"
    if matrix.empty:
        return empty_figure(title, f"No team was assessed in both {first} and {second}.")
    counts = matrix.pivot_table(index="level_from", columns="level_to", values="teams", aggfunc="sum")
    counts = counts.reindex(index=list(LEVEL_VALUES), columns=list(LEVEL_VALUES)).fillna(0)
    shares = counts.div(counts.sum(axis=1).where(lambda s: s > 0), axis=0)
    text = [
        [f"{int(n):,}<br>({s:.0%})" if n else "" for n, s in zip(counts.loc[r], shares.loc[r], strict=True)]
        for r in LEVEL_VALUES
    ]
    up = int(sum(counts.at[a, b] for a in LEVEL_VALUES for b in LEVEL_VALUES if b > a))
    down = int(sum(counts.at[a, b] for a in LEVEL_VALUES for b in LEVEL_VALUES if b < a))
    same = int(sum(counts.at[a, a] for a in LEVEL_VALUES))
    fig = go.Figure(
        go.Heatmap(
            z=shares.to_numpy(dtype=float),
            x=[str(level) for level in LEVEL_VALUES],
            y=[str(level) for level in LEVEL_VALUES],
            text=text,
            texttemplate="%{text}",
            colorscale="Blues",
            zmin=0,
            zmax=1,
            colorbar={
                "title": {"text": "Share of row (%)", "side": "right"},
                "thickness": 12,
                "tickformat": ".0%",
            },
            textfont={"size": 13},
            hovertemplate=f"level %{{y}} in {first} → level %{{x}} in {second}<br>%{{text}}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    title += f"<br><sup>{up + same + down:,} teams assessed in both: {up:,} moved up, {same:,} stayed, {down:,} moved down</sup>"
    styled(fig, title, f"Level in {second}", f"Level in {first}", height=440)
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="bottom")
    return fig


_POSITION_STYLE = {
    "above 99.8%": (PALETTE[2], "triangle-up", 12),
    "above 95%": (PALETTE[2], "triangle-up-open", 11),
    "within": ("#7f7f7f", "circle", 8),
    "below 95%": (PALETTE[3], "triangle-down-open", 11),
    "below 99.8%": (PALETTE[3], "triangle-down", 12),
}


def funnel(
    points: pd.DataFrame,
    limits: pd.DataFrame,
    overall: float,
    target: float,
    group_label: str,
    scope_title: str,
    average_of: str = "the selection",
    named: int = 10,
) -> go.Figure:
    """High-performing share against assessed teams, with 95% and 99.8% limits around the average
    share of ``average_of`` (not the target: the subtitle and legend say so). Groups beyond the 99.8%
    limits are named on the chart (the ``named`` farthest from the average)."""
    title = f"High-performing share by {group_label.lower()}: funnel plot · {scope_title}"
    if points.empty:
        return empty_figure(title, "No assessed teams in this selection and quarter.")
    fig = go.Figure()
    grey = "#555555"
    limit_lines(
        fig,
        limits,
        (
            ("upper_99_8", "99.8% limits", "dot", grey),
            ("lower_99_8", None, "dot", grey),
            ("upper_95", "95% limits", "dash", grey),
            ("lower_95", None, "dash", grey),
        ),
    )
    fig.add_hline(
        y=overall,
        line_color=PALETTE[0],
        annotation_text=f"average of {average_of} {overall:.1%}",
        annotation_position="bottom right",
    )
    fig.add_hline(
        y=target,
        line_color=TARGET_COLOR,
        line_dash="dash",
        annotation_text=f"target {target:.0%}",
        annotation_position="top left",
    )
    farthest = set(
        points[points["position"].str.contains("99.8")]
        .assign(distance=lambda f: (f["high_performing_share"] - overall).abs())
        .nlargest(named, "distance")["label"]
    )
    for position, (color, symbol, size) in _POSITION_STYLE.items():
        rows = points[points["position"] == position]
        if rows.empty:
            continue
        meaning = funnel_position_words(position, average_of)
        fig.add_scatter(
            x=rows["assessed_teams"],
            y=rows["high_performing_share"],
            mode="markers+text",
            text=[label if label in farthest else "" for label in rows["label"]],
            textposition="top left" if position.startswith("above") else "bottom left",
            name=meaning,
            marker={"color": color, "symbol": symbol, "size": size, "line": {"width": 1, "color": color}},
            customdata=rows[["label", "high_performing_teams"]].to_numpy(),
            hovertemplate=f"%{{customdata[0]}}<br>%{{customdata[1]}} of %{{x}} teams at level {high_levels()} "
            "(%{y:.1%})<br>" + meaning + "<extra></extra>",
        )
    log = bool(points["assessed_teams"].max() > 30)
    x_title = "Assessed teams in the group (count" + (", log scale)" if log else ")")
    styled(fig, title, x_title, OVERVIEW["high_performing_share"].axis_title, height=520)
    fig.update_layout(
        title_subtitle_text=f"Each {group_label.lower()} against the average of {average_of} ({overall:.1%}), "
        f"not against the {target:.0%} target"
    )
    fig.update_xaxes(type="log" if log else "linear", rangemode="normal" if log else "tozero")
    fig.update_yaxes(tickformat=".0%", range=[-0.02, 1.08])
    legend_below(fig)
    return fig


def funnel_position_words(position: str, average_of: str) -> str:
    """'above 99.8%' → 'above the average of Region Georgia (beyond 99.8% limits)'; 'within' → 'within
    the limits (chance)'."""
    if position == "within":
        return "within the limits (chance)"
    side, _, limit = position.partition(" ")
    return f"{side} the average of {average_of} (beyond {limit} limits)"


def dimension_bars(scores: pd.DataFrame, quarters: list, scope_title: str) -> go.Figure:
    """Mean dimension score (1–5) per dimension, labelled with its family, one bar per quarter given.

    ``scores``: ``levels.dimension_scores`` rows of one group. The family scores of the latest
    quarter (each team's family mean, then the mean over teams) go in the subtitle.
    """
    title = f"Dimension scores by family · {scope_title}"
    dims = scores.dropna(subset=["dimension_name"])
    if dims.empty:
        return empty_figure(title, "No dimension scores in the selected quarters.")
    latest = max(quarters)
    families = scores[scores["dimension_name"].isna() & (scores["quarter"] == latest)].sort_values(
        "sort_order"
    )
    summary = " · ".join(f"{f} {v:.2f}" for f, v in zip(families["family"], families["score"], strict=True))
    order = dims.drop_duplicates("dimension_name").sort_values("sort_order", ascending=False)
    labels = [f"{d} ({f})" for d, f in zip(order["dimension_name"], order["family"], strict=True)]
    fig = go.Figure()
    for quarter in sorted(quarters, reverse=True):
        rows = dims[dims["quarter"] == quarter].set_index("dimension_name").reindex(order["dimension_name"])
        fig.add_bar(
            y=labels,
            x=rows["score"],
            orientation="h",
            name=quarter_label(quarter),
            marker_color=PALETTE[0] if quarter == latest else "#a6a6a6",
            customdata=rows["teams"],
            hovertemplate="%{y}<br>"
            + quarter_label(quarter)
            + ": %{x:.2f} (%{customdata} teams)<extra></extra>",
        )
    title += f"<br><sup>Family scores {quarter_label(latest)}: {summary or 'none'}</sup>"
    styled(fig, title, "Mean score (1.0–5.0)", None, height=200 + 44 * len(order))
    fig.update_xaxes(range=[1, 5])
    fig.update_yaxes(type="category")
    fig.update_layout(barmode="group", legend_traceorder="reversed")
    legend_below(fig)
    return fig


def index_bars(index: pd.DataFrame, child_label: str, scope_title: str) -> go.Figure:
    """Each group's index as stacked points per component (they add up to the index)."""
    title = f"Partnership Effectiveness Index by {child_label.lower()} · {scope_title}"
    scored = (
        index.dropna(subset=["index"]).sort_values(["index", "label"], ascending=[True, False]).tail(MAX_BARS)
    )
    if scored.empty:
        return empty_figure(title, "No group has enough components for an index (see the table).")
    fig = go.Figure()
    for i, key in enumerate(KEYS):
        fig.add_bar(
            x=scored[f"points_{key}"],
            y=scored["label"],
            orientation="h",
            name=NAMES[key],
            marker_color=PALETTE[i],
            customdata=scored[[key, "index"]].to_numpy(),
            hovertemplate="%{y}<br>" + NAMES[key] + ": score %{customdata[0]:.1f} → %{x:.1f} points"
            "<br>index %{customdata[1]:.1f}<extra></extra>",
        )
    styled(
        fig, title, "Index points (0–100), by component", child_label, height=max(320, 190 + 30 * len(scored))
    )
    fig.add_scatter(
        x=scored["index"],
        y=scored["label"],
        mode="text",
        text=[f"{v:.1f}" for v in scored["index"]],
        textposition="middle right",
        showlegend=False,
        hoverinfo="skip",
    )
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    legend_below(fig)
    fig.update_xaxes(range=[0, 100])
    # every group named: Plotly would otherwise thin out category labels it finds crowded
    fig.update_yaxes(type="category", tickmode="array", tickvals=list(scored["label"]))
    return fig
