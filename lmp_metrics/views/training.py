"""The Training page as shown: its headline cards, and its tables as shown and downloaded."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.views.cards import HeadlineCard
from lmp_metrics.views.overview import versus
from lmp_metrics.vocabulary.measures import MEASURES, UNITS
from lmp_metrics.vocabulary.quarters import shift_quarters

# (column of ``training_rates``, label, unit, whether higher is better): the training measures, with
# their unit and direction from ``vocabulary.measures``, then the people they count (no direction).
CARDS = [
    *(
        (key, label, MEASURES[key].unit, MEASURES[key].higher_is_better)
        for key, label in (
            ("completion_rate", "Completion rate"),
            ("on_time_rate", "On-time rate"),
            ("overdue", "Overdue assignments"),
        )
    ),
    ("people", "People with assignments", "people", None),
]


def headline_cards(rates: pd.DataFrame, quarter: date) -> list[HeadlineCard]:
    """The scope's figures as of ``quarter``, each with its change since the quarter before, from
    ``metrics.training.training_rates`` with the national grouping over those two quarters."""
    previous = shift_quarters(quarter, -1)
    by_quarter = rates.set_index("quarter").to_dict("index")
    now, before = by_quarter.get(quarter, {}), by_quarter.get(previous, {})
    cards = []
    for key, label, unit, better in CARDS:
        value = now.get(key, float("nan"))
        if now.get("suppressed"):
            cards.append(HeadlineCard(label, "suppressed", help=suppressed_label(), key=key))
        elif value != value:
            cards.append(HeadlineCard(label, "—", key=key))
        else:
            cards.append(
                HeadlineCard(
                    label,
                    UNITS[unit].text(value),
                    change=UNITS[unit].change(value, before.get(key, float("nan"))),
                    versus=versus(previous),
                    higher_is_better=better,
                    key=key,
                )
            )
    return cards


def labelled_for_download(frame: pd.DataFrame, value_columns: list[str]) -> pd.DataFrame:
    """A copy for tables and CSV files: suppressed rows keep empty values and say why in ``note``."""
    out = frame.copy()
    hidden = out["suppressed"].astype(bool)
    for column in value_columns:
        out[column] = out[column].astype("float64").where(~hidden)
    out["note"] = np.where(hidden, suppressed_label(), "")
    return out.drop(columns="suppressed")
