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
from lmp_metrics.views import projects as project_rows
from lmp_metrics.vocabulary.quarters import quarter_label
from ui import urlstate
from ui.auth import require_team
from ui.data import cached, query
from ui.layout import cached_figure, chart, empty_state, page_link, table


def teams_like_mine(filters: Filters, team_names: bool) -> None:
    """Comparable teams that rose at least one level, with their projects and training."""
    team_id = urlstate.get_one("team") or pick_team(filters)
    if not team_id:
        return
    require_team(team_id)
    scope = filters.narrowed(
        first_quarter=None
    )  # the window ends where the range ends; its start plays no part
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
    options[2].caption(peers.comparison_note(window, criteria))
    found = cached(peers.teams_like_mine, window, scope, criteria)
    if not team_names:
        found = peers.anonymised(found)
    own = (window.team_name, window.start_level, window.end_level)
    levels = query(peers.teams_like_mine, window, scope, criteria)
    chart(cached_figure(_peer_levels, levels, team_names, peers.window_span(window), own), key="pj_peers")
    if found.empty:
        return
    table(peers.peer_rows(found, window), key="pj_peer_table")
    their_projects(found, scope, window, team_names)
    their_training(found, scope, window)


def pick_team(filters: Filters) -> str | None:
    """Search for a team when none is in the URL; the pick goes into the URL (None: nothing picked)."""
    text = st.text_input(
        "Find your team", key="pj_team_search", placeholder="team name, department or facility"
    )
    hits = cached(search_teams, text, filters) if text.strip() else pd.DataFrame()
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


def their_projects(found: pd.DataFrame, scope: Filters, window: PeerWindow, team_names: bool) -> None:
    st.subheader("Their projects in the window")
    ran = cached(peers.peer_projects, scope, tuple(found["team_id"]), window)
    if ran.empty:
        empty_state("These teams recorded no project running in the window.")
    else:
        names = dict(zip(found["team_id"], found["team_name"], strict=True))
        rows = project_rows.library_rows(ran.assign(team_name=ran["team_id"].map(names)), team_names)
        table(rows, key="pj_peer_projects")


def their_training(found: pd.DataFrame, scope: Filters, window: PeerWindow) -> None:
    """Courses the peers completed in the window; small teams' training suppressed and said so."""
    st.subheader("Their training in the window")
    team_ids = tuple(found["team_id"])
    training = cached(peers.peer_training, scope, team_ids, window)
    hidden = _suppressed_teams(training)
    figure = cached_figure(_peer_training, query(peers.peer_training, scope, team_ids, window), len(team_ids))
    chart(figure, key="pj_peer_training")
    if hidden:
        st.caption(
            f"{hidden} of {len(team_ids)} teams have fewer than {min_group_size()} staff: their training is "
            f"{suppressed_label()} and left out of the totals."
        )
    table(peers.course_rows(peers.training_by_course(training)), key="pj_peer_courses")


def _peer_levels(found: pd.DataFrame, team_names: bool, span: str, own: tuple) -> go.Figure:
    return peer_levels_figure(found if team_names else peers.anonymised(found), span, own)


def _suppressed_teams(training: pd.DataFrame) -> int:
    """Teams whose training is suppressed (too few staff): left out of the totals."""
    return int(training.loc[training["suppressed"], "team_id"].nunique())


def _peer_training(training: pd.DataFrame, teams: int) -> go.Figure:
    return peer_training_figure(peers.training_by_course(training), teams - _suppressed_teams(training))
