"""Training charts: rates by group and quarter, overdue by age, time to complete, effectiveness.

Suppressed groups (fewer people than the minimum group size) are never drawn as numbers: they get
the word "suppressed" in their row (no bar, no point), a grey heatmap cell, and hovers that say so.
Traces are plain dicts: the figure checks each once (a ``go.Bar`` is checked when made and again
when added).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.charts.events import add_event_markers
from lmp_metrics.charts.style import (
    LEVEL_COLORS,
    PALETTE,
    SERIES_DASHES,
    TARGET_COLOR,
    empty_figure,
    legend_below,
    merge_update,
    styled,
)
from lmp_metrics.vocabulary.measures import LEVEL_NAMES
from lmp_metrics.vocabulary.quarters import quarter_label
from lmp_metrics.vocabulary.training import AGE_BUCKETS

RATE_LABELS = {"completion_rate": "Completion rate", "on_time_rate": "On-time rate"}
RATE_AXIS = "Share of assignments (%)"
SUPPRESSED_GREY = "#bdbdbd"
NO_DATA = "No training assignments for these filters and quarters."
# Blues without its near-white end, so the lowest value in range still reads as a filled cell.
RATE_SCALE = [[0.0, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]]
LATE_PATTERN = "/"  # hatching on bars past the due window: colour is not the only cue
OUTLINE = {"width": 1, "color": "#333333"}


def _pct(value: float) -> str:
    return "" if pd.isna(value) else f"{100 * value:.1f}%"


def _rate_hovers(rates: pd.DataFrame, rate: str) -> list[str]:
    """Hover text per row of ``rates``: the rate with its counts, or why there is none."""
    base = "assigned" if rate == "completion_rate" else "due"
    part = "completed" if rate == "completion_rate" else "on_time"
    empty = "nothing due yet" if rate == "on_time_rate" else "nothing assigned yet"
    return [
        suppressed_label()
        if hidden
        else empty
        if pd.isna(value)
        else f"{_pct(value)} ({done:,.0f} of {total:,.0f} {base}; {people:,.0f} people)"
        for hidden, value, done, total, people in zip(
            rates["suppressed"], rates[rate], rates[part], rates[base], rates["people"], strict=True
        )
    ]


def _suppressed_marks(fig: go.Figure, groups: list[str], **subplot: int) -> None:
    """The word "suppressed" at the start of a hidden group's row: it keeps its row and says why,
    with no bar and no point (a 0-length bar would read as 0)."""
    if groups:
        fig.add_trace(
            dict(
                type="scatter",
                mode="text",
                x=[0] * len(groups),
                y=groups,
                name="suppressed",
                text=[suppressed_label()] * len(groups),
                textposition="middle right",
                cliponaxis=False,
                hovertemplate=f"%{{y}}: {suppressed_label()}<extra></extra>",
                showlegend=False,
            ),
            **subplot,
        )


def rates_by_group_figure(rates: pd.DataFrame, group_label: str, as_of: str, limit: int = 30) -> go.Figure:
    """Completion and on-time rate per group as of one date, lowest on-time rate on top.

    ``rates`` is one quarter of ``training_rates``. With more than ``limit`` groups only the
    ``limit`` lowest are drawn (the title says so); suppressed groups come last, labelled.
    """
    title = f"Completion and on-time rate by {group_label.lower()}, as of {as_of}"
    if rates.empty:
        return empty_figure(title, NO_DATA)
    shown = rates[~rates["suppressed"]].sort_values(["on_time_rate", "group"], na_position="last")
    hidden = rates[rates["suppressed"]].sort_values("group")
    if len(shown) + len(hidden) > limit:
        title += f": the {limit} lowest on-time rates of {len(rates):,} with assignments"
        shown, hidden = shown.head(limit), hidden.head(max(0, limit - len(shown)))
    fig = go.Figure()
    for rate, color in zip(RATE_LABELS, PALETTE, strict=False):
        fig.add_trace(
            dict(
                type="bar",
                x=100 * shown[rate],
                y=shown["group"],
                orientation="h",
                name=RATE_LABELS[rate],
                marker={"color": color},
                customdata=_rate_hovers(shown, rate),
                hovertemplate=f"%{{y}} · {RATE_LABELS[rate]}: %{{customdata}}<extra></extra>",
            )
        )
    _suppressed_marks(fig, hidden["group"].tolist())
    order = [*shown["group"], *hidden["group"]]
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], automargin=True)
    fig.update_xaxes(range=[0, 105])
    fig.update_layout(barmode="group")
    return styled(fig, title, RATE_AXIS, group_label, height=max(320, 60 + 34 * len(order)))


def rates_trend_figure(rates: pd.DataFrame, scope: str, events: pd.DataFrame | None = None) -> go.Figure:
    """Completion and on-time rate by quarter for one group (e.g. ``by='national'``), with the
    scope's ``events`` (``metrics.events.scope_events``) marked on their quarters."""
    title = f"Training rates by quarter: {scope}"
    if rates.empty:
        return empty_figure(title, NO_DATA)
    rates = rates.sort_values("quarter")
    labels = [quarter_label(q) for q in rates["quarter"]]
    traces = [
        dict(
            type="scatter",
            x=labels,
            y=100 * rates[rate],
            mode="lines+markers",
            name=RATE_LABELS[rate],
            line={"color": color, "width": 3, "dash": dash},  # told apart without colour too
            marker={"size": 8},
            customdata=_rate_hovers(rates, rate),
            hovertemplate=f"%{{x}} · {RATE_LABELS[rate]}: %{{customdata}}<extra></extra>",
        )
        for rate, color, dash in zip(RATE_LABELS, PALETTE, SERIES_DASHES, strict=False)
    ]
    layout: dict = {"yaxis": {"range": [0, 105]}}
    if rates["suppressed"].any():
        gaps = {"text": f"Gaps: {suppressed_label()}", "xref": "paper", "yref": "paper", "x": 1, "y": 0}
        layout["annotations"] = [{**gaps, "showarrow": False}]
    fig = styled(
        go.Figure(data=traces, layout=layout), title, "Quarter (as of its last day)", RATE_AXIS, height=380
    )
    return fig if events is None else add_event_markers(fig, events, labels)


def data_range(values: list[list[float]]) -> tuple[int, int]:
    """Whole-number bounds around the finite values (at least 1 apart); 0–100 when there are none."""
    finite = [v for row in values for v in row if not np.isnan(v)]
    if not finite:
        return 0, 100
    low, high = math.floor(min(finite)), math.ceil(max(finite))
    return (low, high) if high > low else (low - 1, high + 1)


def rate_heatmap(rates: pd.DataFrame, rate: str, group_label: str, limit: int = 40) -> go.Figure:
    """One rate per group × quarter, lowest latest value on top; suppressed cells grey and labelled.

    The colours span the shown values' range (whole percents), not 0–100, so differences between
    groups are visible; the colour bar's title states that range.
    """
    title = f"{RATE_LABELS[rate]} by {group_label.lower()} and quarter"
    if rates.empty:
        return empty_figure(title, NO_DATA)
    latest = rates["quarter"].max()
    order = rates[rates["quarter"] == latest].sort_values([rate, "group"])["group"].tolist()
    order += sorted(set(rates["group"]) - set(order))
    if len(order) > limit:
        title += f": the {limit} lowest of {len(order)} in {quarter_label(latest)}"
        order = order[:limit]
    quarters = sorted(rates["quarter"].unique())
    row_of, column_of = {g: i for i, g in enumerate(order)}, {q: j for j, q in enumerate(quarters)}
    value = [[np.nan] * len(quarters) for _ in order]
    hidden = [[np.nan] * len(quarters) for _ in order]
    text = [[""] * len(quarters) for _ in order]
    hover = [["no assignments"] * len(quarters) for _ in order]
    cells = zip(
        rates["group"],
        rates["quarter"],
        rates["suppressed"],
        rates[rate],
        _rate_hovers(rates, rate),
        strict=True,
    )
    for group, quarter, suppressed, share, tip in cells:
        if group in row_of:
            i, j = row_of[group], column_of[quarter]
            value[i][j] = 100 * share
            hidden[i][j] = 1.0 if suppressed else np.nan
            text[i][j] = "suppressed" if suppressed else _pct(share)
            hover[i][j] = tip
    x = [quarter_label(q) for q in quarters]
    low, high = data_range(value)
    fig = go.Figure(
        layout={"yaxis": {"autorange": "reversed", "automargin": True}},
        data=[
            dict(
                type="heatmap",
                z=value,
                x=x,
                y=order,
                text=text,
                texttemplate="%{text}",
                customdata=hover,
                hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>",
                colorscale=RATE_SCALE,
                zmin=low,
                zmax=high,
                colorbar={"title": {"text": f"Data range {low}–{high}%", "side": "right"}, "thickness": 12},
            )
        ],
    )
    fig.add_trace(
        dict(
            type="heatmap",
            z=hidden,
            x=x,
            y=order,
            colorscale=[[0, SUPPRESSED_GREY], [1, SUPPRESSED_GREY]],
            showscale=False,
            text=text,
            texttemplate="%{text}",
            hovertemplate=f"%{{y}} · %{{x}}: {suppressed_label()}<extra></extra>",
        )
    )
    return styled(
        fig, title, "Quarter (as of its last day)", group_label, height=max(320, 90 + 26 * len(order))
    )


OVERDUE_AXIS = "Overdue assignments per 100 people with training"


def _overdue_ranking(
    totals: pd.DataFrame, limit: int, group_label: str
) -> tuple[pd.DataFrame, list[str], str]:
    """Groups ranked by overdue assignments per 100 people with training (big groups do not top the
    list by size alone): the shown rows (``overdue``, ``people``, ``rate``), suppressed groups, and the
    subtitle (how many are shown when cut to ``limit``)."""
    totals = totals.assign(rate=100 * totals["overdue"] / totals["people"])
    shown = totals.dropna(subset=["rate"]).sort_values(["rate", "overdue"], ascending=False)
    hidden = sorted(set(totals.index) - set(shown.index))
    suffix = ""  # the subtitle's start
    if len(shown) + len(hidden) > limit:
        # of the groups with anything overdue: fewer than those with assignments (the rates chart)
        suffix = (
            f"The {limit} highest rates of {len(totals):,} {group_label.lower()}s with overdue training; "
        )
        shown, hidden = shown.head(limit), hidden[: max(0, limit - len(shown))]
    return shown, hidden, suffix + "ranked by rate, the count at each bar's end"


def _overdue_counts(fig: go.Figure, shown: pd.DataFrame) -> None:
    """The count beside each bar (rates rank, counts say how much work is left)."""
    fig.add_trace(
        dict(
            type="scatter",
            x=shown["rate"],
            y=shown.index,
            mode="text",
            text=[f"  {count:,.0f} overdue" for count in shown["overdue"]],
            textposition="middle right",
            showlegend=False,
            hoverinfo="skip",
            cliponaxis=False,
        )
    )


def overdue_figure(overdue: pd.DataFrame, group_label: str, as_of: str, limit: int = 20) -> go.Figure:
    """Overdue assignments per 100 people with training, per group, stacked by age, highest rate on
    top (``overdue_by_age``); each bar ends with its count."""
    title = f"Overdue training by {group_label.lower()}, as of {as_of}"
    if overdue.empty:
        return empty_figure(title, "Nothing overdue for these filters on that date.")
    totals = overdue.groupby("group", sort=False).agg(
        overdue=("overdue", lambda s: s.sum(min_count=1)), people=("people", "first")
    )
    shown, hidden, suffix = _overdue_ranking(totals, limit, group_label)
    fig = go.Figure()
    # older is darker (ColorBrewer Oranges, deepened): the ages read in order by lightness alone
    colors = ["#fd8d3c", "#e6550d", "#a63603", "#3f1200"]
    for (age, _, _), color in zip(AGE_BUCKETS, colors, strict=True):
        part = overdue[overdue["age"] == age].set_index("group")["overdue"].reindex(shown.index).fillna(0)
        fig.add_trace(
            dict(
                type="bar",
                x=100 * part / shown["people"],
                y=part.index,
                orientation="h",
                name=age,
                marker={"color": color},
                customdata=part.to_numpy(),
                hovertemplate=f"%{{y}} · {age}: %{{customdata:,.0f}} overdue (%{{x:.1f}} per 100 people)<extra></extra>",
            )
        )
    _overdue_counts(fig, shown)
    _suppressed_marks(fig, hidden)
    order = [*shown.index, *hidden]
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], automargin=True)
    fig = styled(fig, title, OVERDUE_AXIS, group_label, height=max(380, 160 + 30 * len(order)))
    fig.update_layout(title_subtitle_text=suffix, margin_t=115)
    legend_below(fig)  # clear of the long x-axis title, whatever the number of rows
    fig.update_layout(barmode="stack", legend_traceorder="normal", margin_r=110)
    return fig


def overdue_totals_figure(rates: pd.DataFrame, group_label: str, as_of: str, limit: int = 20) -> go.Figure:
    """Overdue assignments per 100 people with training, per group (no ages: role and labor group),
    highest rate on top; each bar ends with its count."""
    frame = rates[["group", "overdue", "people", "suppressed"]]
    title = f"Overdue training by {group_label.lower()}, as of {as_of}"
    if frame.empty:
        return empty_figure(title, "Nothing overdue for these filters on that date.")
    totals = frame.set_index("group")[["overdue", "people"]].where(
        ~frame.set_index("group")["suppressed"], axis=0
    )
    shown, hidden, suffix = _overdue_ranking(totals.astype("float64"), limit, group_label)
    fig = go.Figure(
        data=[
            dict(
                type="bar",
                x=shown["rate"],
                y=shown.index,
                orientation="h",
                name="overdue",
                marker={"color": PALETTE[5]},
                customdata=shown["overdue"].to_numpy(),
                hovertemplate="%{y}: %{customdata:,.0f} overdue (%{x:.1f} per 100 people)<extra></extra>",
            )
        ]
    )
    _overdue_counts(fig, shown)
    _suppressed_marks(fig, hidden)
    order = [*shown.index, *hidden]
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], automargin=True)
    fig = styled(fig, title, OVERDUE_AXIS, group_label, height=max(320, 90 + 30 * len(order)))
    fig.update_layout(title_subtitle_text=suffix, margin_t=115, margin_r=110)
    return fig


@lru_cache(maxsize=16)
def _panels_layout(rows: int) -> str:
    """JSON layout of ``rows`` stacked panels sharing one x axis, each with a title annotation (text set later).

    ``make_subplots`` validates its figure property by property (~15 ms): built once per count.
    """
    fig = make_subplots(
        rows=rows,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.06,
        subplot_titles=[str(i) for i in range(rows)],
    )
    layout = fig.layout.to_plotly_json()
    layout.pop("template", None)  # a new figure gets Plotly's default template, as make_subplots' did
    return json.dumps(layout)


def completion_time_figure(times: pd.DataFrame, period: str) -> go.Figure:
    """Share of completions per days-taken bin, one panel per course, bars past the due window orange."""
    title = f"Days from assignment to completion, by course ({period})"
    if times.empty or (times["completions"].fillna(0).sum() == 0 and not times["suppressed"].any()):
        return empty_figure(title, "No completions in these quarters.")
    courses = times["course"].unique()
    layout = json.loads(_panels_layout(len(courses)))
    traces: list[dict] = []  # plain dicts: the figure checks each once (a go.Bar would be checked twice)
    for i, (course, rows) in enumerate(times.groupby("course", sort=False), start=1):
        labels = [
            f"{lo}–{hi}" if hi < 100_000 else f"over {lo - 1}"
            for lo, hi in zip(rows["low_days"], rows["high_days"], strict=True)
        ]
        window = int(rows["due_within_days"].iloc[0]) if rows["due_within_days"].notna().any() else None
        layout["annotations"][i - 1]["text"] = f"{course} · due within {window} days" if window else course
        axes = {"type": "bar", "xaxis": f"x{i}" if i > 1 else "x", "yaxis": f"y{i}" if i > 1 else "y"}
        if rows["suppressed"].all():  # the panel keeps its bins but holds no value: no bar, never 0
            traces.append(
                {**axes, "x": labels, "y": [None] * len(labels), "showlegend": False, "hoverinfo": "skip"}
            )
            layout["annotations"].append(
                {
                    "showarrow": False,
                    "text": suppressed_label(),
                    "x": 0.5,
                    "xref": f"{axes['xaxis']} domain",
                    "y": 0.5,
                    "yref": f"{axes['yaxis']} domain",
                }
            )
            continue
        inside = rows["within_window"].tolist()
        traces.append(
            {
                **axes,
                "x": labels,
                "y": 100 * rows["share"].to_numpy(),
                "marker": {
                    "color": [PALETTE[0] if i else TARGET_COLOR for i in inside],
                    "pattern": {"shape": ["" if i else LATE_PATTERN for i in inside], "solidity": 0.3},
                },
                "showlegend": False,
                "customdata": [
                    [done, "within" if i else "after"]
                    for done, i in zip(rows["completions"].fillna(0), inside, strict=True)
                ],
                "hovertemplate": f"{course} · %{{x}} days: %{{y:.1f}}% (%{{customdata[0]:,.0f}} completions, %{{customdata[1]}} the due window)<extra></extra>",
            }
        )
    for i in range(1, len(courses) + 1):
        layout[f"yaxis{i if i > 1 else ''}"].update(title={"text": "%"}, rangemode="tozero")
    layout[f"xaxis{len(courses) if len(courses) > 1 else ''}"]["title"] = {
        "text": "Days from assignment to completion (solid blue: within the due window, hatched orange: after)"
    }
    return styled(go.Figure(data=traces, layout=layout), title, height=140 + 150 * len(courses))


def score_axis(means: pd.Series) -> tuple[float, float]:
    """An x range just around the mean scores (multiples of 5 inside 0–100), room for labels right."""
    if means.empty:
        return 0.0, 100.0
    low, high = float(means.min()), float(means.max())
    pad = max(2.0, (high - low) / 4)
    return max(0.0, 5 * math.floor((low - pad) / 5)), min(100.0, 5 * math.ceil((high + 2 * pad) / 5))


def scores_figure(scores: pd.DataFrame, group_label: str, period: str, limit: int = 30) -> go.Figure:
    """Mean assessment score per group as labelled dots, lowest on top; suppressed groups labelled.

    Means sit close together (most near 80), so the axis spans the data, not 0–100: dots, unlike
    bars, need no zero baseline. The period goes in the subtitle (a narrow column cuts axis titles).
    """
    title = f"Assessment score by {group_label.lower()}"
    if scores.empty:
        return empty_figure(title, "No assessments in these quarters.")
    shown = scores[~scores["suppressed"]].sort_values(["mean_score", "group"]).head(limit)
    hidden = scores[scores["suppressed"]]["group"].tolist()[: max(0, limit - len(shown))]
    low, high = score_axis(shown["mean_score"])
    traces = [
        dict(
            type="scatter",
            x=shown["mean_score"],
            y=shown["group"],
            mode="markers+text",
            marker={"color": PALETTE[2], "size": 12, "line": OUTLINE},
            text=[f"{v:.1f}" for v in shown["mean_score"]],
            textposition="middle right",
            cliponaxis=False,
            name="mean score",
            customdata=shown["scored"],
            hovertemplate="%{y}: mean %{x:.1f} over %{customdata:,.0f} assessments<extra></extra>",
        )
    ]
    if hidden:
        traces.append(
            dict(
                type="scatter",
                x=[low] * len(hidden),
                y=hidden,
                mode="text",
                name="suppressed",
                text=[suppressed_label()] * len(hidden),
                textposition="middle right",
                hovertemplate=f"%{{y}}: {suppressed_label()}<extra></extra>",
                showlegend=False,
            )
        )
    order = [*shown["group"], *hidden]
    axes = {
        "yaxis": {"categoryorder": "array", "categoryarray": order[::-1], "automargin": True},
        "xaxis": {"range": [low, high]},
    }
    fig = styled(
        go.Figure(data=traces, layout=axes),
        title,
        "Mean score (0–100)",
        None,
        height=max(300, 150 + 30 * len(order)),
    )
    merge_update(
        fig.layout,
        {
            "title": {"subtitle": {"text": f"{period} · axis starts at {low:.0f}"}},
            "showlegend": False,
            "margin": {"t": 90},
        },
    )
    return fig


def training_level_scatter(
    teams: pd.DataFrame, outcome: str, fit: dict[str, float], quarter: str, named: bool = True
) -> go.Figure:
    """Each shown team: on-time partnership training share against level (or movement), with the
    least-squares line. Levels get a little vertical jitter so teams on one level stay visible."""
    axis = "UBT level (1–5)" if outcome == "level" else "Level movement over four quarters"
    title = f"Partnership training and {'UBT level' if outcome == 'level' else 'level movement'}, {quarter}"
    used = teams[~teams["suppressed"] & teams["on_time_share"].notna() & teams[outcome].notna()]
    if used.empty:
        return empty_figure(title, "No team with enough trained members and a level in this quarter.")
    jitter = np.random.default_rng(0).uniform(-0.18, 0.18, len(used))
    names = used["team_name"].fillna(used["team_id"]) if named else pd.Series("a team", index=used.index)
    points = {  # a plain dict: the figure checks its ~4,000 colours once (a go.Scattergl would twice)
        "type": "scattergl",
        "x": 100 * used["on_time_share"].to_numpy(),
        "y": used[outcome].to_numpy() + jitter,
        "mode": "markers",
        "name": "teams",
        "marker": {
            "size": 8,
            "opacity": 0.85,
            "color": [LEVEL_COLORS.get(int(v), PALETTE[0]) for v in used["level"]],
            "line": OUTLINE,  # pale level 1–2 fills stay visible on white
        },
        # names as text (drawn only in the hover), the numbers as a numeric array: Plotly sends that
        # as packed binary, where one mixed array of names and numbers is encoded value by value
        "text": names.tolist(),
        "customdata": np.column_stack([used[outcome], used["trained_members"]]).astype("float64"),
        "hovertemplate": (
            "%{text}: %{x:.0f}% of %{customdata[1]:.0f} members on time · "
            f"{'level' if outcome == 'level' else 'movement'} %{{customdata[0]:+.0f}}<extra></extra>"
        ),
    }
    fig = go.Figure(data=[points])
    if not np.isnan(fit["slope"]):
        xs = np.array([used["on_time_share"].min(), used["on_time_share"].max()])
        fig.add_trace(
            dict(
                type="scatter",
                x=100 * xs,
                y=fit["intercept"] + fit["slope"] * xs,
                mode="lines",
                name=f"trend line (r = {fit['r']:+.2f})",
                line={"color": TARGET_COLOR, "width": 3},
                hoverinfo="skip",
            )
        )
    if outcome == "level":
        fig.update_yaxes(tickvals=list(LEVEL_NAMES), ticktext=list(LEVEL_NAMES.values()))
    return styled(fig, title, "Members on time with co-lead and partnership courses (%)", axis, height=460)
