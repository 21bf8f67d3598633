"""The explorer: one standard long frame per (measure, breakdown) for charts, tables and exports.

Nothing here defines a metric. Each measure (``vocabulary.measures``) names the owning query
(a key of ``SOURCES`` below, each calling one module's function) and the column it reads (``levels.level_summary``, ``levels.dimension_scores``, ``training.training_rates``,
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
from datetime import date

import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.vocabulary.hierarchy import labels
from lmp_metrics.vocabulary.measures import MEASURES, Measure
from lmp_metrics.vocabulary.quarters import quarter_label

FRAME_COLUMNS = ["group", "label", "period", "period_label", "value", "base", "suppressed"]
BREAKDOWN_LABELS: dict[str, str] = {
    **labels(),
    "role": "Role",
    "labor_group": "Union group (person)",
    "course": "Course",
    "dimension": "Dimension",
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
    raw = SOURCES[chosen.query](db, chosen, filters, by, option)
    if raw.empty:
        return pd.DataFrame(columns=FRAME_COLUMNS)
    if by == "team" and "label" not in raw:
        raw = raw.assign(label=raw["group"].map(_team_names(db, raw["group"].unique().tolist())))
    period = raw["period"]
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


def in_range(frame: pd.DataFrame, chosen: Measure, filters: Filters) -> pd.DataFrame:
    """The rows of a measure frame inside the filters' quarter range, i.e. what ``measure_frame``
    returns for that range: every source works each period out on its own (as of that quarter,
    or that survey year), so the range only picks periods, and ``measure_frame`` of
    ``filters.without_range()`` cut here gives the ranged frame. Yearly measures keep the survey
    years the range touches.
    """
    span = filters.quarters.whole_years() if chosen.yearly else filters.quarters
    return span.cut(frame, "period")


def _team_names(db: Database, team_ids: list[str]) -> dict[str, str]:
    """team_id → team name, for sources that return team ids only."""
    if not team_ids:
        return {}
    placeholders = ", ".join("?" * len(team_ids))
    return dict(db.rows(f"SELECT team_id, team_name FROM teams WHERE team_id IN ({placeholders})", team_ids))
