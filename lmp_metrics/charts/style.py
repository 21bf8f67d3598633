"""Shared look of every chart: colour-blind-safe palettes, titles, axis labels, empty states."""

from __future__ import annotations

import re
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from lmp_metrics.charts.plotly_internals import PlotlyObject, assign_unchecked, unchecked_figure

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Path to Performance levels 1–5: light→dark blue-green sequence (readable in grey too).
LEVEL_COLORS = {1: "#d9d9d9", 2: "#a6cee3", 3: "#6baed6", 4: "#2171b5", 5: "#08306b"}
TARGET_COLOR = "#D55E00"
FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"
# The house look: Plotly's white template (white plot area, light grid) under these layout values.
TEMPLATE = pio.templates["plotly_white"]
HOUSE_LAYOUT: dict[str, Any] = {
    "colorway": PALETTE,
    "font": {"family": FONT_FAMILY, "size": 14},
    "margin": {"l": 60, "r": 20, "t": 70, "b": 50},
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
    "hoverlabel": {"font": {"size": 13}},
}


def styled(
    fig: go.Figure, title: str, x_title: str | None = None, y_title: str | None = None, height: int = 420
) -> go.Figure:
    """Apply the house style: title, axis titles, palette, legend on top, readable margins.

    Same result as ``fig.update_layout(...)`` with these values and ``template="plotly_white"``,
    at a tenth of the cost (~2 ms, not ~25 ms a figure): see ``merge_update`` and ``apply_template``.
    """
    merge_update(
        fig.layout, {"title": {"text": title, "x": 0, "xanchor": "left"}, **HOUSE_LAYOUT, "height": height}
    )
    apply_template(fig)
    for axes, text in ((fig.select_xaxes(), x_title), (fig.select_yaxes(), y_title)):
        if text is not None:
            for axis in axes:
                merge_update(axis, {"title": {"text": text}})
    return fig


def legend_below(fig: go.Figure) -> None:
    """Legend under the x-axis title (a fixed 70 px below the plot), clear of the chart's title."""
    margin = fig.layout.margin
    plot_px = fig.layout.height - (margin.t or 0) - 130
    fig.update_layout(
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -70 / plot_px, "yanchor": "top"},
        margin={"b": 130},
    )


def target_line(fig: go.Figure, target: float, name: str) -> None:
    """The dashed target line across the plot, named in the legend (a label on the plot would
    cover the data)."""
    fig.add_hline(y=target, line_color=TARGET_COLOR, line_dash="dash", line_width=2)
    fig.add_scatter(
        x=[None],
        y=[None],
        mode="lines",
        name=name,
        line={"color": TARGET_COLOR, "dash": "dash", "width": 2},
        hoverinfo="skip",
    )


def limit_lines(fig: go.Figure, limits: Any, lines: tuple[tuple[str, str | None, str, str], ...]) -> None:
    """Funnel limit lines: for each (column of ``limits``, legend name or None for the pair's second
    line, dash, colour) a line over ``limits["n"]``; a pair shares one legend entry (by dash)."""
    for column, name, dash, colour in lines:
        fig.add_scatter(
            x=limits["n"],
            y=limits[column],
            mode="lines",
            line={"color": colour, "dash": dash, "width": 1.5, "shape": "spline"},
            name=name or column,
            showlegend=name is not None,
            legendgroup=dash,
            hoverinfo="skip",
        )


def merge_update(obj: PlotlyObject, changes: dict[str, Any]) -> None:
    """``obj.update(changes)``: nested dicts merge into what ``obj`` already holds, other values
    replace it; each top-level property is checked once as it is assigned.

    Plotly's own ``update``/``update_layout`` also records every leaf as a relayout event and
    resolves its path again (~7 ms a call, however few properties change); this skips that.
    """
    for prop, value in changes.items():
        if isinstance(value, dict):
            value = _merged(obj[prop].to_plotly_json(), value)
        obj[prop] = value


def _merged(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(current)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            value = _merged(out[key], value)
        out[key] = value
    return out


def apply_template(fig: go.Figure) -> None:
    """Set the house template (``TEMPLATE``) on ``fig`` the way Plotly sets its default template
    on every new figure (``BaseFigure._initialize_layout_template``): unchecked, because a registered
    template is valid already. Checking it again deep-copies and validates the whole template
    (~20 ms a figure); unchecked it is one copy of its JSON (~0.5 ms).
    """
    assign_unchecked(fig.layout, "template", TEMPLATE)


# Meeting mode (projector): the same colours by index where they are dark enough, the pale ones
# (orange, sky blue, yellow) swapped for dark colour-blind-safe ones (Okabe–Ito, Tol), so every line keeps ≥3:1 contrast on white; each
# series also gets its own dash and marker shape, so it reads without colour too.
# The target colour (vermillion) is kept for target lines only, so no series can be mistaken for it.
MEETING_PALETTE = ["#0072B2", "#882255", "#009E73", "#CC79A7", "#000000", "#332288", "#117733", "#444444"]
# Up to eight series on one chart (the Explorer's lines), told apart three ways at once: any two
# differ in colour, marker and dash. Colours readable on white and on a projector (no yellow, no
# vermillion: that is the target's), so meeting mode keeps them as they are.
SERIES_COLORS = ["#0072B2", "#882255", "#009E73", "#CC79A7", "#000000", "#332288", "#E69F00", "#999933"]
SERIES_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "cross", "triangle-down"]
SERIES_DASHES = [
    "solid",
    "dash",
    "dot",
    "dashdot",
    "longdash",
    "longdashdot",
    "8px,3px,2px,3px,2px,3px",
    "2px,6px",
]
MEETING_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash"]
MEETING_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "hexagon", "cross"]
MEETING_META = "lmp-meeting-style"  # layout.meta marker: meeting_style already applied
MEETING_FONT = {"base": 22, "title": 30, "subtitle": 20, "ticks": 20, "legend": 20, "annotation": 20}


def meeting_style(fig: go.Figure) -> go.Figure:
    """Projector style: larger text, thicker lines, high-contrast palette. Returns the same figure.

    Colours from ``PALETTE`` become the ``MEETING_PALETTE`` colour at the same index (so a series
    keeps its identity); semantic colours (levels, target, greys) are left alone. Applying it
    twice changes nothing (pages may style a cached figure themselves).
    """
    if is_meeting_styled(fig):
        return fig
    size = MEETING_FONT
    margin = fig.layout.margin
    has_subtitle = bool(fig.layout.title.subtitle.text)
    height = fig.layout.height or 420
    merge_update(
        fig.layout,
        {
            "font": {"size": size["base"], "color": "#111111"},
            "title": {
                "font": {"size": size["title"]},
                "subtitle": {"font": {"size": size["subtitle"], "color": "#333333"}},
            },
            "legend": {"font": {"size": size["legend"]}},
            "hoverlabel": {"font": {"size": size["legend"]}},
            "colorway": MEETING_PALETTE,
            "meta": MEETING_META,
            "height": max(min(int(height * 1.3), 900), height),
            "margin": {
                "t": max(margin.t or 0, 130 if has_subtitle else 100),
                "l": max(margin.l or 0, 90),
                "b": max(margin.b or 0, 80),
                "r": max(margin.r or 0, 30),
            },
        },
    )
    for axis in (*fig.select_xaxes(), *fig.select_yaxes()):
        merge_update(axis, {"tickfont": {"size": size["ticks"]}, "title": {"font": {"size": size["base"]}}})
    for annotation in fig.layout.annotations:
        merge_update(annotation, {"font": {"size": max(annotation.font.size or 0, size["annotation"])}})
    uncoloured = 0
    for trace in fig.data:
        if trace.type == "scatter" and trace.line.color is None and trace.showlegend is not False:
            merge_update(trace, {"line": {"color": PALETTE[uncoloured % len(PALETTE)]}})  # the colorway's
            uncoloured += 1
        _meeting_trace(trace, size["annotation"])
    return fig


def is_meeting_styled(fig: go.Figure) -> bool:
    """Whether ``meeting_style`` has already been applied to ``fig``."""
    return fig.layout.meta == MEETING_META


def _meeting_trace(trace: go.BaseTraceType, text_size: int) -> None:
    """Thicker lines, bigger markers and text; palette colours swapped for high-contrast ones."""
    if trace.type == "scatter":
        color = trace.line.color
        own_style = trace.marker.symbol is not None  # a series styled with SERIES_*: keep it
        if color in PALETTE and color != TARGET_COLOR and not own_style:
            index = PALETTE.index(color)
            merge_update(
                trace,
                {
                    "line": {"color": MEETING_PALETTE[index], "dash": MEETING_DASHES[index]},
                    "marker": {"color": MEETING_PALETTE[index], "symbol": MEETING_SYMBOLS[index]},
                },
            )
        if trace.mode is None or "lines" in trace.mode:
            merge_update(trace, {"line": {"width": 4}})
        if trace.marker.size is None or isinstance(trace.marker.size, int | float):
            merge_update(trace, {"marker": {"size": max(trace.marker.size or 0, 12)}})
    if trace.type in ("bar", "heatmap", "scatter"):
        merge_update(trace, {"textfont": {"size": text_size}})


PHONE_TITLE_CHARS = 34  # a title line at 17 px that fits a 390 px wide phone
PHONE_TICKS = 4


def phone_style(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` styled for a narrow screen (a phone upright): the title wrapped onto lines
    that fit, the legend under the plot, at most ``PHONE_TICKS`` labels on a horizontal axis, a grid
    of small panels in two columns, slim margins.

    Works on the figure's dict (~1 ms; Plotly's checked updates took ~100–250 ms on a big figure)."""
    spec = fig.to_dict()
    layout = spec.setdefault("layout", {})
    title = layout.setdefault("title", {})
    lines = _wrapped(title.get("text") or "", PHONE_TITLE_CHARS)
    if lines:
        title["text"] = "<br>".join(lines)
    title.setdefault("font", {})["size"] = 17
    title.setdefault("subtitle", {}).setdefault("font", {})["size"] = 13
    layout.setdefault("font", {})["size"] = 12
    legend = layout.setdefault("legend", {})
    legend.update(orientation="h", x=0, xanchor="left", yref="container", y=0, yanchor="bottom")
    legend.setdefault("font", {})["size"] = 12
    top = 40 + 21 * len(lines) + (40 if _two_columns(layout) else 0)  # panel titles above their plots
    margin = layout.setdefault("margin", {})
    margin.update(l=8, r=8, b=40, t=max(margin.get("t") or 0, top))
    layout.setdefault("xaxis", {})
    for name in [key for key in layout if re.fullmatch(r"[xy]axis\d*", key)]:
        axis = layout[name]
        axis["automargin"] = True
        axis.setdefault("tickfont", {})["size"] = 11
        axis.setdefault("title", {}).setdefault("font", {})["size"] = 12
        if name.startswith("x"):
            _fewer_ticks(axis)
    return unchecked_figure(spec)


def _fewer_ticks(axis: dict) -> None:
    """At most ``PHONE_TICKS`` labels: every n-th of given ticks (the latest kept), else a cap."""
    values = axis.get("tickvals")
    if values is None:
        axis["nticks"] = PHONE_TICKS + 1
    elif len(values) > PHONE_TICKS:
        step = -(-len(values) // PHONE_TICKS)
        axis["tickvals"] = list(values)[::-1][::step][::-1]
        if axis.get("ticktext") is not None:
            axis["ticktext"] = list(axis["ticktext"])[::-1][::step][::-1]


def _two_columns(layout: dict) -> int:
    """Lay a grid of three or more panels side by side out again in two columns (panel titles,
    y tick labels on the left column only when the grid shared them, and height follow); returns
    the new number of rows, 0 when the figure is not such a grid."""
    panels = []
    for name in [key for key in layout if re.fullmatch(r"xaxis\d*", key)]:
        y_name = "yaxis" + (layout[name].get("anchor") or "y")[1:]
        if "domain" not in layout[name] or "domain" not in layout.get(y_name, {}):
            return 0
        panels.append((layout[y_name]["domain"][1], layout[name]["domain"], layout[name], layout[y_name]))
    if len({tuple(x_domain) for _, x_domain, _, _ in panels}) < 3:
        return 0
    old_rows = len({top for top, _, _, _ in panels})
    rows = -(-len(panels) // 2)
    gap_x, gap_y = 0.1, 0.3 / rows
    width, height = (1 - gap_x) / 2, (1 - gap_y * (rows - 1)) / rows
    shared_y = any(y_axis.get("showticklabels") is False for _, _, _, y_axis in panels)
    notes = [
        n for n in layout.get("annotations", []) if n.get("xref") == "paper" and n.get("yref") == "paper"
    ]
    titles = []  # found before any panel moves, so a moved title is never taken for another
    for top, (x0, x1), _, _ in panels:
        centre = (x0 + x1) / 2
        found = [n for n in notes if abs(n.get("x", -1) - centre) < 0.01 and abs(n.get("y", -1) - top) < 0.05]
        titles.append(found[0] if found else None)
    order = sorted(range(len(panels)), key=lambda i: (-panels[i][0], panels[i][1][0]))
    for place, i in enumerate(order):
        row, col = divmod(place, 2)
        x0, top = col * (width + gap_x), 1 - row * (height + gap_y)
        _, _, x_axis, y_axis = panels[i]
        x_axis["domain"] = [x0, x0 + width]
        y_axis["domain"] = [max(0.0, top - height), top]
        if shared_y:
            y_axis["showticklabels"] = col == 0
        if titles[i] is not None:
            titles[i].update(x=x0 + width / 2, y=top)
            titles[i].setdefault("font", {})["size"] = 12
    layout["height"] = min(1500, int((layout.get("height") or 420) * rows / old_rows * 0.8))
    return rows


def _wrapped(title: str, width: int) -> list[str]:
    """The lines of ``title`` (split at ``<br>``) wrapped at ``width`` characters; a line wholly in
    one tag (``<sup>…</sup>``) keeps the tag on each of its wrapped lines."""
    lines: list[str] = []
    for part in title.split("<br>"):
        tagged = re.fullmatch(r"<(\w+)>(.*)</\1>", part.strip())
        tag, text = tagged.groups() if tagged else ("", part)
        wrapped: list[str] = []
        for word in text.split():
            if wrapped and len(wrapped[-1]) + 1 + len(word) <= width:
                wrapped[-1] += " " + word
            else:
                wrapped.append(word)
        lines += [f"<{tag}>{line}</{tag}>" if tag else line for line in wrapped]
    return lines


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
