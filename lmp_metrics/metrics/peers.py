"""Teams like mine that moved up: comparable teams that rose a level, their projects and training.

For a chosen team the window is the four quarters up to its latest assessment (within the filters'
quarter range): start quarter = end quarter − 4. Comparable teams have the same department type
(``mart_team_department_type``: "Denver Orthopedics" and "Oakland Orthopedics" are both
"Orthopedics"), in any region unless ``same_region`` is asked for, were
assessed in both quarters, started within ``level_tolerance`` levels of the chosen team's starting
level, and rose at least ``min_rise`` levels by the end quarter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.suppression import team_marks
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.projects import LIBRARY_COLUMNS
from lmp_metrics.vocabulary.quarters import quarter_end, shift_quarters

PEER_COLUMNS = [
    "team_id",
    "team_name",
    "facility",
    "region",
    "start_level",
    "end_level",
    "movement",
    "people",
    "projects",
]


@dataclass(frozen=True)
class PeerCriteria:
    """How alike a team must be to count as "like mine"."""

    level_tolerance: int = 1  # starting level within ± this many levels (0 = the same level)
    same_region: bool = False  # False: any region
    min_rise: int = 1  # levels gained over the four quarters


@dataclass(frozen=True)
class PeerWindow:
    """The chosen team and the four-quarter window its peers are compared over."""

    team_id: str
    team_name: str
    department: str
    department_type: str
    region: str
    start_quarter: date
    end_quarter: date
    start_level: int | None  # None: not assessed four quarters before its latest assessment
    end_level: int


def peer_window(db: Database, team_id: str, filters: Filters) -> PeerWindow | None:
    """The team's latest assessment within the filters' quarter range, and four quarters before.

    None when the team is unknown, outside the filters, or never assessed in the range.
    """
    team_sql, params = filters.team_where("q")
    clauses = [f"({team_sql})", "q.team_id = ?"]
    params.append(team_id)
    if filters.quarters.last:
        clauses.append("q.quarter <= ?")
        params.append(filters.quarters.last)
    row = db.rows(
        f"""
        SELECT q.team_id, q.team_name, q.department, d.department_type, q.region, q.quarter,
               q.level_year_ago, q.level
        FROM mart_team_quarter AS q
        JOIN mart_team_department_type AS d ON d.team_id = q.team_id
        WHERE {" AND ".join(clauses)}
        ORDER BY q.quarter DESC
        LIMIT 1
        """,
        params,
    )
    if not row:
        return None
    tid, name, department, department_type, region, end, start_level, end_level = row[0]
    return PeerWindow(
        tid,
        name,
        department,
        department_type,
        region,
        shift_quarters(end, -4),
        end,
        start_level,
        int(end_level),
    )


def teams_like_mine(
    db: Database, window: PeerWindow, filters: Filters, criteria: PeerCriteria = PeerCriteria()
) -> pd.DataFrame:
    """Comparable teams that moved up over ``window``, most levels gained first.

    Columns: team_id, team_name, facility, region, start_level, end_level, movement, people
    (staff on the team), projects (running during the window). Empty when the chosen team has no
    starting level.
    """
    if window.start_level is None:
        return pd.DataFrame(columns=PEER_COLUMNS)
    team_sql, params = filters.team_where("q")
    region_sql = "q.region = ?" if criteria.same_region else "TRUE"
    params += [window.end_quarter, window.department_type, window.team_id]
    params += [window.region] if criteria.same_region else []
    params += [
        window.start_level - criteria.level_tolerance,
        window.start_level + criteria.level_tolerance,
        criteria.min_rise,
        quarter_end(window.end_quarter),
        window.start_quarter,
    ]
    return db.query(
        f"""
        WITH peers AS (
            SELECT q.team_id, q.team_name, q.facility, q.region,
                   q.level_year_ago AS start_level, q.level AS end_level, q.movement
            FROM mart_team_quarter AS q
            JOIN mart_team_department_type AS d ON d.team_id = q.team_id
            WHERE ({team_sql}) AND q.quarter = ? AND d.department_type = ? AND q.team_id <> ?
              AND {region_sql}
              AND q.level_year_ago BETWEEN ? AND ? AND q.movement >= ?
        ),
        people AS (
            SELECT team_id, count(*) AS people FROM staff
            WHERE team_id IN (SELECT team_id FROM peers) GROUP BY team_id
        ),
        projects AS (
            SELECT team_id, count(*) AS projects FROM mart_projects
            WHERE team_id IN (SELECT team_id FROM peers)
              AND started_on <= ? AND (completed_on IS NULL OR completed_on >= ?)
            GROUP BY team_id
        )
        SELECT peers.*, coalesce(people.people, 0) AS people, coalesce(projects.projects, 0) AS projects
        FROM peers
        LEFT JOIN people USING (team_id)
        LEFT JOIN projects USING (team_id)
        ORDER BY movement DESC, end_level DESC, team_name, team_id
        """,
        params,
    )


def peer_projects(
    db: Database, filters: Filters, team_ids: Sequence[str], window: PeerWindow
) -> pd.DataFrame:
    """Projects of ``team_ids`` running at some point in the window, best improvement first."""
    if not team_ids:
        return pd.DataFrame(columns=["project_id", "team_id", "team_name", "title", "topic", "status"])
    team_sql, params = filters.team_where()
    marks = ", ".join("?" * len(team_ids))
    return db.query(
        f"""
        SELECT {LIBRARY_COLUMNS}
        FROM mart_projects
        WHERE ({team_sql}) AND team_id IN ({marks})
          AND started_on <= ? AND (completed_on IS NULL OR completed_on >= ?)
        ORDER BY improvement DESC NULLS LAST, adaptations_total DESC, project_id
        """,
        [*params, *team_ids, quarter_end(window.end_quarter), window.start_quarter],
    )


def peer_training(
    db: Database, filters: Filters, team_ids: Sequence[str], window: PeerWindow
) -> pd.DataFrame:
    """Course completions per team in the window (start quarter to end quarter, both included).

    Reads the training helper's ``mart_training_quarter`` (its per-course rows). One row per
    team × course with a completion, plus ``people`` (team staff). Teams whose training the
    disclosure marks hide at the window's end are suppressed: one row with NaN counts, course NULL,
    ``suppressed`` True, so not even which courses they took shows; a course the marks hide for a
    shown team is left out.
    """
    columns = ["team_id", "course_id", "course_title", "people", "completions", "suppressed"]
    if not team_ids:
        return pd.DataFrame(columns=columns)
    team_sql, params = filters.team_where("t")
    marks = ", ".join("?" * len(team_ids))
    frame = db.query(
        f"""
        WITH roster AS (
            SELECT s.team_id, count(*) AS people
            FROM staff AS s JOIN teams AS t USING (team_id)
            WHERE ({team_sql}) AND s.team_id IN ({marks})
            GROUP BY s.team_id
        ),
        done AS (
            SELECT team_id, course_id, any_value(course_title) AS course_title, sum(completed) AS completions
            FROM mart_training_quarter
            WHERE team_id IN ({marks}) AND course_id IS NOT NULL AND quarter BETWEEN ? AND ?
            GROUP BY team_id, course_id
            HAVING sum(completed) > 0
        )
        SELECT r.team_id, d.course_id, d.course_title, r.people, d.completions
        FROM roster AS r
        LEFT JOIN done AS d USING (team_id)
        ORDER BY r.team_id, d.course_title
        """,
        [*params, *team_ids, *team_ids, window.start_quarter, window.end_quarter],
    )
    whole = team_marks(db, "training", team_ids, "all", window.end_quarter)
    courses = team_marks(db, "training", team_ids, "course", window.end_quarter)
    shown_teams = set(whole.loc[whole["shown"], "team_id"])
    shown_courses = set(
        courses.loc[courses["shown"], ["team_id", "split_value"]].itertuples(index=False, name=None)
    )
    frame["suppressed"] = ~frame["team_id"].isin(shown_teams)
    hidden_course = pd.Series(
        [
            pd.notna(course) and (team, course) not in shown_courses
            for team, course in zip(frame["team_id"], frame["course_title"], strict=True)
        ],
        index=frame.index,
    )
    frame = frame[~(hidden_course & ~frame["suppressed"])].astype({"people": float, "completions": float})
    frame.loc[frame["suppressed"], ["people", "completions"]] = float("nan")
    frame.loc[frame["suppressed"], ["course_id", "course_title"]] = None
    return frame.drop_duplicates()[columns].reset_index(drop=True)


def training_by_course(training: pd.DataFrame) -> pd.DataFrame:
    """Courses the (unsuppressed) peer teams completed: teams that took it, completions; most teams first."""
    shown = training[~training["suppressed"] & training["course_id"].notna()]
    return (
        shown.groupby(["course_id", "course_title"], as_index=False)
        .agg(teams=("team_id", "nunique"), completions=("completions", "sum"))
        .sort_values(["teams", "completions", "course_title"], ascending=[False, False, True])
        .reset_index(drop=True)
    )


@dataclass(frozen=True)
class PeerFindings:
    """What the view shows of the comparable teams: the teams, their projects in the window, the
    courses they completed, and how many teams' training is suppressed (fewer than the minimum staff)."""

    teams: pd.DataFrame
    projects: pd.DataFrame
    courses: pd.DataFrame
    teams_suppressed: int


def peer_findings(
    db: Database, window: PeerWindow, filters: Filters, criteria: PeerCriteria = PeerCriteria()
) -> PeerFindings:
    """The comparable teams with their projects and training, in one result (so no team id has to
    leave ``lmp_metrics`` to ask for the rest; readers without team access see none)."""
    found = teams_like_mine(db, window, filters, criteria)
    team_ids = list(found["team_id"])
    training = peer_training(db, filters, team_ids, window)
    return PeerFindings(
        found,
        peer_projects(db, filters, team_ids, window),
        training_by_course(training),
        int(training.loc[training["suppressed"], "team_id"].nunique()),
    )
