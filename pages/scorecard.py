"""Team scorecard: find a team, then its level, dimensions, what holds it back, training, surveys, projects.

URL state: ``team`` (the chosen team id, bookmarkable; a co-lead of one team lands on it), ``print=1`` (printable single-column view),
plus the shared filter params (they narrow the team search; the scorecard shows the whole history).
Sections: ``ui.scorecard``; figures from ``metrics.scorecard``, words from ``views.scorecard``.
"""

from __future__ import annotations

import streamlit as st

from lmp_metrics.metrics import scorecard as sc
from lmp_metrics.views import scorecard as view
from ui import urlstate
from ui.auth import page_access, require_team
from ui.briefing import flyer_download
from ui.cards import headline_row
from ui.filters import sidebar_filters
from ui.layout import empty_state, footer, page_header
from ui.reads import cached
from ui.scorecard import (
    Sheet,
    level_and_gaps,
    notices,
    printable,
    projects_section,
    survey_section,
    team_finder,
    training_section,
    who_and_where,
)

access = page_access("scorecard")
printing = printable()
page_header(
    "Team scorecard",
    "How is one unit-based team doing, and what would move it up a level? Find the team, then read "
    "its level, dimensions, training, surveys and projects.",
)
filters = sidebar_filters()
search_filters = sc.search_scope(filters, None if access.can_see_team_rows() else access.own_team_ids)
st.sidebar.caption("The filters narrow the team search; a scorecard always shows the team's whole history.")

# a co-lead of exactly one team lands on it; everyone else chooses
own = access.own_team_ids if access.role == "co-lead" and len(access.own_team_ids) == 1 else ()
team_id = urlstate.get_one("team") or (own[0] if own else None)
urlstate.set_value("team", team_id)
if not team_id:
    team_finder(search_filters)
    empty_state(
        "No team chosen yet. Type part of your team's name, its id, department or facility above, then "
        "pick it from the list. The address bar then holds the team, so you can bookmark the scorecard."
    )
    footer()
    st.stop()

with st.expander("Find another team", expanded=False):
    team_finder(search_filters)
if not access.can_see_team_rows():
    require_team(team_id)  # co-leads: their own team only
# A scorecard shows the team's whole history: the quarter range stays out of its cache keys.
team_filters = filters.without_range()
profile = cached(sc.team_profile, team_id, team_filters)  # leaders: filters already hold their scope
if profile is None:
    empty_state(
        "No team with the id in the address within your access and the current filters (the id is not "
        "repeated here). Search for the team above."
    )
    footer()
    st.stop()

sheet = Sheet(team_id, printing)
who_and_where(profile, sheet)
notices(profile)

history = cached(sc.level_history, team_id, team_filters)
gaps = cached(sc.holds_back, team_id, team_filters, profile.last_quarter) if profile.last_quarter else None
training = cached(sc.team_training, profile, team_filters, tuple(history["quarter"]))
headline_row(view.headline_cards(profile, history, gaps, training))

if not printing:
    flyer_download(team_id, team_filters)
if profile.last_quarter is not None:
    level_and_gaps(sheet, profile, history, gaps, team_filters)
training_section(sheet, profile, team_filters, tuple(history["quarter"]))
survey_section(sheet, profile, team_filters)
projects_section(sheet, team_filters)
footer()
