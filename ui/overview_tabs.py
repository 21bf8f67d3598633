"""The overview's analysis tabs: level mix, heatmap, transitions, funnel, dimensions, effectiveness index.

Only the open tab runs and is drawn; its name is in the URL (``tab``), and so are the tabs' own
controls (``heat``, ``tq_from``/``tq_to``, ``funnel_by``, the index weights ``w_<component>``), so
the page's link reopens exactly the view.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lmp_metrics.access.filters import HIERARCHY_LABELS
from lmp_metrics.charts import overview as charts
from lmp_metrics.metrics import effectiveness, levels, report
from lmp_metrics.metrics.events import scope_events
from lmp_metrics.views import overview as ov
from lmp_metrics.views.overview import INDEX_HEADERS, PLURALS, OverviewView, child_levels_below
from lmp_metrics.vocabulary.quarters import quarter_end, quarter_label
from ui import formats, urlstate
from ui.layout import cached_figure, chart, empty_state, table
from ui.overview import measure_choice, number_columns
from ui.reads import cached, query


def analysis_tabs(view: OverviewView) -> None:
    """One tab per analysis of the drilled-into scope; only the open one runs."""
    tabs = {
        "Levels over time": level_mix,
        "Heatmap": heatmap,
        "Transitions": transitions,
        "Funnel plot": funnel,
        "Dimensions": dimensions,
        "Effectiveness index": index_section,
    }
    for tab, draw in zip(st.tabs(list(tabs), key="tab", bind="query-params"), tabs.values(), strict=True):
        if tab.open:
            with tab:
                draw(view)


def dimensions(view: OverviewView) -> None:
    year_ago = ov.card_quarters(view.quarter)[2]
    quarters = (year_ago, view.quarter)
    scores = query(levels.dimension_scores, view.scope, "national", quarters)
    chart(cached_figure(charts.dimension_bars, scores, list(quarters), view.where), key="dimensions")


def level_mix(view: OverviewView) -> None:
    mix = query(levels.level_distribution, view.scope, tuple(view.range_quarters))
    first, last = view.range_quarters[0], quarter_end(view.range_quarters[-1])
    events = query(scope_events, view.scope, first, last)
    chart(cached_figure(charts.level_mix, mix, view.target, view.path.title, events), key="level_mix")


def heatmap(view: OverviewView) -> None:
    below = child_levels_below(view.path, view.team_rows)[:1] or ["department"]
    measure = measure_choice("heat", "Heatmap measure")
    groups = query(report.group_table, view.scope, below[0], tuple(view.range_quarters))
    figure = cached_figure(charts.heatmap, groups, measure, HIERARCHY_LABELS[below[0]], view.path.title)
    chart(figure, key="heatmap")


def transitions(view: OverviewView) -> None:
    labels = {quarter_label(q).replace(" ", "-"): q for q in view.up_to_quarter}
    options = list(labels)
    left, right = st.columns(2)
    choose = partial(
        urlstate.url_selectbox, options=options, drop_default=True, format_func=lambda k: k.replace("-", " ")
    )
    start = labels[
        choose(
            "tq_from",
            "From quarter",
            default=options[max(0, len(options) - 5)],
            key="tq_from",
            container=left,
        )
    ]
    end = labels[choose("tq_to", "To quarter", default=options[-1], key="tq_to", container=right)]
    matrix = query(levels.level_transitions, view.scope, start, end)
    figure = cached_figure(
        charts.transitions, matrix, quarter_label(start), quarter_label(end), view.path.title
    )
    chart(figure, key="transitions")


def funnel(view: OverviewView) -> None:
    groupings = [g for g in child_levels_below(view.path, view.team_rows) if g != "team"]
    if not groupings:
        empty_state("A funnel plot compares several groups of teams; go up a level to compare departments.")
        return
    by = urlstate.url_selectbox(
        "funnel_by",
        "Funnel: compare",
        groupings,
        "facility" if "facility" in groupings else groupings[0],
        key="funnel_by",
        container=st.columns([1, 2])[0],
        drop_default=True,
        format_func=lambda g: PLURALS[g].lower(),
    )
    average_of = view.path.title
    data = query(levels.funnel_data, view.scope, by, view.quarter)
    figure = cached_figure(funnel_figure, data, view.target, HIERARCHY_LABELS[by], view.where, average_of)
    chart(figure, key="funnel")
    st.caption(ov.funnel_note(data.result()[0], average_of))


def index_section(view: OverviewView) -> None:
    """The Partnership Effectiveness Index with weights the reader sets, its table and its method."""
    st.caption(
        "One transparent 0–100 summary of four measures the partnership already keeps. Set the weights; "
        "the table shows every component and anything left out. See *How this is measured* below."
    )
    if view.hides_teams:
        empty_state("Team-level rows are outside your access.")
        return
    weights = index_weights()
    if weights is None:
        st.warning("Give at least one component a weight above zero.")
        return
    st.caption(
        "Weights are scaled to add up to 100%: "
        + ", ".join(f"{effectiveness.NAMES[k]} {w:.0%}" for k, w in weights.items())
    )
    scope, child, quarter = view.scope, view.child, view.quarter
    scored = cached(effectiveness.effectiveness_index, scope, child, (quarter,), weights)
    index = query(effectiveness.effectiveness_index, scope, child, (quarter,), weights)
    chart(cached_figure(charts.index_bars, index, HIERARCHY_LABELS[child], view.where), key="index")
    columns = number_columns(HIERARCHY_LABELS[child]) | index_columns()
    shown = scored.sort_values("index", ascending=False)[
        ["label", "index", "coverage", *effectiveness.KEYS, "missing"]
    ]
    table(formats.as_shown(shown, columns), key="index_table", column_config=columns)
    st.caption(
        f"Coverage: the share of the weights resting on components that have a figure. Below 100%, the "
        f"index is rescaled over the components present (*Left out* says why one is missing); below "
        f"{effectiveness.MIN_COVERAGE:.0%} no index is given."
    )
    total = cached(effectiveness.effectiveness_index, scope, "national", [quarter], weights)
    with st.expander("How this is measured", icon=":material/balance:"):
        st.markdown(
            effectiveness.method_markdown(weights, total["survey_year"].iloc[0] if len(total) else None)
        )
        if len(total):
            example = effectiveness.worked_example(
                total.iloc[0].to_dict() | {"label": view.path.title}, weights
            )
            st.markdown("**Worked example:** " + example)


def index_weights() -> dict[str, float] | None:
    """One 0–100 slider per component (in the URL as ``w_<component>`` when not the default), scaled to
    add up to 1; None when every weight is zero."""
    cols = st.columns(len(effectiveness.COMPONENTS))
    raw = {
        c.key: urlstate.url_slider(
            f"w_{c.key}",
            c.name,
            0,
            100,
            round(100 * effectiveness.DEFAULT_WEIGHTS[c.key]),
            5,
            key=f"w_{c.key}",
            container=cols[i],
            format="%d%%",
        )
        for i, c in enumerate(effectiveness.COMPONENTS)
    }
    return effectiveness.normalise_weights(raw) if any(raw.values()) else None


def index_columns() -> dict:
    """Headers and formats of the index table's own columns."""
    return {
        "index": formats.number("Index", "Partnership Effectiveness Index (0–100)"),
        "coverage": formats.percent(
            "Coverage", "Share of the weights whose component has a figure (100% = nothing left out)"
        ),
        **{
            k: formats.number(INDEX_HEADERS[k], f"{effectiveness.NAMES[k]} (0–100)")
            for k in effectiveness.KEYS
        },
        "missing": st.column_config.TextColumn("Left out (why)"),
    }


def funnel_figure(
    data: tuple[pd.DataFrame, pd.DataFrame, float], target: float, label: str, title: str, average_of: str
) -> go.Figure:
    points, limits, overall = data
    return charts.funnel(points, limits, overall, target, label, title, average_of)
