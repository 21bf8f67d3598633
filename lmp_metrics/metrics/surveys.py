"""People Pulse survey indices (engagement, Just Culture, speak up) rolled up above the team level.

A group's score is the respondent-weighted mean of its teams' scores; a group with fewer than
``min_group_size()`` respondents is suppressed (score and respondents NaN, ``suppressed`` True).
Everything reads ``mart_survey_team_year`` (one row per team × survey year × index).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from lmp_metrics.access.filters import Filters, group_column
from lmp_metrics.access.suppression import protect_complements, suppress_small_groups, suppressed_label
from lmp_metrics.core.database import Database
from lmp_metrics.core.settings import min_group_size

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


def yearly(filters: Filters) -> Filters:
    """The filters with the quarter range widened to whole survey years (surveys are yearly):
    every quarter range over the same years gives the same figures, and the same cache entries."""
    return filters.narrowed(
        first_quarter=filters.first_quarter and date(filters.first_quarter.year, 1, 1),
        last_quarter=filters.last_quarter and date(filters.last_quarter.year, 10, 1),
    )


def scope_where(filters: Filters, years: Iterable[int] | None = None) -> tuple[str, list]:
    """Teams allowed by ``filters`` and the survey years chosen (see ``survey_summary``)."""
    team_sql, team_params = filters.team_where()
    year_sql, year_params = _year_where(filters, years)
    return f"({team_sql}) AND ({year_sql})", team_params + year_params


# The level a breakdown's groups add up to, where that total is shown too: a group hidden for being
# small must not be recoverable as "parent total minus the other groups" (department and labor
# partner cut across the hierarchy, so their total is the whole selection).
_PARENT = {"service_area": "region", "facility": "service_area", "team": "facility || '/' || department"}


def survey_summary(
    db: Database, filters: Filters, by: str, years: Iterable[int] | None = None
) -> pd.DataFrame:
    """One row per group × survey year × index: respondents, weighted mean score, suppressed.

    ``by`` is a key of ``filters.GROUPINGS``. ``years=None`` means the survey years overlapping the
    filters' quarter range (all years when the range is open). ``score`` is
    sum(score × respondents) / sum(respondents) over the group's teams; ``teams`` counts the teams
    with a result. Groups with fewer respondents than ``min_group_size()`` get NaN score and
    respondents and ``suppressed`` True; and where exactly one group under the same parent (same
    year and index) is suppressed, the smallest other one is too (``privacy.protect_complements``).
    """
    where, params = scope_where(filters, years)
    frame = db.query(
        f"""
        SELECT {group_column(by)} AS "group", survey_year, index_name,
               sum(respondents) AS respondents,
               sum(score * respondents) / nullif(sum(respondents), 0) AS score,
               count(*) AS teams,
               any_value({_PARENT.get(by, "'all'")}) AS parent
        FROM mart_survey_team_year
        WHERE {where}
        GROUP BY ALL
        ORDER BY 1, 2, 3
        """,
        params,
    )
    frame = suppress_small_groups(frame, "respondents", ["score"])
    frame = protect_complements(frame, ["survey_year", "index_name", "parent"], "respondents", ["score"])
    return frame[SUMMARY_COLUMNS]


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


def score_by_level(db: Database, filters: Filters, year: int, index_name: str) -> pd.DataFrame:
    """Box statistics of team scores by the team's level that year (teams with enough respondents).

    Teams below ``min_group_size()`` respondents are left out entirely, never shown one by one.
    Columns: level, teams, low, q1, median, q3, high, mean.
    """
    team_sql, params = filters.team_where()
    return db.query(
        f"""
        SELECT level, count(*) AS teams, min(score) AS low,
               quantile_cont(score, 0.25) AS q1, median(score) AS median,
               quantile_cont(score, 0.75) AS q3, max(score) AS high, avg(score) AS mean
        FROM mart_survey_team_year
        WHERE ({team_sql}) AND survey_year = ? AND index_name = ? AND level IS NOT NULL
          AND respondents >= ?
        GROUP BY level
        ORDER BY level
        """,
        [*params, int(year), index_name, min_group_size()],
    )


def team_scores_by_level(
    db: Database, filters: Filters, year: int, index_name: str, below: int
) -> pd.DataFrame:
    """Team scores (columns level, score) of the levels with fewer than ``below`` teams, for drawing
    them as points instead of a box. Same teams as ``score_by_level``: only those with at least
    ``min_group_size()`` respondents, so no score resting on a small group is ever drawn."""
    team_sql, params = filters.team_where()
    return db.query(
        f"""
        SELECT level, score
        FROM mart_survey_team_year
        WHERE ({team_sql}) AND survey_year = ? AND index_name = ? AND level IS NOT NULL
          AND respondents >= ?
        QUALIFY count(*) OVER (PARTITION BY level) < ?
        ORDER BY level, score
        """,
        [*params, int(year), index_name, min_group_size(), int(below)],
    )


def level_association(db: Database, filters: Filters, year: int, index_name: str) -> dict[str, float | int]:
    """Spearman rank correlation between team level and team score (same teams as ``score_by_level``).

    Returns ``{"teams": n, "spearman": r}``; r is NaN with fewer than three teams or no spread.
    """
    team_sql, params = filters.team_where()
    teams, rho = db.rows(
        f"""
        WITH scored AS (
            SELECT level, score FROM mart_survey_team_year
            WHERE ({team_sql}) AND survey_year = ? AND index_name = ? AND level IS NOT NULL
              AND respondents >= ?
        ),
        ranked AS (
            SELECT rank() OVER (ORDER BY level) + (count(*) OVER (PARTITION BY level) - 1) / 2 AS level_rank,
                   rank() OVER (ORDER BY score) + (count(*) OVER (PARTITION BY score) - 1) / 2 AS score_rank
            FROM scored
        )
        SELECT count(*), CASE WHEN count(*) >= 3 THEN corr(level_rank, score_rank) END FROM ranked
        """,
        [*params, int(year), index_name, min_group_size()],
    )[0]
    return {"teams": int(teams), "spearman": float("nan") if rho is None else float(rho)}


def labelled(frame: pd.DataFrame, digits: dict[str, int], flag: str = "suppressed") -> pd.DataFrame:
    """A copy for tables and downloads: each column in ``digits`` rounded to that many decimals, and
    where ``flag`` is set it says "suppressed" in words instead of a number."""
    out = frame.copy()
    hidden = out[flag].fillna(False).astype(bool)
    for column, places in digits.items():
        values = out[column].round(places)
        text = (values.astype("Int64") if places == 0 else values).astype("string")
        out[column] = text.where(~hidden, suppressed_label()).fillna("")
    return out


def group_year_rows(by_group: pd.DataFrame, index_name: str, group_label: str) -> pd.DataFrame:
    """One index of a ``survey_summary`` as a table: group, year, score, respondents, teams
    (suppressed groups say so in words)."""
    shown = labelled(by_group[by_group["index_name"] == index_name], {"score": 1, "respondents": 0})
    headers = {"group": group_label, "survey_year": "Year", "score": "Score", "respondents": "Respondents"}
    return shown.rename(columns={**headers, "teams": "Teams"})[[*headers.values(), "Teams"]]


def falls_rows(changes: pd.DataFrame, index_name: str, group_label: str, year: int) -> pd.DataFrame:
    """One index of a ``year_over_year`` as a table: group, last year's and this year's score, change."""
    mine = changes[changes["index_name"] == index_name]
    shown = labelled(labelled(mine, {"score": 1, "change": 1}), {"previous": 1}, flag="previous_suppressed")
    headers = {
        "group": group_label,
        "previous": str(year - 1),
        "score": str(year),
        "change": "Change (points)",
    }
    return shown.rename(columns=headers)[list(headers.values())]


def association_note(association: dict[str, float | int], year: int) -> str:
    """What a ``level_association`` rests on and says, and that it is no cause."""
    rho = association["spearman"]
    strength = "too few teams to say" if rho != rho else f"Spearman rank correlation {rho:+.2f}"
    return (
        f"{association['teams']:,} teams with at least {min_group_size()} respondents and a level in {year} "
        f"(level = last assessment that year); {strength}. This shows an **association, not a cause**: "
        "teams that score higher may also differ in size, unit type, leadership or workload, and the "
        "survey and the level rating may influence each other."
    )
