"""The explorer's measure registry: every contract measure, which breakdowns it supports, and
one standard long frame per (measure, breakdown) for charts, tables and exports.

Nothing here defines a metric. Each measure names the owning module's function and the column
it reads (``levels.level_summary``, ``levels.dimension_scores``, ``training.training_rates``,
``surveys.survey_summary``, ``effectiveness``); this module only reshapes their output into

    group, label, period, period_label, value, base, suppressed

where ``period`` is the first day of the quarter (or of the survey year), ``base`` is what the
value rests on (assessed teams, compared teams, people, respondents) and ``suppressed`` marks the
groups the disclosure marks hide (value and base NaN): people-based sources read them
(``privacy.marks``), so no shown total reveals a hidden group on any page.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lmp_metrics.access.filters import GROUPINGS, HIERARCHY_LABELS, Filters
from lmp_metrics.core.database import Database
from lmp_metrics.vocabulary.quarters import quarter_label

FRAME_COLUMNS = ["group", "label", "period", "period_label", "value", "base", "suppressed"]
TEAM_BREAKDOWNS = tuple(GROUPINGS)  # national … team, labor_partner
TRAINING_BREAKDOWNS = (*TEAM_BREAKDOWNS, "role", "labor_group", "course")
BREAKDOWN_LABELS: dict[str, str] = {
    **HIERARCHY_LABELS,
    "role": "Role",
    "labor_group": "Union group (person)",
    "course": "Course",
    "dimension": "Dimension",
}
# Units decide formatting and axis titles: share 0–1 (shown as %), level/score 1–5, index 0–100.
UNIT_TITLES = {
    "share": "Share of teams (%)",
    "rate": "Rate (%)",
    "level": "Mean level (1–5)",
    "score": "Mean score (1.0–5.0)",
    "index": "Index (0–100)",
    "teams": "Teams",
    "assignments": "Assignments",
}


@dataclass(frozen=True)
class Measure:
    """One measure: where it comes from, what it means, and how it may be broken down."""

    key: str
    label: str
    unit: str
    source: str  # key of SOURCES
    column: str  # value column of the source frame
    base_column: str  # what the value rests on
    base_label: str
    breakdowns: tuple[str, ...]
    description: str
    people_based: bool = False
    yearly: bool = False
    option: str | None = None  # e.g. the survey index name

    @property
    def axis_title(self) -> str:
        return UNIT_TITLES[self.unit]

    @property
    def is_share(self) -> bool:
        return self.unit in ("share", "rate")


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in [
        Measure(
            "high_performing_share",
            "High-performing share",
            "share",
            "levels",
            "high_performing_share",
            "assessed_teams",
            "assessed teams",
            TEAM_BREAKDOWNS,
            "Share of assessed teams at level 4–5 (Path to Performance).",
        ),
        Measure(
            "mean_level",
            "Mean level",
            "level",
            "levels",
            "mean_level",
            "assessed_teams",
            "assessed teams",
            TEAM_BREAKDOWNS,
            "Average Path to Performance level (1–5) of assessed teams.",
        ),
        Measure(
            "assessed_teams",
            "Assessed teams",
            "teams",
            "levels",
            "assessed_teams",
            "assessed_teams",
            "assessed teams",
            TEAM_BREAKDOWNS,
            "Teams with a level rating in the quarter.",
        ),
        Measure(
            "moved_up_share",
            "Moved up a level (share)",
            "share",
            "levels",
            "moved_up_share",
            "compared_teams",
            "teams with a level a year earlier",
            TEAM_BREAKDOWNS,
            "Share of teams whose level is higher than four quarters earlier.",
        ),
        Measure(
            "moved_down_share",
            "Moved down a level (share)",
            "share",
            "levels",
            "moved_down_share",
            "compared_teams",
            "teams with a level a year earlier",
            TEAM_BREAKDOWNS,
            "Share of teams whose level is lower than four quarters earlier.",
        ),
        Measure(
            "dimension_score",
            "Dimension score",
            "score",
            "dimensions",
            "score",
            "teams",
            "teams",
            ("dimension", *TEAM_BREAKDOWNS),
            "Average of teams' scores (1.0–5.0) on a Path to Performance dimension; "
            "break down by dimension to compare all seven.",
        ),
        Measure(
            "completion_rate",
            "Training completion rate",
            "rate",
            "training",
            "completion_rate",
            "people",
            "people",
            TRAINING_BREAKDOWNS,
            "Completed assignments over assignments made, as of each quarter's last day.",
            people_based=True,
        ),
        Measure(
            "on_time_rate",
            "Training on-time rate",
            "rate",
            "training",
            "on_time_rate",
            "people",
            "people",
            TRAINING_BREAKDOWNS,
            "Assignments completed by their due date over assignments due, as of each quarter's last day.",
            people_based=True,
        ),
        Measure(
            "overdue",
            "Overdue training assignments",
            "assignments",
            "training",
            "overdue",
            "people",
            "people",
            TRAINING_BREAKDOWNS,
            "Assignments past their due date and not completed, as of each quarter's last day.",
            people_based=True,
        ),
        *[
            Measure(
                f"survey_{index}",
                f"{title} index (People Pulse)",
                "index",
                "surveys",
                "score",
                "respondents",
                "respondents",
                TEAM_BREAKDOWNS,
                f"Respondent-weighted mean {title} score (0–100) of the yearly staff survey.",
                people_based=True,
                yearly=True,
                option=index,
            )
            for index, title in (
                ("engagement", "Engagement"),
                ("just_culture", "Just Culture"),
                ("speak_up", "Speak up"),
            )
        ],
        Measure(
            "effectiveness_index",
            "Partnership Effectiveness Index",
            "index",
            "effectiveness",
            "index",
            "assessed_teams",
            "assessed teams",
            TEAM_BREAKDOWNS,
            "The Partnership Effectiveness Index (0–100); see the About page for its parts.",
        ),
    ]
}
DEFAULT_MEASURE = "high_performing_share"


class UnknownChoice(ValueError):
    """A measure, breakdown or option that the registry does not offer."""


def measure(key: str) -> Measure:
    """The measure called ``key``; raise ``UnknownChoice`` otherwise."""
    try:
        return MEASURES[key]
    except KeyError:
        raise UnknownChoice(f"unknown measure {key!r}") from None


def check_breakdown(chosen: Measure, by: str) -> None:
    """Refuse a breakdown the measure does not support."""
    if by not in chosen.breakdowns:
        supported = ", ".join(BREAKDOWN_LABELS[b] for b in chosen.breakdowns)
        raise UnknownChoice(f"{chosen.label} can be broken down by {supported}, not {by!r}")


# -- sources: call the owning module, return (frame, period column) ------------------------------
def _from_levels(
    db: Database, chosen: Measure, filters: Filters, by: str, option: str | None
) -> pd.DataFrame:
    from lmp_metrics.metrics.levels import level_summary

    return level_summary(db, filters, by).rename(columns={"quarter": "period"})


def _from_dimensions(
    db: Database, chosen: Measure, filters: Filters, by: str, option: str | None
) -> pd.DataFrame:
    from lmp_metrics.metrics.levels import dimension_scores

    frame = dimension_scores(db, filters, "national" if by == "dimension" else by)
    frame = frame[frame["dimension_name"].notna()]
    if by == "dimension":
        frame = frame.assign(group=frame["dimension_name"]).sort_values(["sort_order", "quarter"])
    else:
        frame = frame[frame["dimension_name"] == option]
    return frame.rename(columns={"quarter": "period"})


def _from_training(
    db: Database, chosen: Measure, filters: Filters, by: str, option: str | None
) -> pd.DataFrame:
    from lmp_metrics.metrics.training import training_rates

    return training_rates(db, filters, by).rename(columns={"quarter": "period"})


def _from_surveys(
    db: Database, chosen: Measure, filters: Filters, by: str, option: str | None
) -> pd.DataFrame:
    from lmp_metrics.metrics.surveys import survey_summary

    frame = survey_summary(db, filters, by)
    frame = frame[frame["index_name"] == chosen.option]
    return frame.assign(period=[date(int(y), 1, 1) for y in frame["survey_year"]])


def _from_effectiveness(
    db: Database, chosen: Measure, filters: Filters, by: str, option: str | None
) -> pd.DataFrame:
    effectiveness = importlib.import_module("lmp_metrics.metrics.effectiveness")
    return effectiveness.effectiveness_index(db, filters, by).rename(columns={"quarter": "period"})


Source = Callable[[Database, Measure, Filters, str, str | None], pd.DataFrame]
SOURCES: dict[str, Source] = {
    "levels": _from_levels,
    "dimensions": _from_dimensions,
    "training": _from_training,
    "surveys": _from_surveys,
    "effectiveness": _from_effectiveness,
}


def dimension_options(db: Database) -> list[str]:
    """Dimension names in their contract order (for the dimension picker)."""
    return [row[0] for row in db.rows("SELECT dimension_name FROM dimensions ORDER BY sort_order")]


def measure_frame(
    db: Database, key: str, filters: Filters, by: str = "national", option: str | None = None
) -> pd.DataFrame:
    """The standard long frame (``FRAME_COLUMNS``) of one measure broken down by ``by``.

    ``option`` picks the dimension for ``dimension_score`` broken down by a hierarchy level.
    """
    chosen = measure(key)
    check_breakdown(chosen, by)
    raw = SOURCES[chosen.source](db, chosen, filters, by, option)
    if raw.empty:
        return pd.DataFrame(columns=FRAME_COLUMNS)
    if by == "team" and "label" not in raw:
        raw = raw.assign(label=raw["group"].map(_team_names(db, raw["group"].unique().tolist())))
    period = pd.to_datetime(raw["period"]).dt.date
    suppressed = raw["suppressed"].astype(bool) if "suppressed" in raw else pd.Series(False, index=raw.index)
    frame = pd.DataFrame(
        {
            "group": raw["group"].astype(str),
            "label": (raw["label"] if "label" in raw else raw["group"]).astype(str),
            "period": period,
            "period_label": [str(p.year) if chosen.yearly else quarter_label(p) for p in period],
            "value": raw[chosen.column].astype("float64"),
            "base": raw[chosen.base_column].astype("float64"),
            "suppressed": suppressed,
        }
    ).reset_index(drop=True)
    frame.loc[frame["suppressed"], ["value", "base"]] = float("nan")
    return frame[FRAME_COLUMNS]


def whole_history(filters: Filters) -> Filters:
    """``filters`` without the quarter range: ``measure_frame`` of these, cut with ``in_range``,
    gives the ranged frame, so moving the range only needs the cut."""
    return filters.narrowed(first_quarter=None, last_quarter=None)


def in_range(frame: pd.DataFrame, chosen: Measure, filters: Filters) -> pd.DataFrame:
    """The rows of a measure frame inside the filters' quarter range, i.e. what ``measure_frame``
    returns for that range: every source works each period out on its own (as of that quarter,
    or that survey year), so the range only picks periods. Yearly measures keep the survey years
    the range touches.
    """
    first, last = filters.first_quarter, filters.last_quarter
    if chosen.yearly:
        first = first and date(first.year, 1, 1)
        last = last and date(last.year, 1, 1)
    periods = frame["period"]
    keep = pd.Series(True, index=frame.index)
    if first:
        keep &= periods >= first
    if last:
        keep &= periods <= last
    return frame[keep].reset_index(drop=True)


def _team_names(db: Database, team_ids: list[str]) -> dict[str, str]:
    """team_id → team name, for sources that return team ids only."""
    if not team_ids:
        return {}
    placeholders = ", ".join("?" * len(team_ids))
    return dict(db.rows(f"SELECT team_id, team_name FROM teams WHERE team_id IN ({placeholders})", team_ids))
