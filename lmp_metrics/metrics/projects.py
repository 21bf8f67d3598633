"""UBT project library: search, filter and rank projects, and follow their adaptation chains.

Reads ``mart_projects`` (one row per project). Improvement is ``(result − baseline) / |baseline|``
signed so that positive is better; it is missing ("no result yet", "baseline 0", …) rather than 0
when it cannot be computed, and ``change`` carries the signed difference in the metric's own units.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.vocabulary.quarters import quarter_end

STATUSES = ("completed", "in progress")

# key → (label, SQL condition on mart_projects); the condition is code, never user text.
IMPROVEMENT_BANDS: dict[str, tuple[str, str]] = {
    "any": ("Any", "TRUE"),
    "improved": ("Improved", "change > 0"),
    "10": ("Improved by 10% or more", "improvement >= 0.10"),
    "25": ("Improved by 25% or more", "improvement >= 0.25"),
    "50": ("Improved by 50% or more", "improvement >= 0.50"),
    "not_improved": ("No change or worse", "change <= 0"),
    "no_result": ("No result yet", "result IS NULL"),
}

# key → (label, ORDER BY); every order ends on project_id so ties always come out the same way.
SORTS: dict[str, tuple[str, str]] = {
    "impact": (
        "Improvement (largest first)",
        "improvement DESC NULLS LAST, adaptations_total DESC, project_id",
    ),
    "adapted": (
        "Times adapted (most first)",
        "adaptations_total DESC, improvement DESC NULLS LAST, project_id",
    ),
    "recent": ("Most recent first", "coalesce(completed_on, started_on) DESC, project_id"),
}

LIBRARY_COLUMNS = """project_id, title, topic, team_id, team_name, facility, region, status,
    started_on, completed_on, metric_name, baseline, result, higher_is_better, change, improvement,
    result_note, adapted_from_project_id, adaptations_direct, adaptations_total, chain_depth,
    adapting_teams, adaptations_with_result, adaptations_improved, adaptations_improved_share,
    adaptations_median_improvement"""


@dataclass(frozen=True)
class ProjectSearch:
    """What the library is asked for, beyond the shared filters. Empty means "no restriction"."""

    text: str = ""
    topics: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    band: str = "any"
    sort: str = "impact"


def _in(column: str, values: Sequence[str]) -> tuple[str, list]:
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


def library_where(filters: Filters, search: ProjectSearch) -> tuple[str, list]:
    """WHERE clause and params for the shared filters plus a library search.

    Quarter range: a project counts when it was running at some point in the range (started by the
    range's end, and not completed before its start).
    """
    if search.band not in IMPROVEMENT_BANDS:
        raise ValueError(f"unknown improvement band {search.band!r}")
    team_sql, params = filters.team_where()
    clauses = [f"({team_sql})", IMPROVEMENT_BANDS[search.band][1]]
    if filters.last_quarter:
        clauses.append("started_on <= ?")
        params.append(quarter_end(filters.last_quarter))
    if filters.first_quarter:
        clauses.append("(completed_on IS NULL OR completed_on >= ?)")
        params.append(filters.first_quarter)
    for word in search.text.lower().split():
        clauses.append("contains(search_text, ?)")
        params.append(word)
    for column, values in (("topic", search.topics), ("status", search.statuses)):
        if values:
            sql, values_params = _in(column, values)
            clauses.append(sql)
            params.extend(values_params)
    return " AND ".join(clauses), params


def search_projects(db: Database, filters: Filters, search: ProjectSearch, limit: int = 200) -> pd.DataFrame:
    """Matching projects, best first by ``search.sort``, at most ``limit`` rows.

    Every word of ``search.text`` must occur in the title, topic or metric name (any case).
    ``matches`` holds the number of matching projects before the limit.
    """
    if search.sort not in SORTS:
        raise ValueError(f"unknown sort {search.sort!r}")
    where, params = library_where(filters, search)
    return db.query(
        f"""
        SELECT {LIBRARY_COLUMNS}, count(*) OVER () AS matches
        FROM mart_projects
        WHERE {where}
        ORDER BY {SORTS[search.sort][1]}
        LIMIT ?
        """,
        [*params, int(limit)],
    )


def topic_summary(db: Database, filters: Filters, search: ProjectSearch) -> pd.DataFrame:
    """Per topic among the matching projects: projects, with result, improved share, median improvement."""
    where, params = library_where(filters, search)
    return db.query(
        f"""
        SELECT topic,
               count(*) AS projects,
               count(change) AS with_result,
               count(*) FILTER (WHERE change > 0) / nullif(count(change), 0) AS improved_share,
               median(improvement) AS median_improvement
        FROM mart_projects
        WHERE {where}
        GROUP BY topic
        ORDER BY median_improvement DESC NULLS LAST, topic
        """,
        params,
    )


def topics(db: Database, filters: Filters) -> list[str]:
    """Distinct project topics among the teams the filters allow."""
    where, params = filters.team_where()
    return [
        r[0] for r in db.rows(f"SELECT DISTINCT topic FROM mart_projects WHERE {where} ORDER BY 1", params)
    ]


def adaptation_chain(db: Database, project_id: str) -> pd.DataFrame:
    """The whole adaptation family of a project: its origin and everything adapted from it.

    Walks up ``adapted_from_project_id`` to the origin (stopping at a project already seen, so a
    cycle ends), then down to every adaptation. One row per project with ``generation`` (0 for the
    origin), ``parent_id`` (NULL for the origin) and ``chosen``; ``in_cycle`` marks an origin whose
    own source is in the family (the edge that would close the loop is not drawn). Rows come in
    tree order: each project right after its parent, siblings best improvement first.
    """
    family = db.query(
        """
        WITH RECURSIVE up (project_id, parent_id, path) AS (
            SELECT project_id, adapted_from_project_id, [project_id]
            FROM mart_projects WHERE project_id = ?
            UNION ALL
            SELECT p.project_id, p.adapted_from_project_id, list_append(u.path, p.project_id)
            FROM up AS u JOIN mart_projects AS p ON p.project_id = u.parent_id
            WHERE NOT list_contains(u.path, p.project_id)
        ),
        origin AS (SELECT project_id FROM up ORDER BY len(path) DESC LIMIT 1),
        down (project_id, parent_id, generation, path) AS (
            SELECT project_id, NULL::VARCHAR, 0, [project_id] FROM origin
            UNION ALL
            SELECT c.project_id, d.project_id, d.generation + 1, list_append(d.path, c.project_id)
            FROM down AS d JOIN mart_projects AS c ON c.adapted_from_project_id = d.project_id
            WHERE NOT list_contains(d.path, c.project_id)
        )
        SELECT d.project_id, d.parent_id, d.generation, p.title, p.topic, p.team_id, p.team_name,
               p.facility, p.region, p.status, p.started_on, p.completed_on, p.metric_name,
               p.baseline, p.result, p.change, p.improvement, p.result_note,
               p.adapted_from_project_id, p.project_id = ? AS chosen
        FROM down AS d JOIN mart_projects AS p ON p.project_id = d.project_id
        """,
        [project_id, project_id],
    )
    family["in_cycle"] = (family["generation"] == 0) & family["adapted_from_project_id"].isin(
        family["project_id"]
    )
    return _tree_order(family)


def _tree_order(family: pd.DataFrame) -> pd.DataFrame:
    """Depth-first order: each project followed by its adaptations, best improvement first."""
    ranked = family.sort_values(["improvement", "change", "project_id"], ascending=[False, False, True])
    children: dict[object, list[int]] = {}
    for index, parent in zip(ranked.index, ranked["parent_id"], strict=True):
        children.setdefault(None if pd.isna(parent) else parent, []).append(index)
    order, stack = [], list(reversed(children.get(None, [])))
    while stack:
        index = stack.pop()
        order.append(index)
        stack.extend(reversed(children.get(family.at[index, "project_id"], [])))
    return family.loc[order].reset_index(drop=True)
