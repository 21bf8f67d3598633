"""One row per group for a quarter: level measures next to training rates.

The ``report`` command, the overview page's cards and its CSV download all call ``group_table``,
so they show the same numbers. Training figures come from ``lmp_metrics.metrics.training.training_rates``
(as of each quarter's last day, small groups suppressed there) and are never recomputed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.levels import level_summary
from lmp_metrics.metrics.training import training_rates

REPORT_COLUMNS = [
    "group",
    "assessed_teams",
    "mean_level",
    "high_performing_share",
    "training_completion_rate",
    "on_time_rate",
]
# The page's download: the report's columns, then the movement measures and why training is empty.
EXTENDED_COLUMNS = [
    "group",
    "label",
    "quarter",
    *REPORT_COLUMNS[1:],
    "moved_up_share",
    "moved_down_share",
    "compared_teams",
    "improved_or_sustained_share",
    "training_suppressed",
]
_TRAINING = {"completion_rate": "training_completion_rate", "on_time_rate": "on_time_rate"}


def _training(db: Database, filters: Filters, by: str, quarters: list[date]) -> pd.DataFrame:
    """Training rates per group × quarter with the report's column names and a suppressed flag."""
    columns = ["group", "quarter", *_TRAINING.values(), "training_suppressed"]
    frame = training_rates(db, filters, by, quarters)
    frame = frame.rename(columns={**_TRAINING, "suppressed": "training_suppressed"})
    frame["quarter"] = pd.to_datetime(frame["quarter"]).dt.date.astype(object)
    return frame[columns]


def group_table(db: Database, filters: Filters, by: str, quarters: Iterable[date]) -> pd.DataFrame:
    """Level measures and training rates per group × quarter (``EXTENDED_COLUMNS``).

    A group with training records but no assessed team that quarter still gets a row (0 assessed
    teams). Training cells are empty, and ``training_suppressed`` True, for groups with fewer than
    ``min_group_size`` people holding assignments (including none at all).
    """
    chosen = sorted(set(quarters))
    levels = level_summary(db, filters, by, chosen)
    merged = levels.merge(_training(db, filters, by, chosen), on=["group", "quarter"], how="outer")
    merged["label"] = merged["label"].fillna(merged["group"])
    for column in ("assessed_teams", "compared_teams"):
        merged[column] = merged[column].fillna(0).astype("int64")
    merged["training_suppressed"] = merged["training_suppressed"].astype("boolean").fillna(True).astype(bool)
    for column in _TRAINING.values():
        merged[column] = merged[column].astype("float64").where(~merged["training_suppressed"])
    return merged.sort_values(["group", "quarter"], ignore_index=True)[EXTENDED_COLUMNS]


def report_table(
    db: Database, filters: Filters, by: str, quarter: date, columns: Sequence[str] = REPORT_COLUMNS
) -> pd.DataFrame:
    """One row per group for one quarter, unrounded, with the given columns."""
    return group_table(db, filters, by, [quarter])[list(columns)]
