"""Explorer: any measure, any breakdown, any quarters — answer a subgroup's question on the spot.

URL state (so a link or a saved view reopens the same picture): the shared filters plus
``measure``, ``by``, ``dim`` (dimension, for dimension scores) and ``chart``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.charts import png
from lmp_metrics.charts.explorer import CHART_TYPES, DEFAULT_CHART, explorer_figure
from lmp_metrics.core.settings import min_group_size, setting
from lmp_metrics.metrics import catalog, saved_views
from lmp_metrics.metrics.explorer import (
    BREAKDOWN_LABELS,
    DEFAULT_MEASURE,
    MEASURES,
    dimension_options,
    in_range,
    measure,
    measure_frame,
    whole_history,
)
from lmp_metrics.views import exports
from lmp_metrics.views.overview import breakdown_below
from lmp_metrics.views.tables import COLUMN_FORMATS, SUPPRESSED_CELL, period_pivot, shown_numbers
from ui import urlstate
from ui.auth import page_access
from ui.data import db_path
from ui.filters import sidebar_filters
from ui.inert import inert
from ui.layout import cached_figure, chart, empty_state, footer, meeting_mode, page_header, table
from ui.reads import cached, derived

PAGE = "explorer"
WIDGET_PREFIXES = ("filter_", "explorer_", "meeting_toggle")
VIEW_PARAMS = (*urlstate.FILTER_PARAMS, "measure", "by", "dim", "chart", "meeting")  # what a saved view keeps

access = page_access("explorer")
page_header(
    "Explorer",
    "Pick a measure, a breakdown and the quarters; narrow the teams in the sidebar. "
    "Save the view or copy its link to reopen it next session.",
)
filters = sidebar_filters()


def explorer_select(param: str, label: str, options: list[str], default: str, **kwargs: object) -> str:
    """A selectbox whose value lives in the URL parameter ``param``."""
    return urlstate.url_selectbox(param, label, options, default, key=f"explorer_{param}", **kwargs)


def reopen(query: dict[str, list[str]]) -> None:
    """Replace the URL with a saved view's and forget widget state so widgets read the URL again."""
    for key in [k for k in st.session_state if str(k).startswith(WIDGET_PREFIXES)]:
        del st.session_state[key]
    urlstate.replace_all(query)


# -- choices --------------------------------------------------------------------------------------
measure_column, breakdown_column, *rest = st.columns([3, 2, 2, 2])
with measure_column:
    key = explorer_select(
        "measure", "Measure", list(MEASURES), DEFAULT_MEASURE, format_func=lambda k: MEASURES[k].label
    )
chosen = measure(key)
allowed = [b for b in chosen.breakdowns if b != "team" or access.can_see_team_rows()]
default_by = breakdown_below(access.scope)  # a regional leader starts by service area
with breakdown_column:
    by = explorer_select(
        "by",
        "Breakdown",
        allowed,
        default_by if default_by in allowed else allowed[0],
        format_func=BREAKDOWN_LABELS.get,
    )
option = None
dimensions = cached(dimension_options) if key == "dimension_score" and by != "dimension" else []
if dimensions:
    with rest.pop(0):
        option = explorer_select("dim", "Dimension", dimensions, dimensions[0])
with rest[0]:
    chart_type = explorer_select(
        "chart", "Chart", list(CHART_TYPES), DEFAULT_CHART, format_func=CHART_TYPES.get
    )
st.caption(chosen.description)


# -- chart and table ------------------------------------------------------------------------------
def explorer_data(
    key: str, filters: Filters, by: str, option: str | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The measure frame in the filters' range and its group × period table. The frame is cut
    from the cached whole history, so moving the quarter range queries nothing."""
    chosen = measure(key)
    frame = in_range(cached(measure_frame, key, whole_history(filters), by, option), chosen, filters)
    return frame, period_pivot(frame, chosen, BREAKDOWN_LABELS[by])


def explorer_chart(key: str, filters: Filters, by: str, option: str | None, chart_type: str) -> go.Figure:
    """The chosen chart of that frame (cached apart from the frame, so another chart type reuses it)."""
    chosen, breakdown_label = measure(key), BREAKDOWN_LABELS[by]
    title = chosen.label if by == "national" else f"{chosen.label} by {breakdown_label.lower()}"
    target = float(setting("high_performing_target")) if key == "high_performing_share" else None
    context = exports.filter_summary(filters)
    frame, _ = derived(explorer_data, key, filters, by, option)
    return explorer_figure(frame, chosen, chart_type, title, breakdown_label, target, context=context)


frame, wide = derived(explorer_data, key, filters, by, option)
fig = cached_figure(explorer_chart, key, filters, by, option, chart_type)
summary = cached(catalog.data_summary)
breakdown_label = BREAKDOWN_LABELS[by]


def show_tables(nested: bool) -> None:
    """Group × period figures as the chart shows them, then the long table with bases and notes
    (in an expander unless the caller already is one: Streamlit does not nest expanders)."""
    if frame.empty:
        empty_state("No figures for these choices: widen the quarters or clear a filter.")
        return
    table(
        wide,
        key="explorer_pivot",
        column_config={
            breakdown_label: st.column_config.TextColumn(pinned=True),
            **{p: st.column_config.TextColumn(alignment="right") for p in wide.columns[1:]},
        },
    )
    if frame["suppressed"].any():
        st.caption(f"*{SUPPRESSED_CELL}*: fewer than {min_group_size()} people, so no figure is shown.")
    with st.expander(f"Figures with their {chosen.base_label}") if nested else st.container():
        show_long_table()


def show_long_table() -> None:
    """One row per group and period: value, what it rests on, and a note where suppressed.
    The raw value stays in the data (hidden); the shown column is scaled for its format."""
    shown = frame.assign(
        shown=shown_numbers(frame["value"], chosen.unit),
        note=frame["suppressed"].map({True: suppressed_label(), False: ""}),
    )
    table(
        shown[["label", "period_label", "value", "shown", "base", "note"]],
        key="explorer_table",
        height=min(38 + 35 * len(shown), 560),
        column_order=("label", "period_label", "shown", "base", "note"),
        column_config={
            "label": st.column_config.TextColumn(breakdown_label),
            "period_label": st.column_config.TextColumn("Survey year" if chosen.yearly else "Quarter"),
            "shown": st.column_config.NumberColumn(chosen.label, format=COLUMN_FORMATS[chosen.unit]),
            "base": st.column_config.NumberColumn(chosen.base_label.capitalize(), format="%d"),
            "note": st.column_config.TextColumn("Note"),
        },
    )


if meeting_mode():  # projector: the chart fills the screen; the numbers are one click away
    chart_tab, numbers_tab = st.tabs(["Chart", "Numbers"])
    with chart_tab:
        chart(fig, key="explorer_figure", fit_screen=True)
    with numbers_tab:
        show_tables(nested=False)
else:
    chart(fig, key="explorer_figure")  # the whole width: the legend sits under the plot
    show_tables(nested=True)

# -- exports --------------------------------------------------------------------------------------
lines = exports.describe_filters(filters, Measure=chosen.label, Breakdown=breakdown_label)
export_context = exports.ExportContext(
    fig.layout.title.text, lines, summary["last_quarter"], chosen.people_based
)


def table_file(writer: Callable[..., bytes], *extra: object) -> Callable[[], bytes]:
    """Deferred export of the table (built only when the button is clicked)."""
    return lambda: writer(exports.export_table(frame, chosen, breakdown_label), export_context, *extra)


stem = f"lmp_{key}_by_{by}"
with st.container(horizontal=True):
    st.download_button(
        "CSV",
        table_file(exports.to_csv),
        f"{stem}.csv",
        "text/csv",
        key="explorer_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    st.download_button(
        "Excel",
        table_file(exports.to_excel, chosen),
        f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="explorer_xlsx",
        icon=":material/download:",
        on_click="ignore",
    )
    st.download_button(
        "Chart (PNG)",
        partial(png.to_png, fig, export_context.footer()),
        f"{stem}.png",
        "image/png",
        key="explorer_png",
        icon=":material/image:",
        on_click="ignore",
    )

# -- link and saved views -------------------------------------------------------------------------
with st.expander("Share or save this view", icon=":material/bookmark:"):
    query = saved_views.encode_query(urlstate.carried_params(*VIEW_PARAMS))
    st.caption("The link to this view is at the bottom of the page; or save the view under a name:")
    if access.role in ("admin", "leader"):
        with st.form("explorer_save", clear_on_submit=True, border=False):
            name = st.text_input("Name", placeholder="e.g. Alliance teams in my region since 2022")
            if st.form_submit_button("Save view", icon=":material/save:"):
                try:
                    saved = saved_views.save_view(
                        db_path(), PAGE, name, saved_views.decode_query(query), access.identity
                    )
                    st.toast(f"Saved “{inert(saved)}”.", icon=":material/check:")
                except ValueError as error:
                    st.error(inert(error))
    views = cached(saved_views.list_views, PAGE)
    if views.empty:
        st.caption("No saved views yet.")
    for row in views.itertuples():
        opened = st.button(
            inert(row.name),
            key=f"explorer_view_{row.Index}",
            icon=":material/open_in_new:",
            type="tertiary",
            help=f"saved {row.saved_at:%Y-%m-%d %H:%M}"
            + (f" by {inert(row.saved_by)}" if row.saved_by else ""),
        )
        if opened:
            reopen(saved_views.decode_query(row.query))
            st.rerun()

footer()
