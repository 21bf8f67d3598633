"""Partnership training: is it timely (completion, on time, overdue) and effective (scores, levels)?

URL state: the shared filters, ``asof`` (a quarter, figures as of its last day), ``by`` (breakdown),
``rate`` (heatmap measure) and ``outcome`` (level or movement in the scatter). Sections: ``ui.training``.
"""

from __future__ import annotations

import streamlit as st

from lmp_metrics.charts import training as charts
from lmp_metrics.core.settings import min_group_size
from lmp_metrics.metrics import training
from lmp_metrics.vocabulary.quarters import quarter_label
from ui import training as sections
from ui.auth import page_access
from ui.filters import sidebar_filters
from ui.layout import cached_figure, chart, empty_state, footer, page_header
from ui.reads import query
from ui.training import LABELS, as_of_text

page_access("training")
page_header(
    "Partnership training",
    "Do employees and managers get timely and effective training to partner? Completion, on-time and "
    "overdue training by course, role, labor group and hierarchy, and whether training goes with UBT levels.",
)
filters = sidebar_filters()
scope = sections.scope_of(filters)
quarters = sections.range_quarters(filters)
if not quarters:
    empty_state("No training assignments in the selected quarters. Widen the quarter range or load data.")
    footer()
    st.stop()
first, last = quarters[0], quarters[-1]
period = f"{quarter_label(first)} – {quarter_label(last)}"

quarter, by = sections.controls(quarters)
as_of, group_label = as_of_text(quarter), LABELS[by]

sections.headline_cards(scope, quarter)
chart(cached_figure(sections.trend_figure, scope, first, last), key="training_trend")

st.subheader(f"By {group_label.lower()}, as of {as_of}")
chart(cached_figure(sections.groups_figure, scope, by, quarter), key="training_groups")
sections.heatmap_section(scope, by, first, last)
sections.group_table(scope, by, quarter)

st.subheader(f"Overdue training by {group_label.lower()}, as of {as_of}")
chart(cached_figure(sections.overdue_figure, scope, by, quarter), key="training_overdue")
st.caption(
    "Counts of assignments, never names. Ranked by overdue assignments per 100 people with training, so "
    "large groups do not top the list by size alone; the count is at the end of each bar. "
    + (
        "Age: quarters between the quarter an assignment fell due and this one."
        if by in training.COURSE_BREAKDOWNS
        else "Ages are kept by course and hierarchy only."
    )
)

st.subheader("Time to complete")
chart(
    cached_figure(charts.completion_time_figure, query(training.completion_times, filters), period),
    key="training_times",
)
st.caption(f"Completions in {period}, by days taken; the due window is each course's `due_within_days`.")

st.subheader("Does the training pay off?")
left, right = st.columns(2)
with left:
    scores = query(training.assessment_scores, filters, "course")
    chart(cached_figure(charts.scores_figure, scores, LABELS["course"], period), key="training_scores_course")
with right:
    scores = query(training.assessment_scores, filters, by)
    chart(cached_figure(charts.scores_figure, scores, LABELS[by], period), key="training_scores_group")
st.caption(
    f"Scores count only when a group has at least {min_group_size()} people and {min_group_size()} "
    "assessments in the quarters chosen."
)
sections.levels_section(scope, quarter)

footer()
