"""Project library: what worked, who adapted it and how that went; and teams like mine that moved up."""

import pandas as pd
import streamlit as st

from lmp_metrics import peers, projects
from lmp_metrics.charts.projects import (
    chain_figure,
    improvement_text,
    peer_levels_figure,
    peer_training_figure,
    topic_figure,
)
from lmp_metrics.privacy import suppressed_label
from lmp_metrics.quarters import quarter_label
from lmp_metrics.settings import min_group_size
from lmp_metrics.team_search import search_teams, team_label
from ui import urlstate
from ui.auth import require_access, require_team
from ui.data import cached
from ui.filters import sidebar_filters
from ui.layout import cached_figure, chart, empty_state, footer, page_header, page_link, table
from ui.sections import table_with_csv

VIEWS = {"library": "Project library", "peers": "Teams like mine that moved up"}

page_header(
    "Project library",
    "Which UBT improvement projects worked, how often other teams adapted them and how that went; "
    "and which teams like yours moved up, with the projects and training behind it.",
)
access = require_access()
filters = sidebar_filters()
wanted = urlstate.get_one("view", "library")
view = (
    st.segmented_control(
        "Show",
        list(VIEWS),
        default=wanted if wanted in VIEWS else "library",
        format_func=VIEWS.get,
        key="pj_view",
    )
    or "library"
)
urlstate.set_value("view", None if view == "library" else view)
names_visible = access.can_see_team_rows()


def scorecard_link(team_id: str, name: str) -> None:
    """Link to a team's scorecard carrying the filters, where the caller may open it."""
    page_link("scorecard", f"Open the scorecard of {name}", ":material/badge:", team=team_id)


def project_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Library rows as people read them (team columns only for roles with team-level access)."""
    shown = pd.DataFrame(  # what a reader scans first comes first: project, how it went, status
        {
            "Project": frame["title"],
            "Improvement": [
                improvement_text(i, c, n)
                for i, c, n in zip(frame["improvement"], frame["change"], frame["result_note"], strict=True)
            ],
            "Status": frame["status"],
        }
    )
    if "adaptations_direct" in frame:
        shown["Adapted (direct / in all)"] = [
            f"{d} / {t}" for d, t in zip(frame["adaptations_direct"], frame["adaptations_total"], strict=True)
        ]
        shown["Adaptations improved"] = [
            f"{i} of {w}" if w else "—"
            for i, w in zip(frame["adaptations_improved"], frame["adaptations_with_result"], strict=True)
        ]
        shown["Adaptations' median improvement"] = [
            "—" if pd.isna(m) else f"{m:+.0%}" for m in frame["adaptations_median_improvement"]
        ]
    shown = shown.assign(
        Topic=frame["topic"].to_numpy(),
        Team=frame["team_name"].to_numpy(),
        Metric=frame["metric_name"].to_numpy(),
        Baseline=frame["baseline"].to_numpy(),
        Result=frame["result"].to_numpy(),
        Facility=frame["facility"].to_numpy(),
        Region=frame["region"].to_numpy(),
    )
    return shown if names_visible else shown.drop(columns=["Team"])


def library() -> None:
    """Search, filter and rank projects; show the chosen project's adaptation chain."""
    topic_options = cached(projects.topics, filters)
    top = st.columns([3, 2, 2])
    text = top[0].text_input(
        "Search title, topic or metric", value=urlstate.get_one("q", ""), key="pj_q", placeholder="e.g. falls"
    )
    chosen_topics = top[1].multiselect(
        "Topic",
        topic_options,
        default=[t for t in urlstate.get_list("topic") if t in topic_options],
        key="pj_topic",
        placeholder="All",
    )
    statuses = top[2].multiselect(
        "Status",
        projects.STATUSES,
        default=[s for s in urlstate.get_list("status") if s in projects.STATUSES],
        key="pj_status",
        placeholder="All",
    )
    lower = st.columns([2, 2, 3])
    band = urlstate.url_selectbox(
        "size",
        "Size of improvement",
        list(projects.IMPROVEMENT_BANDS),
        "any",
        key="pj_size",
        container=lower[0],
        drop_default=True,
        format_func=lambda b: projects.IMPROVEMENT_BANDS[b][0],
    )
    sort = urlstate.url_selectbox(
        "sort",
        "Sort by",
        list(projects.SORTS),
        "impact",
        key="pj_sort",
        container=lower[1],
        drop_default=True,
        format_func=lambda s: projects.SORTS[s][0],
    )
    urlstate.set_value("q", text.strip())
    urlstate.set_value("topic", chosen_topics)
    urlstate.set_value("status", statuses)
    lower[2].caption(
        "Improvement = (result − baseline) ÷ |baseline|, signed so that **positive is better** "
        "(a fall counts as a gain where lower is better). No result yet, no baseline or a baseline of 0 "
        "give no percentage (a baseline of 0 shows the change in the metric's units). Projects count when "
        "they ran at some point in the chosen quarters; region, facility and labor partner come from the "
        "sidebar filters."
    )
    search = projects.ProjectSearch(text.strip(), tuple(chosen_topics), tuple(statuses), band, sort)
    found = cached(projects.search_projects, filters, search)
    if found.empty:
        empty_state("No project matches. Clear the search or widen the filters.")
        return
    matches = int(found["matches"].iloc[0])
    chart(cached_figure(topic_figure, cached(projects.topic_summary, filters, search)), key="pj_topics")
    st.subheader(f"{matches:,} projects" + (f" (first {len(found)} shown)" if matches > len(found) else ""))
    st.caption("Select a row to see where the project came from, who adapted it and how they did.")
    event = table_with_csv(
        project_rows(found),
        "pj_table",
        "projects.csv",
        on_select="rerun",
        selection_mode="single-row",
        height=420,
    )
    picked = event.selection.rows if event else []
    project_id = found["project_id"].iloc[picked[0]] if picked else urlstate.get_one("project")
    if picked:
        urlstate.set_value("project", project_id)
    show_chain(project_id)


def show_chain(project_id: str | None) -> None:
    """The adaptation family of one project, as a tree and a table."""
    st.subheader("Adaptation chain")
    chain = cached(projects.adaptation_chain, project_id) if project_id else pd.DataFrame()
    if chain.empty:
        empty_state("Select a project in the table above to see where it came from and who adapted it.")
        return
    chart(cached_figure(chain_figure, chain), key="pj_chain")
    if chain["in_cycle"].any():
        st.warning(
            "The source records of this family loop back on themselves (a project is recorded as adapted "
            "from one of its own adaptations); the loop is cut at the project shown as the origin.",
            icon=":material/sync_problem:",
        )
    rows = project_rows(chain)
    rows.insert(
        0, "Generation", chain["generation"].map(lambda g: "origin" if g == 0 else f"{g}. adaptation")
    )
    table(rows, key="pj_chain_table")


def teams_like_mine() -> None:
    """Comparable teams that rose at least one level, with their projects and training."""
    team_id = urlstate.get_one("team")
    if not team_id:
        text = st.text_input(
            "Find your team", key="pj_team_search", placeholder="team name, department or facility"
        )
        hits = cached(search_teams, text, filters) if text.strip() else pd.DataFrame()
        if hits.empty:
            empty_state(
                "Type part of your team's name to start, or open this view from your team's scorecard."
            )
            return
        labels = {row["team_id"]: team_label(row) for _, row in hits.iterrows()}
        team_id = st.selectbox("Team", list(labels), format_func=labels.get, key="pj_team_pick")
        urlstate.set_value("team", team_id)
    require_team(team_id)
    scope = filters.narrowed(
        first_quarter=None
    )  # the window ends where the range ends; its start plays no part
    window = cached(peers.peer_window, team_id, scope)
    if window is None:
        empty_state("This team is not assessed in the chosen quarters, or it is outside the filters.")
        return
    scorecard_link(team_id, window.team_name)
    options = st.columns([2, 2, 3])
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
    span = f"{quarter_label(window.start_quarter)} → {quarter_label(window.end_quarter)}"
    if window.start_level is None:
        empty_state(
            f"{window.team_name} was not assessed in {quarter_label(window.start_quarter)}, four quarters "
            f"before its latest assessment, so there is no starting level to compare from."
        )
        return
    low, high = max(1, window.start_level - tolerance), min(5, window.start_level + tolerance)
    options[2].caption(
        f"**{window.team_name}**: level {window.start_level} → {window.end_level} over {span}. "
        f"Comparable teams: department type **{window.department_type}**, "
        + (f"region **{window.region}** only" if same_region else "any region")
        + f", level {low}{'' if low == high else f'–{high}'} in {quarter_label(window.start_quarter)}, "
        f"and up at least one level by {quarter_label(window.end_quarter)}."
    )
    criteria = peers.PeerCriteria(level_tolerance=tolerance, same_region=same_region)
    found = cached(peers.teams_like_mine, window, scope, criteria)
    if not names_visible:
        found = found.assign(team_name=[f"Comparable team {i + 1}" for i in range(len(found))])
    own = (window.team_name, window.start_level, window.end_level)
    chart(cached_figure(peer_levels_figure, found, span, own), key="pj_peers")
    if found.empty:
        return
    table(
        found.rename(
            columns={
                "team_name": "Team",
                "facility": "Facility",
                "region": "Region",
                "start_level": f"Level {quarter_label(window.start_quarter)}",
                "end_level": f"Level {quarter_label(window.end_quarter)}",
                "movement": "Levels gained",
                "people": "Staff",
                "projects": "Projects in window",
            }
        ).drop(columns=["team_id"]),
        key="pj_peer_table",
    )
    team_ids = tuple(found["team_id"])
    names = dict(zip(found["team_id"], found["team_name"], strict=True))
    st.subheader("Their projects in the window")
    ran = cached(peers.peer_projects, scope, team_ids, window)
    if ran.empty:
        empty_state("These teams recorded no project running in the window.")
    else:
        table(project_rows(ran.assign(team_name=ran["team_id"].map(names))), key="pj_peer_projects")
    st.subheader("Their training in the window")
    training = cached(peers.peer_training, scope, team_ids, window)
    by_course = peers.training_by_course(training)
    hidden = int(training.loc[training["suppressed"], "team_id"].nunique())
    shown_teams = len(team_ids) - hidden
    chart(cached_figure(peer_training_figure, by_course, shown_teams), key="pj_peer_training")
    if hidden:
        st.caption(
            f"{hidden} of {len(team_ids)} teams have fewer than {min_group_size()} staff: their training is "
            f"{suppressed_label()} and left out of the totals."
        )
    table(
        by_course.rename(
            columns={"course_title": "Course", "teams": "Teams", "completions": "Completions"}
        ).drop(columns=["course_id"]),
        key="pj_peer_courses",
    )


if view == "library":
    library()
else:
    teams_like_mine()
footer()
