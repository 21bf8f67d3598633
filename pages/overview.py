"""Partnership overview: levels, movement and training above the team level, with drill-down.

URL state: the shared filters, ``drill_region`` … ``drill_department`` (the drill path),
``measure`` (the measure compared across groups) and ``view`` (the open analysis tab).
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from lmp_metrics import catalog, effectiveness, levels, report
from lmp_metrics import overview as ov
from lmp_metrics.charts import overview as charts
from lmp_metrics.charts.overview import MEASURES
from lmp_metrics.filters import HIERARCHY_LABELS
from lmp_metrics.overview import (
    INDEX_HEADERS,
    PLURALS,
    DrillPath,
    card_quarters,
    child_levels_below,
    headline_cards,
    valid_path,
    versus,
)
from lmp_metrics.privacy import suppressed_label
from lmp_metrics.quarters import quarter_label
from lmp_metrics.settings import setting
from ui import formats, urlstate
from ui.auth import require_access
from ui.data import cached
from ui.filters import sidebar_filters
from ui.layout import chart, empty_state, footer, page_header, page_link, table

page_header(
    "Partnership overview",
    "How is partnership working above the team level? Levels, movement and training for the nation, "
    "each region, service area, facility and department, quarter by quarter. Click a bar or row to drill down.",
)
filters = sidebar_filters()
access = require_access()
range_quarters = cached(effectiveness.quarters_in_range, filters)
if not range_quarters:
    empty_state("No team assessments in the selected quarters. Widen the quarter range or load data.")
    footer()
    st.stop()

TARGET = float(setting("high_performing_target"))
quarter = range_quarters[-1]
# Every query below names its quarters, so the scope leaves the range out: moving the range start
# then reuses cached results (cards slice one all-quarters table; children use the last quarter).
teams = filters.narrowed(first_quarter=None, last_quarter=None)
path = cached(valid_path, teams, DrillPath.from_params(urlstate.get_one))
scope, child = path.scope(teams), path.child_level
up_to_quarter = [q for q in cached(catalog.quarters) if q <= quarter]
child_label = HIERARCHY_LABELS[child]
team_rows = access.can_see_team_rows()
where = f"{path.title} · {quarter_label(quarter)}"
key = "_".join(v for _, v in path.steps) or "nation"  # widget keys change with the drill level


def number_columns(label: str) -> dict:
    """Short table headers (full wording in each help) and the charts' number formats."""
    by_kind = {"share": formats.percent, "level": partial(formats.number, decimals=2), "count": formats.count}
    return {
        "label": st.column_config.TextColumn(label),
        "compared_teams": formats.count("Compared", "Teams assessed now and four quarters earlier"),
        "training": st.column_config.TextColumn("Note", help="Why a training figure is not shown"),
        **{k: by_kind[m.kind](m.header, m.axis) for k, m in MEASURES.items()},
    }


def go_to(target: DrillPath) -> None:
    """Put a drill path into the URL (the page then reruns at that level)."""
    for name, value in target.to_params().items():
        urlstate.set_value(name, value)


with st.container(horizontal=True, vertical_alignment="center", gap=None):
    for depth, (label, target) in enumerate(path.crumbs()):
        st.button(
            label,
            key=f"crumb_{depth}",
            type="tertiary",
            icon=":material/chevron_right:" if depth else ":material/public:",
            disabled=depth == len(path.steps),
            on_click=go_to,
            args=(target,),
        )

# -- headline cards -------------------------------------------------------------------------------
st.subheader(where)
totals = cached(report.group_table, scope, "national", up_to_quarter)
_, previous, year_ago = card_quarters(quarter)
columns = st.columns(4)
for i, card in enumerate(headline_cards(totals, quarter, range_quarters)):
    measure = MEASURES[card.key]
    with columns[i % 4]:
        st.metric(
            card.label,
            card.value,
            card.vs_previous,
            delta_color=card.delta_color,
            delta_arrow="auto" if card.change else "off",
            delta_description=versus(previous),
            help=f"{measure.axis}. {card.note}".strip(". ") if card.note else measure.axis,
            chart_data=card.trend or None,
            border=True,
        )
        st.caption(
            f"A year ago ({quarter_label(year_ago)}): {card.vs_year_ago or 'no figure'}"
            + (f" · {card.note}" if card.note else "")
        )

# -- children: bars and table, both clickable -----------------------------------------------------
st.subheader(f"{PLURALS[child]} in {path.steps[-1][1] if path.steps else 'Nation'}")
if child == "team" and not team_rows:
    empty_state("Team-level rows are outside your access; the figures above cover this department.")
else:
    options = list(MEASURES)
    chosen = urlstate.get_one("measure", "high_performing_share")
    measure_key = st.columns([1, 2])[0].selectbox(
        "Compare by",
        options,
        index=options.index(chosen) if chosen in options else 0,
        format_func=lambda k: MEASURES[k].label,
        key="measure",
    )
    urlstate.set_value("measure", None if measure_key == "high_performing_share" else measure_key)
    kids = cached(report.report_table, scope, child, quarter, report.EXTENDED_COLUMNS)
    bars = chart(
        charts.from_dict(cached(ov.children_figure, scope, child, quarter, measure_key, where, TARGET)),
        key=f"bars_{key}_{measure_key}",
        on_select="rerun",
        selection_mode="points",
    )
    rows = table(
        kids.assign(
            training=[suppressed_label() if s else "" for s in kids["training_suppressed"]],
        )[
            [
                "label",
                *report.REPORT_COLUMNS[1:],
                "training",
                "moved_up_share",
                "moved_down_share",
                "compared_teams",
            ]
        ],
        key=f"rows_{key}",
        on_select="rerun",
        selection_mode="single-row",
        column_config=number_columns(child_label),
        placeholder="–",
    )
    picked = [p["customdata"][0] for p in bars.selection.points] + [
        kids["group"].iloc[r] for r in rows.selection.rows
    ]
    if picked and path.can_drill:
        go_to(path.down(picked[0]))
        st.rerun()
    if picked:
        name = kids.set_index("group").at[picked[0], "label"]
        page_link("scorecard", f"Open the scorecard of {name}", ":material/badge:", team=picked[0])
    st.download_button(
        f"Download this table (CSV, {quarter_label(quarter)})",
        report.to_csv(kids),
        file_name=f"overview_{child}_{quarter_label(quarter).replace(' ', '')}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    st.caption(
        "Moved up / moved down: share of the assessed teams that also had a level four quarters earlier "
        "(the compared teams); teams without a level a year earlier are left out of that share. "
        f"Training figures about fewer than {setting('min_group_size')} people are suppressed."
    )


# -- analyses, one tab at a time (only the open tab runs and is drawn; its name is in the URL) -------
def dimensions() -> None:
    chart(charts.from_dict(cached(ov.dimensions_figure, scope, [year_ago, quarter], where)), key="dimensions")


def level_mix() -> None:
    chart(
        charts.from_dict(cached(ov.level_mix_figure, scope, range_quarters, TARGET, path.title)),
        key="level_mix",
    )


@st.fragment
def heatmap() -> None:
    below = child_levels_below(path, team_rows)[:1] or ["department"]
    measure = st.columns([1, 2])[0].selectbox(
        "Heatmap measure", list(MEASURES), format_func=lambda k: MEASURES[k].label, key="heat_measure"
    )
    chart(
        charts.from_dict(cached(ov.heatmap_figure, scope, below[0], range_quarters, measure, path.title)),
        key="heatmap",
    )


@st.fragment
def transitions() -> None:
    quarters = up_to_quarter
    left, right = st.columns(2)
    start = left.selectbox(
        "From quarter", quarters, index=max(0, len(quarters) - 5), format_func=quarter_label, key="tq_from"
    )
    end = right.selectbox(
        "To quarter", quarters, index=len(quarters) - 1, format_func=quarter_label, key="tq_to"
    )
    chart(charts.from_dict(cached(ov.transitions_figure, scope, start, end, path.title)), key="transitions")


@st.fragment
def funnel() -> None:
    groupings = [g for g in child_levels_below(path, team_rows) if g != "team"]
    if not groupings:
        empty_state("A funnel plot compares several groups of teams; go up a level to compare departments.")
        return
    by = st.columns([1, 2])[0].selectbox(
        "Funnel: compare",
        groupings,
        index=groupings.index("facility") if "facility" in groupings else 0,
        format_func=lambda g: PLURALS[g].lower(),
        key="funnel_by",
    )
    points = cached(levels.funnel_data, scope, by, quarter)[0]
    chart(charts.from_dict(cached(ov.funnel_figure, scope, by, quarter, TARGET, where)), key="funnel")
    outside = points[points["position"].str.contains("99.8")]
    st.caption(
        "Points outside the dotted 99.8% limits differ from the overall share by more than chance would explain; "
        "inside the dashed 95% limits, differences are within what chance produces for groups of that size. "
        + (
            f"Outside 99.8% ({len(outside)}): {', '.join(outside['label'][:12])}"
            + (" and more (hover the points)." if len(outside) > 12 else ".")
            if len(outside)
            else "No group is outside the 99.8% limits."
        )
    )


# -- Partnership Effectiveness Index ---------------------------------------------------------------
@st.fragment
def index_section() -> None:
    st.caption(
        "One transparent 0–100 summary of four measures the partnership already keeps. Set the weights; "
        "the table shows every component and anything left out. See *How this is measured* below."
    )
    if child == "team" and not team_rows:
        empty_state("Team-level rows are outside your access.")
        return
    cols = st.columns(len(effectiveness.COMPONENTS))
    raw = {
        c.key: cols[i].slider(
            c.name,
            0,
            100,
            int(100 * effectiveness.DEFAULT_WEIGHTS[c.key]),
            5,
            key=f"w_{c.key}",
            format="%d%%",
        )
        for i, c in enumerate(effectiveness.COMPONENTS)
    }
    if not any(raw.values()):
        st.warning("Give at least one component a weight above zero.")
        return
    weights = effectiveness.normalise_weights(raw)
    st.caption(
        "Weights are scaled to add up to 100%: "
        + ", ".join(f"{effectiveness.NAMES[k]} {w:.0%}" for k, w in weights.items())
    )
    scored = cached(effectiveness.effectiveness_index, scope, child, [quarter], weights)
    chart(charts.from_dict(cached(ov.index_figure, scope, child, quarter, weights, where)), key="index")
    table(
        scored.sort_values("index", ascending=False)[
            ["label", "index", "coverage", *effectiveness.KEYS, "missing"]
        ],
        key="index_table",
        column_config=number_columns(child_label)
        | {
            "index": formats.number("Index", "Partnership Effectiveness Index (0–100)"),
            "coverage": formats.percent("Weight", "Share of the weights whose component has a figure"),
            **{
                k: formats.number(INDEX_HEADERS[k], f"{effectiveness.NAMES[k]} (0–100)")
                for k in effectiveness.KEYS
            },
            "missing": st.column_config.TextColumn("Left out (why)"),
        },
    )
    total = cached(effectiveness.effectiveness_index, scope, "national", [quarter], weights)
    with st.expander("How this is measured", icon=":material/balance:"):
        st.markdown(
            effectiveness.method_markdown(weights, total["survey_year"].iloc[0] if len(total) else None)
        )
        if len(total):
            st.markdown(
                "**Worked example:** "
                + effectiveness.worked_example(total.iloc[0].to_dict() | {"label": path.title}, weights)
            )


st.subheader(f"Trends and comparisons · {path.title}")
VIEWS = {
    "Levels over time": level_mix,
    "Heatmap": heatmap,
    "Transitions": transitions,
    "Funnel plot": funnel,
    "Dimensions": dimensions,
    "Effectiveness index": index_section,
}
for tab, draw in zip(st.tabs(list(VIEWS), key="view", bind="query-params"), VIEWS.values(), strict=True):
    if tab.open:
        with tab:
            draw()

st.subheader("Go deeper")
links = st.columns(3)
with links[0]:
    page_link("projects", "Replicate success: the project library", ":material/library_books:")
with links[1]:
    page_link("just_culture", "Just Culture: speaking up and learning", ":material/record_voice_over:")
with links[2]:
    page_link("training", "Timely and effective training", ":material/school:")
footer()
