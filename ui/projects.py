"""The project library view: search and filter projects, rank them, and show one project's
adaptation chain. URL state: ``q``, ``topic``, ``status``, ``size``, ``sort``, ``project``."""

from __future__ import annotations

import streamlit as st

from lmp_metrics.access.filters import Filters
from lmp_metrics.charts.projects import chain_figure, topic_figure
from lmp_metrics.metrics import projects
from lmp_metrics.views import projects as project_rows
from ui import urlstate
from ui.auth import require_access
from ui.layout import cached_figure, chart, empty_state, table
from ui.reads import cached, query
from ui.sections import table_with_csv

METHOD = (
    "Improvement = (result − baseline) ÷ |baseline|, signed so that **positive is better** "
    "(a fall counts as a gain where lower is better). No result yet, no baseline or a baseline of 0 "
    "give no percentage (a baseline of 0 shows the change in the metric's units). Projects count when "
    "they ran at some point in the chosen quarters; region, facility and labor partner come from the "
    "sidebar filters."
)


def library(filters: Filters) -> None:
    """Search, filter and rank projects; show the chosen project's adaptation chain."""
    search = library_search(filters)
    found = cached(projects.search_projects, filters, search)
    if found.empty:
        empty_state("No project matches. Clear the search or widen the filters.")
        return
    matches = int(found["matches"].iloc[0])
    chart(cached_figure(topic_figure, query(projects.topic_summary, filters, search)), key="pj_topics")
    st.subheader(f"{matches:,} projects" + (f" (first {len(found)} shown)" if matches > len(found) else ""))
    st.caption("Select a row to see where the project came from, who adapted it and how they did.")
    event = table_with_csv(
        project_rows.library_rows(found),
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
    adaptation_chain(project_id)


def library_search(filters: Filters) -> projects.ProjectSearch:
    """The search box, topic, status, size and sort controls (kept in the URL), and how to read them."""
    topic_options = cached(projects.topics, filters)
    top = st.columns([3, 2, 2])
    text = top[0].text_input(
        "Search title, topic or metric", value=urlstate.get_one("q", ""), key="pj_q", placeholder="e.g. falls"
    )
    topics = top[1].multiselect(
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
    band = choice(lower[0], "size", "Size of improvement", projects.IMPROVEMENT_BANDS, "any")
    sort = choice(lower[1], "sort", "Sort by", projects.SORTS, "impact")
    urlstate.set_value("q", text.strip())
    urlstate.set_value("topic", topics)
    urlstate.set_value("status", statuses)
    lower[2].caption(METHOD)
    return projects.ProjectSearch(text.strip(), tuple(topics), tuple(statuses), band, sort)


def choice(container: object, param: str, label: str, choices: dict[str, tuple], default: str) -> str:
    """A selectbox over ``choices`` (key → (label, …)) kept in the URL parameter ``param``; the
    default stays out of the URL. Its widget key is ``pj_<param>``."""
    return urlstate.url_selectbox(
        param,
        label,
        list(choices),
        default,
        key=f"pj_{param}",
        container=container,
        drop_default=True,
        format_func=lambda key: choices[key][0],
    )


def adaptation_chain(project_id: str | None) -> None:
    """The adaptation family of one project, as a tree and a table (only the projects the reader's
    access reaches: see ``lmp_metrics.access.read_path``)."""
    st.subheader("Adaptation chain")
    if not project_id:
        empty_state("Select a project in the table above to see where it came from and who adapted it.")
        return
    chain = cached(projects.adaptation_chain, project_id)
    if not chain["chosen"].any():
        empty_state("The project in the address is not in the library, or outside your access.")
        return
    chart(cached_figure(chain_figure, query(projects.adaptation_chain, project_id)), key="pj_chain")
    if not require_access().is_national:
        st.caption("Projects of this family outside your access are left out of the chain.")
    if chain["in_cycle"].any():
        st.warning(
            "The source records of this family loop back on themselves (a project is recorded as adapted "
            "from one of its own adaptations); the loop is cut at the project shown as the origin.",
            icon=":material/sync_problem:",
        )
    table(project_rows.chain_rows(chain), key="pj_chain_table")
