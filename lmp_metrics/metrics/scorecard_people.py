"""Figures about a team's people on its scorecard: training of its members and its survey indices.

Both are figures about people, so the small-group rule applies: a team with fewer members than
``min_group_size()`` gets no training figures at all, and any course, quarter or survey result
resting on fewer people than that is suppressed (missing value + ``suppressed`` flag).
Training comes from ``lmp_metrics.metrics.training.training_rates``; surveys from ``survey_summary``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.suppression import protect_complements
from lmp_metrics.core.database import Database
from lmp_metrics.core.settings import min_group_size
from lmp_metrics.metrics import training
from lmp_metrics.metrics.scorecard import TableSpec, TeamProfile, present, present_noted, team_scope
from lmp_metrics.metrics.surveys import INDEX_NAMES, survey_summary
from lmp_metrics.vocabulary.quarters import quarter_label

TRAINING_COLUMNS = [c for c in training.RATES_FRAME_COLUMNS if c != "group"]  # one team: no group


@dataclass(frozen=True)
class TeamTraining:
    """Training of a team's members. ``status`` says which of the other fields mean anything:

    - ``'suppressed'``: the team has fewer members than the minimum group size; nothing is shown.
    - ``'no records'``: no member holds a training assignment by ``as_of``.
    - ``'ok'``: ``by_course`` (one row per course as of ``as_of``'s quarter end) and ``trend``
      (the whole team, one row per quarter) hold the figures, small cells suppressed. Courses also
      follow the complement rule: when exactly one course is suppressed, the smallest other course
      is too, so the team's totals never reveal it by subtraction.
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
    if profile.members < min_group_size():
        return TeamTraining("suppressed", as_of, empty, empty)
    if as_of is None:
        return TeamTraining("no records", None, empty, empty)
    scope = team_scope(filters, profile.team_id)
    trend = training.training_rates(db, scope, by="team", quarters=list(quarters))
    if trend.empty or not (trend["assigned"].fillna(0) > 0).any():
        return TeamTraining("no records", as_of, empty, empty)
    by_course = training.training_rates(db, scope, by="course", quarters=[as_of])
    by_course = by_course[by_course["assigned"].isna() | (by_course["assigned"] > 0)]
    # The team's overdue total is shown too: one hidden course must not be its total minus the rest.
    values = [*training.COUNT_COLUMNS, *training.RATE_COLUMNS]
    by_course = protect_complements(by_course, ["quarter"], "people", values)
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


@dataclass(frozen=True)
class PeopleTable:
    """A table of figures about people, as shown and as exported.

    ``screen``: suppressed cells blank, one Note column saying what is suppressed; None when
    everything is, and then ``sentence`` says so instead. ``export`` (CSV): every suppressed cell
    labelled, never a number. ``sentence``: one line to show with the table (or instead of it), or None.
    """

    screen: pd.DataFrame | None
    export: pd.DataFrame
    sentence: str | None


TRAINING_SPEC: TableSpec = {
    "course": ("Course", None, None),
    "people": ("People", "{:.0f}", "suppressed"),
    "assigned": ("Assigned", "{:.0f}", "suppressed"),
    "completed": ("Completed", "{:.0f}", "suppressed"),
    "completion_rate": ("Completion rate", "{:.0%}", "suppressed"),
    "on_time_rate": ("On-time rate", "{:.0%}", "suppressed"),
    "overdue": ("Overdue", "{:.0f}", "suppressed"),
}


def training_table(by_course: pd.DataFrame) -> pd.DataFrame:
    """Per-course training of the team's members (CSV form); suppressed courses read "suppressed"."""
    return present(by_course, TRAINING_SPEC)


def training_tables(by_course: pd.DataFrame) -> PeopleTable:
    """Per-course training on screen (one Note per suppressed course) and as CSV."""
    export = training_table(by_course)
    hidden = by_course["suppressed"].astype(bool)
    if not hidden.any():
        return PeopleTable(present(by_course, TRAINING_SPEC), export, None)
    why = (
        f"Suppressed: a course taken by fewer than {min_group_size()} of the team's people; when only one "
        "course is, the next smallest is hidden too, so the team's totals cannot reveal it."
    )
    if hidden.all():
        return PeopleTable(None, export, f"Every course's figures are suppressed. {why}")
    return PeopleTable(present_noted(by_course, TRAINING_SPEC, {"suppressed": "suppressed"}), export, why)


def training_trend_table(trend: pd.DataFrame) -> pd.DataFrame:
    """The team's training per quarter (the numbers behind the trend chart), suppressed quarters labelled."""
    return present(
        trend.assign(quarter_text=[quarter_label(q) for q in trend["quarter"]]),
        {
            "quarter_text": ("Quarter", None, None),
            "people": ("People", "{:.0f}", "suppressed"),
            "completion_rate": ("Completion rate", "{:.1%}", "suppressed"),
            "on_time_rate": ("On-time rate", "{:.1%}", "suppressed"),
            "overdue": ("Overdue", "{:.0f}", "suppressed"),
        },
    )


SURVEY_KEYS: TableSpec = {"survey_year": ("Year", None, None), "index_text": ("Index", None, None)}
SURVEY_TEAM: TableSpec = {
    "score": ("Team score", "{:.1f}", "suppressed"),
    "respondents": ("Team respondents", "{:.0f}", "suppressed"),
}
SURVEY_FACILITY: TableSpec = {
    "score_facility": ("Facility score", "{:.1f}", "suppressed_facility"),
    "respondents_facility": ("Facility respondents", "{:.0f}", "suppressed_facility"),
}


def _survey_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Team and facility side by side, one row per year and index, newest year first."""
    team = frame[frame["series"] == "Team"].drop(columns="series")
    facility = frame[frame["series"] == "Facility"].drop(columns="series")
    both = team.merge(facility, on=["survey_year", "index_name"], how="left", suffixes=("", "_facility"))
    both["suppressed"] = both["suppressed"].astype(bool)
    both["suppressed_facility"] = both["suppressed_facility"].astype("boolean").fillna(False).astype(bool)
    both["index_text"] = both["index_name"].map(INDEX_NAMES)
    return both.sort_values(["survey_year", "index_name"], ascending=[False, True], ignore_index=True)


def survey_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Survey indices per year (CSV form): team and facility side by side; suppressed results read
    "suppressed"."""
    return present(_survey_rows(frame), SURVEY_KEYS | SURVEY_TEAM | SURVEY_FACILITY)


def survey_tables(frame: pd.DataFrame, latest_years: int | None = None) -> PeopleTable:
    """Survey indices on screen (one Note per row with a suppressed result) and as CSV (every year).
    ``latest_years`` keeps only that many of the latest years on screen (paper). When every team
    result on screen is suppressed, the screen shows the facility only and one sentence says why."""
    rows, export = _survey_rows(frame), survey_table(frame)
    years = "each survey year"
    if latest_years is not None:
        rows = rows[rows["survey_year"] > rows["survey_year"].max() - latest_years]
        years = f"each of the latest {latest_years} survey years"
    notes = {
        "suppressed": f"team suppressed (<{min_group_size()} respondents)",
        "suppressed_facility": f"facility suppressed (<{min_group_size()} respondents)",
    }
    if not rows["suppressed"].all():
        screen = present_noted(rows, SURVEY_KEYS | SURVEY_TEAM | SURVEY_FACILITY, notes)
        return PeopleTable(screen, export, None)
    everything = f"Every team result is suppressed: {years} had fewer than {min_group_size()} respondents."
    if rows["suppressed_facility"].all():
        return PeopleTable(None, export, everything)
    facility_note = {"suppressed_facility": notes["suppressed_facility"]}
    screen = present_noted(rows, SURVEY_KEYS | SURVEY_FACILITY, facility_note)
    return PeopleTable(screen, export, f"{everything} The table shows the facility's results.")


def survey_chart_note(frame: pd.DataFrame) -> str | None:
    """What the survey chart leaves out, in one sentence; None when nothing is suppressed, or when
    everything is (``survey_tables`` then says so)."""
    team = frame.loc[frame["series"] == "Team", "suppressed"].astype(bool)
    if not team.any() or team.all():
        return None
    return (
        f"{int(team.sum())} of {len(team)} team results rest on fewer than {min_group_size()} respondents: "
        "not drawn as a score, only marked ✖ in the grey “suppressed” strip below 0."
    )
