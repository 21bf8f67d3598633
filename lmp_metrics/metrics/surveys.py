"""People Pulse survey indices (engagement, Just Culture, speak up) rolled up above the team level.

A group's score is the respondent-weighted mean of its teams' scores; which groups are shown is
read from the disclosure marks (``privacy.marks``, family ``survey:<index>``, respondents as
people): hidden groups get NaN score and respondents and ``suppressed`` True. Everything reads
``mart_survey_team_year`` (one row per team × survey year × index).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from lmp_metrics.access.filters import Filters, group_column
from lmp_metrics.access.suppression import SHOWN_TEAMS, apply_marks, marks
from lmp_metrics.core.database import Database

SUMMARY_COLUMNS = ["group", "survey_year", "index_name", "respondents", "score", "suppressed", "teams"]


def _year_where(filters: Filters, years: Iterable[int] | None) -> tuple[str, list]:
    """Condition on ``survey_year``: the given years, else the years the quarter range touches."""
    if years is not None:
        chosen = sorted({int(y) for y in years})
        if not chosen:
            return "FALSE", []
        return f"survey_year IN ({', '.join('?' * len(chosen))})", chosen
    clauses, params = [], []
    span = filters.quarters
    if span.first:
        clauses.append("survey_year >= ?")
        params.append(span.first.year)
    if span.last:
        clauses.append("survey_year <= ?")
        params.append(span.last.year)
    return (" AND ".join(clauses) or "TRUE"), params


def yearly(filters: Filters) -> Filters:
    """The filters with the quarter range widened to whole survey years (surveys are yearly):
    every quarter range over the same years gives the same figures, and the same cache entries."""
    return filters.narrowed(quarters=filters.quarters.whole_years())


def scope_where(filters: Filters, years: Iterable[int] | None = None) -> tuple[str, list]:
    """Teams allowed by ``filters`` and the survey years chosen (see ``survey_summary``)."""
    team_sql, team_params = filters.team_where()
    year_sql, year_params = _year_where(filters, years)
    return f"({team_sql}) AND ({year_sql})", team_params + year_params


def survey_summary(
    db: Database,
    filters: Filters,
    by: str,
    years: Iterable[int] | None = None,
    index_names: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per group × survey year × index: respondents, weighted mean score, suppressed.

    ``by`` is a key of ``vocabulary.hierarchy.GROUPINGS``. ``years=None`` means the survey years overlapping the
    filters' quarter range (all years when the range is open). ``score`` is
    sum(score × respondents) / sum(respondents) over the group's teams; ``teams`` counts the teams
    with a result. Groups the marks hide (fewer respondents than ``min_group_size()``, or hidden so
    that no shown total gives a hidden group away) get NaN score and respondents and ``suppressed``.
    ``index_names`` limits the result to those indices (None: all), so only their marks are read.
    """
    frame = survey_totals(db, filters, by, years)
    if index_names is not None:
        frame = frame[frame["index_name"].isin(list(index_names))]
    parts = [frame.iloc[:0].assign(suppressed=False)]
    for index_name, rows in frame.groupby("index_name", sort=False):
        years = sorted({date(int(y), 1, 1) for y in rows["survey_year"]})
        shown = marks(db, f"survey:{index_name}", filters, by, years)
        shown = shown.assign(period=[period.year for period in shown["period"]])
        parts.append(apply_marks(rows, shown, ["score", "respondents"], period="survey_year"))
    return (
        pd.concat(parts, ignore_index=True)
        .sort_values(["group", "survey_year", "index_name"])[SUMMARY_COLUMNS]
        .reset_index(drop=True)
    )


def survey_totals(
    db: Database, filters: Filters, by: str, years: Iterable[int] | None = None
) -> pd.DataFrame:
    """``survey_summary`` before the disclosure marks (no ``suppressed`` column): an input for figures
    that are marked before anyone sees them (``metrics.methods``' resampling), never shown as it is."""
    where, params = scope_where(filters, years)
    return db.query(
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


def survey_years(db: Database, filters: Filters) -> list[int]:
    """Survey years with results for the teams the filters allow, within their quarter range."""
    where, params = scope_where(filters)
    sql = f"SELECT DISTINCT survey_year FROM mart_survey_team_year WHERE {where} ORDER BY 1"
    return [row[0] for row in db.rows(sql, params)]


def year_over_year(db: Database, filters: Filters, by: str, year: int) -> pd.DataFrame:
    """Each group's change from ``year − 1`` to ``year`` per index, biggest fall first.

    Columns: group, index_name, previous, score, change (score − previous), suppressed (this
    year), previous_suppressed. ``change`` is NaN when either year is suppressed or missing; such
    rows come last. Groups without a result this year are left out.
    """
    summary = survey_summary(db, filters, by, years=[year - 1, year])
    keys = ["group", "index_name"]
    now = summary[summary["survey_year"] == year].set_index(keys)
    before = summary[summary["survey_year"] == year - 1].set_index(keys).reindex(now.index)
    out = pd.DataFrame(
        {
            "previous": before["score"],
            "score": now["score"],
            "change": now["score"] - before["score"],
            "suppressed": now["suppressed"].astype(bool),
            "previous_suppressed": before["suppressed"].fillna(False).astype(bool),
        },
        index=now.index,
    ).reset_index()
    return out.sort_values(["change", "group", "index_name"], na_position="last").reset_index(drop=True)


def _shown_team_scores(filters: Filters, year: int, index_name: str) -> tuple[str, list]:
    """SQL for (team_id, level, score) of the teams whose survey cell the marks show that year."""
    team_sql, params = filters.team_where()
    sql = f"""
        SELECT team_id, level, score FROM mart_survey_team_year
        WHERE ({team_sql}) AND survey_year = ? AND index_name = ? AND level IS NOT NULL
          AND team_id IN ({SHOWN_TEAMS})"""
    return sql, [*params, int(year), index_name, f"survey:{index_name}", date(int(year), 1, 1)]


def score_by_level(db: Database, filters: Filters, year: int, index_name: str) -> pd.DataFrame:
    """Box statistics of team scores by the team's level that year (teams the marks show).

    Teams whose survey result is suppressed are left out entirely, never shown one by one.
    Columns: level, teams, low, q1, median, q3, high, mean.
    """
    scored, params = _shown_team_scores(filters, year, index_name)
    return db.query(
        f"""
        SELECT level, count(*) AS teams, min(score) AS low,
               quantile_cont(score, 0.25) AS q1, median(score) AS median,
               quantile_cont(score, 0.75) AS q3, max(score) AS high, avg(score) AS mean
        FROM ({scored})
        GROUP BY level
        ORDER BY level
        """,
        params,
    )


def team_scores_by_level(
    db: Database, filters: Filters, year: int, index_name: str, below: int
) -> pd.DataFrame:
    """Team scores (columns level, score) of the levels with fewer than ``below`` teams, for drawing
    them as points instead of a box. Same teams as ``score_by_level``: only those the marks show,
    so no suppressed score is ever drawn."""
    scored, params = _shown_team_scores(filters, year, index_name)
    return db.query(
        f"""
        SELECT level, score FROM ({scored})
        QUALIFY count(*) OVER (PARTITION BY level) < ?
        ORDER BY level, score
        """,
        [*params, int(below)],
    )


def level_association(db: Database, filters: Filters, year: int, index_name: str) -> dict[str, float | int]:
    """Spearman rank correlation between team level and team score (same teams as ``score_by_level``).

    Returns ``{"teams": n, "spearman": r}``; r is NaN with fewer than three teams or no spread.
    """
    scored, params = _shown_team_scores(filters, year, index_name)
    teams, rho = db.rows(
        f"""
        WITH ranked AS (
            SELECT rank() OVER (ORDER BY level) + (count(*) OVER (PARTITION BY level) - 1) / 2 AS level_rank,
                   rank() OVER (ORDER BY score) + (count(*) OVER (PARTITION BY score) - 1) / 2 AS score_rank
            FROM ({scored})
        )
        SELECT count(*), CASE WHEN count(*) >= 3 THEN corr(level_rank, score_rank) END FROM ranked
        """,
        params,
    )[0]
    return {"teams": int(teams), "spearman": float("nan") if rho is None else float(rho)}
