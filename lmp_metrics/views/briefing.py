"""What the leaders' briefing pack holds for one scope and quarter, from the pages' own functions:
the Overview's headline cards, the What changed findings and projection, the Training page's
rates (with the disclosure marks) and the Just Culture page's year-on-year changes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.core.database import Database
from lmp_metrics.core.settings import setting
from lmp_metrics.metrics import catalog, report, training
from lmp_metrics.metrics.changes import just_culture_changes, survey_year_for
from lmp_metrics.metrics.projection import DEFAULT_WINDOW
from lmp_metrics.views.cards import HeadlineCard
from lmp_metrics.views.on_track import OnTrack, child_level, on_track_view
from lmp_metrics.views.overview import headline_cards
from lmp_metrics.views.what_changed import WhatChanged, scope_title, what_changed
from lmp_metrics.vocabulary.hierarchy import level
from lmp_metrics.vocabulary.quarters import quarter_label, shift_quarters

TREND_QUARTERS = 12  # card sparklines, as the Overview's default range
LEVEL_MIX_QUARTERS = 8
TARGET_AHEAD = 8  # default target quarter: two years after the briefing's quarter


@dataclass(frozen=True)
class Briefing:
    scope: Filters
    title: str
    quarter: date
    prepared_for: str
    data_through: date | None
    cards: list[HeadlineCard]
    level_quarters: list[date]
    changes: WhatChanged
    on_track: OnTrack
    target_quarter: date
    target: float
    by: str  # the child level of the tables
    training: pd.DataFrame  # child groups, as shown (suppressed cells as the label)
    culture: pd.DataFrame  # child groups' Just Culture change, as shown
    culture_year: int | None


def default_target(quarter: date) -> date:
    return shift_quarters(quarter, TARGET_AHEAD)


def training_rows(db: Database, scope: Filters, by: str, quarter: date) -> pd.DataFrame:
    """The Training page's rates per child group, as shown: suppressed cells say so."""
    rates = training.training_rates(db, scope, by, [quarter])
    hidden = suppressed_label()
    return pd.DataFrame(
        {
            level(by).label: rates["group"],
            "Completion": [
                hidden if s else f"{v:.1%}"
                for v, s in zip(rates["completion_rate"], rates["suppressed"], strict=True)
            ],
            "On time": [
                hidden if s else f"{v:.1%}"
                for v, s in zip(rates["on_time_rate"], rates["suppressed"], strict=True)
            ],
            "Overdue": [
                hidden if s else f"{v:,.0f}"
                for v, s in zip(rates["overdue"], rates["suppressed"], strict=True)
            ],
        }
    )


def culture_rows(db: Database, scope: Filters, by: str, year: int | None) -> pd.DataFrame:
    """The Just Culture page's year-on-year changes per child group (both years shown), biggest fall first."""
    columns = [level(by).label, "Previous", "Now", "Change"]
    if year is None:
        return pd.DataFrame(columns=columns)
    rows = just_culture_changes(db, scope, by, year)
    return pd.DataFrame(
        {
            columns[0]: rows["group"],
            "Previous": [f"{v:.1f}" for v in rows["previous"]],
            "Now": [f"{v:.1f}" for v in rows["score"]],
            "Change": [f"{v:+.1f}" for v in rows["change"]],
        }
    )


def briefing(
    db: Database,
    scope: Filters,
    quarter: date,
    prepared_for: str,
    team_rows: bool,
    target_quarter: date | None = None,
    window: int = DEFAULT_WINDOW,
) -> Briefing:
    """Everything the pack shows for ``scope`` (teams, no quarter range) in ``quarter``."""
    up_to = [q for q in catalog.quarters(db) if q <= quarter]
    totals = report.group_table(db, scope, "national", up_to)
    target = float(setting("high_performing_target"))
    target_quarter = target_quarter or default_target(quarter)
    by = child_level(scope)
    year = survey_year_for(db, scope, quarter)
    return Briefing(
        scope=scope,
        title=scope_title(scope),
        quarter=quarter,
        prepared_for=prepared_for,
        data_through=catalog.data_summary(db)["last_quarter"],
        cards=headline_cards(totals, quarter, up_to[-TREND_QUARTERS:]),
        level_quarters=up_to[-LEVEL_MIX_QUARTERS:],
        changes=what_changed(db, scope, quarter, team_rows),
        on_track=on_track_view(db, scope, quarter, target_quarter, target, window),
        target_quarter=target_quarter,
        target=target,
        by=by,
        training=training_rows(db, scope, by, quarter),
        culture=culture_rows(db, scope, by, year),
        culture_year=year,
    )


def file_name(scope: Filters, quarter: date) -> str:
    """'briefing_Region-Colorado_2026-Q3.pdf'."""
    title = re.sub(r"[^A-Za-z0-9]+", "-", scope_title(scope)).strip("-")
    return f"briefing_{title}_{quarter_label(quarter).replace(' ', '-')}.pdf"
