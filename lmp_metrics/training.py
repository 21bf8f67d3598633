"""Training rates per the data contract: completion, on-time and overdue, as of a date.

Quarterly figures come from ``mart_training_quarter`` (cumulative counts as of each quarter's last
day), so no page view scans ``training_records``. Groups with fewer than ``min_group_size`` people
holding assignments are suppressed: NaN counts and rates, ``suppressed=True``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

from lmp_metrics.database import Database
from lmp_metrics.filters import GROUPINGS, Filters, group_column
from lmp_metrics.privacy import suppress_small_groups
from lmp_metrics.quarters import parse_quarter

# Breakdowns beyond the team hierarchy: person attributes and the course itself.
PERSON_GROUPINGS: dict[str, str] = {"role": "role", "labor_group": "labor_group", "course": "course_title"}
BREAKDOWNS: tuple[str, ...] = (*GROUPINGS, *PERSON_GROUPINGS)
COUNT_COLUMNS = ["assigned", "completed", "due", "on_time", "overdue"]
RATE_COLUMNS = ["completion_rate", "on_time_rate"]
RATES_FRAME_COLUMNS = ["group", "quarter", "people", *COUNT_COLUMNS, *RATE_COLUMNS, "suppressed"]


def breakdown_column(by: str) -> str:
    """SQL expression naming the group for ``by`` (hierarchy level, labor_partner, role, …)."""
    if by in PERSON_GROUPINGS:
        return PERSON_GROUPINGS[by]
    if by not in GROUPINGS:
        raise ValueError(f"unknown breakdown {by!r}; choose one of {', '.join(BREAKDOWNS)}")
    return group_column(by)


def cell_condition(by: str) -> str:
    """Which rows of a training mart to sum: per-course rows for ``course``, else all-course rows."""
    return "course_id IS NOT NULL" if by == "course" else "course_id IS NULL"


def with_rates(counts: pd.DataFrame) -> pd.DataFrame:
    """Add completion and on-time rates to summed counts, then suppress small groups."""
    out = counts.copy()
    for column in ["people", *COUNT_COLUMNS]:
        out[column] = out[column].astype("float64")
    out["completion_rate"] = out["completed"] / out["assigned"].replace(0, np.nan)
    out["on_time_rate"] = out["on_time"] / out["due"].replace(0, np.nan)
    return suppress_small_groups(out, "people", [*COUNT_COLUMNS, *RATE_COLUMNS])


def _quarter_condition(filters: Filters, quarters: Iterable[object] | None) -> tuple[str, list]:
    if quarters is None:
        return filters.quarter_where("quarter")
    chosen = sorted({parse_quarter(q) for q in quarters})
    if not chosen:
        return "FALSE", []
    return f"quarter IN ({', '.join('?' * len(chosen))})", chosen


def training_rates(
    db: Database, filters: Filters, by: str, quarters: Iterable[object] | None = None
) -> pd.DataFrame:
    """One row per group × quarter: people, counts and rates as of the quarter's last day.

    ``by`` is a hierarchy level, ``labor_partner``, ``role``, ``labor_group`` or ``course``.
    ``quarters`` (dates or labels such as ``2025-Q2``) overrides the filters' quarter range.
    Columns: group, quarter, people, assigned, completed, due, on_time, overdue, completion_rate,
    on_time_rate, suppressed. Sorted by group, then quarter.
    """
    group = breakdown_column(by)
    team_sql, team_params = filters.team_where()
    quarter_sql, quarter_params = _quarter_condition(filters, quarters)
    counts = db.query(
        f"""
        SELECT CAST({group} AS VARCHAR) AS "group", quarter,
               sum(people)::BIGINT AS people, sum(assigned)::BIGINT AS assigned,
               sum(completed)::BIGINT AS completed, sum(due)::BIGINT AS due,
               sum(on_time)::BIGINT AS on_time, sum(overdue)::BIGINT AS overdue
        FROM mart_training_quarter
        WHERE {cell_condition(by)} AND ({team_sql}) AND ({quarter_sql})
        GROUP BY ALL
        ORDER BY 1, 2
        """,
        [*team_params, *quarter_params],
    )
    counts["quarter"] = pd.to_datetime(counts["quarter"]).dt.date.astype(object)
    return with_rates(counts)[RATES_FRAME_COLUMNS]


def latest_quarter(db: Database) -> date | None:
    """The last quarter the training mart covers (None when there is no training data)."""
    return db.scalar("SELECT max(quarter) FROM mart_training_quarter")
