"""The scorecard's sections below its headline cards: level and what holds it back, dimensions,
training, surveys and projects. Each draws through the team's ``ui.scorecard.Sheet``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lmp_metrics.access.filters import Filters
from lmp_metrics.charts import scorecard as charts
from lmp_metrics.metrics import scorecard as sc
from lmp_metrics.metrics.scorecard import TeamProfile
from lmp_metrics.metrics.scorecard_people import (
    TeamTraining,
    survey_chart_note,
    survey_tables,
    team_surveys,
    training_tables,
    training_trend_table,
)
from lmp_metrics.views import scorecard_text as text
from lmp_metrics.vocabulary.quarters import quarter_label
from ui.layout import empty_state
from ui.reads import cached
from ui.scorecard import Sheet


def level_and_gaps(
    sheet: Sheet, profile: TeamProfile, history: pd.DataFrame, gaps: pd.DataFrame | None, filters: Filters
) -> None:
    """Level history beside what holds the team back; then its dimension scores over time."""
    quarter = text.quarter_text(profile)
    left, right = sheet.columns(2)
    with left:
        sheet.chart(
            "levels", lambda: charts.level_history_figure(history, profile.team_name), sc.level_table(history)
        )
    with right:
        if profile.next_level is None:
            st.success("Level 5 is the top level: no dimension holds this team back.", icon=":material/star:")
        else:
            sheet.chart("holds_back", lambda: charts.holds_back_figure(gaps, profile.level, quarter))
    if text.has_next_level_peers(profile, gaps):
        st.markdown(sc.holds_back_summary(gaps, profile.next_level))
        sheet.csv(sc.holds_back_table(gaps, profile.next_level), "holds_back", "holds_back_table")
    st.caption(text.holds_back_caption(profile))
    sheet.link(
        "projects",
        "Teams like this one that moved up, and what they did",
        ":material/trending_up:",
        view="peers",
        team=profile.team_id,
    )

    st.subheader("Dimension scores over time")
    dimensions = cached(sc.dimension_history, profile.team_id, filters)
    sheet.chart(
        "dimensions",
        lambda: charts.dimension_trends_figure(dimensions, profile.team_name),
        sc.dimension_table(dimensions),
    )
    st.caption(text.dimensions_caption(profile))


def training_section(sheet: Sheet, profile: TeamProfile, training: TeamTraining) -> None:
    """The members' training trend and, per course, the latest quarter (or why there is none)."""
    st.subheader("Training of the team's members")
    if training.status == "suppressed":
        empty_state(text.training_suppressed_text(profile))
    elif training.status == "no records":
        empty_state("No training records for this team's members yet.")
    else:
        sheet.chart(
            "training_trend",
            lambda: charts.training_trend_figure(training.trend, profile.team_name),
            training_trend_table(training.trend),
        )
        st.caption(f"Per course, as of the last day of {quarter_label(training.as_of)}")
        sheet.people_table(training_tables(training.by_course), "training", "training_table")


def survey_section(sheet: Sheet, profile: TeamProfile, filters: Filters) -> None:
    """People Pulse results of the team against its facility, and a link to Just Culture there."""
    st.subheader("People Pulse survey")
    surveys = cached(team_surveys, profile, filters)
    if surveys.empty:
        empty_state("No survey results for this team.")
    else:
        sheet.chart("surveys", lambda: charts.survey_figure(surveys, profile.team_name))
        if note := survey_chart_note(surveys):
            st.caption(note)
        # paper: the latest three years (the CSV on screen has every year)
        sheet.people_table(survey_tables(surveys, 3 if sheet.printing else None), "surveys", "survey_table")
    sheet.link(
        "just_culture",
        f"Just Culture across {profile.facility}",
        ":material/record_voice_over:",
        facility=profile.facility,
        by="department",
    )


def projects_section(sheet: Sheet, filters: Filters) -> None:
    """The team's improvement projects, and a link to the library."""
    st.subheader("Improvement projects")
    projects = cached(sc.team_projects, sheet.team_id, filters)
    if projects.empty:
        empty_state("This team has no recorded UBT projects.")
    else:
        sheet.table(sc.projects_table(projects), "projects", "projects_table")
    sheet.link("projects", "Browse successful projects to replicate", ":material/library_books:")
