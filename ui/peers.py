"""The "teams like mine that moved up" view: comparable teams that rose a level, with their projects
and training. URL state: ``team``, ``tol`` (0 = same starting level only), ``same_region``."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.charts.projects import peer_levels_figure, peer_training_figure
from lmp_metrics.core.settings import min_group_size
from lmp_metrics.metrics import peers
from lmp_metrics.metrics.peers import PeerCriteria, PeerWindow
from lmp_metrics.metrics.team_search import search_teams, team_label
from lmp_metrics.views import peers as shown_peers
from lmp_metrics.views import projects as project_rows
from lmp_metrics.vocabulary.quarters import quarter_label
from ui import urlstate
from ui.auth import require_access, require_team
from ui.data import Query
from ui.layout import cached_figure, chart, empty_state, page_link, table
from ui.reads import cached, query


def teams_like_mine(filters: Filters) -> None:
    """Comparable teams that rose at least one level, with their projects and training."""
    access = require_access()
    if not (access.can_see_team_rows() or access.own_team_ids):
        empty_state(
            "Teams like mine starts from your own team, and your access has none (viewers see aggregates)."
        )
        return
    own = access.own_team_ids[0] if len(access.own_team_ids) == 1 and not access.can_see_team_rows() else None
    team_id = urlstate.get_one("team") or own or pick_team(filters)
    if not team_id:
        return
    require_team(team_id)
    scope = filters.narrowed(quarters=filters.quarters.up_to_last())  # the window ends where the range ends
    window = cached(peers.peer_window, team_id, scope)
    if window is None:
        empty_state("This team is not assessed in the chosen quarters, or it is outside the filters.")
        return
    page_link("scorecard", f"Open the scorecard of {window.team_name}", ":material/badge:", team=team_id)
    options = st.columns([2, 2, 3])
    criteria = peer_criteria(options, window)
    if window.start_level is None:
        empty_state(
            f"{window.team_name} was not assessed in {quarter_label(window.start_quarter)}, four quarters "
            f"before its latest assessment, so there is no starting level to compare from."
        )
        return
    options[2].caption(shown_peers.comparison_note(window, criteria))
    asked = query(peers.peer_findings, window, scope, criteria)
    findings = cached(peers.peer_findings, window, scope, criteria)
    own = (window.team_name, window.start_level, window.end_level)
    chart(cached_figure(_peer_levels, asked, shown_peers.window_span(window), own), key="pj_peers")
    if findings.teams.empty:
        return
    table(shown_peers.peer_rows(shown_peers.named(findings.teams), window), key="pj_peer_table")
    their_projects(findings.projects)
    their_training(findings, asked)


def pick_team(filters: Filters) -> str | None:
    """Search for a team when none is in the URL; the pick goes into the URL (None: nothing picked)."""
    text = st.text_input(
        "Find your team", key="pj_team_search", placeholder="team name, department or facility"
    )
    hits = cached(search_teams, text, filters) if text.strip() else pd.DataFrame(columns=["team_id"])
    hits = hits.dropna(subset=["team_id"])  # teams outside the reader's access come back nameless
    if hits.empty:
        empty_state("Type part of your team's name to start, or open this view from your team's scorecard.")
        return None
    labels = {row["team_id"]: team_label(row) for _, row in hits.iterrows()}
    team_id = st.selectbox("Team", list(labels), format_func=labels.get, key="pj_team_pick")
    urlstate.set_value("team", team_id)
    return team_id


def peer_criteria(options: list, window: PeerWindow) -> PeerCriteria:
    """Starting-level tolerance and same-region controls (in the first two of ``options``), in the URL."""
    tolerance = options[0].radio(
        "Starting level",
        [1, 0],
        index=0 if urlstate.get_one("tol", "1") != "0" else 1,
        format_func=lambda t: "same level ± 1" if t else "same level only",
        horizontal=True,
        key="pj_tol",
    )
    same_region = options[1].toggle(
        f"Only in {window.region}", value=urlstate.get_one("same_region") == "1", key="pj_same_region"
    )
    urlstate.set_value("tol", None if tolerance == 1 else "0")
    urlstate.set_value("same_region", "1" if same_region else None)
    return PeerCriteria(level_tolerance=tolerance, same_region=same_region)


def their_projects(ran: pd.DataFrame) -> None:
    st.subheader("Their projects in the window")
    if ran.empty:
        empty_state("These teams recorded no project running in the window.")
    else:
        table(project_rows.library_rows(ran), key="pj_peer_projects")


def their_training(findings: peers.PeerFindings, asked: Query) -> None:
    """Courses the peers completed in the window; small teams' training suppressed and said so."""
    st.subheader("Their training in the window")
    hidden, teams = findings.teams_suppressed, len(findings.teams)
    chart(cached_figure(_peer_training, asked), key="pj_peer_training")
    if hidden:
        st.caption(
            f"{hidden} of {teams} teams' training is {suppressed_label()} (fewer than "
            f"{min_group_size()} people hold training, or it would reveal such a group by subtraction) "
            "and left out of the totals."
        )
    table(shown_peers.course_rows(findings.courses), key="pj_peer_courses")


def _peer_levels(findings: peers.PeerFindings, span: str, own: tuple) -> go.Figure:
    return peer_levels_figure(shown_peers.named(findings.teams), span, own)


def _peer_training(findings: peers.PeerFindings) -> go.Figure:
    return peer_training_figure(findings.courses, len(findings.teams) - findings.teams_suppressed)
