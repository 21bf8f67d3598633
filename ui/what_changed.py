"""Sections of the What changed page: quarter choice, the findings with their links, the method,
and On track? (projection, its fit, groups). Figures come from ``lmp_metrics.views``."""

from __future__ import annotations

from datetime import date

import streamlit as st

from lmp_metrics.access.filters import Filters
from lmp_metrics.briefing import FUNNELS, funnel_chart, projection_chart
from lmp_metrics.metrics import catalog
from lmp_metrics.metrics.projection import DEFAULT_WINDOW, WINDOWS
from lmp_metrics.views import on_track as track
from lmp_metrics.views.what_changed import Finding, method_note, what_changed
from lmp_metrics.vocabulary.measures import high_levels
from lmp_metrics.vocabulary.quarters import parse_quarter, quarter_label, shift_quarters
from ui import formats, urlstate
from ui.layout import cached_figure, chart, empty_state, page_link, table
from ui.reads import cached, query

PAGE_ICONS = {
    "overview": ":material/insights:",
    "training": ":material/school:",
    "just_culture": ":material/record_voice_over:",
    "scorecard": ":material/badge:",
}
TARGET_HORIZON = 20  # target quarters offered: up to five years after the last quarter


def _quarter_choice(
    param: str, label: str, options: list[date], default: date, key: str, container=st
) -> date:
    """A quarter chosen in a selectbox and kept in the URL as ``2026-Q3``."""
    labels = [quarter_label(q).replace(" ", "-") for q in options]
    picked = urlstate.url_selectbox(
        param,
        label,
        labels,
        quarter_label(default).replace(" ", "-"),
        key=key,
        container=container,
        format_func=lambda text: text.replace("-", " "),
    )
    return parse_quarter(picked)


def chosen_quarter(container=st) -> date | None:
    """The quarter the page reports on (URL ``quarter``; the latest assessed one by default)."""
    quarters = cached(catalog.quarters)
    if not quarters:
        return None
    return _quarter_choice("quarter", "Quarter", quarters[::-1], quarters[-1], "wc_quarter", container)


def findings(scope: Filters, quarter: date, team_rows: bool) -> None:
    """Needs attention, then going well: numbered sentences, each with its number and link; then
    how they were found, with the two funnels behind them."""
    result = cached(what_changed, scope, quarter, team_rows)
    st.subheader(f"Needs attention · {result.scope} · {quarter_label(result.quarter)}")
    if not result.concerns:
        empty_state(
            "Nothing stands out this quarter: no group outside the limits, no team fell, every team assessed."
        )
    for rank, finding in enumerate(result.concerns, start=1):
        _finding(rank, finding, f"c{rank}")
    st.subheader("Going well")
    if not result.gains:
        empty_state(
            "No significant gain this quarter (nothing above the adjusted limits, no significant rise)."
        )
    for rank, finding in enumerate(result.gains, start=1):
        _finding(rank, finding, f"g{rank}")
    # the funnels are drawn only while it is open (a closed expander would still draw them on every run)
    method = st.expander(
        "How exceptions are found", icon=":material/functions:", key="wc_method", on_change="rerun"
    )
    with method:
        st.markdown(method_note(result))
        if method.open:
            changed = query(what_changed, scope, quarter, team_rows)
            for column, which in zip(st.columns(2), FUNNELS, strict=True):
                with column:
                    chart(cached_figure(funnel_chart, changed, which), key=f"funnel_{which}")


def _finding(rank: int, finding: Finding, key: str) -> None:
    with st.container(border=True, key=f"finding_{key}"):
        place, number, text, link = st.columns([0.35, 1.3, 5.5, 1.5], vertical_alignment="center")
        place.markdown(f"**{rank}.**")
        number.markdown(f"**{finding.number}**  \n{finding.topic}")
        text.markdown(finding.sentence)
        with link:
            page_link(
                finding.link.page,
                finding.link.label,
                PAGE_ICONS.get(finding.link.page, ":material/open_in_new:"),
                **dict(finding.link.params),
            )


def on_track(filters: Filters, quarter: date, target: float) -> tuple[date, int]:
    """The projection of the scope's high-performing share, with its fit, chart and groups; returns
    the target quarter and window chosen."""
    st.subheader("On track?")
    left, right = st.columns(2)
    ahead = [shift_quarters(quarter, k) for k in range(1, TARGET_HORIZON + 1)]
    target_quarter = _quarter_choice("target", "Target quarter", ahead, ahead[7], "wc_target", left)
    window = urlstate.url_selectbox(
        "window",
        "Fit the trend on the last",
        [str(w) for w in WINDOWS],
        str(DEFAULT_WINDOW),
        key="wc_window",
        container=right,
        format_func=lambda w: f"{w} quarters",
    )
    view = cached(track.on_track_view, filters, quarter, target_quarter, target, int(window))
    if view.scope is None:
        empty_state("No assessments in the quarters the trend would be fitted on.")
        return target_quarter, int(window)
    st.markdown(track.summary(view.scope))
    projected = query(track.on_track_view, filters, quarter, target_quarter, target, int(window))
    chart(cached_figure(projection_chart, projected, target, target_quarter), key="projection")
    st.caption(track.CAPTION)
    rows = track.group_table(view)
    if len(rows):
        shares = (f"Level {high_levels()} now", "Projected", "Interval low", "Interval high")
        config = {c: formats.percent(c) for c in shares} | {
            "Trend (pts/q)": formats.number("Trend (pts/q)", decimals=2),
            "Up per quarter": formats.number(
                "Up per quarter", f"Net moves to level {high_levels()} needed each quarter"
            ),
            "Assessed teams": formats.count("Assessed teams"),
        }
        table(formats.as_shown(rows, config), key="on_track_groups", column_config=config)
    return target_quarter, int(window)
