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

Every function takes the caller's ``filters`` and returns nothing for a team they do not allow.
Reads ``mart_team_peer_rank``, ``mart_team_dimension_context`` and ``mart_projects``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.charts.style import LEVEL_NAMES
from lmp_metrics.core.database import Database
from lmp_metrics.core.settings import setting
from lmp_metrics.metrics.team_search import search_teams, team_label
from lmp_metrics.vocabulary.quarters import quarter_label, shift_quarters

__all__ = [
    "TeamProfile",
    "dimension_history",
    "dimension_table",
    "holds_back",
    "holds_back_summary",
    "holds_back_table",
    "level_history",
    "level_table",
    "min_peer_teams",
    "peer_summary",
    "present",
    "present_noted",
    "projects_table",
    "search_scope",
    "search_teams",
    "team_label",
    "team_profile",
    "team_projects",
    "team_scope",
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


def min_peer_teams() -> int:
    """Fewest comparable teams a percentile may rest on (setting ``min_peer_teams``)."""
    return int(setting("min_peer_teams"))


def peer_summary(profile: TeamProfile) -> tuple[str, str]:
    """The percentile card: its value ("–" unless ranked) and one sentence saying what it rests on."""
    kind = profile.department_type or profile.department
    quarter = quarter_label(profile.last_quarter) if profile.last_quarter else "the latest quarter"
    n = profile.peer_teams
    if profile.ranked:
        return f"{profile.percentile:.0f}", (
            f"Ahead of {profile.percentile:.0f}% of the {n} other {kind} teams in {profile.region}."
        )
    if n == 0:
        return "–", f"No other {kind} team in {profile.region} assessed in {quarter}."
    teams = "team" if n == 1 else "teams"
    return "–", (
        f"Only {n} other {kind} {teams} in {profile.region} in {quarter}: too few for a percentile "
        f"(needs {min_peer_teams()})."
    )


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


def _date_text(value: object) -> str:
    return "" if pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def _date(value: object) -> date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def _float(value: object) -> float | None:
    return None if pd.isna(value) else float(value)


# -- Tables for display and CSV export ------------------------------------------------------------
# Each spec maps a source column to (header, number format or None for "as is", column holding the
# row's suppressed flag or None). In a CSV every suppressed cell reads "suppressed (<N people)", so no
# cell is ever a number or blank that could be mistaken for one; on screen (``present_noted``) the
# cells are blank and one Note column says what is suppressed.
TableSpec = dict[str, tuple[str, str | None, str | None]]
NOTE = "Note"


def present(frame: pd.DataFrame, spec: TableSpec, label: str | None = None) -> pd.DataFrame:
    """Display/export copy of ``frame``: the spec's columns, renamed, numbers formatted as text,
    missing numbers blank, suppressed cells reading ``label`` (default: the suppressed label)."""
    label = suppressed_label() if label is None else label
    out = {}
    for column, (header, number_format, flag) in spec.items():
        values = frame[column].tolist()
        hidden = frame[flag].astype(bool).tolist() if flag else [False] * len(values)
        if number_format is None:
            out[header] = values
        else:
            out[header] = [
                label if h else "" if pd.isna(v) else number_format.format(v)
                for v, h in zip(values, hidden, strict=True)
            ]
    return pd.DataFrame(out, columns=[header for header, _, _ in spec.values()])


def present_noted(frame: pd.DataFrame, spec: TableSpec, notes: dict[str, str]) -> pd.DataFrame:
    """On-screen copy of ``frame``: as ``present``, but suppressed cells are blank and one Note column
    joins the ``notes`` (flag column → text) of the flags set in each row. The Note comes before the
    first column that can be suppressed (in view on a narrow screen, and it explains the blanks after
    it); no Note column when no row has one."""
    shown = present(frame, spec, label="")
    flags = {flag: frame[flag].astype("boolean").fillna(False).tolist() for flag in notes}
    row_notes = ["; ".join(text for flag, text in notes.items() if flags[flag][i]) for i in range(len(frame))]
    if any(row_notes):
        shown.insert(next(i for i, (_, _, flag) in enumerate(spec.values()) if flag), NOTE, row_notes)
    return shown


def level_table(history: pd.DataFrame) -> pd.DataFrame:
    """Level history as a table: quarter, level and its name, percentile among comparable teams
    (blank in quarters with fewer than ``min_peer_teams()`` of them; their number is shown)."""
    frame = history.assign(
        quarter_text=[quarter_label(q) for q in history["quarter"]],
        level_name=[LEVEL_NAMES[int(v)] for v in history["level"]],
        percentile=history["percentile"].where(history["peer_teams"] >= min_peer_teams()),
    )
    return present(
        frame,
        {
            "quarter_text": ("Quarter", None, None),
            "level_name": ("Level", None, None),
            "mean_score": ("Mean dimension score", "{:.2f}", None),
            "percentile": ("Percentile among comparable teams", "{:.0f}", None),
            "peer_teams": ("Comparable teams", "{:.0f}", None),
        },
    )


def dimension_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Dimension scores per quarter with the three comparison averages."""
    return present(
        frame.assign(quarter_text=[quarter_label(q) for q in frame["quarter"]]),
        {
            "quarter_text": ("Quarter", None, None),
            "dimension_name": ("Dimension", None, None),
            "score": ("Team score", "{:.2f}", None),
            "department_avg": ("Department average", "{:.2f}", None),
            "facility_avg": ("Facility average", "{:.2f}", None),
            "region_avg": ("Region average", "{:.2f}", None),
        },
    )


def holds_back_table(frame: pd.DataFrame, next_level: int) -> pd.DataFrame:
    """Every dimension against the next level's typical score, those holding the team back first."""
    status = [
        "no comparison" if pd.isna(gap) else f"below by {gap:.2f}" if below else "meets it"
        for gap, below in zip(frame["gap"], frame["below"], strict=True)
    ]
    return present(
        frame.assign(status=status),
        {
            "dimension_name": ("Dimension", None, None),
            "score": ("Team score", "{:.2f}", None),
            "next_level_median": (f"Typical at level {next_level}", "{:.2f}", None),
            "status": ("Status", None, None),
        },
    )


def holds_back_summary(frame: pd.DataFrame, next_level: int) -> str:
    """One line for the co-lead: which dimensions to raise to reach the next level, largest gap first."""
    below = frame[frame["below"]]
    if below.empty:
        return f"Every dimension already meets a typical level-{next_level} team."
    steps = " · ".join(
        f"{row.dimension_name} {row.score:.2f} → {row.next_level_median:.2f}" for row in below.itertuples()
    )
    return f"**To reach level {next_level}, raise:** {steps}"


def projects_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The team's projects: status, metric, baseline → result and whether that is better."""
    dates = {c: [_date_text(v) for v in frame[c]] for c in ("started_on", "completed_on")}
    return present(
        frame.assign(**dates),
        {
            "title": ("Project", None, None),
            "topic": ("Topic", None, None),
            "status": ("Status", None, None),
            "started_on": ("Started", None, None),
            "completed_on": ("Completed", None, None),
            "metric_name": ("Metric", None, None),
            "baseline": ("Baseline", "{:g}", None),
            "result": ("Result", "{:g}", None),
            "improvement": ("Improvement", "{:+.0%}", None),
            "outcome": ("Result vs baseline", None, None),
        },
    )
