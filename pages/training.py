"""Partnership training: is it timely (completion, on time, overdue) and effective (scores, levels)?

URL state: the shared filters, ``asof`` (a quarter, figures as of its last day), ``by`` (breakdown),
``rate`` (heatmap measure) and ``outcome`` (level or movement in the scatter).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lmp_metrics import training
from lmp_metrics.charts import training as charts
from lmp_metrics.database import Database
from lmp_metrics.filters import HIERARCHY_LABELS, Filters
from lmp_metrics.overview import versus
from lmp_metrics.privacy import suppressed_label
from lmp_metrics.quarters import parse_quarter, quarter_end, quarter_label, shift_quarters
from lmp_metrics.settings import min_group_size
from ui import formats, urlstate
from ui.auth import require_access
from ui.data import cached
from ui.filters import sidebar_filters
from ui.layout import chart, empty_state, footer, page_header
from ui.sections import table_with_csv

LABELS = {**HIERARCHY_LABELS, "role": "Role", "labor_group": "Labor group", "course": "Course"}
RATE_COLUMNS = ["people", *training.COUNT_COLUMNS, *training.RATE_COLUMNS]

page_header(
    "Partnership training",
    "Do employees and managers get timely and effective training to partner? Completion, on-time and "
    "overdue training by course, role, labor group and hierarchy, and whether training goes with UBT levels.",
)
filters = sidebar_filters()
access = require_access()
# Figures "as of" a quarter do not depend on the chosen range: they are cached on the scope alone
# (every quarter) and cut to the range, so moving the range slider reuses them. Each chart is cached
# with its figure (as a dict) on small arguments, so a rerun hashes no DataFrame.
scope = filters.narrowed(first_quarter=None, last_quarter=None)
every_quarter = tuple(cached(training.training_quarters, scope))
quarters = tuple(
    q
    for q in every_quarter
    if (filters.first_quarter is None or q >= filters.first_quarter)
    and (filters.last_quarter is None or q <= filters.last_quarter)
)


def scope_rates(scope: Filters, by: str) -> pd.DataFrame:
    """``protected_rates`` over every quarter (the scope has no range), cached once per scope and breakdown."""
    return cached(training.protected_rates, scope, by)


def in_range(frame: pd.DataFrame, first: date, last: date) -> pd.DataFrame:
    return frame[(frame["quarter"] >= first) & (frame["quarter"] <= last)]


def figure(spec: dict) -> go.Figure:
    return go.Figure(spec, _validate=False)  # checked when it was built


def training_trend_chart(db: Database, scope: Filters, first: date, last: date) -> dict:
    overall = cached(training.training_rates, scope, "national")
    return charts.rates_trend_figure(in_range(overall, first, last), "all teams in the filters").to_dict()


def training_groups_view(
    db: Database, scope: Filters, by: str, quarter: date
) -> tuple[dict, dict, pd.DataFrame, str]:
    """Figures by group as of the quarter: rates, overdue (by age where ages are kept), the table
    and its CSV."""
    rates = scope_rates(scope, by)
    current = rates[rates["quarter"] == quarter]
    label, as_of = LABELS[by], f"{quarter_end(quarter):%d %b %Y}"
    bars = charts.rates_by_group_figure(current, label, as_of)
    if by in training.COURSE_BREAKDOWNS:
        overdue = charts.overdue_figure(cached(training.protected_overdue, scope, by, quarter), label, as_of)
    else:
        overdue = charts.overdue_totals_figure(current, label, as_of)
    download = training.labelled_for_download(current.drop(columns="quarter"), RATE_COLUMNS)
    return bars.to_dict(), overdue.to_dict(), download, download.to_csv(index=False)


def training_heatmap_chart(
    db: Database,
    scope: Filters,
    by: str,
    first: date,
    last: date,
    rate: str,
) -> dict:
    rates = in_range(scope_rates(scope, by), first, last)
    return charts.rate_heatmap(rates, rate, LABELS[by]).to_dict()


def training_times_chart(db: Database, filters: Filters, period: str) -> dict:
    return charts.completion_time_figure(training.completion_times(db, filters), period).to_dict()


def training_scores_chart(db: Database, filters: Filters, by: str, period: str) -> dict:
    return charts.scores_figure(training.protected_scores(db, filters, by), LABELS[by], period).to_dict()


def training_levels_view(
    db: Database, scope: Filters, quarter: date, outcome: str, draw: bool
) -> tuple[dict | None, dict[str, float]]:
    """The team scatter (when drawn) and the fitted line of the outcome on on-time training."""
    teams = cached(training.team_training_levels, scope, quarter)
    fit = training.level_association(teams, outcome)
    if not draw:
        return None, fit
    return charts.training_level_scatter(teams, outcome, fit, quarter_label(quarter)).to_dict(), fit


if not quarters:
    empty_state("No training assignments in the selected quarters. Widen the quarter range or load data.")
    footer()
    st.stop()

# -- controls (kept in the URL) -------------------------------------------------------------------
breakdowns = [b for b in training.BREAKDOWNS if b != "team" or access.can_see_team_rows()]
controls = st.columns([2, 2, 3])
wanted = urlstate.get_one("asof")
try:
    default_quarter = parse_quarter(wanted) if wanted else quarters[-1]
except ValueError:
    default_quarter = quarters[-1]
quarter = controls[0].selectbox(
    "As of",
    quarters[::-1],
    index=quarters[::-1].index(default_quarter) if default_quarter in quarters else 0,
    format_func=lambda q: f"{quarter_end(q):%d %b %Y} (end of {quarter_label(q)})",
    key="training_asof",
    help="Training figures are kept by quarter: pick the quarter whose last day you want.",
)
by = urlstate.url_selectbox(
    "by",
    "Break down by",
    breakdowns,
    "region",
    key="training_by",
    container=controls[1],
    format_func=LABELS.get,
)
urlstate.set_value("asof", quarter_label(quarter).replace(" ", "-"))
as_of = f"{quarter_end(quarter):%d %b %Y}"
group_label = LABELS[by]
period = f"{quarter_label(quarters[0])} – {quarter_label(quarters[-1])}"
controls[2].caption(
    f"Completion: done by the date ÷ assigned by then. On time: done by the due date ÷ due by then. "
    f"Overdue: past due and not done. Groups of fewer than {min_group_size()} people are shown as "
    f"*{suppressed_label()}*, never as numbers."
)

# -- headline cards -------------------------------------------------------------------------------
previous = shift_quarters(quarter, -1)
cards = cached(training.training_rates, scope, "national", (previous, quarter))
now = cards[cards["quarter"] == quarter]
before = cards[cards["quarter"] == previous]
columns = st.columns(4)
for column, (key, label, kind) in zip(
    columns,
    [
        ("completion_rate", "Completion rate", "rate"),
        ("on_time_rate", "On-time rate", "rate"),
        ("overdue", "Overdue assignments", "count"),
        ("people", "People with assignments", "count"),
    ],
    strict=True,
):
    value = now[key].iloc[0] if len(now) else float("nan")
    prior = before[key].iloc[0] if len(before) else float("nan")
    hidden = bool(now["suppressed"].iloc[0]) if len(now) else False
    if hidden or value != value:
        column.metric(
            label, "suppressed" if hidden else "—", help=suppressed_label() if hidden else None, border=True
        )
        continue
    text = f"{100 * value:.1f}%" if kind == "rate" else f"{value:,.0f}"
    delta = None
    if prior == prior:
        delta = f"{100 * (value - prior):+.1f} pts" if kind == "rate" else f"{value - prior:+,.0f}"
    column.metric(
        label,
        text,
        delta,
        delta_color="inverse" if key == "overdue" else "normal",
        delta_description=versus(previous),
        border=True,
    )
chart(figure(cached(training_trend_chart, scope, quarters[0], quarters[-1])), key="training_trend")

# -- by group ------------------------------------------------------------------------------------
st.subheader(f"By {group_label.lower()}, as of {as_of}")
bars, overdue, download, csv = cached(training_groups_view, scope, by, quarter)
chart(figure(bars), key="training_groups")


@st.fragment
def heatmap_section() -> None:
    """The rate control changes only the heatmap: it reruns this part alone."""
    rate = (
        st.segmented_control(
            "Trend of",
            list(charts.RATE_LABELS),
            default=urlstate.get_one("rate", "on_time_rate")
            if urlstate.get_one("rate") in charts.RATE_LABELS
            else "on_time_rate",
            format_func=charts.RATE_LABELS.get,
            key="training_rate",
        )
        or "on_time_rate"
    )
    urlstate.set_value("rate", rate)
    heatmap = cached(training_heatmap_chart, scope, by, quarters[0], quarters[-1], rate)
    chart(figure(heatmap), key="training_heatmap")


heatmap_section()
with st.expander(f"Table: training by {group_label.lower()}, as of {as_of}"):
    table_with_csv(
        download,
        "training_table",
        f"training_by_{by}_{quarter_label(quarter).replace(' ', '')}.csv",
        export=csv,
        column_config={
            "group": st.column_config.TextColumn(group_label),
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

# -- overdue -------------------------------------------------------------------------------------
st.subheader(f"Overdue training by {group_label.lower()}, as of {as_of}")
chart(figure(overdue), key="training_overdue")
if by in training.COURSE_BREAKDOWNS:
    st.caption(
        "Counts of assignments, never names. Age: quarters between the quarter an assignment fell due "
        "and this one. Most overdue groups first."
    )
else:
    st.caption("Counts of assignments, never names. Ages are kept by course and hierarchy only.")

# -- time to complete -----------------------------------------------------------------------------
st.subheader("Time to complete")
chart(figure(cached(training_times_chart, filters, period)), key="training_times")
st.caption(f"Completions in {period}, by days taken; the due window is each course's `due_within_days`.")

# -- effectiveness --------------------------------------------------------------------------------
st.subheader("Does the training pay off?")
left, right = st.columns(2)
with left:
    chart(figure(cached(training_scores_chart, filters, "course", period)), key="training_scores_course")
with right:
    chart(figure(cached(training_scores_chart, filters, by, period)), key="training_scores_group")
st.caption(
    f"Scores count only when a group has at least {min_group_size()} people and {min_group_size()} "
    "assessments in the quarters chosen."
)


@st.fragment
def levels_section() -> None:
    """The outcome control changes only the scatter and its caption: it reruns this part alone."""
    outcomes = {"level": "UBT level", "movement": "Level movement (vs four quarters earlier)"}
    outcome = (
        st.segmented_control(
            "Compare training with",
            list(outcomes),
            default=urlstate.get_one("outcome") if urlstate.get_one("outcome") in outcomes else "level",
            format_func=outcomes.get,
            key="training_outcome",
        )
        or "level"
    )
    urlstate.set_value("outcome", outcome)
    scatter, fit = cached(training_levels_view, scope, quarter, outcome, access.can_see_team_rows())
    if scatter is not None:
        chart(figure(scatter), key="training_scatter")
    else:
        st.info("Team-by-team points are outside your access; the summary below covers every team in scope.")
    slope = (
        "too few teams to fit a line"
        if fit["r"] != fit["r"]
        else (
            f"the trend line rises {fit['slope'] / 10:+.2f} {'levels' if outcome == 'level' else 'levels of movement'} "
            f"per 10 percentage points of on-time training (r = {fit['r']:+.2f})"
        )
    )
    st.caption(
        f"{fit['teams']:,} teams assessed in {quarter_label(quarter)} with at least {min_group_size()} members "
        f"who had a co-lead or partnership course due in the year to {as_of}; {fit['left_out']:,} teams left out "
        f"(fewer members, or no {'level' if outcome == 'level' else 'movement'}). Across teams, {slope}. This is "
        "an **association, not a cause**: teams that train on time may differ in leadership, staffing or "
        "sponsorship, and stronger teams may simply find time for training."
    )


levels_section()
footer()
