"""Sections of the overview page: what it shows, breadcrumb, headline cards, child groups, links.

Each section takes an ``OverviewView`` (``lmp_metrics.views.overview``); the analysis tabs are in
``ui.overview_tabs``. Widget keys and URL parameters are the page's (see ``pages/overview.py``).
"""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from lmp_metrics.access.filters import Filters
from lmp_metrics.charts import overview as charts
from lmp_metrics.core.settings import setting
from lmp_metrics.metrics import report
from lmp_metrics.views import overview as ov
from lmp_metrics.views.overview import DrillPath, OverviewView
from lmp_metrics.views.report import to_csv
from lmp_metrics.vocabulary.hierarchy import NATION, level
from lmp_metrics.vocabulary.measures import OVERVIEW
from lmp_metrics.vocabulary.quarters import quarter_label
from ui import formats, urlstate
from ui.cards import headline_row
from ui.layout import cached_figure, chart, empty_state, page_link, table
from ui.reads import cached, query
from ui.sections import csv_download


def overview_view(filters: Filters, assessed: list[date], team_rows: bool, home: DrillPath) -> OverviewView:
    """The drill path from the URL (cut to what exists) over the filters, at the range's last
    quarter; ``assessed``: every assessed quarter (some must lie in the range); never above
    ``home``, the caller's own scope (see ``ov.home_path``)."""
    # Every query names its quarters, so the scope leaves the range out: moving the range start
    # then reuses cached results (cards slice one all-quarters table; children use the last quarter).
    teams = filters.without_range()
    path = cached(ov.valid_path, teams, DrillPath.from_params(urlstate.get_one))
    path = path if path.starts_with(home) else home
    return OverviewView(
        path=path,
        scope=path.scope(teams),
        quarters=filters.quarters.among(assessed),
        history=filters.quarters.up_to_last().among(assessed),
        team_rows=team_rows,
        target=float(setting("high_performing_target")),
    )


def number_columns(label: str) -> dict:
    """Short table headers (full wording in each help) and the charts' number formats."""
    by_unit = {"level": partial(formats.number, decimals=2), "teams": formats.count}
    return {
        "label": st.column_config.TextColumn(label),
        "compared_teams": formats.count("Compared", "Teams assessed now and four quarters earlier"),
        "training": st.column_config.TextColumn("Note", help="Why a training figure is not shown"),
        **{
            k: (formats.percent if m.is_share else by_unit[m.unit])(m.table_header, m.axis_title)
            for k, m in OVERVIEW.items()
        },
    }


def go_to(target: DrillPath) -> None:
    """Put a drill path into the URL (the page then reruns at that level)."""
    for name, value in target.to_params().items():
        urlstate.set_value(name, value)


def breadcrumb(path: DrillPath, home: DrillPath) -> None:
    """Nation › region › …: each step a button back to that level; the current one and those above
    the caller's own scope (``home``) disabled."""
    with st.container(horizontal=True, vertical_alignment="center", gap=None):
        for depth, (label, target) in enumerate(path.crumbs()):
            st.button(
                label,
                key=f"crumb_{depth}",
                type="tertiary",
                icon=":material/chevron_right:" if depth else ":material/public:",
                disabled=depth == len(path.steps) or depth < len(home.steps),
                on_click=go_to,
                args=(target,),
            )


def headline_cards(view: OverviewView) -> None:
    """Four cards a row: value, change vs the previous quarter, sparkline, change over a year."""
    totals = cached(report.group_table, view.scope, "national", view.history)
    headline_row(ov.headline_cards(totals, view.quarter, view.quarters))


def measure_choice(param: str, label: str) -> str:
    """A measure of ``OVERVIEW`` chosen in a narrow selectbox, kept in the URL parameter ``param``
    (left out at the default, the high-performing share)."""
    return urlstate.url_selectbox(
        param,
        label,
        list(OVERVIEW),
        "high_performing_share",
        key=param,
        container=st.columns([1, 2])[0],
        drop_default=True,
        format_func=lambda k: OVERVIEW[k].short,
    )


def children(view: OverviewView) -> None:
    """The child groups compared on one measure: bars and a table, either clicked to drill down
    (teams open their scorecard), and the table's CSV."""
    if view.hides_teams:
        empty_state("Team-level rows are outside your access; the figures above cover this department.")
        return
    measure_key = measure_choice("measure", "Compare by")
    scope, child, quarter = view.scope, view.child, view.quarter
    kids = cached(report.report_table, scope, child, quarter, tuple(report.EXTENDED_COLUMNS))
    kids_query = query(report.report_table, scope, child, quarter, tuple(report.EXTENDED_COLUMNS))
    figure = cached_figure(
        charts.children_bars, kids_query, measure_key, level(child).label, view.where, view.target
    )
    bars = chart(
        figure,
        key=f"bars_{view.key}_{measure_key}",
        on_select="rerun",
        selection_mode="points",
    )
    columns = number_columns(level(child).label)
    rows = table(
        formats.as_shown(ov.child_rows(kids), columns),
        key=f"rows_{view.key}",
        on_select="rerun",
        selection_mode="single-row",
        column_config=columns,
        placeholder="–",
    )
    picked = [p["customdata"][0] for p in bars.selection.points] + [
        kids["group"].iloc[r] for r in rows.selection.rows
    ]
    if picked and view.path.can_drill:
        go_to(view.path.down(picked[0]))
        st.rerun()
    if picked:
        name = kids.set_index("group").at[picked[0], "label"]
        page_link("scorecard", f"Open the scorecard of {name}", ":material/badge:", team=picked[0])
    period = quarter_label(quarter)
    csv_download(
        to_csv(kids),
        f"overview_{child}_{period.replace(' ', '')}.csv",
        f"rows_{view.key}_csv",
        f"Download this table (CSV, {period})",
    )
    st.caption(ov.movement_note())


def children_title(view: OverviewView) -> str:
    """'Facilities in Denver', 'Regions in the nation'."""
    where = view.path.steps[-1][1] if view.path.steps else f"the {NATION.label.lower()}"
    return f"{level(view.child).plural} in {where}"


def go_deeper() -> None:
    """Links to the pages that explain the overview's measures."""
    links = st.columns(3)
    with links[0]:
        page_link("projects", "Replicate success: the project library", ":material/library_books:")
    with links[1]:
        page_link("just_culture", "Just Culture: speaking up and learning", ":material/record_voice_over:")
    with links[2]:
        page_link("training", "Timely and effective training", ":material/school:")
