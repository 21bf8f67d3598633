"""Team scorecard: find a team, then its level, dimensions, what holds it back, training, surveys, projects.

URL state: ``team`` (the chosen team id, bookmarkable), ``print=1`` (printable single-column view),
plus the shared filter params (they narrow the team search; the scorecard shows the whole history).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lmp_metrics import scorecard as sc
from lmp_metrics.charts import scorecard as charts
from lmp_metrics.charts.style import LEVEL_NAMES
from lmp_metrics.privacy import suppressed_label
from lmp_metrics.quarters import quarter_label
from lmp_metrics.scorecard_people import (
    PeopleTable,
    survey_chart_note,
    survey_tables,
    team_surveys,
    team_training,
    training_tables,
    training_trend_table,
)
from lmp_metrics.settings import min_group_size
from ui import urlstate
from ui.auth import require_access, require_team
from ui.data import cached, data_version
from ui.filters import sidebar_filters
from ui.layout import chart, empty_state, footer, page_header, page_link, table

PRINT_CSS = """
<style>
section[data-testid="stSidebar"], header[data-testid="stHeader"], div[data-testid="stToolbar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stCheckbox"], [data-testid="stExpander"],
[data-testid="stDownloadButton"], .modebar-container {display: none !important;}
.stMainBlockContainer, .block-container {max-width: 1000px !important; padding-top: 1rem !important;}
@media print {
  [data-testid="stButton"], .print-hint {display: none !important;}
  [data-testid="stPlotlyChart"], [data-testid="stTable"], [data-testid="stMetric"] {break-inside: avoid;}
}
</style>
"""
printing = urlstate.get_one("print") == "1"
if printing:
    st.markdown(PRINT_CSS, unsafe_allow_html=True)

page_header(
    "Team scorecard",
    "How is one unit-based team doing, and what would move it up a level? Find the team, then read "
    "its level, dimensions, training, surveys and projects.",
)
filters = sidebar_filters()
access = require_access()
search_filters = sc.search_scope(filters, None if access.can_see_team_rows() else access.own_team_ids)
st.sidebar.caption("The filters narrow the team search; a scorecard always shows the team's whole history.")


PICKED = "team_picked"  # session flag: a search result was clicked, the whole page must rerun


def pick_team(team_id: str) -> None:
    """Button callback: the chosen team goes into the URL; the search box is cleared.

    A callback cannot rerun the app, and the fragment's own rerun returns early (the box is now
    empty) before its button could report the click; so it leaves a flag for ``team_finder``."""
    urlstate.set_value("team", team_id)
    st.session_state["team_search"] = ""
    st.session_state[PICKED] = True


@st.fragment
def team_finder() -> None:
    """One search box; results (name · department · facility) are buttons that open the scorecard."""
    if st.session_state.pop(PICKED, False):
        st.rerun(scope="app")
    text = st.text_input(
        "Find my team",
        key="team_search",
        type="search",
        live=True,
        placeholder="Part of the team's name, id, department or facility",
    )
    if not text.strip():
        return
    found = cached(sc.search_teams, text, search_filters, 20)
    if found.empty:
        st.caption("No team matches that within your access and the current filters.")
        return
    st.caption(f"{len(found)} best matches" if len(found) == 20 else f"{len(found)} matching teams")
    for row in found.to_dict("records"):
        st.button(
            sc.team_label(row),
            key=f"pick_{row['team_id']}",
            type="tertiary",
            on_click=pick_team,
            args=(row["team_id"],),
        )


def link(page: str, label: str, icon: str, **params: str) -> None:
    """A link to another page (not in the printable view)."""
    if not printing:
        page_link(page, label, icon, **params)


def columns(n: int) -> list:
    """Side-by-side columns on screen; one column, top to bottom, in the printable view."""
    return [st.container() for _ in range(n)] if printing else st.columns(n)


def csv_button(frame: pd.DataFrame, name: str, key: str) -> None:
    """CSV download of a table as shown (suppressed cells stay suppressed); not in the printable view."""
    if not printing:
        st.download_button(
            "CSV",
            frame.to_csv(index=False).encode("utf-8"),
            file_name=f"{team_id}_{name}.csv",
            mime="text/csv",
            key=f"csv_{key}",
            on_click="ignore",
            icon=":material/download:",
        )


def show_table(frame: pd.DataFrame, name: str, key: str, export: pd.DataFrame | None = None) -> None:
    """A table with its CSV download (``export``, default the table as shown); a static table (every
    row) in the printable view."""
    if printing:
        st.table(frame.style.hide(axis="index"))
    else:
        table(frame, key=key)
    csv_button(frame if export is None else export, name, key)


def show_people_table(shown: PeopleTable, name: str, key: str) -> None:
    """A table about people: its sentence about what is suppressed, then the table (if any is left)."""
    if shown.sentence:
        st.caption(shown.sentence)
    if shown.screen is not None:
        show_table(shown.screen, name, key, export=shown.export)


@st.cache_resource(max_entries=100, show_spinner=False)
def _team_figure(version: tuple, team: str, kind: str, _build: Callable[[], go.Figure]) -> go.Figure:
    """Built once per data version, team and chart, then shared: drawing reads, never changes, a figure."""
    return _build()


def show_chart(kind: str, build: Callable[[], go.Figure], data: pd.DataFrame | None = None) -> None:
    """A chart (PNG from its toolbar), with a CSV of the numbers behind it when ``data`` is given."""
    chart(_team_figure(data_version(), team_id, kind, build), key=kind)
    if data is not None:
        csv_button(data, kind, kind)


team_id = urlstate.get_one("team")
if not team_id:
    team_finder()
    empty_state(
        "No team chosen yet. Type part of your team's name, its id, department or facility above, then "
        "pick it from the list. The address bar then holds the team, so you can bookmark the scorecard."
    )
    footer()
    st.stop()

with st.expander("Find another team", expanded=False):
    team_finder()
if not access.can_see_team_rows():
    require_team(team_id)  # co-leads: their own team only
# A scorecard shows the team's whole history: the quarter range stays out of its cache keys.
team_filters = filters.narrowed(first_quarter=None, last_quarter=None)
profile = cached(sc.team_profile, team_id, team_filters)  # leaders: filters already hold their scope
if profile is None:
    empty_state(
        f"No team with id **{team_id}** within your access and the current filters. Search for it above."
    )
    footer()
    st.stop()

# -- Who and where ---------------------------------------------------------------------------------
head, action = st.columns([4, 1], vertical_alignment="bottom")
head.subheader(profile.team_name)
head.caption(
    f"{profile.department} · {profile.facility} · {profile.service_area} · {profile.region} · "
    f"labor partner {profile.labor_partner} · team id {profile.team_id} · {profile.members} members · "
    f"formed {profile.formed_on:%Y-%m-%d}"
)
if printing:
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

if profile.closed_on:
    last = f", {quarter_label(profile.last_quarter)}" if profile.last_quarter else ""
    st.warning(
        f"This team closed on **{profile.closed_on:%Y-%m-%d}**. The scorecard shows its record up to its "
        f"last assessment{last}.",
        icon=":material/event_busy:",
    )
if profile.last_quarter is None:
    empty_state(
        "This team has not been assessed yet: level, dimension scores and comparisons appear after its first assessment."
    )
elif profile.quarters_assessed == 1:
    st.info(
        f"New team: first assessed in {quarter_label(profile.first_quarter)}. Its history, movement and "
        "trends fill in as more quarters are assessed.",
        icon=":material/fiber_new:",
    )

quarter_text = quarter_label(profile.last_quarter) if profile.last_quarter else "–"
history = cached(sc.level_history, team_id, team_filters)
quarters = tuple(history["quarter"])
gaps = cached(sc.holds_back, team_id, team_filters, profile.last_quarter) if profile.last_quarter else None
training = cached(team_training, profile, team_filters, quarters)

# -- Headline cards --------------------------------------------------------------------------------
cards = st.columns(4)
with cards[0]:
    movement = None if profile.level_year_ago is None else profile.level - profile.level_year_ago
    st.metric(
        f"Level, {quarter_text}",
        "–" if profile.level is None else str(profile.level),
        None if movement is None else f"{movement:+d} vs a year ago" if movement else "same as a year ago",
        delta_color="normal" if movement else "off",
        delta_arrow="auto" if movement else "off",
        chart_data=history["level"].tolist()[-12:] if len(history) > 1 else None,
        help="The sparkline shows the last 12 assessed quarters.",
    )
    st.caption(LEVEL_NAMES.get(profile.level, "not assessed"))
with cards[1]:
    value, peer_text = sc.peer_summary(profile)
    st.metric(
        "Percentile among peers",
        value,
        help=f"Comparable teams: the other {profile.department_type or profile.department} teams in "
        f"{profile.region} assessed the same quarter (department type = the department name without its "
        "facility's place name). Percentile = share of them ranked below this team by level, then mean "
        f"dimension score; ties count half. Shown with at least {sc.min_peer_teams()} comparable teams.",
    )
    st.caption(peer_text)
with cards[2]:
    if profile.next_level is None:
        st.metric("Dimensions holding it back", "–")
        st.caption("Top level reached." if profile.level else "Not assessed yet.")
    elif gaps["next_level_median"].isna().all():
        st.metric("Dimensions holding it back", "–")
        st.caption(f"No level-{profile.next_level} team in {quarter_text} to compare with.")
    else:
        st.metric("Dimensions holding it back", f"{int(gaps['below'].sum())} of {len(gaps)}")
        st.caption(f"Below a typical level-{profile.next_level} team.")
with cards[3]:
    if training.status == "ok":
        latest = training.trend.iloc[-1]
        rates = training.trend["completion_rate"].dropna().tolist()[-12:]
        st.metric(
            f"Training completion, {quarter_label(training.as_of)}",
            suppressed_label() if latest["suppressed"] else f"{latest['completion_rate']:.0%}",
            chart_data=rates if len(rates) > 1 else None,
            help="Completed over assigned training, as of the quarter's last day; sparkline: last 12 quarters.",
        )
        if not latest["suppressed"]:
            st.caption(f"On time {latest['on_time_rate']:.0%} · {latest['overdue']:.0f} overdue")
    else:
        st.metric("Training completion", "–")
        st.caption(suppressed_label() if training.status == "suppressed" else "No training records.")

# -- Level and what holds it back ------------------------------------------------------------------
if profile.last_quarter is not None:
    left, right = columns(2)
    with left:
        show_chart(
            "levels", lambda: charts.level_history_figure(history, profile.team_name), sc.level_table(history)
        )
    with right:
        if profile.next_level is None:
            st.success("Level 5 is the top level: no dimension holds this team back.", icon=":material/star:")
        else:
            show_chart("holds_back", lambda: charts.holds_back_figure(gaps, profile.level, quarter_text))
    if profile.next_level is not None and not gaps["next_level_median"].isna().all():
        st.markdown(sc.holds_back_summary(gaps, profile.next_level))
        csv_button(sc.holds_back_table(gaps, profile.next_level), "holds_back", "holds_back_table")
    st.caption(
        f"**What holds it back**: a team moves up only when every dimension meets the next level. Each "
        f"dimension is set against the median score of all teams one level higher in {quarter_text}; "
        f"those below it hold the team back, largest gap first. **Peers**: {profile.department_type} "
        f"teams in {profile.region}, assessed the same quarter."
    )
    link(
        "projects",
        "Teams like this one that moved up, and what they did",
        ":material/trending_up:",
        view="peers",
        team=team_id,
    )

    st.subheader("Dimension scores over time")
    dimensions = cached(sc.dimension_history, team_id, team_filters)
    show_chart(
        "dimensions",
        lambda: charts.dimension_trends_figure(dimensions, profile.team_name),
        sc.dimension_table(dimensions),
    )
    st.caption(
        f"Department average: the {profile.department} teams at {profile.facility}; facility and region "
        "averages likewise. Each team counts once."
    )

# -- Training --------------------------------------------------------------------------------------
st.subheader("Training of the team's members")
if training.status == "suppressed":
    empty_state(
        f"Training figures are suppressed: the team has {profile.members} members, fewer than "
        f"{min_group_size()}, so any figure would rest on too few people."
    )
elif training.status == "no records":
    empty_state("No training records for this team's members yet.")
else:
    show_chart(
        "training_trend",
        lambda: charts.training_trend_figure(training.trend, profile.team_name),
        training_trend_table(training.trend),
    )
    st.caption(f"Per course, as of the last day of {quarter_label(training.as_of)}")
    show_people_table(training_tables(training.by_course), "training", "training_table")

# -- Surveys ---------------------------------------------------------------------------------------
st.subheader("People Pulse survey")
surveys = cached(team_surveys, profile, team_filters)
if surveys.empty:
    empty_state("No survey results for this team.")
else:
    show_chart("surveys", lambda: charts.survey_figure(surveys, profile.team_name))
    if note := survey_chart_note(surveys):
        st.caption(note)
    # paper: the latest three years (the CSV on screen has every year)
    show_people_table(survey_tables(surveys, 3 if printing else None), "surveys", "survey_table")
link(
    "just_culture",
    f"Just Culture across {profile.facility}",
    ":material/record_voice_over:",
    facility=profile.facility,
    by="department",
)

# -- Projects --------------------------------------------------------------------------------------
st.subheader("Improvement projects")
projects = cached(sc.team_projects, team_id, team_filters)
if projects.empty:
    empty_state("This team has no recorded UBT projects.")
else:
    show_table(sc.projects_table(projects), "projects", "projects_table")
link("projects", "Browse successful projects to replicate", ":material/library_books:")

footer()
