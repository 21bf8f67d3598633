"""People Pulse survey indices (engagement, Just Culture, speak up) rolled up above the team level.

A group's score is the respondent-weighted mean of its teams' scores; a group with fewer than
``min_group_size()`` respondents is suppressed (score and respondents NaN, ``suppressed`` True).
Everything reads ``mart_survey_team_year`` (one row per team × survey year × index).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from lmp_metrics.database import Database
from lmp_metrics.filters import Filters, group_column
from lmp_metrics.privacy import suppress_small_groups

INDEX_NAMES: dict[str, str] = {
    "engagement": "Engagement",
    "just_culture": "Just Culture",
    "speak_up": "Speak up",
}
SUMMARY_COLUMNS = ["group", "survey_year", "index_name", "respondents", "score", "suppressed", "teams"]


def _year_where(filters: Filters, years: Iterable[int] | None) -> tuple[str, list]:
    """Condition on ``survey_year``: the given years, else the years the quarter range touches."""
    if years is not None:
        chosen = sorted({int(y) for y in years})
        if not chosen:
            return "FALSE", []
        return f"survey_year IN ({', '.join('?' * len(chosen))})", chosen
    clauses, params = [], []
    if filters.first_quarter:
        clauses.append("survey_year >= ?")
        params.append(filters.first_quarter.year)
    if filters.last_quarter:
        clauses.append("survey_year <= ?")
        params.append(filters.last_quarter.year)
    return (" AND ".join(clauses) or "TRUE"), params


def scope_where(filters: Filters, years: Iterable[int] | None = None) -> tuple[str, list]:
    """Teams allowed by ``filters`` and the survey years chosen (see ``survey_summary``)."""
    team_sql, team_params = filters.team_where()
    year_sql, year_params = _year_where(filters, years)
    return f"({team_sql}) AND ({year_sql})", team_params + year_params


def survey_summary(
    db: Database, filters: Filters, by: str, years: Iterable[int] | None = None
) -> pd.DataFrame:
    """One row per group × survey year × index: respondents, weighted mean score, suppressed.

    ``by`` is a key of ``filters.GROUPINGS``. ``years=None`` means the survey years overlapping the
    filters' quarter range (all years when the range is open). ``score`` is
    sum(score × respondents) / sum(respondents) over the group's teams; ``teams`` counts the teams
    with a result. Groups with fewer respondents than ``min_group_size()`` get NaN score and
    respondents and ``suppressed`` True.
    """
    where, params = scope_where(filters, years)
    frame = db.query(
        f"""
        SELECT {group_column(by)} AS "group", survey_year, index_name,
               sum(respondents) AS respondents,
               sum(score * respondents) / nullif(sum(respondents), 0) AS score,
               count(*) AS teams
        FROM mart_survey_team_year
        WHERE {where}
        GROUP BY ALL
        ORDER BY 1, 2, 3
        """,
        params,
    )
    return suppress_small_groups(frame, "respondents", ["score"])[SUMMARY_COLUMNS]
