"""Just Culture: survey indices above the team level, where they fall, and how they relate to UBT level."""

from datetime import date

import streamlit as st

from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.charts.surveys import (
    POINTS_BELOW,
    falls_figure,
    group_year_heatmap,
    index_trend_figure,
    score_by_level_figure,
)
from lmp_metrics.core.settings import min_group_size
from lmp_metrics.metrics import surveys
from lmp_metrics.metrics.events import scope_events
from lmp_metrics.views import surveys as survey_views
from lmp_metrics.vocabulary.hierarchy import TEAM_GROUPS, level
from lmp_metrics.vocabulary.surveys import INDEX_NAMES
from ui import urlstate
from ui.auth import page_access
from ui.filters import sidebar_filters
from ui.layout import cached_figure, chart, empty_state, footer, page_header
from ui.reads import cached, query
from ui.sections import table_with_csv

page_access("just_culture")
page_header(
    "Just Culture",
    "Do people feel safe to speak up and report mistakes? People Pulse indices above the team level, "
    "by year, where they fall, and how they go with UBT levels.",
)
filters = surveys.yearly(sidebar_filters())  # surveys are yearly: whole years, fewer cache misses
years = cached(surveys.survey_years, filters)
if not years:
    empty_state("No survey results for these filters and quarters. Widen the quarter range or the filters.")
    footer()
    st.stop()

controls = st.columns([3, 2, 1])
index_name = urlstate.url_segmented_control(
    "index",
    "Index",
    list(INDEX_NAMES),
    "just_culture",
    key="jc_index",
    container=controls[0],
    format_func=INDEX_NAMES.get,
)
by = urlstate.url_selectbox(
    "by",
    "Break down by",
    [lvl.key for lvl in TEAM_GROUPS],
    "region",
    key="jc_by",
    container=controls[1],
    format_func=lambda key: level(key).label,
)
wanted = urlstate.get_one("year", str(years[-1]))
year = controls[2].selectbox(
    "Survey year",
    years[::-1],
    index=years[::-1].index(int(wanted)) if wanted in map(str, years) else 0,
    key="jc_year",
)
urlstate.set_value("year", str(year))
group_label = level(by).label
label = INDEX_NAMES[index_name]
st.caption(
    f"Scores are 0–100, each group's mean weighted by respondents. Groups with fewer than "
    f"{min_group_size()} respondents, and groups that would reveal one by subtraction, are shown as "
    f"*{suppressed_label()}*, never as a number."
)

overall = query(surveys.survey_summary, filters, "national", tuple(years))
events = query(scope_events, filters, date(years[0], 1, 1), date(years[-1], 12, 31))
chart(cached_figure(index_trend_figure, overall, "all teams in the filters", events), key="jc_trend")

st.subheader(f"{label} by {group_label.lower()}")
by_group = cached(surveys.survey_summary, filters, by, tuple(years))
heatmap = cached_figure(
    group_year_heatmap, query(surveys.survey_summary, filters, by, tuple(years)), index_name, group_label
)
chart(heatmap, key="jc_heatmap")
shown = survey_views.group_year_rows(by_group, index_name, group_label)
with st.expander(f"Table: {label} by {group_label.lower()} and year"):
    table_with_csv(shown, "jc_table", f"{index_name}_by_{by}.csv")

st.subheader(f"Where {label} fell")
changes = cached(surveys.year_over_year, filters, by, year)
if changes["previous"].isna().all():
    empty_state(f"No {year - 1} results to compare {year} with.")
else:
    falls_chart = query(surveys.year_over_year, filters, by, year)
    chart(cached_figure(falls_figure, falls_chart, index_name, group_label, year), key="jc_falls")
    falls = survey_views.falls_rows(changes, index_name, group_label, year)
    st.caption(
        "Worst first. Groups suppressed in either year have no change shown and come last; "
        "a group new this year has no change."
    )
    table_with_csv(falls, "jc_falls_table", f"{index_name}_change_{year}.csv")

st.subheader(f"{label} and UBT level, {year}")
box = query(surveys.score_by_level, filters, year, index_name)
points = query(surveys.team_scores_by_level, filters, year, index_name, POINTS_BELOW)
chart(cached_figure(score_by_level_figure, box, index_name, year, points), key="jc_levels")
association = cached(surveys.level_association, filters, year, index_name)
st.caption(survey_views.association_note(association, year))

footer()
