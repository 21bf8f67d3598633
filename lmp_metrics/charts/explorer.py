"""Explorer charts from a measure frame (``explorer.FRAME_COLUMNS``): line over time, bars for the
latest period, heatmap of group × period, and small multiples. Suppressed cells say so.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.charts.cells import readable_heatmap, suppressed_layer
from lmp_metrics.charts.style import (
    PALETTE,
    SERIES_COLORS,
    SERIES_DASHES,
    SERIES_SYMBOLS,
    TARGET_COLOR,
    empty_figure,
    merge_update,
    plotly_text,
    styled,
)
from lmp_metrics.metrics.explorer import Measure
from lmp_metrics.vocabulary.formats import signed

CHART_TYPES: dict[str, str] = {
    "line": "Line over time",
    "bars": "Bars, latest period",
    "heatmap": "Heatmap",
    "multiples": "Small multiples",
    "change": "Change over the period",
}
DEFAULT_CHART = "line"
D3_FORMATS = {
    "share": ".1%",
    "rate": ".1%",
    "level": ".2f",
    "score": ".2f",
    "index": ".1f",
    "teams": ",.0f",
    "assignments": ",.0f",
}
AXIS_FORMATS = {**D3_FORMATS, "share": ".0%", "rate": ".0%", "level": ".1f", "score": ".1f", "index": ".0f"}
AXIS_RANGES = {
    "share": [0, 1.02],
    "rate": [0, 1.02],
    "level": [0.9, 5.1],
    "score": [0.9, 5.1],
    "index": [0, 101],
}
MAX_GROUPS = {"line": 8, "multiples": 12, "bars": 30, "heatmap": 30, "change": 30}
SUPPRESSED_COLOR = "#7f7f7f"
# Under the plot, not beside it: a legend on the right takes a quarter of a narrow chart.
BOTTOM_LEGEND = {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.2, "yanchor": "top"}
MAX_PERIOD_TICKS = 8  # period labels on a time axis; more would overlap or need rotating
TICK_STEPS = (1, 2, 4, 8, 12, 20, 40)  # label every n-th period: whole years once n ≥ 4


def explorer_figure(
    frame: pd.DataFrame,
    measure: Measure,
    chart_type: str,
    title: str,
    breakdown_label: str,
    target: float | None = None,
    context: str = "",
) -> go.Figure:
    """The chosen chart of one measure frame; an explanatory empty figure when nothing to draw.

    ``context`` (e.g. the active filters) goes under the title, with notes on hidden groups.
    """
    if chart_type not in CHART_TYPES:
        raise ValueError(f"unknown chart type {chart_type!r}")
    if frame.empty:
        return empty_figure(title, "No data for these filters: widen the quarters or clear a filter.")
    if frame["value"].isna().all():
        return empty_figure(
            title, plotly_text(f"Every figure here is {suppressed_label()}: choose a wider breakdown.")
        )
    shown, note = _largest_groups(frame, MAX_GROUPS[chart_type])
    builders = {"line": _line, "bars": _bars, "heatmap": _heatmap, "multiples": _multiples, "change": _change}
    fig = builders[chart_type](shown, measure, title, breakdown_label, target)
    notes = [n for n in (plotly_text(context), note, _suppressed_note(shown)) if n]
    fig.update_layout(title={"subtitle": {"text": " · ".join(notes)}} if notes else {})
    return fig


def _largest_groups(frame: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, str]:
    """Keep the ``limit`` groups resting on the most (teams/people) in the latest period."""
    groups = frame["group"].unique()
    if len(groups) <= limit:
        return frame, ""
    sizes = latest_period(frame).set_index("group")["base"].reindex(groups).fillna(0)
    keep = sizes.sort_values(ascending=False, kind="stable").index[:limit]
    return (
        frame[frame["group"].isin(keep)],
        f"Showing the {limit} largest of {len(groups)} groups; the table lists all",
    )


def _suppressed_note(frame: pd.DataFrame) -> str:
    return plotly_text(f"Grey ✕ / ‘suppressed’: {suppressed_label()}") if frame["suppressed"].any() else ""


def _period_order(frame: pd.DataFrame) -> list[str]:
    return frame.sort_values("period")["period_label"].drop_duplicates().tolist()


def _hover(measure: Measure) -> str:
    fmt = D3_FORMATS[measure.unit]
    return f"%{{fullData.name}}<br>%{{x}}: %{{y:{fmt}}}<br>%{{customdata}}<extra></extra>"


def _base_text(frame: pd.DataFrame, measure: Measure) -> list[str]:
    return [
        suppressed_label() if hidden else f"{base:,.0f} {measure.base_label}"
        for base, hidden in zip(frame["base"], frame["suppressed"], strict=True)
    ]


def _value_axis(fig: go.Figure, measure: Measure, axis: str = "y") -> None:
    """Tick format and a fixed full-scale range (shares 0–100 %, levels 1–5, index 0–100)."""
    changes: dict = {"tickformat": AXIS_FORMATS[measure.unit], "rangemode": "tozero"}
    if measure.unit in AXIS_RANGES:
        changes["range"] = AXIS_RANGES[measure.unit]
    for each in fig.select_yaxes() if axis == "y" else fig.select_xaxes():
        merge_update(each, changes)


def _line(
    frame: pd.DataFrame, measure: Measure, title: str, breakdown_label: str, target: float | None
) -> go.Figure:
    order = _period_order(frame)
    traces: list[dict] = []
    for i, (label, part) in enumerate(frame.groupby("label", sort=False)):
        part = part.sort_values("period")
        traces.append(
            {
                "type": "scatter",
                "x": part["period_label"].tolist(),
                "y": part["value"].tolist(),
                "name": str(label),
                "mode": "lines+markers",
                "line": {"color": SERIES_COLORS[i], "dash": SERIES_DASHES[i], "width": 2.5},
                "marker": {"symbol": SERIES_SYMBOLS[i], "size": 8},
                "customdata": _base_text(part, measure),
                "hovertemplate": _hover(measure),
            }
        )
        hidden = part[part["suppressed"]]
        if len(hidden):
            traces.append(_suppressed_marks(hidden["period_label"], str(label)))
    if target is not None:  # a legend entry, not an annotation that lines could run through
        traces.append(
            {
                "type": "scatter",
                "x": order,
                "y": [target] * len(order),
                "name": f"Target {target:.0%}",
                "mode": "lines",
                "line": {"color": TARGET_COLOR, "dash": "dash", "width": 2},
                "hoverinfo": "skip",
            }
        )
    # one checked construction from plain lists: adding traces one by one, from Series, and
    # updating axes afterwards each re-check the figure (~5× the time)
    axis = {"type": "category", "categoryorder": "array", "categoryarray": order, **period_ticks(order)}
    fig = go.Figure(data=traces, layout={"xaxis": axis})
    styled(fig, title, "Quarter" if not measure.yearly else "Survey year", measure.axis_title)
    legend_rows = math.ceil(sum(t.get("showlegend") is not False for t in traces) / 3)  # ~3 fit a row
    merge_update(fig.layout, {"legend": BOTTOM_LEGEND, "height": 420 + 22 * legend_rows})
    _value_axis(fig, measure)
    return fig


def period_ticks(order: list[str], most: int = MAX_PERIOD_TICKS) -> dict:
    """Horizontal tick labels on every n-th period (the smallest n of ``TICK_STEPS`` that keeps at
    most ``most`` labels), counted back from the latest, so the newest period is always labelled."""
    step = next((n for n in TICK_STEPS if len(order) <= n * most), math.ceil(len(order) / most))
    return {"tickmode": "array", "tickvals": order[::-1][::step][::-1], "tickangle": 0}


def _suppressed_marks(x: pd.Series, name: str) -> dict:
    """Grey ✕ marks on the axis where a group's figure is suppressed (a scatter trace spec)."""
    return {
        "type": "scatter",
        "x": x.tolist(),
        "y": [0] * len(x),
        "mode": "markers",
        "marker": {"symbol": "x-thin", "size": 10, "line": {"width": 2, "color": SUPPRESSED_COLOR}},
        "name": f"{name}: suppressed",
        "showlegend": False,
        "hovertemplate": f"{name}<br>%{{x}}: {plotly_text(suppressed_label())}<extra></extra>",
    }


def _bars(
    frame: pd.DataFrame, measure: Measure, title: str, breakdown_label: str, target: float | None
) -> go.Figure:
    latest = latest_period(frame).sort_values("value", ascending=True, na_position="first")
    period = latest["period_label"].iloc[0]
    fmt = D3_FORMATS[measure.unit]
    shown = latest[~latest["suppressed"]]
    bar = {
        "type": "bar",
        "x": shown["value"].tolist(),
        "y": shown["label"].tolist(),
        "orientation": "h",
        "marker": {"color": PALETTE[0]},
        "texttemplate": f"%{{x:{fmt}}}",
        "textfont": {"color": "#222222"},
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": _base_text(shown, measure),
        "hovertemplate": f"%{{y}}: %{{x:{fmt}}}<br>%{{customdata}}<extra></extra>",
        "name": measure.label,
    }
    # A suppressed group keeps its row but gets no bar and no value: only the word, whose hover
    # says why (a 0-length bar would read as 0 and hover as "0.0%").
    labels = {"categoryorder": "array", "categoryarray": latest["label"].tolist(), "automargin": True}
    notes = [
        {
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": label,
            "yref": "y",
            "text": "suppressed",
            "showarrow": False,
            "font": {"color": SUPPRESSED_COLOR},
            "hovertext": plotly_text(suppressed_label()),
        }
        for label in latest.loc[latest["suppressed"], "label"]
    ]
    fig = go.Figure(data=[bar], layout={"yaxis": labels, "annotations": notes})  # one check, plain lists
    if target is not None:
        fig.add_vline(
            x=target,
            line={"color": TARGET_COLOR, "dash": "dash", "width": 2},
            annotation_text=f"Target {target:.0%}",
            annotation_position="top",
        )
    height = max(320, 90 + 32 * len(latest))
    styled(fig, f"{title}, {period}", measure.axis_title, breakdown_label, height=height)
    _value_axis(fig, measure, axis="x")
    return fig


def period_change(frame: pd.DataFrame) -> pd.DataFrame:
    """Each group's change from the first to the last period of the frame: label, first, last,
    change (NaN when either end is missing or suppressed), note (why there is no change)."""
    periods = frame["period"]
    ends = frame[periods.isin([periods.min(), periods.max()])]
    first = ends[ends["period"] == periods.min()].set_index("group")
    last = ends[ends["period"] == periods.max()].set_index("group")
    groups = frame.drop_duplicates("group").set_index("group")["label"]
    out = pd.DataFrame({"label": groups, "first": first["value"], "last": last["value"]})
    hidden = first["suppressed"].reindex(groups.index, fill_value=False) | last["suppressed"].reindex(
        groups.index, fill_value=False
    )
    out["change"] = (out["last"] - out["first"]).where(~hidden)
    out["note"] = [
        "suppressed" if h else "no figure at one end" if pd.isna(c) else ""
        for h, c in zip(hidden, out["change"], strict=True)
    ]
    return out.reset_index()


def _change(
    frame: pd.DataFrame, measure: Measure, title: str, breakdown_label: str, target: float | None
) -> go.Figure:
    """Horizontal bars of each group's change from the first to the last period: small differences
    that lines on a 0–100 axis hide become visible (percentage points for shares and rates)."""
    order = _period_order(frame)
    changes = period_change(frame).sort_values("change", na_position="first")
    scale, unit = (100, " pts") if measure.is_share else (1, "")
    spec = ".1f" if measure.is_share or measure.unit == "index" else ".2f"
    values = changes["change"] * scale
    text = [
        note if note else signed(value, spec, unit)
        for value, note in zip(values, changes["note"], strict=True)
    ]
    bar = {
        "type": "bar",
        "x": values.fillna(0).tolist(),
        "y": changes["label"].tolist(),
        "orientation": "h",
        "marker": {"color": [SERIES_COLORS[0] if v >= 0 else SERIES_COLORS[1] for v in values.fillna(0)]},
        "text": text,
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": f"%{{y}}: %{{text}} ({order[0]} → {order[-1]})<extra></extra>",
        "name": "change",
    }
    fig = go.Figure(data=[bar], layout={"yaxis": {"automargin": True}})
    axis = f"Change, {order[0]} → {order[-1]}" + (" (percentage points)" if measure.is_share else "")
    styled(
        fig,
        f"{title}: change {order[0]} → {order[-1]}",
        axis,
        breakdown_label,
        height=max(320, 90 + 32 * len(changes)),
    )
    span = max(float(values.abs().max()) if values.notna().any() else 0.0, 1.0) * 1.6  # room for labels
    fig.update_xaxes(range=[-span, span], zeroline=True, zerolinecolor="#555555", zerolinewidth=1.5)
    return fig


def _heatmap(
    frame: pd.DataFrame, measure: Measure, title: str, breakdown_label: str, target: float | None
) -> go.Figure:
    order = _period_order(frame)
    groups = frame.drop_duplicates("group")["label"].tolist()
    values = frame.pivot_table(index="label", columns="period_label", values="value", dropna=False)
    values = values.reindex(index=groups, columns=order)
    hidden = (
        frame.pivot_table(index="label", columns="period_label", values="suppressed", aggfunc="any")
        .reindex(index=groups, columns=order)
        .fillna(False)
        .astype(bool)
    )
    fmt = D3_FORMATS[measure.unit]
    text = [
        [
            "supp." if hidden.iat[r, c] else ("" if math.isnan(v) else format(v, fmt))
            for c, v in enumerate(row)
        ]
        for r, row in enumerate(values.to_numpy())
    ]
    show_text = values.size <= 240
    fig = go.Figure(
        readable_heatmap(
            z=values.to_numpy(),
            x=order,
            y=groups,
            zmin=0 if measure.is_share else None,
            zmax=1 if measure.is_share else None,
            text=text,
            texttemplate="%{text}" if show_text else None,
            hovertemplate=f"%{{y}}<br>%{{x}}: %{{z:{fmt}}}<extra></extra>",
            hoverongaps=False,
            colorbar={"title": {"text": measure.axis_title, "side": "right"}, "tickformat": fmt},
            xgap=1,
            ygap=1,
        )
    )
    if hidden.to_numpy().any():
        fig.add_trace(
            suppressed_layer(
                order,
                groups,
                hidden.to_numpy(),
                "supp." if show_text else "",
                plotly_text(suppressed_label()),
            )
        )
    height = max(320, 110 + 30 * len(groups))
    styled(fig, title, None, breakdown_label, height=height)  # the period labels on top say it
    # periods on top stay in view on tall maps; room above them for the title and its subtitle
    fig.update_xaxes(type="category", showgrid=False, side="top", **period_ticks(order))
    fig.update_yaxes(autorange="reversed", showgrid=False, automargin=True)
    fig.update_layout(margin_t=120)
    return fig


def _multiples(
    frame: pd.DataFrame, measure: Measure, title: str, breakdown_label: str, target: float | None
) -> go.Figure:
    labels = frame.drop_duplicates("group")["label"].tolist()
    columns = min(4, len(labels))
    rows = math.ceil(len(labels) / columns)
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[str(label) for label in labels],
        shared_xaxes=True,
        shared_yaxes=True,
        vertical_spacing=0.12 if rows > 1 else 0.1,
        horizontal_spacing=0.04,
    )
    order = _period_order(frame)
    for i, label in enumerate(labels):
        part = frame[frame["label"] == label].sort_values("period")
        position = {"row": i // columns + 1, "col": i % columns + 1}
        fig.add_trace(
            go.Scatter(
                x=part["period_label"],
                y=part["value"],
                name=str(label),
                mode="lines+markers",
                line={"color": PALETTE[0], "width": 2.5},
                customdata=_base_text(part, measure),
                hovertemplate=_hover(measure),
                showlegend=False,
            ),
            **position,
        )
        hidden = part[part["suppressed"]]
        if len(hidden):
            fig.add_trace(_suppressed_marks(hidden["period_label"], str(label)), **position)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order, nticks=4, tickangle=0)
    styled(fig, title, None, None, height=180 + 220 * rows)
    _value_axis(fig, measure)
    fig.update_yaxes(title_text=measure.axis_title, col=1)
    return fig


def latest_period(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of the most recent period in a measure frame."""
    if frame.empty:
        return frame
    return frame[frame["period"] == frame["period"].max()]
