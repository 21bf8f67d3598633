"""Sections of the training page: controls, headline cards, group table, heatmap and levels fragments.

Charts are cached together with their figure (as a dict) on small arguments — the scope (filters
without the quarter range), the breakdown, the as-of quarter and the quarter range (a ``QuarterRange``) —
so a rerun hashes no DataFrame. Figures "as of" a quarter do not depend on the range: they are cached
on the scope alone and cut to the range. Widget keys and URL parameters are the page's
(see ``pages/training.py``).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.charts import training as charts
from lmp_metrics.core.settings import min_group_size
from lmp_metrics.metrics import training
from lmp_metrics.metrics.events import scope_events
from lmp_metrics.views import training as views
from lmp_metrics.views.overview import breakdown_below
from lmp_metrics.vocabulary.hierarchy import labels
from lmp_metrics.vocabulary.quarters import (
    QuarterRange,
    parse_quarter,
    quarter_end,
    quarter_label,
    shift_quarters,
)
from ui import formats, urlstate
from ui.auth import require_access
from ui.cards import headline_row
from ui.layout import cached_figure, chart
from ui.reads import cached, derived, query
from ui.sections import table_with_csv

LABELS = {**labels(), "role": "Role", "labor_group": "Labor group", "course": "Course"}
RATE_COLUMNS = ["people", *training.COUNT_COLUMNS, *training.RATE_COLUMNS]
OUTCOMES = {"level": "UBT level", "movement": "Level movement (vs four quarters earlier)"}


def quarters_with_training(filters: Filters) -> tuple[date, ...]:
    """Quarters with training in the filters' range, cut from the scope's quarters (no query per range)."""
    return tuple(filters.quarters.among(cached(training.training_quarters, filters.without_range())))


def as_of_text(quarter: date) -> str:
    return f"{quarter_end(quarter):%d %b %Y}"


# -- figures and tables (figures drawn through ui.layout.cached_figure) ---------------------------
def _scope_rates(scope: Filters, by: str) -> pd.DataFrame:
    """``training_rates`` over every quarter (the scope has no range), cached once per scope and breakdown."""
    return cached(training.training_rates, scope, by)


def _current(scope: Filters, by: str, quarter: date) -> pd.DataFrame:
    rates = _scope_rates(scope, by)
    return rates[rates["quarter"] == quarter]


def trend_figure(scope: Filters, span: QuarterRange) -> go.Figure:
    overall = cached(training.training_rates, scope, "national")
    events = cached(scope_events, scope, span.first, quarter_end(span.last))
    return charts.rates_trend_figure(span.cut(overall), "all teams in the filters", events)


def groups_figure(scope: Filters, by: str, quarter: date) -> go.Figure:
    """Rates by group as of the quarter."""
    return charts.rates_by_group_figure(_current(scope, by, quarter), LABELS[by], as_of_text(quarter))


def overdue_figure(scope: Filters, by: str, quarter: date) -> go.Figure:
    """Overdue by group as of the quarter, by age where ages are kept (course and hierarchy breakdowns)."""
    label, as_of = LABELS[by], as_of_text(quarter)
    if by in training.COURSE_BREAKDOWNS:
        return charts.overdue_figure(cached(training.overdue_by_age, scope, by, quarter), label, as_of)
    return charts.overdue_totals_figure(_current(scope, by, quarter), label, as_of)


def group_download(scope: Filters, by: str, quarter: date) -> pd.DataFrame:
    """Rates by group as of the quarter as shown and downloaded: suppressed rows say why."""
    return views.labelled_for_download(_current(scope, by, quarter).drop(columns="quarter"), RATE_COLUMNS)


def heatmap_figure(scope: Filters, by: str, span: QuarterRange, rate: str) -> go.Figure:
    return charts.rate_heatmap(span.cut(_scope_rates(scope, by)), rate, LABELS[by])


def scatter_figure(teams: pd.DataFrame, outcome: str, quarter: date) -> go.Figure:
    """Teams' on-time training against the outcome, with the fitted line."""
    fit = training.level_association(teams, outcome)
    return charts.training_level_scatter(teams, outcome, fit, quarter_label(quarter))


# -- sections ------------------------------------------------------------------------------------
def controls(quarters: tuple[date, ...]) -> tuple[date, str]:
    """The as-of quarter and the breakdown, kept in the URL (``asof``, ``by``), with the definitions."""
    breakdowns = [b for b in training.BREAKDOWNS if b != "team" or require_access().can_see_team_rows()]
    left, middle, right = st.columns([2, 2, 3])
    wanted = urlstate.get_one("asof")
    try:
        default = parse_quarter(wanted) if wanted else quarters[-1]
    except ValueError:
        default = quarters[-1]
    newest_first = quarters[::-1]
    quarter = left.selectbox(
        "As of",
        newest_first,
        index=newest_first.index(default) if default in quarters else 0,
        format_func=lambda q: f"{quarter_end(q):%d %b %Y} (end of {quarter_label(q)})",
        key="training_asof",
        help="Training figures are kept by quarter: pick the quarter whose last day you want.",
    )
    below = breakdown_below(require_access().scope)  # a regional leader starts by service area
    by = urlstate.url_selectbox(
        "by",
        "Break down by",
        breakdowns,
        below if below in breakdowns else "region",
        key="training_by",
        container=middle,
        format_func=LABELS.get,
    )
    urlstate.set_value("asof", quarter_label(quarter).replace(" ", "-"))
    right.caption(
        f"Completion: done by the date ÷ assigned by then. On time: done by the due date ÷ due by then. "
        f"Overdue: past due and not done. Groups of fewer than {min_group_size()} people, and groups that "
        f"would reveal one by subtraction, are shown as *{suppressed_label()}*, never as numbers."
    )
    return quarter, by


def headline_cards(scope: Filters, quarter: date) -> None:
    """The scope's figures as of the quarter, with the change since the quarter before."""
    rates = cached(training.training_rates, scope, "national", (shift_quarters(quarter, -1), quarter))
    headline_row(views.headline_cards(rates, quarter))


@st.fragment
def heatmap_section(scope: Filters, by: str, span: QuarterRange) -> None:
    """The rate control changes only the heatmap: it reruns this part alone (URL ``rate``)."""
    rate = urlstate.url_segmented_control(
        "rate",
        "Trend of",
        list(charts.RATE_LABELS),
        "on_time_rate",
        key="training_rate",
        format_func=charts.RATE_LABELS.get,
    )
    chart(cached_figure(heatmap_figure, scope, by, span, rate), key="training_heatmap")


def group_table(scope: Filters, by: str, quarter: date) -> None:
    """Rates by group as of the quarter, suppressed rows explained, with its CSV."""
    label = LABELS[by]
    download = derived(group_download, scope, by, quarter)
    with st.expander(f"Table: training by {label.lower()}, as of {as_of_text(quarter)}"):
        table_with_csv(
            download,
            "training_table",
            f"training_by_{by}_{quarter_label(quarter).replace(' ', '')}.csv",
            column_config={
                "group": st.column_config.TextColumn(label),
                "people": formats.count("People", "People with assignments"),
                "assigned": formats.count("Assigned", "Assignments made by the date"),
                "completed": formats.count("Done", "Assignments completed by the date"),
                "due": formats.count("Due", "Assignments due by the date"),
                "on_time": formats.count("Done on time", "Due assignments completed by their due date"),
                "overdue": formats.count("Overdue", "Past due and not completed"),
                "completion_rate": formats.percent("Completion", "Done ÷ assigned"),
                "on_time_rate": formats.percent("On time", "Done on time ÷ due"),
                "note": st.column_config.TextColumn("Note", help="Why a row shows no figures"),
            },
        )


@st.fragment
def levels_section(scope: Filters, quarter: date) -> None:
    """The outcome control changes only the scatter and its caption: it reruns this part alone
    (URL ``outcome``)."""
    outcome = urlstate.url_segmented_control(
        "outcome",
        "Compare training with",
        list(OUTCOMES),
        "level",
        key="training_outcome",
        format_func=OUTCOMES.get,
    )
    teams = query(training.team_training_levels, scope, quarter)
    if require_access().can_see_team_rows():
        chart(cached_figure(scatter_figure, teams, outcome, quarter), key="training_scatter")
    else:
        st.info("Team-by-team points are outside your access; the summary below covers every team in scope.")
    st.caption(association_text(training.level_association(teams.result(), outcome), outcome, quarter))


def association_text(fit: dict[str, float], outcome: str, quarter: date) -> str:
    """What the scatter shows, who is left out, and why it is an association, not a cause."""
    moved = outcome != "level"
    slope = (
        "too few teams to fit a line"
        if fit["r"] != fit["r"]
        else (
            f"the trend line rises {fit['slope'] / 10:+.2f} {'levels of movement' if moved else 'levels'} "
            f"per 10 percentage points of on-time training (r = {fit['r']:+.2f})"
        )
    )
    return (
        f"{fit['teams']:,} teams assessed in {quarter_label(quarter)} with at least {min_group_size()} members "
        f"who had a co-lead or partnership course due in the year to {as_of_text(quarter)}; "
        f"{fit['left_out']:,} teams left out (fewer members, or no {'movement' if moved else 'level'}). "
        f"Across teams, {slope}. This is an **association, not a cause**: teams that train on time may "
        "differ in leadership, staffing or sponsorship, and stronger teams may simply find time for training."
    )
