"""The scorecard's drawing: one ``Sheet`` per team (on screen, or printable), the team finder, the
header, notices and headline cards, and the sections below them: level and what holds it back,
dimensions, training, surveys and projects. Figures from ``metrics.scorecard``, words and tables from
``views.scorecard``, charts from ``charts.scorecard``."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lmp_metrics.access.filters import Filters
from lmp_metrics.charts import scorecard as charts
from lmp_metrics.metrics import scorecard as sc
from lmp_metrics.metrics.scorecard import TeamProfile, TeamTraining
from lmp_metrics.views import scorecard as view
from lmp_metrics.views.scorecard import PeopleTable
from lmp_metrics.vocabulary.quarters import quarter_label
from ui import urlstate
from ui.layout import cached_figure, chart, empty_state, page_link, table
from ui.reads import cached, query
from ui.sections import csv_download

PRINT_CSS = """
<style>
section[data-testid="stSidebar"], header[data-testid="stHeader"], div[data-testid="stToolbar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stCheckbox"], [data-testid="stExpander"],
[data-testid="stDownloadButton"], .modebar-container {display: none !important;}
.stMainBlockContainer, .block-container {max-width: 7.5in !important; padding: 1rem 0 !important;}
@page {size: letter; margin: 0.5in;}
@media print {
  [data-testid="stButton"], .print-hint, [data-testid="stCode"], hr {display: none !important;}
  /* block flow, so the browser can keep a heading with what follows and avoid cutting a chart */
  [data-testid="stMain"], [data-testid="stMainBlockContainer"], [data-testid="stVerticalBlock"],
  [data-testid="stAppViewContainer"], .stApp {display: block !important; overflow: visible !important;}
  [data-testid="stVerticalBlock"] > * {margin-bottom: 0.6rem;}
  .stElementContainer:has(h1, h2, h3, h4), [data-testid="stHeading"] {break-after: avoid; page-break-after: avoid;}
  [data-testid="stPlotlyChart"], [data-testid="stTable"], [data-testid="stMetric"], .stElementContainer,
  [data-testid="stHorizontalBlock"] {break-inside: avoid; page-break-inside: avoid;}
}
</style>
"""
PICKED = "team_picked"  # session flag: a search result was clicked, the whole page must rerun


def printable() -> bool:
    """Whether the printable view is asked for (``?print=1``); it then gets its style: one column as
    wide as a Letter page's print area (7.5 in), so charts are drawn at the width they print at;
    headings kept with what follows, charts and tables never cut across pages."""
    printing = urlstate.get_one("print") == "1"
    if printing:
        st.markdown(PRINT_CSS, unsafe_allow_html=True)
    return printing


@dataclass(frozen=True)
class Sheet:
    """How one team's scorecard is drawn: on screen, or printable (one column, static tables, no
    downloads or links)."""

    team_id: str
    printing: bool

    def link(self, page: str, label: str, icon: str, **params: str) -> None:
        """A link to another page (not in the printable view)."""
        if not self.printing:
            page_link(page, label, icon, **params)

    def columns(self, n: int) -> list:
        """Side-by-side columns on screen; one column, top to bottom, in the printable view."""
        return [st.container() for _ in range(n)] if self.printing else st.columns(n)

    def csv(self, frame: pd.DataFrame, name: str, key: str) -> None:
        """CSV download of a table as shown (suppressed cells stay suppressed); not in the printable view."""
        if not self.printing:
            csv_download(frame, f"{self.team_id}_{name}.csv", f"csv_{key}", "CSV")

    def table(self, frame: pd.DataFrame, name: str, key: str, export: pd.DataFrame | None = None) -> None:
        """A table with its CSV download (``export``, default the table as shown); a static table (every
        row) in the printable view."""
        if self.printing:
            st.table(frame.style.hide(axis="index"))
        else:
            table(frame, key=key)
        self.csv(frame if export is None else export, name, key)

    def people_table(self, shown: PeopleTable, name: str, key: str) -> None:
        """A table about people: its sentence about what is suppressed, then the table (if any is left)."""
        if shown.sentence:
            st.caption(shown.sentence)
        if shown.screen is not None:
            self.table(shown.screen, name, key, export=shown.export)

    def chart(self, kind: str, figure: go.Figure, data: pd.DataFrame | None = None) -> None:
        """A chart (PNG from its toolbar), with a CSV of the numbers behind it when ``data`` is given;
        on screen, its text alternative under it (``ui.layout.chart``)."""
        chart(figure, key=kind, for_print=self.printing)
        if data is not None:
            self.csv(data, kind, kind)


def pick_team(team_id: str) -> None:
    """Button callback: the chosen team goes into the URL; the search box is cleared.

    A callback cannot rerun the app, and the fragment's own rerun returns early (the box is now
    empty) before its button could report the click; so it leaves a flag for ``team_finder``."""
    urlstate.set_value("team", team_id)
    st.session_state["team_search"] = ""
    st.session_state[PICKED] = True


@st.fragment
def team_finder(search_filters: Filters) -> None:
    """One search box; results (name · department · facility) are buttons that open the scorecard."""
    if st.session_state.pop(PICKED, False):
        st.rerun(scope="app")
    query = st.text_input(
        "Find my team",
        key="team_search",
        type="search",
        live=True,
        placeholder="Part of the team's name, id, department or facility",
    )
    if not query.strip():
        return
    found = cached(sc.search_teams, query, search_filters, 20).dropna(
        subset=["team_id"]
    )  # nameless: outside access
    if found.empty:
        st.caption("No team matches that within your access and the current filters.")
        return
    many = len(found) == 20
    st.caption(
        f"{len(found)} best matches" if many else f"{len(found)} matching team{'s' * (len(found) > 1)}"
    )
    for row in found.to_dict("records"):
        st.button(
            sc.team_label(row),
            key=f"pick_{row['team_id']}",
            type="tertiary",
            on_click=pick_team,
            args=(row["team_id"],),
        )


def who_and_where(profile: TeamProfile, sheet: Sheet) -> None:
    """The team's name and place, and the button into (or back from) the printable view."""
    head, action = st.columns([4, 1], vertical_alignment="bottom")
    head.subheader(profile.team_name)
    head.caption(view.identity_line(profile))
    if sheet.printing:
        if action.button("Back", icon=":material/arrow_back:", help="Back to the interactive view"):
            urlstate.set_value("print", None)
            st.rerun()
        st.markdown(
            '<span class="print-hint">Use your browser\'s Print (Ctrl+P) for paper or PDF.</span>',
            unsafe_allow_html=True,
        )
    elif action.button("Print view", icon=":material/print:", help="A clean one-column page for printing"):
        urlstate.set_value("print", "1")
        st.rerun()


def notices(profile: TeamProfile) -> None:
    """Closed, never assessed or new: said before any figure."""
    if profile.closed_on:
        st.warning(view.closed_notice(profile), icon=":material/event_busy:")
    if profile.last_quarter is None:
        empty_state(
            "This team has not been assessed yet: level, dimension scores and comparisons appear after "
            "its first assessment."
        )
    elif profile.quarters_assessed == 1:
        st.info(view.new_team_notice(profile), icon=":material/fiber_new:")


def level_and_gaps(
    sheet: Sheet, profile: TeamProfile, history: pd.DataFrame, gaps: pd.DataFrame | None, filters: Filters
) -> None:
    """Level history beside what holds the team back; then its dimension scores over time."""
    quarter = view.quarter_text(profile)
    left, right = sheet.columns(2)
    with left:
        sheet.chart(
            "levels",
            cached_figure(
                charts.level_history_figure,
                query(sc.level_history, profile.team_id, filters),
                profile.team_name,
            ),
            view.level_table(history),
        )
    with right:
        if profile.next_level is None:
            st.success("Level 5 is the top level: no dimension holds this team back.", icon=":material/star:")
        else:
            gaps_query = query(sc.holds_back, profile.team_id, filters, profile.last_quarter)
            sheet.chart(
                "holds_back", cached_figure(charts.holds_back_figure, gaps_query, profile.level, quarter)
            )
    if view.has_next_level_peers(profile, gaps):
        st.markdown(view.holds_back_summary(gaps, profile.next_level))
        sheet.csv(view.holds_back_table(gaps, profile.next_level), "holds_back", "holds_back_table")
    st.caption(view.holds_back_caption(profile))
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
        cached_figure(
            charts.dimension_trends_figure,
            query(sc.dimension_history, profile.team_id, filters),
            profile.team_name,
        ),
        view.dimension_table(dimensions),
    )
    st.caption(view.dimensions_caption(profile))


def training_section(sheet: Sheet, profile: TeamProfile, filters: Filters, quarters: tuple) -> None:
    """The members' training trend over ``quarters`` and, per course, the latest quarter (or why
    there is none)."""
    st.subheader("Training of the team's members")
    training = cached(sc.team_training, profile, filters, quarters)
    if training.status == "suppressed":
        empty_state(view.training_suppressed_text(profile))
    elif training.status == "no records":
        empty_state("No training records for this team's members yet.")
    else:
        sheet.chart(
            "training_trend",
            cached_figure(
                _training_trend, query(sc.team_training, profile, filters, quarters), profile.team_name
            ),
            view.training_trend_table(training.trend),
        )
        st.caption(f"Per course, as of the last day of {quarter_label(training.as_of)}")
        sheet.people_table(view.training_tables(training.by_course), "training", "training_table")


def survey_section(sheet: Sheet, profile: TeamProfile, filters: Filters) -> None:
    """People Pulse results of the team against its facility, and a link to Just Culture there."""
    st.subheader("People Pulse survey")
    surveys = cached(sc.team_surveys, profile, filters)
    if surveys.empty:
        empty_state("No survey results for this team.")
    else:
        sheet.chart(
            "surveys",
            cached_figure(charts.survey_figure, query(sc.team_surveys, profile, filters), profile.team_name),
        )
        if note := view.survey_chart_note(surveys):
            st.caption(note)
        # paper: the latest three years (the CSV on screen has every year)
        sheet.people_table(
            view.survey_tables(surveys, 3 if sheet.printing else None), "surveys", "survey_table"
        )
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
        sheet.table(view.projects_table(projects), "projects", "projects_table")
    sheet.link("projects", "Browse successful projects to replicate", ":material/library_books:")


def _training_trend(training: TeamTraining, team_name: str) -> go.Figure:
    return charts.training_trend_figure(training.trend, team_name)
