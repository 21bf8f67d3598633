"""Charts of one team's scorecard: level history, dimension small multiples, what holds it back,
training trend and survey indices. DataFrames in (from ``lmp_metrics.metrics.scorecard*``), figures out.

Figures are assembled from plain trace/layout dicts in one ``go.Figure(...)`` call: Plotly validates
each object once, which keeps a scorecard's first draw fast.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.charts.describe import SUPPRESSED_META
from lmp_metrics.charts.style import LEVEL_COLORS, PALETTE, empty_figure, styled
from lmp_metrics.core.settings import min_peer_teams
from lmp_metrics.vocabulary.measures import LEVEL_NAMES
from lmp_metrics.vocabulary.quarters import quarter_label
from lmp_metrics.vocabulary.surveys import INDEX_NAMES

# series → (legend name, colour, dash, width, value column, teams column)
TEAM_SERIES = [
    ("This team", PALETTE[0], "solid", 3.5, "score", None),
    ("Department average", PALETTE[1], "dash", 2, "department_avg", "department_teams"),
    ("Facility average", PALETTE[2], "dot", 2.5, "facility_avg", "facility_teams"),
    ("Region average", PALETTE[3], "dashdot", 2, "region_avg", "region_teams"),
]
SURVEY_SERIES = [("Team", PALETTE[0], "solid", 3.5), ("Facility", PALETTE[2], "dot", 2.5)]
SUPPRESSED_MARK = {"symbol": "x", "size": 10, "color": "#777777"}
# A suppressed figure is never drawn as a value: it is marked in a grey strip below the 0 line of a
# 0–100 axis, labelled "suppressed" on the axis, so a mark cannot be read as a score or rate of 0.
BAND = (-15.0, -3.0)
BAND_MID = sum(BAND) / 2
BAND_FILL = "#e8e8e8"


def _title(what: str, team_name: str) -> str:
    """Chart title with the team's name on a smaller second line (it travels with a PNG download)."""
    return f"{what}<br><sup>{team_name}</sup>"


def _quarter_ticks(labels: list[str], max_ticks: int = 10) -> dict:
    """Categorical quarter axis, padded half a category each side. With more than ``max_ticks``
    quarters, only the first quarter of every year (or of every second, third … year, counted back
    from the latest) is labelled; a year the axis starts part-way through is not (it would crowd the
    next label)."""
    axis = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": labels,
        "range": [-0.5, len(labels) - 0.5],
    }
    if len(labels) > max_ticks:
        firsts: dict[str, str] = {}
        for label in labels:
            firsts.setdefault(label[:4], label)
        years = list(firsts)
        if len(years) > 1 and not firsts[years[0]].endswith("Q1"):
            years = years[1:]
        years = years[:: -math.ceil(len(years) / max_ticks)][::-1]
        axis |= {"tickvals": [firsts[y] for y in years], "ticktext": years}
    return axis


def _band_axis(top: float, suffix: str = "") -> dict:
    """A y axis from the suppressed strip up to ``top``: ticks 0, 20 … 100 and "suppressed" at the strip."""
    ticks = list(range(0, 101, 20))
    return {
        "range": [BAND[0], top],
        "tickvals": [BAND_MID, *ticks],
        "ticktext": ["suppressed", *[f"{t}{suffix}" for t in ticks]],
        "zeroline": True,
        "zerolinecolor": "#888888",
        "zerolinewidth": 1,
        "automargin": True,
    }


def _band_shape(xref: str, yref: str) -> dict:
    """The grey strip below the 0 line of one panel, where suppressed points are marked."""
    return {
        "type": "rect",
        "xref": f"{xref} domain",
        "x0": 0,
        "x1": 1,
        "yref": yref,
        "y0": BAND[0],
        "y1": BAND[1],
        "fillcolor": BAND_FILL,
        "line": {"width": 0},
        "layer": "below",
    }


def _grid(
    n: int, cols: int, titles: list[str], x_axis: dict, y_axis: dict, h_gap: float = 0.03
) -> tuple[list[tuple[str, str]], dict]:
    """Layout for ``n`` small panels in rows of ``cols`` with shared y range: the (xref, yref) of each
    panel and the layout dict (axes plus panel titles)."""
    rows = math.ceil(n / cols)
    v_gap = 0.22 / max(rows, 1)
    width, height = (1 - h_gap * (cols - 1)) / cols, (1 - v_gap * (rows - 1)) / rows
    refs, layout, annotations = [], {}, []
    for i in range(n):
        row, col = divmod(i, cols)
        k = "" if i == 0 else str(i + 1)
        x0, y1 = col * (width + h_gap), 1 - row * (height + v_gap)
        layout[f"xaxis{k}"] = {**x_axis, "domain": [round(x0, 6), round(x0 + width, 6)], "anchor": f"y{k}"}
        layout[f"yaxis{k}"] = {
            **y_axis,
            "domain": [max(0.0, round(y1 - height, 6)), round(y1, 6)],
            "anchor": f"x{k}",
            "showticklabels": col == 0,
        }
        if col:
            layout[f"yaxis{k}"].pop("title", None)
        annotations.append(
            {
                "text": f"<b>{titles[i]}</b>",
                "x": x0 + width / 2,
                "y": y1,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 13},
            }
        )
        refs.append((f"x{k}", f"y{k}"))
    layout["annotations"] = annotations
    return refs, layout


def level_history_figure(history: pd.DataFrame, team_name: str) -> go.Figure:
    """Step chart of the team's level per assessed quarter over the five named level bands."""
    title = _title("Path to Performance level", team_name)
    if history.empty:
        return empty_figure(title, "This team has not been assessed yet.")
    labels = [quarter_label(q) for q in history["quarter"]]
    bands = [
        {
            "type": "rect",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "y0": level - 0.5,
            "y1": level + 0.5,
            "fillcolor": LEVEL_COLORS[level],
            "opacity": 0.3,
            "line": {"width": 0},
            "layer": "below",
        }
        for level in LEVEL_NAMES
    ]
    names = [
        {
            "text": name,
            "xref": "paper",
            "x": 0.005,
            "y": level + 0.45,
            "xanchor": "left",
            "yanchor": "top",
            "showarrow": False,
            "font": {"size": 11, "color": "#222222"},
            "bgcolor": "rgba(255, 255, 255, 0.6)",  # readable where the level line crosses it
        }
        for level, name in LEVEL_NAMES.items()
    ]
    trace = {
        "type": "scatter",
        "x": labels,
        "y": history["level"].tolist(),
        "mode": "lines+markers" if len(labels) <= 12 else "lines",
        "line": {"shape": "hv", "color": PALETTE[7], "width": 3},
        "marker": {"size": 8, "color": PALETTE[7]},
        "customdata": [
            _peer_text(p, n) for p, n in zip(history["percentile"], history["peer_teams"], strict=True)
        ],
        "hovertemplate": "%{x}: level %{y}<br>%{customdata}<extra></extra>",
        "showlegend": False,
    }
    layout = {
        "shapes": bands,
        "annotations": names,
        "xaxis": _quarter_ticks(labels, max_ticks=6),  # a half-width chart
        "yaxis": {"range": [0.5, 5.5], "tickvals": [1, 2, 3, 4, 5], "showgrid": False, "zeroline": False},
    }
    return styled(go.Figure(data=[trace], layout=layout), title, "Quarter", "Level (1–5)", height=380)


def _peer_text(percentile: float, peers: int) -> str:
    if pd.isna(percentile):
        return "no comparable team that quarter"
    text = f"ahead of {percentile:.0f}% of {peers} comparable teams"
    if peers < min_peer_teams():
        text += f"<br>(too few for a percentile: needs {min_peer_teams()})"
    return text


def dimension_trends_figure(frame: pd.DataFrame, team_name: str) -> go.Figure:
    """Small multiples: each dimension's score over time, the team against its department, facility
    and region averages (frame from ``scorecard.dimension_history``)."""
    title = _title("Dimension scores against department, facility and region averages", team_name)
    if frame.empty:
        return empty_figure(title, "No dimension scores recorded for this team.")
    names = frame.drop_duplicates("dimension_name").sort_values("sort_order")["dimension_name"].tolist()
    labels = [quarter_label(q) for q in sorted(frame["quarter"].unique())]
    y_axis = {"range": [0.8, 5.2], "tickvals": [1, 2, 3, 4, 5], "title": {"text": "Score (1–5)"}}
    refs, layout = _grid(len(names), 4, names, _quarter_ticks(labels, max_ticks=4), y_axis)
    mode = "lines+markers" if len(labels) < 3 else "lines"
    traces = []
    for i, (name, (xref, yref)) in enumerate(zip(names, refs, strict=True)):
        part = frame[frame["dimension_name"] == name]
        x = [quarter_label(q) for q in part["quarter"]]
        for series, color, dash, width, column, teams in TEAM_SERIES:
            trace = {
                "type": "scatter",
                "x": x,
                "y": part[column].tolist(),
                "xaxis": xref,
                "yaxis": yref,
                "mode": mode,
                "line": {"color": color, "dash": dash, "width": width},
                "name": series,
                "legendgroup": series,
                "showlegend": i == 0,
                "hovertemplate": f"{name}<br>%{{x}}: %{{y:.2f}}<extra>{series}</extra>",
            }
            if teams:
                trace["customdata"] = part[teams].tolist()
                trace["hovertemplate"] = (
                    f"{name}<br>%{{x}}: %{{y:.2f}} (%{{customdata}} teams)<extra>{series}</extra>"
                )
            traces.append(trace)
    rows = math.ceil(len(names) / 4)
    return _legend_below(styled(go.Figure(data=traces, layout=layout), title, height=260 * rows + 130))


def _legend_below(fig: go.Figure) -> go.Figure:
    """Legend under the plot, where it cannot collide with the title or the panel titles."""
    return fig.update_layout(legend={"y": -0.08, "yanchor": "top"}, margin={"b": 80})


def holds_back_figure(frame: pd.DataFrame, level: int | None, quarter_text: str) -> go.Figure:
    """Dumbbells: the team's score on each dimension against the next level's typical (median) score
    (frame from ``scorecard.holds_back``, in display order: largest gap first)."""
    if level is None:
        return empty_figure("What holds the team back", "This team has not been assessed yet.")
    if level >= 5:
        return empty_figure(
            "What holds the team back", "Level 5 is the top level: nothing holds this team back."
        )
    title = f"What holds it back, {quarter_text}"
    if frame.empty or frame["next_level_median"].isna().all():
        return empty_figure(title, f"No team was at level {level + 1} in {quarter_text} to compare with.")
    data = frame.iloc[::-1]  # largest gap on top
    order = data["dimension_name"].tolist()
    segments_x, segments_y = [], []
    for name, score, target in zip(order, data["score"], data["next_level_median"], strict=True):
        segments_x += [score, target, None]
        segments_y += [name, name, None]
    status = [
        f"below by {g:.2f}" if b else "meets it" for g, b in zip(data["gap"], data["below"], strict=True)
    ]
    traces = [
        {
            "type": "scatter",
            "x": segments_x,
            "y": segments_y,
            "mode": "lines",
            "line": {"color": "#999999", "width": 3},
            "hoverinfo": "skip",
            "showlegend": False,
        },
        {
            "type": "scatter",
            "x": data["next_level_median"].tolist(),
            "y": order,
            "mode": "markers",
            "marker": {"symbol": "line-ns", "size": 22, "line": {"width": 4, "color": PALETTE[7]}},
            "name": f"Typical level-{level + 1} team (median)",
            "hovertemplate": "%{y}: typical level-" + str(level + 1) + " score %{x:.2f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": data["score"].tolist(),
            "y": order,
            "mode": "markers",
            "marker": {
                "size": 14,
                "color": [PALETTE[5] if b else PALETTE[2] for b in data["below"]],
                "symbol": ["circle" if b else "diamond" for b in data["below"]],
            },
            "name": "This team (● below, ◆ meets)",
            "customdata": status,
            "hovertemplate": "%{y}: this team %{x:.2f} (%{customdata})<extra></extra>",
        },
    ]
    layout = {
        "xaxis": {"range": [0.8, 5.2], "dtick": 1},
        "yaxis": {"categoryorder": "array", "categoryarray": order, "automargin": True},
    }
    fig = styled(go.Figure(data=traces, layout=layout), title, "Score (1–5)", None, height=400)
    return fig.update_layout(legend={"y": -0.22, "yanchor": "top"}, margin={"b": 100})


MIN_RATE_BASE = 5  # a team's rate on fewer assignments is not drawn: one assignment reads 0% or 100%


def training_trend_figure(trend: pd.DataFrame, team_name: str) -> go.Figure:
    """Completion and on-time rates of the team's members per quarter (as of each quarter's last
    day); suppressed quarters are gaps marked with a grey cross, and a rate resting on fewer than
    ``MIN_RATE_BASE`` assignments (assigned, or due for on time) is a gap the subtitle explains."""
    title = _title("Training completion and on-time rates", team_name)
    if trend.empty:
        return empty_figure(title, "No training records for this team's members.")
    labels = [quarter_label(q) for q in trend["quarter"]]
    traces, thin = [], False
    for column, base, name, color in (
        ("completion_rate", "assigned", "Completion rate", PALETTE[0]),
        ("on_time_rate", "due", "On-time rate", PALETTE[1]),
    ):
        few = trend[base].fillna(0) < MIN_RATE_BASE
        thin |= bool((few & ~trend["suppressed"] & trend[column].notna()).any())
        traces.append(
            {
                "type": "scatter",
                "x": labels,
                "y": (trend[column].astype(float).where(~few) * 100).tolist(),
                "customdata": trend[base].fillna(0).astype(int).tolist(),
                "mode": "lines+markers",
                "name": name,
                "line": {"color": color, "width": 3},
                "hovertemplate": "%{x}: %{y:.1f}% of %{customdata} " + base + "<extra>" + name + "</extra>",
            }
        )
    layout = {"xaxis": _quarter_ticks(labels), "yaxis": {"range": [0, 105], "ticksuffix": "%"}}
    hidden = [label for label, s in zip(labels, trend["suppressed"], strict=True) if s]
    if hidden:
        traces.append(_suppressed_marks(hidden, suppressed_label()))
        layout |= {"yaxis": _band_axis(105, "%"), "shapes": [_band_shape("x", "y")]}
    fig = styled(
        go.Figure(data=traces, layout=layout),
        title,
        "Quarter (rates as of its last day)",
        "Share of assignments (%)",
        height=380,
    )
    if thin:
        fig.update_layout(
            title_subtitle_text=f"Quarters with fewer than {MIN_RATE_BASE} assignments are left out: "
            "on one assignment a rate reads 0% or 100%"
        )
    return _legend_below(fig).update_layout(legend={"y": -0.25}, margin={"b": 100})


def _suppressed_marks(x: list[str], name: str, **axes: str) -> dict:
    """Grey crosses in the suppressed strip where a figure is suppressed: a gap in the line never
    reads as "no data", and a mark never as a value."""
    return {
        "type": "scatter",
        "x": x,
        "y": [BAND_MID] * len(x),
        "mode": "markers",
        "marker": SUPPRESSED_MARK,
        "name": name,
        "hovertemplate": "%{x}: " + name + "<extra></extra>",
        **axes,
    }


def survey_figure(frame: pd.DataFrame, team_name: str) -> go.Figure:
    """Survey indices per year, the team against its facility, one panel per index (frame from
    ``metrics.scorecard.team_surveys``); suppressed results are grey crosses, never numbers."""
    title = _title("People Pulse indices against the facility", team_name)
    if frame.empty:
        return empty_figure(title, "No survey results for this team.")
    indices = [i for i in INDEX_NAMES if i in set(frame["index_name"])]
    years = [str(y) for y in sorted(frame["survey_year"].unique())]
    x_axis = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": years,
        "range": [-0.5, len(years) - 0.5],
    }
    if len(years) > 4:  # small panels: every n-th year, counted back from the latest
        x_axis["tickvals"] = years[:: -math.ceil(len(years) / 4)][::-1]
    suppressed = frame["suppressed"].astype(bool).any()
    y_axis = (_band_axis(100) if suppressed else {"range": [0, 100]}) | {
        "title": {"text": "Index score (0–100)"}
    }
    titles = [INDEX_NAMES[i] for i in indices]
    refs, layout = _grid(len(indices), len(indices), titles, x_axis, y_axis, h_gap=0.06)
    if suppressed:
        layout["shapes"] = [_band_shape(xref, yref) for xref, yref in refs]
    traces, marked = [], False
    for i, (index, (xref, yref)) in enumerate(zip(indices, refs, strict=True)):
        part = frame[frame["index_name"] == index]
        for series, color, dash, width in SURVEY_SERIES:
            mine = part[part["series"] == series].set_index("survey_year").reindex([int(y) for y in years])
            traces.append(
                {
                    "type": "scatter",
                    "x": years,
                    "y": mine["score"].astype(float).tolist(),
                    "xaxis": xref,
                    "yaxis": yref,
                    "mode": "lines+markers",
                    "line": {"color": color, "dash": dash, "width": width},
                    "marker": {"size": 9},
                    "name": series if series == "Team" else "Facility (all its teams)",
                    "legendgroup": series,
                    "showlegend": i == 0,
                    "customdata": mine["respondents"].astype(float).tolist(),
                    "hovertemplate": "%{x}: %{y:.1f} (%{customdata:.0f} respondents)<extra>"
                    + series
                    + "</extra>",
                }
            )
            hidden = [str(y) for y, s in zip(mine.index, mine["suppressed"], strict=True) if s == 1]
            if hidden:
                name = traces[-1]["name"]
                mark = _suppressed_marks(hidden, f"{name}: {suppressed_label()}", xaxis=xref, yaxis=yref)
                # one legend entry for every mark; the series each hides stays in its meta (describe.py)
                mark |= {
                    "legendgroup": "suppressed",
                    "showlegend": not marked,
                    "meta": {SUPPRESSED_META: name},
                }
                mark["name"] = suppressed_label()
                marked = True
                traces.append(mark)
    fig = styled(go.Figure(data=traces, layout=layout), title, height=400)
    return _legend_below(fig).update_layout(margin={"t": 95})  # panel titles clear of the subtitle
