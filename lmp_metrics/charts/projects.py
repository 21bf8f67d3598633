"""Project library and "teams like mine" charts: improvement by topic, adaptation chains, peers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lmp_metrics.charts.style import PALETTE, empty_figure, styled
from lmp_metrics.vocabulary.formats import improvement_text

BETTER, WORSE, UNKNOWN = PALETTE[0], PALETTE[5], "#9e9e9e"


def topic_figure(summary: pd.DataFrame) -> go.Figure:
    """Median improvement per topic (bars) labelled with the median and the number of projects;
    projects with a result and the improved share in hovers."""
    title = "Median improvement by topic"
    shown = summary[summary["median_improvement"].notna()]
    if shown.empty:
        return empty_figure(title, "No matching project has a result with a relative improvement yet.")
    shown = shown.iloc[::-1]
    colors = [BETTER if v > 0 else WORSE for v in shown["median_improvement"]]
    fig = go.Figure(
        go.Bar(
            x=shown["median_improvement"],
            y=shown["topic"],
            orientation="h",
            marker_color=colors,
            text=[
                f"{m:+.0%} · {_projects(n)}"
                for m, n in zip(shown["median_improvement"], shown["projects"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            customdata=np.column_stack([shown["projects"], shown["with_result"], shown["improved_share"]]),
            hovertemplate=(
                "%{y}: median %{x:+.0%}<br>%{customdata[0]} projects, %{customdata[1]} with a result,"
                " %{customdata[2]:.0%} improved<extra></extra>"
            ),
        )
    )
    fig.update_xaxes(
        tickformat="+.0%", zeroline=True, zerolinecolor="#555555", range=_padded(shown["median_improvement"])
    )
    fig.update_yaxes(type="category")
    return styled(
        fig,
        title,
        "Median improvement (% of baseline, positive = better)",
        "Topic",
        height=max(300, 90 + 30 * len(shown)),
    )


def _padded(values: pd.Series, room: float = 0.45) -> list[float]:
    """Axis range from 0 to the extremes, widened by ``room`` × the span on each side that has
    bars, so the labels outside the bar ends stay inside the chart."""
    low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
    pad = room * ((high - low) or 1.0)
    return [low - pad if low < 0 else low, high + pad if high > 0 else high]


def _projects(count: int) -> str:
    return f"{count:,} project" + ("" if count == 1 else "s")


def chain_figure(chain: pd.DataFrame) -> go.Figure:
    """The adaptation family as a tree: generations left to right, colour = did it improve.
    The title names the chosen project (the page's section heading already says "Adaptation chain").
    A team or facility the reader may not see (None, see ``lmp_metrics.access.read_path``) is left out of
    its label and hover (the region stands in for the facility)."""
    if chain.empty:
        return empty_figure(
            "Adaptation chain", "Choose a project to see where it came from and who adapted it."
        )
    rows = chain.reset_index(drop=True)
    chosen = rows.loc[rows["chosen"].astype(bool), "title"]
    named = chosen.iloc[0] if len(chosen) else None
    family = f"{len(rows)} projects in the family" if len(rows) > 1 else "no adaptations recorded"
    title = (f"“{named}”: " if named else "") + family
    y = {pid: -i for i, pid in enumerate(rows["project_id"])}
    fig = go.Figure()
    edge_x, edge_y = [], []
    for row in rows.itertuples():
        if pd.notna(row.parent_id) and row.parent_id in y:
            edge_x += [row.generation - 1, row.generation - 1, row.generation, None]
            edge_y += [y[row.parent_id], y[row.project_id], y[row.project_id], None]
    fig.add_trace(
        go.Scatter(
            x=edge_x, y=edge_y, mode="lines", line={"color": "#888888", "width": 1.5}, hoverinfo="skip"
        )
    )
    labels = [improvement_text(r.improvement, r.change, r.result_note) for r in rows.itertuples()]
    colors = [UNKNOWN if pd.isna(c) else (BETTER if c > 0 else WORSE) for c in rows["change"]]
    fig.add_trace(
        go.Scatter(
            x=rows["generation"],
            y=[y[p] for p in rows["project_id"]],
            mode="markers+text",
            marker={
                "size": [22 if c else 15 for c in rows["chosen"]],
                "color": colors,
                "symbol": ["star" if c else "circle" for c in rows["chosen"]],
                "line": {"width": 1, "color": "#333333"},
            },
            text=[  # the title only where an adaptation renamed it: most keep the chosen one's
                " · ".join(p for p in (t if t != named else None, team, label) if isinstance(p, str))
                for t, team, label in zip(rows["title"], rows["team_name"], labels, strict=True)
            ],
            textposition="middle right",
            customdata=np.column_stack(
                [rows["facility"].fillna(rows["region"]), rows["status"], labels, rows["title"]]
            ),
            hovertemplate="<b>%{customdata[3]}</b><br>%{text}<br>%{customdata[0]}, %{customdata[1]}"
            "<extra></extra>",
            showlegend=False,
        )
    )
    depth = int(rows["generation"].max())
    fig.update_xaxes(
        range=[-0.3, depth + 3.5],  # room for the labels right of the deepest nodes
        tickvals=list(range(depth + 1)),
        ticktext=["origin", *[f"{g}. adaptation" for g in range(1, depth + 1)]],
        showgrid=False,
    )
    fig.update_yaxes(visible=False)
    fig = styled(fig, title, "Generation", None, height=max(260, 80 + 38 * len(rows)))
    fig.update_layout(showlegend=False)
    return fig


def peer_levels_figure(
    peers: pd.DataFrame, window_label: str, own: tuple[str, int | None, int], top: int = 25
) -> go.Figure:
    """Dumbbells: the first ``top`` comparable teams' levels at the start and end of the window,
    under the chosen team (``own`` = name, start level, end level)."""
    title = f"Teams like mine that moved up, {window_label}"
    if peers.empty:
        return empty_figure(title, "No comparable team moved up in this window.")
    if len(peers) > top:
        title += f" (first {top} of {len(peers)})"
    name, start, end = own
    rows = pd.concat(
        [
            peers[["team_name", "facility", "start_level", "end_level"]].head(top).iloc[::-1],
            pd.DataFrame(
                [{"team_name": f"{name} (your team)", "facility": "", "start_level": start, "end_level": end}]
            ),
        ],
        ignore_index=True,
    )
    labels = [f"{n} · {f}" if f else n for n, f in zip(rows["team_name"], rows["facility"], strict=True)]
    pairs = list(zip(labels, rows["start_level"], rows["end_level"], strict=True))
    fig = go.Figure(
        go.Scatter(  # one trace for every connecting line: None breaks the line between teams
            x=[x for _, first, last in pairs for x in (first, last, None)],
            y=[y for label, _, _ in pairs for y in (label, label, None)],
            mode="lines",
            line={"color": "#9e9e9e", "width": 3},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    ends = (
        ("start_level", "Level four quarters ago", PALETTE[1]),
        ("end_level", "Level at the end", PALETTE[0]),
    )
    for column, series, color in ends:
        fig.add_trace(
            go.Scatter(
                x=rows[column],
                y=labels,
                mode="markers",
                name=series,
                marker={"size": 13, "color": color},
                hovertemplate="%{y}: level %{x}<extra>" + series + "</extra>",
            )
        )
    fig.update_xaxes(range=[0.5, 5.5], tickvals=[1, 2, 3, 4, 5])
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels)
    return styled(fig, title, "Path to Performance level (1–5)", None, height=max(280, 100 + 28 * len(rows)))


def peer_training_figure(by_course: pd.DataFrame, teams_shown: int) -> go.Figure:
    """Completions per course by the comparable teams during the window, with how many teams took it."""
    title = "Training the teams that moved up completed"
    if by_course.empty:
        return empty_figure(
            title,
            "No completions to show (none in the window, or every team is below the minimum group size).",
        )
    rows = by_course.sort_values(["completions", "course_title"]).reset_index(drop=True)
    fig = go.Figure(
        go.Bar(
            x=rows["completions"],
            y=rows["course_title"],
            orientation="h",
            marker_color=PALETTE[2],
            text=[f"{t} of {teams_shown} team" + ("" if teams_shown == 1 else "s") for t in rows["teams"]],
            textposition="outside",  # dark text on white: white on green is under 4.5:1
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,} completions (%{text})<extra></extra>",
        )
    )
    fig.update_xaxes(range=_padded(rows["completions"]))
    fig.update_yaxes(type="category")
    return styled(
        fig, title, "Course completions in the window (people)", None, height=max(280, 90 + 30 * len(rows))
    )
