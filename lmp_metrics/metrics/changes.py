"""What changed in a quarter, for a scope: the queries behind the leaders' exceptions list.

Every figure comes from the functions the other pages use (``levels.level_summary``,
``training.training_rates``, ``surveys.year_over_year``), so the suppression marks are theirs.
Team-level frames (falls, coverage, formed/closed) name teams; the views decide who sees names.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.metrics import surveys, training
from lmp_metrics.metrics.dispersion import Dispersion, adjusted_positions
from lmp_metrics.metrics.levels import level_summary
from lmp_metrics.vocabulary.quarters import quarter_end, shift_quarters

SIGNIFICANT_Z = 1.96  # two-sided 95% for a change between two quarters


def comparison_level(filters: Filters) -> str:
    """The groups compared with each other: departments inside facilities, else facilities."""
    return "department" if filters.facilities or filters.departments or filters.team_ids else "facility"


def share_outliers(db: Database, filters: Filters, by: str, quarter: date) -> tuple[pd.DataFrame, Dispersion]:
    """High-performing share of each ``by`` group placed against over-dispersion adjusted limits."""
    groups = level_summary(db, filters, by, [quarter])
    return adjusted_positions(groups, "high_performing_teams", "assessed_teams")


def training_two_quarters(db: Database, filters: Filters, by: str, quarter: date) -> pd.DataFrame:
    """``training.training_rates`` per ``by`` group at the end of the previous quarter and this one
    (one query for both the on-time funnel and the overdue growth)."""
    return training.training_rates(db, filters, by, [shift_quarters(quarter, -1), quarter])


def on_time_outliers(rates: pd.DataFrame, quarter: date) -> tuple[pd.DataFrame, Dispersion]:
    """On-time training rate of each shown group in ``quarter`` (``training_two_quarters`` rows)
    against adjusted limits; hidden groups take no part (their counts are hidden)."""
    now = rates[(rates["quarter"] == quarter) & ~rates["suppressed"] & (rates["due"] > 0)]
    return adjusted_positions(now.assign(label=now["group"]).reset_index(drop=True), "on_time", "due")


def share_changes(db: Database, filters: Filters, by: str, quarter: date) -> pd.DataFrame:
    """Each group's high-performing share now and four quarters earlier, with a two-proportion
    z-test. Columns: group, label, before, now, change, teams_before, teams_now, z, significant."""
    year_ago = shift_quarters(quarter, -4)
    summary = level_summary(db, filters, by, [year_ago, quarter])
    now = summary[summary["quarter"] == quarter].set_index("group")
    before = summary[summary["quarter"] == year_ago].set_index("group").reindex(now.index)
    n1, n2 = before["assessed_teams"], now["assessed_teams"]
    pooled = (before["high_performing_teams"] + now["high_performing_teams"]) / (n1 + n2)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    change = now["high_performing_share"] - before["high_performing_share"]
    out = pd.DataFrame(
        {
            "label": now["label"],
            "before": before["high_performing_share"],
            "now": now["high_performing_share"],
            "change": change,
            "teams_before": n1,
            "teams_now": n2,
            "z": change / spread.where(spread > 0),
        }
    ).reset_index()
    out["significant"] = out["z"].abs() > SIGNIFICANT_Z
    return out.dropna(subset=["before"]).sort_values("change", ignore_index=True)


def team_falls(db: Database, filters: Filters, quarter: date) -> pd.DataFrame:
    """Teams that fell two levels or more since the previous quarter, or fell in each of the last
    two quarters. Columns: team_id, team_name, facility, region, service_area, level_two_before,
    level_before, level, drop (previous level − level), how ('two levels' or 'two quarters running')."""
    team_sql, params = filters.team_where("n")
    previous, before = shift_quarters(quarter, -1), shift_quarters(quarter, -2)
    return db.query(
        f"""
        SELECT n.team_id, n.team_name, n.facility, n.region, n.service_area,
               b.level AS level_two_before, p.level AS level_before, n.level,
               p.level - n.level AS drop,
               CASE WHEN p.level - n.level >= 2 THEN 'two levels' ELSE 'two quarters running' END AS how
        FROM mart_team_quarter AS n
        JOIN mart_team_quarter AS p ON p.team_id = n.team_id AND p.quarter = ?
        LEFT JOIN mart_team_quarter AS b ON b.team_id = n.team_id AND b.quarter = ?
        WHERE n.quarter = ? AND ({team_sql})
          AND (p.level - n.level >= 2 OR (n.level < p.level AND p.level < b.level))
        ORDER BY drop DESC, n.level, n.team_id
        """,
        [previous, before, quarter, *params],
    )


def coverage_gaps(db: Database, filters: Filters, quarter: date) -> pd.DataFrame:
    """Per facility: teams assessed the previous quarter, open all this quarter, without an
    assessment now. Columns: region, service_area, facility, assessed_before, missing, team_ids,
    team_names (lists); facilities with none missing are left out; most missing first."""
    team_sql, params = filters.team_where("p")
    return db.query(
        f"""
        SELECT p.region, p.service_area, p.facility, count(*) AS assessed_before,
               count(*) FILTER (WHERE n.team_id IS NULL) AS missing,
               list(p.team_id ORDER BY p.team_id) FILTER (WHERE n.team_id IS NULL) AS team_ids,
               list(p.team_name ORDER BY p.team_id) FILTER (WHERE n.team_id IS NULL) AS team_names
        FROM mart_team_quarter AS p
        JOIN teams AS t USING (team_id)
        LEFT JOIN mart_team_quarter AS n ON n.team_id = p.team_id AND n.quarter = ?
        WHERE p.quarter = ? AND ({team_sql}) AND (t.closed_on IS NULL OR t.closed_on > ?)
        GROUP BY ALL
        HAVING missing > 0
        ORDER BY missing DESC, missing / assessed_before DESC, p.facility
        """,
        [quarter, shift_quarters(quarter, -1), *params, quarter_end(quarter)],
    )


def formed_and_closed(db: Database, filters: Filters, quarter: date) -> pd.DataFrame:
    """Teams formed or closed during the quarter. Columns: team_id, team_name, facility, change
    ('formed' or 'closed'), on (the date)."""
    team_sql, params = filters.team_where()
    end = quarter_end(quarter)
    return db.query(
        f"""
        SELECT team_id, team_name, facility, 'formed' AS change, formed_on AS "on"
        FROM teams WHERE formed_on BETWEEN ? AND ? AND ({team_sql})
        UNION ALL
        SELECT team_id, team_name, facility, 'closed', closed_on
        FROM teams WHERE closed_on BETWEEN ? AND ? AND ({team_sql})
        ORDER BY change DESC, "on", team_id
        """,
        [quarter, end, *params, quarter, end, *params],
    )


def overdue_growth(rates: pd.DataFrame, quarter: date) -> pd.DataFrame:
    """Overdue assignments per group at the end of the previous quarter and of ``quarter``
    (``training_two_quarters`` rows). Columns: group, before, now, growth (now − before); groups
    hidden in either quarter are left out; largest growth first."""
    previous = shift_quarters(quarter, -1)
    shown = rates[~rates["suppressed"]].pivot(index="group", columns="quarter", values="overdue")
    shown = shown.reindex(columns=[previous, quarter]).dropna()
    out = pd.DataFrame({"before": shown[previous], "now": shown[quarter]})
    out["growth"] = out["now"] - out["before"]
    return out.reset_index().sort_values(["growth", "group"], ascending=[False, True], ignore_index=True)


def survey_year_for(db: Database, filters: Filters, quarter: date) -> int | None:
    """The latest survey year not after the quarter's year (None without survey results)."""
    years = surveys.survey_years(db, filters.narrowed(first_quarter=None, last_quarter=None))
    earlier = [y for y in years if y <= quarter.year]
    return earlier[-1] if earlier else None


def just_culture_changes(db: Database, filters: Filters, by: str, year: int) -> pd.DataFrame:
    """Just Culture index change per group from ``year − 1`` to ``year`` (``surveys.year_over_year``
    rows of that index with both years shown), biggest fall first."""
    changes = surveys.year_over_year(db, filters, by, year)
    return changes[(changes["index_name"] == "just_culture") & changes["change"].notna()].reset_index(
        drop=True
    )


_PATH_COLUMNS = ("region", "service_area", "facility", "department")


def group_paths(db: Database, filters: Filters, by: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """Where each ``by`` group sits: group → ((level, value), …) from the region down to it (the
    first such path for a name found in several places), for links into the overview's drill-down."""
    if by not in _PATH_COLUMNS:
        return {}
    columns = _PATH_COLUMNS[: _PATH_COLUMNS.index(by) + 1]
    team_sql, params = filters.team_where()
    rows = db.rows(
        f"SELECT DISTINCT {', '.join(columns)} FROM teams WHERE {team_sql} ORDER BY {', '.join(columns)}",
        params,
    )
    paths: dict[str, tuple[tuple[str, str], ...]] = {}
    for row in rows:
        paths.setdefault(row[-1], tuple(zip(columns, row, strict=True)))
    return paths
