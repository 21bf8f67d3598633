"""One team's scorecard: level history, dimension scores against its department, facility and region,
its percentile among comparable teams, what holds it back from the next level, and its projects.

Definitions (also shown on the page):

- **Department average**: mean score of the teams in the same department *at the same facility*;
  facility and region averages likewise. Each team counts once (the contract's group score).
- **Comparable teams**: teams of the same department type in the same region, assessed in the same
  quarter. The department type is the department name without the leading words it shares with its
  facility's name ("Denver Orthopedics" at "Denver Medical Center" → "Orthopedics"; "ICU" stays "ICU";
  from ``mart_team_department_type``), so the ICU of every facility in a region is compared. **Percentile** = 100 × (comparable teams ranked
  below + ½ × those tied) / comparable teams, ranking by level, then by mean dimension score. It is
  shown only when at least ``min_peer_teams()`` (setting, default 5) comparable teams were assessed:
  "ahead of 100%" of one team says nothing. With fewer, the scorecard says how many there were.
- **What holds it back**: a team moves up only when every dimension meets the next level, so each
  dimension is set against the *typical* score of the next level: the median score on that dimension
  of all teams one level higher in the same quarter. A dimension below it holds the team back by the gap.

Figures about the team's people (training of its members, its survey indices) follow the disclosure
marks: a team whose training they hide in every quarter gets no training figures at all, and any
course, quarter or survey result they hide is suppressed (missing value + ``suppressed`` flag). Training comes from ``metrics.training.training_rates``; surveys from
``metrics.surveys.survey_summary``.

Every function takes the caller's ``filters`` and returns nothing for a team they do not allow.
Reads ``mart_team_peer_rank``, ``mart_team_dimension_context`` and ``mart_projects``. The page's words
and tables are in ``views.scorecard``, its charts in ``charts.scorecard``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.core.settings import min_group_size, min_peer_teams
from lmp_metrics.metrics import training
from lmp_metrics.metrics.surveys import survey_summary
from lmp_metrics.metrics.team_search import search_teams, team_label
from lmp_metrics.vocabulary.quarters import shift_quarters

__all__ = [
    "TeamProfile",
    "TeamTraining",
    "dimension_history",
    "holds_back",
    "level_history",
    "search_scope",
    "search_teams",
    "team_label",
    "team_profile",
    "team_projects",
    "team_scope",
    "team_surveys",
    "team_training",
]

TOP_LEVEL = 5
NO_TEAM = "\x00no-team\x00"  # a team id that matches nothing


@dataclass(frozen=True)
class TeamProfile:
    """Who the team is and where it stands in its latest assessed quarter."""

    team_id: str
    team_name: str
    department: str
    facility: str
    service_area: str
    region: str
    labor_partner: str
    formed_on: date
    closed_on: date | None
    members: int
    department_type: str | None
    quarters_assessed: int
    first_quarter: date | None
    last_quarter: date | None
    level: int | None
    level_year_ago: int | None
    mean_score: float | None
    percentile: float | None
    peer_teams: int
    peers_below: int

    @property
    def next_level(self) -> int | None:
        """The level the team is working towards (None at the top level or before any assessment)."""
        return None if self.level is None or self.level >= TOP_LEVEL else self.level + 1

    @property
    def ranked(self) -> bool:
        """Whether enough comparable teams were assessed for the percentile to be shown."""
        return self.percentile is not None and self.peer_teams >= min_peer_teams()


def team_scope(filters: Filters, team_id: str) -> Filters:
    """``filters`` narrowed to one team (matching nothing when the team lies outside them), over all
    quarters: a scorecard always shows the team's whole history."""
    one_team = filters.intersect(Filters(team_ids=(team_id,)))
    return one_team.narrowed(first_quarter=None, last_quarter=None)


def search_scope(filters: Filters, own_team_ids: tuple[str, ...] | None) -> Filters:
    """Teams a caller may find: ``filters``, or only ``own_team_ids`` for callers limited to their own
    teams (co-leads); an empty tuple then finds nothing. ``None`` means not limited to own teams."""
    if own_team_ids is None:
        return filters
    return filters.intersect(Filters(team_ids=own_team_ids or (NO_TEAM,)))


def team_profile(db: Database, team_id: str, filters: Filters) -> TeamProfile | None:
    """The team's profile, or None when it does not exist or lies outside ``filters``."""
    where, params = team_scope(filters, team_id).team_where("t")
    team = db.query(
        f"""
        SELECT t.team_id, t.team_name, t.department, t.facility, t.service_area, t.region,
               t.labor_partner, t.formed_on, t.closed_on,
               (SELECT count(*) FROM staff AS s WHERE s.team_id = t.team_id) AS members
        FROM teams AS t WHERE {where}
        """,
        params,
    )
    if team.empty:
        return None
    history = level_history(db, team_id, filters)
    latest = history.iloc[-1] if not history.empty else None
    year_ago = None
    if latest is not None:
        earlier = history.loc[history["quarter"] == shift_quarters(latest["quarter"], -4), "level"]
        year_ago = int(earlier.iloc[0]) if not earlier.empty else None
    row = team.iloc[0]
    return TeamProfile(
        team_id=row["team_id"],
        team_name=row["team_name"],
        department=row["department"],
        facility=row["facility"],
        service_area=row["service_area"],
        region=row["region"],
        labor_partner=row["labor_partner"],
        formed_on=_date(row["formed_on"]),
        closed_on=_date(row["closed_on"]),
        members=int(row["members"]),
        department_type=None if latest is None else latest["department_type"],
        quarters_assessed=len(history),
        first_quarter=None if latest is None else history["quarter"].iloc[0],
        last_quarter=None if latest is None else latest["quarter"],
        level=None if latest is None else int(latest["level"]),
        level_year_ago=year_ago,
        mean_score=None if latest is None else _float(latest["mean_score"]),
        percentile=None if latest is None else _float(latest["percentile"]),
        peer_teams=0 if latest is None else int(latest["peer_teams"]),
        peers_below=0 if latest is None else int(latest["peers_below"]),
    )


def level_history(db: Database, team_id: str, filters: Filters) -> pd.DataFrame:
    """Every assessed quarter of the team, oldest first: quarter, level, mean_score, department_type,
    percentile, peer_teams, peers_below, peers_tied."""
    where, params = team_scope(filters, team_id).team_where()
    frame = db.query(
        f"""
        SELECT quarter, level, mean_score, department_type, percentile, peer_teams, peers_below, peers_tied
        FROM mart_team_peer_rank WHERE {where} ORDER BY quarter
        """,
        params,
    )
    frame["quarter"] = _dates(frame["quarter"])
    return frame


def dimension_history(db: Database, team_id: str, filters: Filters) -> pd.DataFrame:
    """One row per quarter × dimension: the team's score and its department, facility and region
    averages (with the number of teams behind each average)."""
    where, params = team_scope(filters, team_id).team_where()
    frame = db.query(
        f"""
        SELECT quarter, dimension_id, dimension_name, sort_order, score,
               department_avg, department_teams, facility_avg, facility_teams, region_avg, region_teams
        FROM mart_team_dimension_context WHERE {where} ORDER BY quarter, sort_order
        """,
        params,
    )
    frame["quarter"] = _dates(frame["quarter"])
    return frame


def holds_back(db: Database, team_id: str, filters: Filters, quarter: date) -> pd.DataFrame:
    """Each dimension in ``quarter`` against the next level's typical (median) score.

    Columns: dimension_name, sort_order, level, score, next_level_median, next_level_teams, gap
    (next_level_median − score; positive means below), below (gap > 0). Dimensions below come first,
    largest gap first; ties keep the dimensions' usual order. ``next_level_median`` is missing at
    level 5 and when no team held the next level that quarter.
    """
    where, params = team_scope(filters, team_id).team_where()
    frame = db.query(
        f"""
        SELECT dimension_name, sort_order, level, score, next_level_median, next_level_teams,
               next_level_median - score AS gap,
               coalesce(next_level_median - score > 0, false) AS below
        FROM mart_team_dimension_context
        WHERE {where} AND quarter = ?
        ORDER BY below DESC, gap DESC NULLS LAST, sort_order
        """,
        [*params, quarter],
    )
    frame["next_level_teams"] = frame["next_level_teams"].fillna(0).astype(int)
    return frame


def team_projects(db: Database, team_id: str, filters: Filters) -> pd.DataFrame:
    """The team's UBT projects, newest first: title, topic, status, dates, metric, baseline, result,
    change (signed so positive = better, in the metric's units), improvement (relative, signed),
    outcome ('better', 'worse', 'no change' or why there is no comparison)."""
    where, params = team_scope(filters, team_id).team_where()
    return db.query(
        f"""
        SELECT project_id, title, topic, status, started_on, completed_on, metric_name,
               baseline, result, higher_is_better, change, improvement,
               CASE WHEN change > 0 THEN 'better' WHEN change < 0 THEN 'worse'
                    WHEN change = 0 THEN 'no change' ELSE result_note END AS outcome
        FROM mart_projects WHERE {where}
        ORDER BY started_on DESC, project_id
        """,
        params,
    )


def _dates(column: pd.Series) -> pd.Series:
    """DuckDB DATE columns arrive as datetimes; quarters are plain dates everywhere else."""
    return pd.to_datetime(column).dt.date if len(column) else column.astype(object)


def _date(value: object) -> date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def _float(value: object) -> float | None:
    return None if pd.isna(value) else float(value)


TRAINING_COLUMNS = [c for c in training.RATES_FRAME_COLUMNS if c != "group"]  # one team: no group


@dataclass(frozen=True)
class TeamTraining:
    """Training of a team's members. ``status`` says which of the other fields mean anything:

    - ``'suppressed'``: the team has fewer members than the minimum group size, or the marks hide
      its training in every quarter; nothing is shown.
    - ``'no records'``: no member holds a training assignment by ``as_of``.
    - ``'ok'``: ``by_course`` (one row per course as of ``as_of``'s quarter end) and ``trend``
      (the whole team, one row per quarter) hold the figures, cells the disclosure marks hide
      suppressed (courses follow the complement rule too, so the team's totals never give a
      course away by subtraction).
    """

    status: str
    as_of: date | None
    by_course: pd.DataFrame
    trend: pd.DataFrame


def team_training(
    db: Database, profile: TeamProfile, filters: Filters, quarters: Sequence[date]
) -> TeamTraining:
    """Completion, on-time and overdue per course as of the last of ``quarters``, and the team's trend
    over ``quarters`` (both as of each quarter's last day, per the contract)."""
    empty = pd.DataFrame(columns=["group", *TRAINING_COLUMNS])
    as_of = max(quarters) if quarters else None
    if profile.members < min_group_size():  # even "no records" would be a figure about too few people
        return TeamTraining("suppressed", as_of, empty, empty)
    if as_of is None:
        return TeamTraining("no records", None, empty, empty)
    scope = team_scope(filters, profile.team_id)
    trend = training.training_rates(db, scope, by="team", quarters=list(quarters))
    if trend.empty or not (trend["suppressed"] | (trend["assigned"] > 0)).any():
        return TeamTraining("no records", as_of, empty, empty)
    if trend["suppressed"].all():
        return TeamTraining("suppressed", as_of, empty, empty)
    by_course = training.training_rates(db, scope, by="course", quarters=[as_of])
    by_course = by_course[by_course["suppressed"] | (by_course["assigned"] > 0)]
    return TeamTraining(
        "ok",
        as_of,
        by_course.rename(columns={"group": "course"}).reset_index(drop=True),
        trend.sort_values("quarter").reset_index(drop=True),
    )


def team_surveys(db: Database, profile: TeamProfile, filters: Filters) -> pd.DataFrame:
    """Survey indices per year for the team and its whole facility.

    Columns: survey_year, index_name, series ('Team' or 'Facility'), score, respondents, suppressed.
    Scores are respondent-weighted means; fewer respondents than the minimum group size → suppressed.
    """
    team = survey_summary(db, team_scope(filters, profile.team_id), by="team").assign(series="Team")
    facility_scope = Filters(regions=(profile.region,), facilities=(profile.facility,))
    facility = survey_summary(db, facility_scope, by="facility").assign(series="Facility")
    if team.empty:
        return team.drop(columns=["group", "teams"])
    facility = facility[facility["survey_year"].isin(team["survey_year"])]
    both = pd.concat([team, facility], ignore_index=True)
    columns = ["survey_year", "index_name", "series", "score", "respondents", "suppressed"]
    return both[columns].sort_values(["index_name", "survey_year", "series"], ignore_index=True)
